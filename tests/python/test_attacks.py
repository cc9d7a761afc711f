"""The attacks of the second reliability round, each as it was tried: an absurd
k, a snapshot rewritten while it loads, planted symlinks, damaged export parts
and gzip tables, manifests that reach outside their folder or are not files,
costly calls, Ctrl-C, and the smaller ones. docs/reliability.md lists them."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import resource
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
import reelgraph.synthetic
from reelgraph import FilmGraph
from reelgraph.export import ExportError, spreadsheet_safe
from reelgraph.importers import ManifestError, read_manifest
from reelgraph.tables import InputError

export_module = importlib.import_module("reelgraph.export")

PYTHON = sys.executable
REELGRAPH = [PYTHON, "-m", "reelgraph"]


def run_python(code: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter: a crash there is a return code, not the end of the test run."""
    return subprocess.run([PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout,
                          **kwargs)


@pytest.fixture(scope="module")
def catalogue() -> FilmGraph:
    films, links = reelgraph.synthetic.generate(1500, seed=3, output="pandas")
    return FilmGraph.from_tables(films, links)


@pytest.fixture(scope="module")
def snapshot(catalogue, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("attacks") / "catalogue.rg"
    catalogue.save(path)
    return path


# ---------------------------------------------------------------- 1. an absurd k
@pytest.mark.parametrize("k", [2**61, 2**63 - 1, 2**64 - 1])
def test_an_absurd_k_gives_every_related_film_and_does_not_crash(snapshot, k):
    result = run_python(f"""
        import reelgraph, reelgraph.synthetic
        g = reelgraph.load({str(snapshot)!r})
        for film in (0, 17, 400):
            full = g.see_also_arrays(film, k=g.n_films)
            huge = g.see_also_arrays(film, k={k})
            assert len(full["films"]) > 20, len(full["films"])
            assert huge["films"].tolist() == full["films"].tolist(), film
            assert huge["scores"].tolist() == full["scores"].tolist(), film
        print("ok")
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_an_absurd_k_from_the_command_line(snapshot):
    result = subprocess.run(REELGRAPH + ["see-also", "Film 1", "--data", str(snapshot), "-k", str(2**61)],
                            capture_output=True, text=True, timeout=120)
    # Either the list or a clear refusal; never a signal.
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr


def test_an_absurd_k_in_see_also_all_and_export(catalogue, tmp_path):
    films = [0, 1, 2]
    got = catalogue.see_also_all(k=2**61, films=films, progress=False, arrays=True)
    for film in films:
        expected = catalogue.see_also_arrays(film, k=catalogue.n_films)["films"].tolist()
        assert got["film"][got["query"] == film].tolist() == expected
    summary = reelgraph.export(catalogue, tmp_path / "out", k=2**61, films=films, progress=False, format="csv")
    assert summary.rows == len(got["film"])


def test_a_chunk_size_near_two_to_the_64_still_answers_every_film(catalogue):
    got = catalogue.see_also_all(k=5, films=[0, 1, 2], chunk=2**64 - 1, progress=False, arrays=True)
    assert sorted(set(got["query"].tolist())) == [0, 1, 2]


# ---------------------------------------------------------------- 2. a snapshot rewritten while it loads
def test_a_snapshot_rewritten_in_place_while_it_loads_is_an_error_not_sigbus(tmp_path):
    films, links = reelgraph.synthetic.generate(20000, seed=1, output="pandas")
    path = tmp_path / "big.rg"
    FilmGraph.from_tables(films, links).save(path)
    result = run_python(f"""
        import os, threading, reelgraph
        path = {str(path)!r}
        data = open(path, "rb").read()
        stop = False

        def rewrite():
            # Shrinks the file to a few bytes and writes it back, over and over,
            # in place (the same inode), as a careless copy would.
            while not stop:
                with open(path, "r+b") as f:
                    f.truncate(4096)
                    f.flush()
                    f.seek(0)
                    f.write(data)

        writer = threading.Thread(target=rewrite)
        writer.start()
        loaded = refused = 0
        try:
            for _ in range(60):
                try:
                    g = reelgraph.load(path)
                    assert g.n_films == 20000
                    loaded += 1
                except reelgraph.SnapshotError as exc:
                    assert "changed while it was read" in str(exc) or "truncated" in str(exc) \\
                        or "checksum" in str(exc) or "unexpected bytes" in str(exc), exc
                    refused += 1
        finally:
            stop = True
            writer.join()
        print(loaded, refused)
    """, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    loaded, refused = map(int, result.stdout.split())
    assert loaded + refused == 60
    assert refused > 0  # the race was really run


# ---------------------------------------------------------------- 3. planted symlinks
def test_save_does_not_write_through_a_symlink_planted_at_its_temporary_name(catalogue, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    path = tmp_path / "g.rg"
    # The name the temporary file had: the path, ".partial-" and the process id.
    planted = tmp_path / f"g.rg.partial-{os.getpid()}"
    planted.symlink_to(victim)
    catalogue.save(path)
    assert victim.read_text() == "keep me"
    assert reelgraph.load(path).n_films == catalogue.n_films
    assert planted.is_symlink()


def test_export_does_not_write_through_symlinks_planted_at_its_temporary_names(catalogue, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    # The old names: ".<name>.tmp-<pid>"; and the new ones made predictable,
    # each name's first try taken by a symlink.
    for name in ("_manifest.json", "part-00000.csv", "part-00000.json", "_SUCCESS"):
        (out / f".{name}.tmp-{os.getpid()}").symlink_to(victim)
        (out / f".{name}.tmp-{os.getpid()}-planted").symlink_to(victim)
    tokens = iter(["planted", "fresh"] * 100)
    monkeypatch.setattr(export_module.secrets, "token_hex", lambda n: next(tokens))
    original_unlink = Path.unlink

    def keep_planted(self, *args, **kwargs):  # the stale-file sweep would remove the bait
        if self.is_symlink() and self.parent == out:
            return None
        return original_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", keep_planted)
    reelgraph.export(catalogue, out, k=3, films=[0, 1], progress=False, format="csv")
    assert victim.read_text() == "keep me"
    assert reelgraph.read_export(out)["film_id"].nunique() == 2


@pytest.mark.parametrize("fmt, name", [("tables", "films.parquet"), ("imdb", "title.basics.tsv")])
def test_synth_replaces_a_symlink_at_its_output_name_instead_of_writing_through_it(tmp_path, fmt, name):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / name).symlink_to(victim)
    result = subprocess.run(REELGRAPH + ["synth", "--films", "200", "--format", fmt, "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert victim.read_text() == "keep me"
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 100
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]


# ---------------------------------------------------------------- 4. read_export checks what it reads
@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_read_export_refuses_a_part_with_one_byte_changed(catalogue, tmp_path, fmt):
    out = tmp_path / "out"
    reelgraph.export(catalogue, out, k=5, films=list(range(60)), part_films=20, progress=False, format=fmt)
    before = reelgraph.read_export(out)
    part = out / f"part-00001{export_module.FORMATS[fmt]}"
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0x01
    part.write_bytes(bytes(data))
    with pytest.raises(ExportError, match="part-00001.*damaged"):
        reelgraph.read_export(out)
    # A second export into the folder rewrites the damaged part only.
    summary = reelgraph.export(catalogue, out, k=5, films=list(range(60)), part_films=20, progress=False, format=fmt)
    assert summary.parts_skipped == 2
    pd.testing.assert_frame_equal(reelgraph.read_export(out), before)


def test_read_export_refuses_a_missing_or_unreadable_sidecar(catalogue, tmp_path):
    out = tmp_path / "out"
    reelgraph.export(catalogue, out, k=5, films=list(range(40)), part_films=20, progress=False)
    export_module._sidecar_path(out, 0).write_text("{not json")
    with pytest.raises(ExportError, match="part 0"):
        reelgraph.read_export(out)


# ---------------------------------------------------------------- 6. damaged gzip tables
def write_seed_tables(folder: Path) -> None:
    folder.mkdir()
    (folder / "films.csv").write_text("film_id,title,year\nf1,One,2001\nf2,Two,2002\n")
    (folder / "links.csv").write_text("film_id,relation,name\nf1,directed_by,Ann\nf2,directed_by,Ann\n")


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_gzip_table_is_an_input_error_naming_the_file(tmp_path, damage):
    folder = tmp_path / "data"
    write_seed_tables(folder)
    text = (folder / "links.csv").read_bytes() * 200
    packed = gzip.compress(text)
    packed = packed[: len(packed) // 2] if damage == "truncated" else packed[:20] + b"\xff" * 20 + packed[40:]
    (folder / "links.csv").unlink()
    (folder / "links.csv.gz").write_bytes(packed)
    with pytest.raises(InputError, match="links.csv.gz"):
        FilmGraph.from_folder(folder)
    result = subprocess.run(REELGRAPH + ["info", "--data", str(folder)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "links.csv.gz" in result.stderr


# ---------------------------------------------------------------- 7. a manifest reaching outside its folder
@pytest.mark.parametrize("path", ["../../../../../../../../etc/passwd", "/etc/passwd", "sub/../../outside.csv",
                                  "${REELGRAPH_TEST_OUTSIDE}"])
def test_a_manifest_path_outside_its_root_is_refused_before_it_is_read(tmp_path, path, monkeypatch):
    monkeypatch.setenv("REELGRAPH_TEST_OUTSIDE", "/etc/passwd")
    (tmp_path / "outside.csv").write_text("root:x:0:0:secret\n")
    folder = tmp_path / "m"
    (folder / "sub").mkdir(parents=True)
    manifest = folder / "m.toml"
    manifest.write_text(f'[[source]]\nkind = "cannes"\npath = "{path}"\n')
    with pytest.raises(ManifestError, match="outside") as caught:
        read_manifest(manifest)
    assert "root:x" not in str(caught.value)
    result = subprocess.run(REELGRAPH + ["build", str(manifest), "-o", str(tmp_path / "g.rg")], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "REELGRAPH_TEST_OUTSIDE": "/etc/passwd"})
    assert result.returncode == 1
    assert "root:x" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_manifest_pattern_reaching_outside_is_refused(tmp_path):
    (tmp_path / "progs").mkdir()
    manifest = tmp_path / "m.toml"
    manifest.write_text('[[source]]\nkind = "festival_programmes"\npath = "progs"\npattern = "../../*"\n')
    with pytest.raises(ManifestError, match="pattern"):
        read_manifest(manifest)


# ---------------------------------------------------------------- 9. costly calls refused up front; Ctrl-C
def test_see_also_all_refuses_up_front_what_cannot_fit(catalogue, monkeypatch):
    from reelgraph import graph as graph_module

    monkeypatch.setattr(graph_module, "_memory_budget", lambda: 64 << 20)
    for k in (10**9, 2**61):
        start = time.perf_counter()
        with pytest.raises(reelgraph.ResourceError) as caught:
            catalogue.see_also_all(k=k, progress=False)
        assert time.perf_counter() - start < 2.0
        assert caught.value.bytes_needed > caught.value.bytes_allowed == 64 << 20
        assert "would need" in str(caught.value) and "iter_see_also" in str(caught.value)
    # What fits runs.
    assert len(catalogue.see_also_all(k=3, progress=False)) > 0


def test_see_also_all_refusal_at_the_real_budget(tmp_path):
    """Without a patched budget: 20,000 films with k = 10**9 need far more than half of any machine's memory."""
    result = run_python("""
        import time, reelgraph, reelgraph.synthetic
        films, links = reelgraph.synthetic.generate(20000, seed=2, output="pandas")
        g = reelgraph.FilmGraph.from_tables(films, links)
        start = time.perf_counter()
        try:
            g.see_also_all(k=10**9, progress=False)
        except reelgraph.ResourceError as exc:
            print(f"{time.perf_counter() - start:.3f}", exc.bytes_needed, exc.bytes_allowed)
    """, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    seconds, needed, allowed = result.stdout.split()
    assert float(seconds) < 2.0
    assert int(needed) > int(allowed) > 0


def test_export_refuses_parts_that_cannot_fit(catalogue, tmp_path, monkeypatch):
    from reelgraph import graph as graph_module

    monkeypatch.setattr(graph_module, "_memory_budget", lambda: 16 << 20)
    with pytest.raises(reelgraph.ResourceError, match="part_films"):
        reelgraph.export(catalogue, tmp_path / "out", k=10**9, progress=False)
    assert not (tmp_path / "out" / "_SUCCESS").exists()


def test_ctrl_c_stops_an_exact_betweenness_on_a_large_network():
    """Exact betweenness on 20,000 films runs for minutes: Ctrl-C must stop it within a second or two."""
    code = textwrap.dedent("""
        import sys, time, reelgraph, reelgraph.synthetic
        films, links = reelgraph.synthetic.generate(20000, seed=4, output="pandas")
        g = reelgraph.FilmGraph.from_tables(films, links)
        print("ready", flush=True)
        start = time.perf_counter()
        try:
            g.betweenness(samples=0)
            print("finished", flush=True)
        except KeyboardInterrupt:
            print(f"interrupted {time.perf_counter() - start:.2f}", flush=True)
    """)
    proc = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(1.5)
        sent = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        waited = time.perf_counter() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out.startswith("interrupted"), (out, err[-2000:])
    assert waited < 5.0, waited


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "folder"])
def test_a_fifo_device_or_folder_as_manifest_or_snapshot_is_refused_without_waiting(tmp_path, target):
    if target == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif target == "folder":
        path = tmp_path
    else:
        path = Path(target)
    result = run_python(f"""
        import reelgraph, reelgraph.synthetic
        from reelgraph.importers import ManifestError, read_manifest
        try:
            read_manifest({str(path)!r})
        except ManifestError as exc:
            print("manifest:", exc)
        try:
            reelgraph.load({str(path)!r})
        except reelgraph.SnapshotError as exc:
            print("snapshot:", exc)
    """, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith("manifest:") and lines[1].startswith("snapshot:")
    wanted = "folder" if target == "folder" else "not a regular file"
    assert all(wanted in line for line in lines), lines
    for command in (["build", str(path), "-o", str(tmp_path / "g.rg")], ["info", "--data", str(path)]):
        if target == "folder" and command[0] == "info":
            continue  # a folder there is a folder of tables
        cli = subprocess.run(REELGRAPH + command, capture_output=True, text=True, timeout=60)
        assert cli.returncode == 1, (command, cli.stderr[-2000:])
        assert "Traceback" not in cli.stderr


# ---------------------------------------------------------------- 10. the smaller ones
def test_a_nul_byte_does_not_cut_an_error_message_short(tmp_path):
    folder = tmp_path / "imdb"
    folder.mkdir()
    header = "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"
    (folder / "title.basics.tsv").write_bytes(
        (header + "tt\x00001\tmovie\tA\tA\t0\t2001\t\\N\t90\tDrama\n").encode())
    with pytest.raises(InputError) as caught:
        FilmGraph.from_imdb(folder)
    message = str(caught.value)
    assert "is not an IMDb title id" in message, message
    assert "\\x00" in message and "\x00" not in message


def test_empty_title_types_is_a_manifest_error(tmp_path):
    (tmp_path / "title.basics.tsv").write_text("tconst\n")
    manifest = tmp_path / "m.toml"
    manifest.write_text('[[source]]\nkind = "imdb"\ntitle_basics = "title.basics.tsv"\ntitle_types = []\n')
    with pytest.raises(ManifestError, match="title_types.*empty"):
        read_manifest(manifest)


def test_an_oversized_file_posing_as_a_manifest_is_refused(tmp_path):
    manifest = tmp_path / "huge.toml"
    with open(manifest, "wb") as f:
        f.truncate(64 << 20)  # sparse: 64 MB of NULs
    with pytest.raises(ManifestError, match="too large"):
        read_manifest(manifest)


def test_export_to_a_path_that_is_a_file_is_a_clear_error(snapshot, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    result = subprocess.run(REELGRAPH + ["export", str(snapshot), "-o", str(target), "--quiet"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "a-file" in result.stderr
    assert target.read_text() == "x"


def _limit_file_size():
    # A "full disk": writes past 64 kB fail with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_full_disk_during_export_is_a_clear_error_and_leaves_no_temporary_file(snapshot, tmp_path, fmt):
    out = tmp_path / "out"
    result = subprocess.run(REELGRAPH + ["export", str(snapshot), "-o", str(out), "--quiet", "--format", fmt,
                                         "-k", "50", "--part-films", "1500"],
                            capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "File too large" in result.stderr
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]
    assert not (out / "_SUCCESS").exists()


def test_a_full_disk_during_save_is_a_clear_error_and_leaves_no_temporary_file(tmp_path):
    films, links = reelgraph.synthetic.generate(3000, seed=1, output="pandas")
    folder = tmp_path / "tables"
    folder.mkdir()
    films.to_csv(folder / "films.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    manifest_out = tmp_path / "snap"
    manifest_out.mkdir()
    result = run_python(f"""
        import reelgraph, reelgraph.synthetic
        g = reelgraph.FilmGraph.from_folder({str(folder)!r})
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))
        try:
            g.save({str(manifest_out / "g.rg")!r})
        except reelgraph.SnapshotError as exc:
            print(exc)
    """, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "cannot write" in result.stdout and "File too large" in result.stdout
    assert list(manifest_out.iterdir()) == []


@pytest.mark.parametrize("cell", ["\uff1d1+1", "\u200b=HYPERLINK(\"x\")", "\ufeff=1", "\u00a0@SUM(A1)", "\ufe66cmd",
                                  "\u200b\u200b\uff0b1", "=1", "\t=1"])
def test_formula_guard_sees_through_fullwidth_and_invisible_prefixes(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Film", "\u200bFilm", "L\u2019Atalante", "", "\u00e9t\u00e9"])
def test_formula_guard_leaves_plain_text_alone(cell):
    assert spreadsheet_safe(cell) == cell


def test_a_forged_snapshot_with_bad_utf8_is_refused_at_load(tmp_path):
    """Valid checksums, a name that is not UTF-8: refused at load, so no query can raise UnicodeDecodeError."""
    xxhash = pytest.importorskip("xxhash")
    g = FilmGraph.from_tables(pd.DataFrame({"film_id": ["a", "b"], "title": ["Zzyzx Road", "Other"]}),
                              pd.DataFrame({"film_id": ["a", "b"], "relation": ["cast", "cast"],
                                            "name": ["Qwerty Person", "Qwerty Person"]}))
    path = tmp_path / "g.rg"
    g.save(path)
    data = bytearray(path.read_bytes())
    at = data.index(b"Zzyzx Road")
    data[at + 2] = 0xFF
    data[32:40] = xxhash.xxh3_64_intdigest(bytes(data[64:])).to_bytes(8, "little")
    data[56:64] = xxhash.xxh3_64_intdigest(bytes(data[:56])).to_bytes(8, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(reelgraph.SnapshotError, match="not UTF-8"):
        reelgraph.load(path)
