"""Exports: every film's see-also list to a folder of parts, atomic, resumable, deterministic."""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reelgraph
from reelgraph import ExportError
from reelgraph.cli import main
from reelgraph.export import SUCCESS

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
PART_FILMS = 400


def _catalogue(n_films: int, seed: int):
    spec = importlib.util.spec_from_file_location("see_also_latency", BENCHMARKS / "see_also_latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_catalogue(n_films, seed)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A saved synthetic catalogue of 2,000 films (five parts of 400)."""
    films, links = _catalogue(2000, seed=5)
    path = tmp_path_factory.mktemp("graph") / "synthetic.rg"
    reelgraph.FilmGraph.from_tables(films, links).save(path)
    return path


@pytest.fixture(scope="module")
def graph(snapshot):
    return reelgraph.load(snapshot)


def folder_bytes(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.endswith(".rg")}


@pytest.fixture(scope="module")
def reference(snapshot, tmp_path_factory):
    """One uninterrupted local Parquet export on two threads, the yardstick of the others."""
    out = tmp_path_factory.mktemp("reference") / "out"
    summary = reelgraph.export(snapshot, out, k=5, part_films=PART_FILMS, threads=2, progress=False)
    return out, summary


def test_export_holds_each_films_see_also_list(reference, graph):
    out, summary = reference
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [f"part-{i:05d}.parquet" for i in range(5)]
    assert (out / SUCCESS).exists() and summary.parts == 5 and summary.films == 2000
    table = reelgraph.read_export(out)
    assert len(table) == summary.rows == json.loads((out / SUCCESS).read_text())["rows"]
    assert list(table.columns) == ["film_id", "title", "rank", "related_id", "related_title", "score", "reason", "terms"]
    # The rows of a few films are exactly their see_also lists, reasons included.
    for film in ("f0", "f777", "f1999"):
        mine = table[table.film_id == film].reset_index(drop=True)
        expected = graph.see_also(f"id:{film}", k=5)
        assert list(mine.related_id) == list(expected.film_id)
        assert list(mine["rank"]) == list(expected["rank"])
        np.testing.assert_allclose(mine.score, expected.score)
        assert list(mine.reason) == list(expected.reason)
        for got, want, score in zip(mine.terms, expected.explanation, mine.score):
            assert [t["name"] for t in got] == [t["name"] for t in want]
            np.testing.assert_allclose([t["contribution"] for t in got], [t["contribution"] for t in want])
            assert sum(t["contribution"] for t in got) == pytest.approx(score)
    # Film order is vertex order: part 0 starts with the first film.
    assert table.film_id.iloc[0] == "f0"


def test_export_is_byte_identical_run_to_run_and_across_thread_counts(reference, snapshot, tmp_path):
    out, _ = reference
    again = tmp_path / "again"
    reelgraph.export(snapshot, again, k=5, part_films=PART_FILMS, threads=1, progress=False)
    assert folder_bytes(again) == folder_bytes(out)


def test_interrupted_export_resumes_to_the_same_bytes(reference, snapshot, tmp_path):
    out, _ = reference
    target = tmp_path / "resumed"
    written = []

    def crash_after_two(sidecar):
        written.append(sidecar["part"])
        if len(written) == 2:
            raise KeyboardInterrupt  # as if Ctrl-C came after the second part

    with pytest.raises(KeyboardInterrupt):
        reelgraph.export(snapshot, target, k=5, part_films=PART_FILMS, threads=2, progress=False,
                         on_part=crash_after_two)
    assert not (target / SUCCESS).exists()
    assert sorted(p.name for p in target.glob("part-*.parquet")) == ["part-00000.parquet", "part-00001.parquet"]
    # A crashed writer's temporary file and a part cut short (its sidecar
    # disagrees) are both redone, never taken as whole.
    (target / ".part-00002.parquet.tmp-999").write_bytes(b"half")
    whole = (target / "part-00001.parquet").read_bytes()
    (target / "part-00001.parquet").write_bytes(whole[: len(whole) // 2])

    redone = []
    summary = reelgraph.export(snapshot, target, k=5, part_films=PART_FILMS, threads=2, progress=False,
                               on_part=lambda s: redone.append(s["part"]))
    assert sorted(redone) == [1, 2, 3, 4] and summary.parts_skipped == 1
    assert folder_bytes(target) == folder_bytes(out)
    # A finished export run again writes nothing.
    assert reelgraph.export(snapshot, target, k=5, part_films=PART_FILMS, progress=False).parts_skipped == 5


def test_a_killed_process_leaves_a_resumable_folder(reference, snapshot, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    out, _ = reference
    target = tmp_path / "killed"
    script = (f"import reelgraph, time\n"
              f"def slow(s): time.sleep(30 if s['part'] == 1 else 0)\n"
              f"reelgraph.export({str(snapshot)!r}, {str(target)!r}, k=5, part_films={PART_FILMS}, threads=1,"
              f" progress=False, on_part=slow)\n")
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not (target / "part-00001.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (target / "part-00001.json").exists()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert not (target / SUCCESS).exists()
    summary = reelgraph.export(snapshot, target, k=5, part_films=PART_FILMS, progress=False)
    assert summary.parts_skipped == 2
    assert folder_bytes(target) == folder_bytes(out)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_formats_hold_the_same_table(reference, snapshot, tmp_path, fmt):
    expected = reelgraph.read_export(reference[0])
    out = tmp_path / fmt
    reelgraph.export(snapshot, out, format=fmt, k=5, part_films=PART_FILMS, progress=False)
    assert sorted(p.suffix for p in out.glob("part-*") if p.suffix != ".json") == [f".{fmt}"] * 5
    got = reelgraph.read_export(out)
    pd.testing.assert_frame_equal(got.drop(columns="terms"), expected.drop(columns="terms"), check_dtype=False)
    for a, b in zip(got.terms, expected.terms):
        assert [dict(t) for t in a] == [dict(t) for t in b]


@pytest.mark.parametrize("method", ["ppr", "rp3beta", "pathsim"])
def test_every_method_exports_its_see_also_lists(snapshot, graph, tmp_path, method):
    films = ["id:f3", "id:f999"]
    reelgraph.export(snapshot, tmp_path / method, k=4, films=films, method=method, progress=False)
    table = reelgraph.read_export(tmp_path / method)
    for film in films:
        expected = graph.see_also(film, k=4, method=method)
        mine = table[table.film_id == film[3:]]
        assert list(mine.related_id) == list(expected.film_id) and list(mine.reason) == list(expected.reason)
        assert [[t["query_relation"] for t in terms] for terms in mine.terms] == \
            [[t["query_relation"] for t in terms] for terms in expected.explanation]
    # The batch's own short reasons cope with terms no query relation stands for.
    assert len(graph.see_also_all(k=4, films=films, method=method, progress=False)) == len(table)


def write_tables(tmp_path, title):
    films = pd.DataFrame({"film_id": ["a", "b", "c"], "title": [title, "Plain", "-30-"], "year": [2001, 2002, 2003]})
    links = pd.DataFrame({"film_id": ["a", "b", "c"], "relation": "directed_by", "name": "Same Person"})
    path = tmp_path / "tiny.rg"
    reelgraph.FilmGraph.from_tables(films, links).save(path)
    return path


def test_csv_cells_are_safe_to_open_in_a_spreadsheet(tmp_path):
    snapshot = write_tables(tmp_path, '=HYPERLINK("x")')
    reelgraph.export(snapshot, tmp_path / "out", format="csv", k=2, progress=False)
    text = (tmp_path / "out" / "part-00000.csv").read_text()
    frame = pd.read_csv(tmp_path / "out" / "part-00000.csv", dtype=str)
    assert set(frame.title) == {"'=HYPERLINK(\"x\")", "Plain", "'-30-"}
    assert "'=HYPERLINK" in text and not any(line.startswith("=") or ",=" in line for line in text.splitlines())
    # Parquet and JSON lines are not for spreadsheets: they keep the title as it is.
    reelgraph.export(snapshot, tmp_path / "pq", k=2, progress=False)
    assert '=HYPERLINK("x")' in set(reelgraph.read_export(tmp_path / "pq").title)


def test_cli_exports_a_film_list_in_its_order(snapshot, graph, tmp_path, capsys):
    listing = tmp_path / "films.txt"
    listing.write_text("# festival picks\nid:f42\nid:f7\n\nid:f1500\n")
    code = main(["export", str(snapshot), "-o", str(tmp_path / "out"), "--films", str(listing), "-k", "3",
                 "--format", "jsonl", "--quiet", "--relations", "directed_by,cast"])
    assert code == 0
    said = capsys.readouterr().out
    assert "exported 3 films" in said and "films/s" in said
    table = reelgraph.read_export(tmp_path / "out")
    assert list(dict.fromkeys(table.film_id)) == [f for f in ("f42", "f7", "f1500") if f in set(table.film_id)]
    assert set(table.film_id) <= {"f42", "f7", "f1500"}
    expected = graph.see_also("id:f7", k=3, relations=["directed_by", "cast"])
    assert list(table[table.film_id == "f7"].related_id) == list(expected.film_id)
    assert all(t["query_relation"] in ("directed_by", "cast") for terms in table.terms for t in terms)
    # Films named on the command line: --film, repeatable.
    assert main(["export", str(snapshot), "-o", str(tmp_path / "two"), "--film", "id:f1", "--film", "id:f2",
                 "--quiet"]) == 0
    assert set(reelgraph.read_export(tmp_path / "two").film_id) <= {"f1", "f2"}


@pytest.mark.parametrize("kwargs, message", [
    ({"format": "xlsx"}, "format must be one of parquet, csv, jsonl"),
    ({"k": 0}, "k must be a whole number of 1 or more"),
    ({"part_films": 0}, "part_films must be"),
    ({"engine": "spark"}, "engine must be 'local' or 'dask'"),
    ({"threads": -1}, "threads must be 0"),
    ({"hub_weighting": "pagerank"}, "hub_weighting must be one of"),
    ({"relations": ["directed"]}, "unknown relation 'directed'"),
    ({"films": []}, "no films to export"),
])
def test_bad_options_are_refused_clearly(snapshot, tmp_path, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        reelgraph.export(snapshot, tmp_path / "out", progress=False, **kwargs)
    assert not any((tmp_path / "out").glob("part-*"))


def test_unknown_option_film_and_foreign_folder(snapshot, tmp_path, capsys):
    with pytest.raises(TypeError, match="unknown see-also option"):
        reelgraph.export(snapshot, tmp_path / "a", progress=False, colour="red")
    with pytest.raises(reelgraph.FilmNotFoundError):
        reelgraph.export(snapshot, tmp_path / "b", films=["No Such Film"], progress=False)
    reelgraph.export(snapshot, tmp_path / "c", k=2, films=["id:f1"], progress=False)
    with pytest.raises(ExportError, match="holds another export"):
        reelgraph.export(snapshot, tmp_path / "c", k=3, films=["id:f1"], progress=False)
    assert reelgraph.export(snapshot, tmp_path / "c", k=3, films=["id:f1"], progress=False, overwrite=True).rows <= 3
    assert main(["export", str(tmp_path / "missing.rg"), "-o", str(tmp_path / "d")]) == 1
    assert "no snapshot at" in capsys.readouterr().err
    assert main(["export", str(snapshot), "-o", str(tmp_path / "c"), "-k", "4", "--quiet"]) == 1
    assert "holds another export" in capsys.readouterr().err


# ------------------------------------------------------------------ dask
distributed = pytest.importorskip("distributed", reason="engine='dask' needs the dask extra")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    with cluster, distributed.Client(cluster) as c:
        yield c


def test_dask_export_equals_the_local_one_byte_for_byte(reference, snapshot, client, tmp_path):
    out, summary = reference
    result = reelgraph.export(snapshot, tmp_path / "dask", k=5, part_films=PART_FILMS, engine="dask", client=client,
                              progress=False)
    assert result.engine == "dask" and result.rows == summary.rows
    assert folder_bytes(tmp_path / "dask") == folder_bytes(out)
    # Five parts, and no worker process loaded the snapshot more than once.
    loads = client.run(lambda: sys.modules["reelgraph.export"]._WORKER_LOADS)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_dask_saves_an_in_memory_graph_and_resumes_a_local_export(reference, graph, client, snapshot, tmp_path):
    out, _ = reference
    target = tmp_path / "mixed"
    with pytest.raises(KeyboardInterrupt):
        reelgraph.export(snapshot, target, k=5, part_films=PART_FILMS, progress=False,
                         on_part=lambda s: (_ for _ in ()).throw(KeyboardInterrupt()))
    summary = reelgraph.export(graph, target, k=5, part_films=PART_FILMS, engine="dask", client=client,
                               progress=False)
    assert (target / "_graph.rg").exists() and summary.parts_skipped == 1
    assert folder_bytes(target) == folder_bytes(out)
