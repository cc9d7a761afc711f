"""See-also options: one definition in the core, taken by every path, none dropped.

The walk below covers every option of reelgraph.options.OPTIONS: for each one
a value (and, where needed, the options it acts under) that changes the
result; each path (see_also, see_also_many, see_also_all, export, and the CLI's
see-also and export) must give exactly what see_also gives with the option, and
see_also with the option must differ from see_also without it. An option added
to the core without a case here fails test_every_option_has_a_case.
"""

import argparse
import inspect
import json

import numpy as np
import pytest

import reelgraph
from reelgraph import _core, options as opts, synthetic
from reelgraph.cli import _parser, main

QUERIES = list(range(0, 600, 37))  # vertex ids of the films asked about
K = 6


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tables = synthetic.generate(films=600, seed=1)
    graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)
    snapshot = graph.save(tmp_path_factory.mktemp("options") / "g.rg")
    graph = reelgraph.load(snapshot)
    festival = tables.links.to_pandas().dropna(subset=["year"]).iloc[0]
    company = graph.links(0).query("kind == 'company'").key.iloc[0]
    return {
        "graph": graph, "snapshot": snapshot,
        "edition": f"{festival['name']} {int(festival['year'])}",
        "entity": int(graph.core.find_entity("company", company)),
        "popularity": np.random.default_rng(0).uniform(1, 100, graph.n_films),
    }


def cases(world) -> dict:
    """option -> (value, the options it acts under, whether it changes the lists)."""
    return {
        "k": (3, {}, True),
        "method": ("ppr", {}, True),
        "weights": ({"cast": 5.0, "genre": 0.0}, {}, True),
        "relations": (["cast", "directed_by"], {}, True),
        "hub_weighting": ("none", {}, True),
        "evidence_degree": (3, {}, True),
        # The synthetic world credits no one in two roles on films that share them:
        # its effect is checked in tests/cpp/see_also_roles_test.cpp; here every path takes it.
        "cross_role": (1.0, {}, False),
        "normalization": ("cosine", {}, True),
        "hub_degree": (3, {"pad": True}, True),
        "pad": (True, {"hub_degree": 3}, True),
        "hub_walk_limit": (1, {"hub_degree": 3, "pad": True}, True),
        "prune_by_bounds": (False, {}, False),  # the same lists, by design: only the work differs
        "min_year": (2000, {}, True),
        "max_year": (1980, {}, True),
        "exclude_same_director": (True, {}, True),
        "within": ([world["entity"]], {}, True),
        "max_per_director": (1, {}, True),
        "ppr_alpha": (0.6, {"method": "ppr"}, True),
        "ppr_epsilon": (1e-2, {"method": "ppr"}, True),
        "rp3_alpha": (0.5, {"method": "rp3beta"}, True),
        "popularity_beta": (1.0, {}, True),
        "popularity": (world["popularity"], {"popularity_beta": 1.0}, True),
        "edition": (world["edition"], {}, True),
    }


def rows(frame, film_column="film_id", related="related_id", rank="rank", score="score"):
    return [(a, b, int(r), round(float(s), 9)) for a, b, r, s in
            zip(frame[film_column], frame[related], frame[rank], frame[score])]


def single(graph, given: dict) -> list:
    """What see_also gives for every query film: the yardstick of the other paths."""
    given = dict(given)
    k = given.pop("k", K)
    out = []
    for q in QUERIES:
        frame = graph.see_also(q, k, **given)
        film_id = graph.film_ids([q])[0]
        out += [(film_id, b, int(r), round(float(s), 9)) for b, r, s in zip(frame.film_id, frame["rank"], frame.score)]
    return out


def cli_flags(name: str, value, tmp_path) -> list[str]:
    flag = "--" + name.replace("_", "-")
    if isinstance(value, bool):
        return [flag if value else "--no-" + name.replace("_", "-")]
    if isinstance(value, np.ndarray):
        path = tmp_path / f"{name}.npy"
        np.save(path, value)
        return [flag, str(path)]
    if isinstance(value, dict):
        return [flag, ",".join(f"{k}={v}" for k, v in value.items())]
    if isinstance(value, list):
        return [flag, ",".join(map(str, value))]
    return [flag, str(value)]


def test_every_option_has_a_case(world):
    assert set(cases(world)) == set(opts.NAMES)


def test_the_options_are_the_cores():
    fields = _core.SeeAlsoOptions.fields()
    assert [o.name for o in opts.OPTIONS[: len(fields)]] == [f[0] for f in fields]
    defaults = _core.SeeAlsoOptions()
    for name, type_, default, doc in fields:
        assert doc and type_
        if name != "weights":  # spelled None: the learned table (default_weights())
            assert getattr(defaults, name) == default or (default is None and getattr(defaults, name) is None)
    assert _core.SeeAlsoOptions().weights == _core.default_weights()
    # What IDEs read agrees with the core's list.
    assert set(opts.SeeAlsoKwargs.__annotations__) == set(opts.NAMES) - {"k"}
    assert opts.METHODS == ("cooccurrence", "pathsim", "ppr", "rp3beta")
    assert set(opts.RELATIONS) == set(_core.relations())


@pytest.mark.parametrize("function", ["see_also", "see_also_many", "see_also_arrays", "iter_see_also", "see_also_all"])
def test_signatures_list_every_option_and_typos_name_the_function(world, function):
    method = getattr(world["graph"], function)
    params = inspect.signature(method).parameters
    assert set(opts.NAMES) <= set(params)
    assert all(params[n].kind in (params[n].KEYWORD_ONLY, params[n].POSITIONAL_OR_KEYWORD) for n in opts.NAMES)
    assert params["min_year"].default == 0 and params["method"].default == "cooccurrence"
    first = [0] if function == "see_also_many" else ([0] if function in ("see_also", "see_also_arrays") else [])
    with pytest.raises(TypeError, match=rf"^{function}\(\) got an unexpected keyword argument 'min_yaer'.*"
                                        r"did you mean 'min_year'\?"):
        method(*first, min_yaer=2000)


def test_export_signature_and_typo(world, tmp_path):
    params = inspect.signature(reelgraph.export).parameters
    assert set(opts.NAMES) <= set(params) and "reasons" in params
    with pytest.raises(TypeError, match=r"^export\(\) got an unexpected keyword argument 'min_yaer'"):
        reelgraph.export(world["snapshot"], tmp_path / "x", min_yaer=2000)


def test_cli_has_a_flag_per_option():
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for command in ("see-also", "export"):
        flags = {s for a in commands[command]._actions for s in a.option_strings}
        for name in opts.NAMES:
            if name != "k":
                assert "--" + name.replace("_", "-") in flags, (command, name)


def test_bad_values_are_refused_once_by_the_core_naming_the_keyword(world):
    g = world["graph"]
    for given, error, message in [
        ({"hub_walk_limit": -1}, ValueError, r"hub_walk_limit must be 0 \(no limit\) or more, not -1"),
        ({"k": -2}, ValueError, "k must be 0 or more, not -2"),
        ({"method": "pagerank"}, ValueError, "method must be one of cooccurrence, pathsim, ppr, rp3beta, not 'pagerank'"),
        ({"relations": ["directer"]}, ValueError, "relations names unknown relation 'directer'"),
        ({"weights": {"cast": "x"}}, TypeError, "weights must be a number, not 'x'"),
        ({"exclude_same_director": "yes"}, TypeError, "exclude_same_director must be True or False, not 'yes'"),
        ({"ppr_alpha": 2.0}, ValueError, r"ppr_alpha must be in \(0, 1\]"),
        ({"max_per_director": 1.5}, TypeError, "max_per_director must be a whole number"),
    ]:
        # The same message on every path: it comes from one place.
        with pytest.raises(error, match=message):
            g.see_also(0, **given)
        with pytest.raises(error, match=message):
            g.see_also_all(films=[0], progress=False, **given)


def test_every_path_takes_every_option(world, tmp_path, capsys):
    g, snapshot = world["graph"], world["snapshot"]
    query_ids = g.film_ids(QUERIES)
    for name, (value, base, changes) in cases(world).items():
        given = {**base, name: value}
        expected = single(g, given)
        assert expected, name
        without = single(g, base)
        assert (expected != without) == changes, name

        k = given.pop("k", K)
        # see_also_many with one seed is see_also
        many = []
        for q, film_id in zip(QUERIES, query_ids):
            frame = g.see_also_many([q], k, **given)
            many += [(film_id, b, int(r), round(float(s), 9)) for b, r, s in zip(frame.film_id, frame["rank"], frame.score)]
        assert many == expected, name

        batch = g.see_also_all(k, films=QUERIES, progress=False, threads=2, chunk=5, **given)
        assert rows(batch) == expected, name

        out = tmp_path / f"export-{name}"
        reelgraph.export(snapshot, out, k=k, films=QUERIES, part_films=7, threads=2, progress=False, **given)
        assert rows(reelgraph.read_export(out)) == expected, name

        flags = [f for key, v in given.items() for f in cli_flags(key, v, tmp_path)]
        cli_out = tmp_path / f"cli-{name}"
        assert main(["export", str(snapshot), "-o", str(cli_out), "-k", str(k), *[a for i in query_ids for a in ("--film", i)],
                     "--quiet", *flags]) == 0, name
        capsys.readouterr()
        assert rows(reelgraph.read_export(cli_out)) == expected, name

        q, film_id = QUERIES[1], query_ids[1]
        assert main(["see-also", film_id, "--data", str(snapshot), "-k", str(k), "--json", *flags]) == 0, name
        data = json.loads(capsys.readouterr().out)
        got = [(film_id, r["film_id"], r["rank"], round(r["score"], 6)) for r in data["results"]]
        assert got == [(a, b, r, round(s, 6)) for a, b, r, s in expected if a == film_id], name
