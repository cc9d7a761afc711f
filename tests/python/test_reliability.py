"""Threads sharing one graph, requests refused for their size, and snapshot writes that fail."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import FilmGraph


@pytest.fixture(scope="module")
def catalogue() -> FilmGraph:
    """A synthetic catalogue: 1,500 films, each with a director, a few cast and a festival screening."""
    rng = np.random.default_rng(7)
    n = 1500
    films = pd.DataFrame({"film_id": [f"f{i}" for i in range(n)], "title": [f"Film {i}" for i in range(n)],
                          "year": rng.integers(1950, 2020, n)})
    rows = []
    for i in range(n):
        rows.append((f"f{i}", "directed_by", f"Director {rng.integers(0, n // 4)}", None, None))
        for c in rng.choice(n, size=4, replace=False):
            rows.append((f"f{i}", "cast", f"Actor {c}", None, None))
        rows.append((f"f{i}", "screened_at", f"Festival {rng.integers(0, 12)}", int(rng.integers(2000, 2010)), None))
    links = pd.DataFrame(rows, columns=["film_id", "relation", "name", "year", "section"])
    return FilmGraph.from_tables(films, links)


def answer(g: FilmGraph, film: int) -> tuple:
    raw = g.see_also_arrays(film, k=15)
    return tuple(raw[key].tolist() for key in ("films", "scores", "term_offsets", "term_entity", "term_contribution"))


def test_eight_threads_querying_one_graph_give_one_threads_answers(catalogue):
    films = list(range(0, len(catalogue), 3))
    expected = {f: answer(catalogue, f) for f in films}
    assert sum(len(a[0]) for a in expected.values()) > len(films) * 10  # answers worth comparing

    def sweep(seed: int) -> dict:
        order = np.random.default_rng(seed).permutation(films)
        return {int(f): answer(catalogue, int(f)) for f in order}

    with ThreadPoolExecutor(max_workers=8) as pool:
        for got in pool.map(sweep, range(8)):
            assert got == expected


def test_queries_run_and_agree_while_another_thread_is_inside_a_long_call(catalogue):
    """Betweenness runs with the GIL released: see-also answers come back, right, while it works."""
    films = list(range(0, len(catalogue), 50))
    expected = {f: answer(catalogue, f) for f in films}
    calls: list[tuple[float, float]] = []
    stop = threading.Event()
    failure: list[BaseException] = []

    def long_calls():
        try:
            deadline = time.monotonic() + 60
            while not stop.is_set() and time.monotonic() < deadline:
                start = time.monotonic()
                catalogue.betweenness(network="credits", samples=0)
                calls.append((start, time.monotonic()))
        except BaseException as exc:  # reported in the main thread
            failure.append(exc)

    worker = threading.Thread(target=long_calls)
    worker.start()
    try:
        answered: list[float] = []
        while not calls and worker.is_alive():  # until one long call has ended, and beyond
            for f in films:
                assert answer(catalogue, f) == expected[f]
                answered.append(time.monotonic())
        for f in films:
            assert answer(catalogue, f) == expected[f]
            answered.append(time.monotonic())
    finally:
        stop.set()
        worker.join()
    assert not failure, failure
    assert calls, "the long call never finished"
    # With the GIL held by the long call, no answer could land inside one.
    inside = [t for t in answered if any(s < t < e for s, e in calls)]
    assert inside, f"no query answered during any of {len(calls)} long calls"


# ------------------------------------------------------------ resource limits


def test_the_full_cocredit_projection_is_refused_with_its_size_before_it_is_built(catalogue):
    full = catalogue.cocredit_network(top_k=None)
    edges = len(full.edges)
    shared = int(full.edges["weight"].sum())
    # What the core would hold: each pair twice while deduplicated (8 bytes),
    # then a, b, weight and offset (16 bytes) per edge and 4 per shared film.
    need = 2 * edges * 8 + edges * 16 + shared * 4
    with pytest.raises(MemoryError) as caught:
        catalogue.cocredit_network(top_k=None, max_bytes=need - 1)
    err = caught.value
    assert isinstance(err, reelgraph.ResourceError)
    assert (err.bytes_needed, err.bytes_allowed) == (need, need - 1)
    assert f"would need {need} bytes" in str(err) and "top_k" in str(err)
    assert len(catalogue.cocredit_network(top_k=None, max_bytes=need).edges) == edges
    # top_k bounds the network, so a budget that refuses the full one does not apply.
    assert len(catalogue.cocredit_network(top_k=3, max_bytes=need - 1).edges) > 0
    with pytest.raises(ValueError, match="max_bytes"):
        catalogue.cocredit_network(top_k=None, max_bytes=0)


def test_coproduction_pairs_are_counted_before_they_are_made(seed):
    with pytest.raises(reelgraph.ResourceError, match=r"co-production pairs \(\d+ film-pair rows\) would need \d+ bytes"):
        seed.coproduction(max_bytes=1)
    assert len(seed.coproduction()) > 0


def test_k_larger_than_the_catalogue_is_clamped_not_allocated(seed):
    result = seed.see_also("Comrade Kim Goes Flying", k=10**12)
    assert 0 < len(result) < len(seed)
    assert result["title"].tolist() == seed.see_also("Comrade Kim Goes Flying", k=len(seed))["title"].tolist()


# ------------------------------------------------------------ snapshot writes


def test_a_failed_rename_leaves_no_partial_file(seed, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(reelgraph.SnapshotError, match="rename"):
        seed.save(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert list(target.iterdir()) == []


def test_a_write_that_fails_half_way_keeps_the_old_file_whole(seed, tmp_path):
    """The file-size limit makes the write fail part way through; the old snapshot must survive."""
    path = tmp_path / "g.rg"
    small = FilmGraph.from_tables(pd.DataFrame({"film_id": ["a"], "title": ["A"]}),
                                  pd.DataFrame({"film_id": ["a"], "relation": ["directed_by"], "name": ["X"]}))
    small.save(path)
    before = path.read_bytes()
    big = seed.save(tmp_path / "big.rg").stat().st_size
    (tmp_path / "big.rg").unlink()
    assert big > len(before) + 4096
    script = f"""
import resource, signal, reelgraph
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({len(before) + 4096}, resource.RLIM_INFINITY))
try:
    reelgraph.FilmGraph.seed_world().save({str(path)!r})
except reelgraph.SnapshotError as exc:
    print("refused:", exc)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.startswith("refused:") and "cannot write" in run.stdout, run.stdout + run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.rg"]
    assert path.read_bytes() == before
    assert len(FilmGraph.load(path)) == 1


# ------------------------------------------------------------ a query during an export


def test_queries_during_an_export_agree_and_the_export_bytes_do_not_change(catalogue, tmp_path):
    """One thread exports every list while another asks for see-also lists on the same graph.

    The queries give the answers they gave before the export began, and the
    export's files are byte for byte those of the same export run alone.
    """
    films = list(range(0, len(catalogue), 37))
    expected = {f: catalogue.see_also(f, k=10) for f in films}
    assert sum(len(df) for df in expected.values()) > len(films) * 5  # answers worth comparing
    options = dict(k=5, part_films=250, threads=2, progress=False)

    alone = reelgraph.export(catalogue, tmp_path / "alone", **options)
    window: list[float] = []
    failure: list[BaseException] = []

    def run_export():
        try:
            window.append(time.monotonic())
            reelgraph.export(catalogue, tmp_path / "shared", **options)
        except BaseException as exc:  # reported in the main thread
            failure.append(exc)
        finally:
            window.append(time.monotonic())

    worker = threading.Thread(target=run_export)
    worker.start()
    answered: list[float] = []
    try:
        deadline = time.monotonic() + 30
        while worker.is_alive() and time.monotonic() < deadline:
            for f in films:
                pd.testing.assert_frame_equal(catalogue.see_also(f, k=10), expected[f])
                answered.append(time.monotonic())
    finally:
        worker.join()
    assert not failure, failure
    start, end = window
    during = [t for t in answered if start < t < end]
    assert during, "no query was answered while the export ran"

    def folder(path):
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}

    assert folder(tmp_path / "shared") == folder(tmp_path / "alone")
    assert alone.parts == -(-len(catalogue) // 250) and (tmp_path / "shared" / "_SUCCESS").exists()
