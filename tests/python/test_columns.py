"""The core's row checks on whole columns: one year rule for every way in, and
cells that are not text refused with their file, line and field."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reelgraph import FilmGraph, InputError, _core
from reelgraph.importers._common import years

LINKS = "film_id,relation,name\n"


@pytest.mark.parametrize("cell, year", [("2003", 2003), (" 2003 ", 2003), ("2003.0", 2003), ("", 0), ("1870", 1870),
                                        ("2100", 2100)])
def test_years_the_rule_takes(cell, year):
    assert _core.parse_year(cell) == year


@pytest.mark.parametrize("cell, reason", [
    ("2e3", "'2e3' is not a year"),             # an exponent: Python's float() took it as 2000
    ("2_003", "'2_003' is not a year"),         # a digit separator: float() took it too
    ("２００３", "'２００３' is not a year"),      # full-width digits: float() took them too
    ("-2003", "'-2003' is not a year"),
    ("2003.5", "'2003.5' is not a year"),
    ("1869", "year 1869 is outside 1870-2100"),
    ("2101", "year 2101 is outside 1870-2100"),
    ("99999999999", "year 99999999999 is outside 1870-2100"),
])
def test_years_the_rule_refuses(cell, reason):
    with pytest.raises(ValueError, match=f"^{reason}$"):
        _core.parse_year(cell)


def test_tables_and_importers_share_the_rule(write):
    films = write("films.csv", "film_id,title,year\na,Alpha,2003\nb,Beta,2e3\n")
    with pytest.raises(InputError, match=r"films.csv:3: field 'year': '2e3' is not a year"):
        FilmGraph.from_tables(films, write("links.csv", LINKS))
    text, bad = years(pd.Series(["2003", "2e3", "2_003", "１９９９", None, "?", "1700", "2001.0"]))
    assert bad.tolist() == [False, True, True, True, False, False, True, False]
    assert text.tolist() == ["2003", None, None, None, None, None, None, "2001"]


def test_link_years_follow_the_same_rule(write):
    films = write("films.csv", "film_id,title\na,Alpha\n")
    links = write("links.csv", "film_id,relation,name,year\na,awarded,Best Film,2_003\n")
    with pytest.raises(InputError, match=r"links.csv:2: field 'year': '2_003' is not a year"):
        FilmGraph.from_tables(films, links)


def test_a_title_of_invisible_characters_only_is_empty(write):
    films = write("films.csv", "film_id,title\na,Alpha\nb,\u200b\u200b\n")
    with pytest.raises(InputError, match=r"films.csv:3: field 'title': empty \(it holds only"):
        FilmGraph.from_tables(films, write("links.csv", LINKS))
    g = FilmGraph.from_tables(films, write("links.csv", LINKS), on_error="skip")
    assert g.n_films == 1 and g.report.tables[0].rows_rejected == 1


def test_a_parquet_column_of_lists_is_refused_by_name(tmp_path):
    path = tmp_path / "films.parquet"
    pq.write_table(pa.table({"film_id": ["a", "b"], "title": [["Alpha"], ["Beta", "B"]]}), path)
    links = pd.DataFrame({"film_id": ["a"], "relation": ["genre"], "name": ["Drama"]})
    with pytest.raises(InputError, match=r"films.parquet: field 'title': holds list<.*> values, not text"):
        FilmGraph.from_tables(path, links)
    frame = pd.DataFrame({"film_id": ["a"], "title": ["Alpha"],
                          "year": pd.Series([{"y": 2001}], dtype=object)})
    with pytest.raises(InputError, match=r"films: field 'year': holds struct<.*> values, not text"):
        FilmGraph.from_tables(frame, links)


def test_arrow_columns_of_any_text_or_number_type(tmp_path):
    films = pa.table({
        "film_id": pa.array(["a", "b", "c"]).dictionary_encode(),
        "title": pa.array(["Alpha", "Beta", "Gamma"], pa.large_string()),
        "year": pa.array([2001.0, None, 2003.0]),
        "runtime_minutes": pa.array([90, None, 100], pa.int16()),
    })
    links = pa.table({"film_id": pa.array([b"a", b"c"], pa.binary()), "relation": ["genre", "genre"],
                      "name": ["Drama", "Drama"]})
    g = FilmGraph.from_tables(films, links)
    assert g.films()["year"].tolist()[0] == 2001 and pd.isna(g.films()["year"].tolist()[1])
    assert g.see_also("Alpha")["title"].tolist() == ["Gamma"]
    sliced = FilmGraph.from_tables(films.slice(1), links.slice(1))  # an Arrow offset into the buffers
    assert sliced.titles() == ["Beta", "Gamma"]


def test_a_non_integral_float_year_is_refused_as_written():
    films = pd.DataFrame({"film_id": ["a", "b"], "title": ["Alpha", "Beta"], "year": [2001.0, 2001.5]})
    links = pd.DataFrame({"film_id": ["a"], "relation": ["genre"], "name": ["Drama"]})
    with pytest.raises(InputError, match=r"films row 2: field 'year': '2001.5' is not a year"):
        FilmGraph.from_tables(films, links)


def test_a_cell_longer_than_any_name_is_refused(write):
    films = write("films.csv", "film_id,title\na,Alpha\n")
    long_name = "x" * (_core.MAX_NAME_BYTES + 1)
    links = write("links.csv", f"film_id,relation,name\na,genre,{long_name}\na,genre,Drama\n")
    with pytest.raises(InputError, match=r"links.csv:2: field 'name': a cell of \d+ bytes, longer than any name"):
        FilmGraph.from_tables(films, links)
    g = FilmGraph.from_tables(films, links, on_error="skip")
    assert g.report.tables[1].rows_used == 1


def test_the_builder_holds_numeric_years_to_the_rule():
    b = _core.GraphBuilder()
    with pytest.raises(ValueError, match="year 1700 is outside 1870-2100"):
        b.add_film("a", "Alpha", 1700)
    assert b.add_film("a", "Alpha", 2001)[1]
