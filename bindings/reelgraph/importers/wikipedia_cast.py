"""Cast lists from English Wikipedia (``credits/wikipedia-cast/*.txt``).

A line is ``film_qid actor_qid character`` (space-separated; the character
may hold spaces, or be absent). Films and actors are Wikidata ids only: there
are no titles, and the data holds no crosswalk from Wikidata to IMDb ids. So
these films cannot be matched to the films of the other sources, and they
form a part of the graph of their own: a film is titled by its Wikidata id
(``Q109116``) and its actors are people with Wikidata ids, linked by ``cast``
with the character as detail. A see-also list from one of these films
reaches only films of this source, and no film of the other sources reaches
them. (Given a Wikidata-to-IMDb table, the ids could be mapped here first.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import numpy as np

from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, concat, empty, frame, rel, source_files,
                      unreadable)

KIND = "wikipedia_cast"
REQUIRED = ("path",)
OPTIONAL = ("pattern",)
FOLDER_KEYS = ("path",)  # a folder of cast files, or one file


def _lines(path: Path, label: str) -> pa.ChunkedArray:
    """The file's lines, read by pyarrow in C: one column, no delimiter, no quoting.
    An empty file has no lines (pyarrow refuses it); one it cannot read, such
    as one that is not UTF-8, is an InputError."""
    if path.stat().st_size == 0:
        return pa.chunked_array([], pa.string())
    try:
        table = pa_csv.read_csv(
            str(path),
            read_options=pa_csv.ReadOptions(column_names=["line"], use_threads=False),
            parse_options=pa_csv.ParseOptions(delimiter="\x1f", quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types={"line": pa.string()}, strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        raise unreadable(path, label, exc) from None
    return table.column("line")


def load(entry: dict, on_error) -> SourceTables:
    label = entry["path_label"]
    files = source_files(entry, "*.txt", "cast files")
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    parts = []
    for path in files:
        lines = _lines(path, rel(path, entry.get("root")))
        report.rows_read += len(lines)
        cells = pc.split_pattern(lines, " ", max_splits=2)
        # Fixed-size lists of three: a line with fewer cells is padded with missing ones.
        padded = pc.list_slice(cells, 0, 3, return_fixed_size_list=True)
        columns = {name: pc.list_element(padded, i) for i, name in enumerate(("film_qid", "actor_qid", "character"))}
        part = pa.table(columns).to_pandas()
        part["character"] = part["character"].str.strip()
        part["_file"] = rel(path, entry.get("root"))
        part["_line"] = np.arange(1, len(part) + 1)
        part = reject.mask(part, ~part["film_qid"].fillna("").str.fullmatch(r"Q[1-9]\d*"), "film_qid",
                           lambda v: f"'{v}' is not a Wikidata id" if v else "empty")
        part = reject.mask(part, ~part["actor_qid"].fillna("").str.fullmatch(r"Q[1-9]\d*"), "actor_qid",
                           lambda v: f"'{v}' is not a Wikidata id" if v else "empty")
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table["character"] = table["character"].where(table["character"].fillna("").ne(""), None)
    # One Wikidata id is one thing: an "actor" that is also a film of the lists is a mistake of the extraction.
    table = reject.mask(table, table["actor_qid"].isin(set(table["film_qid"])), "actor_qid",
                        lambda v: f"'{v}' is a film of these cast lists, not an actor")
    again = table.duplicated(["film_qid", "actor_qid", "character"])
    report.rows_merged = int(again.sum())
    table = table.loc[~again]
    report.rows_used = len(table)
    first = table.drop_duplicates("film_qid")
    films = frame(FILMS, film_id=first["film_qid"].to_numpy(), title=first["film_qid"].to_numpy(), source=KIND,
                  _file=first["_file"].to_numpy(), _line=first["_line"].to_numpy())
    links = frame(LINKS, film_id=table["film_qid"].to_numpy(), relation="cast", name=table["actor_qid"].to_numpy(),
                  entity_id=table["actor_qid"].to_numpy(), detail=table["character"].to_numpy(), source=KIND,
                  _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy())
    report.notes.append(f"{len(films)} films and {table['actor_qid'].nunique()} actors known by Wikidata id only: "
                        "no crosswalk to IMDb ids in the data, so they form a component of their own, "
                        "each film titled by its id")
    return SourceTables(films, concat([links], LINKS), empty(ALIASES), report)
