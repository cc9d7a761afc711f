"""reelgraph: related films from a typed graph of who made them, where they
screened and what they share, each with its reasons.

>>> import reelgraph
>>> g = reelgraph.FilmGraph.seed_world()
>>> g.see_also("Comrade Kim Goes Flying", k=5)          # doctest: +SKIP
"""

from . import _core
from .datasets import data_root, dataset_path
from .graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError
from .tables import InputError, LoadReport, TableReport

__version__ = _core.__version__

__all__ = [
    "AmbiguousFilmError",
    "FilmGraph",
    "FilmNotFoundError",
    "InputError",
    "LoadReport",
    "TableReport",
    "data_root",
    "dataset_path",
    "__version__",
]
