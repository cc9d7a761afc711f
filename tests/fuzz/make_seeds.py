"""Writes the seed corpus of every fuzz target into tests/fuzz/corpus/<target>/.

Seeds are small valid and nearly valid inputs, so that the fuzzers start from
the shapes the readers expect rather than from noise. Run with the package
installed (the snapshot seeds are real snapshots):

    python tests/fuzz/make_seeds.py [TARGET...]   # every target when none is named
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

import pandas as pd

import reelgraph
from reelgraph import _core

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = HERE / "corpus"


def put(target: str, name: str, data: bytes | str) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)


def snapshots() -> None:
    films = pd.DataFrame({"film_id": ["tt0038297", "Q42", "kim-1"], "title": ["Odd Man Out", "김광훈", "无间道"],
                          "year": [1947, 2012, 2002]})
    links = pd.DataFrame({
        "film_id": ["tt0038297", "Q42", "Q42", "kim-1", "kim-1"],
        "relation": ["directed_by", "directed_by", "screened_at", "screened_at", "country"],
        "name": ["Carol Reed", "Kim", "MIFF", "MIFF", "مصر"],
        "year": [None, None, 2013, 2013, None],
        "section": [None, None, "Inside", "Inside", None],
    })
    graphs = {
        "empty": _core.GraphBuilder().freeze(),
        "small": reelgraph.FilmGraph.from_tables(films, links).core,
        "seed-world": reelgraph.FilmGraph.seed_world().core,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, g in graphs.items():
            path = Path(tmp) / f"{name}.rg"
            _core.save_snapshot(g, str(path), '{"report": null}')
            data = path.read_bytes()
            put("snapshot", f"{name}.rg", data)
            put("snapshot_sealed", f"{name}.rg", data)
    put("snapshot", "not-a-snapshot.csv", "film_id,title\n")
    put("snapshot", "magic-only", b"\x89RGSNAP\n")


IMDB_HEADERS = {
    0: "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n",
    1: "tconst\tordering\tnconst\tcategory\tjob\tcharacters\n",
    2: "tconst\tdirectors\twriters\n",
    3: "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n",
}
IMDB_ROWS = {
    0: ["tt0000005\tmovie\tBlacksmith Scene\tBlacksmith Scene\t0\t1893\t\\N\t1\tComedy,Short\n",
        "tt0038297\tmovie\tOdd Man Out\tOdd Man Out\t0\t1947\t\\N\t116\tDrama,Film-Noir,Thriller\n",
        "tt9\tshort\t김광훈\t\\N\t1\t2012\t\\N\t\\N\t\\N\n",
        "tt10\tmovie\tBad year\tx\t0\t19x7\t\\N\t\\N\t\\N\n",
        "nm1\tmovie\tNot a title\tx\t0\t2000\t\\N\t\\N\t\\N\n",
        "tt11\tmovie\ttoo few fields\n"],
    1: ["tt0000001\t1\tnm0000122\tdirector\t\\N\t\\N\n",
        "tt0000001\t2\tnm0000123\tactress\t\\N\t[\"Her\"]\n",
        "tt0000002\t1\tnm0000122\tcinematographer\t\\N\t\\N\n",
        "tt0000004\t1\tnm0000124\tactor\t\\N\t\\N\n",
        "tt0000002\t3\ttt0000001\tactor\t\\N\t\\N\n",
        "tt0000099\t1\tnm0000125\tactor\t\\N\t\\N\n"],
    2: ["tt0000001\tnm0000122,nm0000126\tnm0000127\n",
        "tt0000002\t\\N\tnm0000127\n",
        "tt0000003\tnm12ab\t\\N\n",
        "tt0000002\tnm0000122\n"],
    3: ["nm0000122\tCarol Reed\t1906\t1976\tdirector\ttt0038297\n",
        "nm0000123\t\\N\t\\N\t\\N\t\\N\t\\N\n",
        "nm0000126\tKim Gwang Hun\t\\N\t\\N\t\\N\t\\N\n",
        "nm12ab\tBroken\t\\N\t\\N\t\\N\t\\N\n"],
}


def imdb() -> None:
    for kind, header in IMDB_HEADERS.items():
        rows = "".join(IMDB_ROWS[kind])
        for stop in (0, 4):
            selector = bytes([kind | stop])
            put("imdb", f"{kind}-{stop}-plain.tsv", selector + (header + rows).encode())
        put("imdb", f"{kind}-gzip.tsv", bytes([kind]) + gzip.compress((header + rows).encode(), mtime=0))
        put("imdb", f"{kind}-crlf-bom.tsv", bytes([kind]) + ("\ufeff" + header + rows).replace("\n", "\r\n").encode())
        put("imdb", f"{kind}-header-only.tsv", bytes([kind]) + header.encode())
    put("imdb", "wrong-header.tsv", b"\x00film_id\ttitle\n")


def text() -> None:
    samples = [
        "tt0038297", "TT38297", "https://www.imdb.com/title/tt0038297/", "http://www.wikidata.org/entity/Q42",
        "wd:Q42", "tmdb:603", "nm0000122", "co0012345", "co2-the-film", "q42-remake", "tt12ab",
        "imdb.com/title/xyz", "  KIM\u00a0Gwang Hun ", "Kim Gwang\u2010hun", "Cafe\u0301", "Caf\u00e9",
        "김광훈", "无间道", "الفيلم", "a\u200bb", "line\nbreak\ttab", "\u3000ideographic\u3000space",
        "38297", "",
    ]
    for i, s in enumerate(samples):
        put("text", f"sample-{i:02d}", s)
    put("text", "invalid-utf8", b"\xc3\x28 \xff\xfe")
    put("text", "surrogate", b"\xed\xa0\x80")


# Builder programs: see fuzz_builder.cpp for the encoding. A byte with the high
# bit set picks from the pool of spellings there; otherwise it is a length and
# the bytes follow.
def s(text: str) -> bytes:
    raw = text.encode()
    return bytes([len(raw)]) + raw


def pool(i: int) -> bytes:
    return bytes([0x80 | i])


def builder_programs() -> dict[str, bytes]:
    add_film = lambda ident, title, year: bytes([0]) + ident + title + bytes([year])
    link = lambda film, rel, how, *rest: bytes([1, film, rel, how]) + b"".join(rest)
    alias = lambda kind, a, c: bytes([2, kind]) + a + c
    name = lambda ident, n: bytes([3]) + ident + n
    progs = {
        "three-spellings": add_film(pool(0), s("Odd Man Out"), 47) + add_film(pool(1), s("odd man out"), 47)
        + add_film(pool(2), s("Odd  Man Out"), 0) + link(0, 0, 1, pool(3)) + name(pool(3), s("Carol Reed")),
        "film-id-as-entity": add_film(pool(6), s("Q film"), 100) + link(0, 3, 1, pool(6)),
        "festival": add_film(s("a"), s("A"), 113) + add_film(s("b"), s("B"), 112)
        + link(0, 11, 2 | 4 | 8, pool(17), bytes([113]), pool(19)) + link(1, 11, 2 | 4 | 8, pool(18), bytes([113]), pool(19))
        + alias(3, s("MIFF"), pool(17)),
        "scripts": add_film(s("k"), pool(14), 112) + add_film(s("c"), pool(15), 102) + add_film(s("ar"), pool(16), 90)
        + link(0, 0, 2, pool(12)) + link(1, 0, 2, pool(13)) + link(2, 16, 2, pool(16)),
        "alias-after-link": add_film(s("x"), s("X"), 1) + link(0, 0, 2, s("Kim")) + alias(1, s("Kim"), s("Kim Gwang Hun")),
    }
    return progs


def builder() -> None:
    for n, p in builder_programs().items():
        put("builder", n, p)


# Batch inputs: a 12-byte header (see plan_of in fuzz_batch.cpp: method and
# scoring flags, k, hub degree, hub walk limit, filters, chunking, the film
# list and its picks), then a builder program.
def batch() -> None:
    progs = builder_programs()
    # Three films sharing a director, a festival edition and a country, and a
    # fourth linked to the festival only: lists with ties, hubs and filters.
    shared = (bytes([0]) + s("a") + s("A") + bytes([100]) + bytes([0]) + s("b") + s("B") + bytes([90])
              + bytes([0]) + s("c") + s("C") + bytes([50]) + bytes([0]) + s("d") + s("D") + bytes([0])
              + b"".join(bytes([1, f, 0, 2]) + s("Kim") for f in (0, 1, 2))
              + b"".join(bytes([1, f, 11, 2 | 4 | 8]) + pool(17) + bytes([113]) + pool(19) for f in (0, 1, 2, 3))
              + b"".join(bytes([1, f, 16, 2]) + s("Egypt") for f in (0, 2)))
    headers = {
        "all-default": bytes([0, 10, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0]),
        "all-chunks-of-one-two-threads": bytes([0, 3, 0, 255, 0, 0 | (1 << 3), 0, 0, 0, 0, 0, 0]),
        "cosine-idf-stop-after-one": bytes([(1 << 4) | (3 << 2), 2, 1, 0, 0, 1 | (1 << 5), 0, 0, 0, 0, 0, 0]),
        "pathsim-director-filter": bytes([1 | 0x80, 5, 2, 2, 1 | 4 | 8, 2, 0, 0, 0, 0, 0, 0]),
        "ppr": bytes([2 | 0x40, 4, 0, 255, 0x20, 1, 0, 0, 0, 0, 0, 0]),
        "rp3beta-popularity": bytes([3, 4, 3, 1, 0x60, 4, 0, 0, 0, 0, 0, 0]),
        "list-with-repeats": bytes([0, 4, 0, 255, 0, 1, 5, 0, 1, 0, 1, 2, 3]),
        "list-with-a-person": bytes([0, 4, 0, 255, 0, 2, 4, 0, 3, 9, 8, 7, 6]),
        "restricted": bytes([0, 4, 0, 255, 0, 0, 8 | 16, 0, 0, 0, 0, 4, 5]),
        "k-zero-refused": bytes([0, 255, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0]),
        "relations-masked": bytes([0, 5, 0, 255, 16, 0x41, 0, 0, 0, 0, 0, 0]),
    }
    for name, header in headers.items():
        put("batch", name, header[:12] + shared)
    for name, prog in progs.items():
        put("batch", f"builder-{name}", headers["all-chunks-of-one-two-threads"] + prog)
    put("batch", "empty-graph", headers["all-default"])


def tables() -> None:
    seed = ROOT / "datasets" / "seed-world"
    films, links, aliases = ((seed / f"{n}.csv").read_bytes() for n in ("films", "links", "aliases"))
    put("tables", "seed-world.csv", bytes([4]) + films + b"\x1e" + links + b"\x1e" + aliases)
    put("tables", "seed-world-skip.csv", bytes([2]) + films + b"\x1e" + links)
    tsv = lambda b: b.replace(b",", b"\t")
    put("tables", "tsv", bytes([1 | 2]) + tsv(films[:400]) + b"\x1e" + tsv(links[:600]))
    put("tables", "scripts.csv", bytes([2]) + (
        "film_id,title,year\ntt0038297,Odd Man Out,1947\nk1,김광훈,2012\nc1,无间道,2002\na1,الفيلم,1990\n"
        "\u200btt0038297,Odd Man Out,1947\ntt38297,odd man out,\n").encode()
        + b"\x1e" + "film_id,relation,name\nk1,directed_by,Cafe\u0301\nc1,directed_by,Caf\u00e9\nQ42,cast,x\n".encode())
    put("tables", "header-only.csv", bytes([0]) + b"film_id,title\n\x1efilm_id,relation,name\n")
    put("tables", "empty.csv", bytes([2]) + b"\x1e")
    put("tables", "bad-utf8.csv", bytes([2]) + b"film_id,title\nx,\xff\xfe\n\x1efilm_id,relation,name\nx,cast,\"unclosed\n")


# Importer inputs: a selector byte (the kind, in fuzz_importers.KINDS order,
# plus flags) and the source's files separated by 0x1E. Rows are synthetic.
def importers() -> None:
    from fuzz_importers import KINDS
    from fuzz_manifest import CANNES, IMDB5000, LINKS, OSCARS, PROGRAMMES, TMDB

    def seed(name: str, kind: str, flags: int, *files: str | bytes) -> None:
        body = b"\x1e".join(f.encode() if isinstance(f, str) else f for f in files)
        put("importers", name, bytes([KINDS.index(kind) | flags]) + body)

    imdb_files = [IMDB_HEADERS[k] + "".join(IMDB_ROWS[k]) for k in range(4)]
    seed("imdb-raise", "imdb", 0, *(IMDB_HEADERS[k] + IMDB_ROWS[k][1] for k in range(1)))
    seed("imdb-skip", "imdb", 8, *imdb_files)
    seed("imdb-gzip", "imdb", 8 | 16, *imdb_files)
    seed("imdb-gz-bytes", "imdb", 8 | 32, gzip.compress(imdb_files[0].encode(), mtime=0))
    seed("imdb-small-blocks", "imdb", 8 | 64, IMDB_HEADERS[0] + "".join(IMDB_ROWS[0]) * 40)
    bad_year = IMDB5000.splitlines()[1].replace(",2019", ",19x9").replace("tt90000001", "tt90000009")
    seed("imdb5000", "imdb5000", 8, IMDB5000 + IMDB5000.splitlines()[1] + "\n" + bad_year + "\n")
    seed("imdb5000-raise", "imdb5000", 0, IMDB5000)
    broken = '90002,Synthetic Broken,2001-01-01,90,"[{""id"": 1","[]","[]","[]","[]"\n'
    seed("tmdb5000", "tmdb5000", 8, TMDB + broken, LINKS + "2,0000001,\n3,90000002,90001\n")
    wide, long = PROGRAMMES.values()
    library = ("\ufefffestival.id;fest.name;fest.label;fest.name.mixed.alternative.1\n"
               "fest.lib.id1;cannes international film festival;cannes;festival de cannes\n"
               "fest.lib.id2;synthetic festival;synthetic;NA\n")
    info = "imdb.id,languages,genres\ntt90000001,Korean|English,Drama|none\ntt90000077,French,Comedy\n"
    seed("programmes", "festival_programmes", 8, wide + "1,tt90000003,dup,2019,x,,\n", long + "x9,99,2015,TIFF,A\n",
         info, library)
    seed("programmes-raise", "festival_programmes", 0, wide, long)
    bad_runtime = "1946,Synthetic Bad,,Someone,fr,FR,ninety,https://www.imdb.com/title/tt90000020/\n"
    seed("cannes", "cannes", 8, CANNES + bad_runtime)
    seed("cannes-raise", "cannes", 0, CANNES)
    award = "year,title,IMDb ID\n2019,Synthetic One,tt90000001\n2014,Synthetic Winner,tt90000030\n"
    seed("awards", "award_winners", 8, award, award, "year,title,IMDb ID\n2019,Synthetic Bear,not-an-id\n")
    seed("oscars", "oscars", 8, OSCARS + "1\t1927/28\tActing\tACTOR\tACTOR\tSynthetic A|Synthetic B\ttt90000040"
                                         "\tSomeone\tSomeone\t?\n")
    seed("oscars-raise", "oscars", 0, OSCARS)
    cast = "Q90000001 Q90000002 a part with spaces\nQ90000001 Q90000003\nbroken\nQ90000001 Q90000002 a part with spaces\n"
    seed("cast", "wikipedia_cast", 8, cast, "Q90000004 Q90000001\n")
    seed("cast-raise", "wikipedia_cast", 0, "Q90000001 Q90000002\n")
    for kind in KINDS:
        seed(f"{kind}-empty", kind, 8, "")


# Manifests: the files they name are those fuzz_manifest.py writes beside them.
def manifests() -> None:
    one = {
        "cannes": 'path = "films.csv"', "oscars": 'path = "oscars.tsv"', "imdb5000": 'path = "movie_metadata.csv"',
        "tmdb5000": 'path = "tmdb.csv"\nlinks = "links.csv"', "award_winners": 'path = "awards"\npattern = "*.csv"',
        "wikipedia_cast": 'path = "cast"', "festival_programmes": 'path = "programmes"',
        "imdb": ('title_basics = "imdb/title.basics.tsv"\ntitle_principals = "imdb/title.principals.tsv"\n'
                 'title_crew = "imdb/title.crew.tsv"\nname_basics = "imdb/name.basics.tsv"\n'
                 'title_types = ["movie", "tvMovie"]\nadult = false\nblock_size = 65536'),
    }
    for kind, keys in one.items():
        put("manifest", f"{kind}.toml", f'[[source]]\nkind = "{kind}"\n{keys}\n')
    put("manifest", "all.toml", 'root = "."\n' + "".join(f'[[source]]\nkind = "{k}"\n{v}\n' for k, v in one.items()))
    put("manifest", "imdb-gzip.toml", '[[source]]\nkind = "imdb"\ntitle_basics = "imdb/title.basics.tsv.gz"\n')
    put("manifest", "inline-tables.toml", 'source = [{kind = "cannes", path = "films.csv"}, '
                                          '{kind = "oscars", path = "oscars.tsv"}]\n')
    put("manifest", "wrong-kind-of-file.toml", '[[source]]\nkind = "oscars"\npath = "films.csv"\n')
    put("manifest", "environment.toml", 'root = "${REELGRAPH_FUZZ_UNSET}"\n[[source]]\nkind = "cannes"\npath = "$X"\n')
    put("manifest", "bad-values.toml", '[[source]]\nkind = "imdb"\ntitle_basics = "imdb/title.basics.tsv"\n'
                                       'title_types = [1]\nblock_size = true\nadult = "yes"\n')
    put("manifest", "unknown.toml", 'colour = 1\n[[source]]\nkind = "nope"\n')
    put("manifest", "not-toml.toml", '[[source]\nkind = \n')
    put("manifest", "dates-and-tables.toml", '[[source]]\nkind = "cannes"\npath = 1979-05-27T07:32:00Z\n'
                                             '[source.x]\ny = 1\n')


def main() -> int:
    targets = sys.argv[1:]
    for name, make in (("tables", tables), ("snapshot", snapshots), ("imdb", imdb), ("text", text),
                       ("builder", builder), ("batch", batch), ("importers", importers), ("manifest", manifests)):
        if not targets or name in targets:
            make()
    for folder in sorted(CORPUS.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
