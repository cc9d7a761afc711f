"""Load on `reelgraph serve`: requests/s, p50, p99 and errors, with the snapshot replaced midway.

    python benchmarks/serve_load.py [--films 20000] [--requests 2000] [--clients 16] [--workers 1]

A synthetic catalogue of --films films is served from a snapshot on
127.0.0.1 (a free port); --clients threads send --requests GET requests
(see-also lists, film pages, film records, searches, health checks), and when
half are done the snapshot file is replaced (atomically, by rename) with a
catalogue of 100 more films. Every answer must be 200, and afterwards the
service must serve the new snapshot.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import reelgraph
from reelgraph import synthetic
from reelgraph.serve.testing import ServerProcess, request_mix, run_load


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--films", type=int, default=20000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reelgraph-serve-") as tmp:
        tmp = Path(tmp)
        first = reelgraph.FilmGraph.from_tables(*synthetic.generate(films=args.films, seed=args.seed))
        second = reelgraph.FilmGraph.from_tables(*synthetic.generate(films=args.films + 100, seed=args.seed))
        live, incoming = tmp / "live.rg", tmp / "incoming.rg"
        first.save(live)
        second.save(incoming)
        # Films in both catalogues: every request is answerable before and after the swap.
        common = sorted(set(first.films().film_id) & set(second.films().film_id))
        titles = list(first.films().title)
        print(f"graph: {first.n_films} films, then {second.n_films}; {len(common)} films in both")

        with ServerProcess(live, workers=args.workers) as server:
            before = server.health()
            swapped_at = []

            def swap():
                os.replace(incoming, live)
                swapped_at.append(time.perf_counter())

            result = run_load(server, args.requests, args.clients, request_mix(common, titles, args.seed), swap)
            deadline = time.monotonic() + 30
            after = server.health()
            while after["films"] != second.n_films and time.monotonic() < deadline:
                time.sleep(0.1)
                after = server.health()
        print(f"{args.clients} clients, {args.workers} worker(s): {result.summary()}")
        for line in result.errors[:10]:
            print(f"  error: {line}")
        switched = after["films"] == second.n_films and after["checksum"] != before["checksum"]
        print(f"snapshot before: {before['films']} films, checksum {before['checksum']}; "
              f"after: {after['films']} films, checksum {after['checksum']} "
              f"({'switched' if switched else 'NOT switched'})")
        print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        return 0 if switched and not result.errors else 1


if __name__ == "__main__":
    sys.exit(main())
