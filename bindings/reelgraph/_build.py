"""Turn input tables into a frozen core graph: the core checks and adds each
table's rows from its Arrow columns; this module says where a refused row is."""

from __future__ import annotations

import numpy as np

from . import _core
from .tables import LoadReport, OnError, Table, TableReport


def _add_rows(builder: "_core.GraphBuilder", kind: str, table: Table, report: LoadReport, on_error: OnError,
              films_label: str = "") -> TableReport:
    rep = TableReport(table.label)
    report.tables.append(rep)
    rep.rows_read = table.n_rows + len(table.rejected)
    rep.rejected.extend(table.rejected)
    rep.rejected.extend(table.bad_rows.values())
    skip = None
    if table.bad_rows:  # rows the reader could not make text of
        skip = np.zeros(table.n_rows, dtype=np.uint8)
        skip[list(table.bad_rows)] = 1
    out = _core.add_table_rows(builder, kind, table.columns, table.n_rows, stop_on_error=on_error == "raise",
                               skip=skip, films_label=films_label)
    for row, field, reason in out["errors"]:
        err = table.error(row, field or None, reason)
        if on_error == "raise":
            raise err
        rep.rejected.append(err)
    # Each row in exactly one count: a repeat of a film is merged, not used.
    rep.duplicates = out["duplicates"]
    rep.rows_used = out["rows_used"] - rep.duplicates
    return rep


def build(films: Table, links: Table, aliases: Table | None, on_error: OnError):
    """Build the core graph; returns (core graph, LoadReport)."""
    report = LoadReport()
    builder = _core.GraphBuilder()
    if aliases is not None:
        _add_rows(builder, "aliases", aliases, report, on_error)
    _add_rows(builder, "films", films, report, on_error)
    links_report = _add_rows(builder, "links", links, report, on_error, films_label=films.label)
    graph = builder.freeze()
    # Rows whose link an earlier row had made were merged, not used.
    links_report.duplicates = graph.duplicate_links
    links_report.rows_used -= graph.duplicate_links
    return graph, report
