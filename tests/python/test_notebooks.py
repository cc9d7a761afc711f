"""Every notebook runs top to bottom without an error cell; its figures are
saved as PNG under build/figures/ (to be looked at)."""

import base64
import os
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIGURES = ROOT / "build" / "figures"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"), "commit notebooks without outputs"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # A notebook that plots must show its figures as images.
    if any("matplotlib" in c.source for c in notebook.cells if c.cell_type == "code"):
        images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                  if "image/png" in o.get("data", {})]
        assert images, "the notebook plots but shows no image"
        # Named by notebook, data and order: 03_collaborations-seed-2.png.
        data = "shared" if os.environ.get("REELGRAPH_DATA") else "seed"
        FIGURES.mkdir(parents=True, exist_ok=True)
        for old in FIGURES.glob(f"{path.stem}-{data}-*.png"):
            old.unlink()
        for n, image in enumerate(images, start=1):
            (FIGURES / f"{path.stem}-{data}-{n}.png").write_bytes(base64.b64decode(image["data"]["image/png"]))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"
