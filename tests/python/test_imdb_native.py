"""IMDb's TSV datasets through the native reader: a tiny set of files written here
in IMDb's exact schema, read back with ids, roles, years and names as written."""

import gzip
import shutil

import pytest

from reelgraph import FilmGraph, InputError, _core
from reelgraph._imdb import imdb_files

BASICS = [
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres",
    "tt9000001\tmovie\tThe First Synthetic Film\tLe Premier\t0\t2012\t\\N\t81\tComedy,Drama",
    "tt9000002\ttvMovie\tA Television Film\tA Television Film\t0\t2013\t\\N\t12\tDocumentary",
    "tt9000003\ttvSeries\tA Series\tA Series\t0\t2010\t2012\t45\tDrama",
    "tt9000004\tmovie\tAn Adult Film\tAn Adult Film\t1\t2011\t\\N\t90\t\\N",
    "tt9000005\tmovie\tUndated \"Quoted\" Film\tUndated\t0\t\\N\t\\N\t\\N\t\\N",
    "tt9000006\tmovie\tBad Year\tBad Year\t0\t20x2\t\\N\t\\N\tDrama",
    "tt9000007\tmovie\tToo Few Fields",
    "xx9000008\tmovie\tNot An Id\tNot An Id\t0\t2014\t\\N\t\\N\tDrama",
]
PRINCIPALS = [
    "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
    "tt9000001\t1\tnm9000001\tactress\t\\N\t[\"Kim\"]",
    "tt9000001\t2\tnm9000002\tdirector\t\\N\t\\N",
    "tt9000001\t3\tnm9000003\tcomposer\t\\N\t\\N",
    "tt9000001\t4\tnm9000004\tproduction_designer\t\\N\t\\N",
    "tt9000002\t1\tnm9000001\tself\t\\N\t[\"Herself\"]",
    "tt9000003\t1\tnm9000005\tactor\t\\N\t\\N",
    "tt9000002\t2\tnmXYZ\tdirector\t\\N\t\\N",
]
CREW = [
    "tconst\tdirectors\twriters",
    "tt9000001\tnm9000002,nm9000006\t\\N",
    "tt9000002\t\\N\tnm9000002",
    "tt9000003\tnm9000005\t\\N",
]
NAMES = [
    "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
    "nm9000001\tAnn Example\t1980\t\\N\tactress\ttt9000001",
    "nm9000002\tBo Sample-Director\t1970\t\\N\tdirector,writer\ttt9000001,tt9000002",
    "nm9000003\tCé Composer\t\\N\t\\N\tcomposer\t\\N",
    "nm9000005\tDee Series\t\\N\t\\N\tactor\t\\N",
    "nm9000006\tEm Co-Director\t\\N\t\\N\tdirector\t\\N",
]


def write(folder, name, lines, gz=False):
    text = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(folder / f"{name}.tsv.gz", "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        (folder / f"{name}.tsv").write_text(text, encoding="utf-8")


@pytest.fixture
def imdb(tmp_path):
    def make(gz=False, basics=BASICS, principals=PRINCIPALS, crew=CREW, names=NAMES):
        folder = tmp_path / ("gz" if gz else "plain")
        folder.mkdir(exist_ok=True)
        for name, lines in [("title.basics", basics), ("title.principals", principals), ("title.crew", crew),
                            ("name.basics", names)]:
            if lines is not None:
                write(folder, name, lines, gz)
        return folder
    return make


def test_films_roles_years_and_names_as_written(imdb):
    g = FilmGraph.from_imdb(imdb(), on_error="skip")
    films = g.films().set_index("film_id")
    assert sorted(films.index) == ["tt9000001", "tt9000002", "tt9000005"]
    assert films.loc["tt9000001", "title"] == "The First Synthetic Film"
    assert films.loc["tt9000001", "year"] == 2012
    assert films.loc["tt9000005", "title"] == 'Undated "Quoted" Film'  # TSV has no quoting
    assert films["year"].isna()["tt9000005"]

    links = g.links("tt9000001")
    by_relation = {r: sorted(links[links.relation == r].name) for r in links.relation.unique()}
    assert by_relation["cast"] == ["Ann Example"]
    assert by_relation["directed_by"] == ["Bo Sample-Director", "Em Co-Director"]
    assert by_relation["music_by"] == ["Cé Composer"]
    assert by_relation["crew"] == ["nm9000004"]  # not in name.basics: shown by id
    assert by_relation["genre"] == ["Comedy", "Drama"]
    assert set(links[links.relation == "cast"].key) == {"nm9000001"}
    short = g.links("tt9000002")
    assert sorted(short[short.relation == "cast"].name) == ["Ann Example"]
    assert sorted(short[short.relation == "written_by"].name) == ["Bo Sample-Director"]


def test_every_row_is_counted(imdb):
    g = FilmGraph.from_imdb(imdb(), on_error="skip")
    reports = {t.table: t for t in g.report.tables}
    assert list(reports) == ["title.basics.tsv", "title.principals.tsv", "title.crew.tsv", "name.basics.tsv"]
    for t in reports.values():
        assert t.rows_read == t.rows_used + t.skipped + t.rows_rejected, t
    basics = reports["title.basics.tsv"]
    assert (basics.rows_read, basics.rows_used, basics.skipped, basics.rows_rejected) == (8, 3, 2, 3)
    assert [(e.line, e.field) for e in basics.rejected] == [(7, "startYear"), (8, None), (9, "tconst")]
    assert "has 3 tab-separated fields" in basics.rejected[1].reason
    principals = reports["title.principals.tsv"]
    assert (principals.rows_used, principals.skipped, principals.rows_rejected) == (5, 1, 1)
    assert (principals.rejected[0].line, principals.rejected[0].field) == (8, "nconst")
    names = reports["name.basics.tsv"]
    assert (names.rows_used, names.skipped) == (4, 1)  # Dee Series is only in a tvSeries


def test_gzipped_files_give_the_same_graph(imdb):
    plain = FilmGraph.from_imdb(imdb(), on_error="skip")
    gz = FilmGraph.from_imdb(imdb(gz=True), on_error="skip")
    assert plain.info() == gz.info()
    assert plain.films().equals(gz.films())
    assert plain.see_also("tt9000001").equals(gz.see_also("tt9000001"))


def test_first_bad_row_stops_the_read_by_default(imdb):
    with pytest.raises(InputError) as info:
        FilmGraph.from_imdb(imdb())
    assert (info.value.file, info.value.line, info.value.field) == ("title.basics.tsv", 7, "startYear")
    assert "'20x2' is not a year" in str(info.value)


def test_a_file_that_is_not_imdbs_is_refused_at_its_header(imdb):
    folder = imdb(principals=["tconst\tnconst\tcategory", "tt9000001\tnm9000001\tactor"])
    with pytest.raises(InputError, match=r"title.principals.tsv:1: .*expected 'tconst\tordering"):
        FilmGraph.from_imdb(folder, on_error="skip")


def test_only_title_basics_is_required(imdb):
    g = FilmGraph.from_imdb(imdb(principals=None, crew=None, names=None), on_error="skip")
    assert g.n_films == 3
    with pytest.raises(FileNotFoundError, match="title.basics"):
        FilmGraph.from_imdb(imdb(basics=None, principals=None, crew=None, names=None).parent / "missing")


def test_title_types_choose_the_films(imdb):
    g = FilmGraph.from_imdb(imdb(), on_error="skip", title_types=["tvSeries"])
    assert list(g.films().film_id) == ["tt9000003"]
    links = g.links("tt9000003")
    assert sorted(links[links.relation == "directed_by"].name) == ["Dee Series"]


def test_a_raising_progress_callback_stops_the_read(imdb):
    """The callback is where Ctrl-C arrives: whatever it raises ends the read and reaches the caller."""

    class Stop(Exception):
        pass

    files = imdb_files(imdb())
    calls = []

    def progress(done):
        calls.append(done)
        raise Stop

    with pytest.raises(Stop):
        _core.read_imdb(_core.GraphBuilder(), str(files["title.basics"]), stop_on_error=False, progress=progress)
    assert calls and calls[0] > 0


def test_snapshot_of_an_imdb_graph(imdb, tmp_path):
    g = FilmGraph.from_imdb(imdb(), on_error="skip")
    loaded = FilmGraph.load(g.save(tmp_path / "imdb.rg"))
    assert loaded.report.to_dict() == g.report.to_dict()
    assert [t.rows_rejected for t in loaded.report.tables] == [3, 1, 0, 0]
