"""The `reelgraph build` manifest (reelgraph.importers.build) on arbitrary TOML text, under atheris.

Input: the manifest's bytes. It is written into a temporary folder that also
holds one small, valid source of every kind (SOURCES below), so that the
paths a manifest names may exist, and ``build`` runs on it with
on_error="skip". A manifest naming a file outside that folder is only read
(read_manifest), never built: the target reads no other file of the machine.

Allowed outcomes: a graph whose report accounts for every row of every
source, a ManifestError naming the manifest (and, where it is about one, the
source's number and the key: a mistake of its own, or a source whose files
are not where it says), or an InputError naming the file of a source given
the wrong kind of file. Anything else is a finding.

    python tests/fuzz/fuzz_manifest.py [libFuzzer flags] CORPUS_DIR...

`check` is what the pytest suite replays over tests/fuzz/corpus/manifest and
tests/fuzz/regressions/manifest on every run.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

CANNES = (
    "year,title,original_title,director,languages,countries_of_origin,run_time,imdb_url\n"
    "2019,Synthetic One,,Synthetic Director,\"ko,en\",KR,2h 12m,https://www.imdb.com/title/tt90000001/\n"
    "2017,Synthetic Two,,Synthetic Director,en,\"KR,US\",2h,https://www.imdb.com/title/tt90000002/\n"
)
OSCARS = (
    "Ceremony\tYear\tClass\tCanonicalCategory\tCategory\tFilm\tFilmId\tName\tNominees\tNomineeIds\tWinner\tDetail\t"
    "Note\tCitation\n"
    "92\t2019\tDirecting\tDIRECTING\tDIRECTING\tSynthetic One\ttt90000001\tSynthetic Director\tSynthetic Director\t"
    "nm90000001\tTrue\n"
    "1\t1927/28\tSpecial\tSPECIAL AWARD\tSPECIAL AWARD\t\t\tSynthetic Honoree\tSynthetic Honoree\t?\tTrue\n"
)
IMDB5000 = (
    "director_name,duration,actor_2_name,genres,actor_1_name,movie_title,actor_3_name,plot_keywords,"
    "movie_imdb_link,language,country,title_year\n"
    "Synthetic Director,132,Synthetic Actor,Comedy|Drama,Synthetic Lead,Synthetic One\u00a0,NA,family|class,"
    "http://www.imdb.com/title/tt90000001/?ref_=fn_tt_tt_1,Korean,South Korea,2019\n"
)
TMDB = (
    "id,title,release_date,runtime,genres,keywords,production_companies,production_countries,spoken_languages\n"
    '90001,Synthetic One,2019-05-30,132,"[{""id"": 35, ""name"": ""Comedy""}]","[]",'
    '"[{""name"": ""Synthetic Pictures"", ""id"": 1}]","[{""iso_3166_1"": ""KR""}]","[{""iso_639_1"": ""ko""}]"\n'
)
LINKS = "movieId,imdbId,tmdbId\n1,90000001,90001\n"
IMDB = {
    "title.basics.tsv": "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\t"
                        "genres\ntt90000001\tmovie\tSynthetic One\tx\t0\t2019\t\\N\t132\tDrama\n",
    "title.principals.tsv": "tconst\tordering\tnconst\tcategory\tjob\tcharacters\n"
                            "tt90000001\t1\tnm90000001\tdirector\t\\N\t\\N\n",
    "title.crew.tsv": "tconst\tdirectors\twriters\ntt90000001\tnm90000001\t\\N\n",
    "name.basics.tsv": "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n"
                       "nm90000001\tSynthetic Director\t\\N\t\\N\t\\N\t\\N\n",
}
PROGRAMMES = {
    "1_film-dataset_festival-program_wide.csv":
        "unique.id,imdb.id,title.mixed,prod.year,length.min,prod.country.1.en,director.1\n"
        "1,tt90000001,synthetic one,2019,132,South Korea,\"Director, Synthetic\"\n2,NA,synthetic local,2015,12,Czechia,NA\n",
    "1_film-dataset_festival-program_long.csv":
        "film.id,unique.id,sample.year,fest,fest.sect\nf1,1,2019,CANNES,Competition\nc1,2,2015,CLERMONT-FERRAND,Intl\n",
}
SOURCES = {
    "films.csv": CANNES, "oscars.tsv": OSCARS, "movie_metadata.csv": IMDB5000, "tmdb.csv": TMDB, "links.csv": LINKS,
    "awards/cannes-palme-dor.csv": "year,title,IMDb ID\n2019,Synthetic One,tt90000001\n",
    "cast/cast.txt": "Q90000001 Q90000002 a part\nQ90000001 Q90000003\n",
    **{f"imdb/{name}": text for name, text in IMDB.items()},
    **{f"programmes/{name}": text for name, text in PROGRAMMES.items()},
}


def write_sources(folder: Path) -> None:
    for name, text in SOURCES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "imdb" / "title.basics.tsv.gz").write_bytes(gzip.compress(IMDB["title.basics.tsv"].encode(), mtime=0))


def _inside(entry: dict, folder: Path) -> bool:
    for value in entry.values():
        if isinstance(value, Path):
            try:
                value.resolve().relative_to(folder)
            except ValueError:
                return False
    return True


def check(data: bytes) -> None:
    from reelgraph.importers import ManifestError, build, read_manifest
    from reelgraph.tables import InputError

    with tempfile.TemporaryDirectory(prefix="reelgraph-fuzz-") as tmp:
        folder = Path(tmp).resolve()
        write_sources(folder)
        manifest = folder / "m.toml"
        manifest.write_bytes(data)
        try:
            entries = read_manifest(manifest)
        except ManifestError as exc:
            assert exc.manifest == str(manifest) and exc.reason and str(manifest) in str(exc), repr(exc)
            assert exc.index is None or exc.index >= 1
            return
        assert entries and all(e["kind"] and e["index"] >= 1 for e in entries)
        if not all(_inside(e, folder) for e in entries):
            return
        try:
            graph, report = build(manifest, on_error="skip")
        except InputError as exc:
            assert exc.file and exc.reason, f"an InputError that says neither where nor why: {exc!r}"
            return
        except ManifestError as exc:
            # Where a source's files are is the manifest's: a pattern matching nothing, a missing file.
            assert exc.manifest == str(manifest) and exc.index is not None and exc.key and exc.reason, repr(exc)
            return
    for s in report.sources:
        assert s.balanced(), f"{s.kind} {s.label}: the counts do not add up to the rows read"
    for t in report.graph.tables:
        assert t.balanced(), f"graph builder's {t.table} table"
    assert graph.info()["films"] == len(graph)


def main() -> None:
    from atheris_main import fuzz

    # tomllib is instrumented too: which TOML shapes the reader has seen guides the search.
    fuzz(check, ["reelgraph", "reelgraph.importers"], instrument=["reelgraph", "tomllib", "tomli"])


if __name__ == "__main__":
    main()
