"""The table reader's fuzz seeds and every committed finding, replayed on each run.

tests/fuzz/run fuzzes FilmGraph.from_tables under atheris; what it checks for
one input lives in tests/fuzz/fuzz_tables.py (`check`), and this test runs
that same check over tests/fuzz/corpus/tables and tests/fuzz/regressions/tables,
so a fixed crash stays fixed without atheris installed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


def _harness():
    spec = importlib.util.spec_from_file_location("fuzz_tables", FUZZ / "fuzz_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INPUTS = sorted(p for kind in ("corpus", "regressions") for p in (FUZZ / kind / "tables").glob("*") if p.is_file())


def test_there_are_inputs_to_replay():
    assert len(INPUTS) >= 5


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_replay(path: Path):
    _harness().check(path.read_bytes())
