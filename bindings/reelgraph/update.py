"""A snapshot changed without a rebuild: films added, changed or removed.

The change's tables are read and checked exactly as a build reads them (the
same rules, the same report), into a small graph of their own; the core then
merges the frozen graph's arrays with that graph's. The work grows with the
change, plus copying and renumbering the base's arrays once: no table of the
base is read again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import _core
from ._build import build
from .graph import FilmGraph, _normalise_vocabulary
from .tables import ALIAS_COLUMNS, FILM_COLUMNS, LINK_COLUMNS, LoadReport, OnError, TableSource, read_table


@dataclass
class UpdateSummary:
    films_added: int
    films_changed: int
    films_removed: int
    entities_added: int
    report: LoadReport
    seconds: float

    def __str__(self) -> str:
        return (f"{self.films_added} films added, {self.films_changed} changed, {self.films_removed} removed, "
                f"{self.entities_added} new people, companies and other entities in {self.seconds:.2f} s")


def read_ids(value: str | os.PathLike | Iterable[str] | None) -> list[str]:
    """Film ids to remove: a file with one id a line (# comments), ids separated by commas, or a list."""
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if os.path.isfile(text):
            with open(text, encoding="utf-8") as f:
                return [line.strip() for line in f if line.strip() and not line.lstrip().startswith("#")]
        return [part.strip() for part in text.split(",") if part.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def update(base: FilmGraph | str | os.PathLike, films: TableSource | None = None, links: TableSource | None = None,
           aliases: TableSource | None = None, *, remove=None, on_error: OnError = "raise") -> tuple[FilmGraph, UpdateSummary]:
    """`base` with the films of `films` (and their links in `links`) added or changed, and `remove` removed.

    A film whose id the base has is changed: its title and year are those of
    `films`, its links exactly those of `links` (a changed film must be in
    `films`, and all its links given again). A film id in `remove` that is
    not in the base is an error. The change's tables are checked like a
    build's; the summary's report says what was read, used and rejected.
    """
    start = time.perf_counter()
    graph = base if isinstance(base, FilmGraph) else FilmGraph.load(base)
    if films is None and links is not None:
        raise ValueError("links of new or changed films need their films table too (--films)")
    if films is not None:
        film_table = read_table(films, name="films", schema=FILM_COLUMNS, on_error=on_error)
        link_table = read_table(links if links is not None else _no_links(), name="links", schema=LINK_COLUMNS,
                                on_error=on_error)
        # The same spellings of genres, countries, languages and festivals as a
        # build, or a new film's "Sci-Fi" would be a genre of its own.
        _normalise_vocabulary(link_table)
        alias_table = (None if aliases is None
                       else read_table(aliases, name="aliases", schema=ALIAS_COLUMNS, on_error=on_error))
        change, report = build(film_table, link_table, alias_table, on_error)
    else:
        change, report = _core.GraphBuilder().freeze(), LoadReport()
    core, counts = _core.apply_update(graph.core, change, read_ids(remove))
    metadata = dict(graph.metadata)
    metadata["updates"] = list(metadata.get("updates", [])) + [{k: int(v) for k, v in counts.items()}]
    summary = UpdateSummary(**{k: int(v) for k, v in counts.items()}, report=report,
                            seconds=time.perf_counter() - start)
    return FilmGraph(core, report, metadata), summary


def _no_links():
    import pandas as pd

    return pd.DataFrame({"film_id": [], "relation": [], "name": []}, dtype=str)
