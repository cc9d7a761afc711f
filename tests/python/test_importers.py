"""Importers of each source kind on small files in the source's exact layout,
the merge rules, manifests and `reelgraph build`."""

import textwrap
from pathlib import Path

import pytest

import reelgraph
from reelgraph import InputError
from reelgraph.cli import main
from reelgraph.importers import (ManifestError, award_winners, build, cannes, festival_programmes, imdb5000, merge,
                                 oscars, read_manifest, tmdb5000, wikipedia_cast)

NBSP = "\u00a0"


@pytest.fixture
def put(tmp_path):
    def _put(name: str, text: str, *, encoding="utf-8", dedent=True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if dedent else text, encoding=encoding)
        return path

    return _put


def entry(path: Path, **more) -> dict:
    e = {"path": path, "path_label": path.name, "root": path.parent}
    for k, v in more.items():
        e[k] = v
        if isinstance(v, Path):
            e[f"{k}_label"] = v.name
    return e


IMDB5000_HEADER = ("color,director_name,num_critic_for_reviews,duration,director_facebook_likes,actor_3_facebook_likes,"
                   "actor_2_name,actor_1_facebook_likes,gross,genres,actor_1_name,movie_title,num_voted_users,"
                   "cast_total_facebook_likes,actor_3_name,facenumber_in_poster,plot_keywords,movie_imdb_link,"
                   "num_user_for_reviews,language,country,content_rating,budget,title_year,actor_2_facebook_likes,"
                   "imdb_score,aspect_ratio,movie_facebook_likes")


def imdb5000_row(director, duration, actor2, genres, actor1, title, actor3, keywords, tt, language, country, year):
    return (f"Color,{director},1,{duration},0,0,{actor2},0,0,{genres},{actor1},{title},1,0,{actor3},0,{keywords},"
            f"http://www.imdb.com/title/{tt}/?ref_=fn_tt_tt_1,1,{language},{country},R,0,{year},0,7.0,1.85,0")


def test_imdb5000_reads_films_people_and_counts_repeats(put):
    row = imdb5000_row("Bong Joon Ho", 132, "Synthetic Actor Two", "Comedy|Drama", "Synthetic Actor One",
                       f"Parasite{NBSP}", "NA", "family|class", "tt6751668", "Korean", "South Korea", 2019)
    bad = imdb5000_row("Synthetic Director", 90, "", "Drama", "", f"Synthetic Film{NBSP}", "", "", "tt90000010",
                       "English", "USA", "19x9")
    path = put("movie_metadata.csv", "\n".join([IMDB5000_HEADER, row, row, bad]) + "\n")
    t = imdb5000.load(entry(path), "skip")
    assert list(t.films.film_id) == ["tt6751668"]
    assert t.films.title.iloc[0].strip() == "Parasite"
    assert t.films.year.iloc[0] == "2019" and t.films.runtime_minutes.iloc[0] == "132"
    links = set(zip(t.links.relation, t.links.name))
    assert ("directed_by", "Bong Joon Ho") in links and ("cast", "Synthetic Actor Two") in links
    assert ("genre", "Comedy") in links and ("keyword", "class") in links and ("country", "South Korea") in links
    assert not any(name == "NA" for name in t.links.name)
    r = t.report
    assert (r.rows_read, r.rows_used, r.rows_merged, r.rows_rejected) == (3, 1, 1, 1)
    assert (r.rejected[0].line, r.rejected[0].field) == (4, "title_year")
    with pytest.raises(InputError, match="movie_metadata.csv:4: field 'title_year'"):
        imdb5000.load(entry(path), "raise")


def test_tmdb5000_maps_ids_through_the_crosswalk(put):
    header = ("budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,"
              "production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,"
              "tagline,title,vote_average,vote_count")
    parasite = ('0,"[{""id"": 35, ""name"": ""Comedy""}]",,496243,"[]",ko,Gisaengchung,,1.0,'
                '"[{""name"": ""Barunson E&A"", ""id"": 1}]","[{""iso_3166_1"": ""KR"", ""name"": ""South Korea""}]",'
                '2019-05-30,0,132,"[{""iso_639_1"": ""ko"", ""name"": ""\\ud55c\\uad6d\\uc5b4""}]",Released,,'
                'Parasite,8.5,1')
    unmapped = ('0,"[]",,99999901,"[]",en,Synthetic Unmapped,,1.0,"[]","[]",2001-01-01,0,0,"[]",Released,,'
                'Synthetic Unmapped,5,1')
    broken = ('0,"[{""id"": 1",,99999902,"[]",en,Synthetic Broken,,1.0,"[]","[]",2001-01-01,0,90,"[]",Released,,'
              'Synthetic Broken,5,1')
    movies = put("tmdb.csv", "\n".join([header, parasite, unmapped, broken]) + "\n")
    walk = put("links.csv", "movieId,imdbId,tmdbId\n1,6751668,496243\n2,0000001,\n")
    t = tmdb5000.load(entry(movies, links=walk), "skip")
    films = t.films.set_index("film_id")
    assert films.loc["tt6751668", "title"] == "Parasite" and films.loc["tt6751668", "year"] == "2019"
    assert films.loc["tmdb:99999901", "runtime_minutes"] is None  # TMDB's 0 is unknown
    links = set(zip(t.links.film_id, t.links.relation, t.links.name))
    assert ("tt6751668", "country", "South Korea") in links
    assert ("tt6751668", "language", "Korean") in links
    assert ("tt6751668", "production_company", "Barunson E&A") in links
    assert [(e.line, e.field) for e in t.report.rejected] == [(4, "genres")]
    assert t.report.balanced() and t.also[0].balanced() and t.also[0].rows_skipped == 1


def test_cannes_screens_in_competition_with_iso_names(put):
    path = put("films.csv", """
        year,title,original_title,director,languages,countries_of_origin,run_time,imdb_url
        2019,Parasite,Gisaengchung,Bong Joon Ho,"ko,en",KR,2h 12m,https://www.imdb.com/title/tt6751668/
        2017,Okja,,Bong Joon Ho,"en,ko,es","KR,US",2h,https://www.imdb.com/title/tt3967856/
        1946,Synthetic Bad Runtime,,Synthetic Person,fr,FR,ninety,https://www.imdb.com/title/tt90000020/
        """)
    t = cannes.load(entry(path), "skip")
    assert dict(zip(t.films.film_id, t.films.runtime_minutes)) == {"tt6751668": "132", "tt3967856": "120"}
    shown = set(zip(t.links.film_id, t.links.relation, t.links.name, t.links.year, t.links.section))
    assert ("tt6751668", "screened_at", "Cannes", "2019", "Competition") in shown
    names = set(zip(t.links.film_id, t.links.relation, t.links.name))
    assert ("tt3967856", "country", "United States") in names and ("tt6751668", "language", "Korean") in names
    assert [(e.line, e.field) for e in t.report.rejected] == [(4, "run_time")]


def test_award_winner_copies_are_counted_once(put):
    text = "year,title,IMDb ID\n2019,Parasite,tt6751668\n2014,Synthetic Winner,tt90000030\n"
    put("awards/cannes-palme-dor.csv", text)
    put("awards/palme-dor-winners.csv", text)
    put("awards/berlin-golden-bear.csv", "year,title,IMDb ID\n2019,Synthetic Bear,not-an-id\n")
    folder = put("awards/x", "").parent
    (folder / "x").unlink()
    t = award_winners.load(entry(folder), "skip")
    r = t.report
    assert (r.rows_read, r.rows_used, r.rows_merged, r.rows_rejected) == (5, 2, 2, 1)
    assert set(zip(t.links.film_id, t.links.relation, t.links.name, t.links.year)) == {
        ("tt6751668", "awarded", "Palme d'Or", "2019"), ("tt90000030", "awarded", "Palme d'Or", "2014")}
    assert any("palme-dor-winners.csv is a copy of cannes-palme-dor.csv" in n for n in r.notes)


def test_oscars_nominations_wins_and_credits(put):
    header = "Ceremony\tYear\tClass\tCanonicalCategory\tCategory\tFilm\tFilmId\tName\tNominees\tNomineeIds\tWinner\tDetail\tNote\tCitation"
    rows = [
        "92\t2019\tDirecting\tDIRECTING\tDIRECTING\tParasite\ttt6751668\tBong Joon Ho\tBong Joon Ho\tnm0094435\tTrue",
        "80\t2007\tActing\tACTRESS IN A SUPPORTING ROLE\tACTRESS IN A SUPPORTING ROLE\tMichael Clayton\ttt0465538\t"
        "Tilda Swinton\tTilda Swinton\tnm0842770\tTrue\tKaren Crowder",
        "92\t2019\tTitle\tBEST PICTURE\tBEST PICTURE\tParasite\ttt6751668\tSynthetic Producer\tSynthetic Producer\t?",
        "1\t1927/28\tSpecial\tSPECIAL AWARD\tSPECIAL AWARD\t\t\tSynthetic Honoree\tSynthetic Honoree\t?\tTrue",
        "1\t1927/28\tActing\tACTOR\tACTOR\tSynthetic A|Synthetic B\ttt90000040\tSomeone\tSomeone\t?",
    ]
    path = put("oscars.csv", "\n".join([header, *rows]) + "\n")
    t = oscars.load(entry(path), "skip")
    links = set(zip(t.links.film_id, t.links.relation, t.links.name, t.links.entity_id.fillna("")))
    assert ("tt6751668", "awarded", "Academy Award for Directing", "") in links
    assert ("tt6751668", "directed_by", "Bong Joon Ho", "nm0094435") in links
    assert ("tt0465538", "cast", "Tilda Swinton", "nm0842770") in links
    assert ("tt6751668", "nominated", "Academy Award for Best Picture", "") in links
    assert ("tt6751668", "produced_by", "Synthetic Producer", "") in links  # '?' : known by name only
    cast = t.links[t.links.relation == "cast"]
    assert list(cast.detail) == ["Karen Crowder"]
    r = t.report
    assert r.skipped["a nomination of no film (honorary, technical)"] == 1
    assert [(e.line, e.field) for e in r.rejected] == [(6, "FilmId")]
    assert r.balanced()


def test_festival_programmes_local_ids_screenings_and_library(put, tmp_path):
    directors = ",".join(f"director.{i}" for i in range(1, 27))
    countries = ",".join(f"prod.country.{i}.en" for i in range(1, 8))
    header = f"unique.id,imdb.id,title.mixed,prod.year,length.min,{countries},{directors}"
    na = lambda n: ",".join(["NA"] * n)  # noqa: E731
    put("fp/1_film-dataset_festival-program_wide.csv", "\n".join([
        header,
        f"1,tt6751668,parasite,2019,132,South Korea,{na(6)},\"Bong, Joon Ho\",{na(25)}",
        f"2,NA,synthetic local film,2015,12,Czechia,{na(6)},Synthetic Person,Second Person,{na(24)}",
    ]) + "\n")
    put("fp/1_film-dataset_festival-program_long.csv", """
        film.id,unique.id,sample.year,fest,fest.sect
        f1,1,2019,CANNES,Competition
        c1,2,2015,CLERMONT-FERRAND,International
        x9,99,2015,CLERMONT-FERRAND,International
        """)
    put("fp/4_festival-library_dataset_imdb-and-survey.csv",
        "\ufefffestival.id;fest.name;fest.label;fest.name.mixed.alternative.1\n"
        "fest.lib.id285;cannes international film festival;cannes;festival de cannes\n"
        "fest.lib.id900;synthetic festival;synthetic;NA\n", dedent=False)
    t = festival_programmes.load(entry(tmp_path / "fp"), "skip")
    assert set(t.films.film_id) == {"tt6751668", "programme-film-2"}
    shown = set(zip(t.links.film_id, t.links.relation, t.links.name, t.links.year.fillna(""), t.links.section.fillna("")))
    assert ("tt6751668", "screened_at", "Cannes", "2019", "Competition") in shown
    assert ("programme-film-2", "screened_at", "Clermont-Ferrand", "2015", "International") in shown
    assert ("tt6751668", "directed_by", "Joon Ho Bong", "", "") in shown  # "Surname, First" turned round
    assert ("programme-film-2", "directed_by", "Second Person", "", "") in shown
    assert ("programme-film-2", "country", "Czechia", "", "") in shown
    assert [(e.line, e.field) for e in t.report.rejected] == [(4, "unique.id")]
    assert dict(zip(t.aliases.alias, t.aliases.name))["cannes international film festival"] == "Cannes"
    assert t.report.skipped["a festival of the library not screened in these programmes"] == 1
    assert t.report.balanced()


def test_wikipedia_cast_is_its_own_component(put):
    path = put("cast.txt", "Q90000001 Q90000002 a synthetic part with spaces\nQ90000001 Q90000003\nbroken\n"
                           "Q90000001 Q90000002 a synthetic part with spaces\n", dedent=False)
    t = wikipedia_cast.load(entry(path), "skip")
    assert list(t.films.film_id) == ["Q90000001"] and list(t.films.title) == ["Q90000001"]
    assert set(zip(t.links.entity_id, t.links.detail.fillna(""))) == {
        ("Q90000002", "a synthetic part with spaces"), ("Q90000003", "")}
    r = t.report
    assert (r.rows_read, r.rows_used, r.rows_merged, r.rows_rejected) == (4, 2, 1, 1)
    assert (r.rejected[0].line, r.rejected[0].field) == (3, "film_qid")


# ------------------------------------------------------------------ merging

def source(kind, films, links=()):
    from reelgraph.importers._common import ALIASES, FILMS, LINKS, SourceReport, SourceTables, empty, frame

    f = frame(FILMS, **{c: [row.get(c) for row in films] for c in FILMS}) if films else empty(FILMS)
    f["source"] = kind
    lk = frame(LINKS, **{c: [row.get(c) for row in links] for c in LINKS}) if links else empty(LINKS)
    lk["source"] = kind
    return SourceTables(f, lk, empty(ALIASES), SourceReport(kind, kind))


def test_one_title_two_ids_stay_two_films_and_a_local_film_needs_a_unique_match():
    a = source("imdb5000", [{"film_id": "tt90000101", "title": "The Game of Their Lives", "year": "2002"},
                            {"film_id": "tt90000102", "title": "The Game of Their Lives", "year": "2005"},
                            {"film_id": "tt90000103", "title": "Twin Title", "year": "2010"},
                            {"film_id": "tt90000104", "title": "Twin Title", "year": "2010"}])
    b = source("festival_programmes",
               [{"film_id": "programme-film-1", "title": "the game of their lives", "year": "2002"},
                {"film_id": "programme-film-2", "title": "twin title", "year": "2010"},
                {"film_id": "programme-film-3", "title": "the game of their lives", "year": None}],
               [{"film_id": "programme-film-1", "relation": "screened_at", "name": "Cannes", "year": "2003"}])
    films, links, _, report = merge([a, b])
    assert set(films.film_id) == {"tt90000101", "tt90000102", "tt90000103", "tt90000104", "programme-film-2",
                                  "programme-film-3"}
    assert list(links.film_id) == ["tt90000101"]
    assert report.films_by_title["festival_programmes"] == 1
    assert [(s, f, n) for s, f, _, n in report.ambiguous_films] == [("festival_programmes", "programme-film-2", 2)]
    graph = reelgraph.FilmGraph.from_tables(films[["film_id", "title", "year"]], links[["film_id", "relation", "name"]])
    assert graph.core.film_count == 6


def test_same_id_from_two_sources_is_one_film_titled_by_priority():
    a = source("festival_programmes", [{"film_id": "tt6751668", "title": "parasite", "year": "2019"}])
    b = source("imdb5000", [{"film_id": "https://www.imdb.com/title/tt6751668/", "title": "Parasite",
                             "year": None, "runtime_minutes": "132"}])
    films, _, _, report = merge([a, b])
    assert films[["film_id", "title", "year", "runtime_minutes"]].values.tolist() == [
        ["tt6751668", "Parasite", "2019", "132"]]
    assert report.films_by_id["festival_programmes"] == 1


def test_a_name_takes_the_one_id_of_that_name_only_with_a_shared_film():
    films = [{"film_id": "tt6751668", "title": "Parasite", "year": "2019"},
             {"film_id": "tt3967856", "title": "Okja", "year": "2017"},
             {"film_id": "tt90000201", "title": "Synthetic Elsewhere", "year": "2001"}]
    ided = source("oscars", films, [
        {"film_id": "tt6751668", "relation": "directed_by", "name": "Bong Joon Ho", "entity_id": "nm0094435"},
        {"film_id": "tt90000201", "relation": "cast", "name": "Steve McQueen", "entity_id": "nm0000537"},
        {"film_id": "tt90000201", "relation": "directed_by", "name": "Steve McQueen", "entity_id": "nm2588606"},
        {"film_id": "tt90000201", "relation": "cast", "name": "Synthetic Loner", "entity_id": "nm90000301"}])
    named = source("cannes", [], [
        {"film_id": "tt3967856", "relation": "directed_by", "name": "BONG  Joon Ho"},
        {"film_id": "tt6751668", "relation": "directed_by", "name": "Bong Joon Ho"},
        {"film_id": "tt90000201", "relation": "directed_by", "name": "Steve McQueen"},
        {"film_id": "tt3967856", "relation": "cast", "name": "Synthetic Loner"}])
    _, links, _, report = merge([ided, named])
    by_name = links[links.source == "cannes"].set_index("name")["entity_id"].to_dict()
    assert by_name["BONG  Joon Ho"] == "nm0094435" and by_name["Bong Joon Ho"] == "nm0094435"
    assert by_name["Steve McQueen"] is None                # two ids with the name: ambiguous
    assert by_name["Synthetic Loner"] is None              # one id, but no film in common
    assert report.people_merged == 1 and report.person_links_merged == 2
    assert report.people_ambiguous == [("Steve McQueen", 2)] and report.people_no_shared_film == 1


# ------------------------------------------------------------------ manifests and build

CANNES = """
year,title,original_title,director,languages,countries_of_origin,run_time,imdb_url
2019,Parasite,Gisaengchung,Bong Joon Ho,"ko,en",KR,2h 12m,https://www.imdb.com/title/tt6751668/
2017,Okja,,Bong Joon Ho,"en,ko,es","KR,US",2h,https://www.imdb.com/title/tt3967856/
"""


@pytest.mark.parametrize("text, index, key, reason", [
    ('[[source]]\nkind = "cannes"\npath = "films.csv"\n[[source]]\nkind = "imdb6000"\npath = "films.csv"\n',
     2, "kind", "unknown kind 'imdb6000'"),
    ('[[source]]\nkind = "tmdb5000"\npath = "films.csv"\n', 1, "links", "missing"),
    ('[[source]]\nkind = "cannes"\npath = "films.csv"\ncolour = "red"\n', 1, "colour", "not a key of a cannes source"),
    ('[[source]]\nkind = "cannes"\npath = "nowhere.csv"\n', 1, "path", "no such file"),
    ('root = "${REELGRAPH_TEST_UNSET_VARIABLE}"\n[[source]]\nkind = "cannes"\npath = "films.csv"\n', None, "root",
     "environment variable REELGRAPH_TEST_UNSET_VARIABLE is not set"),
    ('[[source]]\nkind = "cannes"\npath = 3\n', 1, "path", "must be a path"),
    ('source = [1]\n', 1, None, "not a table"),
    ('source = [{kind = ["cannes"]}]\n', 1, "kind", "must be a string"),
    ('[[source]]\nkind = "imdb"\ntitle_basics = "films.csv"\nblock_size = 4611686018427387904\n', 1, "block_size",
     "must be from 1 to"),
])
def test_manifest_errors_name_file_source_and_key(put, text, index, key, reason, monkeypatch):
    monkeypatch.delenv("REELGRAPH_TEST_UNSET_VARIABLE", raising=False)
    put("films.csv", CANNES)
    path = put("m.toml", text)
    with pytest.raises(ManifestError) as info:
        read_manifest(path)
    err = info.value
    assert (err.manifest, err.index, err.key) == (str(path), index, key)
    assert reason in str(err) and str(path) in str(err)


def test_manifest_root_from_the_environment(put, tmp_path, monkeypatch):
    put("data/festivals/films.csv", CANNES)
    monkeypatch.setenv("REELGRAPH_TEST_ROOT", str(tmp_path / "data"))
    path = put("elsewhere/m.toml", 'root = "${REELGRAPH_TEST_ROOT}"\n[[source]]\nkind = "cannes"\n'
                                   'path = "festivals/films.csv"\n')
    [e] = read_manifest(path)
    assert e["path"] == tmp_path / "data" / "festivals" / "films.csv" and e["path_label"] == "festivals/films.csv"


def test_build_merges_sources_into_one_graph_and_the_cli_saves_it(put, tmp_path, capsys):
    put("cannes.csv", CANNES)
    put("oscars.tsv", "Ceremony\tYear\tClass\tCanonicalCategory\tCategory\tFilm\tFilmId\tName\tNominees\tNomineeIds\t"
                      "Winner\tDetail\tNote\tCitation\n92\t2019\tDirecting\tDIRECTING\tDIRECTING\tParasite\ttt6751668\tBong Joon Ho\t"
                      "Bong Joon Ho\tnm0094435\tTrue\n", dedent=False)
    manifest = put("m.toml", '[[source]]\nkind = "cannes"\npath = "cannes.csv"\n'
                             '[[source]]\nkind = "oscars"\npath = "oscars.tsv"\n')
    graph, report = build(manifest, on_error="raise")
    film = graph.film("Okja")
    # Cannes names Bong Joon Ho; the Oscars give him an id on Parasite, a film both share: one person
    assert graph.people(film, "directed_by") == ["Bong Joon Ho"]
    person = graph.core.find_entity("person", "nm0094435")
    assert person is not None and graph.core.film_degree(person) == 2
    assert all(s.balanced() for s in report.sources)
    assert report.merge.films_by_id["oscars"] == 1

    out = tmp_path / "g.rg"
    assert main(["build", str(manifest), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cannes.csv" in printed and "merge:" in printed and f"saved {out}" in printed
    loaded = reelgraph.FilmGraph.load(out)
    assert loaded.core.film_count == 2
    assert loaded.people(loaded.film("Okja"), "directed_by") == ["Bong Joon Ho"]


def test_build_reports_a_bad_manifest_on_the_command_line(put, capsys):
    manifest = put("m.toml", '[[source]]\nkind = "nope"\npath = "x"\n')
    assert main(["build", str(manifest), "-o", "unused.rg"]) == 1
    assert "source 1: key 'kind': unknown kind 'nope'" in capsys.readouterr().err


# ------------------------------------------------------------------ found by fuzzing (tests/fuzz/regressions)

def test_a_header_naming_a_column_twice_is_an_input_error_on_line_1(put):
    path = put("films.csv", CANNES.replace("run_time,imdb_url", "run_time,title"))
    with pytest.raises(InputError) as info:
        cannes.load(entry(path), "skip")
    assert (info.value.file, info.value.line, info.value.field) == ("films.csv", 1, "title")
    assert "given twice" in str(info.value)


def test_files_that_are_not_utf8_are_input_errors_at_their_line(tmp_path):
    cast = tmp_path / "cast.txt"
    cast.write_bytes(b"Q90000001 Q90000002\nQ90000001 Q90000003 \xff\n")
    with pytest.raises(InputError, match=r"cast.txt:2: not valid UTF-8"):
        wikipedia_cast.load(entry(cast), "skip")
    manifest = tmp_path / "m.toml"
    manifest.write_bytes(b'[[source]]\nkind = "caf\xe9"\n')
    with pytest.raises(ManifestError, match="not valid UTF-8"):
        read_manifest(manifest)


def test_an_empty_cast_file_and_a_crosswalk_that_maps_nothing_give_films_by_their_own_ids(put):
    empty = put("cast.txt", "", dedent=False)
    t = wikipedia_cast.load(entry(empty), "skip")
    assert len(t.films) == 0 and t.report.rows_read == 0 and t.report.balanced()
    header = "id,title,release_date,runtime,genres,keywords,production_companies,production_countries,spoken_languages"
    movies = put("tmdb.csv", header + '\n90000901,Synthetic,2001-01-01,90,"[]","[]","[]","[]","[]"\n', dedent=False)
    walk = put("links.csv", "movieId,imdbId,tmdbId\n", dedent=False)
    t = tmdb5000.load(entry(movies, links=walk), "raise")
    assert list(t.films.film_id) == ["tmdb:90000901"] and t.report.balanced()


def test_sources_that_give_no_film_merge_into_an_empty_graph(put):
    put("cast.txt", "broken\n", dedent=False)
    manifest = put("m.toml", '[[source]]\nkind = "wikipedia_cast"\npath = "cast.txt"\n')
    graph, report = build(manifest, on_error="skip")
    assert len(graph) == 0 and report.sources[0].rows_rejected == 1 and report.sources[0].balanced()


@pytest.mark.parametrize("source, key, reason", [
    ('kind = "award_winners"\npath = "awards"\npattern = "*.cs="', "pattern", "no award files in awards match '*.cs='"),
    ('kind = "award_winners"\npath = "awards"\npattern = "/abs/*.csv"', "pattern", "reaches outside the source's folder"),
    ('kind = "cannes"\npath = "awards"', "path", "a folder, where a cannes source wants a file"),
    ('kind = "festival_programmes"\npath = "awards"', "path", "no 1_*_wide.csv in awards"),
])
def test_a_source_whose_files_are_not_where_it_says_is_a_manifest_error(put, source, key, reason):
    put("awards/cannes-palme-dor.csv", "year,title,IMDb ID\n2019,Synthetic,tt90000001\n")
    manifest = put("m.toml", f"[[source]]\n{source}\n")
    with pytest.raises(ManifestError) as info:
        build(manifest, on_error="skip")
    assert (info.value.manifest, info.value.index, info.value.key) == (str(manifest), 1, key)
    assert reason in str(info.value)
