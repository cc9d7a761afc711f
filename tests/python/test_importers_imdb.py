"""The manifest's IMDb source (the core's native reader) on a tiny dataset in
IMDb's exact layout (tests/fixtures/imdb-tiny)."""

import gzip
import shutil
from pathlib import Path

import pytest

from reelgraph import InputError
from reelgraph.importers import imdb

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "imdb-tiny"
FILES = {"title_basics": "title.basics.tsv", "title_principals": "title.principals.tsv",
         "title_crew": "title.crew.tsv", "name_basics": "name.basics.tsv"}


def entry(folder: Path, suffix: str = "", **extra) -> dict:
    e = {}
    for key, name in FILES.items():
        e[key] = folder / (name + suffix)
        e[f"{key}_label"] = name + suffix
    e.update(extra)
    return e


def credits(tables):
    links = tables.links
    return {(r.film_id, r.relation, r.entity_id, r.name, r.detail if isinstance(r.detail, str) else None)
            for r in links.itertuples() if r.relation != "genre"}


def test_films_people_and_roles_round_trip_exactly():
    t = imdb.load(entry(FIXTURE), "raise")
    films = t.films.set_index("film_id")
    assert sorted(films.index) == ["tt0465538", "tt3967856", "tt6751668"]
    assert films.loc["tt6751668", "title"] == "Parasite"
    assert films.loc["tt6751668", "year"] == "2019"
    assert films.loc["tt0465538", "year"] == "2007"
    got = credits(t)
    assert ("tt6751668", "directed_by", "nm0094435", "Bong Joon Ho", None) in got
    assert ("tt6751668", "written_by", "nm0094435", "Bong Joon Ho", None) in got
    assert ("tt6751668", "edited_by", "nm2185967", "Yang Jinmo", None) in got
    assert ("tt6751668", "produced_by", "nm10113618", "Kwak Sin Ae", None) in got
    # title.crew adds a writer title.principals does not list
    assert ("tt6751668", "written_by", "nm8243301", "Han Jin Won", None) in got
    # The characters are not kept: the graph has no use for them.
    assert ("tt3967856", "cast", "nm0842770", "Tilda Swinton", None) in got
    assert ("tt0465538", "cast", "nm0842770", "Tilda Swinton", None) in got
    # principals and crew both name Bong Joon Ho as Okja's director: one link
    assert len([c for c in got if c[:3] == ("tt3967856", "directed_by", "nm0094435")]) == 1
    genres = t.links[t.links.relation == "genre"]
    assert set(genres[genres.film_id == "tt6751668"].name) == {"Comedy", "Drama", "Thriller"}
    # the episode, the adult title and everything about them are left out, and counted
    assert not (t.links.film_id.isin(["tt90000001", "tt90000002"])).any()
    assert t.report.skipped["title type not imported (or adult title)"] == 2  # the episode and the adult title
    assert t.report.skipped["credit of a title not imported"] == 2  # one principal, one crew row
    assert t.report.skipped["a person credited on no title imported"] == 1
    assert t.report.rows_rejected == 0
    assert t.report.rows_read == 5 + 8 + 3 + 6
    assert t.report.balanced()


def test_title_types_and_adult_are_choices():
    t = imdb.load(entry(FIXTURE, title_types=["movie", "tvEpisode"], adult=True), "raise")
    assert {"tt90000001", "tt90000002"} <= set(t.films.film_id)
    assert ("tt90000001", "cast", "nm90000001", "Synthetic Person", None) in credits(t)


def test_gzipped_files_read_the_same(tmp_path):
    for name in FILES.values():
        with open(FIXTURE / name, "rb") as src, gzip.open(tmp_path / (name + ".gz"), "wb") as dst:
            shutil.copyfileobj(src, dst)
    plain = imdb.load(entry(FIXTURE), "raise")
    packed = imdb.load(entry(tmp_path, ".gz"), "raise")
    assert packed.films[["film_id", "title", "year"]].equals(plain.films[["film_id", "title", "year"]])
    assert credits(packed) == credits(plain)


def test_bad_rows_are_located(tmp_path):
    for name in FILES.values():
        shutil.copy(FIXTURE / name, tmp_path / name)
    with open(tmp_path / "title.basics.tsv", "a", encoding="utf-8") as f:
        f.write("tt90000003\tmovie\tSynthetic Bad Year\tx\t0\t20x9\t\\N\t90\t\\N\n")   # line 7
        f.write("tt90000004\tmovie\tSynthetic Short Row\n")                            # line 8
        f.write("tt90000005\tmovie\tSynthetic Good Film\tx\t0\t2001\t\\N\t-5\t\\N\n")    # line 9
        f.write("tt90000006\tmovie\tSynthetic Kept Film\tx\t0\t2002\t\\N\t\\N\t\\N\n")  # line 10
    t = imdb.load(entry(tmp_path, block_size=256), "skip")
    where = {(e.file, e.line, e.field) for e in t.report.rejected}
    assert where == {("title.basics.tsv", 7, "startYear"), ("title.basics.tsv", 8, None),
                     ("title.basics.tsv", 9, "runtimeMinutes")}
    assert "tt90000006" in set(t.films.film_id)
    assert t.report.balanced()
    # The first bad row stops a strict read; without it, the next one does.
    with pytest.raises(InputError, match=r"title.basics.tsv:7: field 'startYear': '20x9' is not a year"):
        imdb.load(entry(tmp_path), "raise")
    with open(tmp_path / "title.basics.tsv", encoding="utf-8") as f:
        lines = f.readlines()
    (tmp_path / "title.basics.tsv").write_text("".join(lines[:6] + lines[7:]), encoding="utf-8")
    with pytest.raises(InputError, match=r"title.basics.tsv:7: has 3 tab-separated fields where IMDb writes 9"):
        imdb.load(entry(tmp_path), "raise")


def test_a_header_that_is_not_imdbs_is_named(tmp_path):
    for name in FILES.values():
        shutil.copy(FIXTURE / name, tmp_path / name)
    (tmp_path / "title.basics.tsv").write_text("tconst\ttitleType\ntt6751668\tmovie\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"title.basics.tsv:1: the header is not IMDb's"):
        imdb.load(entry(tmp_path), "raise")


def _basics_with(tmp_path, *rows: bytes) -> Path:
    for name in FILES.values():
        shutil.copy(FIXTURE / name, tmp_path / name)
    with open(tmp_path / "title.basics.tsv", "ab") as f:
        for row in rows:
            f.write(row + b"\n")
    return tmp_path


def test_a_byte_that_is_not_utf8_fails_its_row_not_the_lenient_build(tmp_path):
    folder = _basics_with(tmp_path, b"tt90000007\tmovie\tAm\xe9lie\tx\t0\t2001\t\\N\t\\N\t\\N",   # line 7
                          b"tt90000008\tmovie\tAfter It\tx\t0\t2002\t\\N\t\\N\t\\N")
    t = imdb.load(entry(folder), "skip")
    assert [(e.line, e.field) for e in t.report.rejected] == [(7, "primaryTitle")]
    assert "UTF-8" in t.report.rejected[0].reason
    assert "tt90000008" in set(t.films.film_id) and "tt90000007" not in set(t.films.film_id)
    with pytest.raises(InputError, match=r"title.basics.tsv:7: field 'primaryTitle'.*UTF-8"):
        imdb.load(entry(folder), "raise")


def test_an_id_repeated_with_another_title_is_refused_not_kept_silently(tmp_path):
    folder = _basics_with(tmp_path, b"tt6751668\tmovie\tNot Parasite\tx\t0\t2019\t\\N\t\\N\t\\N")  # line 7
    t = imdb.load(entry(folder), "skip")
    assert [(e.line, e.field) for e in t.report.rejected] == [(7, "primaryTitle")]
    assert "names both 'Parasite' and 'Not Parasite'" in t.report.rejected[0].reason
    assert t.films.set_index("film_id").loc["tt6751668", "title"] == "Parasite"


def test_an_exponent_is_not_a_year(tmp_path):
    folder = _basics_with(tmp_path, b"tt90000009\tmovie\tExponent\tx\t0\t2e3\t\\N\t\\N\t\\N")  # line 7
    with pytest.raises(InputError, match=r"title.basics.tsv:7: field 'startYear': '2e3' is not a year"):
        imdb.load(entry(folder), "raise")
    t = imdb.load(entry(folder), "skip")
    assert "tt90000009" not in set(t.films.film_id)
