"""Degenerate graphs and awkward input: each gets a sensible answer or a clear error."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pandas as pd
import pytest

import reelgraph
from reelgraph import FilmGraph, FilmNotFoundError, InputError

SEE_ALSO_COLUMNS = ["rank", "film", "film_id", "title", "year", "score", "reason", "explanation", "padded"]


def graph(films: list[tuple], links: list[tuple], **kw) -> FilmGraph:
    f = pd.DataFrame(films, columns=["film_id", "title", "year"][: len(films[0])] if films else ["film_id", "title"])
    l_cols = ["film_id", "relation", "name", "entity_id"]
    lk = pd.DataFrame(links, columns=l_cols[: len(links[0])] if links else ["film_id", "relation", "name"])
    return FilmGraph.from_tables(f, lk, **kw)


def check_explanations(result: pd.DataFrame) -> None:
    for row in result.itertuples():
        assert sum(t["contribution"] for t in row.explanation) == pytest.approx(row.score, rel=1e-9)


# ------------------------------------------------------------ empty and near-empty


@pytest.fixture
def empty(write) -> FilmGraph:
    return FilmGraph.from_tables(write("films.csv", "film_id,title\n"), write("links.csv", "film_id,relation,name\n"))


def test_empty_graph_answers_info_and_says_no_film(empty, tmp_path):
    assert len(empty) == 0
    info = empty.info()
    assert (info["films"], info["vertices"], info["links"]) == (0, 0, 0)
    with pytest.raises(FilmNotFoundError):
        empty.see_also("Anything")
    with pytest.raises(FilmNotFoundError):
        empty.see_also(0)
    loaded = FilmGraph.load(empty.save(tmp_path / "empty.rg"))
    assert loaded.info() == info
    assert [t.rows_read for t in loaded.report.tables] == [0, 0]


def test_a_zero_byte_table_is_an_error_naming_the_file(write):
    with pytest.raises(InputError, match=r"films\.csv:1: the file is empty"):
        FilmGraph.from_tables(write("films.csv", ""), write("links.csv", "film_id,relation,name\n"))
    with pytest.raises(InputError, match=r"links\.csv:1: the file is empty"):
        FilmGraph.from_tables(write("films.csv", "film_id,title\nx,X\n"), write("links.csv", ""))


def test_a_film_with_no_links_has_no_related_films():
    g = graph([("a", "Alone", 2001), ("b", "Busy", 2002), ("c", "Company", 2003)],
              [("b", "directed_by", "Someone"), ("c", "directed_by", "Someone")])
    result = g.see_also("Alone")
    assert list(result.columns) == SEE_ALSO_COLUMNS
    assert result.empty
    assert g.see_also("Busy")["title"].tolist() == ["Company"]


def test_duplicate_rows_are_merged_and_counted():
    g = graph([("a", "A", 2001), ("a", "A", 2001), ("b", "B", 2002)],
              [("a", "directed_by", "X"), ("a", "directed_by", "X"), ("a", "directed_by", " x "),
               ("b", "directed_by", "X")])
    films, links = g.report.tables[:2]
    assert (films.rows_read, films.duplicates) == (3, 1)
    assert links.duplicates == 2
    assert g.info()["links"] == 2
    row = g.see_also("A").iloc[0]
    assert row.title == "B" and len(row.explanation) == 1


def test_an_entity_linked_to_every_film_does_not_drown_the_answer():
    n = 400
    films = [(f"f{i}", f"Film {i}", 2000) for i in range(n)]
    links = [(f"f{i}", "country", "Everywhere") for i in range(n)]
    links += [("f0", "directed_by", "Rare"), ("f1", "directed_by", "Rare")]
    g = graph(films, links)
    result = g.see_also("Film 0", k=5)
    assert result["title"].iloc[0] == "Film 1"  # the shared director outweighs the hub
    assert len(result) == 1  # the hub alone is no evidence: the list stays short
    result = g.see_also("Film 0", k=5, pad=True)
    assert result["title"].iloc[0] == "Film 1" and len(result) == 5  # padding asked for: the hub fills it
    assert result["padded"].tolist() == [False, True, True, True, True]
    check_explanations(result)
    assert g.see_also("Film 7", k=3, hub_degree=50).empty  # nothing but the hub
    lonely = g.see_also("Film 7", k=3, hub_degree=50, pad=True)
    assert len(lonely) == 3 and lonely["padded"].all() and all(r.explanation[0]["name"] == "Everywhere" for r in lonely.itertuples())


# ------------------------------------------------------------ identity


def test_one_id_in_three_spellings_is_one_film():
    g = graph([("tt0038297", "Odd Man Out", 1947), ("tt38297", "Odd Man Out", 1947),
               ("https://www.imdb.com/title/tt0038297/", "odd man out", None), ("tt0000002", "Other", 1950)],
              [("tt38297", "directed_by", "Carol Reed"), ("tt0000002", "directed_by", "Carol Reed")])
    assert len(g) == 2
    assert g.report.tables[0].duplicates == 2
    v = g.film("tt0038297")
    assert g.film("TT38297") == g.film("https://www.imdb.com/title/tt0038297/") == g.film("id:tt038297") == v
    assert g.see_also("tt0038297")["film_id"].tolist() == ["tt0000002"]


def test_an_id_hidden_behind_an_invisible_character_is_refused_not_a_second_film():
    with pytest.raises(InputError, match="write the id plainly"):
        graph([("tt0038297", "Odd Man Out", 1947), ("\u200btt0038297", "Odd Man Out", 1947)], [])


def test_a_film_id_used_as_an_entity_id_is_refused():
    with pytest.raises(InputError, match="film id"):
        graph([("tt0038297", "Odd Man Out", 1947)], [("tt0038297", "cast", "Me", "tt0038297")])
    # Wikidata ids name films and people alike: one id is one of them.
    with pytest.raises(InputError, match="Q42"):
        graph([("Q42", "A Film", 2001)], [("Q42", "cast", "Someone", "Q42")])
    g = graph([("Q42", "A Film", 2001)], [("Q42", "cast", "Someone", "Q42")], on_error="skip")
    assert len(g) == 1 and g.report.tables[1].rows_rejected == 1


def test_nfc_and_nfd_spellings_are_one_person():
    nfc, nfd = "Café Müller", unicodedata.normalize("NFD", "Café Müller")
    assert nfc != nfd
    g = graph([("a", "A", 2001), ("b", "B", 2002)], [("a", "directed_by", nfc), ("b", "directed_by", nfd)])
    assert g.info()["kinds"]["person"] == 1
    row = g.see_also("A").iloc[0]
    assert row.title == "B" and row.explanation[0]["name"] == nfc
    assert g.entity("person", nfd) == g.entity("person", nfc)


SCRIPTS = [("k1", "우리들", 2019, "윤가은"), ("k2", "우리집", 2019, "윤가은"),
           ("c1", "无间道", 2002, "刘伟强"), ("c2", "头文字D", 2005, "刘伟强"),
           ("a1", "وجدة", 2012, "هيفاء المنصور"), ("a2", "المرشحة المثالية", 2019, "هيفاء المنصور")]


@pytest.fixture
def scripts(write, tmp_path):
    write("films.csv", "film_id,title,year\n" + "".join(f"{i},{t},{y}\n" for i, t, y, _ in SCRIPTS))
    write("links.csv", "film_id,relation,name\n" + "".join(f"{i},directed_by,{d}\n" for i, _, _, d in SCRIPTS))
    return tmp_path


def test_korean_chinese_and_arabic_titles(scripts):
    g = FilmGraph.from_folder(scripts)
    # Films come in pairs by one director: each one's only related film is the other.
    for i, (_, title, _, director) in enumerate(SCRIPTS):
        partner = SCRIPTS[i + 1 if i % 2 == 0 else i - 1][1]
        result = g.see_also(title)
        assert result["title"].tolist() == [partner]
        assert director in result["reason"].iloc[0]
        check_explanations(result)
    # Spacing around and inside a title is folded, ideographic spaces included.
    assert g.film("  우리들 ") == g.film("우리들")
    assert g.film("\u3000无间道") == g.film("无间道")
    assert g.entity("person", "هيفاء  المنصور") == g.entity("person", "هيفاء المنصور")


def test_the_cli_prints_other_scripts_as_they_are(scripts):
    run = subprocess.run([sys.executable, "-m", "reelgraph", "see-also", "وجدة", "--data", str(scripts)],
                         capture_output=True, text=True, encoding="utf-8", check=True)
    assert "المرشحة المثالية" in run.stdout and "هيفاء المنصور" in run.stdout
    run = subprocess.run([sys.executable, "-m", "reelgraph", "see-also", "无间道", "--json", "--data", str(scripts)],
                         capture_output=True, text=True, encoding="utf-8", check=True)
    assert "头文字D" in json.dumps(json.loads(run.stdout), ensure_ascii=False)


def test_a_100_kb_name_and_title(tmp_path):
    long_title, long_name = "T" * 100_000 + " é", "N" * 50_000 + " 名" * 25_000
    g = graph([("a", long_title, 2001), ("b", "B", 2002)],
              [("a", "directed_by", long_name), ("b", "directed_by", long_name)])
    assert g.titles()[0] == long_title
    row = g.see_also(long_title).iloc[0]
    assert row.title == "B" and row.explanation[0]["name"] == long_name
    loaded = FilmGraph.load(g.save(tmp_path / "long.rg"))
    assert loaded.see_also("B")["title"].tolist() == [long_title]


def test_a_header_the_csv_module_cannot_read_is_an_input_error(write):
    # Found by fuzzing: a lone carriage return inside the header line escaped as csv.Error.
    with pytest.raises(InputError, match=r"films\.csv:1: the header cannot be read as CSV"):
        FilmGraph.from_tables(write("films.csv", "film_id\r,title\nx,X\n"), write("links.csv", "film_id,relation,name\n"))
