"""The reelgraph command, as a user runs it."""

import json
import subprocess
import sys

import pytest

from reelgraph.cli import main


def test_see_also_prints_each_film_with_its_reason(capsys):
    assert main(["see-also", "Comrade Kim Goes Flying", "-k", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "See also: Comrade Kim Goes Flying (2012)"
    assert out[1] == "directed by Kim Gwang Hun, Nicholas Bonner, Anja Daelemans"
    entries = [line for line in out if line[:3].strip().rstrip(".").isdigit()]
    reasons = [line for line in out if line.startswith("    ")]
    assert len(entries) == len(reasons) == 5
    assert entries[0].startswith(" 1. ") and "Koryo Group" in reasons[0]


def test_json_output(capsys):
    assert main(["see-also", "comrade kim goes flying", "--json", "--edition", "MIFF 2013"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["film"]["film_id"] == "comrade-kim-goes-flying"
    assert data["film"]["year"] == 2012
    assert len(data["results"]) == 6
    first = data["results"][0]
    assert set(first) == {"rank", "film_id", "title", "year", "score", "reason", "explanation"}
    assert sum(t["contribution"] for t in first["explanation"]) == pytest.approx(first["score"], abs=1e-6)


def test_unknown_title_suggests_the_closest(capsys):
    assert main(["see-also", "Comrade Kim Goes Flyng"]) == 1
    err = capsys.readouterr().err
    assert "no film titled 'Comrade Kim Goes Flyng'" in err
    assert "Did you mean: Comrade Kim Goes Flying?" in err
    assert main(["see-also", "Comrade Kim"]) == 1
    assert capsys.readouterr().err.count("Comrade Kim Goes Flying") == 1  # suggested once


def test_ambiguous_title_lists_candidates_with_years(write, capsys):
    write("films.csv", "film_id,title,year\ng1,The Game of Their Lives,2002\ng2,The Game of Their Lives,2005\n")
    links = write("links.csv", "film_id,relation,name\ng1,directed_by,Daniel Gordon\ng2,directed_by,David Anspaugh\n")
    assert main(["see-also", "The Game of Their Lives", "--data", str(links.parent)]) == 1
    err = capsys.readouterr().err
    assert "2 films answer to 'The Game of Their Lives'" in err
    assert "The Game of Their Lives (2002), directed by Daniel Gordon  [id:g1]" in err
    assert "The Game of Their Lives (2005), directed by David Anspaugh  [id:g2]" in err
    assert main(["see-also", "id:g2", "--data", str(links.parent)]) == 0
    assert main(["see-also", "The Game of Their Lives", "--year", "2005", "--data", str(links.parent)]) == 0


def test_bad_data_folder_names_file_and_line(write, capsys):
    write("films.csv", "film_id,title,year\na,Alpha,twenty\n")
    links = write("links.csv", "film_id,relation,name\n")
    assert main(["info", "--data", str(links.parent)]) == 1
    assert "films.csv:2: field 'year': 'twenty' is not a year" in capsys.readouterr().err
    assert main(["info", "--data", str(links.parent), "--lenient"]) == 0
    captured = capsys.readouterr()
    assert "1 rejected" in captured.err and "0 films" in captured.out


def test_info(capsys):
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["films"] == 14
    assert info["kinds"]["edition"] == 8
    assert info["relations"]["production_company"] == 6


def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "reelgraph", "see-also", "Kill List", "-k", "2"],
                          capture_output=True, text=True, check=True)
    assert "same director Ben Wheatley" in done.stdout
