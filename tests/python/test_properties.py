"""Property tests (hypothesis) of the see-also options and of the loaders: for
any value of any option, and any bytes given as a snapshot, manifest or table,
the answer is a well-formed result or one of the documented errors - never a
crash, another exception, or a result that breaks its own invariants."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import reelgraph  # noqa: E402
from reelgraph import FilmGraph  # noqa: E402
from reelgraph.export import spreadsheet_safe  # noqa: E402
from reelgraph.importers import ManifestError, read_manifest  # noqa: E402
from reelgraph.tables import InputError  # noqa: E402

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
RELATIONS = reelgraph._core.relations()
# The errors an option may be refused with: a ValueError (bad value, unknown
# name; SnapshotError and InputError are ValueErrors too), a TypeError (a
# value of the wrong type), an OverflowError (a number past what the core
# takes) and KeyError (a film that is not there).
REFUSALS = (ValueError, TypeError, OverflowError, KeyError)


@pytest.fixture(scope="module")
def world() -> FilmGraph:
    return FilmGraph.seed_world()


big_ints = st.one_of(st.integers(min_value=-3, max_value=50), st.integers(min_value=-2**70, max_value=2**70),
                     st.sampled_from([2**31 - 1, 2**32, 2**61, 2**63 - 1, 2**63, 2**64 - 1, 2**64]))
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=0, max_value=5))
options = st.fixed_dictionaries({}, optional={
    "k": big_ints,
    "hub_degree": st.one_of(st.none(), big_ints),
    "min_year": st.one_of(st.none(), st.integers(min_value=-40000, max_value=40000)),
    "max_year": st.one_of(st.none(), st.integers(min_value=-40000, max_value=40000)),
    "max_per_director": st.one_of(st.none(), big_ints),
    "weights": st.dictionaries(st.sampled_from(RELATIONS + ["nonsense"]), floats, max_size=4),
    "relations": st.one_of(st.none(), st.lists(st.sampled_from(RELATIONS + ["nonsense"]), max_size=4)),
    "method": st.sampled_from(["cooccurrence", "pathsim", "ppr", "rp3beta", "other"]),
    "hub_weighting": st.sampled_from(["none", "resource_allocation", "adamic_adar", "idf", "other"]),
    "normalization": st.sampled_from(["none", "cosine", "pathsim", "other"]),
    "exclude_same_director": st.booleans(),
    "ppr_alpha": floats,
    "ppr_epsilon": floats,
    "rp3_alpha": floats,
    "popularity_beta": st.one_of(st.none(), floats),
    "hub_walk_limit": st.one_of(st.none(), big_ints),
})


@SETTINGS
@given(opts=options, film=st.integers(min_value=-2, max_value=200))
def test_any_options_give_a_well_formed_list_or_a_clear_refusal(world, opts, film):
    try:
        raw = world.see_also_arrays(film, **opts)
    except REFUSALS:
        return
    films, scores = raw["films"].tolist(), raw["scores"].tolist()
    k = opts.get("k", 10)
    assert len(films) <= min(k, world.n_films - 1)
    assert film not in films and len(set(films)) == len(films)
    assert all(0 <= f < world.n_films for f in films)
    assert all(math.isfinite(s) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    offsets = raw["term_offsets"].tolist()
    assert len(offsets) == len(films) + 1 and offsets == sorted(offsets)


@SETTINGS
@given(k=big_ints, chunk=st.one_of(st.integers(min_value=-2, max_value=5), st.sampled_from([2**63, 2**64 - 1])),
       films=st.lists(st.integers(min_value=0, max_value=30), max_size=5))
def test_any_batch_sizes_answer_each_film_as_see_also_does(world, k, chunk, films):
    try:
        got = world.see_also_all(k=k, films=films or None, chunk=chunk, progress=False, arrays=True)
    except REFUSALS + (MemoryError,):
        return
    for film in films[:3]:
        expected = world.see_also_arrays(film, k=k)["films"].tolist()
        assert got["film"][got["query"] == film].tolist()[:len(expected)] == expected


@pytest.fixture(scope="module")
def snapshot_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("prop") / "seed.rg"
    FilmGraph.seed_world().save(path)
    return path.read_bytes()


def _exercise(graph: FilmGraph) -> None:
    """Every query a caller might make after a load: none may fail with anything but a refusal."""
    for film in range(min(graph.n_films, 5)):
        graph.see_also(film, k=5)
        graph.core.name(film)
    graph.info()


@SETTINGS
@given(data=st.data())
def test_any_damage_to_a_snapshot_is_refused_or_harmless(tmp_path, snapshot_bytes, data):
    raw = bytearray(snapshot_bytes)
    how = data.draw(st.sampled_from(["flip", "truncate", "extend", "sealed-flip"]))
    if how == "truncate":
        raw = raw[:data.draw(st.integers(min_value=0, max_value=len(raw) - 1))]
    elif how == "extend":
        raw += data.draw(st.binary(min_size=1, max_size=64))
    else:
        for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
            at = data.draw(st.integers(min_value=0 if how == "flip" else 64, max_value=len(raw) - 1))
            raw[at] = data.draw(st.integers(min_value=0, max_value=255))
        if how == "sealed-flip":  # checksums redone: the structural checks must hold on their own
            xxhash = pytest.importorskip("xxhash")
            raw[32:40] = xxhash.xxh3_64_intdigest(bytes(raw[64:])).to_bytes(8, "little")
            raw[56:64] = xxhash.xxh3_64_intdigest(bytes(raw[:56])).to_bytes(8, "little")
    path = tmp_path / "damaged.rg"
    path.write_bytes(bytes(raw))
    try:
        graph = reelgraph.load(path)
    except reelgraph.SnapshotError:
        return
    _exercise(graph)


toml_values = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.lists(st.text(max_size=8), max_size=3))
manifest_text = st.one_of(
    st.text(max_size=300),
    st.builds(lambda root, kind, extra: (f"root = {root!r}\n" if root is not None else "")
              + f"[[source]]\nkind = {kind!r}\n" + "".join(f"{k} = {v!r}\n" for k, v in extra.items()),
              st.one_of(st.none(), st.sampled_from([".", "..", "/", "sub", "${HOME}"])),
              st.sampled_from(["cannes", "imdb", "imdb5000", "oscars", "festival_programmes", "nope"]),
              st.dictionaries(st.sampled_from(["path", "title_basics", "title_types", "pattern", "adult", "block_size",
                                               "links"]),
                              st.one_of(st.sampled_from(["films.csv", "../films.csv", "/etc/passwd", "sub", "",
                                                         "*.csv", "../*"]), st.just([]), st.integers(-2, 2**40)),
                              max_size=4)),
)


@SETTINGS
@given(text=manifest_text)
def test_any_manifest_text_is_read_or_refused_with_a_manifest_error(tmp_path, text):
    folder = tmp_path / "m"
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "films.csv").write_text("film_id,title\n")
    (tmp_path / "films.csv").write_text("outside\n")
    manifest = folder / "m.toml"
    manifest.write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) else \
        manifest.write_bytes(text.encode("utf-8", "replace"))
    try:
        entries = read_manifest(manifest)
    except ManifestError:
        return
    for entry in entries:
        for key, value in entry.items():
            if isinstance(value, Path) and key != "root":
                # Every file a manifest names is inside its root.
                assert value.resolve().is_relative_to(entry["root"].resolve()), (key, value)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


cells = st.one_of(st.text(max_size=12), st.sampled_from(["", "2003", "2_003", "\uff12\uff10\uff10\uff13", "2e3", "\u200b",
                                                         "nan", "-1", "1e309", "tt0000001", "\x00"]))


@SETTINGS
@given(rows=st.lists(st.tuples(cells, cells, cells), max_size=6),
       links=st.lists(st.tuples(cells, st.sampled_from(RELATIONS + ["bad"]), cells), max_size=6),
       on_error=st.sampled_from(["raise", "skip"]))
def test_any_table_cells_build_a_graph_or_are_refused_at_their_row(rows, links, on_error):
    films = pd.DataFrame(rows, columns=["film_id", "title", "year"])
    link_table = pd.DataFrame(links, columns=["film_id", "relation", "name"])
    try:
        graph = FilmGraph.from_tables(films, link_table, on_error=on_error)
    except InputError as exc:
        assert on_error == "raise" and exc.file
        return
    report = graph.report
    for table in report.tables:  # every row read is used (merged ones among them), skipped or rejected: once
        assert table.rows_read == table.rows_used + table.skipped + table.rows_rejected, table
        assert table.duplicates <= table.rows_used
    for film in range(graph.n_films):
        assert graph.core.name(film).strip()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=20))
def test_the_formula_guard_quotes_exactly_the_cells_a_spreadsheet_could_run(text):
    out = spreadsheet_safe(text)
    assert out in (text, "'" + text)
    visible = [c for c in text if unicodedata.category(c) not in {"Cf", "Cc", "Zs", "Zl", "Zp"}]
    risky = text.startswith(("=", "+", "-", "@", "\t", "\r")) or (
        bool(visible) and unicodedata.normalize("NFKC", visible[0]).startswith(("=", "+", "-", "@")))
    assert (out != text) == risky
