"""The installed package: one version, stubs that match the module, datasets inside."""

import ast
import importlib.metadata
from pathlib import Path

import reelgraph
from reelgraph import _core


def test_one_version_everywhere():
    assert reelgraph.__version__ == importlib.metadata.version("reelgraph")
    cmake = (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()
    assert f"project(reelgraph VERSION {reelgraph.__version__}" in cmake


def test_stubs_name_what_the_module_has():
    stub = ast.parse((Path(reelgraph.__file__).parent / "_core.pyi").read_text())
    stubbed = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    stubbed |= {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign) and not n.target.id.startswith("_")}
    public = {n for n in dir(_core) if not n.startswith("_")}
    assert stubbed == public
    for cls in ("GraphBuilder", "FilmGraph"):
        node = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == cls)
        methods = {m.name for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")}
        assert methods == {n for n in dir(getattr(_core, cls)) if not n.startswith("_")}


def test_embedded_dataset_is_installed_with_the_package():
    path = reelgraph.dataset_path("seed-world")
    assert Path(reelgraph.__file__).parent in path.parents
    assert {p.name for p in path.iterdir()} >= {"films.csv", "links.csv", "aliases.csv", "README.md"}
