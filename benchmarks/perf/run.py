"""reelgraph against peer graph libraries on one synthetic film graph.

    python benchmarks/perf/run.py --films 100000 [--films 1000000] [--repeats 3] [--json out.json]

For each size: generates one catalogue with reelgraph.synthetic (fixed seed),
builds reelgraph's graph from it, exports that graph's film-entity links once
(edges.npz) and hands the same edges to every peer. Peers run in fresh
processes of their own (benchmarks/perf/peer.py): igraph and NetworkX under
this Python, graph-tool under Debian's /usr/bin/python3 (it is not on PyPI;
benchmarks/perf/setup installs it). A missing peer or a reelgraph feature not
built yet prints "skipped: <why>" in its row.

Sections: one film's top-20; Personalized PageRank from one film; every
film's top-20 (reelgraph's batch against scipy A @ A.T on two processes);
memory per edge; snapshot load time; IMDb TSV ingestion. Latencies are, per
query film, the median of --repeats runs; p50 and p99 are over the query films,
the same films for every library (peers time the first of them: see the
counts printed). Ratios are peer time / reelgraph time on the same films.
Targets are those stated for 1M films (about 11M edges), one core unless said.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import inspect
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

import reelgraph
from reelgraph import _core, synthetic

HERE = Path(__file__).resolve().parent
DEBIAN_PYTHON = "/usr/bin/python3"
K = 20
SECTIONS = ["topk", "ppr", "batch", "memory", "snapshot", "imdb"]

TARGETS = {
    "topk_p50_ms": 0.1, "topk_p99_ms": 1.0, "topk_vs_graph_tool": 100.0, "ppr_p50_ms": 0.5,
    "batch_core_s": 60.0, "bytes_per_edge": 12.0, "snapshot_load_s": 1.0, "imdb_mb_s": 50.0,
}


# ------------------------------------------------------------------ helpers

def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version(),
            "reelgraph": reelgraph.__version__, "numpy": np.__version__, "pyarrow": pa.__version__}


def ms(seconds: float) -> str:
    v = seconds * 1e3
    return f"{v:.3f} ms" if v < 10 else f"{v:.1f} ms" if v < 1000 else f"{seconds:.2f} s"


def pct(samples, q) -> float:
    return float(np.percentile(np.asarray(samples), q)) if len(samples) else float("nan")


def timed(fn, queries, repeats: int) -> list[float]:
    """Per query, the median of `repeats` latencies, in seconds."""
    out = []
    for q in queries:
        runs = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn(int(q))
            runs.append(time.perf_counter() - t)
        out.append(float(np.median(runs)))
    return out


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Report:
    """Rows of the printed table: section, what, figure, ratio to reelgraph, target."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, section: str, what: str, figure: str, ratio: str = "", target: str = "", **data) -> None:
        self.rows.append({"section": section, "what": what, "figure": figure, "ratio": ratio, "target": target,
                          **data})

    def skip(self, section: str, what: str, why: str) -> None:
        self.add(section, what, f"skipped: {why}", skipped=why)

    def print(self, title: str) -> None:
        print(f"\n{title}")
        w_what = max(len(r["what"]) for r in self.rows) + 2
        w_fig = max(len(r["figure"]) for r in self.rows if not r.get("skipped")) + 2
        section = None
        for r in self.rows:
            if r["section"] != section:
                section = r["section"]
                print(f"\n[{section}]")
            if r.get("skipped"):
                print(f"  {r['what']:<{w_what}}{r['figure']}")
                continue
            print(f"  {r['what']:<{w_what}}{r['figure']:<{w_fig}}{r['ratio']:<12}{r['target']}")


def verdict(value: float, target: float, smaller_is_better: bool = True) -> str:
    ok = value <= target if smaller_is_better else value >= target
    if ok:
        return "met"
    factor = value / target if smaller_is_better else target / value
    return f"MISSED ({factor:.1f}x off)"


# ------------------------------------------------------------------ the graph

def export_edges(graph: reelgraph.FilmGraph, path: Path) -> dict:
    """Every film-entity link of the built graph, once, as arrays (what every peer reads)."""
    core = graph.core
    n = graph.n_films
    targets, relations, counts = [], [], np.zeros(n, dtype=np.int64)
    for v in range(n):
        t, r = core.links(v)
        targets.append(t)
        relations.append(r)
        counts[v] = len(t)
    entity = np.concatenate(targets).astype(np.int32)
    relation = np.concatenate(relations).astype(np.uint8)
    film = np.repeat(np.arange(n, dtype=np.int32), counts)
    np.savez(path, film=film, entity=entity, relation=relation, n_films=n, n_vertices=core.vertex_count)
    return {"film": film, "entity": entity, "relation": relation, "n_films": n, "n_vertices": core.vertex_count}


def run_peer(peer: str, python: str, graph_path: Path, work: Path, queries_path: Path, topk: int, ppr: int,
             repeats: int, budget: float) -> dict:
    out = work / f"{peer}.json"
    cmd = [python, str(HERE / "peer.py"), "--peer", peer, "--graph", str(graph_path), "--out", str(out),
           "--queries", str(queries_path), "--topk-queries", str(topk), "--ppr-queries", str(ppr),
           "--repeats", str(repeats), "--k", str(K), "--budget", str(budget)]
    # one core, as reelgraph's queries: graph-tool's OpenMP would otherwise spin on a busy machine
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"{peer} failed: {last}")
    return json.loads(out.read_text())


def peer_available(peer: str) -> tuple[str | None, str]:
    """The Python to run a peer with, or None and why not."""
    module = {"igraph": "igraph", "networkx": "networkx", "graph-tool": "graph_tool"}[peer]
    if peer == "graph-tool":
        if not Path(DEBIAN_PYTHON).exists():
            return None, f"{DEBIAN_PYTHON} not found (graph-tool runs under Debian's Python)"
        check = subprocess.run([DEBIAN_PYTHON, "-c", "import graph_tool"], capture_output=True)
        if check.returncode != 0:
            return None, "graph-tool not installed (bash benchmarks/perf/setup installs python3-graph-tool)"
        return DEBIAN_PYTHON, ""
    try:
        __import__(module)
    except ImportError:
        return None, f"{module} not installed (pip install '.[bench]')"
    return sys.executable, ""


# ------------------------------------------------------------------ scipy, every film's top-k

_A = None  # the films x entities matrix, shared with the worker processes by fork
_AT = None


def default_scoring() -> tuple[str, str]:
    """The hub weighting and normalisation reelgraph's see_also uses by default."""
    params = inspect.signature(reelgraph.FilmGraph.see_also_arrays).parameters
    return params["hub_weighting"].default, params["normalization"].default


def weighted_matrix(edges: dict):
    """Films x entities, entry w(relation)·sqrt(h(entity)), so that A @ A.T is reelgraph's default score for
    every pair: h is the default hub weighting (1 for "none"; 1/ln(1+films of the entity) for "adamic_adar";
    ln(1 + films / films of the entity) for "idf"), and rows are scaled to unit norm when the default
    normalisation is "cosine". The score is that of see_also before its popularity exponent and role factor
    (popularity_beta=0, cross_role=1): the same sparse work, one division and one mask test fewer."""
    import scipy.sparse as sp

    hub_weighting, normalization = default_scoring()
    if hub_weighting not in ("none", "adamic_adar", "idf") or normalization not in ("none", "cosine"):
        raise RuntimeError(f"no scipy formula for hub_weighting={hub_weighting}, normalization={normalization}")
    weights = _core.default_weights()
    by_code = np.array([weights.get(r, 0.0) for r in _core.relations()], dtype=np.float64)
    film, entity = edges["film"].astype(np.int64), edges["entity"].astype(np.int64)
    w = by_code[edges["relation"]]
    keep = w > 0
    film, entity, w = film[keep], entity[keep], w[keep]
    # a film linked to one entity in several roles counts the largest weight
    order = np.lexsort((-w, entity, film))
    film, entity, w = film[order], entity[order], w[order]
    first = np.ones(len(film), dtype=bool)
    first[1:] = (film[1:] != film[:-1]) | (entity[1:] != entity[:-1])
    film, entity, w = film[first], entity[first], w[first]
    columns, col = np.unique(entity, return_inverse=True)
    degree = np.bincount(col)
    if hub_weighting == "adamic_adar":
        h = 1.0 / np.log1p(degree)
    elif hub_weighting == "idf":
        h = np.log1p(edges["n_films"] / np.maximum(degree, 1))
    else:
        h = np.ones(len(degree))
    values = w * np.sqrt(h[col])
    a = sp.csr_matrix((values, (film, col)), shape=(edges["n_films"], len(columns)))
    if normalization == "cosine":
        norms = np.sqrt(np.asarray(a.multiply(a).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        a = sp.diags(1.0 / norms) @ a
    # per film, an upper bound of the non-zeros of its row of A @ A.T: the films of its entities
    row_work = np.bincount(film, weights=degree[col], minlength=edges["n_films"])
    return a.tocsr(), row_work


def _scipy_chunks(chunks: list[tuple[int, int]], budget_s: float) -> tuple[float, int, list]:
    """One worker: top-k of each row of the chunks, until the time budget is spent."""
    start = time.process_time()
    done, kept = [], []
    for lo, hi in chunks:
        s = (_A[lo:hi] @ _AT).tocsr()
        for i in range(hi - lo):
            a, b = s.indptr[i], s.indptr[i + 1]
            cols, vals = s.indices[a:b], s.data[a:b].copy()
            vals[cols == lo + i] = -np.inf
            if len(vals) > K:
                best = np.argpartition(-vals, K)[:K]
                kept.append(cols[best[np.argsort(-vals[best])]])
            else:
                kept.append(cols[np.argsort(-vals)][:K])
        done.append((lo, hi))
        if time.process_time() - start > budget_s:
            break
    return time.process_time() - start, len(done), done


def scipy_all_topk(edges: dict, workers: int, budget_s: float, max_nnz: float, seed: int) -> dict:
    """Every film's top-k by sparse A @ A.T in row chunks on `workers` processes.

    Rows are cut into chunks whose product has at most `max_nnz` non-zeros
    (bounded by the films of each row's entities), so memory stays bounded.
    Chunks are taken in a random order; a worker stops when its CPU time passes
    `budget_s`, and the whole is then extrapolated from the work done (measured
    by that bound).
    """
    global _A, _AT
    _A, row_work = weighted_matrix(edges)
    _AT = _A.T.tocsc()
    ends = np.cumsum(row_work)
    chunks, lo = [], 0
    while lo < len(row_work):
        base = ends[lo - 1] if lo else 0.0
        hi = max(lo + 1, int(np.searchsorted(ends, base + max_nnz, side="right")))
        chunks.append((lo, min(hi, len(row_work))))
        lo = hi
    order = np.random.default_rng(seed).permutation(len(chunks))
    shares = [[chunks[i] for i in order[w::workers]] for w in range(workers)]
    t = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=__import__("multiprocessing").get_context("fork")) as pool:
        results = list(pool.map(_scipy_chunks, shares, [budget_s] * workers))
    wall = time.perf_counter() - t
    cpu = sum(r[0] for r in results)
    done = [c for r in results for c in r[2]]
    work_done = sum(float(row_work[a:b].sum()) for a, b in done)
    fraction = work_done / float(row_work.sum()) if row_work.sum() else 1.0
    _A = _AT = None
    return {"wall_s": wall / fraction, "core_s": cpu / fraction, "fraction": fraction, "chunks": len(chunks),
            "rows_per_chunk": len(row_work) / len(chunks), "max_nnz": max_nnz}


# ------------------------------------------------------------------ reelgraph features that may not be built yet

def ppr_call(graph):
    """reelgraph's Personalized PageRank (push) top-k from one film, at eps 1e-5, if built."""
    params = inspect.signature(graph.see_also_arrays).parameters
    if "method" in params:
        extra = {name: 1e-5 for name in ("eps", "epsilon", "ppr_epsilon") if name in params}

        def run(q):
            return graph.see_also_arrays(q, K, method="ppr", **extra)
        note = "see_also_arrays(method='ppr')" + ("" if extra else ", its default tolerance")
    else:
        # the core may have the method before the Python wrapper does
        def run(q):
            return _core.see_also(graph.core, q, K, method="ppr", ppr_epsilon=1e-5)
        note = "_core.see_also(method='ppr', ppr_epsilon=1e-5)"
    try:
        run(0)
    except Exception as exc:  # no such method or option yet
        return None, f"no method='ppr' in see_also ({type(exc).__name__}: {str(exc)[:80]})"
    return run, note


def batch_call(graph):
    """reelgraph's every-film top-k on a given number of threads, as arrays (no strings), if built."""
    fn = getattr(graph, "see_also_all", None)
    if fn is None:
        return None, "FilmGraph.see_also_all not built yet"
    params = inspect.signature(fn).parameters
    extra = {name: value for name, value in (("progress", False), ("arrays", True)) if name in params}
    if "threads" not in params:
        return None, "FilmGraph.see_also_all has no threads= option"

    def run(threads: int):
        return fn(k=K, threads=threads, **extra)
    return run, "FilmGraph.see_also_all" + ("(arrays=True)" if "arrays" in extra else "")


def imdb_importers() -> tuple[list, str]:
    """reelgraph's readers of a folder of IMDb TSV files that are built: [(callable, what)], and why none."""
    found = []
    if hasattr(reelgraph.FilmGraph, "from_imdb"):
        found.append((lambda folder: reelgraph.FilmGraph.from_imdb(folder, progress=False)
                      if "progress" in inspect.signature(reelgraph.FilmGraph.from_imdb).parameters
                      else reelgraph.FilmGraph.from_imdb(folder), "FilmGraph.from_imdb (native reader, to a graph)"))
    try:
        from reelgraph.importers import imdb
    except ImportError:
        imdb = None
    if imdb is not None and hasattr(imdb, "load"):
        def run(folder: Path):
            entry = {}
            for key, name in (("title_basics", "title.basics.tsv"), ("title_principals", "title.principals.tsv"),
                              ("title_crew", "title.crew.tsv"), ("name_basics", "name.basics.tsv")):
                entry[key], entry[f"{key}_label"] = folder / name, name
            return imdb.load(entry, "raise")
        found.append((run, "reelgraph.importers.imdb.load (to tables)"))
    return found, "" if found else "no IMDb reader built yet (FilmGraph.from_imdb, reelgraph.importers.imdb)"


# ------------------------------------------------------------------ one size

def bench(n_films: int, args, report: Report, work: Path) -> dict:
    facts: dict = {"films": n_films}
    t = time.perf_counter()
    tables = synthetic.generate(films=n_films, seed=args.seed)
    facts["generate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)
    facts["build_s"] = time.perf_counter() - t
    info = graph.info()
    graph_path = work / "edges.npz"
    edges = export_edges(graph, graph_path)
    n_edges = len(edges["film"])
    facts.update(links_rows=tables.links.num_rows, vertices=info["vertices"], edges=n_edges, graph_links=info["links"])
    print(f"\n== {n_films:,} films: {info['vertices']:,} vertices, {n_edges:,} film-entity edges "
          f"({n_edges / n_films:.1f} a film; {tables.links.num_rows:,} link rows); generated in "
          f"{facts['generate_s']:.1f} s, built from tables in {facts['build_s']:.1f} s", flush=True)

    rng = np.random.default_rng(args.seed + 1)
    queries = rng.choice(n_films, size=min(args.queries, n_films), replace=False).astype(np.int64)
    queries_path = work / "queries.npy"
    np.save(queries_path, queries)
    n_peer = min(len(queries), args.peer_queries)
    n_ppr = min(len(queries), args.ppr_queries)
    big = n_films > args.networkx_max

    peers: dict[str, dict] = {}
    for peer in ("graph-tool", "igraph", "networkx"):
        python, why = peer_available(peer)
        if args.no_peers or not {"topk", "ppr", "memory"} & args.only:
            peers[peer] = {"skipped": "not asked for (--no-peers, --only)"}
            continue
        if python is None:
            peers[peer] = {"skipped": why}
            continue
        if peer == "networkx" and big:
            peers[peer] = {"skipped": f"only up to {args.networkx_max:,} films (--networkx-max): too slow beyond"}
            continue
        print(f"   running {peer} ...", flush=True)
        try:
            peers[peer] = run_peer(peer, python, graph_path, work, queries_path, n_peer, n_ppr, args.repeats,
                                   args.peer_budget)
        except RuntimeError as exc:
            peers[peer] = {"skipped": str(exc)}
    facts["peers"] = peers

    # --- one film's top-20
    if "topk" in args.only:
        sec = f"one film's top-{K}, {n_films:,} films"
        ours = timed(lambda q: graph.see_also_arrays(q, K), queries, args.repeats)
        facts["topk_reelgraph"] = ours
        p50, p99 = pct(ours, 50), pct(ours, 99)
        report.add(sec, f"reelgraph see_also_arrays ({len(queries)} films)", f"p50 {ms(p50)}, p99 {ms(p99)}", "",
                   f"p50 <= {TARGETS['topk_p50_ms']} ms: {verdict(p50 * 1e3, TARGETS['topk_p50_ms'])}; "
                   f"p99 <= {TARGETS['topk_p99_ms']} ms: {verdict(p99 * 1e3, TARGETS['topk_p99_ms'])}")
        ours_peer = np.median(ours[:n_peer]) if n_peer else float("nan")
        for peer in ("graph-tool", "igraph", "networkx"):
            res = peers[peer]
            if "skipped" in res:
                report.skip(sec, peer, res["skipped"])
                continue
            for name, lat in res["topk"].items():
                ratio = np.median(lat) / ours_peer
                target = ""
                if peer == "graph-tool" and "inv-log" in name:
                    target = f">= {TARGETS['topk_vs_graph_tool']:.0f}x: {verdict(ratio, TARGETS['topk_vs_graph_tool'], False)}"
                report.add(sec, f"{peer} {res['version']} {name} ({len(lat)} films)",
                           f"p50 {ms(pct(lat, 50))}, p99 {ms(pct(lat, 99))}", f"{ratio:,.0f}x", target)

    # --- Personalized PageRank
    if "ppr" in args.only:
        sec = f"Personalized PageRank top-{K} from one film, {n_films:,} films"
        run, note = ppr_call(graph)
        ours_ppr = None
        if run is None:
            report.skip(sec, "reelgraph method='ppr'", note)
        else:
            ours_ppr = timed(run, queries, args.repeats)
            facts["ppr_reelgraph"] = ours_ppr
            p50 = pct(ours_ppr, 50)
            report.add(sec, f"reelgraph {note} ({len(queries)} films)",
                       f"p50 {ms(p50)}, p99 {ms(pct(ours_ppr, 99))}", "",
                       f"p50 <= {TARGETS['ppr_p50_ms']} ms: {verdict(p50 * 1e3, TARGETS['ppr_p50_ms'])}")
        for peer in ("graph-tool", "igraph", "networkx"):
            res = peers[peer]
            if "skipped" in res:
                report.skip(sec, peer, res["skipped"])
                continue
            for name, lat in res["ppr"].items():
                ratio = f"{np.median(lat) / np.median(ours_ppr[:len(lat)]):,.0f}x" if ours_ppr else ""
                report.add(sec, f"{peer} {res['version']} {name} ({len(lat)} films, damping 0.85)",
                           f"p50 {ms(pct(lat, 50))}, p99 {ms(pct(lat, 99))}", ratio)

    # --- every film's top-20
    if "batch" in args.only:
        sec = f"every film's top-{K}, {n_films:,} films"
        run, note = batch_call(graph)
        ours_batch = None
        if run is None:
            report.skip(sec, "reelgraph batch", note)
        else:
            facts["batch_reelgraph"] = {}
            for threads in (1, 2):
                walls, cpus = [], []
                for _ in range(args.batch_repeats):
                    c, t = time.process_time(), time.perf_counter()
                    out = run(threads)
                    walls.append(time.perf_counter() - t)
                    cpus.append(time.process_time() - c)
                    del out
                facts["batch_reelgraph"][threads] = {"wall_s": walls, "core_s": cpus}
                wall, core = float(np.median(walls)), float(np.median(cpus))
                if threads == 1:
                    target = f"<= {TARGETS['batch_core_s']:.0f} core-s at 1M: {verdict(core, TARGETS['batch_core_s'])}"
                else:
                    ours_batch = wall
                    target = ""
                report.add(sec, f"reelgraph {note}, {threads} thread{'s' if threads > 1 else ''}",
                           f"{wall:.1f} s wall, {core:.1f} core-s", "", target)
        try:
            import scipy
        except ImportError:
            report.skip(sec, "scipy A @ A.T", "scipy not installed (pip install '.[bench]')")
        else:
            print("   running scipy A @ A.T ...", flush=True)
            res = scipy_all_topk(edges, 2, args.scipy_budget, args.scipy_max_nnz, args.seed)
            facts["batch_scipy"] = res
            how = (f"2 processes, {res['chunks']:,} chunks of ~{res['rows_per_chunk']:.0f} rows "
                   f"(product <= {res['max_nnz']:.0e} non-zeros)")
            if res["fraction"] < 0.999:
                how += f", extrapolated from {100 * res['fraction']:.1f}% of the work"
            ratio = f"{res['wall_s'] / ours_batch:,.1f}x" if ours_batch else ""  # wall against wall, 2 cores each
            target = ""
            if ours_batch:
                target = "faster than scipy, both on 2 cores: " + ("met" if ours_batch < res["wall_s"] else "MISSED")
            report.add(sec, f"scipy {scipy.__version__} A @ A.T + top-k ({how})",
                       f"{res['wall_s']:.1f} s wall, {res['core_s']:.1f} core-s", ratio, target)

    # --- memory per edge
    if "memory" in args.only:
        sec = f"memory per film-entity edge, {n_edges:,} edges"
        per_structure, per_all = info["structure_bytes"] / n_edges, info["memory_bytes"] / n_edges
        report.add(sec, "reelgraph structure_bytes (CSR: targets, relations, offsets)", f"{per_structure:.1f} B/edge", "",
                   f"<= {TARGETS['bytes_per_edge']:.0f} B/edge: {verdict(per_structure, TARGETS['bytes_per_edge'])}")
        report.add(sec, "reelgraph memory_bytes (with names, keys, indexes)", f"{per_all:.1f} B/edge")
        for peer in ("graph-tool", "igraph", "networkx"):
            res = peers[peer]
            if "skipped" in res:
                report.skip(sec, peer, res["skipped"])
                continue
            per = res["rss_delta_bytes"] / n_edges
            report.add(sec, f"{peer} {res['version']} graph (RSS growth while building, fresh process)",
                       f"{per:.1f} B/edge", f"{per / per_structure:.1f}x")

    # --- snapshot load
    if "snapshot" in args.only:
        sec = "snapshot load"
        if not (hasattr(reelgraph.FilmGraph, "save") and hasattr(reelgraph.FilmGraph, "load")):
            report.skip(sec, "FilmGraph.load", "FilmGraph.save / FilmGraph.load not built yet")
        else:
            path = work / "graph.rg"
            graph.save(path)
            loads = []
            for _ in range(args.repeats):
                t = time.perf_counter()
                loaded = reelgraph.FilmGraph.load(path)
                loads.append(time.perf_counter() - t)
                del loaded
            load_s = float(np.median(loads))
            size = path.stat().st_size
            report.add(sec, f"FilmGraph.load ({size / 1e6:.0f} MB file, {size / n_edges:.1f} B/edge)", f"{load_s:.3f} s",
                       "", f"< {TARGETS['snapshot_load_s']:.0f} s: {verdict(load_s, TARGETS['snapshot_load_s'])}")
            path.unlink()

    # --- IMDb TSV ingestion
    if "imdb" in args.only:
        sec = "IMDb TSV ingestion"
        folder = work / "imdb"
        sizes = synthetic.write_imdb_tsv(tables, folder)
        total = sum(sizes.values())
        del tables
        gc.collect()
        readers, why = imdb_importers()
        ours_mb_s = None
        if not readers:
            report.skip(sec, "reelgraph IMDb importer", why)
        for fn, note in readers:
            times = []
            for _ in range(max(1, args.repeats // 2)):
                t = time.perf_counter()
                fn(folder)
                times.append(time.perf_counter() - t)
            mb_s = total / 1e6 / float(np.median(times))
            ours_mb_s = ours_mb_s or mb_s  # the ratio is to the first, the native reader when built
            report.add(sec, f"{note} ({total / 1e6:.0f} MB in 4 files)", f"{mb_s:.1f} MB/s", "",
                       f">= {TARGETS['imdb_mb_s']:.0f} MB/s: {verdict(mb_s, TARGETS['imdb_mb_s'], False)}")
        times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            for name in sizes:
                pa_csv.read_csv(folder / name, parse_options=pa_csv.ParseOptions(delimiter="\t", quote_char=False))
            times.append(time.perf_counter() - t)
        arrow_mb_s = total / 1e6 / float(np.median(times))
        report.add(sec, f"pyarrow.csv.read_csv, all threads ({total / 1e6:.0f} MB in 4 files)", f"{arrow_mb_s:.0f} MB/s",
                   f"{ours_mb_s / arrow_mb_s:.2f}x" if ours_mb_s else "")  # reelgraph MB/s over pyarrow's: < 1 is slower
        shutil.rmtree(folder)
    return facts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, action="append", help="catalogue size; may be given several times")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (the median is kept)")
    parser.add_argument("--queries", type=int, default=500, help="query films for reelgraph")
    parser.add_argument("--peer-queries", type=int, default=50, help="of those, how many peers time for top-k")
    parser.add_argument("--ppr-queries", type=int, default=10, help="of those, how many peers time for PageRank")
    parser.add_argument("--peer-budget", type=float, default=60.0,
                        help="seconds a peer method may spend before it stops taking query films (default 60)")
    parser.add_argument("--batch-repeats", type=int, default=1, help="runs of every film's top-k")
    parser.add_argument("--scipy-budget", type=float, default=120.0,
                        help="CPU seconds per scipy process before extrapolating (default 120)")
    parser.add_argument("--scipy-max-nnz", type=float, default=2e7, help="non-zeros of one chunk's product")
    parser.add_argument("--networkx-max", type=int, default=200_000, help="largest size NetworkX runs at")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--no-peers", action="store_true",
                        help="time reelgraph (and scipy's batch) only: no graph-tool, igraph or NetworkX")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)}); peers run only for topk, ppr, memory")
    args = parser.parse_args(argv)
    args.only = set(args.only)
    sizes = args.films or [100_000]

    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['machine']}; Python {info['python']}")
    print(f"reelgraph {info['reelgraph']}, numpy {info['numpy']}, pyarrow {info['pyarrow']}")
    # Other work on the machine slows every figure alike; the load says how busy it was.
    print("load average at start: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    results = {"machine": info, "sizes": []}
    report = Report()
    with tempfile.TemporaryDirectory(prefix="reelgraph-perf-") as tmp:
        for n in sizes:
            work = Path(tmp) / str(n)
            work.mkdir()
            results["sizes"].append(bench(n, args, report, work))
    print("load average at end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    report.print("Results (ratio = peer time / reelgraph time on the same films; memory: peer / reelgraph structure)")
    results["rows"] = report.rows
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    sys.exit(main())
