"""Every importer kind (reelgraph.importers) on arbitrary file contents, under atheris.

Input: one selector byte, then the contents of the source's files separated
by 0x1E bytes. The selector's low three bits choose the kind (KINDS below,
in that order); bit 3 is on_error="skip"; for the IMDb kind, bit 4 writes
the files gzip-compressed (``.tsv.gz``), bit 5 writes the bytes as they are
under a ``.gz`` name (a corrupt download), bit 6 reads in 4 KiB blocks.
The files are written into a temporary folder under the names the importer
looks for, a manifest naming them is written beside them, and
``reelgraph.importers.build`` reads it: the importer, the merge and the
graph builder all run.

Allowed outcomes: a graph whose report accounts for every row of every
source (read = used + merged + skipped + rejected; none rejected when
on_error="raise"), or an InputError saying where and why. Anything else
(another exception, a crash of the interpreter) is a finding.

    python tests/fuzz/fuzz_importers.py [libFuzzer flags] CORPUS_DIR...

`check` is what the pytest suite replays over tests/fuzz/corpus/importers
and tests/fuzz/regressions/importers on every run.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

SEPARATOR = b"\x1e"
KINDS = ("imdb", "imdb5000", "tmdb5000", "festival_programmes", "cannes", "award_winners", "oscars",
         "wikipedia_cast")
IMDB_FILES = (("title_basics", "title.basics.tsv"), ("title_principals", "title.principals.tsv"),
              ("title_crew", "title.crew.tsv"), ("name_basics", "name.basics.tsv"))
PROGRAMME_FILES = ("1_film-dataset_festival-program_wide.csv", "1_film-dataset_festival-program_long.csv",
                   "3_imdb-dataset_general-info_wide.csv", "4_festival-library_dataset_imdb-and-survey.csv")
AWARD_FILES = ("cannes-palme-dor.csv", "palme-dor-winners.csv", "berlin-golden-bear.csv")
CAST_FILES = ("cast-1.txt", "cast-2.txt")


def split(data: bytes) -> tuple[int, list[bytes]]:
    selector = data[0] if data else 0
    return selector, data[1:].split(SEPARATOR)


def part(parts: list[bytes], i: int) -> bytes | None:
    return parts[i] if i < len(parts) else None


def write_sources(folder: Path, selector: int, parts: list[bytes]) -> str:
    """The source's files in `folder`; returns the manifest's [[source]] table."""
    kind = KINDS[selector & 7]
    lines = [f'kind = "{kind}"']

    def put(name: str, body: bytes) -> str:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        return name

    if kind == "imdb":
        for i, (key, name) in enumerate(IMDB_FILES):
            body = part(parts, i)
            if body is None and i:
                continue
            body = body or b""
            if selector & 16:
                name, body = name + ".gz", gzip.compress(body, mtime=0)
            elif selector & 32:
                name += ".gz"
            lines.append(f'{key} = "{put(name, body)}"')
        if selector & 64:
            lines.append("block_size = 4096")
    elif kind == "tmdb5000":
        lines.append(f'path = "{put("tmdb_5000_movies.csv", parts[0])}"')
        lines.append(f'links = "{put("links.csv", part(parts, 1) or b"")}"')
    elif kind == "festival_programmes":
        for i, name in enumerate(PROGRAMME_FILES):
            body = part(parts, i)
            if body is not None or i < 2:  # the wide and long files are required
                put(f"programmes/{name}", body or b"")
        lines.append('path = "programmes"')
    elif kind == "award_winners":
        for i, name in enumerate(AWARD_FILES):
            body = part(parts, i)
            if body is not None:
                put(f"awards/{name}", body)
        lines.append('path = "awards"')
    elif kind == "wikipedia_cast":
        for i, name in enumerate(CAST_FILES):
            body = part(parts, i)
            if body is not None:
                put(f"cast/{name}", body)
        lines.append('path = "cast"')
    else:
        name = {"imdb5000": "movie_metadata.csv", "cannes": "films.csv", "oscars": "oscars.csv"}[kind]
        lines.append(f'path = "{put(name, parts[0])}"')
    return "[[source]]\n" + "\n".join(lines) + "\n"


def check(data: bytes) -> None:
    from reelgraph.importers import build
    from reelgraph.tables import InputError

    selector, parts = split(data)
    on_error = "skip" if selector & 8 else "raise"
    with tempfile.TemporaryDirectory(prefix="reelgraph-fuzz-") as tmp:
        folder = Path(tmp)
        manifest = folder / "sources.toml"
        manifest.write_text(write_sources(folder, selector, parts), encoding="utf-8")
        try:
            graph, report = build(manifest, on_error=on_error)
        except InputError as exc:
            assert exc.file and exc.reason, f"an InputError that says neither where nor why: {exc!r}"
            return
    for s in report.sources:
        assert s.balanced(), (f"{s.kind} {s.label}: {s.rows_read} rows read but {s.rows_used} used, "
                              f"{s.rows_merged} merged, {s.rows_skipped} skipped, {s.rows_rejected} rejected")
        assert min(s.rows_read, s.rows_used, s.rows_merged, s.rows_skipped) >= 0
        if on_error == "raise":
            assert s.rows_rejected == 0
        for e in s.rejected:
            assert e.file and e.reason, f"a rejected row that says neither where nor why: {e!r}"
    for t in report.graph.tables:
        assert t.balanced(), f"graph builder's {t.table} table"
    assert graph.info()["films"] == len(graph)
    for v in range(min(len(graph), 4)):
        for _, row in graph.see_also(v, k=3).iterrows():
            total = sum(term["contribution"] for term in row["explanation"])
            assert abs(total - row["score"]) <= 1e-9 * max(1.0, row["score"]), "explanation does not sum to score"


def main() -> None:
    from atheris_main import fuzz

    fuzz(check, ["reelgraph", "reelgraph.importers"])


if __name__ == "__main__":
    main()
