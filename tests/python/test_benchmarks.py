"""The benchmark scripts run and print their figures (they are not timed here)."""

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_see_also_latency_prints_its_figures():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "see_also_latency.py"), "--films", "400", "--queries", "10", "--repeats", "1",
         "--no-peers"],
        capture_output=True, text=True, check=True, timeout=300,
    )
    assert re.search(r"graph: 400 films, \d+ vertices, \d+ links", done.stdout)
    assert re.search(r"reelgraph see_also top-20, cooccurrence \(10 films x 1 runs\): p50 [\d.]+ ms, p99 [\d.]+ ms",
                     done.stdout)


def test_see_also_latency_times_each_method():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "see_also_latency.py"), "--films", "400", "--queries", "5", "--repeats", "1",
         "--no-peers", "--method", "all"],
        capture_output=True, text=True, check=True, timeout=300,
    )
    for method in ("cooccurrence", "pathsim", "ppr", "rp3beta"):
        assert re.search(rf"see_also top-20, {method} \(5 films x 1 runs\): p50 [\d.]+ ms, p99 [\d.]+ ms", done.stdout)
