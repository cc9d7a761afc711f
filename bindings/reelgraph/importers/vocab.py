"""One spelling for each country and language, whichever source names it.

Sources write countries as ISO codes (``KR``), as short English names
(``South Korea``), as official names (``United States of America``) or as
abbreviations (``USA``). The graph names a country by its short English name
(the spelling of the festival programmes: ``United States``, ``South Korea``,
``Czechia``), so that a film from two sources links to one country node.
Languages are named by their English name (``en`` and ``eng`` are
``English``); a language written as a name is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pycountry

from .. import _core

# Where ISO's name is not the one in common use.
_COUNTRY_SHORT = {
    "US": "United States", "GB": "United Kingdom", "RU": "Russia", "KR": "South Korea", "KP": "North Korea",
    "IR": "Iran", "SY": "Syria", "TW": "Taiwan", "VN": "Vietnam", "BO": "Bolivia", "VE": "Venezuela",
    "TZ": "Tanzania", "PS": "Palestine", "CD": "Congo - Kinshasa", "CG": "Congo - Brazzaville", "MD": "Moldova",
    "LA": "Laos", "BA": "Bosnia & Herzegovina", "TT": "Trinidad & Tobago", "MM": "Myanmar", "MK": "North Macedonia",
    "CI": "Côte d’Ivoire", "KG": "Kyrgyzstan", "LY": "Libya", "BN": "Brunei", "CV": "Cape Verde",
    "FM": "Micronesia", "HK": "Hong Kong", "MO": "Macao", "VA": "Vatican City", "CZ": "Czechia", "TR": "Turkey",
    "GP": "Guadeloupe",
}
# Countries that no longer exist, as film credits still name them. "CS" is
# Czechoslovakia here: the films that carry it predate Serbia and Montenegro's code.
_HISTORIC = {"SU": "Soviet Union", "CS": "Czechoslovakia", "DD": "East Germany", "YU": "Yugoslavia",
             "XK": "Kosovo"}
# Other spellings met in film data.
_COUNTRY_SPELLINGS = {
    "USA": "United States", "U.S.A.": "United States", "UK": "United Kingdom", "Great Britain": "United Kingdom",
    "Czech Republic": "Czechia", "Kyrgyz Republic": "Kyrgyzstan", "Libyan Arab Jamahiriya": "Libya",
    "Macedonia": "North Macedonia", "Palestinian Territories": "Palestine", "Myanmar (Burma)": "Myanmar",
    "Burma": "Myanmar", "Guadaloupe": "Guadeloupe", "West Germany": "West Germany", "Federal Republic of Germany":
    "West Germany", "Soviet Union": "Soviet Union", "USSR": "Soviet Union", "Czechoslovakia": "Czechoslovakia",
    "East Germany": "East Germany", "Yugoslavia": "Yugoslavia", "Kosovo": "Kosovo",
    "Serbia and Montenegro": "Serbia and Montenegro", "Bosnia and Herzegovina": "Bosnia & Herzegovina",
    "Trinidad and Tobago": "Trinidad & Tobago", "Ivory Coast": "Côte d’Ivoire", "Cote d'Ivoire": "Côte d’Ivoire",
    "Republic of Korea": "South Korea", "Korea": "South Korea", "Hong Kong SAR China": "Hong Kong",
    "Democratic Republic of the Congo": "Congo - Kinshasa", "Republic of the Congo": "Congo - Brazzaville",
}
_LANGUAGE_SHORT = {"el": "Greek", "ell": "Greek", "nan": "Min Nan", "prs": "Dari", "ky": "Kirghiz",
                   "fil": "Filipino", "tl": "Tagalog", "tgl": "Tagalog", "rom": "Romany", "ne": "Nepali",
                   "ms": "Malay", "sw": "Swahili", "fa": "Persian", "ps": "Pushto", "oc": "Occitan"}


def _plain(name: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", name).strip()


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO code -> name, name key of any known spelling -> name)."""
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for c in pycountry.countries:
        shown = _COUNTRY_SHORT.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        by_code[c.alpha_2] = by_code[c.alpha_3] = shown
        for spelling in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), shown):
            if spelling:
                by_name.setdefault(_core.name_key(spelling), shown)
    for code, shown in _HISTORIC.items():
        by_code[code] = shown
        by_name[_core.name_key(shown)] = shown
    for spelling, shown in _COUNTRY_SPELLINGS.items():
        by_name[_core.name_key(spelling)] = shown
    return by_code, by_name


def country_from_code(code: str) -> str | None:
    """An ISO 3166 alpha-2 or alpha-3 code's country, or None for an unknown code."""
    return _countries()[0].get(code.strip().upper())


def country_from_name(name: str) -> str | None:
    """The graph's spelling of a country written as a name, or None when it is not one known."""
    return _countries()[1].get(_core.name_key(name))


@lru_cache(maxsize=None)
def language_from_code(code: str) -> str | None:
    """An ISO 639 code's English language name (``ko`` -> ``Korean``), or None."""
    code = code.strip().lower()
    if code in _LANGUAGE_SHORT:
        return _LANGUAGE_SHORT[code]
    found = (pycountry.languages.get(alpha_2=code) if len(code) == 2
             else pycountry.languages.get(alpha_3=code) if len(code) == 3 else None)
    return _plain(found.name) if found is not None else None


# Genre spellings of the sources, under one name each (compared as name keys).
_GENRE_SPELLINGS = {
    "sci-fi": "Science Fiction", "scifi": "Science Fiction", "science-fiction": "Science Fiction",
    "science fiction": "Science Fiction", "film-noir": "Film Noir", "film noir": "Film Noir",
    "noir": "Film Noir", "tv movie": "TV Movie", "tvmovie": "TV Movie", "musical": "Musical", "music": "Music",
    "documentary": "Documentary", "docu": "Documentary", "animated": "Animation", "animation": "Animation",
    "romance": "Romance", "romantic": "Romance", "war": "War", "biography": "Biography", "biopic": "Biography",
}


def country(written: str) -> str:
    """The graph's name of a country written as a name or an ISO code; other text as written."""
    text = written.strip()
    found = country_from_name(text)
    if found is None and 2 <= len(text) <= 3 and text.isalpha() and text.isupper():
        found = country_from_code(text)
    return found or text


def language(written: str) -> str:
    """The graph's name of a language written as a name or an ISO 639 code; other text as written."""
    text = written.strip()
    if 2 <= len(text) <= 3 and text.isalpha() and text.islower():
        return language_from_code(text) or text
    return text


def genre(written: str) -> str:
    text = written.strip()
    return _GENRE_SPELLINGS.get(_core.name_key(text), text)


def festival(written: str) -> str:
    from .festivals import festival_name

    return festival_name(written)


# What each relation's names are normalised by.
NORMALISERS = {"country": country, "language": language, "genre": genre, "screened_at": festival}


def normalise_names(relations, names) -> list:
    """Link names with countries, languages, genres and festivals in the graph's
    one spelling ("HK" and "Hong Kong" are Hong Kong, "Cannes Film Festival" is
    Cannes); other names unchanged. Each distinct (relation, name) is looked up
    once. The table loader applies it to every link table, whichever importer
    or file made it, so all sources agree."""
    frame = pd.DataFrame({"relation": pd.Series(relations, dtype=object), "name": pd.Series(names, dtype=object)})
    frame["relation"] = frame["relation"].map(lambda r: r.strip() if isinstance(r, str) else r)
    chosen = frame["relation"].isin(NORMALISERS.keys()) & frame["name"].map(lambda n: isinstance(n, str))
    if not chosen.any():
        return list(names)
    pairs = frame.loc[chosen].drop_duplicates()
    mapped = {(r, n): NORMALISERS[r](str(n)) for r, n in zip(pairs["relation"], pairs["name"])
              if str(n).strip()}
    out = frame["name"].copy()
    sub = frame.loc[chosen]
    out.loc[chosen] = [mapped.get((r, n), n) for r, n in zip(sub["relation"], sub["name"])]
    return out.tolist()
