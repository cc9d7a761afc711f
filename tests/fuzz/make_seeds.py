"""Writes the seed corpus of every fuzz target into tests/fuzz/corpus/<target>/.

Seeds are small valid and nearly valid inputs, so that the fuzzers start from
the shapes the readers expect rather than from noise. Run with the package
installed (the snapshot seeds are real snapshots): python tests/fuzz/make_seeds.py
"""

from __future__ import annotations

import gzip
import io
import struct
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


def builder() -> None:
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
    for n, p in progs.items():
        put("builder", n, p)


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


def main() -> int:
    tables()
    snapshots()
    imdb()
    text()
    builder()
    for folder in sorted(CORPUS.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
