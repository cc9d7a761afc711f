"""The `reelgraph` command (also `python -m reelgraph`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

import pandas as pd

from . import __version__
from .graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError
from .options import OPTIONS, REASONS
from .tables import InputError

# Options whose flag reads a value a command line can hold in another form.
_FLAG_HELP = {
    "weights": "relation=weight pairs separated by commas, e.g. directed_by=2,cast=0.5",
    "relations": "comma-separated relations that may count, e.g. directed_by,cast",
    "within": "comma-separated vertex ids a film must link to (one of them)",
    "popularity": "a file of one number per film in vertex order (.npy, or text: one a line)",
}


def _parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(f"--weights wants relation=weight pairs, not {part!r}")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--weights: {value!r} is not a number") from None
    return weights


def _parse_popularity(path: str):
    import numpy as np

    if not os.path.isfile(path):
        raise argparse.ArgumentTypeError(f"--popularity: no file at {path}")
    return np.load(path) if path.endswith(".npy") else np.loadtxt(path, dtype=np.float64, ndmin=1)


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _flag_type(option):
    """How a flag's text becomes the option's value (the core checks the value itself)."""
    kind = option.type.split(" |")[0]
    if option.name == "weights":
        return _parse_weights
    if option.name == "popularity":
        return _parse_popularity
    if kind == "list[str]":
        return _split
    if kind == "list[int]":
        return lambda text: [int(v) for v in _split(text)]
    return {"int": int, "float": float}.get(kind, str)


def add_option_flags(parser: argparse.ArgumentParser, skip: Sequence[str] = ("k",)) -> None:
    """One flag per see-also option (reelgraph.options.OPTIONS), named --the-option.

    No flag has a default: an option left out is not passed, so it takes the
    core's default, and the command passes on exactly what was written.
    """
    group = parser.add_argument_group("see-also options (see docs/options.md)")
    for option in OPTIONS:
        if option.name in skip:
            continue
        flag = "--" + option.name.replace("_", "-")
        shown = option.default if option.default is not None else "none"
        help_text = f"{_FLAG_HELP.get(option.name, option.doc)} (default {shown})"
        if option.type == "bool":
            group.add_argument(flag, dest=option.name, action=argparse.BooleanOptionalAction,
                               default=argparse.SUPPRESS, help=help_text)
        else:
            group.add_argument(flag, dest=option.name, type=_flag_type(option), default=argparse.SUPPRESS,
                               choices=option.choices if option.type == "str" else None, help=help_text)


def option_values(args: argparse.Namespace, skip: Sequence[str] = ("k",)) -> dict:
    """The see-also options written on the command line (k is a command's own argument)."""
    return {o.name: getattr(args, o.name) for o in OPTIONS if o.name not in skip and hasattr(args, o.name)}


def _load(args) -> FilmGraph:
    if args.data and os.path.isfile(args.data):
        return FilmGraph.load(args.data)
    if args.data:
        graph = FilmGraph.from_folder(args.data, on_error="skip" if args.lenient else "raise")
        if graph.report.rejected:
            print(graph.report.summary(), file=sys.stderr)
        return graph
    return FilmGraph.seed_world()


def _title_year(title: str, year) -> str:
    return title if pd.isna(year) or not year else f"{title} ({int(year)})"


def _year_or_none(year):
    return None if pd.isna(year) or not year else int(year)


def _see_also(args) -> int:
    graph = _load(args)
    film = graph.film(args.title, args.year)
    options = option_values(args)
    more = [graph.film(title) for title in args.seed or []]
    if more:
        result = graph.see_also_many([film] + more, args.k, reasons=args.reasons, **options)
    else:
        result = graph.see_also(film, args.k, reasons=args.reasons, **options)
    core = graph.core
    directors = graph.people(film, "directed_by")
    if args.json:
        out = {
            "film": {"film_id": graph.film_ids([film])[0], "title": core.name(film), "year": _year_or_none(core.year(film)),
                     "directors": directors},
            "method": options.get("method", "cooccurrence"),
            "more_seeds": [{"film_id": graph.film_ids([v])[0], "title": core.name(v)} for v in more],
            "results": [
                {"rank": int(r.rank), "film_id": r.film_id, "title": r.title, "year": _year_or_none(r.year),
                 "score": round(float(r.score), 6), "reason": r.reason,
                 "explanation": [{k: v for k, v in t.items() if k != "phrase"} for t in r.explanation]}
                for r in result.itertuples()
            ],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"See also: {_title_year(core.name(film), core.year(film))}")
    for v in more:
        print(f"      and {_title_year(core.name(v), core.year(v))}")
    if directors:
        print(f"directed by {', '.join(directors)}")
    if options.get("edition"):
        print(f"among the films of {core.name(graph.edition(options['edition']))}")
    print()
    if result.empty:
        print("No related films: it shares nothing with another film under these options.")
        return 0
    width = max(len(_title_year(r.title, r.year)) for r in result.itertuples())
    for r in result.itertuples():
        print(f"{r.rank:2d}. {_title_year(r.title, r.year):<{width}}  {r.score:.4f}")
        if r.reason:
            print(f"    {r.reason}")
    return 0


def _info(args) -> int:
    graph = _load(args)
    info = graph.info()
    if args.json:
        json.dump(info, sys.stdout, indent=2)
        print()
        return 0
    print(f"{info['films']} films, {info['vertices']} vertices, {info['links']} links")
    print("vertices by kind: " + ", ".join(f"{k} {n}" for k, n in info["kinds"].items()))
    print("links by relation: " + ", ".join(f"{r} {n}" for r, n in info["relations"].items()))
    print(f"memory: {info['structure_bytes']} bytes of graph structure, {info['memory_bytes']} in all")
    return 0


def _evaluate(args) -> int:
    from . import evaluate

    groups = [g.strip() for g in args.methods.split(",")] if args.methods else evaluate.ALL_GROUPS
    unknown = [g for g in groups if g not in evaluate.ALL_GROUPS]
    if unknown:
        raise ValueError(f"unknown method group '{unknown[0]}' (one of: {', '.join(evaluate.ALL_GROUPS)})")
    graph = evaluate.load_graph(args.graph, lenient=args.lenient)
    ratings = evaluate.read_ratings(args.ratings, graph, on_error="skip" if args.lenient else "raise")
    for err in ratings.rejected:
        print(f"reelgraph: rejected {err}", file=sys.stderr)
    truth = evaluate.ground_truth(ratings, min_rating=args.min_rating, min_support=args.min_support,
                                  measure=args.measure)
    if not len(truth.queries):
        print("reelgraph: no film of the graph has a co-liked list in these ratings "
              f"({len(ratings.frame)} ratings of {graph.n_films} films matched)", file=sys.stderr)
        return 1
    log = None if args.json else (lambda line: print(line, file=sys.stderr))
    report = evaluate.run(graph, truth, seed=args.seed, max_queries=args.max_queries or None, groups=groups,
                          learn_queries=args.learn_queries, log=log)
    if args.json:
        print(evaluate.report_json(report))
    else:
        print(report.text())
    return 0


def _synth(args) -> int:
    from pathlib import Path

    from . import synthetic

    tables = synthetic.generate(films=args.films, seed=args.seed)
    out = Path(args.output)
    if args.format == "imdb":
        written = synthetic.write_imdb_tsv(tables, out, gzip=args.gzip)
    else:
        import pyarrow.parquet as pq

        out.mkdir(parents=True, exist_ok=True)
        written = {}
        for name, table in (("films.parquet", tables.films), ("links.parquet", tables.links)):
            pq.write_table(table, out / name)
            written[name] = (out / name).stat().st_size
    print(f"{args.films} films, {tables.links.num_rows} links (seed {args.seed}) written to {out}: "
          + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in written.items()))
    return 0


def _build(args) -> int:
    import time

    from .importers import build

    start = time.perf_counter()
    graph, report = build(args.manifest, on_error="skip" if args.lenient else "raise")
    print(report.summary(max_rejected=args.show_rejected))
    path = graph.save(args.output)
    info = graph.info()
    print(f"saved {path}: {info['films']} films, {info['vertices']} vertices, {info['links']} links "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def _film_list(value: str) -> list[str]:
    """--films: a file with one film (title or id) a line, or films separated by commas."""
    if os.path.isfile(value):
        with open(value, encoding="utf-8") as f:
            films = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    else:
        films = [part.strip() for part in value.split(",") if part.strip()]
    if not films:
        raise ValueError(f"--films {value!r} names no film")
    return films


def _export(args) -> int:
    from .export import export

    if not os.path.isfile(args.graph):
        raise FileNotFoundError(f"no snapshot at {args.graph} (write one with `reelgraph build` or FilmGraph.save)")
    summary = export(args.graph, args.output, format=args.format, k=args.k,
                     films=_film_list(args.films) if args.films else None, threads=args.threads,
                     part_films=args.part_films, progress=not args.quiet, overwrite=args.overwrite,
                     reasons=None if args.reasons == "none" else args.reasons, **option_values(args))
    if args.json:
        json.dump(summary.to_dict(), sys.stdout, indent=2)
        print()
    else:
        print(summary)
    return 0


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="PATH",
                        help="a snapshot file (.rg), or a folder with films, links and aliases tables "
                             "(default: the embedded seed world)")
    common.add_argument("--lenient", action="store_true",
                        help="skip bad rows (each is counted and listed) instead of stopping at the first")

    parser = argparse.ArgumentParser(prog="reelgraph", description="Related films, with their reasons.")
    parser.add_argument("--version", action="version", version=f"reelgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    sa = sub.add_parser("see-also", parents=[common], help="films related to one film, with reasons")
    sa.add_argument("title", help="a title, or an id (tt0038297, Q42, or the table's film_id; id:... for an id only)")
    sa.add_argument("--year", type=int, help="the film's year, when several films share the title")
    sa.add_argument("-k", type=int, default=10, help="how many films (default 10)")
    sa.add_argument("--json", action="store_true", help="print JSON instead of text")
    sa.add_argument("--seed", action="append", metavar="TITLE",
                    help="another film to start from (repeatable): films related to all of them")
    sa.add_argument("--reasons", choices=REASONS, default="full",
                    help="full: every shared entity with its share; short: one sentence; top: the largest one")
    add_option_flags(sa)
    sa.set_defaults(run=_see_also)

    ev = sub.add_parser("evaluate", help="score see-also lists against co-liked films in a ratings folder")
    ev.add_argument("graph", nargs="?", help="graph snapshot (.rg), import manifest (.toml) or folder of tables "
                                             "(default: the embedded seed world)")
    ev.add_argument("--ratings", required=True, metavar="DIR", help="folder with ratings.csv and links.csv")
    ev.add_argument("--seed", type=int, default=0, help="seed of the fit/eval split (default 0)")
    ev.add_argument("--methods", help="comma-separated groups: baselines,cooccurrence,grid,methods,learned (default all)")
    ev.add_argument("--measure", choices=("lift", "jaccard"), default="lift", help="co-like measure (default lift)")
    ev.add_argument("--min-rating", type=float, default=4.0, help="a rating at least this is a like (default 4)")
    ev.add_argument("--min-support", type=int, default=3, help="common likers a pair needs (default 3)")
    ev.add_argument("--max-queries", type=int, default=1000, help="query films per half, 0 for all (default 1000)")
    ev.add_argument("--learn-queries", type=int, default=400, help="fit-half films used to learn weights (default 400)")
    ev.add_argument("--lenient", action="store_true", help="skip bad rows of the graph's tables and of the ratings (each is counted) instead of stopping")
    ev.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ev.set_defaults(run=_evaluate)
    bd = sub.add_parser("build", help="import the sources a manifest lists into one graph snapshot")
    bd.add_argument("manifest", help="a TOML manifest of sources (see datasets/manifests/)")
    bd.add_argument("-o", "--output", required=True, metavar="GRAPH.rg", help="the snapshot file to write")
    bd.add_argument("--lenient", action="store_true",
                    help="skip bad rows (each is counted and listed) instead of stopping at the first")
    bd.add_argument("--show-rejected", type=int, default=5, metavar="N",
                    help="list at most N rejected rows per source (default 5; all are counted)")
    bd.set_defaults(run=_build)

    ex = sub.add_parser("export", help="write every film's see-also list to a folder of Parquet, CSV or JSONL parts")
    ex.add_argument("graph", help="a snapshot file (.rg)")
    ex.add_argument("-o", "--output", required=True, metavar="FOLDER", help="the export folder (resumed if it holds "
                    "an unfinished export of the same graph and options)")
    ex.add_argument("--format", choices=("parquet", "csv", "jsonl"), default="parquet")
    ex.add_argument("-k", type=int, default=10, help="related films per film (default 10)")
    ex.add_argument("--films", metavar="LIST", help="only these films: a file with one title or id a line, "
                    "or titles/ids separated by commas")
    ex.add_argument("--threads", type=int, default=0, help="worker threads (default 0: every core)")
    ex.add_argument("--part-films", type=int, default=2048, metavar="N", help="films per part file (default 2048)")
    ex.add_argument("--overwrite", action="store_true", help="replace a folder holding another export")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.add_argument("--json", action="store_true", help="print the summary as JSON")
    ex.add_argument("--reasons", choices=(*REASONS, "none"), default="full",
                    help="the reason column: full (default), short (a sentence for a web page), top, or none")
    add_option_flags(ex)
    ex.set_defaults(run=_export)

    info = sub.add_parser("info", parents=[common], help="what the graph holds")
    info.add_argument("--json", action="store_true")
    info.set_defaults(run=_info)
    synth = sub.add_parser("synth", help="write a synthetic catalogue (for tests and benchmarks)")
    synth.add_argument("--films", type=int, default=20000, help="how many films (default 20000)")
    synth.add_argument("--seed", type=int, default=0, help="the same seed writes the same catalogue")
    synth.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into")
    synth.add_argument("--format", choices=("tables", "imdb"), default="tables",
                       help="tables: films.parquet and links.parquet (the input format); "
                            "imdb: the IMDb non-commercial TSV files")
    synth.add_argument("--gzip", action="store_true", help="gzip the IMDb files (.tsv.gz)")
    synth.set_defaults(run=_synth)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader (`| head`) stopped early: not an error of ours.
        sys.stdout = open(os.devnull, "w")
        return 0
    except AmbiguousFilmError as exc:
        print(f"reelgraph: {len(exc.candidates)} films answer to '{exc.query}'; say which with --year or the id:",
              file=sys.stderr)
        for r in exc.candidates.itertuples():
            by = f", directed by {r.directors}" if r.directors else ""
            year = _year_or_none(r.year) or "year unknown"
            print(f"  {r.title} ({year}){by}  [id:{r.film_id}]", file=sys.stderr)
        return 1
    except FilmNotFoundError as exc:
        print(f"reelgraph: no film titled '{exc.query}'.", file=sys.stderr)
        if exc.suggestions:
            print("Did you mean: " + "; ".join(exc.suggestions) + "?", file=sys.stderr)
        return 1
    except (InputError, FileNotFoundError, KeyError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"reelgraph: {message}", file=sys.stderr)
        return 1
