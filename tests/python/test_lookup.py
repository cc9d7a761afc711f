"""Finding films and people by any spelling, and people merged across sources on evidence."""

import pandas as pd
import pytest

import reelgraph
from reelgraph import _core
from reelgraph.collab import AmbiguousNodeError, NodeNotFoundError
from reelgraph.graph import FilmNotFoundError


@pytest.mark.parametrize("a,b", [
    ("Amélie (2001)", "amelie"),
    ("Amelie [2001]", "AMÉLIE"),
    ("Godfather, The", "the godfather"),
    ("The Godfather", "Godfather"),
    ("Seven Samurai", "seven  samurai"),
    ("L'Avventura", "Avventura, L'"),
    ("Schindler’s List", "schindlers list"),
    ("Andrei Tarkovsky", "andrei tarkovski"),
    ("Tarkovskiy", "Tarkovskij"),
    ("Søren Kragh-Jacobsen", "soren kragh jacobsen"),
])
def test_search_keys_fold_what_a_user_may_type_differently(a, b):
    assert _core.search_key(a) == _core.search_key(b)


@pytest.mark.parametrize("a,b", [("Bong Joon Ho", "Joon-ho Bong"), ("Wong Kar Wai", "Kar-Wai Wong"),
                                 ("Kim Gwang-hun", "Kim Gwang Hun")])
def test_people_keys_fold_name_order_and_hyphens(a, b):
    assert _core.search_key(a, True) == _core.search_key(b, True)
    assert _core.search_key(a) != _core.search_key(b) or a.lower().replace("-", " ") == b.lower().replace("-", " ")


def test_search_keys_keep_what_tells_things_apart():
    assert _core.search_key("Man Bites Dog") != _core.search_key("Dog Bites Man")  # titles keep their order
    assert _core.search_key("The") == "the"  # an article alone is the whole name
    assert _core.search_key("...") != ""
    assert _core.search_key("1917") == "1917"
    assert _core.search_key("Alien (1979)") != _core.search_key("Alien 1979 remake")


FILMS = {
    "film_id": ["tt0211915", "tt0068646", "tt0047478", "tt0069293", "tt6751668", "tt0118694", "Q1000001",
                "tt0071562", "local-1"],
    "title": ["Amélie", "The Godfather", "Seven Samurai", "Solaris", "Parasite", "In the Mood for Love",
              "Q1000001", "The Godfather Part II", "Two Smiths"],
    "year": [2001, 1972, 1954, 1972, 2019, 2000, 1999, 1974, 2010],
}
LINKS = [
    ("tt0211915", "directed_by", "", "Jean-Pierre Jeunet"),
    ("tt0068646", "directed_by", "nm0000338", "Francis Ford Coppola"),
    # Name only, on another film: joins the one id spelled so.
    ("tt0071562", "directed_by", "", "Francis Ford Coppola"),
    ("tt0068646", "cast", "nm0000008", ""),  # a person known by id only
    ("tt0069293", "directed_by", "", "Andrei Tarkovsky"),
    ("tt0069293", "directed_by", "", "andrei tarkovski"),
    ("tt6751668", "directed_by", "nm0094435", "Bong Joon Ho"),
    ("tt6751668", "directed_by", "", "Joon-ho Bong"),
    ("tt0118694", "directed_by", "", "Wong Kar Wai"),
    ("tt0118694", "directed_by", "", "Kar-Wai Wong"),
    ("Q1000001", "cast", "Q42", ""),
    # Two people with two ids stay two, whatever their names; a name-only
    # mention of that name on their film could be either: left apart.
    ("local-1", "cast", "nm9000001", "John Smith"),
    ("local-1", "cast", "nm9000002", "John Smith"),
    ("local-1", "written_by", "", "John Smith"),
    # One folded name, no film in common: not merged.
    ("tt0047478", "cast", "", "Wong Kar-Wai"),
    ("tt0047478", "country", "", "JP"),
    ("tt0211915", "country", "", "FR"),
    ("tt0211915", "country", "", "France"),
    ("tt0118694", "country", "", "HK"),
    ("tt0118694", "screened_at", "", "Cannes Film Festival"),
    ("tt0211915", "screened_at", "", "Cannes"),
    ("tt0118694", "country", "", "Hong Kong"),
]


@pytest.fixture(scope="module")
def g():
    links = pd.DataFrame(LINKS, columns=["film_id", "relation", "entity_id", "name"])
    links["year"] = [2000 if r == "screened_at" else None for r in links["relation"]]
    return reelgraph.FilmGraph.from_tables(pd.DataFrame(FILMS), links)


@pytest.mark.parametrize("typed,title", [
    ("Amelie", "Amélie"), ("Amelie (2001)", "Amélie"), ("Godfather", "The Godfather"),
    ("the godfather", "The Godfather"), ("Godfather, The", "The Godfather"), ("Seven samurai", "Seven Samurai"),
    ("GODFATHER PART II", "The Godfather Part II"), ("tt68646", "The Godfather"),
])
def test_films_are_found_by_any_spelling(g, typed, title):
    assert g.core.name(g.film(typed)) == title


def test_a_bracketed_year_that_matches_no_film_is_not_found(g):
    with pytest.raises(FilmNotFoundError) as err:
        g.film("Amelie (1990)")
    assert "Amélie (2001)" in err.value.suggestions


def test_a_person_known_by_an_id_is_found_by_name(g):
    v = g.entity("person", "francis ford coppola")
    assert g.core.key(v) == "nm0000338"
    assert g.node("Francis Ford Coppola") == v
    assert g.entity("person", "nm0000338") == v


def test_spelling_variants_of_one_person_on_one_film_are_one_person(g):
    assert g.people("Solaris") == ["Andrei Tarkovsky"]
    assert g.entity("person", "Andrei Tarkovski") == g.entity("person", "Andrei Tarkovsky")
    assert g.people("In the Mood for Love") in (["Wong Kar Wai"], ["Kar-Wai Wong"])
    assert g.node("Kar-Wai Wong") == g.node("Wong Kar Wai")
    bong = g.entity("person", "Joon-ho Bong")
    assert g.core.key(bong) == "nm0094435"  # the name-only spelling joined the id
    assert g.people("Parasite") == ["Bong Joon Ho"]
    assert g.core.merged_people == 4  # tarkovski, Joon-ho Bong, Kar-Wai Wong, Coppola's name-only row
    assert g.people("The Godfather Part II") == ["Francis Ford Coppola"]
    assert g.core.key(g.entity("person", "Francis Ford Coppola")) == "nm0000338"


def test_a_name_only_director_joins_the_id_of_the_same_name_through_a_shared_film():
    films = pd.DataFrame({"film_id": ["tt1", "tt2"], "title": ["A", "B"], "year": [2000, 2001]})
    links = pd.DataFrame({"film_id": ["tt1", "tt1", "tt2"], "relation": ["directed_by"] * 3,
                          "entity_id": ["nm0000217", "", ""], "name": ["Martin Scorsese", "Martin Scorsese",
                                                                        "martin scorsese"]})
    g = reelgraph.FilmGraph.from_tables(films, links)
    v = g.entity("person", "Martin Scorsese")
    assert g.core.key(v) == "nm0000217"
    # One id with that name in all the data: tt2's name-only row joins it too.
    assert g.people("tt1") == ["Martin Scorsese"]
    assert g.people("tt2") == ["Martin Scorsese"]
    assert g.core.kind_counts()["person"] == 1
    assert g.node("martin scorsese") == v


def test_two_ids_are_never_merged_and_an_ambiguous_name_stays_apart(g):
    smiths = [v for v in range(g.core.film_count, g.core.vertex_count)
              if g.core.kind(v) == "person" and g.core.name(v) == "John Smith"]
    assert sorted(g.core.key(v) for v in smiths) == ["nm9000001", "nm9000002", "person:john smith"]
    with pytest.raises(AmbiguousNodeError, match="Give the id"):
        g.entity("person", "JOHN SMITH.")


def test_one_folded_name_without_a_shared_film_is_not_merged(g):
    assert g.people("Seven Samurai", "cast") == ["Wong Kar-Wai"]
    assert g.core.key(g.entity("person", "Wong Kar-Wai")) == "person:wong kar-wai"


def test_search_ranks_close_titles_and_leaves_out_films_without_a_title(g):
    hits = g.search("godfater", limit=3)
    assert list(hits.columns) == ["film", "film_id", "title", "year", "directors", "score"]
    assert hits["title"].iloc[0] == "The Godfather"
    assert hits["score"].is_monotonic_decreasing
    exact = g.search("the godfather part ii")
    assert exact["score"].iloc[0] == 100 and exact["title"].iloc[0] == "The Godfather Part II"
    assert "Q1000001" not in set(g.search("Q1000001")["title"])
    assert "Q1000001" in set(g.search("Q1000001", include_untitled=True)["title"])
    people = g.search("tarkovsky", kind="person")
    assert people["name"].iloc[0] == "Andrei Tarkovsky"


def test_an_unknown_name_suggests_close_names(g):
    with pytest.raises(FilmNotFoundError) as err:
        g.film("Godfathr")
    assert err.value.suggestions[0] == "The Godfather"
    with pytest.raises(NodeNotFoundError) as err:
        g.entity("person", "Francis Copola")
    assert err.value.suggestions[0] == "Francis Ford Coppola"


def test_the_search_index_survives_a_snapshot(g, tmp_path):
    loaded = reelgraph.FilmGraph.load(g.save(tmp_path / "g.rg"))
    assert loaded.core.search_index()[0] == g.core.search_index()[0]
    assert loaded.film("Godfather, The") == g.film("the godfather")
    assert loaded.entity("person", "Joon-ho Bong") == g.entity("person", "Bong Joon Ho")


def test_countries_and_festivals_have_one_spelling_in_the_table_loader(g):
    countries = sorted(g.links("In the Mood for Love").query("relation == 'country'")["name"])
    assert countries == ["Hong Kong"]
    assert g.links("Amélie").query("relation == 'country'")["name"].tolist() == ["France"]
    assert g.core.kind_counts()["festival"] == 1
    assert g.core.name(g.entity("festival", "Cannes Film Festival")) == "Cannes"


def test_every_table_count_adds_up(g):
    for t in g.report.tables:
        assert t.balanced(), t
    # Tarkovsky twice on one film after the merge: a merged row, not a used one.
    links = g.report.tables[-1]
    assert links.duplicates >= 3  # tarkovski, Joon-ho Bong, Kar-Wai Wong, FR/France, HK/Hong Kong
    assert links.rows_used + links.duplicates == len(LINKS)
