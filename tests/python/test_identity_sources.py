"""Identity across sources: TV series apart, titles cased, one vocabulary, manifest policies."""

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from reelgraph import InputError
from reelgraph.cli import main
from reelgraph.importers import StrictInputError, build, imdb5000, read_manifest
from reelgraph.importers.manifest import ManifestError
from reelgraph.importers.titles import title_case, title_case_column
from reelgraph.importers.vocab import normalise_names

IMDB5000_HEADER = ("color,director_name,num_critic_for_reviews,duration,director_facebook_likes,actor_3_facebook_likes,"
                   "actor_2_name,actor_1_facebook_likes,gross,genres,actor_1_name,movie_title,num_voted_users,"
                   "cast_total_facebook_likes,actor_3_name,facenumber_in_poster,plot_keywords,movie_imdb_link,"
                   "num_user_for_reviews,language,country,content_rating,budget,title_year,actor_2_facebook_likes,"
                   "imdb_score,aspect_ratio,movie_facebook_likes")


def imdb5000_row(director, duration, actor1, title, tt, year, rating="R"):
    return (f"Color,{director},1,{duration},0,0,,0,0,Crime,{actor1},{title},1,0,,0,,"
            f"http://www.imdb.com/title/{tt}/?ref_=fn_tt_tt_1,1,English,USA,{rating},0,{year},0,7.0,1.85,0")


def entry(path: Path, **more) -> dict:
    return {"path": path, "path_label": path.name, "root": path.parent, **more}


@pytest.fixture
def put(tmp_path):
    def _put(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _put


def _imdb5000(put):
    film = imdb5000_row("Michael Mann", 134, "Colin Farrell", "Miami Vice\u00a0", "tt0430357", 2006)
    series = imdb5000_row("", 60, "Don Johnson", "Miami Vice\u00a0", "tt0086759", "", rating="TV-14")
    return put("movie_metadata.csv", "\n".join([IMDB5000_HEADER, film, series]) + "\n")


def test_tv_series_are_skipped_and_counted_unless_asked_for(put):
    path = _imdb5000(put)
    t = imdb5000.load(entry(path), "raise")
    assert list(t.films.film_id) == ["tt0430357"]
    r = t.report
    assert r.rows_skipped == 1 and r.balanced()
    assert "TV series" in next(iter(r.skipped))
    kept = imdb5000.load(entry(path, tv=True), "raise")
    assert sorted(kept.films.film_id) == ["tt0086759", "tt0430357"]


@pytest.mark.parametrize("written,shown", [
    ("berlin night window", "Berlin Night Window"),
    ("the man of the year", "The Man of the Year"),
    ("l'avventura", "L'Avventura"),
    ("rocky ii", "Rocky II"),
    ("jean-luc et moi", "Jean-Luc et Moi"),
    ("la vita e bella: una storia", "La Vita e Bella: Una Storia"),
    ("what is it for", "What Is It For"),
    ("Already Cased", "Already Cased"),
    ("eXistenZ", "eXistenZ"),
    ("1917", "1917"),
])
def test_lower_case_titles_are_title_cased_by_the_documented_rule(written, shown):
    assert title_case(written) == shown


def test_title_casing_a_column_touches_only_lower_case_titles():
    column = pd.Series(["berlin night window", "Berlin Night Window", None, "ABC"])
    assert title_case_column(column).tolist()[:2] == ["Berlin Night Window", "Berlin Night Window"]
    assert title_case_column(column).iloc[3] == "ABC"


def test_one_vocabulary_for_countries_languages_genres_and_festivals():
    relations = ["country", "country", "country", "language", "genre", "genre", "screened_at", "screened_at",
                 "cast"]
    names = ["HK", "Hong Kong", "USA", "ko", "Sci-Fi", "Science Fiction", "Cannes Film Festival", "CANNES", "HK"]
    assert normalise_names(relations, names) == ["Hong Kong", "Hong Kong", "United States", "Korean",
                                                 "Science Fiction", "Science Fiction", "Cannes", "Cannes", "HK"]


AWARDS = """\
    year,title,IMDb ID
    2019,Parasite,tt6751668
    2020,Nomadland,not-an-id
"""


def _manifest(put, policy: str | None) -> Path:
    put("awards/palme.csv", AWARDS)
    line = f'on_error = "{policy}"\n' if policy else ""
    return put("m.toml", f'[[source]]\nkind = "award_winners"\npath = "awards"\n{line}')


def test_a_source_that_states_on_error_skip_builds_strictly_and_reports_its_bad_rows(put):
    g, report = build(_manifest(put, "skip"))
    assert g.n_films == 1
    (source,) = report.sources
    assert source.rows_rejected == 1 and source.balanced()
    assert "palme.csv:3" in report.summary()


def test_a_strict_failure_says_how_to_go_on(put, capsys):
    path = _manifest(put, None)
    with pytest.raises(StrictInputError) as err:
        build(path)
    assert isinstance(err.value, InputError) and err.value.line == 3
    assert 'on_error = "skip"' in str(err.value) and "--lenient" in str(err.value)
    assert main(["build", str(path), "-o", str(path.parent / "g.rg")]) == 1
    assert "--lenient" in capsys.readouterr().err
    assert main(["build", str(path), "-o", str(path.parent / "g.rg"), "--lenient"]) == 0


def test_on_error_takes_raise_or_skip_only(put):
    put("awards/palme.csv", AWARDS)
    path = put("m.toml", '[[source]]\nkind = "award_winners"\npath = "awards"\non_error = "ignore"\n')
    with pytest.raises(ManifestError, match="on_error"):
        read_manifest(path)
