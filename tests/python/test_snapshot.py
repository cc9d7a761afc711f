"""Snapshots from Python: what is saved comes back, and bad files are refused by name."""

import os

import pandas as pd
import pytest

import reelgraph
from reelgraph import FilmGraph, SnapshotError
from reelgraph.cli import main


@pytest.fixture(scope="module")
def world():
    return FilmGraph.seed_world()


def test_round_trip_answers_like_the_original(world, tmp_path):
    path = world.save(tmp_path / "seed.rg")
    loaded = reelgraph.load(path)
    assert loaded.info() == world.info()
    for title in ("Comrade Kim Goes Flying", "Sightseers"):
        pd.testing.assert_frame_equal(loaded.see_also(title, k=8), world.see_also(title, k=8))
    pd.testing.assert_frame_equal(
        loaded.see_also("Comrade Kim Goes Flying", edition="MIFF 2013"),
        world.see_also("Comrade Kim Goes Flying", edition="MIFF 2013"),
    )
    assert loaded.report.to_dict() == world.report.to_dict()
    assert [t.rows_read for t in loaded.report.tables] == [t.rows_read for t in world.report.tables]


def test_rejected_rows_and_metadata_survive(tmp_path):
    films = pd.DataFrame({"film_id": ["a", "b", "c"], "title": ["A", "B", "C"], "year": ["2001", "nineteen", "2003"]})
    links = pd.DataFrame({"film_id": ["a", "c"], "relation": ["directed_by", "directed_by"], "name": ["X", "X"]})
    graph = FilmGraph.from_tables(films, links, on_error="skip")
    graph.metadata["sources"] = ["hand-made"]
    loaded = FilmGraph.load(graph.save(tmp_path / "g.rg"))
    assert loaded.metadata == {"sources": ["hand-made"]}
    (bad,) = loaded.report.rejected
    assert bad.field == "year" and (bad.line, bad.unit) == (2, "row")
    assert str(bad) == str(graph.report.rejected[0])


def test_same_graph_same_bytes(world, tmp_path):
    a = world.save(tmp_path / "a.rg")
    b = FilmGraph.seed_world().save(tmp_path / "b.rg")
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda b: b[: len(b) // 2], "truncated"),
        (lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:], "checksum"),
        (lambda b: b"film_id,title\nx,y\n", "not a reelgraph snapshot"),
        (lambda b: b"", "not a reelgraph snapshot"),
    ],
    ids=["truncated", "flipped-byte", "csv-file", "empty"],
)
def test_damaged_files_are_refused(world, tmp_path, damage, message):
    path = world.save(tmp_path / "g.rg")
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(SnapshotError, match=message) as info:
        FilmGraph.load(path)
    assert isinstance(info.value, ValueError)
    assert str(path) in str(info.value)


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        FilmGraph.load(tmp_path / "nothing.rg")


def test_save_into_missing_folder_leaves_nothing(world, tmp_path):
    with pytest.raises(SnapshotError, match="cannot write"):
        world.save(tmp_path / "no" / "such" / "g.rg")
    assert os.listdir(tmp_path) == []


def test_cli_reads_a_snapshot(world, tmp_path, capsys):
    path = world.save(tmp_path / "seed.rg")
    assert main(["see-also", "Comrade Kim Goes Flying", "--data", str(path), "-k", "3", "--json"]) == 0
    from_snapshot = capsys.readouterr().out
    assert main(["see-also", "Comrade Kim Goes Flying", "-k", "3", "--json"]) == 0
    assert capsys.readouterr().out == from_snapshot
    path.write_bytes(b"nonsense")
    assert main(["info", "--data", str(path)]) == 1
    assert "not a reelgraph snapshot" in capsys.readouterr().err
