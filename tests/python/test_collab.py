"""Collaboration analysis: collaborators, co-credit networks, paths, structure, co-production, networkx export."""

import sys

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import AmbiguousNodeError, FilmNotFoundError, NodeNotFoundError


@pytest.fixture(scope="module")
def small():
    """Five films with known answers (the same world as the C++ tests).

    One (2001): directed by Ann; cast Bob, Cid; company Acme; country X
    Two (2002): directed and produced by Ann; cast Bob; companies Acme, Beta; countries X, Y
    Three (2011): directed by Dee; cast Cid; company Beta; country Y
    Four (?): directed by Eve; cast Fay; countries X, Y
    Five (2012): directed by Dee; cast Gus; country X
    """
    films = pd.DataFrame({
        "film_id": ["one", "two", "three", "four", "five"],
        "title": ["One", "Two", "Three", "Four", "Five"],
        "year": ["2001", "2002", "2011", "", "2012"],
    })
    rows = [
        ("one", "directed_by", "Ann"), ("one", "cast", "Bob"), ("one", "cast", "Cid"),
        ("one", "production_company", "Acme"), ("one", "country", "X"),
        ("two", "directed_by", "Ann"), ("two", "produced_by", "Ann"), ("two", "cast", "Bob"),
        ("two", "production_company", "Acme"), ("two", "production_company", "Beta"),
        ("two", "country", "X"), ("two", "country", "Y"),
        ("three", "directed_by", "Dee"), ("three", "cast", "Cid"), ("three", "production_company", "Beta"),
        ("three", "country", "Y"),
        ("four", "directed_by", "Eve"), ("four", "cast", "Fay"), ("four", "country", "X"), ("four", "country", "Y"),
        ("five", "directed_by", "Dee"), ("five", "cast", "Gus"), ("five", "country", "X"),
    ]
    links = pd.DataFrame(rows, columns=["film_id", "relation", "name"])
    return reelgraph.FilmGraph.from_tables(films, links)


# ------------------------------------------------------------ collaborators

def test_collaborators_count_distinct_shared_films(small):
    c = small.collaborators("Ann")
    assert c["collaborator"].tolist() == ["Bob", "Cid"]
    assert c["films"].tolist() == [2, 1]
    assert c.loc[0, "titles"] == ["One", "Two"]
    assert c.loc[0, "film_ids"] == ["one", "two"]
    assert c.loc[0, "roles"] == ["cast"]
    assert c.loc[0, "as_roles"] == ["directed_by", "produced_by"]
    assert set(c["kind"]) == {"person"}


def test_collaborators_roles_k_and_by_role(small):
    companies = small.collaborators("Ann", roles=["production_company"])
    assert companies["collaborator"].tolist() == ["Acme", "Beta"]
    assert companies["films"].tolist() == [2, 1]
    assert len(small.collaborators("Ann", roles=["production_company", "cast"], k=1)) == 1
    rows = small.collaborators("Bob", by_role=True)
    ann = rows[rows["collaborator"] == "Ann"].set_index("role")["films"].to_dict()
    assert ann == {"directed_by": 2, "produced_by": 1}
    # Ann's films as producer only: just Two.
    assert small.collaborators("Ann", as_roles=["produced_by"])["films"].tolist() == [1]
    # A company has collaborators too.
    assert small.collaborators("Beta")["collaborator"].tolist() == ["Ann", "Bob", "Cid", "Dee"]


def test_collaborators_errors(small):
    with pytest.raises(NodeNotFoundError, match="no person or company named 'Anne'.*Ann"):
        small.collaborators("Anne")
    with pytest.raises(ValueError, match="unknown relation 'director'"):
        small.collaborators("Ann", roles=["director"])
    with pytest.raises(ValueError, match="k must be 1 or more"):
        small.collaborators("Ann", k=0)
    with pytest.raises(ValueError, match="is a film"):
        small.collaborators(0)


# ------------------------------------------------------------ co-credit network

def _pairs(net):
    return {(frozenset((r.a, r.b)), r.weight) for r in net.edges.itertuples()}


def test_cocredit_network_full(small):
    net = small.cocredit_network(top_k=None)
    expected = {(frozenset(p), w) for p, w in [
        (("Ann", "Bob"), 2), (("Ann", "Cid"), 1), (("Bob", "Cid"), 1), (("Cid", "Dee"), 1),
        (("Dee", "Gus"), 1), (("Eve", "Fay"), 1)]}
    assert _pairs(net) == expected
    assert net.edges.loc[0, "weight"] == 2 and net.edges.loc[0, "films"] == ["One", "Two"]
    nodes = net.nodes.set_index("name")
    assert nodes.loc["Cid", "collaborators"] == 3 and nodes.loc["Cid", "degree"] == 3
    assert nodes.loc["Ann", "films"] == 2
    assert net.skipped_entities == 0


def test_cocredit_network_top_k_cap_and_subsets(small):
    full = _pairs(small.cocredit_network(top_k=None))
    top = small.cocredit_network(top_k=1)
    assert _pairs(top) <= full
    assert (frozenset(("Ann", "Bob")), 2) in _pairs(top)
    assert (top.nodes["degree"] >= 1).all()
    capped = small.cocredit_network(degree_cap=1, top_k=None)
    assert capped.skipped_entities == 4
    assert _pairs(capped) == {(frozenset(("Eve", "Fay")), 1)}
    one = small.cocredit_network(films=["One"], top_k=None)
    assert set(one.nodes["name"]) == {"Ann", "Bob", "Cid"} and len(one.edges) == 3
    among = small.cocredit_network(people=["Ann", "Cid", "Dee"], top_k=None)
    assert _pairs(among) == {(frozenset(("Ann", "Cid")), 1), (frozenset(("Cid", "Dee")), 1)}
    with_companies = small.cocredit_network(relations=["production_company"], top_k=None)
    assert _pairs(with_companies) == {(frozenset(("Acme", "Beta")), 1)}
    with pytest.raises(FilmNotFoundError):
        small.cocredit_network(films=["Sixteen"])


def test_degree_centrality(small):
    d = small.degree_centrality().set_index("name")
    assert d.loc["Cid", "collaborators"] == 3
    assert d.loc["Cid", "degree_centrality"] == pytest.approx(3 / 6)
    assert d.index[0] == "Cid"


# ------------------------------------------------------------ paths

def test_paths_shortest_and_several(small):
    p = small.paths("Ann", "Dee", k=5)
    assert set(p["length"]) == {4}
    assert {tuple(n) for n in p["names"]} == {
        ("Ann", "One (2001)", "Cid", "Three (2011)", "Dee"),
        ("Ann", "Two (2002)", "Beta", "Three (2011)", "Dee"),
    }
    two = p[p["names"].map(lambda n: n[1] == "Two (2002)")].iloc[0]
    assert two["text"] == ("Ann ←directed by, produced by— Two (2002) —production company→ Beta "
                           "←production company— Three (2011) —directed by→ Dee")
    assert two["steps"][0]["relations"] == ["directed_by", "produced_by"]
    # Countries let through: three more paths of the same length.
    assert len(small.paths("Ann", "Dee", k=10, exclude_kinds=())) == 5
    steps = small.paths("Ann", "Dee", as_steps=True)
    assert steps["step"].tolist() == [1, 2, 3, 4]
    assert steps.loc[0, "source"] == "Ann" and steps.loc[3, "target"] == "Dee"


def test_paths_none_with_reason(small):
    none = small.paths("Ann", "Eve")
    assert none.empty and list(none.columns)[:3] == ["path", "length", "text"]
    assert "no path between Ann and Eve passing through no country" in none.attrs["reason"]
    short = small.paths("Ann", "Dee", max_length=3)
    assert short.empty and "at most 3 links" in short.attrs["reason"]
    capped = small.paths("Ann", "Dee", degree_cap=1)
    assert capped.empty and "more than 1 films" in capped.attrs["reason"]
    # Through a country Ann does reach Eve.
    assert small.paths("Ann", "Eve", exclude_kinds=None)["length"].tolist() == [4]


def test_paths_errors(small):
    with pytest.raises(NodeNotFoundError, match="no film or .* named 'Nobody'"):
        small.paths("Ann", "Nobody")
    with pytest.raises(ValueError, match="same node"):
        small.paths("Ann", "person:ann")
    with pytest.raises(ValueError, match="unknown node kind 'planet'"):
        small.paths("Ann", "Dee", exclude_kinds=["planet"])
    with pytest.raises(ValueError, match="k must be 1 or more"):
        small.paths("Ann", "Dee", k=0)


def test_node_names_and_ambiguity(write):
    films = write("films.csv", """
        film_id,title
        a,Broken
        b,Other
    """)
    links = write("links.csv", """
        film_id,relation,name
        b,cast,Broken
    """)
    g = reelgraph.FilmGraph.from_files(films, links)
    with pytest.raises(AmbiguousNodeError, match="'film:Broken', 'person:Broken'"):
        g.node("Broken")
    assert g.node("film:Broken") == g.film("Broken")
    assert g.core.kind(g.node("person:Broken")) == "person"
    assert g.paths("film:Broken", "person:Broken").attrs["reason"].startswith("no path")


# ------------------------------------------------------------ structure

def test_components(small):
    c = small.components()
    assert c["size"].tolist() == [11, 3]
    assert c.loc[0, ["films", "people", "companies"]].tolist() == [4, 5, 2]
    assert c.loc[1, "titles"] == ["Four"]
    members = small.components(members=True).set_index("name")
    assert members.loc["Eve", "component"] == members.loc["Four", "component"] == 1
    # Countries join everything.
    assert len(small.components(relations=["country"])) == 1


def test_betweenness_matches_networkx_exactly(small):
    nx = pytest.importorskip("networkx")
    ours = small.betweenness().set_index("vertex")
    graph = nx.Graph(small.to_networkx(relations=list(reelgraph.collab.CREDITS)))
    theirs = nx.betweenness_centrality(graph)
    raw = nx.betweenness_centrality(graph, normalized=False)
    assert set(ours.index) == set(theirs)
    for v, value in theirs.items():
        assert ours.loc[v, "betweenness"] == pytest.approx(value, abs=1e-12)
        assert ours.loc[v, "pairs"] == pytest.approx(raw[v], abs=1e-12)
    assert ours.attrs["sources"] == len(ours)
    # Bob sits between One and Two... and Cid between the two halves.
    assert ours.loc[small.node("Cid"), "pairs"] > ours.loc[small.node("Bob"), "pairs"]


def test_betweenness_sampled_is_seeded(small):
    a = small.betweenness(samples=5, seed=1)
    b = small.betweenness(samples=5, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["sources"] == 5
    exact = small.betweenness()
    assert not np.allclose(a.sort_values("vertex")["pairs"], exact.sort_values("vertex")["pairs"])
    cocredit = small.betweenness("cocredit", top_k=None).set_index("name")
    # Cid is the one bridge between Ann, Bob and Dee, Gus: 2 x 2 pairs; Dee joins Gus to the other three.
    assert cocredit.loc["Cid", "pairs"] == pytest.approx(4.0)
    assert cocredit.loc["Dee", "pairs"] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="network must be"):
        small.betweenness("films")


def test_communities(small):
    pytest.importorskip("networkx")
    c = small.communities(top_k=None)
    community = dict(zip(c["name"], c["community"]))
    assert community["Eve"] == community["Fay"]
    assert community["Eve"] != community["Ann"]
    assert community["Ann"] == community["Bob"]
    assert (c["community_size"] == c.groupby("community")["vertex"].transform("size")).all()


def test_coproduction(small):
    by_year = small.coproduction()
    assert by_year[["a", "b"]].drop_duplicates().values.tolist() == [["X", "Y"]]
    assert by_year["period"].tolist()[0] == 2002 and pd.isna(by_year["period"].tolist()[1])
    assert by_year["titles"].tolist() == [["Two"], ["Four"]]
    decades = small.coproduction(by="decade")
    assert decades["period"].tolist()[0] == 2000
    companies = small.coproduction("company")
    assert companies[["a", "b", "films"]].values.tolist() == [["Acme", "Beta", 1]]
    with pytest.raises(ValueError, match="kind must be"):
        small.coproduction("language")
    with pytest.raises(ValueError, match="by must be"):
        small.coproduction(by="month")


# ------------------------------------------------------------ networkx export

def test_to_networkx(small):
    nx = pytest.importorskip("networkx")
    g = small.to_networkx()
    assert isinstance(g, nx.MultiGraph)
    two = small.film("Two")
    ann = small.node("Ann")
    assert g.nodes[two] == {"kind": "film", "name": "Two", "year": 2002, "key": "film:two"}
    assert g.nodes[small.film("Four")]["year"] is None
    assert {d["relation"] for d in g.get_edge_data(two, ann).values()} == {"directed_by", "produced_by"}
    assert g.number_of_edges() == 23
    only = small.to_networkx(films=["One"], relations=["cast"])
    assert sorted(d["name"] for _, d in only.nodes(data=True)) == ["Bob", "Cid", "One"]


def test_networkx_missing_is_a_clear_error(small, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match="pip install networkx"):
        small.to_networkx()
    with pytest.raises(ImportError, match="pip install networkx"):
        small.communities()


# ------------------------------------------------------------ the seed world

def test_seed_collaborators_of_kim_gwang_hun(seed):
    c = seed.collaborators("Kim Gwang-Hun")  # an alias finds him too
    assert {"Nicholas Bonner", "Anja Daelemans", "Han Jong Sim", "Alain Dessauvage"} <= set(c["collaborator"])
    assert (c["films"] == 1).all() and (c["titles"].map(tuple) == ("Comrade Kim Goes Flying",)).all()
    bonner = c.set_index("collaborator").loc["Nicholas Bonner"]
    assert bonner["roles"] == ["directed_by", "produced_by"]
    companies = seed.collaborators("Kim Gwang Hun", roles=["production_company"])
    assert "Koryo Group" in set(companies["collaborator"])


def test_seed_path_through_the_miff_edition(seed):
    p = seed.paths("Comrade Kim Goes Flying", "Sightseers")
    assert p["text"].tolist() == ["Comrade Kim Goes Flying (2012) —screened at→ MIFF 2013 ←screened at— Sightseers"]
    wheatley = seed.paths("Kim Gwang Hun", "Ben Wheatley")
    assert wheatley.loc[0, "names"][2:4] == ["MIFF 2013", "Sightseers"]
    # Koryo Group's documentaries never screened anywhere the data knows of.
    none = seed.paths("A State of Mind", "Sightseers", relations=["screened_at", "directed_by"])
    assert none.empty and "not connected" in none.attrs["reason"]


def test_seed_structure(seed):
    comps = seed.components()
    assert comps.loc[0, "titles"][0] == "Comrade Kim Goes Flying"
    assert comps["size"].sum() == len(seed.components(members=True))
    top = seed.betweenness()
    assert top.loc[0, "name"] == "Comrade Kim Goes Flying"
    pairs = seed.coproduction()
    assert len(pairs) == 3 and set(pairs["period"]) == {2012}


def test_readme_collaborations_output_is_what_the_example_prints(capsys):
    from pathlib import Path
    import re

    readme = (Path(__file__).resolve().parents[2] / "docs" / "collaborations.md").read_text()
    section = readme
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    printed = re.search(r"prints\n\n```\n(.*?)```", section, flags=re.S).group(1)
    exec(compile(code, "docs/collaborations.md", "exec"), {})
    assert capsys.readouterr().out == printed
