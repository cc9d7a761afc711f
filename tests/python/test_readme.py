"""The README's and the documentation's Python examples run as written, and
the README stays a short entry page whose links lead somewhere."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page, tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    if page == README:
        assert blocks, "the README has no Python example"
    monkeypatch.chdir(tmp_path)  # an example may write files
    for block in blocks:
        namespace = {}
        exec(compile(block, str(page), "exec"), namespace)
        if "seed_world" in block and "g" in namespace:
            assert namespace["g"].n_films == 14
        if "synthetic.generate" in block:
            assert namespace["graph"].n_films == 2000
            assert (tmp_path / "imdb" / "title.principals.tsv").is_file()


def test_readme_is_an_entry_page():
    text = README.read_text()
    assert len(text.splitlines()) <= 400
    # the two commands of a fresh machine, as they are
    assert 'bash .ci/setup && .venv/bin/reelgraph see-also "Comrade Kim Goes Flying"' in text
    assert "\nbash .ci/test\n" in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if "://" not in target:
            assert (ROOT / target).is_file(), f"README links to {target}, which does not exist"
