"""See-also lists: order, filters, explanations."""

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import FilmGraph

KORYO = {"The Game of Their Lives", "A State of Mind", "Crossing the Line"}
SEE_ALSO_PAGE = {"Broken", "Berberian Sound Studio", "Flight of the Pompadour", "What is This Film Called Love?",
                 "Sightseers", "Because Superglue is Forever"}
EARLIER_MIFF = {"Katalin Varga", "Down Terrace", "Kill List"}


def test_koryo_films_rank_above_films_sharing_only_another_years_festival(seed):
    result = seed.see_also("Comrade Kim Goes Flying", k=20)
    titles = result["title"].tolist()
    assert KORYO <= set(titles)
    assert EARLIER_MIFF & set(titles), "films of other MIFF years should still be found"
    worst_koryo = max(titles.index(t) for t in KORYO)
    best_other_year = min(titles.index(t) for t in EARLIER_MIFF if t in titles)
    assert worst_koryo < best_other_year
    assert (result["reason"].str.len() > 0).all()
    koryo = result[result["title"].isin(KORYO)]
    assert koryo["reason"].str.contains("same production company Koryo Group").all()


def test_restricted_to_miff_2013_it_is_the_see_also_list_of_the_page(seed):
    result = seed.see_also("Comrade Kim Goes Flying", k=10, edition="MIFF 2013")
    assert set(result["title"]) == SEE_ALSO_PAGE
    assert len(result) == 6
    assert result["reason"].str.contains("both screened at MIFF 2013").all()
    # The same through the festival's full name and a tuple.
    same = seed.see_also("Comrade Kim Goes Flying", edition=("Melbourne International Film Festival", 2013))
    assert same["film"].tolist() == result["film"].tolist()
    same = seed.see_also("Comrade Kim Goes Flying", within=[seed.edition("MIFF 2013")])
    assert same["film"].tolist() == result["film"].tolist()


def test_explanations_sum_to_scores(seed):
    for title in ["Comrade Kim Goes Flying", "Kill List", "Broken"]:
        for hub in reelgraph.graph.HUB_WEIGHTINGS:
            result = seed.see_also(title, k=20, hub_weighting=hub)
            for row in result.itertuples():
                assert sum(t["contribution"] for t in row.explanation) == pytest.approx(row.score, rel=1e-12)
            assert result["score"].is_monotonic_decreasing


def _hub_world():
    # The query shares two crowded cast members with "Crowded" and one rare one with "Rare".
    films = [("q", "Query"), ("crowded", "Crowded"), ("rare", "Rare")] + [(f"x{i}", f"Extra {i}") for i in range(30)]
    links = [("q", "A"), ("q", "B"), ("q", "C"), ("crowded", "A"), ("crowded", "C"), ("rare", "B")]
    links += [(f"x{i}", "A" if i < 15 else "C") for i in range(30)]
    return FilmGraph.from_tables(
        pd.DataFrame(films, columns=["film_id", "title"]),
        pd.DataFrame([(f, "cast", n) for f, n in links], columns=["film_id", "relation", "name"]),
    )


def test_hub_degree_cuts_reach_not_scores():
    g = _hub_world()
    everything = g.see_also("Query", k=40, hub_degree=1000)
    # A and C (16 films each) are hubs under a cap of 5: only Rare is reached
    # through B, and when the hubs must not be walked that is the whole list.
    raw = g.see_also_arrays("Query", k=1, hub_degree=5)
    assert g.core.name(int(raw["films"][0])) == "Rare" and raw["candidates_scored"] == 1
    assert raw["scores"][0] == everything.set_index("title").loc["Rare", "score"]
    # Asked for more than the small entities reach, the list stays short
    # unless padding is asked for: then the hubs are walked too, and the films
    # found only through them are labelled.
    short = g.see_also("Query", k=40, hub_degree=5)
    assert short["title"].tolist() == ["Rare"] and not short["padded"].any()
    padded = g.see_also("Query", k=40, hub_degree=5, pad=True)
    assert padded["film"].tolist() == everything["film"].tolist()
    assert padded["padded"].tolist() == [title != "Rare" for title in padded["title"]]


def test_hub_down_weighting_changes_the_order():
    g = _hub_world()
    plain = g.see_also("Query", k=2, hub_weighting="none", normalization="none")
    weighted = g.see_also("Query", k=2, hub_weighting="resource_allocation", normalization="none")
    assert plain["title"].iloc[0] == "Crowded"
    assert weighted["title"].iloc[0] == "Rare"


def test_year_range_and_relations_filters(seed):
    result = seed.see_also("Comrade Kim Goes Flying", k=20, min_year=2003, max_year=2010)
    assert set(result["title"]) == {"A State of Mind", "Crossing the Line"}  # films of unknown year are out too
    only_festivals = seed.see_also("Comrade Kim Goes Flying", k=20, relations=["festival"])
    assert set(only_festivals["title"]) == SEE_ALSO_PAGE | EARLIER_MIFF
    assert {t["query_relation"] for e in only_festivals["explanation"] for t in e} == {"festival"}


def test_exclude_same_director_and_max_per_director(seed):
    with_director = seed.see_also("Kill List", k=20)
    assert {"Sightseers", "Down Terrace"} <= set(with_director["title"].head(2))
    without = seed.see_also("Kill List", k=20, exclude_same_director=True)
    assert not {"Sightseers", "Down Terrace"} & set(without["title"])
    assert len(without) > 0
    one_each = seed.see_also("Kill List", k=20, max_per_director=1)
    assert len({"Sightseers", "Down Terrace"} & set(one_each["title"])) == 1


def test_arrays_come_without_copies(seed):
    raw = seed.see_also_arrays("Comrade Kim Goes Flying", k=5)
    for name in ("films", "scores", "term_contribution"):
        array = raw[name]
        assert isinstance(array, np.ndarray)
        # A view of the core's own buffer, kept alive by a capsule (a copy
        # would own its data, or be based on another ndarray).
        assert not array.flags.owndata
        assert type(array.base).__name__ == "PyCapsule"
    assert raw["films"].dtype == np.uint32 and raw["scores"].dtype == np.float64
    assert len(raw["films"]) == 5 and raw["term_offsets"][-1] == len(raw["term_entity"])


def test_bad_options_are_value_errors(seed):
    with pytest.raises(ValueError, match="hub_weighting"):
        seed.see_also("Kill List", hub_weighting="pagerank")
    with pytest.raises(ValueError, match="unknown relation 'directer'"):
        seed.see_also("Kill List", relations=["directer"])
    with pytest.raises(ValueError, match="weight of relation 'cast' must be finite and not negative"):
        seed.see_also("Kill List", weights={"cast": -1})
    with pytest.raises(ValueError, match="min_year 2010 is after max_year 2000"):
        seed.see_also("Kill List", min_year=2010, max_year=2000)
    with pytest.raises(ValueError, match="hub_degree must be 0 or more"):
        seed.see_also("Kill List", hub_degree=-1)
    with pytest.raises(ValueError, match="within names vertex 4294967296"):
        seed.see_also("Kill List", within=[2**32])
    with pytest.raises(KeyError, match="no 2012 edition of MIFF; editions: 2009, 2010, 2011, 2013"):
        seed.see_also("Kill List", edition="MIFF 2012")


def test_core_errors_map_to_python_exceptions(seed):
    from reelgraph import _core

    with pytest.raises(KeyError, match="no film with id 'tt0000001'"):
        seed.core.film_by_id("tt0000001")
    with pytest.raises(IndexError, match="vertex 999999 is not in the graph"):
        seed.core.name(999999)
    company = seed.entity("company", "Koryo Group")
    with pytest.raises(ValueError, match=f"vertex {company} is not a film"):
        _core.see_also(seed.core, company)


def test_film_with_no_links_has_an_empty_list(seed):
    result = seed.see_also("The Story of Film")
    assert result.empty
    assert list(result.columns) == ["rank", "film", "film_id", "title", "year", "score", "reason", "explanation",
                                    "padded"]


def test_reason_folds_festival_into_edition_and_adds_up(seed):
    result = seed.see_also("Comrade Kim Goes Flying", k=20)
    import re

    for row in result.itertuples():
        numbers = [float(x) for x in re.findall(r"\(\+(\d+\.\d+)\)", row.reason)]
        assert sum(numbers) == pytest.approx(row.score, abs=2e-3 * len(numbers))
    broken = result[result.title == "Broken"].iloc[0]
    assert broken.reason.count("MIFF") == 1
    assert {t["query_relation"] for t in broken.explanation} == {"screened_at", "festival"}


def test_one_person_in_two_roles_is_explained_as_such():
    g = FilmGraph.from_tables(
        pd.DataFrame({"film_id": ["a", "b"], "title": ["A", "B"]}),
        pd.DataFrame({"film_id": ["a", "b"], "relation": ["directed_by", "produced_by"],
                      "name": ["Nicholas Bonner", "Nicholas Bonner"]}),
    )
    row = g.see_also("A").iloc[0]
    assert row.reason.startswith("Nicholas Bonner (director there, producer here)")
    assert [(t["query_relation"], t["film_relation"]) for t in row.explanation] == [("directed_by", "produced_by")]


def test_threads_querying_one_graph_agree_with_one_thread(seed):
    from concurrent.futures import ThreadPoolExecutor

    titles = seed.films()["title"].tolist()
    expected = {t: seed.see_also_arrays(t, k=20)["films"].tolist() for t in titles}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(20):
            got = dict(zip(titles, pool.map(lambda t: seed.see_also_arrays(t, k=20)["films"].tolist(), titles)))
            assert got == expected
