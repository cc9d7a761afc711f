"""reelgraph: related films from a typed graph of who made them, where they
screened and what they share, each with its reasons.

>>> import reelgraph
>>> g = reelgraph.FilmGraph.seed_world()
>>> g.see_also("Comrade Kim Goes Flying", k=5)          # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import types
from typing import TYPE_CHECKING

from . import _core

# A request refused before allocating because it would not fit in memory (a MemoryError).
ResourceError = _core.ResourceError

__version__ = _core.__version__

# The public names and the module each lives in. They are imported on first
# use, not here: pandas and pyarrow take about a second to import, which a
# `reelgraph --version`, a worker process or a notebook's first cell need not
# pay before it asks for something that uses them.
_LAZY = {
    "AmbiguousNodeError": "collab", "CocreditNetwork": "collab", "NodeNotFoundError": "collab",
    "data_root": "datasets", "dataset_path": "datasets",
    "ExportError": "export", "ExportSummary": "export", "export": "export", "read_export": "export",
    "AmbiguousFilmError": "graph", "FilmGraph": "graph", "FilmNotFoundError": "graph", "SnapshotError": "graph",
    "InputError": "tables", "LoadReport": "tables", "TableReport": "tables",
}
_SUBMODULES = {"collab", "datasets", "evaluate", "explain", "export", "graph", "importers", "plot", "synthetic",
               "tables", "cli"}

if TYPE_CHECKING:  # what IDEs and type checkers see: the names, as if imported here
    from .collab import AmbiguousNodeError, CocreditNetwork, NodeNotFoundError
    from .datasets import data_root, dataset_path
    from .export import ExportError, ExportSummary, export, read_export
    from .graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError, SnapshotError
    from .tables import InputError, LoadReport, TableReport


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'reelgraph' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """The package's module type: importing the submodule ``reelgraph.export``
    must not replace the function ``reelgraph.export`` (Python binds a
    submodule to its package's attribute of the same name when it is first
    imported, whoever imports it)."""

    def __setattr__(self, name: str, value) -> None:
        if name == "export" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _Package


def load(path) -> "FilmGraph":
    """Read a snapshot file written by :meth:`FilmGraph.save`.

    Parameters
    ----------
    path : str or os.PathLike
        The snapshot file (``.rg``).

    Returns
    -------
    FilmGraph
    """
    from .graph import FilmGraph

    return FilmGraph.load(path)


__all__ = [
    "AmbiguousFilmError",
    "AmbiguousNodeError",
    "CocreditNetwork",
    "ExportError",
    "ExportSummary",
    "FilmGraph",
    "FilmNotFoundError",
    "InputError",
    "LoadReport",
    "NodeNotFoundError",
    "ResourceError",
    "SnapshotError",
    "TableReport",
    "data_root",
    "dataset_path",
    "export",
    "load",
    "read_export",
    "__version__",
]
