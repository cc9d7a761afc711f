"""Scoring methods through the Python surface: names, seeds, popularity, CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from reelgraph import FilmGraph
from reelgraph.cli import main
from reelgraph.graph import METHODS

KORYO = {"The Game of Their Lives", "A State of Mind", "Crossing the Line"}


@pytest.mark.parametrize("method", METHODS)
def test_every_method_ranks_and_explains(seed, method):
    result = seed.see_also("Comrade Kim Goes Flying", k=10, method=method)
    assert len(result) == 10
    assert "Comrade Kim Goes Flying" not in set(result["title"])
    assert KORYO <= set(result["title"].head(3)), "the three films of its production company come first"
    assert result["score"].is_monotonic_decreasing
    for row in result.itertuples():
        assert row.explanation, row.title
        assert sum(t["contribution"] for t in row.explanation) == pytest.approx(row.score, rel=1e-12)
        assert row.reason


def test_methods_disagree_somewhere(seed):
    """The option reaches the core: the four methods do not all give one list."""
    lists = {m: tuple(seed.see_also("Kill List", k=10, method=m)["film"]) for m in METHODS}
    scores = {m: tuple(np.round(seed.see_also("Kill List", k=10, method=m)["score"], 9)) for m in METHODS}
    assert len(set(scores.values())) == len(METHODS)
    assert len(set(lists.values())) > 1


def test_default_method_is_cooccurrence(seed):
    default = seed.see_also_arrays("Kill List", k=20)
    named = seed.see_also_arrays("Kill List", k=20, method="cooccurrence")
    assert default["films"].tolist() == named["films"].tolist()
    assert default["scores"].tolist() == named["scores"].tolist()


def test_bad_method_names_the_choices(seed):
    with pytest.raises(ValueError, match="method must be one of cooccurrence, pathsim, ppr, rp3beta, not 'pagerank'"):
        seed.see_also("Kill List", method="pagerank")


@pytest.mark.parametrize("option, value, message", [
    ("ppr_alpha", 0.0, r"ppr_alpha must be in \(0, 1\]"),
    ("ppr_epsilon", -1.0, "ppr_epsilon must be finite and positive"),
    ("rp3_alpha", 0.0, "rp3_alpha must be finite and positive"),
    ("popularity_beta", -1.0, "popularity_beta must be finite and not negative"),
])
def test_method_options_out_of_range_are_value_errors(seed, option, value, message):
    with pytest.raises(ValueError, match=message):
        seed.see_also("Kill List", method="ppr", **{option: value})


@pytest.mark.parametrize("method", METHODS)
def test_filters_hold_under_every_method(seed, method):
    result = seed.see_also("Comrade Kim Goes Flying", k=20, method=method, min_year=2003, max_year=2010)
    assert set(result["title"]) == {"A State of Mind", "Crossing the Line"}
    edition = seed.see_also("Comrade Kim Goes Flying", k=10, method=method, edition="MIFF 2013")
    assert len(edition) == 6 and edition["reason"].str.len().gt(0).all()
    without = seed.see_also("Kill List", k=20, method=method, exclude_same_director=True)
    assert not {"Sightseers", "Down Terrace"} & set(without["title"])
    one_each = seed.see_also("Kill List", k=20, method=method, max_per_director=1)
    assert len({"Sightseers", "Down Terrace"} & set(one_each["title"])) == 1
    festivals = seed.see_also("Comrade Kim Goes Flying", k=20, method=method, relations=["festival"])
    assert {t["film_relation"] for e in festivals["explanation"] for t in e} == {"festival"}


@pytest.mark.parametrize("method", METHODS)
def test_zero_weight_leaves_a_relation_out(seed, method):
    result = seed.see_also("Comrade Kim Goes Flying", k=20, method=method,
                           weights={"production_company": 0.0, "directed_by": 2.5})
    assert all(t["film_relation"] != "production_company" for e in result["explanation"] for t in e)


def test_ppr_names_entities_no_seed_links_to(seed):
    result = seed.see_also("Kill List", k=10, method="ppr")
    terms = [t for e in result["explanation"] for t in e]
    walked = [t for t in terms if t["query_relation"] is None]
    assert walked, "a walk reaches films through entities Kill List does not link to"
    assert all(t["phrase"].startswith(f"via {t['name']} (") for t in walked)
    assert any(t["query_relation"] == "directed_by" for t in terms)


def test_seed_sets(seed):
    many = seed.see_also_many(["Kill List", "Comrade Kim Goes Flying"], k=20)
    assert not {"Kill List", "Comrade Kim Goes Flying"} & set(many["title"])
    assert {"Sightseers", "Down Terrace"} <= set(many["title"]) and KORYO <= set(many["title"])
    same = seed.see_also(seeds=["Kill List", "Comrade Kim Goes Flying"], k=20)
    assert same["film"].tolist() == many["film"].tolist()
    # Weighting one seed far above the other puts its relatives first.
    heavy = seed.see_also_many({"Kill List": 1.0, "Comrade Kim Goes Flying": 50.0}, k=3, method="ppr")
    assert set(heavy["title"]) == KORYO
    light = seed.see_also_many(["Kill List", "Comrade Kim Goes Flying"], seed_weights=[50.0, 1.0], k=2, method="ppr")
    assert set(light["title"]) == {"Sightseers", "Down Terrace"}
    for row in heavy.itertuples():
        assert sum(t["contribution"] for t in row.explanation) == pytest.approx(row.score, rel=1e-12)


def test_bad_seeds_are_value_errors(seed):
    with pytest.raises(ValueError, match="give one film, or seeds"):
        seed.see_also("Kill List", seeds=["Sightseers"])
    with pytest.raises(ValueError, match="give a film, or seeds"):
        seed.see_also()
    with pytest.raises(ValueError, match="seeds is empty"):
        seed.see_also_many([])
    with pytest.raises(ValueError, match="seed_weights has 1 values for 2 seed films"):
        seed.see_also_many(["Kill List", "Sightseers"], seed_weights=[1.0])
    with pytest.raises(ValueError, match="must be finite and positive"):
        seed.see_also_many({"Kill List": 1.0, "Sightseers": 0.0})
    with pytest.raises(ValueError, match="a list of films"):
        seed.see_also_many("Kill List")


def _popular_world() -> FilmGraph:
    # q reaches "Popular" through its director (weight 1) and "Obscure"
    # through a cast member (weight 0.5).
    films = pd.DataFrame({"film_id": ["q", "p", "u"], "title": ["Query", "Popular", "Obscure"]})
    links = pd.DataFrame({"film_id": ["q", "q", "p", "u"], "relation": ["directed_by", "cast", "directed_by", "cast"],
                          "name": ["A", "B", "A", "B"]})
    return FilmGraph.from_tables(films, links)


def test_rp3beta_popularity_array_flips_the_order():
    g = _popular_world()
    priors = {"directed_by": 1.0, "cast": 0.5}  # the step probabilities below are worked with these weights
    plain = g.see_also("Query", method="rp3beta", popularity_beta=0, hub_weighting="none", weights=priors)
    assert plain["title"].tolist() == ["Popular", "Obscure"]
    assert plain["score"].tolist() == pytest.approx([1 / 3, 1 / 6])
    counts = np.zeros(len(g))
    counts[g.film("Popular")] = 400.0
    penalised = g.see_also("Query", method="rp3beta", popularity=counts, hub_weighting="none", weights=priors)  # beta 0.5
    assert penalised["title"].tolist() == ["Obscure", "Popular"]
    assert penalised["score"].tolist() == pytest.approx([1 / 6, 1 / 3 / 20])
    # The same penalty on top of the other methods.
    for method in ("cooccurrence", "ppr"):
        base = g.see_also("Query", method=method).set_index("title")["score"]
        beaten = g.see_also("Query", method=method, popularity=counts, popularity_beta=1.0).set_index("title")["score"]
        assert beaten["Popular"] == pytest.approx(base["Popular"] / 400.0)
        assert beaten["Obscure"] == pytest.approx(base["Obscure"])


def test_popularity_must_have_one_value_per_film():
    g = _popular_world()
    with pytest.raises(ValueError, match=r"popularity has shape \(2,\); it needs one value per film, shape \(3,\)"):
        g.see_also("Query", method="rp3beta", popularity=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"popularity has shape \(3, 1\)"):
        g.see_also("Query", method="rp3beta", popularity=np.ones((3, 1)))
    with pytest.raises(ValueError, match="popularity of film .* must be finite and not negative"):
        g.see_also("Query", method="rp3beta", popularity=[1.0, -5.0, -5.0])
    # Integer counts are read as numbers.
    assert len(g.see_also("Query", method="rp3beta", popularity=np.array([1, 2, 3]))) == 2


def test_cli_method_and_more_seeds(capsys):
    assert main(["see-also", "Kill List", "--method", "ppr", "-k", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "ppr" and len(out["results"]) == 3
    assert main(["see-also", "Kill List", "--seed", "Comrade Kim Goes Flying", "-k", "20", "--method", "rp3beta"]) == 0
    text = capsys.readouterr().out
    assert "and Comrade Kim Goes Flying" in text and "Sightseers" in text and "A State of Mind" in text
    assert main(["see-also", "Kill List", "--method", "pagerank"]) == 2  # a usage error, as argparse exits
    assert "invalid choice: 'pagerank'" in capsys.readouterr().err


@pytest.mark.parametrize("method", ["ppr", "pathsim"])
def test_threads_agree_with_one_thread(seed, method):
    from concurrent.futures import ThreadPoolExecutor

    titles = seed.films()["title"].tolist()

    def run(title):
        raw = seed.see_also_arrays(title, k=20, method=method)
        return raw["films"].tolist(), raw["scores"].tolist(), raw["term_contribution"].tolist()

    expected = {t: run(t) for t in titles}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(5):
            assert dict(zip(titles, pool.map(run, titles))) == expected
