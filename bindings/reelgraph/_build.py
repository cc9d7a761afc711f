"""Turn checked input tables into a frozen core graph, row by row, reporting every row."""

from __future__ import annotations

import re

from . import _core
from .tables import LoadReport, OnError, Table, TableReport, MIN_YEAR, MAX_YEAR

TABLE_RELATIONS = frozenset(_core.table_relations())
ALIAS_KINDS = frozenset(k for k in _core.node_kinds() if k not in ("film", "edition", "section"))


class _Rows:
    """Rejects a row: raises at once, or records it, as on_error says."""

    def __init__(self, table: Table, report: TableReport, on_error: OnError):
        self.table, self.report, self.on_error = table, report, on_error
        report.rows_read = table.n_rows + len(table.rejected)
        report.rejected.extend(table.rejected)
        report.rejected.extend(table.bad_rows.values())

    def rows(self):
        """Indices of the rows to build from: all but those the reader found unusable."""
        return (i for i in range(self.table.n_rows) if i not in self.table.bad_rows)

    def reject(self, i: int, column: str | None, reason: str) -> None:
        err = self.table.error(i, column, reason)
        if self.on_error == "raise":
            raise err
        self.report.rejected.append(err)


def _required(rows: _Rows, i: int, *columns: str) -> list[str] | None:
    """The row's values of required columns, or None after rejecting the row for the first empty one."""
    values = [rows.table.get(c, i) for c in columns]
    for column, value in zip(columns, values):
        if not value:
            rows.reject(i, column, "empty")
            return None
    return values


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}(?:\.0*)?", re.ASCII)


def _year(rows: _Rows, i: int, column: str = "year") -> int | None:
    """The year in a row as an int (0 when blank), or None after rejecting the row."""
    text = rows.table.get(column, i)
    if not text:
        return 0
    # ASCII digits only (a whole float's ".0" allowed): float() would also
    # take 2_003, fullwidth digits and 2e3, none of which a table means as a year.
    if not _WHOLE_NUMBER.fullmatch(text.strip()):
        rows.reject(i, column, f"'{text}' is not a year")
        return None
    year = int(float(text))
    if not MIN_YEAR <= year <= MAX_YEAR:
        rows.reject(i, column, f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
        return None
    return year


def _positive_int(rows: _Rows, i: int, column: str) -> bool:
    text = rows.table.get(column, i)
    if not text:
        return True
    ok = bool(_WHOLE_NUMBER.fullmatch(text.strip())) and float(text) > 0
    if not ok:
        rows.reject(i, column, f"'{text}' is not a positive whole number")
    return ok


def build(films: Table, links: Table, aliases: Table | None, on_error: OnError):
    """Build the core graph; returns (core graph, LoadReport)."""
    report = LoadReport()
    builder = _core.GraphBuilder()

    if aliases is not None:
        rep = TableReport(aliases.label)
        report.tables.append(rep)
        rows = _Rows(aliases, rep, on_error)
        for i in rows.rows():
            values = _required(rows, i, "kind", "alias", "name")
            if values is None:
                continue
            kind, alias, name = values
            if kind not in ALIAS_KINDS:
                rows.reject(i, "kind", f"'{kind}' is not a kind that takes aliases (one of: {', '.join(sorted(ALIAS_KINDS))})")
                continue
            try:
                builder.add_alias(kind, alias, name)
            except ValueError as exc:
                rows.reject(i, "alias", str(exc))
                continue
            rep.rows_used += 1

    rep = TableReport(films.label)
    report.tables.append(rep)
    rows = _Rows(films, rep, on_error)
    film_vertex: dict[str, int] = {}  # film key -> vertex
    for i in rows.rows():
        values = _required(rows, i, "film_id", "title")
        if values is None:
            continue
        film_id, title = values
        year = _year(rows, i)
        if year is None or not _positive_int(rows, i, "runtime_minutes"):
            continue
        try:
            vertex, inserted = builder.add_film(film_id, title, year)
            key = _core.film_key(film_id)
        except ValueError as exc:
            rows.reject(i, "film_id", str(exc))
            continue
        film_vertex[key] = vertex
        # Each row in exactly one count: a repeat of a film is merged, not used.
        if inserted:
            rep.rows_used += 1
        else:
            rep.duplicates += 1

    rep = TableReport(links.label)
    report.tables.append(rep)
    rows = _Rows(links, rep, on_error)
    for i in rows.rows():
        film_id, relation = links.get("film_id", i), links.get("relation", i)
        try:
            vertex = film_vertex.get(_core.film_key(film_id)) if film_id else None
        except ValueError as exc:
            rows.reject(i, "film_id", str(exc))
            continue
        if vertex is None:
            rows.reject(i, "film_id", f"'{film_id}' is not a film of {films.label}" if film_id else "empty")
            continue
        if relation not in TABLE_RELATIONS:
            rows.reject(i, "relation", f"unknown relation '{relation}' (one of: {', '.join(sorted(TABLE_RELATIONS))})")
            continue
        name, entity_id, section = links.get("name", i), links.get("entity_id", i), links.get("section", i)
        if not name and not entity_id:
            rows.reject(i, "name", "a link needs a name or an entity_id")
            continue
        if section and relation != "screened_at":
            rows.reject(i, "section", f"only screened_at links have a section, not {relation}")
            continue
        year = _year(rows, i)
        if year is None:
            continue
        if section and not year:
            rows.reject(i, "year", "a festival section needs the edition's year")
            continue
        try:
            builder.add_link(vertex, relation, entity_id, name, year, section)
        except ValueError as exc:
            rows.reject(i, "entity_id" if entity_id else "name", str(exc))
            continue
        rep.rows_used += 1

    graph = builder.freeze()
    # Rows whose link an earlier row had made were merged, not used.
    rep.duplicates = graph.duplicate_links
    rep.rows_used -= graph.duplicate_links
    return graph, report
