"""Quality evaluation: metrics, ground truth from ratings, the split, baselines, learning weights, the CLI."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import evaluate
from reelgraph.cli import main

pytest.importorskip("sklearn", reason="the evaluation needs the 'eval' extra (scikit-learn, scipy)")

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


# ---------------------------------------------------------------- metrics, by hand
def test_ndcg_graded_by_hand():
    # relevant 1 (gain 3), 2 (gain 2), 3 (gain 1); the ranking finds 1 at rank 2 and 2 at rank 4
    got = evaluate.ndcg_at_k([5, 1, 7, 2], [1, 2, 3], [3.0, 2.0, 1.0], k=10)
    dcg = 3 / math.log2(3) + 2 / math.log2(5)
    ideal = 3 + 2 / math.log2(3) + 1 / math.log2(4)
    assert got == pytest.approx(dcg / ideal)
    assert evaluate.ndcg_at_k([1, 2, 3], [1, 2, 3], [3.0, 2.0, 1.0]) == pytest.approx(1.0)
    assert evaluate.ndcg_at_k([2, 1, 3], [1, 2, 3], [3.0, 2.0, 1.0]) < 1.0
    assert evaluate.ndcg_at_k([9, 8], [1]) == 0.0
    # the cut-off: a hit at rank 3 does not count at k=2
    assert evaluate.ndcg_at_k([9, 8, 1], [1], k=2) == 0.0
    assert evaluate.ndcg_at_k([9, 1], [1], k=2) == pytest.approx(1 / math.log2(3))


def test_recall_and_average_precision_by_hand():
    ranked, relevant = [5, 1, 7, 2], [1, 2, 3]
    assert evaluate.recall_at_k(ranked, relevant, k=2) == pytest.approx(1 / 2)  # one hit, at most 2 possible
    assert evaluate.recall_at_k(ranked, relevant, k=20) == pytest.approx(2 / 3)
    # hits at ranks 2 and 4: precisions 1/2 and 2/4, over 3 relevant
    assert evaluate.average_precision(ranked, relevant, k=100) == pytest.approx((1 / 2 + 2 / 4) / 3)
    assert evaluate.average_precision(ranked, relevant, k=3) == pytest.approx((1 / 2) / 3)
    assert evaluate.average_precision([1, 2, 3], relevant) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        evaluate.recall_at_k(ranked, [])


# ---------------------------------------------------------------- ground truth
def _ratings(rows, n_films):
    frame = pd.DataFrame(rows, columns=["user", "film", "rating"])
    return evaluate.Ratings(frame=frame, n_films=n_films)


TINY = [
    (1, 0, 5.0), (1, 1, 4.0), (1, 2, 4.5),
    (2, 0, 4.0), (2, 1, 5.0),
    (3, 0, 4.0), (3, 1, 4.0), (3, 2, 2.0),  # a 2 is no like
    (4, 2, 4.0), (4, 3, 4.0),
    (5, 3, 5.0),
]


def test_ground_truth_support_threshold_and_lift():
    # likers: film 0 {1,2,3}, 1 {1,2,3}, 2 {1,4}, 3 {4,5}; 5 users liked something
    truth = evaluate.ground_truth(_ratings(TINY, 5), min_support=2)
    assert truth.users == 5
    assert sorted(truth.relevant) == [0, 1]  # only (0, 1) has two common likers
    assert truth.relevant[0].tolist() == [1]
    assert truth.gains[0][0] == pytest.approx(5 * 3 / (3 * 3))
    # support 1 adds (2, 3): lift 5*1/(2*2) = 1.25; (0, 2) and (1, 2) have lift 5/6 < 1 and stay out
    truth = evaluate.ground_truth(_ratings(TINY, 5), min_support=1)
    assert sorted(truth.relevant) == [0, 1, 2, 3]
    assert truth.relevant[2].tolist() == [3]
    assert truth.gains[2][0] == pytest.approx(1.25)
    assert truth.popularity.tolist() == [3, 3, 3, 2, 0]  # ratings of any value, per film


def test_ground_truth_jaccard_and_order():
    truth = evaluate.ground_truth(_ratings(TINY, 5), min_support=1, measure="jaccard")
    assert truth.gains[0][0] == pytest.approx(3 / (3 + 3 - 3))
    assert truth.gains[2][0] == pytest.approx(1 / (2 + 2 - 1))
    # a film with two co-liked films lists the higher lift first
    rows = [(u, 0, 5.0) for u in range(10)] + [(u, 1, 5.0) for u in range(3)] + [(u, 2, 5.0) for u in range(6)]
    rows += [(u, 3, 5.0) for u in range(10, 30)]  # users who never liked film 0 make lifts above 1
    truth = evaluate.ground_truth(_ratings(rows, 4), min_support=3)
    # lift(0,1) = 30*3/(10*3) = 3, lift(0,2) = 30*6/(10*6) = 3: a tie, broken by more common likers
    assert truth.relevant[0].tolist() == [2, 1]
    with pytest.raises(ValueError, match="measure"):
        evaluate.ground_truth(_ratings(TINY, 5), measure="cosine")


# ---------------------------------------------------------------- the split
def test_split_is_disjoint_complete_and_seeded():
    queries = np.arange(0, 300, 3)
    fit, ev = evaluate.split_queries(queries, seed=7)
    assert len(fit) == len(ev) == 50
    assert not set(fit) & set(ev)
    assert sorted(set(fit) | set(ev)) == queries.tolist()
    again = evaluate.split_queries(queries, seed=7)
    assert fit.tolist() == again[0].tolist() and ev.tolist() == again[1].tolist()
    other = evaluate.split_queries(queries, seed=8)
    assert fit.tolist() != other[0].tolist()
    small_fit, small_ev = evaluate.split_queries(queries, seed=7, max_per_half=10)
    assert len(small_fit) == len(small_ev) == 10
    assert set(small_fit) <= set(fit) and set(small_ev) <= set(ev)


# ---------------------------------------------------------------- baselines and learning on a made-up graph
def _graph():
    films = pd.DataFrame({"film_id": [f"f{i}" for i in range(8)], "title": [f"Film {i}" for i in range(8)]})
    links = []
    for a, b in ((0, 1), (2, 3), (4, 5), (6, 7)):  # each pair shares a company
        links += [(f"f{a}", "production_company", f"Company {a}"), (f"f{b}", "production_company", f"Company {a}")]
    for a, b in ((0, 2), (1, 4), (3, 6), (5, 7)):  # and each film shares a genre with a film of another pair
        links += [(f"f{a}", "genre", f"Genre {a}"), (f"f{b}", "genre", f"Genre {a}")]
    links += [("f0", "directed_by", "Ann"), ("f4", "directed_by", "Ann"), ("f6", "directed_by", "Ann")]
    links += [(f"f{i}", "country", "Nowhere") for i in range(8)]
    return reelgraph.FilmGraph.from_tables(films, pd.DataFrame(links, columns=["film_id", "relation", "name"]))


def _pair_truth(graph):
    v = [graph.film(f"f{i}") for i in range(8)]
    relevant, gains = {}, {}
    for a, b in ((0, 1), (2, 3), (4, 5), (6, 7)):
        relevant[v[a]], relevant[v[b]] = np.array([v[b]]), np.array([v[a]])
        gains[v[a]] = gains[v[b]] = np.array([2.0])
    popularity = np.array([5, 1, 2, 3, 9, 4, 7, 6])[np.argsort(v)]
    return evaluate.GroundTruth(relevant=relevant, gains=gains, popularity=popularity, measure="lift",
                                min_rating=4, min_support=1, users=10), v


def test_baselines_rank_as_described():
    graph = _graph()
    truth, v = _pair_truth(graph)
    inc = evaluate.Incidence.of(graph)
    assert len(inc.film) == 8 + 8 + 3 + 8
    q = np.array([v[0]])
    # same director: f4 and f6, by popularity (9 before 7)
    assert evaluate.same_director_ranker(inc, truth.popularity)(q, 10)[0].tolist() == [v[4], v[6]]
    # most popular: everything but the query, by ratings count
    assert evaluate.popular_ranker(truth.popularity)(q, 3)[0].tolist() == [v[4], v[6], v[7]]
    # tf-idf: the rare shared tokens (company, genre, director) beat the country every film has
    top = evaluate.tfidf_ranker(inc)(q, 10)[0]
    assert set(top[:4].tolist()) == {v[1], v[2], v[4], v[6]} and v[0] not in top
    assert len(top) == 7  # the country alone still relates every film a little
    jac = evaluate.jaccard_ranker(inc)(q, 10)[0]
    assert v[0] not in jac and set(jac[:4].tolist()) == {v[1], v[2], v[4], v[6]}
    rnd = evaluate.random_ranker(graph.n_films, seed=1)(np.array(v), 5)
    assert all(len(r) == 5 and q_ not in r for r, q_ in zip(rnd, v))
    assert [r.tolist() for r in rnd] == [r.tolist() for r in evaluate.random_ranker(graph.n_films, seed=1)(np.array(v), 5)]


def test_learned_weights_follow_the_ground_truth():
    graph = _graph()
    truth, v = _pair_truth(graph)
    queries = truth.queries
    base = {**reelgraph._core.default_weights(), "genre": 1.0, "production_company": 0.1, "directed_by": 1.0}
    start = evaluate.evaluate_ranker(evaluate.see_also_ranker(graph, weights=base), queries, truth, graph.n_films)
    weights, best, trace = evaluate.learn_weights(graph, truth, queries, base=base)
    assert best > start["ndcg@10"] + 0.1
    assert best == pytest.approx(1.0)
    assert weights["production_company"] / max(weights["genre"], 1e-9) > 1.0
    assert trace[0]["ndcg@10"] == pytest.approx(start["ndcg@10"])
    learned = evaluate.evaluate_ranker(evaluate.see_also_ranker(graph, weights=weights), queries, truth, graph.n_films)
    assert learned["ndcg@10"] == pytest.approx(best)


def test_default_weights_leave_no_relation_at_zero(seed):
    # Learned weights are floored: a relation the ratings say nothing about must
    # still relate films, or the edition filter would find nothing.
    weights = reelgraph._core.default_weights()
    assert all(w > 0 for r, w in weights.items() if r != "part_of")
    assert len(seed.see_also("Comrade Kim Goes Flying", edition="MIFF 2013")) == 6
    graph = _graph()
    truth, v = _pair_truth(graph)
    learned, _, _ = evaluate.learn_weights(graph, truth, truth.queries, floor=0.05)
    assert min(learned[r] for r in evaluate.graph_relations(graph)) >= 0.05


# ---------------------------------------------------------------- the CLI on the seed world
SEED_LINKS = """\
movieId,imdbId,film_id
1,,comrade-kim-goes-flying
2,,the-game-of-their-lives-2002
3,,a-state-of-mind
4,,crossing-the-line
5,,down-terrace
6,,kill-list
7,,sightseers
8,,katalin-varga
9,,berberian-sound-studio
10,0000001,
"""


def _seed_ratings(write, tmp_path, extra=""):
    rows = ["userId,movieId,rating,timestamp"]
    # the Koryo Group films are liked together, so are Ben Wheatley's and Peter Strickland's
    for user in range(1, 6):
        rows += [f"{user},{m},{4.5},0" for m in (1, 2, 3, 4)]
    for user in range(6, 10):
        rows += [f"{user},{m},{5},0" for m in (5, 6, 7)]
    for user in range(10, 14):
        rows += [f"{user},{m},{4},0" for m in (8, 9)]
    rows += [f"{user},10,5,0" for user in range(1, 4)]  # a film the graph does not hold
    rows += ["14,1,2,0", "14,5,3,0"]  # dislikes
    write("ratings/ratings.csv", "\n".join(rows) + "\n" + extra)
    write("ratings/links.csv", SEED_LINKS)
    return tmp_path / "ratings"


@pytest.fixture
def write_nested(tmp_path):
    def _write(name, text):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def test_read_ratings_maps_films_and_counts_the_rest(write_nested, tmp_path, seed):
    ratings = evaluate.read_ratings(_seed_ratings(write_nested, tmp_path), seed)
    assert ratings.rows_read == 20 + 12 + 8 + 3 + 2
    assert ratings.ratings_outside_graph == 3
    assert ratings.unmatched_movies == 1
    assert ratings.popularity[seed.film("Comrade Kim Goes Flying")] == 6
    truth = evaluate.ground_truth(ratings)
    koryo = {seed.film(t) for t in ("The Game of Their Lives", "A State of Mind", "Crossing the Line")}
    assert set(truth.relevant[seed.film("Comrade Kim Goes Flying")].tolist()) == koryo
    assert len(truth.queries) == 9


def test_evaluate_cli_on_the_seed_world(write_nested, tmp_path, capsys):
    folder = _seed_ratings(write_nested, tmp_path)
    assert main(["evaluate", "--ratings", str(folder), "--json", "--seed", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["info"]["n_fit"] + data["info"]["n_eval"] == 9
    methods = {row["method"]: row for row in data["eval"]}
    for name in ("random", "most popular", "same director", "tf-idf cosine", "jaccard", "reelgraph default",
                 "cooccurrence, learned weights", "cooccurrence idf/cosine"):
        assert name in methods
    for row in data["eval"]:
        for metric in ("ndcg@10", "recall@20", "map@100", "coverage@10"):
            assert 0.0 <= row[metric] <= 1.0
    # the co-liked groups are the films sharing a company or a director: the graph finds them all
    assert methods["reelgraph default"]["ndcg@10"] == pytest.approx(1.0)
    assert methods["most popular"]["ndcg@10"] < 1.0
    assert set(data["learned_weights"]) >= {"directed_by", "production_company"}
    # the same seed gives the same numbers; the text output prints both halves
    assert main(["evaluate", "--ratings", str(folder), "--json", "--seed", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["eval"] == data["eval"]
    assert main(["evaluate", "--ratings", str(folder), "--methods", "baselines,cooccurrence"]) == 0
    out = capsys.readouterr().out
    assert "evaluation half:" in out and "fit half:" in out and "best reelgraph method: reelgraph default" in out


def test_evaluate_cli_names_a_bad_cell(write_nested, tmp_path, capsys):
    folder = _seed_ratings(write_nested, tmp_path, extra="15,1,five,0\n")
    assert main(["evaluate", "--ratings", str(folder)]) == 1
    assert "ratings.csv:47: field 'rating': 'five' is not a number" in capsys.readouterr().err
    assert main(["evaluate", "--ratings", str(folder), "--lenient", "--methods", "baselines", "--json"]) == 0
    captured = capsys.readouterr()
    assert "rejected ratings.csv:47" in captured.err
    assert json.loads(captured.out)["info"]["n_fit"] + json.loads(captured.out)["info"]["n_eval"] == 9
    assert main(["evaluate", "--ratings", str(tmp_path / "nowhere")]) == 1
    assert main(["evaluate", "--ratings", str(folder), "--methods", "magic"]) == 1
    assert "unknown method group" in capsys.readouterr().err


# ---------------------------------------------------------------- real data
def test_quality_benchmark_on_the_public_data():
    root = reelgraph.data_root()
    if root is None:
        pytest.skip("REELGRAPH_DATA is not set to the public film data folder")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "quality" / "run.py"), "--methods", "baselines,cooccurrence",
         "--max-queries", "150", "--json"],
        capture_output=True, text=True, check=True, timeout=600, env={**os.environ, "REELGRAPH_DATA": str(root)},
    )
    data = json.loads(done.stdout)["signals"]["movielens"]
    assert data["info"]["n_eval"] == 150
    rows = {row["method"]: row for row in data["eval"]}
    # co-liked films are far from random: any real method finds some, random almost none
    assert rows["random"]["ndcg@10"] < 0.02
    assert rows["reelgraph default"]["ndcg@10"] > 5 * rows["random"]["ndcg@10"]
