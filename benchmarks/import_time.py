"""How long `import reelgraph` takes, as `python -X importtime` measures it.

Each import runs in a fresh interpreter (nothing cached in the process), and
the median of the runs is printed with the slowest modules of the median run.
Also timed: the first use of the graph classes, which imports pandas and
pyarrow (`from reelgraph import FilmGraph`). The target is `import reelgraph`
under 0.5 s.

    python benchmarks/import_time.py [--runs 7] [--top 5]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys

TARGET_S = 0.5
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def _top_level(statement: str) -> list[tuple[float, str]]:
    """[(cumulative seconds, module)] of the imports at depth 0 of one fresh interpreter."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    top = []
    for line in done.stderr.splitlines():
        m = LINE.match(line)
        if m and len(m.group(3)) == 1:
            top.append((int(m.group(2)) / 1e6, m.group(4)))
    return top


STARTUP = {module for _, module in _top_level("pass")}  # what the interpreter imports before any statement


def measure(statement: str) -> tuple[float, list[tuple[float, str]]]:
    """(seconds the statement's imports took, [(cumulative seconds, module)] of them), startup left out."""
    top = [(s, m) for s, m in _top_level(statement) if m not in STARTUP]
    return sum(s for s, _ in top), top


def report(label: str, statement: str, runs: int, top: int, target: float | None) -> None:
    results = sorted((measure(statement) for _ in range(runs)), key=lambda r: r[0])
    median_s, modules = results[len(results) // 2]
    spread = f"min {results[0][0]:.3f} s, max {results[-1][0]:.3f} s"
    verdict = ""
    if target is not None:
        verdict = f"  < {target} s: {'met' if median_s < target else f'MISSED ({median_s / target:.1f}x off)'}"
    print(f"{label:<44} median {median_s:.3f} s over {runs} runs ({spread}){verdict}")
    for seconds, module in sorted(modules, reverse=True)[:top]:
        print(f"    {module:<40} {seconds:.3f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per statement (default 7)")
    parser.add_argument("--top", type=int, default=5, help="slowest top-level imports to list (default 5)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, load average {load:.2f}")
    report("import reelgraph", "import reelgraph", args.runs, args.top, TARGET_S)
    report("from reelgraph import FilmGraph (first use)", "from reelgraph import FilmGraph", args.runs, args.top, None)
    report("import pandas, pyarrow (for scale)", "import pandas, pyarrow", args.runs, args.top, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
