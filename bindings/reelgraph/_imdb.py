"""IMDb's non-commercial datasets, read by the native streaming reader.

The four files (``title.basics``, ``title.principals``, ``title.crew``,
``name.basics``; ``.tsv`` or ``.tsv.gz``) go straight from disk into the
graph builder in C++: the text is never held in memory, and nothing passes
through Python row by row.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from . import _core
from .tables import InputError, LoadReport, OnError, TableReport

IMDB_FILES = ("title.basics", "title.principals", "title.crew", "name.basics")
DEFAULT_TITLE_TYPES = ("movie", "tvMovie")


def imdb_files(folder: str | os.PathLike) -> dict[str, Path | None]:
    """The IMDb files present in a folder, by dataset name (None when absent)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    found: dict[str, Path | None] = {}
    for name in IMDB_FILES:
        candidates = [folder / f"{name}.tsv", folder / f"{name}.tsv.gz"]
        present = [p for p in candidates if p.is_file()]
        if len(present) > 1:
            raise ValueError(f"{folder} has both {present[0].name} and {present[1].name}; keep one")
        found[name] = present[0] if present else None
    if found["title.basics"] is None:
        raise FileNotFoundError(f"{folder} has no title.basics.tsv or title.basics.tsv.gz (it says which titles are films)")
    return found


def read_imdb(
    builder: "_core.GraphBuilder",
    files: dict[str, Path | None],
    *,
    title_types: Sequence[str] = DEFAULT_TITLE_TYPES,
    include_adult: bool = False,
    on_error: OnError = "raise",
    progress: bool = False,
) -> list[TableReport]:
    """Add the films and credits of IMDb files to a builder; one TableReport per file."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    paths = {name: ("" if files.get(name) is None else os.fspath(files[name])) for name in IMDB_FILES}
    bar = None
    callback = None
    if progress:
        from tqdm.auto import tqdm

        # Sizes on disk: exact for plain files, a lower bound for gzipped ones.
        total = sum(os.path.getsize(p) for p in paths.values() if p and not p.endswith(".gz")) or None
        bar = tqdm(total=total, unit="B", unit_scale=True, desc="IMDb files")

        def callback(done: int) -> None:
            bar.update(done - bar.n)

    try:
        raw = _core.read_imdb(
            builder, paths["title.basics"], paths["title.principals"], paths["title.crew"], paths["name.basics"],
            title_types=list(title_types), include_adult=include_adult, stop_on_error=on_error == "raise",
            progress=callback,
        )
    except _core.ImdbError as exc:
        raise InputError(*_split_message(str(exc))) from None
    finally:
        if bar is not None:
            bar.close()
    reports = []
    for f in raw["files"]:
        errors = [InputError(f["file"], line, field or None, reason) for line, field, reason in f["errors"]]
        # Rows beyond the kept descriptions are still counted.
        reports.append(TableReport(f["file"], f["rows_read"], f["rows_used"], 0, errors, f["rows_skipped"],
                                   f["rows_rejected"] - len(errors)))
    return reports


def _split_message(message: str) -> tuple[str, int | None, str | None, str]:
    """'file:12: field 'x': reason' back into InputError's parts."""
    file, _, rest = message.partition(":")
    line_text, _, rest = rest.partition(":")
    rest = rest.strip()
    if not line_text.strip().isdigit():
        return file, None, None, message[len(file) + 1:].strip()
    field = None
    if rest.startswith("field '"):
        field, _, rest = rest[len("field '"):].partition("': ")
    return file, int(line_text), field, rest


def from_imdb(folder: str | os.PathLike, *, on_error: OnError = "raise", progress: bool = False,
              title_types: Sequence[str] = DEFAULT_TITLE_TYPES, include_adult: bool = False):
    builder = _core.GraphBuilder()
    reports = read_imdb(builder, imdb_files(folder), title_types=title_types, include_adult=include_adult,
                        on_error=on_error, progress=progress)
    return builder.freeze(), LoadReport(reports)
