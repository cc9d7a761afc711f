"""The importers on the project's shared public data (skipped without REELGRAPH_DATA)."""

import os
from pathlib import Path

import pytest

import reelgraph
from reelgraph.importers import build

MANIFEST = Path(__file__).resolve().parents[2] / "datasets" / "manifests" / "shared-data.toml"


@pytest.fixture(scope="module")
def shared():
    root = os.environ.get("REELGRAPH_DATA")
    if not root or not Path(root, "credits").is_dir():
        pytest.skip("REELGRAPH_DATA is not set to the shared film data folder")
    return build(MANIFEST, on_error="skip")


def by_kind(report):
    return {s.kind: s for s in report.sources}


def test_every_row_is_accounted_for(shared):
    _, report = shared
    for s in report.sources:
        assert s.rows_read > 0, s.kind
        assert s.rows_read == s.rows_used + s.rows_merged + s.rows_skipped + s.rows_rejected, s.kind
    assert set(by_kind(report)) >= {"imdb5000", "tmdb5000", "crosswalk", "cannes", "oscars", "award_winners",
                                    "festival_programmes", "wikipedia_cast"}
    # the graph builder refuses nothing the importers and the merge hand it
    assert report.graph.rejected == []


def test_the_known_traps_are_counted(shared):
    _, report = shared
    s = by_kind(report)
    # SOURCES.md: 5,043 rows with 124 repeats; 631,607 cast lines; 12,137 nominations
    # (a repeat of a TV series is skipped with the series, tv = false, rather than merged)
    assert s["imdb5000"].rows_read == 5043 and 120 <= s["imdb5000"].rows_merged <= 124
    assert s["wikipedia_cast"].rows_read == 631607
    assert s["oscars"].rows_read == 12137
    # four award files are copies of four others: their rows are merged, not added
    copies = [n for n in s["award_winners"].notes if "is a copy of" in n]
    assert len(copies) == 4
    assert s["award_winners"].rows_merged >= sum(int(n.split("its ")[1].split(" rows")[0]) for n in copies)


def test_known_facts(shared):
    graph, _ = shared
    parasite = graph.film("tt6751668")
    assert graph.core.name(parasite) == "Parasite" and graph.core.year(parasite) == 2019
    bong = graph.core.find_entity("person", "nm0094435")
    # One person whatever the source's spelling ("Bong Joon Ho", "Joon-ho Bong").
    assert graph.people(parasite, "directed_by") == [graph.core.name(bong)]
    assert graph.entity("person", "Bong Joon Ho") == graph.entity("person", "Joon-ho Bong") == bong
    okja = graph.film("tt3967856")
    assert graph.people(okja, "directed_by") == [graph.core.name(bong)]  # named by Cannes, id from the Oscars
    assert bong is not None and graph.core.film_degree(bong) >= 2
    avatar = graph.film("tt0499549")
    assert graph.people(avatar, "directed_by") == ["James Cameron"]
    # The film by the same director is among the closest, and says why.
    top = graph.see_also(parasite, k=10)
    okja_row = top[top.film_id == "tt3967856"]
    assert len(okja_row) == 1, top[["film_id", "title", "score"]]
    assert graph.core.name(bong) in okja_row.reason.iloc[0]
    # one title, two ids: the 2019 film and a 2014 festival film called "parasite" stay two films
    titled = graph.film_ids(graph.core.films_titled("Parasite"))
    assert {"tt6751668", "tt3522760"} <= set(titled)


def test_snapshot_round_trip(shared, tmp_path):
    graph, _ = shared
    path = graph.save(tmp_path / "shared.rg")
    loaded = reelgraph.FilmGraph.load(path)
    assert loaded.core.film_count == graph.core.film_count
    assert loaded.people(loaded.film("tt6751668"), "directed_by") == graph.people(graph.film("tt6751668"), "directed_by")
