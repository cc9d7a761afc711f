"""The README's Python example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_python_examples_run(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has no Python example"
    monkeypatch.chdir(tmp_path)  # an example may write files
    for block in blocks:
        namespace = {}
        exec(compile(block, str(README), "exec"), namespace)
        if "seed_world" in block:
            assert namespace["g"].n_films == 14
        if "synthetic.generate" in block:
            assert namespace["graph"].n_films == 2000
            assert (tmp_path / "imdb" / "title.principals.tsv").is_file()
