"""IMDb's non-commercial datasets in a manifest: ``title.basics``,
``title.principals``, ``title.crew`` and ``name.basics`` (``.tsv`` or ``.tsv.gz``).

Read by the core's streaming reader (the one behind ``FilmGraph.from_imdb``),
so a manifest and ``from_imdb`` read the files by the same rules: the same
films, credits, years (the core's one year rule), the same refused rows. The
reader builds a graph of the IMDb source alone; its films and links then
become this source's tables for the merge with the other sources.

Only the chosen title types become films: by default ``movie`` and
``tvMovie``; adult titles are left out unless ``adult = true``. Rows of
titles not kept, and people credited on none, are counted as skipped.
Credits: ``director`` -> ``directed_by``, ``producer`` -> ``produced_by``,
``writer`` -> ``written_by``, ``actor``/``actress``/``self`` -> ``cast``,
``editor`` -> ``edited_by``, ``cinematographer`` -> ``shot_by``,
``composer`` -> ``music_by``, any other category -> ``crew``. ``title.crew``
adds the directors and writers ``title.principals`` does not list. People are
their ``nm`` ids, named from ``name.basics``. Genres become ``genre`` links.
``block_size`` is accepted for older manifests and has no effect.
"""

from __future__ import annotations

import os

import numpy as np

from .. import _core
from .._imdb import read_imdb
from ..tables import InputError
from ._common import ALIASES, FILMS, LINKS, SourceReport, SourceTables, empty, frame

KIND = "imdb"
REQUIRED = ("title_basics",)
OPTIONAL = ("title_principals", "title_crew", "name_basics", "title_types", "adult", "block_size")
DEFAULT_TYPES = ("movie", "tvMovie")
# The report's reason for the rows each file skips.
SKIPPED = {
    "title_basics": "title type not imported (or adult title)",
    "title_principals": "credit of a title not imported",
    "title_crew": "credit of a title not imported",
    "name_basics": "a person credited on no title imported",
}
FILE_NAMES = {"title_basics": "title.basics", "title_principals": "title.principals", "title_crew": "title.crew",
              "name_basics": "name.basics"}


def load(entry: dict, on_error) -> SourceTables:
    report = SourceReport(KIND, entry["title_basics_label"])
    files = {FILE_NAMES[k]: entry.get(k) for k in FILE_NAMES}
    types = list(entry.get("title_types") or DEFAULT_TYPES)
    adult = bool(entry.get("adult", False))
    # The core names files by their base name: reports show them as the manifest does.
    labels = {os.path.basename(os.fspath(entry[k])): entry[f"{k}_label"] for k in FILE_NAMES if entry.get(k)}
    reasons = {os.path.basename(os.fspath(entry[k])): SKIPPED[k] for k in FILE_NAMES if entry.get(k)}
    builder = _core.GraphBuilder()
    try:
        files_read = read_imdb(builder, files, title_types=types, include_adult=adult, on_error=on_error)
    except InputError as exc:
        raise InputError(labels.get(exc.file, exc.file), exc.line, exc.field, exc.reason) from None
    for t in files_read:
        report.rows_read += t.rows_read
        report.rows_used += t.rows_used
        report.skipped[reasons.get(t.table, "skipped")] += t.skipped
        report.rejected.extend(InputError(labels.get(e.file, e.file), e.line, e.field, e.reason) for e in t.rejected)
        if t.unlisted_rejections:
            report.notes.append(f"{labels.get(t.table, t.table)}: {t.unlisted_rejections} more rejected rows, "
                                "counted but not listed")
    graph = builder.freeze()

    n = graph.film_count
    vs = np.arange(n, dtype=np.int64)
    years = graph.years(vs) if n else np.zeros(0, dtype=np.int32)
    films = frame(FILMS, film_id=graph.keys(vs) if n else [], title=graph.names(vs) if n else [],
                  year=np.where(years > 0, years.astype(str), None), source=KIND)
    raw = _core.film_links(graph)
    source, target = raw["source"].astype(np.int64), raw["target"].astype(np.int64)
    relations = np.asarray(_core.relations(), dtype=object)[raw["relation"]]
    keys = np.asarray(graph.keys(target) if len(target) else [], dtype=object)
    kinds = np.asarray(graph.kinds(target) if len(target) else [], dtype=object)
    film_keys = np.asarray(graph.keys(vs) if n else [], dtype=object)
    links = frame(LINKS, film_id=film_keys[source] if len(source) else [], relation=relations,
                  name=graph.names(target) if len(target) else [],
                  entity_id=np.where(kinds == "person", keys, None), source=KIND)
    type_list = ", ".join(types)
    report.notes.append(f"title types imported: {type_list}{'' if not adult else ', adult titles included'}")
    return SourceTables(films, links, empty(ALIASES), report)
