"""One peer library's side of the benchmark, run in a fresh process of its own.

    python peer.py --peer igraph|graph-tool|networkx --graph edges.npz --out result.json
                   [--queries q.npy --topk-queries N --ppr-queries N --k 20 --repeats 3]

Needs numpy and the peer only (not reelgraph): graph-tool comes from Debian and
runs under Debian's Python. Reads the graph exported by run.py (films are
vertices 0..n_films-1, entities follow; one undirected edge per film-entity
link), builds the peer's graph and measures the growth of the process's
resident memory while doing so (current RSS from /proc/self/statm after the
build, minus before, with the input arrays already loaded and the build's
temporaries freed), then times, for the same query films:

- topk: one film's top-k related films by the peer's similarity functions;
- ppr: Personalized PageRank from one film (damping 0.85), top-k films.

Each query's latency is the median of `repeats` runs; a method stops taking
new queries once it has spent `--budget` seconds (the count timed is reported). Prints nothing but
errors; writes a JSON result.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import warnings

import numpy as np


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def top_films(scores: np.ndarray, films: np.ndarray | None, q: int, n_films: int, k: int) -> np.ndarray:
    """The k best films (not q) of `scores` (indexed like `films`, or by vertex when films is None)."""
    scores = np.asarray(scores, dtype=np.float64)
    if films is None:
        scores = scores[:n_films].copy()
        scores[q] = -np.inf
        films = np.arange(n_films)
    if len(scores) <= k:
        return films[np.argsort(-scores)]
    best = np.argpartition(-scores, k)[:k]
    return films[best[np.argsort(-scores[best])]]


def timed(fn, queries, repeats: int, budget_s: float) -> list[float]:
    """Per query, the median of `repeats` latencies, in seconds; stops after `budget_s` (one query at least)."""
    out = []
    start = time.perf_counter()
    for q in queries:
        if out and time.perf_counter() - start > budget_s:
            break
        runs = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn(int(q))
            runs.append(time.perf_counter() - t)
        out.append(float(np.median(runs)))
    return out


def build_igraph(film, entity, n_vertices):
    import igraph as ig

    edges = np.column_stack((film, entity)).tolist()
    g = ig.Graph(n=n_vertices, edges=edges, directed=False)
    del edges
    return g, ig.__version__


def igraph_methods(g, n_films, k):
    def ilw(q):
        row = g.similarity_inverse_log_weighted(vertices=[q])[0]
        return top_films(row, None, q, n_films, k)

    def jaccard(q):
        candidates = np.array(g.neighborhood(q, order=2, mindist=2), dtype=np.int64)
        candidates = candidates[candidates < n_films]
        scores = g.similarity_jaccard(pairs=[(q, int(c)) for c in candidates])
        return top_films(scores, candidates, q, n_films, k)

    def ppr(implementation):
        def run(q):
            scores = g.personalized_pagerank(reset_vertices=[q], damping=0.85, implementation=implementation)
            return top_films(scores, None, q, n_films, k)
        return run

    return ({"similarity_inverse_log_weighted": ilw, "similarity_jaccard (2-hop pairs)": jaccard},
            {"personalized_pagerank (prpack, the default)": ppr("prpack"),
             "personalized_pagerank (arpack)": ppr("arpack")})


def build_graph_tool(film, entity, n_vertices):
    import graph_tool as gt

    g = gt.Graph(directed=False)
    g.add_vertex(n_vertices)
    g.add_edge_list(np.column_stack((film, entity)))
    return g, gt.__version__.split()[0]


def graph_tool_methods(g, n_films, k):
    from graph_tool.centrality import pagerank
    from graph_tool.topology import vertex_similarity

    def two_hop(q):
        around = g.get_out_neighbors(q)
        reach = np.unique(np.concatenate([g.get_out_neighbors(e) for e in around])) if len(around) else np.zeros(0)
        reach = reach[(reach < n_films) & (reach != q)].astype(np.int64)
        return reach, np.column_stack((np.full(len(reach), q, dtype=np.int64), reach))

    def sim(kind):
        def run(q):
            candidates, pairs = two_hop(q)
            if not len(pairs):
                return candidates
            return top_films(vertex_similarity(g, kind, vertex_pairs=pairs), candidates, q, n_films, k)
        return run

    def ppr(q):
        pers = g.new_vertex_property("double")
        pers.a[q] = 1.0
        return top_films(pagerank(g, damping=0.85, pers=pers).a, None, q, n_films, k)

    return {"vertex_similarity inv-log-weight": sim("inv-log-weight"),
            "vertex_similarity jaccard": sim("jaccard")}, {"pagerank(pers=)": ppr}


def build_networkx(film, entity, n_vertices):
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n_vertices))
    g.add_edges_from(zip(film.tolist(), entity.tolist()))
    return g, nx.__version__


def networkx_methods(g, n_films, k):
    import networkx as nx

    def adamic_adar(q):
        candidates = np.array(sorted({f for e in g[q] for f in g[e] if f != q and f < n_films}), dtype=np.int64)
        scores = [s for _, _, s in nx.adamic_adar_index(g, ((q, int(c)) for c in candidates))]
        return top_films(np.array(scores), candidates, q, n_films, k)

    def ppr(q):
        pr = nx.pagerank(g, alpha=0.85, personalization={q: 1.0})
        return top_films(np.fromiter((pr[v] for v in range(n_films)), np.float64, n_films), None, q, n_films, k)

    return {"adamic_adar_index (2-hop pairs)": adamic_adar}, {"pagerank(personalization=)": ppr}


def import_peer(peer: str) -> None:
    """Import the library before memory is measured: its own code is not the graph's."""
    warnings.filterwarnings("ignore")  # graph-tool's drawing modules are missing: not needed here
    if peer == "graph-tool":
        import graph_tool.centrality  # noqa: F401
        import graph_tool.topology  # noqa: F401
    else:
        __import__(peer)


PEERS = {"igraph": (build_igraph, igraph_methods), "graph-tool": (build_graph_tool, graph_tool_methods),
         "networkx": (build_networkx, networkx_methods)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", choices=sorted(PEERS), required=True)
    parser.add_argument("--graph", required=True, help="edges.npz written by run.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--queries", help="query films (.npy)")
    parser.add_argument("--topk-queries", type=int, default=0, help="how many of the queries to time for top-k")
    parser.add_argument("--ppr-queries", type=int, default=0, help="how many of the queries to time for PPR")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per method before it stops taking queries")
    args = parser.parse_args(argv)

    data = np.load(args.graph)
    film, entity = data["film"], data["entity"]
    n_films, n_vertices = int(data["n_films"]), int(data["n_vertices"])
    build, methods = PEERS[args.peer]
    import_peer(args.peer)
    gc.collect()
    before = rss_bytes()
    t = time.perf_counter()
    g, version = build(film, entity, n_vertices)
    build_s = time.perf_counter() - t
    gc.collect()
    result = {"peer": args.peer, "version": version, "python": sys.version.split()[0], "build_s": build_s,
              "rss_delta_bytes": rss_bytes() - before, "edges": int(len(film)), "topk": {}, "ppr": {}}
    queries = np.load(args.queries) if args.queries else np.zeros(0, dtype=np.int64)
    similarity, ppr = methods(g, n_films, args.k)
    if args.topk_queries:
        for name, fn in similarity.items():
            result["topk"][name] = timed(fn, queries[: args.topk_queries], args.repeats, args.budget)
    if args.ppr_queries:
        for name, fn in ppr.items():
            result["ppr"][name] = timed(fn, queries[: args.ppr_queries], args.repeats, args.budget)
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
