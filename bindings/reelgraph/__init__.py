"""reelgraph: related films from a typed graph of who made them, where they
screened and what they share, each with its reasons.

>>> import reelgraph
>>> g = reelgraph.FilmGraph.seed_world()
>>> g.see_also("Comrade Kim Goes Flying", k=5)          # doctest: +SKIP
"""

from . import _core
from .collab import AmbiguousNodeError, CocreditNetwork, Collaborations, NodeNotFoundError
from .datasets import data_root, dataset_path
from .export import ExportError, ExportSummary, export, read_export
from .graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError, SnapshotError
from .tables import InputError, LoadReport, TableReport

# A request refused before allocating because it would not fit in memory (a MemoryError).
ResourceError = _core.ResourceError

__version__ = _core.__version__

def load(path) -> FilmGraph:
    """Read a snapshot file written by FilmGraph.save."""
    return FilmGraph.load(path)


__all__ = [
    "AmbiguousFilmError",
    "AmbiguousNodeError",
    "CocreditNetwork",
    "Collaborations",
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
