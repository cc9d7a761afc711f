"""TMDB 5000 movie metadata (``tmdb_5000_movies.csv``): JSON lists inside CSV cells.

Films are known by their TMDB id; the crosswalk named by ``links`` (MovieLens'
``movieId,imdbId,tmdbId``, imdbId written without ``tt`` or padding) gives
their IMDb id. A film the crosswalk does not map, or maps to two IMDb ids,
keeps its TMDB id (``tmdb:19995``) and may still join an IMDb-identified film
of the same title and year when the sources are merged.

Production companies, countries (by ISO code), spoken languages (by ISO
code, named in English), genres and keywords become links; the year is that
of ``release_date``.
"""

from __future__ import annotations

import pandas as pd

from . import vocab
from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, blank, concat, empty, frame,
                      imdb_titles, json_names, link_rows, positive_ints, read_delimited, require_columns, years)

KIND = "tmdb5000"
REQUIRED = ("path", "links")
OPTIONAL = ()


def crosswalk(path, label: str, on_error) -> tuple[dict[str, str], SourceReport]:
    """TMDB id -> IMDb id, from MovieLens' links file; TMDB ids mapped to two IMDb ids are left out."""
    report = SourceReport("crosswalk", label)
    reject = Rejections(report, on_error)
    table = read_delimited(path, label, reject)
    report.rows_read = len(table) + report.rows_rejected
    require_columns(table, label, ["imdbId", "tmdbId"])
    table["tmdb"] = blank(table["tmdbId"])
    table["imdb"], bad, reasons = imdb_titles(table["imdbId"])
    table = reject.mask(table, bad, "imdbId", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
    unmapped = table["tmdb"].isna() | table["imdb"].isna()
    report.skipped["no TMDB id or no IMDb id"] += int(unmapped.sum())
    table = table.loc[~unmapped]
    table["tmdb"] = table["tmdb"].str.lstrip("0")
    n_imdb = table.groupby("tmdb")["imdb"].transform("nunique")
    two = n_imdb > 1
    if two.any():
        report.notes.append(f"{table.loc[two, 'tmdb'].nunique()} TMDB ids map to several IMDb ids: not used")
        report.skipped["TMDB id mapped to several IMDb ids"] += int(two.sum())
    table = table.loc[~two]
    repeat = table.duplicated(subset=["tmdb", "imdb"])
    report.rows_merged = int(repeat.sum())
    report.rows_used = int((~repeat).sum())
    return dict(zip(table.loc[~repeat, "tmdb"], table.loc[~repeat, "imdb"])), report


def load(entry: dict, on_error) -> SourceTables:
    path, label = entry["path"], entry["path_label"]
    tmdb_to_imdb, walk = crosswalk(entry["links"], entry["links_label"], on_error)
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    table = read_delimited(path, label, reject)
    report.rows_read = len(table) + report.rows_rejected
    require_columns(table, label, ["id", "title", "release_date", "runtime", "genres", "keywords",
                                   "production_companies", "production_countries", "spoken_languages"])

    tmdb = blank(table["id"])
    table = reject.mask(table, tmdb.isna() | ~tmdb.fillna("").str.fullmatch(r"\d+"), "id",
                        lambda v: f"'{v}' is not a TMDB id")
    table["tmdb"] = table["id"].str.strip().str.lstrip("0")
    table["title"] = blank(table["title"])
    table = reject.mask(table, table["title"].isna(), "title", "empty")
    table["year"], bad = years(blank(table["release_date"]).str.slice(0, 4))
    table = reject.mask(table, bad, "release_date", lambda v: f"'{v}' does not begin with a year")
    runtime, _ = positive_ints(table["runtime"])
    table["runtime_minutes"] = runtime  # TMDB writes 0 for an unknown runtime: it stays unknown
    # object, not float: when the crosswalk maps none of the films the column is all missing
    table["film_id"] = table["tmdb"].map(tmdb_to_imdb).astype(object)
    no_imdb = table["film_id"].isna()
    table.loc[no_imdb, "film_id"] = "tmdb:" + table.loc[no_imdb, "tmdb"]
    repeat = table.duplicated(subset=["film_id"])
    report.rows_merged = int(repeat.sum())
    table = table.loc[~repeat]

    parts = []
    for column, relation, key, convert in (
        ("genres", "genre", "name", None),
        ("keywords", "keyword", "name", None),
        ("production_companies", "production_company", "name", None),
        ("production_countries", "country", "iso_3166_1", vocab.country_from_code),
        ("spoken_languages", "language", "iso_639_1", vocab.language_from_code),
    ):
        while True:
            try:
                values = json_names(table[column], key)
                break
            except ValueError as exc:  # one cell is not JSON: reject its row, read the column again
                reason, index = exc.args
                reject.add(table.at[index, "_file"], table.at[index, "_line"], column, reason)
                table = table.drop(index)
                parts = [p[p["_line"].isin(table["_line"])] for p in parts]
        if convert is not None:
            named = values.map(convert)
            unknown = values[named.isna()]
            if len(unknown):
                report.notes.append(f"{len(unknown)} {column} codes not in ISO, left out: "
                                    + ", ".join(sorted(set(unknown))[:10]))
            values = named.dropna()
        parts.append(link_rows(table, values, relation, KIND))
    report.rows_used = len(table)
    mapped = int((~table["film_id"].str.startswith("tmdb:")).sum())
    report.notes.append(f"{mapped} films mapped to IMDb ids through {entry['links_label']} "
                        f"({walk.rows_used} usable rows of {walk.rows_read}); "
                        f"{len(table) - mapped} keep their TMDB id")
    films = frame(FILMS, film_id=table["film_id"].to_numpy(), title=table["title"].to_numpy(),
                  year=table["year"].to_numpy(), runtime_minutes=table["runtime_minutes"].to_numpy(), source=KIND,
                  _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy())
    return SourceTables(films, concat(parts, LINKS), empty(ALIASES), report, also=[walk])
