"""`reelgraph update` against a full rebuild: adding films to a large snapshot.

    python benchmarks/update_bench.py [--films 100000] [--add 100] [--repeat 3]

A synthetic catalogue of --films + --add films; the snapshot holds the first
--films, the change the last --add. Prints the median of --repeat runs of

- the full rebuild: FilmGraph.from_tables on every film's tables (already in
  memory as Arrow: no parsing counted) and save;
- the update: load the snapshot, read and check the change's tables, merge,
  and save;

with the merge alone, and checks that both give the same lists for a sample
of films (old ones and every new one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

import reelgraph
from reelgraph import _core, synthetic
from reelgraph._build import build
from reelgraph.update import update


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--films", type=int, default=100000)
    ap.add_argument("--add", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    tables = synthetic.generate(films=args.films + args.add, seed=args.seed)
    films = tables.films.combine_chunks()
    ids = films.column("film_id").cast(pa.string())
    change = pc.is_in(tables.links.column("film_id").cast(pa.string()), value_set=ids.slice(args.films))
    base_tables = (films.slice(0, args.films), tables.links.filter(pc.invert(change)))
    change_tables = (films.slice(args.films), tables.links.filter(change))
    print(f"{args.films} films in the snapshot ({base_tables[1].num_rows} link rows), adding {args.add} "
          f"({change_tables[1].num_rows} link rows)")

    with tempfile.TemporaryDirectory(prefix="reelgraph-update-") as tmp:
        tmp = Path(tmp)
        reelgraph.FilmGraph.from_tables(*base_tables).save(tmp / "base.rg")
        rebuild, updating, merging = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            rebuilt = reelgraph.FilmGraph.from_tables(*tables)
            rebuilt.save(tmp / "rebuilt.rg")
            rebuild.append(time.perf_counter() - start)

            start = time.perf_counter()
            updated, summary = update(tmp / "base.rg", *change_tables)
            updated.save(tmp / "updated.rg")
            updating.append(time.perf_counter() - start)

            base = reelgraph.FilmGraph.load(tmp / "base.rg")
            delta, _ = build(*_checked(change_tables), None, "raise")
            start = time.perf_counter()
            _core.apply_update(base.core, delta, [])
            merging.append(time.perf_counter() - start)

        r, u, m = statistics.median(rebuild), statistics.median(updating), statistics.median(merging)
        print(f"full rebuild (from tables, then save):        {r:8.3f} s")
        print(f"update (load, check change, merge, save):     {u:8.3f} s  = {100 * u / r:.1f}% of the rebuild")
        print(f"  of which the merge of the arrays:           {m:8.3f} s")
        all_ids = list(rebuilt.films().film_id)
        sample = all_ids[:: max(1, len(all_ids) // 300)] + all_ids[-args.add:]
        differ = sum(
            list(zip(a.film_id, a.score.round(9))) != list(zip(b.film_id, b.score.round(9)))
            for f in sample
            for a, b in [(updated.see_also(updated.core.film_by_id(f), 10), rebuilt.see_also(rebuilt.core.film_by_id(f), 10))]
        )
        same = differ == 0
        print(f"same lists as the rebuild for {len(sample)} films: {'yes' if same else f'NO, {differ} differ'}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if same else 1


def _checked(change_tables):
    from reelgraph.tables import FILM_COLUMNS, LINK_COLUMNS, read_table

    films, links = change_tables
    return (read_table(films, name="films", schema=FILM_COLUMNS, on_error="raise"),
            read_table(links, name="links", schema=LINK_COLUMNS, on_error="raise"))


if __name__ == "__main__":
    sys.exit(main())
