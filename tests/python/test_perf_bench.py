"""benchmarks/perf/run.py runs at a tiny size and prints every section: a figure or a reason it was skipped."""

import json
import re
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "perf" / "run.py"

SECTIONS = ["one film's top-20", "Personalized PageRank top-20", "every film's top-20", "memory per film-entity edge",
            "snapshot load", "IMDb TSV ingestion"]


def test_every_section_prints_figures_or_a_reason(tmp_path):
    out = tmp_path / "perf.json"
    done = subprocess.run(
        [sys.executable, str(RUN), "--films", "2000", "--repeats", "1", "--queries", "20", "--peer-queries", "3",
         "--ppr-queries", "1", "--scipy-budget", "5", "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert re.search(r"machine: .+, \d+ cores", text)
    assert re.search(r"== 2,000 films: [\d,]+ vertices, [\d,]+ film-entity edges", text)
    blocks = re.split(r"\n\[", text.split("\nResults", 1)[1])[1:]
    titles = [b.split("]", 1)[0] for b in blocks]
    for section in SECTIONS:
        matching = [b for t, b in zip(titles, blocks) if t.startswith(section)]
        assert matching, f"section {section!r} missing from:\n{text}"
        rows = [line for line in matching[0].splitlines()[1:] if line.strip()]
        assert rows, section
        for line in rows:
            assert re.search(r"\d+(\.\d+)? (ms|s|B/edge|MB/s|core-s)|skipped: \S", line), line
    # reelgraph's own figures that need nothing unbuilt are always there
    assert re.search(r"reelgraph see_also_arrays \(20 films\)\s+p50 [\d.]+ ms, p99 [\d.]+ ms", text)
    assert re.search(r"reelgraph structure_bytes .+ [\d.]+ B/edge", text)
    data = json.loads(out.read_text())
    assert data["sizes"][0]["films"] == 2000 and len(data["sizes"][0]["topk_reelgraph"]) == 20
    assert {r["section"].split(",")[0] for r in data["rows"]} >= {"one film's top-20", "snapshot load"}


def test_scipy_product_scores_what_see_also_scores(tmp_path):
    """The batch peer computes reelgraph's default score: a row of A @ A.T holds see_also's scores."""
    import importlib.util

    import numpy as np
    import pytest

    pytest.importorskip("scipy")
    import reelgraph
    from reelgraph import synthetic

    spec = importlib.util.spec_from_file_location("perf_run", RUN)
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    tables = synthetic.generate(films=1500, seed=3)
    graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)
    edges = run.export_edges(graph, tmp_path / "edges.npz")
    a, _ = run.weighted_matrix(edges)
    product = (a @ a.T).tocsr()
    checked = 0
    for film in range(0, graph.n_films, 50):
        # no hubs: every sharing film is a candidate; the product has no popularity exponent nor role factor
        got = graph.see_also_arrays(film, 10, hub_degree=10**6, evidence_degree=10**6, popularity_beta=0.0,
                                    cross_role=1.0)
        row = product.getrow(film).toarray().ravel()
        for related, score in zip(got["films"], got["scores"]):
            assert row[related] == pytest.approx(score, rel=1e-9), (film, related)
            checked += 1
        row[film] = 0
        if len(got["films"]) == 10:  # the 10th score is the 10th largest of the row
            assert np.sort(row)[-10] == pytest.approx(got["scores"][-1], rel=1e-9)
    assert checked > 200


def test_only_runs_the_sections_asked_for():
    done = subprocess.run(
        [sys.executable, str(RUN), "--films", "1000", "--repeats", "1", "--queries", "5", "--only", "snapshot"],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    results = done.stdout.split("\nResults", 1)[1]
    assert "[snapshot load]" in results
    for section in SECTIONS:
        if section != "snapshot load":
            assert f"[{section}" not in results, section
    assert "running igraph" not in done.stdout  # peers only for the sections that compare with them
