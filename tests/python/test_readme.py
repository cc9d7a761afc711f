"""The README's Python example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example saves a snapshot in the current folder
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has no Python example"
    for block in blocks:
        namespace = {}
        exec(compile(block, str(README), "exec"), namespace)
        assert namespace["g"].n_films == 14
