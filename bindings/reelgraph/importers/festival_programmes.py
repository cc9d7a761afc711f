"""Festival programmes 2011-2017 of Berlinale, Cannes, TIFF, IDFA,
Clermont-Ferrand and Frameline (the "film circulation" dataset).

Files, found in the folder ``path`` by their usual names (each may be named
on its own with the keys ``wide``, ``long``, ``imdb_info``, ``library``):

- ``1_*_wide.csv``, one row per film: IMDb id (``NA`` for 1,497 of them),
  title, production year, length, up to 7 production countries and up to 26
  directors (written ``Surname, First`` in places: turned to ``First Surname``).
  A film without an IMDb id gets a local id, ``programme-film-<unique.id>``,
  and may join an IMDb-identified film of the same title and year when the
  sources are merged.
- ``1_*_long.csv``, one row per screening: festival, year and section ->
  ``screened_at`` with the edition's year and the section.
- ``3_imdb-dataset_general-info_wide.csv``: languages and genres by IMDb id.
- ``4_*.csv`` (``;``-separated, with a byte-order mark): a library of festivals
  with alternative names; those of the festivals screened here become aliases.

The release runs (``3_*_release-info_long.csv``) are not read: the graph has
no place for release dates yet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import _core
from . import vocab
from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, blank, concat, flip_comma_name,
                      frame, imdb_titles, link_rows, positive_ints, read_delimited, rel, require_columns, split_list,
                      source_error, years)
from .festivals import FESTIVALS, festival_name, known
from .titles import title_case_column

KIND = "festival_programmes"
REQUIRED = ("path",)
OPTIONAL = ("wide", "long", "imdb_info", "library")
FOLDER_KEYS = ("path",)
LOCAL_PREFIX = "programme-film-"

_PATTERNS = {"wide": "1_*_wide.csv", "long": "1_*_long.csv", "imdb_info": "3_*general-info*.csv",
             "library": "4_*.csv"}


def _files(entry: dict) -> dict[str, Path | None]:
    folder = Path(entry["path"])
    found = {}
    for key, pattern in _PATTERNS.items():
        if entry.get(key):
            found[key] = Path(entry[key])
            continue
        matches = sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []
        if len(matches) > 1:
            raise source_error(entry, key,
                               f"several files in {entry['path_label']} match {pattern}: name one with '{key}'")
        found[key] = matches[0] if matches else None
    for key in ("wide", "long"):
        if found[key] is None:
            raise source_error(entry, "path", f"no {_PATTERNS[key]} in {entry['path_label']} (or give '{key}')")
    return found


def _read(path: Path, entry: dict, report: SourceReport, reject: Rejections, **options) -> pd.DataFrame:
    before = report.rows_rejected
    table = read_delimited(path, rel(path, entry.get("root")), reject, **options)
    report.rows_read += len(table) + report.rows_rejected - before
    return table


def load(entry: dict, on_error) -> SourceTables:
    files = _files(entry)
    report = SourceReport(KIND, entry["path_label"])
    reject = Rejections(report, on_error)

    # ---- films
    wide = _read(files["wide"], entry, report, reject)
    label = rel(files["wide"], entry.get("root"))
    require_columns(wide, label, ["unique.id", "imdb.id", "title.mixed", "prod.year", "length.min",
                                  "prod.country.1.en", "director.1"])
    wide["uid"] = blank(wide["unique.id"])
    wide = reject.mask(wide, wide["uid"].isna(), "unique.id", "empty")
    wide = reject.mask(wide, wide.duplicated("uid"), "unique.id", lambda v: f"'{v}' is given to an earlier film too")
    wide["tt"], bad, reasons = imdb_titles(wide["imdb.id"])
    wide = reject.mask(wide, bad, "imdb.id", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
    wide["film_id"] = wide["tt"].where(wide["tt"].notna(), LOCAL_PREFIX + wide["uid"])
    # Mostly lower case ("berlin night window"): title-cased by the rule of titles.py.
    wide["title"] = title_case_column(blank(wide["title.mixed"]))
    wide = reject.mask(wide, wide["title"].isna(), "title.mixed", "empty")
    wide["year"], bad = years(wide["prod.year"])
    wide = reject.mask(wide, bad, "prod.year", lambda v: f"'{v}' is not a year")
    wide["runtime_minutes"], bad = positive_ints(wide["length.min"])
    wide = reject.mask(wide, bad, "length.min", lambda v: f"'{v}' is not a positive whole number")
    # Two programme rows with one IMDb id: one film, the first row's title and year.
    again = wide.duplicated("film_id")
    report.rows_merged += int(again.sum())
    report.rows_used += int((~again).sum())
    films = frame(FILMS, film_id=wide["film_id"].to_numpy(), title=wide["title"].to_numpy(),
                  year=wide["year"].to_numpy(), runtime_minutes=wide["runtime_minutes"].to_numpy(), source=KIND,
                  _file=wide["_file"].to_numpy(), _line=wide["_line"].to_numpy()).loc[~again.to_numpy()]
    n_local = int(wide.loc[~again, "tt"].isna().sum())
    report.notes.append(f"{n_local} films without an IMDb id get a local id ({LOCAL_PREFIX}<unique.id>)")

    parts = []
    director_columns = [c for c in wide.columns if c.startswith("director.")]
    for c in director_columns:
        names = blank(wide[c]).dropna().map(flip_comma_name)
        parts.append(link_rows(wide, names[names != ""], "directed_by", KIND))
    unknown = []
    for c in [c for c in wide.columns if c.startswith("prod.country.")]:
        written = blank(wide[c]).dropna()
        named = written.map(vocab.country_from_name)
        unknown.extend(written[named.isna()])
        parts.append(link_rows(wide, named.dropna(), "country", KIND))
    if unknown:
        report.notes.append("country names not known, left out: " + ", ".join(sorted(set(unknown))))

    # ---- screenings
    long = _read(files["long"], entry, report, reject)
    require_columns(long, rel(files["long"], entry.get("root")), ["unique.id", "sample.year", "fest", "fest.sect"])
    film_of = dict(zip(wide["uid"], wide["film_id"]))
    long["film_id"] = blank(long["unique.id"]).map(film_of)
    long = reject.mask(long, long["film_id"].isna(), "unique.id",
                       lambda v: f"'{v}' is not a film of {label}" if v else "empty")
    long["year"], bad = years(long["sample.year"])
    long = reject.mask(long, bad | long["year"].isna(), "sample.year", lambda v: f"'{v}' is not a year")
    long["festival"] = blank(long["fest"]).map(festival_name, na_action="ignore")
    long = reject.mask(long, long["festival"].isna(), "fest", "empty")
    long["section"] = blank(long["fest.sect"])
    again = long.duplicated(["film_id", "festival", "year", "section"])
    report.rows_merged += int(again.sum())
    long = long.loc[~again]
    report.rows_used += len(long)
    parts.append(link_rows(long, long["festival"], "screened_at", KIND, year=long["year"], section=long["section"]))

    # ---- languages and genres, by IMDb id
    if files["imdb_info"] is not None:
        info = _read(files["imdb_info"], entry, report, reject)
        require_columns(info, rel(files["imdb_info"], entry.get("root")), ["imdb.id", "languages", "genres"])
        info["film_id"], bad, reasons = imdb_titles(info["imdb.id"])
        info = reject.mask(info, bad, "imdb.id", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
        ours = info["film_id"].isin(set(wide["tt"].dropna()))
        report.skipped["IMDb facts of a film not in the programmes"] += int((~ours).sum())
        info = info.loc[ours]
        again = info.duplicated(["film_id", "languages", "genres"])
        report.rows_merged += int(again.sum())
        info = info.loc[~again]
        report.rows_used += len(info)
        for column, relation in (("languages", "language"), ("genres", "genre")):
            values = split_list(info[column], "|")
            parts.append(link_rows(info, values[values.str.lower() != "none"], relation, KIND))

    # ---- the festival library: other names of the festivals screened here
    aliases = frame(ALIASES)
    if files["library"] is not None:
        library = _read(files["library"], entry, report, reject, delimiter=";")
        lib_label = rel(files["library"], entry.get("root"))
        name_columns = [c for c in library.columns if c == "fest.name" or c.startswith("fest.name.mixed.alternative")]
        require_columns(library, lib_label, ["fest.name"])
        screened = set(long["festival"])
        # Every spelling of a library row, one per line of a long table.
        spellings = library[name_columns + ["_file", "_line"]].reset_index().melt(
            id_vars=["index", "_file", "_line"], value_name="alias")
        spellings["alias"] = blank(spellings["alias"])
        spellings = spellings.dropna(subset=["alias"])
        spellings["festival"] = spellings["alias"].map(known)
        festival_of = spellings.dropna(subset=["festival"]).drop_duplicates("index").set_index("index")["festival"]
        spellings["name"] = spellings["index"].map(festival_of)
        used = spellings["name"].isin(screened)
        n_used = spellings.loc[used, "index"].nunique()
        report.rows_used += n_used
        report.skipped["a festival of the library not screened in these programmes"] += len(library) - n_used
        rows = list(spellings.loc[used, ["alias", "name", "_file", "_line"]].itertuples(index=False, name=None))
        for short, spellings in FESTIVALS.items():
            if short in screened:
                rows += [(s, short, "festivals.py", None) for s in spellings]
        if rows:
            table = pd.DataFrame(rows, columns=["alias", "name", "_file", "_line"])
            table["key"] = table["alias"].map(_core.name_key)
            table = table.loc[table["key"] != table["name"].map(_core.name_key)]
            clash = table.groupby("key")["name"].transform("nunique") > 1
            if clash.any():
                report.notes.append("festival spellings claimed by two festivals, not used as aliases: "
                                    + ", ".join(sorted(set(table.loc[clash, "alias"]))))
            table = table.loc[~clash].drop_duplicates("key")
            aliases = frame(ALIASES, kind="festival", alias=table["alias"].to_numpy(), name=table["name"].to_numpy(),
                            source=KIND, _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy())
    return SourceTables(films, concat(parts, LINKS), aliases, report)
