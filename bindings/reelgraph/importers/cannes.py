"""Every feature in competition at Cannes (``films.csv``).

Each row screens its film at Cannes in that year's section "Competition".
Directors are comma-separated names; countries and languages are ISO codes,
turned into the English names every other source uses (see :mod:`vocab`).
The film's year is its competition year unless another source dates it.
"""

from __future__ import annotations

import re

import pandas as pd

from . import vocab
from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, blank, column_links, concat,
                      empty, frame, imdb_titles, read_delimited, require_columns, split_list, link_rows, years)
from .festivals import festival_name

KIND = "cannes"
REQUIRED = ("path",)
OPTIONAL = ()


def minutes(text) -> str | None:
    """'2h 12m' -> '132'; None when it is not written so."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*", str(text))
    if not m or not (m.group(1) or m.group(2)):
        return None
    total = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    return str(total) if total > 0 else None


def load(entry: dict, on_error) -> SourceTables:
    path, label = entry["path"], entry["path_label"]
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    table = read_delimited(path, label, reject)
    report.rows_read = len(table) + report.rows_rejected
    require_columns(table, label, ["year", "title", "director", "languages", "countries_of_origin", "run_time",
                                   "imdb_url"])
    table["film_id"], bad, reasons = imdb_titles(table["imdb_url"])
    table = reject.mask(table, bad, "imdb_url", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
    table = reject.mask(table, table["film_id"].isna(), "imdb_url", "empty: no IMDb id for the film")
    table["title"] = blank(table["title"])
    table = reject.mask(table, table["title"].isna(), "title", "empty")
    table["year"], bad = years(table["year"])
    table = reject.mask(table, bad | table["year"].isna(), "year", lambda v: f"'{v}' is not a year")
    runtime = blank(table["run_time"])
    table["runtime_minutes"] = runtime.map(minutes, na_action="ignore")
    table = reject.mask(table, runtime.notna() & table["runtime_minutes"].isna(), "run_time",
                        lambda v: f"'{v}' is not a run time such as '1h 30m'")
    repeat = table.duplicated(subset=["film_id", "year"])
    report.rows_merged = int(repeat.sum())
    table = table.loc[~repeat]
    report.rows_used = len(table)

    films = frame(FILMS, film_id=table["film_id"].to_numpy(), title=table["title"].to_numpy(),
                  year=table["year"].to_numpy(), runtime_minutes=table["runtime_minutes"].to_numpy(), source=KIND,
                  _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy())
    films = films.drop_duplicates(subset=["film_id"])  # a film in competition twice is one film

    countries = split_list(table["countries_of_origin"], ",")
    named = countries.map(vocab.country_from_code)
    languages = split_list(table["languages"], ",")
    language_names = languages.map(vocab.language_from_code)
    for what, codes, names in (("country", countries, named), ("language", languages, language_names)):
        unknown = codes[names.isna()]
        if len(unknown):
            report.notes.append(f"{len(unknown)} {what} codes not in ISO, left out: {', '.join(sorted(set(unknown)))}")
    festival = festival_name("Cannes")
    links = concat([
        column_links(table, "director", "directed_by", KIND, split=","),
        link_rows(table, named.dropna(), "country", KIND),
        link_rows(table, language_names.dropna(), "language", KIND),
        link_rows(table, pd.Series(festival, index=table.index), "screened_at", KIND, year=table["year"],
                  section="Competition"),
    ], LINKS)
    return SourceTables(films, links, empty(ALIASES), report)
