"""Identity on the project's shared public data (skipped without REELGRAPH_DATA).

The graph is built from the shipped manifest strictly (no --lenient): each
source states its own policy for its known-bad rows.
"""

import os
import random
from pathlib import Path

import numpy as np
import pytest

from reelgraph.collab import AmbiguousNodeError
from reelgraph.importers import build

MANIFEST = Path(__file__).resolve().parents[2] / "datasets" / "manifests" / "shared-data.toml"


@pytest.fixture(scope="module")
def shared():
    root = os.environ.get("REELGRAPH_DATA")
    if not root or not Path(root, "credits").is_dir():
        pytest.skip("REELGRAPH_DATA is not set to the shared film data folder")
    return build(MANIFEST)  # strict: raises on a bad row of a source that does not say on_error = "skip"


def test_the_shipped_manifest_builds_strictly_and_reports_its_known_bad_rows(shared):
    _, report = shared
    rejected = {s.kind: s.rows_rejected for s in report.sources if s.rows_rejected}
    assert rejected and set(rejected) <= {"oscars", "festival_programmes", "wikipedia_cast"}
    for s in report.sources:
        assert s.balanced(), s.kind
    for t in report.graph.tables:
        assert t.balanced(), t.table
    links = report.graph.tables[-1]
    assert links.duplicates > 0 and links.rows_used == links.rows_read - links.duplicates - links.rows_rejected


def test_people_with_an_imdb_id_are_found_by_name(shared):
    g, _ = shared
    keys = g.core.keys(np.arange(g.core.film_count, g.core.vertex_count))
    people = [g.core.film_count + i for i, k in enumerate(keys) if k.startswith("nm")]
    sample = random.Random(12).sample(people, 300)
    found = 0
    for v in sample:
        try:
            found += g.entity("person", g.core.name(v)) == v
        except AmbiguousNodeError:
            pass  # two people with one name and two ids: the id is needed, rightly
    assert found >= 297, f"{found}/300 found by name"


@pytest.mark.parametrize("typed,title,year", [
    ("Amelie", "Amélie", 2001), ("Amelie (2001)", "Amélie", 2001), ("Godfather", "The Godfather", 1972),
    ("the godfather", "The Godfather", 1972), ("Seven samurai", "Seven Samurai", 1954),
])
def test_the_issues_phrases_find_their_films(shared, typed, title, year):
    g, _ = shared
    v = g.film(typed)
    assert (g.core.name(v), g.core.year(v)) == (title, year)


@pytest.mark.parametrize("a,b", [("Wong Kar Wai", "Kar-Wai Wong"), ("Andrei Tarkovsky", "Andrei Tarkovski"),
                                 ("Bong Joon Ho", "Joon-ho Bong")])
def test_spellings_of_one_director_are_one_person(shared, a, b):
    g, _ = shared
    assert g.entity("person", a) == g.entity("person", b)


def test_solaris_has_one_director(shared):
    g, _ = shared
    (solaris,) = [v for v in g.core.search("Solaris", "film") if g.core.year(v) == 1972]
    assert g.people(solaris) == ["Andrei Tarkovsky"]


def test_at_most_one_percent_of_titled_films_are_all_lower_case(shared):
    g, _ = shared
    films = g.films()
    titled = films.loc[~films["title"].str.fullmatch(r"Q\d+"), "title"]
    lower = (titled == titled.str.lower()) & (titled != titled.str.upper())
    assert lower.mean() <= 0.01, titled[lower].head(20).tolist()


def test_tv_series_are_not_films(shared):
    g, _ = shared
    # IMDB 5000 lists the series (no year, a TV-14 or TV-PG rating) and no film of these names.
    assert g.core.search("Miami Vice", "film") == []
    assert g.core.search("The A-Team", "film") == []
    films = g.films()
    titled = films.loc[~films["title"].str.fullmatch(r"Q\d+")]
    assert titled["year"].isna().sum() < 1348  # titled films without a year, TV series among them, before


def test_untitled_films_are_never_suggested(shared):
    g, _ = shared
    hits = g.search("Q4", limit=10)
    assert not hits["title"].str.fullmatch(r"Q\d+").any()
    assert not any(s.startswith("Q") for s in g.suggest("Q1234567"))
