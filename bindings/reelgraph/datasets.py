"""Where datasets are: the embedded ones shipped in the package, and the real
public film data a user points to with REELGRAPH_DATA."""

from __future__ import annotations

import os
from pathlib import Path

EMBEDDED = ("seed-world",)


def dataset_path(name: str) -> Path:
    """The folder of an embedded dataset (shipped inside the installed package)."""
    if name not in EMBEDDED:
        raise KeyError(f"no embedded dataset '{name}' (there is: {', '.join(EMBEDDED)})")
    here = Path(__file__).resolve().parent
    for root in (here / "datasets", here.parent.parent / "datasets"):  # installed, then source tree
        if (root / name).is_dir():
            return root / name
    raise FileNotFoundError(f"embedded dataset '{name}' is missing from {here / 'datasets'}: reinstall reelgraph")


def data_root(explicit: str | os.PathLike | None = None) -> Path | None:
    """The real film data folder: `explicit`, else $REELGRAPH_DATA; None when neither is set or present."""
    value = explicit if explicit is not None else os.environ.get("REELGRAPH_DATA")
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_dir() else None
