"""Quality benchmark: reelgraph's see-also lists and the usual baselines against
films co-liked by the same MovieLens users, on a fit half and an evaluation half.

    REELGRAPH_DATA=/path/to/data python benchmarks/quality/run.py [--graph G] [--seed 0] [--json]

The graph is --graph (a .rg snapshot, an import manifest or a folder of tables),
by default the repository's manifest of all the public data, imported leniently
(bad rows counted and left out). The ratings are
$REELGRAPH_DATA/ground-truth/movielens-dev unless --ratings says otherwise.
The protocol is in reelgraph/evaluate.py and the README's "Quality" section.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import reelgraph
from reelgraph import evaluate

HERE = Path(__file__).resolve().parent
MANIFEST = HERE.parent.parent / "datasets" / "manifests" / "shared-data.toml"


def build_graph(args):
    if args.graph:
        return evaluate.load_graph(args.graph, lenient=True), str(args.graph)
    return evaluate.load_graph(MANIFEST, lenient=True), f"datasets/manifests/{MANIFEST.name}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--graph", help="graph snapshot, import manifest or folder of tables")
    p.add_argument("--ratings", help="ratings folder (default: $REELGRAPH_DATA/ground-truth/movielens-dev)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--measure", choices=("lift", "jaccard"), default="lift")
    p.add_argument("--max-queries", type=int, default=1000, help="query films per half (0: all)")
    p.add_argument("--learn-queries", type=int, default=400)
    p.add_argument("--methods", help="comma-separated groups (default all): " + ",".join(evaluate.ALL_GROUPS))
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    root = reelgraph.data_root()
    if root is None and not (args.graph and args.ratings):
        print("set REELGRAPH_DATA to the public film data folder (or give --graph and --ratings)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    graph, source = build_graph(args)
    ratings_dir = Path(args.ratings) if args.ratings else root / "ground-truth" / "movielens-dev"
    ratings = evaluate.read_ratings(ratings_dir, graph)
    truth = evaluate.ground_truth(ratings, measure=args.measure)
    print(f"graph: {source}: {graph!r} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    print(f"ratings: {ratings.rows_read} read, {len(ratings.frame)} of films in the graph, "
          f"{ratings.ratings_outside_graph} of films outside it", file=sys.stderr)
    groups = args.methods.split(",") if args.methods else evaluate.ALL_GROUPS
    t1 = time.perf_counter()
    report = evaluate.run(graph, truth, seed=args.seed, max_queries=args.max_queries or None, groups=groups,
                          learn_queries=args.learn_queries, log=lambda s: print(s, file=sys.stderr))
    if args.json:
        print(evaluate.report_json(report))
    else:
        print(f"graph: {source}, {graph.n_films} films")
        print(report.text())
        print(f"\nevaluation took {time.perf_counter() - t1:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
