"""Export speed against the core batch, on synthetic films, from one run.

Prints, for the same graph and options (k related films, default scoring):

- the core batch on 1 and 2 threads (``_core.see_also_batch``, chunks dropped
  as they come: the search alone);
- ``reelgraph.export`` to Parquet on 1 and 2 threads (search, the reasons and
  terms written by the workers, Arrow columns, Parquet encoding, files with
  their sidecars);

as medians of wall time and of CPU time (the process's, all threads), then the
ratios the export is held to: its speed as a share of the batch's on one
thread, and its two-thread speed over its one-thread speed. The batch's own
two-thread gain is printed beside it: on a busy machine neither can gain more
than the free cores allow, so the load average is printed too.

    python benchmarks/perf/export_vs_batch.py [--films 20000] [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time

import reelgraph
from reelgraph import _core, synthetic


def timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--part-films", type=int, default=2048)
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    tables = synthetic.generate(films=args.films, seed=0)
    graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)
    options = _core.SeeAlsoOptions(k=args.k)
    scratch = tempfile.mkdtemp(prefix="reelgraph-export-bench-")

    def batch(threads):
        return lambda: _core.see_also_batch(graph.core, None, options, threads=threads, chunk=args.part_films,
                                            callback=lambda chunk: None)

    def export(threads):
        def run():
            out = os.path.join(scratch, "out")
            shutil.rmtree(out, ignore_errors=True)
            reelgraph.export(graph, out, k=args.k, threads=threads, part_films=args.part_films, progress=False)
        return run

    runs = {"batch_1": batch(1), "export_1": export(1), "batch_2": batch(2), "export_2": export(2)}
    load_before = os.getloadavg()
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    try:
        export(1)()  # warm: page cache, allocator, imports
        for _ in range(args.repeats):  # interleaved, so a change of load hits every kind alike
            for name, run in runs.items():
                figures[name].append(timed(run))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()

    wall = {name: statistics.median(w for w, _ in values) for name, values in figures.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in figures.items()}
    result = {
        "films": graph.n_films, "k": args.k, "repeats": args.repeats, "cores": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after],
        "wall_s": {k: round(v, 3) for k, v in wall.items()}, "cpu_s": {k: round(v, 3) for k, v in cpu.items()},
        "export_vs_batch_1_thread": round(wall["batch_1"] / wall["export_1"], 3),
        "export_2_vs_1_thread": round(wall["export_1"] / wall["export_2"], 3),
        "batch_2_vs_1_thread": round(wall["batch_1"] / wall["batch_2"], 3),
        "export_cpu_over_batch_cpu": round(cpu["export_1"] / cpu["batch_1"], 3),
    }
    print(f"{graph.n_films} synthetic films, k={args.k}, {args.part_films} films a part, median of {args.repeats}; "
          f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(f"{'':<10}{'wall s':>9}{'cpu s':>9}{'films/s':>10}")
    for name in runs:
        print(f"{name:<10}{wall[name]:>9.3f}{cpu[name]:>9.3f}{graph.n_films / wall[name]:>10,.0f}")
    print(f"export speed / core batch speed, 1 thread: {result['export_vs_batch_1_thread']:.2f}  (target >= 0.70)")
    print(f"export 2 threads / 1 thread:               {result['export_2_vs_1_thread']:.2f}  (target >= 1.50)")
    print(f"core batch 2 threads / 1 thread:           {result['batch_2_vs_1_thread']:.2f}  (what the cores allowed)")
    print(f"export CPU / core batch CPU, 1 thread:     {result['export_cpu_over_batch_cpu']:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
