import textwrap
from pathlib import Path

import pytest

import reelgraph


@pytest.fixture(scope="session")
def seed():
    return reelgraph.FilmGraph.seed_world()


@pytest.fixture
def write(tmp_path):
    """write("name.csv", text) -> path, with the text dedented."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
