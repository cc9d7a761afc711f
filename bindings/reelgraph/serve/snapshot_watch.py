"""The graph a service answers from, and the watch that switches it when its snapshot file is replaced.

A request takes the current `Served` once and uses it to the end, so a switch
never changes the graph under a request: the old graph lives on until the last
request holding it returns. A new file is loaded beside the old graph and
swapped in with one assignment; a file that fails to load (a copy still being
written in place, a damaged file) leaves the old graph serving and is tried
again when it changes.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .. import _core
from ..graph import FilmGraph

log = logging.getLogger("reelgraph.serve")


@dataclass(frozen=True)
class Served:
    graph: FilmGraph
    path: Path
    checksum: str
    loaded_at: float
    generation: int


def _identity(path: Path) -> tuple | None:
    """What changes when the file is replaced or rewritten: inode, size, modification time."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _checksum(path: Path) -> str:
    value = _core.inspect_snapshot(os.fspath(path))["checksum"]
    return f"{value:016x}" if isinstance(value, int) else str(value)


class SnapshotHolder:
    """Holds the served graph; `watch()` starts a thread that reloads it when the file changes."""

    def __init__(self, path: str | os.PathLike, poll_seconds: float = 1.0):
        self.path = Path(path)
        self.poll_seconds = poll_seconds
        self.reload_errors = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._identity = _identity(self.path)
        self.current = self._load(generation=1)

    def _load(self, generation: int) -> Served:
        # The identity is read before loading: a file replaced during the load
        # differs from it, so the next poll loads again.
        identity = _identity(self.path)
        graph = FilmGraph.load(self.path)
        # Lookup structures built on first use are built now, off the request path.
        getattr(graph, "search_index", None)
        checksum = _checksum(self.path)
        self._identity = identity
        return Served(graph, self.path, checksum, time.time(), generation)

    def reload_if_changed(self) -> bool:
        """Loads the file again if it changed since the last load; True when a new graph is served."""
        with self._lock:
            identity = _identity(self.path)
            if identity is None or identity == self._identity:
                return False
            try:
                served = self._load(self.current.generation + 1)
            except (ValueError, OSError) as exc:  # SnapshotError is a ValueError
                self._identity = identity  # tried; wait for the next change
                self.reload_errors += 1
                self.last_error = str(exc)
                log.warning("reelgraph serve: keeping the graph loaded before: %s", exc)
                return False
            self.current = served  # one assignment: a request sees the old graph or the new, whole
            self.last_error = None
            log.info("reelgraph serve: now serving %s (%d films, checksum %s)", self.path, served.graph.n_films,
                     served.checksum)
            return True

    def watch(self) -> None:
        if self._thread is not None or self.poll_seconds <= 0:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="reelgraph-snapshot-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.reload_if_changed()
            except Exception:  # the watch must outlive any one bad file
                log.exception("reelgraph serve: snapshot watch")

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
