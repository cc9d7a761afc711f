"""What a new user meets first: the command's refusals and messages, the
Python API's pointers, the separator hint, an honest export summary."""

import json

import pytest

import reelgraph
from reelgraph.cli import main

SEED_FILM = "Comrade Kim Goes Flying"


# ------------------------------------------------------------------ command line
@pytest.mark.parametrize("k", ["0", "-3"])
def test_k_below_one_is_an_error(k, capsys):
    code = main(["see-also", SEED_FILM, "-k", k])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert f"argument -k: must be at least 1, not {int(k)}" in captured.err
    assert "usage: reelgraph see-also" in captured.err


def test_export_k_zero_is_an_error(tmp_path, capsys):
    snapshot = reelgraph.FilmGraph.seed_world().save(tmp_path / "seed.rg")
    assert main(["export", str(snapshot), "-o", str(tmp_path / "out"), "-k", "0"]) == 2
    assert "must be at least 1, not 0" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_year_bounds_have_help(capsys):
    for command in ("see-also", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--min-year Y" in text and "in year Y or later" in text
        assert "--max-year Y" in text and "in year Y or earlier" in text


@pytest.mark.parametrize("argv, kind", [
    (["see-also", "Comrade Kim Goes Flyng", "--json"], "film_not_found"),
    (["see-also", SEED_FILM, "-k", "0", "--json"], "usage"),
    (["see-also", SEED_FILM, "--json", "--edition", "Cannes 1850"], "key"),
    (["info", "--json", "--data", "no/such/folder"], None),
])
def test_json_errors_are_json_on_stderr(argv, kind, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    error = json.loads(captured.err)["error"]
    assert error["message"]
    if kind:
        assert error["type"] == kind
    if kind == "film_not_found":
        assert error["query"] == "Comrade Kim Goes Flyng" and SEED_FILM in error["suggestions"]


def test_json_ambiguous_title_lists_candidates(write, capsys):
    write("films.csv", "film_id,title,year\ng1,The Game of Their Lives,2002\ng2,The Game of Their Lives,2005\n")
    links = write("links.csv", "film_id,relation,name\ng1,directed_by,Daniel Gordon\ng2,directed_by,David Anspaugh\n")
    assert main(["see-also", "The Game of Their Lives", "--json", "--data", str(links.parent)]) == 1
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["type"] == "ambiguous_film"
    assert [(c["film_id"], c["year"]) for c in error["candidates"]] == [("g1", 2002), ("g2", 2005)]


def test_json_input_error_names_file_line_and_field(write, capsys):
    write("films.csv", "film_id,title,year\na,Alpha,twenty\n")
    links = write("links.csv", "film_id,relation,name\n")
    assert main(["info", "--json", "--data", str(links.parent)]) == 1
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["type"] == "input" and error["line"] == 2 and error["field"] == "year"
    assert error["file"].endswith("films.csv")


def test_strict_failure_mentions_lenient(write, tmp_path, capsys):
    write("films.csv", "film_id,title,year\na,Alpha,twenty\n")
    links = write("links.csv", "film_id,relation,name\n")
    assert main(["info", "--data", str(links.parent)]) == 1
    assert "--lenient skips bad rows" in capsys.readouterr().err
    # A manifest build that stops at a bad row says the same.
    source = tmp_path / "cannes.csv"
    source.write_text("year,title,director\n1946,Rome,A\n")  # columns missing: not a Cannes file
    manifest = tmp_path / "m.toml"
    manifest.write_text('[[source]]\nkind = "cannes"\npath = "cannes.csv"\n')
    assert main(["build", str(manifest), "-o", str(tmp_path / "g.rg")]) == 1
    err = capsys.readouterr().err
    assert "cannes.csv" in err and "--lenient" in err
    # With --lenient given, the hint would be wrong: it is not printed.
    write("films.csv", "film_id,year\n")  # no title column: an error --lenient cannot skip
    write("links.csv", "film_id,relation,name\n")
    assert main(["info", "--data", str(links.parent), "--lenient"]) == 1
    err = capsys.readouterr().err
    assert "required column missing" in err and "--lenient skips" not in err


def test_film_titles_with_commas_are_one_film(tmp_path, capsys):
    graph = _comma_graph()
    snapshot = graph.save(tmp_path / "g.rg")
    assert main(["export", str(snapshot), "-o", str(tmp_path / "a"), "--film", "Rome, Open City", "--quiet"]) == 0
    assert set(reelgraph.read_export(tmp_path / "a").film_id) == {"tt0038890"}
    listing = tmp_path / "films.txt"
    listing.write_text("Rome, Open City\n# a comment\nBicycle Thieves\n")
    assert main(["export", str(snapshot), "-o", str(tmp_path / "b"), "--films", str(listing), "--quiet"]) == 0
    assert list(dict.fromkeys(reelgraph.read_export(tmp_path / "b").film_id)) == ["tt0038890", "tt0040522"]
    # A --films value that is not a file is not split into titles: it says how to name films.
    capsys.readouterr()
    assert main(["export", str(snapshot), "-o", str(tmp_path / "c"), "--films", "Rome, Open City", "--quiet"]) == 1
    assert "--film TITLE" in capsys.readouterr().err


def _comma_graph():
    import pandas as pd

    films = pd.DataFrame({"film_id": ["tt0038890", "tt0039008", "tt0040522"],
                          "title": ["Rome, Open City", "Rome", "Bicycle Thieves"], "year": ["1945", "1946", "1948"]})
    links = pd.DataFrame({"film_id": films.film_id, "relation": "country", "name": "Italy"})
    return reelgraph.FilmGraph.from_tables(films, links)


# ------------------------------------------------------------------ exports
@pytest.fixture
def snapshot(tmp_path):
    from reelgraph import synthetic

    tables = synthetic.generate(films=600, seed=3)
    return reelgraph.FilmGraph.from_tables(tables.films, tables.links).save(tmp_path / "synthetic.rg")


def test_a_resumed_export_reports_only_what_it_wrote(snapshot, tmp_path):
    out = tmp_path / "out"
    first = reelgraph.export(snapshot, out, k=3, part_films=200, progress=False)
    assert first.films_written == 600 and first.films_per_second == pytest.approx(600 / first.seconds)
    # Drop one part: the next run writes its 200 films and keeps the other 400.
    (out / "part-00001.json").unlink()
    again = reelgraph.export(snapshot, out, k=3, part_films=200, progress=False)
    assert again.parts_skipped == 2 and again.films == 600 and again.films_written == 200
    assert again.films_per_second == pytest.approx(200 / again.seconds)
    assert "200 films written now" in str(again)
    # Nothing left to write: no rate is claimed at all.
    done = reelgraph.export(snapshot, out, k=3, part_films=200, progress=False)
    assert done.films_written == 0 and done.films_per_second == 0
    assert "nothing written" in str(done) and "films/s" not in str(done)
    assert done.to_dict()["films_written"] == 0


def test_overwrite_redoes_the_export(snapshot, tmp_path):
    out = tmp_path / "out"
    reelgraph.export(snapshot, out, k=3, part_films=200, progress=False)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    written = []
    summary = reelgraph.export(snapshot, out, k=3, part_films=200, progress=False, overwrite=True,
                               on_part=lambda s: written.append(s["part"]))
    assert sorted(written) == [0, 1, 2] and summary.parts_skipped == 0 and summary.films_written == 600
    assert all(p.stat().st_mtime_ns != before[p.name] for p in out.glob("part-*.parquet"))
    assert (out / "_SUCCESS").exists()


# ------------------------------------------------------------------ Python
def test_see_also_of_a_list_points_to_see_also_many():
    g = reelgraph.FilmGraph.seed_world()
    with pytest.raises(TypeError, match=r"see_also_many"):
        g.see_also(["Kill List", "Sightseers"])
    with pytest.raises(TypeError, match=r"not a list of 2"):
        g.film(["Kill List", "Sightseers"])
    assert len(g.see_also_many(["Kill List", "Sightseers"], k=3)) == 3


@pytest.mark.parametrize("separator, name", [(";", "semicolons"), ("\t", "tabs")])
def test_a_header_with_another_separator_gets_a_hint(write, separator, name):
    write("films.csv", separator.join(["film_id", "title", "year"]) + "\n"
          + separator.join(["a", "Alpha", "2001"]) + "\n")
    write("links.csv", "film_id,relation,name\n")
    with pytest.raises(reelgraph.InputError) as raised:
        reelgraph.FilmGraph.from_folder(write("aliases.csv", "kind,alias,name\n").parent)
    message = str(raised.value)
    assert "required column missing" in message and f"separated by {name}" in message


def test_a_comma_header_missing_a_column_gets_no_separator_hint(write):
    write("films.csv", "film_id,name,year\na,Alpha,2001\n")
    links = write("links.csv", "film_id,relation,name\n")
    with pytest.raises(reelgraph.InputError) as raised:
        reelgraph.FilmGraph.from_folder(links.parent)
    assert "separated by" not in str(raised.value)


def test_importer_header_with_semicolons_gets_the_hint(tmp_path):
    from reelgraph.importers import build

    (tmp_path / "films.csv").write_text("year;title;director;languages;countries_of_origin;run_time;imdb_url\n"
                                        "1946;Rome;A;it;IT;1h;tt0038890\n")
    (tmp_path / "m.toml").write_text('[[source]]\nkind = "cannes"\npath = "films.csv"\n')
    with pytest.raises(reelgraph.InputError, match="separated by semicolons"):
        build(tmp_path / "m.toml")


# ------------------------------------------------------------------ import
def test_import_reelgraph_leaves_pandas_and_pyarrow_for_later():
    import subprocess
    import sys

    probe = ("import sys, reelgraph; heavy = sorted(m for m in ('pandas', 'pyarrow', 'tqdm', 'reelgraph.graph') "
             "if m in sys.modules); print(heavy); g = reelgraph.FilmGraph.seed_world(); print(g.n_films, "
             "callable(reelgraph.export), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "14 True True"


def test_export_stays_the_function_after_its_module_is_imported():
    import subprocess
    import sys

    probe = "import reelgraph.export, reelgraph; from reelgraph.export import SUCCESS; print(callable(reelgraph.export))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_dir_lists_the_lazy_names():
    assert {"FilmGraph", "export", "read_export", "InputError", "load"} <= set(dir(reelgraph))
    with pytest.raises(AttributeError, match="no attribute 'FilmGraf'"):
        reelgraph.FilmGraf  # noqa: B018


def test_import_time_benchmark_prints_its_figures():
    import re
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "import_time.py"
    done = subprocess.run([sys.executable, str(script), "--runs", "1", "--top", "2"], capture_output=True, text=True,
                          check=True, timeout=120)
    assert re.search(r"^import reelgraph\s+median [\d.]+ s over 1 runs .*< 0\.5 s: (met|MISSED)", done.stdout, re.M)
    assert re.search(r"^from reelgraph import FilmGraph \(first use\)\s+median [\d.]+ s", done.stdout, re.M)


# ------------------------------------------------------------------ people known by id
def test_a_person_known_by_id_is_found_by_name():
    import pandas as pd

    films = pd.DataFrame({"film_id": ["tt0000001", "tt0000002", "tt0000003"], "title": ["Hunger", "Shame", "Bullitt"],
                          "year": ["2008", "2011", "1968"]})
    links = pd.DataFrame({
        "film_id": ["tt0000001", "tt0000002", "tt0000001", "tt0000002", "tt0000003"],
        "relation": ["directed_by", "directed_by", "cast", "cast", "cast"],
        "name": ["Steve McQueen", "Steve McQueen", "Michael Fassbender", "Michael Fassbender", "Steve McQueen"],
        "entity_id": ["nm2588606", "nm2588606", "nm1055413", "nm1055413", "nm0000537"],
    })
    g = reelgraph.FilmGraph.from_tables(films, links)
    found = g.collaborators("Michael Fassbender")
    assert list(found.collaborator) == ["Steve McQueen"] and list(found.films) == [2]
    # Two people share the name: the error gives both ids, and an id picks one.
    with pytest.raises(reelgraph.AmbiguousNodeError, match="nm0000537, nm2588606|nm2588606, nm0000537"):
        g.collaborators("Steve McQueen")
    assert list(g.collaborators("nm2588606").collaborator) == ["Michael Fassbender"]
