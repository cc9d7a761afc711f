"""See-also latency on a synthetic catalogue, with NetworkX in the same run.

    python benchmarks/see_also_latency.py [--films 20000] [--queries 200] [--seed 7]
                                          [--method cooccurrence|pathsim|ppr|rp3beta|all]

Builds a synthetic catalogue with heavy-tailed credits (most people in one or
two films, a few in hundreds; a handful of giant hubs: countries, languages,
genres), loads it into reelgraph from DataFrames, and times one film's top-20
for the same query films with reelgraph (the default method, or those named by
--method) and with NetworkX's Adamic-Adar index over each query's two-hop
candidates. Prints medians and
percentiles of several repetitions, the ratio, and the machine and versions.
The two do not score identically (NetworkX has no relation weights and no
normalisation); the comparison is of the work a data scientist would otherwise
run for the same question.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time

import numpy as np
import pandas as pd

import reelgraph

ROLES = [  # relation, links per film, size of the pool per film, Zipf exponent
    ("directed_by", 1, 0.6, 1.6),
    ("written_by", 1, 0.7, 1.6),
    ("produced_by", 1, 0.6, 1.5),
    ("cast", 4, 1.5, 1.4),
    ("production_company", 1, 0.08, 1.3),
    ("country", 1, 0.0005, 1.2),
    ("language", 1, 0.0004, 1.4),
    ("genre", 1, 0.0003, 1.0),
]


def synthetic_catalogue(n_films: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About 11 links a film; entity popularity drawn from a Zipf law."""
    rng = np.random.default_rng(seed)
    films = pd.DataFrame({"film_id": [f"f{i}" for i in range(n_films)],
                          "title": [f"Film {i}" for i in range(n_films)],
                          "year": rng.integers(1950, 2024, n_films)})
    parts = []
    for relation, per_film, pool_ratio, exponent in ROLES:
        pool = max(5, int(n_films * pool_ratio))
        weights = 1.0 / np.arange(1, pool + 1) ** exponent
        weights /= weights.sum()
        count = n_films * per_film
        picks = rng.choice(pool, size=count, p=weights)
        parts.append(pd.DataFrame({"film_id": np.repeat(films["film_id"].to_numpy(), per_film),
                                   "relation": relation, "name": [f"{relation}:{p}" for p in picks]}))
    screenings = rng.random(n_films) < 0.3
    parts.append(pd.DataFrame({"film_id": films["film_id"][screenings].to_numpy(), "relation": "screened_at",
                               "name": [f"festival {f}" for f in rng.integers(0, 40, screenings.sum())],
                               "year": rng.integers(2000, 2024, screenings.sum())}))
    return films, pd.concat(parts, ignore_index=True)


def percentiles(samples: list[float]) -> str:
    a = np.array(samples) * 1e3
    return f"p50 {np.percentile(a, 50):.3f} ms, p99 {np.percentile(a, 99):.3f} ms"


def time_queries(fn, queries, repeats: int) -> tuple[list[float], float]:
    """Per-query latencies of the median repetition, and the median total."""
    runs = []
    for _ in range(repeats):
        lat = []
        for q in queries:
            t = time.perf_counter()
            fn(q)
            lat.append(time.perf_counter() - t)
        runs.append(lat)
    totals = [sum(r) for r in runs]
    median_run = runs[totals.index(sorted(totals)[len(totals) // 2])]
    return median_run, statistics.median(totals)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-peers", action="store_true", help="time reelgraph only")
    parser.add_argument("--method", default="cooccurrence", choices=[*reelgraph.graph.METHODS, "all"],
                        help="scoring method to time, or all of them (default cooccurrence)")
    args = parser.parse_args(argv)

    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    print(f"reelgraph {reelgraph.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
    films, links = synthetic_catalogue(args.films, args.seed)
    t = time.perf_counter()
    graph = reelgraph.FilmGraph.from_tables(films, links)
    build_s = time.perf_counter() - t
    info = graph.info()
    print(f"graph: {info['films']} films, {info['vertices']} vertices, {info['links']} links; "
          f"built from DataFrames in {build_s:.2f} s; structure {info['structure_bytes'] / info['links']:.1f} bytes/link")

    rng = np.random.default_rng(args.seed + 1)
    queries = rng.choice(graph.n_films, size=min(args.queries, graph.n_films), replace=False).tolist()
    methods = reelgraph.graph.METHODS if args.method == "all" else (args.method,)
    for method in methods:
        timed, _ = time_queries(lambda q: graph.see_also_arrays(q, 20, method=method), queries, args.repeats)
        print(f"reelgraph see_also top-20, {method} ({len(queries)} films x {args.repeats} runs): {percentiles(timed)}")
        if method == methods[0]:
            ours = timed  # compared with the peer below

    if args.no_peers:
        return 0
    try:
        import networkx as nx
    except ImportError:
        print("networkx: not installed, peer skipped")
        return 0
    G = nx.Graph()
    G.add_nodes_from(range(graph.n_films))
    for v in range(graph.n_films):
        targets, _ = graph.core.links(v)
        G.add_edges_from((v, int(t)) for t in targets)

    def networkx_top20(q):
        candidates = {f for e in G[q] for f in G[e] if f != q and f < graph.n_films}
        scores = nx.adamic_adar_index(G, ((q, f) for f in candidates))
        return sorted(scores, key=lambda s: -s[2])[:20]

    peer_queries = queries[: max(1, len(queries) // 4)]
    theirs, _ = time_queries(networkx_top20, peer_queries, max(1, args.repeats // 2))
    ours_same = [ours[queries.index(q)] for q in peer_queries]
    print(f"networkx {nx.__version__} adamic_adar_index over 2-hop candidates ({len(peer_queries)} films): "
          f"{percentiles(theirs)}")
    print(f"ratio (networkx / reelgraph {methods[0]}, p50 on the same films): "
          f"{np.median(theirs) / np.median(ours_same):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
