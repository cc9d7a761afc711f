"""Where datasets are: the embedded ones shipped in the package, and the real
public film data a user points to with REELGRAPH_DATA."""

from __future__ import annotations

import os
from pathlib import Path

EMBEDDED = ("seed-world",)


def dataset_path(name: str) -> Path:
    """The folder of an embedded dataset (shipped inside the installed package).

    Parameters
    ----------
    name : str
        ``"seed-world"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    KeyError
        No embedded dataset of that name.
    """
    if name not in EMBEDDED:
        raise KeyError(f"no embedded dataset '{name}' (there is: {', '.join(EMBEDDED)})")
    here = Path(__file__).resolve().parent
    for root in (here / "datasets", here.parent.parent / "datasets"):  # installed, then source tree
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"embedded dataset '{name}' is missing from {here / 'datasets'}: reinstall reelgraph")


def data_root(explicit: str | os.PathLike | None = None) -> Path | None:
    """The real film data folder.

    Parameters
    ----------
    explicit : str or os.PathLike, optional
        A folder to use instead of ``$REELGRAPH_DATA``.

    Returns
    -------
    pathlib.Path or None
        `explicit`, else ``$REELGRAPH_DATA``; None when neither is set or the
        folder does not exist.
    """
    value = explicit if explicit is not None else os.environ.get("REELGRAPH_DATA")
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_dir() else None


def example_graph(*, verbose: bool = True):
    """The graph the notebooks and examples use, chosen by the environment.

    The embedded seed world, unless ``$REELGRAPH_DATA`` names the folder of
    the shared public film data: then the snapshot ``$REELGRAPH_SNAPSHOT``
    names, when that file exists, or else the graph built from
    ``datasets/manifests/shared-data.toml`` (15-45 s; write a snapshot once
    with ``reelgraph build datasets/manifests/shared-data.toml -o shared.rg
    --lenient`` and point ``REELGRAPH_SNAPSHOT`` at it).

    Parameters
    ----------
    verbose : bool, default True
        Print the import report's summary when the graph is built.

    Returns
    -------
    FilmGraph
    """
    from .graph import FilmGraph

    if data_root() is None:
        return FilmGraph.seed_world()
    snapshot = os.environ.get("REELGRAPH_SNAPSHOT")
    if snapshot and Path(snapshot).is_file():
        return FilmGraph.load(snapshot)
    from .importers import build

    here = Path(__file__).resolve().parent
    for root in (here / "datasets", here.parent.parent / "datasets"):  # installed, then source tree
        manifest = root / "manifests" / "shared-data.toml"
        if manifest.is_file():
            break
    else:
        raise FileNotFoundError(f"the shared-data manifest is missing from {here / 'datasets'}: reinstall reelgraph")
    graph, report = build(manifest, on_error="skip")
    if verbose:
        print(report.summary(max_rejected=0))
    return graph
