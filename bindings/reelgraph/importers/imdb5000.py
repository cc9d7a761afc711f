"""The "IMDB 5000" movie metadata table (``movie_metadata.csv``).

One row per film: the IMDb id inside ``movie_imdb_link``, the title (most of
them end in a no-break space, which clean-up folds away), ``title_year``,
``duration``, a director and three lead actors by name only, ``|``-separated
genres and plot keywords, one country and one language. Rows that repeat an
earlier row of the file for the same film are counted as merged.

The file also holds TV series ("Miami Vice", "The A-Team": no year, a TV
content rating such as ``TV-14``). They are not films: they are skipped and
counted, unless the source says ``tv = true``.
"""

from __future__ import annotations

import pandas as pd

from . import vocab
from ._common import (FILMS, LINKS, ALIASES, Rejections, SourceReport, SourceTables, blank, column_links, concat,
                      empty, frame, imdb_titles, positive_ints, read_delimited, require_columns, years)

KIND = "imdb5000"
REQUIRED = ("path",)
OPTIONAL = ("tv",)


def load(entry: dict, on_error) -> SourceTables:
    path, label = entry["path"], entry["path_label"]
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    table = read_delimited(path, label, reject)
    report.rows_read = len(table) + report.rows_rejected
    require_columns(table, label, ["movie_imdb_link", "movie_title", "title_year", "director_name",
                                   "actor_1_name", "actor_2_name", "actor_3_name", "genres", "plot_keywords",
                                   "country", "language", "duration"])

    table["film_id"], bad, reasons = imdb_titles(table["movie_imdb_link"])
    table = reject.mask(table, bad, "movie_imdb_link", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
    table = reject.mask(table, table["film_id"].isna(), "movie_imdb_link", "empty: no IMDb id for the film")
    table["title"] = blank(table["movie_title"])
    table = reject.mask(table, table["title"].isna(), "movie_title", "empty")
    # A TV series: no year of release, and a rating only television uses.
    series = pd.Series(False, index=table.index)
    if "content_rating" in table.columns:
        series = blank(table["title_year"]).isna() & blank(table["content_rating"]).fillna("").str.startswith("TV-")
    if series.any() and not entry.get("tv", False):
        report.skipped["a TV series, not a film (tv = true keeps them)"] += int(series.sum())
        table = table.loc[~series]
    table["year"], bad = years(table["title_year"])
    table = reject.mask(table, bad, "title_year", lambda v: f"'{v}' is not a year")
    table["runtime_minutes"], bad = positive_ints(table["duration"])
    table = reject.mask(table, bad, "duration", lambda v: f"'{v}' is not a positive whole number")

    # The file repeats whole rows (124 of them): the first is used, the rest merged.
    content = [c for c in table.columns if c not in ("_file", "_line")]
    repeat = table.duplicated(subset=content, keep="first")
    report.rows_merged = int(repeat.sum())
    table = table.loc[~repeat]
    # The same film twice with different cells is not a repetition: the first row names it.
    same_film = table.duplicated(subset=["film_id"], keep="first")
    if same_film.any():
        report.rows_merged += int(same_film.sum())
        report.notes.append(f"{int(same_film.sum())} rows give an already listed film again with other figures "
                            "(counted as merged): their credits are added, the first row's title and year kept")
    report.rows_used = len(table) - int(same_film.sum())

    films = frame(FILMS, film_id=table["film_id"].to_numpy(), title=table["title"].to_numpy(),
                  year=table["year"].to_numpy(), runtime_minutes=table["runtime_minutes"].to_numpy(), source=KIND,
                  _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy())
    films = films.loc[~same_film.to_numpy()]

    unknown_countries = []

    def country(name: str):
        shown = vocab.country_from_name(name)
        if shown is None:
            unknown_countries.append(name)
        return shown

    links = concat([
        column_links(table, "director_name", "directed_by", KIND),
        column_links(table, "actor_1_name", "cast", KIND),
        column_links(table, "actor_2_name", "cast", KIND),
        column_links(table, "actor_3_name", "cast", KIND),
        column_links(table, "genres", "genre", KIND, split="|"),
        column_links(table, "plot_keywords", "keyword", KIND, split="|"),
        column_links(table, "country", "country", KIND, transform=country),
        column_links(table, "language", "language", KIND),
    ], LINKS)
    if unknown_countries:
        counts = pd.Series(unknown_countries).value_counts()
        report.notes.append("country cells that name no country, left out: "
                            + ", ".join(f"'{n}' ({c})" for n, c in counts.items()))
    return SourceTables(films, links, empty(ALIASES), report)
