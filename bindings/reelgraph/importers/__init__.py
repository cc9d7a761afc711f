"""Importers for public film data, and the merging of sources into one graph.

Each source kind (a module here) reads its files into the project's own
tables (films, links, aliases: docs/input-format.md) and a
:class:`SourceReport`; :func:`merge.merge` joins the sources, ids first;
:func:`build` does both from a manifest and builds the graph.

>>> graph, report = build("datasets/manifests/shared-data.toml", on_error="skip")  # doctest: +SKIP
>>> print(report.summary())                                                         # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import pandas as pd

from ..tables import FILM_COLUMNS, InputError, LoadReport, OnError
from ._common import FILMS, LINKS, ALIASES, SourceReport, SourceTables
from .manifest import KINDS, ManifestError, read_manifest
from .merge import MergeReport, merge

__all__ = ["BuildReport", "KINDS", "ManifestError", "MergeReport", "SourceReport", "SourceTables", "StrictInputError", "build",
           "load_source", "merge", "read_manifest"]


@dataclass
class BuildReport:
    """Per source, what its rows became; the merge; and the graph builder's own report."""

    sources: list[SourceReport] = field(default_factory=list)
    merge: MergeReport | None = None
    graph: LoadReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rejected(self) -> list[InputError]:
        return [e for s in self.sources for e in s.rejected] + (self.graph.rejected if self.graph else [])

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([s.as_dict() for s in self.sources])

    def summary(self, max_rejected: int = 5) -> str:
        width = max([len(s.label) for s in self.sources] + [6])
        lines = [f"{'source':<{width}}  {'kind':<19} {'read':>8} {'used':>8} {'merged':>7} {'skipped':>8} "
                 f"{'rejected':>8}"]
        for s in self.sources:
            lines.append(f"{s.label:<{width}}  {s.kind:<19} {s.rows_read:>8} {s.rows_used:>8} {s.rows_merged:>7} "
                         f"{s.rows_skipped:>8} {s.rows_rejected:>8}")
        for s in self.sources:
            if not (s.notes or s.rows_skipped or s.rejected):
                continue
            lines.append(f"{s.label} ({s.kind}):")
            lines.extend(f"  skipped {n}: {why}" for why, n in s.skipped.items() if n)
            lines.extend(f"  {note}" for note in s.notes)
            lines.extend(f"  rejected {e}" for e in s.rejected[:max_rejected])
            if s.rows_rejected > max_rejected:
                lines.append(f"  ... and {s.rows_rejected - max_rejected} more rejected rows")
        if self.merge is not None:
            lines.append("merge:")
            lines.extend("  " + line for line in self.merge.summary().splitlines())
        if self.graph is not None:
            lines.append("graph builder:")
            lines.extend("  " + line for line in self.graph.summary().splitlines())
        if self.seconds:
            lines.append("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items()))
        return "\n".join(lines)


class StrictInputError(InputError):
    """A bad row in a source whose policy is to stop: says how to go on."""

    def __init__(self, file, line, field, reason, *, unit: str = "line", source: str = "its source"):
        self.source = source
        super().__init__(file, line, field, reason, unit=unit)

    @classmethod
    def of(cls, err: InputError, entry: dict) -> "StrictInputError":
        return cls(err.file, err.line, err.field, err.reason, unit=err.unit,
                   source=f"source #{entry['index']} ({entry['kind']}) of {entry['manifest']}")

    def __str__(self) -> str:
        return (f"{super().__str__()}\n  to go on, set on_error = \"skip\" in {self.source} (its bad rows are "
                "then left out, counted and listed), or build with --lenient to do so for every source")


def load_source(entry: dict, on_error: OnError = "raise") -> SourceTables:
    """One manifest entry (see :func:`read_manifest`) read by its kind's importer."""
    return KINDS[entry["kind"]].load(entry, on_error)


def _located(err: InputError, table: pd.DataFrame) -> InputError:
    """A graph builder error about row n of a merged table, told at the source file's line."""
    if err.line is None or err.unit != "row" or not 1 <= err.line <= len(table):
        return err
    row = table.iloc[err.line - 1]
    line = row["_line"]
    return InputError(str(row["_file"]), None if pd.isna(line) else int(line), err.field, err.reason)


def build(manifest_path: str | os.PathLike, on_error: OnError = "raise"):
    """Read every source of a manifest, merge them and build the graph.

    Parameters
    ----------
    manifest_path : str or os.PathLike
        A TOML manifest (``root`` and one ``[[source]]`` table per source).
    on_error : {"raise", "skip"}, default "raise"
        ``"raise"`` stops at the first bad row with an InputError naming the
        source file, line and field; ``"skip"`` leaves bad rows out and lists
        each in the report.

    Returns
    -------
    (FilmGraph, BuildReport)
        The graph, and per source the rows read, used, merged, skipped and
        rejected, with the merge's and the builder's counts.

    Raises
    ------
    ManifestError
        A mistake in the manifest, naming the source's number and the key.
    InputError
        A bad row (with ``on_error="raise"``).
    """
    from ..graph import FilmGraph

    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    report = BuildReport()
    entries = read_manifest(manifest_path)
    sources = []
    # --lenient (on_error="skip") skips everywhere; otherwise each source's own on_error says.
    policies = [on_error if on_error == "skip" else entry.get("on_error", "raise") for entry in entries]
    for entry, policy in zip(entries, policies):
        start = time.perf_counter()
        try:
            tables = load_source(entry, policy)
        except InputError as exc:
            raise StrictInputError.of(exc, entry) from None
        report.seconds[f"{entry['kind']}#{entry['index']}"] = time.perf_counter() - start
        report.sources.append(tables.report)
        report.sources.extend(tables.also)
        sources.append(tables)
    start = time.perf_counter()
    films, links, aliases, report.merge = merge(sources)
    report.seconds["merge"] = time.perf_counter() - start
    start = time.perf_counter()
    tables = {"films": films, "links": links, "aliases": aliases}
    try:
        # The merged tables mix the sources' rows: lenient as soon as one source is.
        graph = FilmGraph.from_tables(films[FILMS], links[LINKS], aliases[ALIASES] if len(aliases) else None,
                                      on_error="skip" if "skip" in policies else "raise")
    except InputError as exc:
        raise _located(exc, tables.get(exc.file, films)) from None
    for t in graph.report.tables:
        t.rejected = [_located(e, tables.get(t.table, films)) for e in t.rejected]
    report.graph = graph.report
    report.seconds["graph"] = time.perf_counter() - start
    graph.report = report.graph
    graph.metadata["sources"] = [s.as_dict() for s in report.sources]
    graph.metadata["manifest"] = os.fspath(manifest_path)
    return graph, report
