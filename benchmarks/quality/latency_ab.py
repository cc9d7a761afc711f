"""One film's top-20 latency under the previous default scoring and the current one, in one run.

    python benchmarks/quality/latency_ab.py [--films 1000000] [--queries 500] [--repeats 3]

Builds the synthetic catalogue of benchmarks/perf/run.py (reelgraph.synthetic,
same seed) and times see_also_arrays(film, 20) for the same query films with
the previous defaults (hub weighting none, no popularity exponent, every role
alike, no evidence rule, short lists padded through the hubs) and with today's
defaults. Prints p50/p90/p99 of the per-film medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

import reelgraph
from reelgraph import synthetic

# The perf benchmark's per-query timer, so both report latency the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from run import timed  # noqa: E402

PREVIOUS = {"hub_weighting": "none", "popularity_beta": 0.0, "cross_role": 1.0, "evidence_degree": 2**31,
            "pad": True}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--films", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    t = time.perf_counter()
    tables = synthetic.generate(films=args.films, seed=args.seed)
    graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)
    print(f"{args.films:,} films built in {time.perf_counter() - t:.0f} s; load average {os.getloadavg()[0]:.2f}")
    rng = np.random.default_rng(args.seed + 1)
    queries = rng.choice(args.films, size=min(args.queries, args.films), replace=False).astype(np.int64)
    # Warm both paths (page faults, scratch arrays) before timing.
    for q in queries[:50]:
        graph.see_also_arrays(int(q), 20, **PREVIOUS)
        graph.see_also_arrays(int(q), 20)
    results = {}
    # Interleaved halves, so a change of machine load falls on both.
    for name, opts in (("previous defaults", PREVIOUS), ("current defaults", {}), ("previous defaults (again)", PREVIOUS),
                       ("current defaults (again)", {})):
        lat = np.asarray(timed(lambda q: graph.see_also_arrays(q, 20, **opts), queries, args.repeats))
        results.setdefault(name.split(" (")[0], []).append(lat)
        print(f"{name:28s} p50 {np.percentile(lat, 50) * 1e3:.3f} ms  p90 {np.percentile(lat, 90) * 1e3:.3f} ms  "
              f"p99 {np.percentile(lat, 99) * 1e3:.3f} ms", flush=True)
    prev = np.minimum(*results["previous defaults"])
    cur = np.minimum(*results["current defaults"])
    print(f"best of both runs: previous p50 {np.percentile(prev, 50) * 1e3:.3f} ms, p99 "
          f"{np.percentile(prev, 99) * 1e3:.3f} ms; current p50 {np.percentile(cur, 50) * 1e3:.3f} ms, p99 "
          f"{np.percentile(cur, 99) * 1e3:.3f} ms; ratio p50 {np.percentile(cur, 50) / np.percentile(prev, 50):.2f}x, "
          f"p99 {np.percentile(cur, 99) / np.percentile(prev, 99):.2f}x; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
