"""The Python fuzz targets' seeds and every committed finding, replayed on each run.

tests/fuzz/run fuzzes, under atheris, the table reader (fuzz_tables.py), every
importer kind (fuzz_importers.py) and the `reelgraph build` manifest
(fuzz_manifest.py); what each checks for one input is its `check`, and this
test runs that same check over tests/fuzz/corpus/<target> and
tests/fuzz/regressions/<target>, so a fixed crash stays fixed without
atheris installed.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
TARGETS = ("tables", "importers", "manifest")


@cache
def _harness(target: str):
    spec = importlib.util.spec_from_file_location(f"fuzz_{target}", FUZZ / f"fuzz_{target}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs(target: str) -> list[Path]:
    return sorted(p for kind in ("corpus", "regressions") for p in (FUZZ / kind / target).glob("*") if p.is_file())


INPUTS = [(t, p) for t in TARGETS for p in _inputs(t)]


@pytest.mark.parametrize("target", TARGETS)
def test_there_are_inputs_to_replay(target: str):
    assert len(_inputs(target)) >= 5


@pytest.mark.parametrize("target, path", INPUTS, ids=lambda v: v if isinstance(v, str) else f"{v.parent.parent.name}/{v.name}")
def test_replay(target: str, path: Path):
    _harness(target).check(path.read_bytes())
