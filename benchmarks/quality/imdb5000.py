"""A small real graph for the quality benchmark when no import manifest is given:
the IMDB 5000 metadata file (director, three lead actors, genres, plot keywords,
country, language) as reelgraph's films and links tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import reelgraph


def tables(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["film_id"] = raw["movie_imdb_link"].str.extract(r"(tt\d+)", expand=False)
    raw = raw[raw["film_id"].notna()].drop_duplicates("film_id")
    films = pd.DataFrame({
        "film_id": raw["film_id"],
        "title": raw["movie_title"].str.replace("\u00a0", " ").str.strip(),
        "year": pd.to_numeric(raw["title_year"], errors="coerce").astype("Int64").astype(str).replace("<NA>", ""),
    })
    parts = []

    def add(relation: str, column: str, split: bool = False):
        values = raw[["film_id", column]].rename(columns={column: "name"})
        if split:
            values = values.assign(name=values["name"].str.split("|")).explode("name")
        values = values[values["name"].str.strip().ne("")]
        parts.append(values.assign(relation=relation))

    add("directed_by", "director_name")
    for i in (1, 2, 3):
        add("cast", f"actor_{i}_name")
    add("genre", "genres", split=True)
    add("keyword", "plot_keywords", split=True)
    add("country", "country")
    add("language", "language")
    links = pd.concat(parts, ignore_index=True)[["film_id", "relation", "name"]].drop_duplicates()
    return films, links


def graph(data_root: Path) -> reelgraph.FilmGraph:
    films, links = tables(Path(data_root) / "credits" / "imdb5000" / "movie_metadata.csv")
    return reelgraph.FilmGraph.from_tables(films, links, on_error="skip")
