"""Snapshot load time: the median of several loads of one synthetic snapshot.

    python benchmarks/snapshot_load.py --films 100000 --snapshot /path/to/cache.rg

The snapshot is built once (synthetic catalogue, `--films` films) and reused
when the file exists, so two versions of reelgraph can be timed on the same
bytes: run it under each and compare the medians. The file is read from the
page cache after a first warm-up load (the first load of a cold file measures
the disk).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import reelgraph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--snapshot", required=True, help="where the snapshot is (built there if missing)")
    parser.add_argument("--repeat", type=int, default=9, help="timed loads (default 9)")
    args = parser.parse_args()

    path = Path(args.snapshot)
    if not path.exists():
        import reelgraph.synthetic

        films, links = reelgraph.synthetic.generate(args.films, seed=args.seed)
        reelgraph.FilmGraph.from_tables(films, links).save(path)
    reelgraph.load(path)  # warm the page cache
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        graph = reelgraph.load(path)
        times.append(time.perf_counter() - start)
        del graph
    size = path.stat().st_size
    print(f"reelgraph {reelgraph.__version__} from {Path(reelgraph.__file__).parent}")
    print(f"snapshot: {size / 2**20:.1f} MiB, {args.films} films; loads: {args.repeat}")
    print(f"load median {statistics.median(times) * 1e3:.1f} ms, min {min(times) * 1e3:.1f} ms, "
          f"max {max(times) * 1e3:.1f} ms; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
