"""What every atheris target's main does: import the libraries uninstrumented,
then reelgraph (and whatever else guides the search) instrumented, and fuzz
`check`. Run from the target's own folder, which `python tests/fuzz/X.py` puts
first on sys.path."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Callable, Sequence

# The libraries first, uninstrumented: coverage of reelgraph's own code is what
# guides the search, and instrumenting pandas costs minutes.
LIBRARIES = ("numpy", "pandas", "pyarrow", "pyarrow.compute", "pyarrow.csv", "pycountry")


def fuzz(check: Callable[[bytes], None], modules: Sequence[str], instrument: Sequence[str] = ("reelgraph",)) -> None:
    import atheris

    for name in LIBRARIES:
        importlib.import_module(name)
    with atheris.instrument_imports(include=list(instrument)):
        for name in modules:
            importlib.import_module(name)
    # pandas and pyarrow warn on some malformed input; a warning is not a finding.
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()
