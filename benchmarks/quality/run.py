"""Quality benchmark: reelgraph's see-also lists and the usual baselines against
two independent signals, each on a fit half and an evaluation half, and the
lists' hygiene over every titled film.

    REELGRAPH_DATA=/path/to/data python benchmarks/quality/run.py [--graph G] [--seed 0] [--json]
        [--signals movielens,sight-and-sound] [--hygiene] [--page PAGE.md]

- MovieLens co-liking: films liked by the same users (ground-truth/movielens-dev);
- Sight & Sound 2012: films listed on the same critics' and directors' top-10
  ballots (ground-truth/sight-and-sound-2012), pairs weighted by lift;
- --hygiene: how much the most recommended films crowd the default lists, hubs
  as the strongest reason, a director's other film in the top 3, untitled films;
- --page: the default top 10 with reasons for about 30 well-known films, as
  Markdown.

The graph is --graph (a .rg snapshot, an import manifest or a folder of tables),
by default the repository's manifest of all the public data, imported leniently
(bad rows counted and left out). The ratings are
$REELGRAPH_DATA/ground-truth/movielens-dev unless --ratings says otherwise.
The protocol is in reelgraph/evaluate.py and the README's "Quality" section.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import reelgraph
from reelgraph import evaluate, quality

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
    p.add_argument("--signals", default="movielens,sight-and-sound",
                   help="comma-separated: movielens, sight-and-sound")
    p.add_argument("--ballots", help="poll folder (default: $REELGRAPH_DATA/ground-truth/sight-and-sound-2012)")
    p.add_argument("--hygiene", action="store_true", help="also measure the default lists of every titled film")
    p.add_argument("--page", help="write the programmer's page (Markdown) to this file")
    args = p.parse_args(argv)
    signals = [s.strip() for s in args.signals.split(",") if s.strip()]

    root = reelgraph.data_root()
    if root is None and not (args.graph and args.ratings):
        print("set REELGRAPH_DATA to the public film data folder (or give --graph and --ratings)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    graph, source = build_graph(args)
    print(f"graph: {source}: {graph!r} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    groups = args.methods.split(",") if args.methods else evaluate.ALL_GROUPS
    out = {}
    for signal in signals:
        if signal == "movielens":
            ratings_dir = Path(args.ratings) if args.ratings else root / "ground-truth" / "movielens-dev"
            ratings = evaluate.read_ratings(ratings_dir, graph)
            truth = evaluate.ground_truth(ratings, measure=args.measure)
            print(f"ratings: {ratings.rows_read} read, {len(ratings.frame)} of films in the graph, "
                  f"{ratings.ratings_outside_graph} of films outside it", file=sys.stderr)
            use = groups
            extra = []
        elif signal == "sight-and-sound":
            folder = Path(args.ballots) if args.ballots else root / "ground-truth" / "sight-and-sound-2012"
            ballots = quality.read_ballots(folder, graph)
            truth = quality.ballot_truth(ballots)
            # Its "most popular" ranks by the poll's own vote counts; a
            # popularity from outside the poll (MovieLens ratings) is shown too.
            ml = evaluate.read_ratings(root / "ground-truth" / "movielens-dev", graph)
            extra = [evaluate.Candidate("most popular (ratings)", evaluate.popular_ranker(ml.popularity), "baseline",
                                        "MovieLens ratings count")]
            print(f"ballots: {ballots.votes_read} votes read, {len(ballots.frame)} of films in the graph, "
                  f"{ballots.films_outside_graph} poll films not in it", file=sys.stderr)
            # Weights are learned on co-liking only: 175-odd query films per half
            # are too few to fit them on.
            use = [g for g in groups if g != "learned"]
        else:
            print(f"unknown signal '{signal}' (movielens, sight-and-sound)", file=sys.stderr)
            return 2
        t1 = time.perf_counter()
        report = evaluate.run(graph, truth, seed=args.seed, max_queries=args.max_queries or None, groups=use,
                              learn_queries=args.learn_queries, log=lambda s: print(s, file=sys.stderr),
                              extra=extra)
        out[signal] = report
        if not args.json:
            print(f"== {signal}: graph {source}, {graph.n_films} films")
            print(report.text())
            print(f"\nevaluation took {time.perf_counter() - t1:.0f} s\n")
    hygiene = None
    if args.hygiene:
        t1 = time.perf_counter()
        hygiene = quality.hygiene(graph)
        if not args.json:
            print("== hygiene of the default lists (k=10)")
            print(quality.hygiene_text(hygiene))
            print(f"({time.perf_counter() - t1:.0f} s)\n")
    if args.page:
        Path(args.page).write_text(quality.programmer_page(graph, heading=f"See-also lists on {source}"))
        print(f"programmer's page written to {args.page}", file=sys.stderr)
    if args.json:
        print(json.dumps({"signals": {k: r.to_json() for k, r in out.items()}, "hygiene": hygiene}, indent=2,
                         default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
