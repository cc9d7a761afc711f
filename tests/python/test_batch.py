"""Batch see-also: every film's list at once, chunked, threaded, cancellable."""

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import _core

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _catalogue_module():
    spec = importlib.util.spec_from_file_location("see_also_latency", BENCHMARKS / "see_also_latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic():
    """A few thousand films with heavy-tailed credits and giant hubs."""
    films, links = _catalogue_module().synthetic_catalogue(3000, seed=3)
    return reelgraph.FilmGraph.from_tables(films, links)


def live_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def threads_after_join(expected: int) -> int:
    """Threads left once joined workers are gone: the kernel may list a joined thread a moment longer."""
    deadline = time.monotonic() + 2.0
    n = live_threads()
    while n > expected and time.monotonic() < deadline:
        time.sleep(0.001)
        n = live_threads()
    return n


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")


def single_calls(graph, films, k, **options):
    """The batch's arrays, built from one see_also_arrays call a film."""
    query, rank, film, score, top = [], [], [], [], []
    for q in films:
        raw = graph.see_also_arrays(int(q), k, **options)
        n = len(raw["films"])
        query += [q] * n
        rank += list(range(1, n + 1))
        film += raw["films"].tolist()
        score += raw["scores"].tolist()
        top += [raw["term_entity"][raw["term_offsets"][i]] for i in range(n)]
    return {"query": np.array(query, dtype=np.uint32), "rank": np.array(rank, dtype=np.uint32),
            "film": np.array(film, dtype=np.uint32), "score": np.array(score), "top_entity": np.array(top, dtype=np.uint32)}


def assert_same(batch: dict, expected: dict):
    for key, values in expected.items():
        np.testing.assert_array_equal(batch[key], values, err_msg=key)


def test_seed_world_batch_equals_see_also_for_every_film(seed):
    frame = seed.see_also_all(k=10, progress=False, reasons="full")
    assert frame["film"].nunique() >= seed.n_films - 1  # one seed film shares nothing
    for film in range(seed.n_films):
        rows = frame[frame["film"] == film]
        single = seed.see_also(film, k=10)
        assert rows["rank"].tolist() == single["rank"].tolist()
        assert rows["related"].tolist() == single["film"].tolist()
        assert rows["related_title"].tolist() == single["title"].tolist()
        assert rows["related_id"].tolist() == single["film_id"].tolist()
        assert rows["score"].tolist() == single["score"].tolist()  # bit for bit
        assert rows["reason"].tolist() == single["reason"].tolist()
        tops = [e[0] for e in single["explanation"]]
        assert rows["top_entity"].tolist() == [t["name"] for t in tops]
        assert rows["top_contribution"].tolist() == [t["contribution"] for t in tops]
        assert (rows["title"] == seed.titles()[int(film)]).all()


def test_seed_world_with_options(seed):
    options = dict(min_year=2000, relations=["production_company", "directed_by", "screened_at"],
                   hub_weighting="idf", normalization="pathsim")
    batch = seed.see_also_all(k=4, progress=False, arrays=True, **options)
    assert len(batch["film"]) > 0
    assert_same(batch, single_calls(seed, range(seed.n_films), 4, **options))


def test_top_reason_is_the_largest_term_in_words(seed):
    frame = seed.see_also_all(k=3, films=["Comrade Kim Goes Flying"], progress=False)
    assert frame["reason"].iloc[0] == "same production company Koryo Group"
    assert (frame["title"] == "Comrade Kim Goes Flying").all()


def test_synthetic_batch_equals_see_also_for_every_film(synthetic):
    batch = synthetic.see_also_all(k=20, threads=2, progress=False, arrays=True)
    expected = single_calls(synthetic, range(synthetic.n_films), 20)
    assert len(expected["film"]) > 10 * synthetic.n_films
    assert_same(batch, expected)


def test_same_output_whatever_threads_and_chunks(synthetic):
    order = np.random.default_rng(1).permutation(synthetic.n_films)[:1500]
    reference = synthetic.see_also_all(k=10, films=order, threads=1, chunk=1024, progress=False, arrays=True)
    # Every film with a list of its own (a film sharing only broad traits has none) is there.
    with_list = [f for f in order.tolist() if len(synthetic.see_also_arrays(int(f), 10)["films"])]
    assert len(with_list) > 0.8 * len(order)
    assert np.array_equal(np.unique(reference["query"]), np.unique(with_list))
    for threads in (1, 2, 4):
        for chunk in (1, 97, 5000):
            got = synthetic.see_also_all(k=10, films=order, threads=threads, chunk=chunk, progress=False, arrays=True)
            assert_same(got, reference)


def test_iter_yields_chunks_in_list_order(synthetic):
    order = np.arange(synthetic.n_films)[::-1][:1000]
    frames = list(synthetic.iter_see_also(5, order, chunk=300, threads=2))
    assert len(frames) == 4
    seen = pd.concat(frames)["film"].drop_duplicates().tolist()
    assert seen == [f for f in order.tolist() if f in set(seen)]  # list order, not vertex order
    assert frames[0]["film"].iloc[0] == order[0]
    assert frames[-1]["film"].isin(order[900:]).all()


@needs_proc
def test_leaving_the_loop_early_stops_the_workers(synthetic):
    before = live_threads()
    batch = synthetic.iter_see_also(20, np.tile(np.arange(synthetic.n_films), 20), chunk=64, threads=2)
    next(batch)
    assert live_threads() > before
    batch.close()
    assert threads_after_join(before) == before


def test_callback_stops_and_exceptions_pass_through(synthetic):
    got = []
    summary = _core.see_also_batch(synthetic.core, None, k=5, chunk=100, threads=2,
                                   callback=lambda d: got.append(d["index"]) or len(got) < 3)
    assert got == [0, 1, 2]
    assert summary == {"films_done": 300, "chunks": 3, "cancelled": True}

    def fail(d):
        raise LookupError("from the callback")

    with pytest.raises(LookupError, match="from the callback"):
        _core.see_also_batch(synthetic.core, None, k=5, chunk=100, threads=2, callback=fail)


def test_chunk_arrays_are_laid_out_as_documented(synthetic):
    chunks = []
    _core.see_also_batch(synthetic.core, np.array([5, 7, 5]), k=4, chunk=2, callback=chunks.append)
    assert [c["index"] for c in chunks] == [0, 1] and [c["first"] for c in chunks] == [0, 2]
    first = chunks[0]
    assert first["queries"].tolist() == [5, 7]
    offsets = first["offsets"]
    for i, q in enumerate(first["queries"]):
        rows = slice(offsets[i], offsets[i + 1])
        single = synthetic.see_also_arrays(int(q), 4)
        assert first["film"][rows].tolist() == single["films"].tolist()
        assert (first["query"][rows] == q).all()
        assert first["rank"][rows].tolist() == list(range(1, offsets[i + 1] - offsets[i] + 1))
    t = first["term_offsets"]
    assert len(t) == len(first["film"]) + 1
    assert np.allclose(np.add.reduceat(first["term_contribution"], t[:-1]), first["score"])
    assert (first["top_entity"] == first["term_entity"][t[:-1]]).all()


def test_empty_list_and_k_zero(seed):
    empty = seed.see_also_all(films=np.array([], dtype=np.int64), progress=False)
    assert len(empty) == 0
    full = seed.see_also_all(k=2, progress=False)
    assert list(empty.columns) == list(full.columns)
    nothing = seed.see_also_all(k=0, progress=False, arrays=True)
    assert all(len(v) == 0 for v in nothing.values())
    assert list(seed.iter_see_also(0, chunk=5)) and all(len(f) == 0 for f in seed.iter_see_also(0, chunk=5))


def test_bad_arguments_fail_before_any_work(seed):
    with pytest.raises(ValueError, match=r"films\[1\] = 9999 is not a film"):
        seed.see_also_all(films=np.array([0, 9999]), progress=False)
    with pytest.raises(reelgraph.FilmNotFoundError):
        seed.see_also_all(films=["No Such Film Anywhere"], progress=False)
    with pytest.raises(TypeError, match="unknown see-also option"):
        seed.iter_see_also(5, year=2012)
    with pytest.raises(ValueError, match="chunk must be 1 or more"):
        seed.iter_see_also(5, chunk=0)
    with pytest.raises(ValueError, match="hub_weighting"):
        seed.iter_see_also(5, hub_weighting="pagerank")


def test_progress_bar_counts_films(seed, capsys):
    seed.see_also_all(k=2, chunk=4, progress=True)
    err = capsys.readouterr().err
    assert f"{seed.n_films}/{seed.n_films}" in err


INTERRUPTED = textwrap.dedent("""
    import importlib.util, os, signal, sys
    import numpy as np
    import reelgraph
    from reelgraph import _core

    # Started as a shell's background job, a process inherits SIGINT ignored;
    # the Ctrl-C this test stands for is a terminal's, which Python handles.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    spec = importlib.util.spec_from_file_location("catalogue", sys.argv[1])
    catalogue = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalogue)
    films, links = catalogue.synthetic_catalogue(4000, seed=2)
    graph = reelgraph.FilmGraph.from_tables(films, links)
    order = np.tile(np.arange(graph.n_films), 2000)  # far more work than the test waits for
    before = len(os.listdir("/proc/self/task"))
    try:
        if sys.argv[2] == "iter":
            for i, frame in enumerate(graph.iter_see_also(20, order, threads=2, reasons=None)):
                if i == 0:
                    print("running", flush=True)
        else:  # one worker, big chunks: the calling thread mostly waits in C++
            print("running", flush=True)
            _core.see_also_batch(graph.core, order, k=20, threads=1, chunk=200000,
                                 callback=lambda d: None)
        print("finished", flush=True)
    except KeyboardInterrupt:
        import time
        deadline = time.monotonic() + 2.0  # a joined thread may stay listed a moment
        while len(os.listdir("/proc/self/task")) > before and time.monotonic() < deadline:
            time.sleep(0.001)
        print("KeyboardInterrupt, threads left:", len(os.listdir("/proc/self/task")) - before, flush=True)
""")


@needs_proc
@pytest.mark.parametrize("mode", ["iter", "wait"])
def test_ctrl_c_stops_a_long_batch(tmp_path, mode):
    script = tmp_path / "long_batch.py"
    script.write_text(INTERRUPTED)
    child = subprocess.Popen([sys.executable, str(script), str(BENCHMARKS / "see_also_latency.py"), mode],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "running"
        if mode == "wait":
            time.sleep(1)  # well inside the first (long) chunk
        child.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = child.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert "KeyboardInterrupt, threads left: 0" in out, (out, err)
    assert child.returncode == 0, err
    assert took < 10, f"{took:.1f} s from SIGINT to exit"
