"""The second signal (ballots), list hygiene and the programmer's page."""

import math

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import quality


@pytest.fixture
def tiny():
    # Two directors with two films each, one untitled film, one film in a crowded genre only.
    films = pd.DataFrame({
        "film_id": ["tt0000001", "tt0000002", "tt0000003", "tt0000004", "tt0000005", "tt0000006"],
        "title": ["Alpha", "Beta", "Gamma", "Delta", "Q4242", "Epsilon"],
        "year": [2001, 2002, 2003, 2004, 2005, 2006],
    })
    links = pd.DataFrame({
        "film_id": ["tt0000001", "tt0000002", "tt0000003", "tt0000004", "tt0000005", "tt0000001", "tt0000005"],
        "relation": ["directed_by", "directed_by", "directed_by", "directed_by", "directed_by", "cast", "cast"],
        "name": ["Ann", "Ann", "Bo", "Bo", "Bo", "Cy", "Cy"],
    })
    return reelgraph.FilmGraph.from_tables(films, links)


def test_untitled_is_an_id_not_a_number():
    assert quality.untitled(["Q4242", "tt0123456", "", "1941", "300", "Alpha"]).tolist() == [
        True, True, True, False, False, False]


def test_ballot_truth_is_lift_over_common_ballots(tiny, write, tmp_path):
    write("films.csv", """
        film_id,title,year,director,imdb_id,wikidata_id
        a,Alpha,2001,Ann,tt0000001,
        b,Beta,2002,Ann,tt0000002,
        c,Gamma,2003,Bo,tt0000003,
        z,Not here,1999,X,,
    """)
    # Alpha and Beta on ballots 1 and 2; Gamma on 2 and 3; z on 3.
    write("votes.csv", """
        voter_id,film_id
        1,a
        1,b
        2,a
        2,b
        2,c
        3,c
        3,z
        4,a
    """)
    ballots = quality.read_ballots(tmp_path, tiny)
    assert ballots.films_outside_graph == 1 and ballots.votes_outside_graph == 1
    truth = quality.ballot_truth(ballots, min_support=2)
    a, b = tiny.film("Alpha"), tiny.film("Beta")
    # 4 ballots; Alpha on 3, Beta on 2, both on 2: lift 4 * 2 / (3 * 2).
    assert truth.relevant[a].tolist() == [b]
    assert truth.gains[a][0] == pytest.approx(4 * 2 / 6)
    assert tiny.film("Gamma") not in truth.relevant  # one common ballot only
    assert truth.popularity[a] == 3
    with pytest.raises(ValueError, match="min_support"):
        quality.ballot_truth(ballots, min_support=0)


def test_hygiene_counts_director_films_and_untitled(tiny):
    h = quality.hygiene(tiny, k=10)
    assert h["lists"] == 5  # the untitled film is not a query
    # Alpha, Beta, Gamma and Delta each have a director's other titled film, Epsilon none.
    assert h["director_lists"] == 4
    assert h["director_top3"] == 1.0
    # Q4242 shares Bo with Gamma and Delta: it is shown, and counted.
    assert h["untitled_shown"] >= 1
    assert 0 < h["top_film_share"] <= 1
    assert not math.isnan(h["top1pct_slot_share"])
    text = quality.hygiene_text(h)
    assert "untitled films shown" in text and "MISSED" in text


def test_programmer_page_lists_reasons(tiny):
    page = quality.programmer_page(tiny, films=[("tt0000001", "Alpha"), ("tt9999999", "Missing")], k=3)
    assert "## Alpha (2001)" in page
    assert "**Beta** (2002): same director Ann" in page
    assert "Not in this graph: Missing" in page


def test_cli_evaluates_against_ballots(tiny, tmp_path, capsys):
    from reelgraph.cli import main

    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    tiny.films()[["film_id", "title", "year"]].to_csv(graph_dir / "films.csv", index=False)
    pd.DataFrame({
        "film_id": ["tt0000001", "tt0000002", "tt0000003", "tt0000004", "tt0000005", "tt0000001", "tt0000005"],
        "relation": ["directed_by", "directed_by", "directed_by", "directed_by", "directed_by", "cast", "cast"],
        "name": ["Ann", "Ann", "Bo", "Bo", "Bo", "Cy", "Cy"],
    }).to_csv(graph_dir / "links.csv", index=False)
    poll = tmp_path / "poll"
    poll.mkdir()
    (poll / "films.csv").write_text("film_id,imdb_id\na,tt0000001\nb,tt0000002\nc,tt0000003\nd,tt0000004\n")
    (poll / "votes.csv").write_text("voter_id,film_id\n" + "".join(
        f"{v},{f}\n" for v, films in ((1, "ab"), (2, "ab"), (3, "cd"), (4, "cd"), (5, "ac")) for f in films))
    assert main(["evaluate", str(graph_dir), "--ballots", str(poll), "--methods", "baselines,cooccurrence",
                 "--json"]) == 0
    report = __import__("json").loads(capsys.readouterr().out)
    default = next(row for row in report["eval"] + report["fit"] if row["method"] == "reelgraph default")
    assert 0.0 <= default["ndcg@10"] <= 1.0
    # Neither signal, or both: refused.
    assert main(["evaluate", str(graph_dir)]) == 1
    assert "either --ratings" in capsys.readouterr().err
