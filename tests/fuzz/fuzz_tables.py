"""The table reader (FilmGraph.from_tables) on arbitrary CSV/TSV bytes, under atheris.

Input: one selector byte (bit 0: TSV rather than CSV; bit 1: on_error="skip";
bit 2: an aliases table too), then the films table, a 0x1E byte, the links
table and, with bit 2, another 0x1E and the aliases table.

Allowed outcomes: a graph whose report accounts for every row read (used,
merged as a duplicate, skipped or rejected), or InputError. Anything else
(another exception, a crash of the interpreter) is a finding.

    python tests/fuzz/fuzz_tables.py [libFuzzer flags] CORPUS_DIR...

`check` is what the pytest suite replays over tests/fuzz/corpus/tables and
tests/fuzz/regressions/tables on every run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

SEPARATOR = b"\x1e"


def split(data: bytes) -> tuple[int, bytes, bytes, bytes | None]:
    selector = data[0] if data else 0
    parts = data[1:].split(SEPARATOR)
    films = parts[0]
    links = parts[1] if len(parts) > 1 else b""
    aliases = (parts[2] if len(parts) > 2 else b"") if selector & 4 else None
    return selector, films, links, aliases


def check(data: bytes) -> None:
    import reelgraph
    from reelgraph.tables import InputError

    selector, films, links, aliases = split(data)
    ext = ".tsv" if selector & 1 else ".csv"
    on_error = "skip" if selector & 2 else "raise"
    with tempfile.TemporaryDirectory(prefix="reelgraph-fuzz-") as tmp:
        paths = []
        for name, body in (("films", films), ("links", links), ("aliases", aliases)):
            if body is None:
                paths.append(None)
                continue
            path = Path(tmp) / f"{name}{ext}"
            path.write_bytes(body)
            paths.append(path)
        try:
            g = reelgraph.FilmGraph.from_tables(paths[0], paths[1], paths[2], on_error=on_error)
        except InputError as exc:
            assert exc.file and exc.reason, f"an InputError that says neither where nor why: {exc!r}"
            return
    for t in g.report.tables:
        # Each row in exactly one count: a duplicate is merged, not used.
        accounted = t.rows_used + t.duplicates + t.skipped + t.rows_rejected
        assert t.rows_read == accounted, f"{t.table}: {t.rows_read} rows read but {accounted} accounted for"
        if on_error == "raise":
            assert t.rows_rejected == 0
    info = g.info()
    assert info["films"] == len(g)
    for v in range(min(len(g), 8)):
        result = g.see_also(v, k=5)
        for _, row in result.iterrows():
            total = sum(term["contribution"] for term in row["explanation"])
            assert abs(total - row["score"]) <= 1e-9 * max(1.0, row["score"]), "explanation does not sum to score"
            assert row["film"] != v and 0 <= row["film"] < len(g)


def main() -> None:
    from atheris_main import fuzz

    fuzz(check, ["reelgraph", "reelgraph.tables", "reelgraph._build", "reelgraph.graph"])


if __name__ == "__main__":
    main()
