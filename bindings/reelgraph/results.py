"""The one decoder of see-also results: the core's arrays and text columns into Arrow tables and DataFrames.

The core writes the words (reason sentences, entity names, kinds, phrases) as
text columns, each a pair (int32 offsets, utf-8 bytes); here they become
pyarrow string arrays without a per-row Python step. A single list
(:func:`see_also_frame`), a chunk of the batch (:func:`batch_table`) and an
export part are all shaped from these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from .options import RELATIONS

if TYPE_CHECKING:
    from .graph import FilmGraph

# Relation names by code; codes past the last relation are the core's "no
# relation" (under ppr, an entity no seed links to): null.
_RELATION_NAMES = pa.array(list(RELATIONS) + [None] * (256 - len(RELATIONS)), pa.string())

TERM_FIELDS = [
    pa.field("name", pa.string()), pa.field("kind", pa.string()), pa.field("query_relation", pa.string()),
    pa.field("film_relation", pa.string()), pa.field("contribution", pa.float64()),
]
TERM = pa.struct(TERM_FIELDS)
PHRASE_FIELD = pa.field("phrase", pa.string())


def text(raw: dict, column: str) -> pa.StringArray:
    """One of the core's text columns (reason, term_name, term_kind, term_phrase) as a string array, no copy."""
    offsets, data = raw["text_" + column]
    return pa.StringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))


def relations(codes: np.ndarray) -> pa.Array:
    return _RELATION_NAMES.take(pa.array(codes, pa.uint8()))


def terms(raw: dict, phrases: bool = False) -> pa.ListArray:
    """Each related film's explanation: a list of (name, kind, query_relation, film_relation, contribution[, phrase])."""
    children = [text(raw, "term_name"), text(raw, "term_kind"), relations(raw["term_query_relation"]),
                relations(raw["term_film_relation"]), pa.array(raw["term_contribution"], pa.float64())]
    fields = list(TERM_FIELDS)
    if phrases:
        children.append(text(raw, "term_phrase"))
        fields.append(PHRASE_FIELD)
    values = pa.StructArray.from_arrays(children, fields=fields)
    return pa.ListArray.from_arrays(pa.array(raw["term_offsets"].astype(np.int32), pa.int32()), values)


def years(graph: "FilmGraph", films: np.ndarray) -> pa.Array:
    """Films' years, null where unknown (the core's 0)."""
    values = np.asarray(graph.core.years(films) if len(films) else [], dtype=np.int32)
    return pa.array(values, pa.int32(), mask=values == 0)


def see_also_frame(graph: "FilmGraph", raw: dict) -> pd.DataFrame:
    """A single list: rank, film, film_id, title, year, score, reason, explanation (list of dicts), padded."""
    films = raw["films"].astype(np.int64)
    ids, titles = graph._film_columns_arrow()
    reason = text(raw, "reason")
    return pd.DataFrame({
        "rank": np.arange(1, len(films) + 1),
        "film": films,
        "film_id": ids.take(films).to_pylist(),
        "title": titles.take(films).to_pylist(),
        "year": pd.array(years(graph, films).to_pylist(), dtype="Int32"),
        "score": raw["scores"],
        "reason": reason.to_pylist() if len(reason) else [None] * len(films),
        "explanation": terms(raw, phrases=True).to_pylist(),
        # True for a film found through broad traits only, with pad=True.
        "padded": raw["padded"].astype(bool) if "padded" in raw else np.zeros(len(films), dtype=bool),
    })


def batch_table(graph: "FilmGraph", raw: dict, reasons: str | None, *, vertices: bool, terms_column: bool,
                top: bool) -> pa.Table:
    """A chunk of the batch as one row per (film, related film).

    Columns: [film], film_id, title, rank, [related], related_id, related_title,
    related_year, score, [reason], [top_entity, top_contribution], [terms].
    `vertices` adds the vertex ids; `top` the largest term's name and share.
    """
    ids, titles = graph._film_columns_arrow()
    query, related = raw["query"], raw["film"]
    query_index, related_index = pa.array(query, pa.uint32()), pa.array(related, pa.uint32())
    columns: dict[str, pa.Array] = {}
    if vertices:
        columns["film"] = pa.array(query.astype(np.int64))
    columns["film_id"] = ids.take(query_index)
    columns["title"] = titles.take(query_index)
    columns["rank"] = pa.array(raw["rank"].astype(np.int32))
    if vertices:
        columns["related"] = pa.array(related.astype(np.int64))
    columns["related_id"] = ids.take(related_index)
    columns["related_title"] = titles.take(related_index)
    columns["related_year"] = years(graph, related)
    columns["score"] = pa.array(raw["score"], pa.float64())
    if reasons is not None:
        columns["reason"] = text(raw, "reason")
    if top:
        firsts = pa.array(raw["term_offsets"][:-1].astype(np.int64))
        columns["top_entity"] = text(raw, "term_name").take(firsts)
        columns["top_contribution"] = pa.array(raw["top_contribution"], pa.float64())
    if terms_column:
        columns["terms"] = terms(raw)
    return pa.table(columns)


def empty_chunk() -> dict:
    """A batch chunk with no rows, for shaping an empty result."""
    empty_text = (np.zeros(1, np.int32), np.empty(0, np.uint8))
    return {"query": np.empty(0, np.uint32), "rank": np.empty(0, np.uint32), "film": np.empty(0, np.uint32),
            "score": np.empty(0), "top_contribution": np.empty(0), "term_offsets": np.zeros(1, np.uint32),
            "term_query_relation": np.empty(0, np.uint8), "term_film_relation": np.empty(0, np.uint8),
            "term_contribution": np.empty(0), "text_reason": empty_text, "text_term_name": empty_text,
            "text_term_kind": empty_text, "text_term_phrase": empty_text}


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A batch table as pandas: nullable Int32 years, int64 ranks."""
    # One thread: a chunk is small, and the caller owns the cores (the batch's workers use them).
    frame = table.to_pandas(types_mapper={pa.int32(): pd.Int32Dtype()}.get, use_threads=False)
    if "rank" in frame:
        frame["rank"] = frame["rank"].astype(np.int64)
    return frame
