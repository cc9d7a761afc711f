"""The synthetic catalogue: same seed, same tables; the shape of real film data; IMDb TSV files."""

import csv
import gzip

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import reelgraph
from reelgraph import synthetic
from reelgraph.cli import main


@pytest.fixture(scope="module")
def catalogue():
    return synthetic.generate(films=20000, seed=0)


def films_per_entity(arrays, kind):
    """Distinct films of each entity of one kind."""
    n = len(arrays["year"])
    chosen = arrays["entity_kind"][arrays["entity"]] == synthetic.KINDS.index(kind)
    pairs = np.unique(arrays["entity"][chosen].astype(np.int64) * n + arrays["film"][chosen])
    degrees = np.bincount(pairs // n)
    return degrees[degrees > 0]


def test_same_seed_same_tables_other_seed_other_tables():
    a, b = synthetic.generate(films=3000, seed=5), synthetic.generate(films=3000, seed=5)
    assert a.films.equals(b.films) and a.links.equals(b.links)
    c = synthetic.generate(films=3000, seed=6)
    assert not c.links.equals(a.links)


def test_tables_have_the_input_format_columns(catalogue):
    assert catalogue.films.column_names[:3] == ["film_id", "title", "year"]
    assert set(catalogue.links.column_names) <= set(reelgraph.tables.LINK_COLUMNS)
    relations = set(catalogue.links.column("relation").combine_chunks().dictionary.to_pylist())
    assert relations <= set(reelgraph._core.table_relations())
    ids = catalogue.films.column("film_id").to_pylist()
    assert len(set(ids)) == len(ids) and all(i.startswith("tt") and len(i) == 9 for i in ids[:100])


def test_about_eleven_links_a_film(catalogue):
    per_film = catalogue.links.num_rows / catalogue.films.num_rows
    assert 10 <= per_film <= 13


def test_people_heavy_tailed_most_in_one_or_two_films():
    arrays = synthetic.generate_arrays(films=50000, seed=1)
    people = films_per_entity(arrays, "person")
    assert 0.6 <= np.mean(people <= 2) <= 0.85
    assert people.max() >= 200  # a few in hundreds
    assert np.sum(people >= 100) < 0.01 * len(people)


def test_companies_festivals_heavy_tailed_and_giant_hubs():
    arrays = synthetic.generate_arrays(films=50000, seed=1)
    n = 50000
    companies = films_per_entity(arrays, "company")
    assert np.mean(companies <= 2) >= 0.4 and companies.max() >= 100
    for kind, share in (("country", 0.2), ("language", 0.2), ("genre", 0.15)):
        assert films_per_entity(arrays, kind).max() >= share * n, kind
    festivals = films_per_entity(arrays, "festival")
    assert festivals.max() >= 10 * np.median(festivals)
    editions = arrays["edition_year"][arrays["edition_year"] > 0]
    assert len(editions) and (arrays["section"] >= 0).any()


def test_round_trip_through_a_folder(tmp_path):
    assert main(["synth", "--films", "1500", "--seed", "3", "-o", str(tmp_path)]) == 0
    graph = reelgraph.FilmGraph.from_folder(tmp_path)
    tables = synthetic.generate(films=1500, seed=3)
    assert graph.n_films == 1500
    assert graph.report.rejected == []
    assert graph.report.tables[-1].rows_used == tables.links.num_rows
    people = {n for n in tables.links.column("entity_id").to_pylist() if n and n.startswith("nm")}
    assert graph.info()["kinds"]["person"] == len(people)
    assert len(graph.see_also(0, k=5)) == 5


def test_pandas_output_builds_the_same_graph():
    arrow = synthetic.generate(films=800, seed=4)
    frames = synthetic.generate(films=800, seed=4, output="pandas")
    assert isinstance(frames.links, pd.DataFrame)
    a = reelgraph.FilmGraph.from_tables(arrow.films, arrow.links).info()
    b = reelgraph.FilmGraph.from_tables(frames.films, frames.links).info()
    assert a == b


def read_tsv(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_imdb_tsv_schema_and_nulls(tmp_path):
    tables = synthetic.generate(films=1000, seed=2)
    sizes = synthetic.write_imdb_tsv(tables, tmp_path)
    assert set(sizes) == set(synthetic.IMDB_FILES)
    rows = {name: read_tsv(tmp_path / name) for name in synthetic.IMDB_FILES}
    assert rows["title.basics.tsv"][0] == ["tconst", "titleType", "primaryTitle", "originalTitle", "isAdult",
                                           "startYear", "endYear", "runtimeMinutes", "genres"]
    assert rows["title.principals.tsv"][0] == ["tconst", "ordering", "nconst", "category", "job", "characters"]
    assert rows["title.crew.tsv"][0] == ["tconst", "directors", "writers"]
    assert rows["name.basics.tsv"][0] == ["nconst", "primaryName", "birthYear", "deathYear", "primaryProfession",
                                          "knownForTitles"]
    for name, table in rows.items():
        assert all(len(r) == len(table[0]) for r in table), name
        assert all(cell != "" for r in table for cell in r), f"{name}: an empty cell instead of \\N"
    basics = rows["title.basics.tsv"][1:]
    assert len(basics) == 1000 and all(r[6] == "\\N" for r in basics)
    assert any(r[7] == "\\N" for r in basics) and any(r[7].isdigit() for r in basics)
    assert all(1 <= len(r[8].split(",")) <= 3 for r in basics if r[8] != "\\N")
    principals = rows["title.principals.tsv"][1:]
    people = {r[0] for r in rows["name.basics.tsv"][1:]}
    assert {r[2] for r in principals} == people
    assert {r[3] for r in principals} <= {"director", "writer", "producer", "actor", "actress", "editor",
                                          "cinematographer", "composer", "production_designer"}
    # orderings run 1..n within a title
    by_title = {}
    for r in principals:
        by_title.setdefault(r[0], []).append(int(r[1]))
    assert all(sorted(o) == list(range(1, len(o) + 1)) for o in by_title.values())
    # title.crew agrees with the links table
    links = tables.links.to_pandas()
    directed = links[links.relation == "directed_by"].groupby("film_id", observed=True)["entity_id"].apply(
        lambda s: sorted(map(str, s)))
    crew = {r[0]: sorted(r[1].split(",")) for r in rows["title.crew.tsv"][1:] if r[1] != "\\N"}
    assert crew == directed.to_dict()


def test_imdb_tsv_gzip_and_params(tmp_path):
    sizes = synthetic.write_imdb_tsv({"films": 300, "seed": 1}, tmp_path, gzip=True)
    assert all(name.endswith(".tsv.gz") for name in sizes)
    assert read_tsv(tmp_path / "title.crew.tsv.gz")[0] == ["tconst", "directors", "writers"]


def test_imdb_tsv_refuses_people_without_nm_ids(tmp_path):
    films = pa.table({"film_id": ["tt0000001"], "title": ["A"]})
    links = pa.table({"film_id": ["tt0000001"], "relation": ["directed_by"], "name": ["Someone"],
                      "entity_id": [None]}, schema=pa.schema([("film_id", pa.string()), ("relation", pa.string()),
                                                              ("name", pa.string()), ("entity_id", pa.string())]))
    with pytest.raises(ValueError, match="nm id"):
        synthetic.write_imdb_tsv((films, links), tmp_path)


def test_bad_parameters():
    with pytest.raises(ValueError, match="films"):
        synthetic.generate(films=0)
    with pytest.raises(ValueError, match="per_film"):
        synthetic.generate(films=10, per_film={"directer": 1.0})


def test_imdb_tsv_read_back_by_the_native_reader(tmp_path):
    tables = synthetic.generate(films=1200, seed=6)
    synthetic.write_imdb_tsv(tables, tmp_path)
    graph = reelgraph.FilmGraph.from_imdb(tmp_path)
    assert graph.report.rejected == []
    assert graph.n_films == 1200
    links = tables.links.to_pandas()
    people = links[links.relation.isin(list(synthetic.IMDB_CATEGORY))]
    assert graph.info()["kinds"]["person"] == people.entity_id.nunique()
    counts = graph.info()["relations"]
    assert counts["directed_by"] == (links.relation == "directed_by").sum()
    assert counts["cast"] == (links.relation == "cast").sum()
