"""Ids and names: one key for every spelling of one thing, two for two things."""

import pandas as pd
import pytest

import reelgraph
from reelgraph import _core


@pytest.mark.parametrize(
    "spelling",
    ["tt0038297", "TT38297", "https://www.imdb.com/title/tt0038297/", "http://imdb.com/title/tt0038297?ref=x"],
)
def test_imdb_title_spellings_are_one_id(spelling):
    assert _core.parse_external_id(spelling) == ("imdb_title", "tt0038297")


def test_movielens_digits_and_eight_digit_ids():
    assert _core.imdb_title_id("38297") == "tt0038297"
    assert _core.imdb_title_id("tt10872600") == "tt10872600"


def test_malformed_id_is_a_value_error():
    with pytest.raises(ValueError, match="malformed id 'tt12ab'"):
        _core.parse_external_id("tt12ab")


def test_name_keys_fold_space_case_and_normal_form():
    assert _core.name_key("Avatar\u00a0") == _core.name_key("avatar")
    assert _core.name_key("Rene\u0301") == _core.name_key("REN\u00c9")
    assert _core.name_key("Kim Gwang-Hun") != _core.name_key("Kim Gwang Hun")  # that takes an alias


def _graph(films, links, aliases=None):
    return reelgraph.FilmGraph.from_tables(pd.DataFrame(films), pd.DataFrame(links),
                                           None if aliases is None else pd.DataFrame(aliases))


def test_film_ids_in_different_spellings_are_one_film():
    g = _graph(
        {"film_id": ["tt0038297", "https://www.imdb.com/title/tt0038297/"],
         "title": ["A Matter of Life and Death", "A Matter of Life and Death\u00a0"], "year": [1946, 1946]},
        {"film_id": ["tt38297"], "relation": ["directed_by"], "name": ["Michael Powell"]},
    )
    assert g.n_films == 1
    assert g.report.tables[0].duplicates == 1
    assert g.film("https://www.imdb.com/title/tt0038297/") == g.film("A Matter of Life and Death")
    assert g.people("tt0038297") == ["Michael Powell"]


def test_two_films_with_one_title_stay_apart():
    g = _graph(
        {"film_id": ["game-2002", "game-2005"], "title": ["The Game of Their Lives"] * 2, "year": [2002, 2005]},
        {"film_id": ["game-2002", "game-2005"], "relation": ["genre", "genre"], "name": ["Documentary", "Drama"]},
    )
    assert g.n_films == 2
    doc, drama = g.film("The Game of Their Lives", 2002), g.film("The Game of Their Lives", 2005)
    assert doc != drama
    assert g.links(doc)["name"].tolist() == ["Documentary"]
    with pytest.raises(reelgraph.AmbiguousFilmError) as err:
        g.film("the game of their lives")
    assert sorted(err.value.candidates["year"]) == [2002, 2005]


def test_aliases_merge_spellings_and_keep_the_canonical_name():
    g = _graph(
        {"film_id": ["a", "b"], "title": ["A", "B"], "year": [2012, 2014]},
        {"film_id": ["a", "b"], "relation": ["directed_by", "directed_by"], "name": ["Kim Gwang-Hun", "KIM GWANG HUN"]},
        {"kind": ["person"], "alias": ["Kim Gwang-Hun"], "name": ["Kim Gwang Hun"]},
    )
    person = g.entity("person", "kim gwang-hun")
    assert g.core.name(person) == "Kim Gwang Hun"
    assert g.core.film_degree(person) == 2
    assert g.info()["kinds"]["person"] == 1


def test_seed_world_merges_what_two_documents_spell_differently(seed):
    ckgf = seed.film("Comrade Kim Goes Flying")
    links = seed.links(ckgf)
    assert sorted(links.loc[links.relation == "directed_by", "name"]) == ["Anja Daelemans", "Kim Gwang Hun", "Nicholas Bonner"]
    assert sorted(links.loc[links.relation == "country", "name"]) == ["Belgium", "North Korea", "United Kingdom"]
    assert seed.entity("country", "DPR Korea") == seed.entity("country", "North Korea")


def test_an_id_and_a_title_that_collide_are_ambiguous_until_the_year_says():
    g = _graph({"film_id": ["1917", "tt8579674"], "title": ["Toy Story", "1917"], "year": [1995, 2019]},
               {"film_id": ["1917"], "relation": ["genre"], "name": ["Animation"]})
    with pytest.raises(reelgraph.AmbiguousFilmError) as err:
        g.film("1917")
    assert sorted(err.value.candidates["title"]) == ["1917", "Toy Story"]
    assert g.core.name(g.film("1917", year=2019)) == "1917"
    assert g.core.name(g.film("1917", year=1995)) == "Toy Story"


def test_a_year_that_matches_none_of_the_titled_films_names_them():
    g = _graph({"film_id": ["h1", "h2"], "title": ["Heat", "Heat"], "year": [1986, 1995]},
               {"film_id": ["h1"], "relation": ["genre"], "name": ["Crime"]})
    with pytest.raises(reelgraph.FilmNotFoundError) as err:
        g.film("Heat", year=2000)
    assert err.value.suggestions == ["Heat (1986)", "Heat (1995)"]
    with pytest.raises(KeyError):  # both lookup errors are KeyErrors
        g.film("Heat")


def test_local_ids_fold_case_and_space():
    g = _graph({"film_id": ["Kill-List"], "title": ["Kill List"], "year": [2011]},
               {"film_id": [" kill-list"], "relation": ["genre"], "name": ["Horror"]})
    assert g.people("KILL-LIST", "genre") == ["Horror"]


def test_an_id_that_is_also_a_shared_title_can_be_asked_for_as_an_id():
    g = _graph({"film_id": ["broken", "broken-uk"], "title": ["Broken", "Broken"]},
               {"film_id": ["broken"], "relation": ["genre"], "name": ["Drama"]})
    with pytest.raises(reelgraph.AmbiguousFilmError, match="as id:broken-uk"):
        g.film("broken")
    assert g.film("id:broken") != g.film("id:broken-uk")
    assert g.film_ids([g.film("id:BROKEN")]) == ["broken"]
    with pytest.raises(reelgraph.FilmNotFoundError):
        g.film("id:nothing")
