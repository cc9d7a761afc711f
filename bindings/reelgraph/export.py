"""Every film's see-also list written to files: Parquet, CSV or JSON lines.

The output is a folder of numbered parts, one per `part_films` films in a
fixed film order, plus ``_manifest.json`` (what is being exported) and
``_SUCCESS`` (written last). Each part is written under a temporary name and
renamed into place, then a small JSON sidecar records its size, row count and
SHA-256; a restarted export keeps a part only when its sidecar and bytes agree,
so a crash never leaves a half file that counts as done. The bytes depend only
on the graph and the options (not on threads, the engine or interruptions).

With ``engine="dask"`` the parts are computed on a dask.distributed cluster:
each worker process loads the snapshot once and writes its parts into the same
folder with the same numbering, so the result equals the local export's.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import _core
from .explain import reason, term_phrase
from ._files import write_atomic
from .graph import FilmGraph, check_fits

FORMATS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}
ENGINES = ("local", "dask")
MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
SAVED_GRAPH = "_graph.rg"
# Bytes a row of a part holds while the part is encoded, about: its cells,
# and its terms as Python dicts (a few a row).
_EXPORT_ROW_BYTES = 1500
# Rows per Parquet row group: fixed, so the bytes do not depend on anything else.
ROW_GROUP_ROWS = 65536
# Relation names by code; codes past the last relation are the core's "no
# relation" (under ppr a term the query film does not link to): None.
_RELATIONS = np.array(_core.relations() + [None] * (256 - len(_core.relations())), dtype=object)

TERM = pa.struct([
    ("name", pa.string()), ("kind", pa.string()), ("query_relation", pa.string()),
    ("film_relation", pa.string()), ("contribution", pa.float64()),
])
SCHEMA = pa.schema([
    ("film_id", pa.string()), ("title", pa.string()), ("rank", pa.int32()),
    ("related_id", pa.string()), ("related_title", pa.string()), ("score", pa.float64()),
    ("reason", pa.string()), ("terms", pa.list_(TERM)),
])
# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that show nothing (format and control characters, spaces):
# skipped when looking for the first visible one.
_INVISIBLE = {"Cf", "Cc", "Zs", "Zl", "Zp"}


class ExportError(ValueError):
    """The export cannot start or go on: bad options, or a folder holding another export."""


@dataclass
class ExportSummary:
    """What an export did.

    Attributes
    ----------
    path : str
        The export folder.
    format : str
        ``"parquet"``, ``"csv"`` or ``"jsonl"``.
    engine : str
        ``"local"`` or ``"dask"``.
    films : int
        Films in the export, including those of parts an earlier run had written.
    rows : int
        Rows in the export, one per (film, related film).
    parts : int
        Part files in the export.
    parts_skipped : int
        Parts an earlier run had completed, kept as they were.
    seconds : float
        Wall time of this run.
    films_written : int
        Films whose lists this run computed and wrote (``films`` less those of
        the parts kept); the rate counts these only, so a resumed export does
        not claim the kept parts' films as its own speed.
    """

    path: str
    format: str
    engine: str
    films: int
    rows: int
    parts: int
    parts_skipped: int
    seconds: float
    films_written: int | None = None

    def __post_init__(self) -> None:
        if self.films_written is None:
            self.films_written = self.films

    @property
    def films_per_second(self) -> float:
        """Films written per second by this run (0 when it wrote none)."""
        if not self.films_written:
            return 0.0
        return self.films_written / self.seconds if self.seconds > 0 else float("inf")

    def to_dict(self) -> dict:
        return {**asdict(self), "films_per_second": self.films_per_second}

    def __str__(self) -> str:
        head = f"exported {self.films} films, {self.rows} rows in {self.parts} {self.format} parts"
        if not self.films_written:
            return (f"{head} to {self.path}: all {self.parts} parts were already complete, nothing written "
                    f"({self.seconds:.1f} s checking them, {self.engine})")
        kept = ""
        if self.parts_skipped:
            kept = (f" ({self.parts_skipped} already complete; {self.films_written} films written now)")
        return (f"{head}{kept} to {self.path} in {self.seconds:.1f} s "
                f"({self.films_per_second:,.0f} films/s written, {self.engine})")


# ------------------------------------------------------------------ one part
def part_table(graph: FilmGraph, raw: dict) -> tuple[pa.Table, list[list[dict]]]:
    """One batch chunk as rows of the export table, and each row's terms as dicts."""
    ids, titles = graph._film_arrays()
    query = raw["query"].astype(np.int64)
    related = raw["film"].astype(np.int64)
    offsets = raw["term_offsets"].astype(np.int64)
    entities = raw["term_entity"]
    if len(entities):
        unique, inverse = np.unique(entities, return_inverse=True)
        inverse = inverse.reshape(-1)
        names = np.array(graph.core.names(unique), dtype=object)[inverse]
        kinds = np.array(graph.core.kinds(unique), dtype=object)[inverse]
    else:
        names = kinds = np.empty(0, dtype=object)
    query_relations = _RELATIONS[raw["term_query_relation"].astype(np.int64)]
    film_relations = _RELATIONS[raw["term_film_relation"].astype(np.int64)]
    contributions = raw["term_contribution"].astype(np.float64)
    # Plain lists: indexing numpy arrays one element at a time is slow.
    name_list, kind_list = names.tolist(), kinds.tolist()
    qr_list, fr_list, contribution_list = query_relations.tolist(), film_relations.tolist(), contributions.tolist()
    bounds = offsets.tolist()
    phrases = {}
    terms, reasons = [], []
    for i in range(len(query)):
        row, said = [], []
        for t in range(bounds[i], bounds[i + 1]):
            key = (name_list[t], qr_list[t], fr_list[t])
            phrase = phrases.get(key)
            if phrase is None:
                phrase = phrases[key] = term_phrase(*key, _core.role_noun)
            term = {"name": key[0], "kind": kind_list[t], "query_relation": key[1], "film_relation": key[2],
                    "contribution": contribution_list[t]}
            row.append(term)
            said.append({**term, "phrase": phrase})
        reasons.append(reason(said))
        terms.append(row)
    term_values = pa.StructArray.from_arrays(
        [pa.array(names, pa.string()), pa.array(kinds, pa.string()), pa.array(query_relations, pa.string()),
         pa.array(film_relations, pa.string()), pa.array(contributions, pa.float64())],
        fields=list(TERM),
    )
    table = pa.Table.from_arrays([
        pa.array(ids[query], pa.string()), pa.array(titles[query], pa.string()),
        pa.array(raw["rank"].astype(np.int32), pa.int32()),
        pa.array(ids[related], pa.string()), pa.array(titles[related], pa.string()),
        pa.array(raw["score"].astype(np.float64), pa.float64()), pa.array(reasons, pa.string()),
        pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32), pa.int32()), term_values),
    ], schema=SCHEMA)
    return table, terms


def spreadsheet_safe(text):
    """A cell a spreadsheet shows as text: a leading ' before =, +, -, @, tab or CR.

    Also before a cell whose first visible character is one of those in
    another form (fullwidth ＝, small ﹦: the same after NFKC) or comes after
    invisible characters (a zero-width space, a BOM, other format or control
    characters, spaces), which some spreadsheets drop before they parse.
    """
    if not isinstance(text, str) or not text:
        return text
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    for ch in text:
        if unicodedata.category(ch) not in _INVISIBLE:
            return "'" + text if unicodedata.normalize("NFKC", ch).startswith(_FORMULA_STARTS) else text
    return text


def _encode(table: pa.Table, terms: list[list[dict]], fmt: str) -> bytes:
    if fmt == "parquet":
        sink = io.BytesIO()
        # No timestamps exist in Parquet metadata; the rest is pinned here so the
        # bytes depend only on the rows (and the pyarrow version, in created_by).
        pq.write_table(table, sink, row_group_size=ROW_GROUP_ROWS, compression="zstd", compression_level=3,
                       use_dictionary=True, write_statistics=True, version="2.6", data_page_size=1 << 20)
        return sink.getvalue()
    columns = table.drop_columns(["terms"]).to_pydict()
    if fmt == "jsonl":
        lines = []
        for i in range(table.num_rows):
            row = {name: values[i] for name, values in columns.items()}
            row["terms"] = terms[i]
            lines.append(json.dumps(row, ensure_ascii=False, allow_nan=False))
        return ("\n".join(lines) + "\n" if lines else "").encode("utf-8")
    import csv

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(list(columns) + ["terms"])
    for i in range(table.num_rows):
        cells = [spreadsheet_safe(values[i]) for values in columns.values()]
        cells.append(json.dumps(terms[i], ensure_ascii=False, allow_nan=False))
        writer.writerow(cells)
    return text.getvalue().encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    # Created exclusively under an unguessable name, then renamed (see _files).
    write_atomic(path, data)


def _part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}{FORMATS[fmt]}"


def _sidecar_path(out: Path, index: int) -> Path:
    return out / f"part-{index:05d}.json"


def write_part(graph: FilmGraph, out: Path, index: int, fmt: str, raw: dict, films: np.ndarray) -> dict:
    """Encode one chunk, write it atomically, then its sidecar; returns the sidecar."""
    if not np.array_equal(raw["queries"].astype(np.int64), films):
        raise RuntimeError(f"part {index}: the batch answered other films than planned")
    table, terms = part_table(graph, raw)
    data = _encode(table, terms, fmt)
    name = _part_name(index, fmt)
    _write_atomic(out / name, data)
    sidecar = {"part": index, "file": name, "films": int(len(films)), "rows": table.num_rows,
               "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
               "films_sha256": _films_digest(films)}
    _write_atomic(_sidecar_path(out, index), (json.dumps(sidecar, sort_keys=True) + "\n").encode())
    return sidecar


def _films_digest(films: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(films, dtype="<i8").tobytes()).hexdigest()


def _complete_part(out: Path, index: int, fmt: str, films: np.ndarray) -> dict | None:
    """The sidecar of a part already written whole (size and checksum agree), else None."""
    try:
        sidecar = json.loads(_sidecar_path(out, index).read_text())
        path = out / _part_name(index, fmt)
        if (sidecar.get("file") != path.name or sidecar.get("films_sha256") != _films_digest(films)
                or path.stat().st_size != sidecar["bytes"]):
            return None
        if hashlib.sha256(path.read_bytes()).hexdigest() != sidecar["sha256"]:
            return None
        return sidecar
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _verified_part(out: Path, index: int, fmt: str) -> bytes:
    """Part `index`'s bytes, once they match the size and SHA-256 its sidecar
    recorded when the part was written; ExportError naming the part otherwise.

    The sidecar is found through _sidecar_path and the part through the name
    the sidecar records, so this check follows wherever those files live.
    """
    sidecar_path = _sidecar_path(out, index)
    try:
        sidecar = json.loads(sidecar_path.read_text())
        name, size, digest = sidecar["file"], int(sidecar["bytes"]), str(sidecar["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"{sidecar_path}: the record of part {index} cannot be read ({exc})") from None
    if not isinstance(name, str) or name != _part_name(index, fmt):
        raise ExportError(f"{sidecar_path}: records the file {name!r} for part {index}, not {_part_name(index, fmt)!r}")
    path = out / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"{path}: part {index} cannot be read ({exc})") from None
    if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
        raise ExportError(f"{path}: damaged: its bytes ({len(data)}) do not match the size ({size}) and SHA-256 "
                          f"recorded when it was written; export again (the damaged part is rewritten)")
    return data


# ------------------------------------------------------------------ the plan
def _snapshot_checksum(path: Path) -> str:
    return f"{_core.inspect_snapshot(os.fspath(path))['checksum']:016x}"


def _check_options(fmt, k, part_films, threads, engine, client) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if engine not in ENGINES:
        raise ExportError(f"engine must be 'local' or 'dask', not {engine!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ExportError(f"k must be a whole number of 1 or more, not {k!r}")
    if isinstance(part_films, bool) or not isinstance(part_films, (int, np.integer)) or part_films < 1:
        raise ExportError(f"part_films must be a whole number of 1 or more, not {part_films!r}")
    if int(threads) < 0:
        raise ExportError(f"threads must be 0 (every core) or more, not {threads}")
    if engine == "local" and client is not None:
        raise ExportError("a client is for engine='dask'; the local engine takes none")


def _prepare_folder(out: Path, manifest: dict, overwrite: bool) -> None:
    """Makes `out` ready for `manifest`'s export, keeping the parts of an earlier run of the same one."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp-*"):  # a crashed writer's leftovers, never whole
        stale.unlink()
    path = out / MANIFEST
    if overwrite:
        # Overwrite means start again: nothing of an earlier run is kept, not
        # even the parts of the same export.
        for old in list(out.glob("part-*")) + [out / SUCCESS, path]:
            old.unlink(missing_ok=True)
    if path.exists():
        try:
            existing = json.loads(path.read_text())
        except ValueError:
            existing = None
        if existing != manifest:
            if not overwrite:
                raise ExportError(f"{out} holds another export (other graph, films or options); "
                                  "choose another folder or pass overwrite=True (--overwrite)")
            for old in list(out.glob("part-*")) + [out / SUCCESS, path]:
                old.unlink(missing_ok=True)
    elif any(out.glob("part-*")):
        if not overwrite:
            raise ExportError(f"{out} holds part files but no {MANIFEST}; choose another folder or pass overwrite=True")
        for old in out.glob("part-*"):
            old.unlink()
    # The finished flag is earned again below, once every part is checked.
    (out / SUCCESS).unlink(missing_ok=True)
    _write_atomic(path, (json.dumps(manifest, sort_keys=True, indent=1) + "\n").encode())


def export(
    graph: FilmGraph | str | os.PathLike, out: str | os.PathLike, *, format: str = "parquet", k: int = 10,
    films=None, engine: str = "local", client=None, threads: int = 0, part_films: int = 2048,
    progress: bool = True, overwrite: bool = False, on_part: Callable[[dict], None] | None = None,
    **options,
) -> ExportSummary:
    """Write the see-also lists of every film (or `films`) to the folder `out`.

    The table has one row per (film, related film): film_id, title, rank,
    related_id, related_title, score, reason and terms (the explanation: name,
    kind, query_relation, film_relation, contribution; a JSON text cell in
    CSV). A folder that already holds this export (same graph, films and
    options) is resumed: whole parts are kept.

    Parameters
    ----------
    graph : FilmGraph, str or os.PathLike
        The graph, or the path of its snapshot.
    out : str or os.PathLike
        The export folder.
    format : {"parquet", "csv", "jsonl"}, default "parquet"
        The parts' format.
    k : int, default 10
        Related films per film.
    films : sequence, optional
        Films by vertex, title or id, exported in that order; None for every
        film, in vertex order.
    engine : {"local", "dask"}, default "local"
        ``"dask"`` runs the parts on `client`; the graph must then be a
        snapshot path every worker can read (an in-memory FilmGraph is first
        saved as ``out/_graph.rg``).
    client : distributed.Client, optional
        For ``engine="dask"``; the current client when None.
    threads : int, default 0
        Worker threads (0: every core); with Dask, threads per task (default 1).
    part_films : int, default 2048
        Films per part file.
    progress : bool, default True
        Show a progress bar of films done.
    overwrite : bool, default False
        Start again: remove what the folder holds of any earlier export
        (this one included) instead of refusing another export or resuming
        this one.
    on_part : callable, optional
        Called with each part's sidecar (a dict) once the part is in place.
    **options
        :meth:`FilmGraph.see_also`'s options (relations, weights,
        hub_weighting, normalization, min_year, max_year, edition...).

    Returns
    -------
    ExportSummary
        Films, rows, parts, the parts kept from an earlier run and the films
        this run wrote, with its rate.

    Raises
    ------
    ExportError
        Bad options, or a folder holding another export without
        ``overwrite=True``.
    """
    _check_options(format, k, part_films, threads, engine, client)
    start = time.perf_counter()
    out = Path(out)
    if isinstance(graph, FilmGraph):
        snapshot = None
        if engine == "dask":
            out.mkdir(parents=True, exist_ok=True)
            snapshot = graph.save(out / SAVED_GRAPH)
    else:
        snapshot = Path(graph)
        graph = FilmGraph.load(snapshot)
    if snapshot is not None:
        fingerprint = _snapshot_checksum(snapshot)
    else:
        # An in-memory graph is identified by its snapshot's checksum, which
        # needs the snapshot written once (to a scratch file, then removed).
        out.mkdir(parents=True, exist_ok=True)
        scratch = out / f".graph.tmp-{os.getpid()}-{secrets.token_hex(8)}.rg"
        try:
            graph.save(scratch)
            fingerprint = _snapshot_checksum(scratch)
        finally:
            scratch.unlink(missing_ok=True)

    core_options = graph._batch_options(int(k), options)  # checks names and values
    vertices = graph._batch_films(films)
    if vertices is None:
        vertices = np.arange(graph.n_films, dtype=np.int64)
    if not len(vertices):
        raise ExportError("no films to export: the film list is empty")
    if vertices.min() < 0 or vertices.max() >= graph.n_films:
        raise ExportError(f"film vertices must be 0..{graph.n_films - 1}")
    # One part is held in memory while it is encoded (its terms as Python
    # objects): refuse, before any work, a part that cannot fit.
    per_list = min(int(k), max(graph.n_films - 1, 0))
    part_rows = min(int(part_films), len(vertices)) * per_list
    check_fits(f"an export part ({min(int(part_films), len(vertices))} films, up to {per_list} related films each: "
               f"up to {part_rows} rows)", part_rows * _EXPORT_ROW_BYTES, "lower part_films or k")
    plan = [vertices[i:i + part_films] for i in range(0, len(vertices), part_films)]
    manifest = {
        "reelgraph": _core.__version__, "graph_checksum": fingerprint, "format": format, "k": int(k),
        "options": json.loads(json.dumps(options, sort_keys=True, default=list)), "films": int(len(vertices)),
        "films_sha256": _films_digest(vertices), "part_films": int(part_films), "parts": len(plan),
        "columns": SCHEMA.names,
    }
    _prepare_folder(out, manifest, overwrite)

    sidecars: dict[int, dict] = {}
    for index, part in enumerate(plan):
        found = _complete_part(out, index, format, part)
        if found is not None:
            sidecars[index] = found
    skipped = len(sidecars)
    todo = [i for i in range(len(plan)) if i not in sidecars]

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(vertices), initial=sum(len(plan[i]) for i in sidecars), unit="film", desc="export")

    def done(sidecar: dict) -> None:
        sidecars[sidecar["part"]] = sidecar
        if bar is not None:
            bar.update(sidecar["films"])
        if on_part is not None:
            on_part(sidecar)

    try:
        if todo and engine == "local":
            _run_local(graph, out, format, int(k), plan, todo, int(threads), int(part_films), core_options, done)
        elif todo:
            _run_dask(client, snapshot, fingerprint, out, format, int(k), plan, todo,
                      int(threads) or 1, options, done)
    finally:
        if bar is not None:
            bar.close()

    rows = sum(s["rows"] for s in sidecars.values())
    success = {"films": int(len(vertices)), "rows": rows, "parts": len(plan)}
    _write_atomic(out / SUCCESS, (json.dumps(success, sort_keys=True) + "\n").encode())
    written = int(sum(len(plan[i]) for i in todo))
    return ExportSummary(path=os.fspath(out), format=format, engine=engine, films=int(len(vertices)), rows=rows,
                         parts=len(plan), parts_skipped=skipped, seconds=time.perf_counter() - start,
                         films_written=written)


def _run_local(graph, out, fmt, k, plan, todo, threads, part_films, core_options, done) -> None:
    # Every part but the last holds part_films films, so the batch's chunks of
    # part_films films line up with the parts still to write.
    films = np.concatenate([plan[i] for i in todo])
    batch = _core.see_also_batch_iter(graph.core, films, threads=threads, chunk=part_films, **core_options)
    with batch:
        for index, raw in zip(todo, batch):
            done(write_part(graph, out, index, fmt, raw, plan[index]))


# ------------------------------------------------------------------ dask
_WORKER_GRAPHS: dict[tuple[str, str], FilmGraph] = {}
_WORKER_LOADS = 0  # snapshots this process has loaded, to show the cache works


def _worker_graph(path: str, checksum: str) -> FilmGraph:
    """The snapshot loaded once per worker process (a module-level cache keyed by path and checksum)."""
    key = (os.path.abspath(path), checksum)
    graph = _WORKER_GRAPHS.get(key)
    if graph is None:
        found = _snapshot_checksum(Path(path))
        if found != checksum:
            raise ExportError(f"{path} changed during the export (checksum {found}, expected {checksum})")
        global _WORKER_LOADS
        graph = FilmGraph.load(path)
        _WORKER_LOADS += 1
        _WORKER_GRAPHS.clear()  # one graph at a time: a worker's memory is for the current export
        _WORKER_GRAPHS[key] = graph
    return graph


def _dask_part(path: str, checksum: str, out: str, fmt: str, k: int, index: int, films: np.ndarray,
               threads: int, options: dict) -> dict:
    graph = _worker_graph(path, checksum)
    core_options = graph._batch_options(k, options)
    batch = _core.see_also_batch_iter(graph.core, films, threads=threads, chunk=max(1, len(films)), **core_options)
    with batch:
        (raw,) = list(batch)
    return write_part(graph, Path(out), index, fmt, raw, films)


def _run_dask(client, snapshot, fingerprint, out, fmt, k, plan, todo, threads, options, done) -> None:
    try:
        from distributed import as_completed, get_client
    except ImportError:
        raise ExportError("engine='dask' needs dask.distributed: pip install 'reelgraph[dask]'") from None
    if client is None:
        try:
            client = get_client()
        except ValueError:
            raise ExportError("engine='dask' needs a client: pass client=Client(...)") from None
    path = os.path.abspath(snapshot)
    futures = [
        client.submit(_dask_part, path, fingerprint, os.path.abspath(out), fmt, k, index, plan[index], threads,
                      dict(options), key=f"reelgraph-export-{fingerprint}-{index:05d}", pure=False)
        for index in todo
    ]
    try:
        for future in as_completed(futures):
            done(future.result())
    except BaseException:
        client.cancel(futures)
        raise


def read_export(out: str | os.PathLike):
    """A finished export folder as one pandas DataFrame.

    Parameters
    ----------
    out : str or os.PathLike
        The export folder (it must hold ``_SUCCESS``).

    Returns
    -------
    pandas.DataFrame
        The export table, parts in order; ``terms`` as lists of dicts
        whatever the format.

    Raises
    ------
    ExportError
        The folder holds no finished export.
    """
    import pandas as pd

    out = Path(out)
    if not (out / SUCCESS).exists():
        raise ExportError(f"{out} holds no finished export (no {SUCCESS})")
    try:
        manifest = json.loads((out / MANIFEST).read_text())
        fmt, parts = manifest["format"], int(manifest["parts"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"{out / MANIFEST} cannot be read: {exc}") from None
    if fmt not in FORMATS:
        raise ExportError(f"{out / MANIFEST} names an unknown format {fmt!r}")
    # Each part's bytes, read once and checked against what its sidecar recorded.
    blobs = [_verified_part(out, i, fmt) for i in range(parts)]
    if fmt == "parquet":
        return pa.concat_tables([pq.read_table(pa.BufferReader(b)) for b in blobs]).to_pandas()
    if fmt == "jsonl":
        frames = [pd.read_json(io.BytesIO(b), lines=True, precise_float=True,
                               dtype={"film_id": str, "related_id": str, "title": str, "related_title": str,
                                      "reason": str}) for b in blobs if b]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SCHEMA.names)
    frames = [pd.read_csv(io.BytesIO(b), dtype=str, keep_default_na=False) for b in blobs]
    frame = pd.concat(frames, ignore_index=True)
    frame["rank"] = frame["rank"].astype("int64")
    frame["score"] = frame["score"].astype("float64")
    frame["terms"] = frame["terms"].map(json.loads)
    return frame

