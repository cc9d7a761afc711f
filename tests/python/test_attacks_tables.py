"""Attacks on the input tables (second reliability round, items 8 and 10):
values of the wrong type taken as data, and files the delimited reader
describes badly. Each must be a rejected row or an InputError naming the file,
the line and the field."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reelgraph import FilmGraph
from reelgraph.tables import InputError

LINKS = pd.DataFrame({"film_id": ["f1", "f2"], "relation": ["directed_by", "directed_by"], "name": ["Ann", "Ann"]})


def films_with(column: str, value, tmp_path=None):
    films = pd.DataFrame({"film_id": ["f1", "f2"], "title": ["One", "Two"], "year": ["2001", "2002"]})
    films[column] = films[column].astype(object)
    films.at[0, column] = value
    return films


@pytest.mark.parametrize("year", ["2_003", "\uff12\uff10\uff10\uff13", "2e3", "0x7d3", " 2003 4", "\u0662\u0660\u0660\u0663"])
def test_a_year_that_python_would_parse_but_a_table_does_not_mean_is_rejected(year):
    with pytest.raises(InputError, match="is not a year") as caught:
        FilmGraph.from_tables(films_with("year", year), LINKS)
    assert caught.value.field == "year"
    graph = FilmGraph.from_tables(films_with("year", year), LINKS, on_error="skip")
    assert graph.n_films == 1 and graph.report.rejected


@pytest.mark.parametrize("year", ["2003", "2003.0", " 2003 "])
def test_plain_years_still_read(year):
    graph = FilmGraph.from_tables(films_with("year", year), LINKS)
    assert graph.core.year(graph.film("One")) == 2003


@pytest.mark.parametrize("title", [["A", "B"], {"name": "A"}])
def test_a_parquet_list_or_struct_title_is_rejected_not_stored_as_its_repr(tmp_path, title):
    table = pa.table({"film_id": ["f1", "f2"], "title": [title, title], "year": ["2001", "2002"]})
    path = tmp_path / "films.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputError, match="not text") as caught:
        FilmGraph.from_tables(path, LINKS)
    assert caught.value.field == "title"


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u200d\ufeff", "\u3164", "\u0301", "\u00a0\u2060"])
def test_a_title_of_only_invisible_characters_is_rejected(title):
    with pytest.raises(InputError, match="invisible"):
        FilmGraph.from_tables(films_with("title", title), LINKS)


def test_a_name_of_only_invisible_characters_is_rejected():
    links = LINKS.copy()
    links.at[0, "name"] = "\u200b\u200b"
    with pytest.raises(InputError, match="shows nothing"):
        FilmGraph.from_tables(films_with("title", "One"), links)


def test_visible_titles_in_any_script_are_kept():
    for title in ("\u0417\u0435\u0440\u043a\u0430\u043b\u043e", "\ud55c\uad6d", "\u2026", "\u0645\u0631\u0622\u062a"):
        assert FilmGraph.from_tables(films_with("title", title), LINKS).n_films == 2


@pytest.mark.xfail(strict=True, reason="the delimited reader is being replaced by the columnar builder, "
                                       "which gives this its own message")
def test_a_file_whose_lines_end_in_cr_only_is_told_as_such(tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(b"film_id,title,year\rf1,One,2001\rf2,Two,2002\r")
    with pytest.raises(InputError) as caught:
        FilmGraph.from_tables(path, LINKS)
    message = str(caught.value)
    assert "carriage return" in message.lower() and "newline" not in message.lower()


@pytest.mark.xfail(strict=True, reason="the delimited reader is being replaced by the columnar builder, "
                                       "which locates this cell")
def test_a_cell_over_a_megabyte_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "films.csv"
    path.write_text("film_id,title,year\nf1,One,2001\nf2," + "x" * (2 << 20) + ",2002\n")
    try:
        graph = FilmGraph.from_tables(path, LINKS)
    except InputError as exc:
        assert exc.line == 3 and "straddling" not in str(exc)
    else:
        assert graph.n_films == 2
