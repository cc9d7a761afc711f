"""Identity on the shared data: people found by name, merge precision and recall, titles, lookup speed.

    REELGRAPH_DATA=... python benchmarks/identity.py [--graph shared.rg] [--sample 300] [--seed 12]

Without --graph the graph is built from datasets/manifests/shared-data.toml
(strictly: the manifest states each source's policy for bad rows). Prints:

- people with an IMDb id found by their display name (a sample): the lookup
  must return that very person, not a duplicate and not an ambiguity;
- the films of the issue's phrases ("Amelie", "Godfather", ...);
- person merges against a truth the name does not make: for films that both
  the Oscars (a directing nomination, one director, with an nm id) and another
  source (IMDB 5000, Cannes, the festival programmes: directors by name only)
  name, the name-only director is that nominee. Precision: of those mentions
  the graph joined to an nm id, the share joined to the right one; recall: the
  share joined to the right one of all;
- the share of titled films whose title is all lower case, and of films
  without a real title (a bare Wikidata id);
- a failed lookup with suggestions, in milliseconds (median and p95 over
  misspelled titles and names).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import reelgraph
from reelgraph.collab import AmbiguousNodeError, NodeNotFoundError
from reelgraph.graph import AmbiguousFilmError, FilmNotFoundError

ROOT = Path(__file__).resolve().parents[1]
PHRASES = {"Amelie": "Amélie", "Amelie (2001)": "Amélie", "Godfather": "The Godfather",
           "the godfather": "The Godfather", "Seven samurai": "Seven Samurai"}


def _graph(args) -> reelgraph.FilmGraph:
    if args.graph and Path(args.graph).exists():
        return reelgraph.FilmGraph.load(args.graph)
    from reelgraph.importers import build

    start = time.perf_counter()
    g, _ = build(ROOT / "datasets" / "manifests" / "shared-data.toml")
    print(f"built the shared-data graph strictly in {time.perf_counter() - start:.1f} s")
    if args.graph:
        g.save(args.graph)
    return g


def people_found(g, n: int, rng: random.Random) -> None:
    keys = g.core.keys(np.arange(g.core.film_count, g.core.vertex_count))
    people = [g.core.film_count + i for i, k in enumerate(keys) if k.startswith("nm")]
    named = [v for v in people if g.core.name(v) != g.core.key(v)]
    sample = rng.sample(named, min(n, len(named)))
    found, wrong, ambiguous, missing = 0, [], [], []
    for v in sample:
        name = g.core.name(v)
        try:
            got = g.entity("person", name)
        except AmbiguousNodeError:
            ambiguous.append(name)
            continue
        except (NodeNotFoundError, KeyError):
            missing.append(name)
            continue
        if got == v:
            found += 1
        else:
            wrong.append(f"{name} -> {g.core.key(got)}")
    print(f"people with an IMDb id found by name: {found}/{len(sample)} = {100 * found / len(sample):.1f}% "
          f"({len(people)} people with an nm id, {len(named)} of them named)")
    for label, items in (("ambiguous", ambiguous), ("another vertex", wrong), ("not found", missing)):
        if items:
            print(f"  {label}: {len(items)}: " + "; ".join(items[:8]))


def phrases(g) -> None:
    for typed, want in PHRASES.items():
        try:
            v = g.film(typed)
            got = f"{g.core.name(v)} ({g.core.year(v)})"
        except (FilmNotFoundError, AmbiguousFilmError) as exc:
            got = f"{type(exc).__name__}: {exc}"
        print(f"  {typed!r:>18} -> {got}{'' if got.startswith(want) else '   <-- expected ' + want}")
    for a, b in (("Wong Kar Wai", "Kar-Wai Wong"), ("Andrei Tarkovsky", "Andrei Tarkovski"),
                 ("Bong Joon Ho", "Joon-ho Bong")):
        va, vb = g.entity("person", a), g.entity("person", b)
        print(f"  {a!r} and {b!r}: {'one person, ' + g.core.key(va) if va == vb else 'two vertices'}")


def merge_quality(g, data: Path) -> None:
    osc = pd.read_csv(data / "awards/oscars/oscars.csv", sep="\t", dtype=str)
    directing = osc[osc["CanonicalCategory"].fillna("").str.startswith("DIRECTING")]
    directing = directing[~directing["FilmId"].fillna("").str.contains(r"\|")
                          & directing["NomineeIds"].fillna("").str.fullmatch(r"nm\d+")]
    truth = directing.groupby("FilmId")["NomineeIds"].agg(lambda s: set(s))
    truth = {f: next(iter(ids)) for f, ids in truth.items() if len(ids) == 1}
    made = correct = total = 0
    errors = []
    for f, nm in truth.items():
        try:
            film = g.core.film_by_id(f)
        except (KeyError, ValueError):
            continue
        targets, relations = g.core.links(film)
        for v in targets[relations == reelgraph._core.relations().index("directed_by")]:
            total += 1
            key = g.core.key(int(v))
            if key.startswith("nm"):
                made += 1
                correct += key == nm
                if key != nm:
                    errors.append(f"{g.core.name(int(v))} on {f}: {key}, Oscars say {nm}")
    # Each film's directors are counted once per vertex: a name-only director
    # left apart is a miss of recall, one joined to another id a miss of precision.
    print(f"merge against the Oscars' directing nominees ({len(truth)} films, one director each, "
          f"{total} director vertices on them in the graph):")
    print(f"  precision {100 * correct / max(made, 1):.1f}% ({correct}/{made} with an nm id have the right one), "
          f"recall {100 * correct / max(total, 1):.1f}% ({correct}/{total})")
    for e in errors[:5]:
        print("   ", e)
    ss = pd.read_csv(data / "ground-truth/sight-and-sound-2012/films.csv", dtype=str)
    ss = ss[ss["imdb_id"].notna() & ss["director"].notna()]
    joined = found = 0
    directed_by = reelgraph._core.relations().index("directed_by")
    for r in ss.itertuples():
        try:
            film = g.core.film_by_id(r.imdb_id)
        except (KeyError, ValueError):
            continue
        if not (g.core.links(film)[1] == directed_by).any():
            continue  # no source names its director: nothing to find
        joined += 1
        try:
            v = g.entity("person", r.director)
        except KeyError:
            continue
        targets, _ = g.core.links(film)
        found += int(v in set(targets.tolist()))
    print(f"  Sight & Sound 2012: {found}/{joined} films of the poll with a director in the graph: "
          f"the poll's spelling of the director finds one linked to the film ({100 * found / max(joined, 1):.1f}%)")


def titles(g) -> None:
    films = g.films()
    untitled = films["title"].str.fullmatch(r"Q\d+")
    titled = films.loc[~untitled, "title"]
    lower = titled.str.lower() == titled
    has_letters = titled.str.contains(r"[^\W\d_]")
    share = (lower & has_letters & (titled.str.upper() != titled)).mean()
    print(f"titled films: {len(titled)}; all lower case: {100 * share:.2f}%; films titled by a bare "
          f"Wikidata id: {int(untitled.sum())} (left out of search and suggestions)")


def lookup_speed(g, rng: random.Random, n: int = 40) -> None:
    titles = [t for t in g.titles() if not t.startswith("Q")]
    people = [g.core.name(v) for v in range(g.core.film_count, g.core.vertex_count) if g.core.kind(v) == "person"]

    def misspell(text: str) -> str:
        i = rng.randrange(1, max(2, len(text) - 1))
        return text[:i] + "qz" + text[i + 1:]

    g.suggest("warm up")  # the index's first use groups it
    for label, pool, call in (("film", titles, lambda q: g.film(q)),
                              ("person", people, lambda q: g.collaborators(q))):
        times = []
        for q in (misspell(t) for t in rng.sample(pool, n)):
            start = time.perf_counter()
            try:
                call(q)
            except (FilmNotFoundError, NodeNotFoundError, AmbiguousFilmError, AmbiguousNodeError, KeyError):
                pass
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"failed {label} lookup with suggestions: median {statistics.median(times):.2f} ms, "
              f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms over {n} misspelled {label} names")
    start = time.perf_counter()
    hits = g.search("godfater", limit=10)
    print(f"search('godfater'): {(time.perf_counter() - start) * 1000:.2f} ms, top: {hits['title'].iloc[0]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", help="a snapshot of the shared-data graph (built and written when missing)")
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    data = os.environ.get("REELGRAPH_DATA")
    if not data:
        print("set REELGRAPH_DATA to the shared film data folder", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    g = _graph(args)
    print(f"{g!r}; reelgraph {reelgraph.__version__}, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    people_found(g, args.sample, rng)
    phrases(g)
    merge_quality(g, Path(data))
    titles(g)
    lookup_speed(g, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
