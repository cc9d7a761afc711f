"""Tables in and collaborations, against the libraries that set the pace.

From one run, prints:

- ``FilmGraph.from_folder`` on CSV files of a synthetic catalogue against
  pyarrow's ``read_csv`` of the same files (the parse alone: the floor for any
  reader of those files), as a ratio;
- ``components()`` against scipy's ``connected_components`` on the same edges
  (the credit graph the core extracts), as a ratio; and ``communities()``'s time;

on the synthetic graph, and with ``--graph`` (a snapshot, e.g. of the
shared-data build) the collaboration figures on that graph too. Each figure
is the median of ``--repeats`` runs.

    python benchmarks/perf/ingest.py --films 100000 [--graph shared.rg]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

import reelgraph
from reelgraph import synthetic


def median_time(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def write_csv(tables, folder: Path) -> None:
    for name, table in (("films", tables.films), ("links", tables.links)):
        plain = pa.table({c: table.column(c).cast(table.column(c).type.value_type)
                          if pa.types.is_dictionary(table.column(c).type) else table.column(c)
                          for c in table.column_names})
        pa_csv.write_csv(plain, folder / f"{name}.csv")


def tables_in(films: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_csv(synthetic.generate(films=films, seed=0), folder)
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        t_arrow, _ = median_time(lambda: [pa_csv.read_csv(folder / n) for n in ("films.csv", "links.csv")], repeats)
        t_ours, graph = median_time(lambda: reelgraph.FilmGraph.from_folder(folder), repeats)
        links = graph.report.tables[1].rows_read
        print(f"tables in ({films:,} films, {links:,} link rows, "
              f"{sum(sizes.values()) / 1e6:.1f} MB of CSV):")
        print(f"  pyarrow read_csv (parse only)   {t_arrow:8.3f} s")
        print(f"  FilmGraph.from_folder           {t_ours:8.3f} s")
        print(f"  ratio                           {t_ours / t_arrow:8.2f}x   (target: at most 3x)")
    collaborations(graph, f"synthetic {films:,} films", repeats)


def collaborations(graph, label: str, repeats: int) -> None:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    cg = reelgraph._core.credit_graph(graph.core)
    n, a, b = len(cg["vertices"]), cg["a"], cg["b"]

    def scipy_components():
        m = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
        return connected_components(m, directed=False)

    t_scipy, (count, _) = median_time(scipy_components, repeats)
    t_ours, frame = median_time(lambda: graph.collab.components(), repeats)
    print(f"collaborations, {label} ({n:,} vertices, {len(a):,} credit edges):")
    print(f"  scipy connected_components      {t_scipy:8.3f} s   ({count:,} components)")
    print(f"  components() with summaries     {t_ours:8.3f} s   ({len(frame):,} components)")
    print(f"  ratio                           {t_ours / t_scipy:8.2f}x   (target: at most 20x)")
    t_comm, comm = median_time(lambda: graph.collab.communities(), 1)
    print(f"  communities() (igraph Leiden)   {t_comm:8.3f} s   ({comm['community'].nunique():,} communities "
          f"of {len(comm):,} people)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--graph", type=Path, help="a snapshot (.rg) to measure the collaboration figures on too")
    args = parser.parse_args(argv)
    print(f"reelgraph {reelgraph.__version__}, pyarrow {pa.__version__}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tables_in(args.films, args.repeats)
    if args.graph:
        start = time.perf_counter()
        graph = reelgraph.FilmGraph.load(args.graph)
        print(f"loaded {args.graph.name} in {time.perf_counter() - start:.1f} s")
        collaborations(graph, args.graph.name, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
