"""The input format: bad rows are named by file, line and field, and never lost."""

import gzip

import pandas as pd
import pytest

from reelgraph import FilmGraph, InputError

FILMS = """
film_id,title,year
a,Alpha,2001
b,"Beta,
the sequel",2002
c,Gamma,2003
"""


def test_bad_year_is_reported_with_file_line_and_field(write):
    films = write("films.csv", FILMS + "d,Delta,19x5\n")
    links = write("links.csv", "film_id,relation,name\na,genre,Drama\n")
    with pytest.raises(InputError) as err:
        FilmGraph.from_tables(films, links)
    # The quoted title spans two lines, so Delta is on line 6, not row 5.
    assert err.value.file == str(films)
    assert err.value.line == 6
    assert err.value.field == "year"
    assert str(err.value) == f"{films}:6: field 'year': '19x5' is not a year"


@pytest.mark.parametrize(
    "row, field, reason",
    [
        ("a,directer,Someone", "relation", "unknown relation 'directer'"),
        ("zz,genre,Drama", "film_id", "'zz' is not a film of"),
        ("a,genre,", "name", "a link needs a name or an entity_id"),
        ("a,festival,Cannes", "relation", "unknown relation 'festival'"),  # derived, not for tables
    ],
)
def test_bad_links_name_their_field(write, row, field, reason):
    films = write("films.csv", FILMS)
    links = write("links.csv", f"film_id,relation,name\na,genre,Drama\n{row}\n")
    with pytest.raises(InputError) as err:
        FilmGraph.from_tables(films, links)
    assert (err.value.line, err.value.field) == (3, field)
    assert reason in err.value.reason


def test_bad_entity_id_and_section_without_year(write):
    films = write("films.csv", FILMS)
    links = write("links.csv", "film_id,relation,name,entity_id,year,section\n"
                               "a,cast,Someone,tt0000001,,\n")
    with pytest.raises(InputError, match=r"links.csv:2: field 'entity_id': 'tt0000001' is a film id"):
        FilmGraph.from_tables(films, links)
    links = write("links.csv", "film_id,relation,name,entity_id,year,section\n"
                               "a,screened_at,MIFF,,,Inside the DPRK\n")
    with pytest.raises(InputError, match=r"links.csv:2: field 'year': a festival section needs"):
        FilmGraph.from_tables(films, links)


def test_one_id_for_two_titles_is_refused(write):
    films = write("films.csv", FILMS + "a,Not Alpha,2001\n")
    links = write("links.csv", "film_id,relation,name\n")
    with pytest.raises(InputError, match=r"films.csv:6: field 'film_id': film id 'film:a' names both 'Alpha' and 'Not Alpha'"):
        FilmGraph.from_tables(films, links)


def test_missing_column_and_wrong_field_count(write):
    links = write("links.csv", "film_id,relation,name\na,genre,Drama\n")
    with pytest.raises(InputError, match=r"films.csv:1: field 'title': required column missing"):
        FilmGraph.from_tables(write("films.csv", "film_id,year\na,2001\n"), links)
    with pytest.raises(InputError, match=r"films.csv:6: expected 3 fields, found 4"):
        FilmGraph.from_tables(write("films.csv", FILMS + "d,Delta,2004,extra\n"), links)


def test_lenient_load_skips_counts_and_reports_every_bad_row(write):
    # A blank line, too: it is no record, and the lines after it are counted right.
    films = write("films.csv", FILMS + "d,Delta,2004,extra\ne,,2005\n\nf,Phi,1700\ng,Gimel,2007\n")
    links = write("links.csv", "film_id,relation,name\na,genre,Drama\nzz,genre,Drama\ng,genre,Drama\nb,bogus,X\n")
    g = FilmGraph.from_tables(films, links, on_error="skip")
    assert g.n_films == 4  # a, b, c, g
    film_report, link_report = g.report.tables
    assert (film_report.rows_read, film_report.rows_used, film_report.rows_rejected) == (7, 4, 3)
    assert (link_report.rows_read, link_report.rows_used, link_report.rows_rejected) == (4, 2, 2)
    where = sorted((e.line, e.field) for e in film_report.rejected)
    assert where == [(6, None), (7, "title"), (9, "year")]
    assert sorted((e.line, e.field) for e in link_report.rejected) == [(3, "film_id"), (5, "relation")]
    summary = g.report.summary()
    assert "films.csv: 7 rows read, 4 used, 0 duplicates merged, 3 rejected" in summary
    assert f"rejected {films}:9: field 'year': year 1700 is outside" in summary


def test_tsv_gzip_and_parquet_read_the_same(write, tmp_path):
    films = write("films.tsv", "film_id\ttitle\tyear\na\tAlpha\t2001\nb\tBeta\t\n")
    links_path = tmp_path / "links.tsv.gz"
    with gzip.open(links_path, "wt", encoding="utf-8") as f:
        f.write("film_id\trelation\tname\na\tgenre\tDrama\nb\tgenre\tDrama\n")
    g = FilmGraph.from_tables(films, links_path)
    assert g.see_also("Alpha")["title"].tolist() == ["Beta"]

    pd.DataFrame({"film_id": ["a", "b"], "title": ["Alpha", "Beta"], "year": [2001, None]}).to_parquet(tmp_path / "f.parquet")
    pd.DataFrame({"film_id": ["a", "b"], "relation": ["genre", "genre"], "name": ["Drama", None]}).to_parquet(tmp_path / "l.parquet")
    with pytest.raises(InputError, match=r"l.parquet row 2: field 'name'"):
        FilmGraph.from_tables(tmp_path / "f.parquet", tmp_path / "l.parquet")


def test_dataframes_with_float_years_and_folder_loading(write, tmp_path):
    g = FilmGraph.from_tables(
        pd.DataFrame({"film_id": ["a", "b"], "title": ["Alpha", "Beta"], "year": [2001.0, float("nan")]}),
        pd.DataFrame({"film_id": ["a"], "relation": ["genre"], "name": ["Drama"]}),
    )
    years = g.films()["year"]
    assert str(years.dtype) == "Int32"
    assert years.iloc[0] == 2001 and years.isna().tolist() == [False, True]
    folder = tmp_path / "world"
    folder.mkdir()
    (folder / "films.csv").write_text("film_id,title\na,Alpha\n")
    (folder / "links.csv").write_text("film_id,relation,name\na,genre,Drama\n")
    assert FilmGraph.from_folder(folder).n_films == 1
    (folder / "links.csv").unlink()
    with pytest.raises(FileNotFoundError, match="no links.csv"):
        FilmGraph.from_folder(folder)


def test_invalid_on_error_value(write):
    with pytest.raises(ValueError, match="on_error"):
        FilmGraph.from_tables(write("films.csv", FILMS), write("links.csv", "film_id,relation,name\n"), on_error="ignore")


def test_one_id_with_two_years_is_refused(write):
    films = write("films.csv", "film_id,title,year\ntt0038297,Alpha,1986\nTT38297,alpha,1999\n")
    with pytest.raises(InputError, match=r"films.csv:3: field 'film_id': film id 'tt0038297' is dated both 1986 and 1999"):
        FilmGraph.from_tables(films, write("links.csv", "film_id,relation,name\n"))


def test_invalid_utf8_is_located_and_counted(tmp_path):
    films = tmp_path / "films.csv"
    films.write_bytes(b"film_id,title,year\na,Alpha,2001\nb,Am\xe9lie,2001\nc,Gamma,2003\n")
    links = tmp_path / "links.csv"
    links.write_text("film_id,relation,name\na,genre,Drama\nc,genre,Drama\n")
    with pytest.raises(InputError, match=r"films.csv:3: field 'title': not valid UTF-8"):
        FilmGraph.from_tables(films, links)
    g = FilmGraph.from_tables(films, links, on_error="skip")
    assert g.n_films == 2
    assert (g.report.tables[0].rows_read, g.report.tables[0].rows_rejected) == (3, 1)
    bad_header = tmp_path / "bad.csv"
    bad_header.write_bytes(b"film_id,t\xffitle\n")
    with pytest.raises(InputError, match=r"bad.csv:1: the header is not valid UTF-8"):
        FilmGraph.from_tables(bad_header, links)


def test_tsv_has_no_quoting(write):
    films = write("films.tsv", 'film_id\ttitle\tyear\nd\t"Crocodile" Dundee\t1986\n"x\tQuote "open\t1990\ny\tAfter\t1991\n')
    g = FilmGraph.from_tables(films, write("links.tsv", "film_id\trelation\tname\n"))
    assert g.films()["title"].tolist() == ['"Crocodile" Dundee', 'Quote "open', "After"]


def test_an_unclosed_quote_says_how_many_lines_it_swallowed(write):
    films = write("films.csv", 'film_id,title,year\na,"Alpha,1986\nb,Beta,2002\nc,Gamma,2003\n')
    with pytest.raises(InputError, match=r"films.csv:2: expected 3 fields, found 2 in a record running over 3 lines \(an unclosed quote\?\)"):
        FilmGraph.from_tables(films, write("links.csv", "film_id,relation,name\n"))


def test_blank_first_line_and_mixed_type_dataframes(write, tmp_path):
    (tmp_path / "films.csv").write_text("\nfilm_id,title\na,Alpha\n")
    with pytest.raises(InputError, match=r"films.csv:1: the first line is blank"):
        FilmGraph.from_tables(tmp_path / "films.csv", write("links.csv", "film_id,relation,name\n"))
    g = FilmGraph.from_tables(
        pd.DataFrame({"film_id": ["a", "b", 3], "title": ["Alpha", "Beta", "Gamma"], "year": [2001, "2002", None]}),
        pd.DataFrame({"film_id": [3], "relation": ["genre"], "name": ["Drama"]}),
    )
    assert g.films()["year"].tolist()[:2] == [2001, 2002]
    assert g.people("3", "genre") == ["Drama"]


def test_duplicate_link_rows_are_counted_as_merged(seed):
    links = next(t for t in seed.report.tables if t.table.endswith("links.csv"))
    # Stated by both documents 000 and 001: 3 directors, 3 producers, 2 writers,
    # 3 countries ("UK" being "United Kingdom"), the language and the genre.
    assert links.duplicates == 3 + 3 + 2 + 3 + 1 + 1
    # Each row counted once: the merged ones are not also used.
    assert links.rows_read == 68 and links.rows_used == 68 - links.duplicates
    assert links.balanced()


def test_malformed_row_holding_bad_utf8_is_one_rejected_row(tmp_path):
    links = tmp_path / "links.csv"
    links.write_bytes(b"film_id,relation,name\na,directed_by,X\xff,extra\na,genre,Drama\nb,genre,Dr\xe9ma\nb,genre,Drama\n")
    films = tmp_path / "films.csv"
    films.write_text("film_id,title\na,Alpha\nb,Beta\n")
    with pytest.raises(InputError, match=r"links.csv:2: expected 3 fields, found 4"):
        FilmGraph.from_tables(films, links)
    g = FilmGraph.from_tables(films, links, on_error="skip")
    report = g.report.tables[1]
    assert (report.rows_read, report.rows_used, report.rows_rejected) == (4, 2, 2)
    assert sorted((e.line, e.field) for e in report.rejected) == [(2, None), (4, "name")]


def test_dataframes_with_bad_bytes_or_repeated_columns():
    films = pd.DataFrame({"film_id": ["a", "b"], "title": ["Alpha", b"B\xffeta"]})
    links = pd.DataFrame({"film_id": ["a"], "relation": ["genre"], "name": ["Drama"]})
    with pytest.raises(InputError, match=r"films row 2: field 'title': not valid UTF-8"):
        FilmGraph.from_tables(films, links)
    assert FilmGraph.from_tables(films, links, on_error="skip").n_films == 1
    twice = pd.DataFrame([["a", "Alpha", "A"]], columns=["film_id", "title", "title"])
    with pytest.raises(InputError, match=r"films: field 'title': column named twice"):
        FilmGraph.from_tables(twice, links)


def test_a_huge_cell_does_not_hide_the_line_of_an_error(write):
    films = write("films.csv", "film_id,title\na,Alpha\n")
    links = write("links.csv", "film_id,relation,name,detail\n" f"a,genre,Drama,{'x' * 200_000}\n" "a,directer,X,\n")
    with pytest.raises(InputError, match=r"links.csv:3: field 'relation'"):
        FilmGraph.from_tables(films, links)
