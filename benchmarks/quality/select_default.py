"""Choose see-also defaults on the FIT halves of both signals, under the hygiene targets.

    REELGRAPH_DATA=/path/to/data python benchmarks/quality/select_default.py --graph shared.rg [--seed 0]

For each candidate option set (a small grid: hub weighting, popularity
exponent, cross-role factor, per-director cap, award weight), it measures
nDCG@10 on the fit half of the MovieLens co-liking signal and of the Sight &
Sound ballots signal, each relative to TF-IDF cosine on the same half, and the
list hygiene over every titled film. The winner is the best mean relative gain
among the sets that keep the hygiene targets (or, when none does, the fewest
targets missed). The evaluation halves are never read here: run.py reports
them for the chosen default.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

import reelgraph
from reelgraph import _core, evaluate, quality


def fit_truths(graph, root: Path, seed: int, max_queries: int):
    ratings = evaluate.read_ratings(root / "ground-truth" / "movielens-dev", graph)
    ml = evaluate.ground_truth(ratings)
    ss = quality.ballot_truth(quality.read_ballots(root / "ground-truth" / "sight-and-sound-2012", graph))
    ml_fit, _ = evaluate.split_queries(ml.queries, seed, max_queries)
    ss_fit, _ = evaluate.split_queries(ss.queries, seed, max_queries)
    return (ml, ml_fit), (ss, ss_fit)


def ndcg(rank, truth, queries) -> float:
    return evaluate.evaluate_ranker(rank, queries, truth, len(truth.popularity), k=10)["ndcg@10"]


def targets_missed(h) -> int:
    missed = 0
    for key, (op, bound) in quality.HYGIENE_TARGETS.items():
        ok = h[key] <= bound if op == "<=" else h[key] >= bound
        missed += not ok
    return missed


def grid():
    base = _core.default_weights()
    for hub, beta, cross, cap, award in itertools.product(
            ("idf", "adamic_adar"), (0.0, 0.25, 0.5), (0.1,), (0, 3), (1.0, 0.3)):
        weights = dict(base)
        weights["awarded"] = base["awarded"] * award
        weights["nominated"] = base["nominated"] * award
        yield {"hub_weighting": hub, "popularity_beta": beta, "cross_role": cross, "max_per_director": cap,
               "weights": weights}, f"{hub} beta={beta} cross={cross} cap={cap} award x{award}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--graph", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-queries", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", help="write every candidate's figures here")
    args = p.parse_args(argv)
    root = reelgraph.data_root()
    if root is None:
        print("set REELGRAPH_DATA", file=sys.stderr)
        return 2
    graph = evaluate.load_graph(args.graph, lenient=True)
    (ml, ml_fit), (ss, ss_fit) = fit_truths(graph, root, args.seed, args.max_queries)
    incidence = evaluate.Incidence.of(graph)
    tfidf = evaluate.tfidf_ranker(incidence)
    base_ml, base_ss = ndcg(tfidf, ml, ml_fit), ndcg(tfidf, ss, ss_fit)
    print(f"fit halves: MovieLens {len(ml_fit)} films, Sight & Sound {len(ss_fit)} films; "
          f"tf-idf nDCG@10 {base_ml:.4f} / {base_ss:.4f}")
    titled = quality.titled_films(graph)
    directors = quality.film_directors(graph)
    rows = []
    for options, name in grid():
        t0 = time.perf_counter()
        rank = evaluate.see_also_ranker(graph, args.threads, **options)
        a, b = ndcg(rank, ml, ml_fit), ndcg(rank, ss, ss_fit)
        h = quality.hygiene(graph, options, films=titled, directors=directors, threads=args.threads)
        gain = ((a / base_ml - 1) + (b / base_ss - 1)) / 2
        row = {"name": name, "ml": a, "ss": b, "gain": gain, "missed": targets_missed(h), **h,
               "options": {k: v for k, v in options.items() if k != "weights"},
               "weights": options["weights"]}
        rows.append(row)
        print(f"{name:48s} ML {a:.4f} ({a / base_ml - 1:+.0%})  S&S {b:.4f} ({b / base_ss - 1:+.0%})  "
              f"top {h['top_film_share']:.2%} 1% {h['top1pct_slot_share']:.1%} hub {h['hub_reason_share']:.1%} "
              f"dir {h['director_top3']:.1%} len {h['mean_length']:.1f} missed {row['missed']} "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
    best = min(rows, key=lambda r: (r["missed"], -r["gain"]))
    print(f"\nchosen on the fit halves: {best['name']} (mean gain {best['gain']:+.1%}, "
          f"{best['missed']} hygiene targets missed)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
