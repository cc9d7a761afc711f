"""The `reelgraph` command (also `python -m reelgraph`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

import pandas as pd

from . import __version__
from .graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError, HUB_WEIGHTINGS, METHODS, NORMALIZATIONS
from .tables import InputError


class _UsageError(Exception):
    """A command line argparse refused (raised instead of printing, so --json can shape it)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _UsageError(self, message)


def _positive_int(text: str) -> int:
    """-k and the like: a whole number of at least 1 (0 films asked is a mistake, not an empty answer)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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
    relations = [r.strip() for r in args.relations.split(",")] if args.relations else None
    options = dict(
        relations=relations, hub_weighting=args.hub_weighting, normalization=args.normalization,
        min_year=args.min_year, max_year=args.max_year, exclude_same_director=args.exclude_same_director,
        edition=args.edition, max_per_director=args.max_per_director, method=args.method,
        popularity_beta=args.popularity_beta,
    )
    more = [graph.film(title) for title in args.seed or []]
    if more:
        result = graph.see_also_many([film] + more, args.k, **options)
    else:
        result = graph.see_also(film, args.k, **options)
    core = graph.core
    directors = graph.people(film, "directed_by")
    if args.json:
        out = {
            "film": {"film_id": graph.film_ids([film])[0], "title": core.name(film), "year": _year_or_none(core.year(film)),
                     "directors": directors},
            "method": args.method,
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
    if args.edition:
        print(f"among the films of {core.name(graph.edition(args.edition))}")
    print()
    if result.empty:
        print("No related films: it shares nothing with another film under these options.")
        return 0
    width = max(len(_title_year(r.title, r.year)) for r in result.itertuples())
    for r in result.itertuples():
        print(f"{r.rank:2d}. {_title_year(r.title, r.year):<{width}}  {r.score:.4f}")
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
    if bool(args.ratings) == bool(args.ballots):
        raise ValueError("give either --ratings DIR (co-liked films) or --ballots DIR (co-listed films)")
    graph = evaluate.load_graph(args.graph, lenient=args.lenient)
    if args.ballots:
        from . import quality

        ballots = quality.read_ballots(args.ballots, graph)
        truth = quality.ballot_truth(ballots, min_support=2 if args.min_support is None else args.min_support)
        if not len(truth.queries):
            print(f"reelgraph: no film of the graph has a co-listed list on these ballots "
                  f"({len(ballots.frame)} votes for films of the graph)", file=sys.stderr)
            return 1
        groups = [g for g in groups if g != "learned"]
    else:
        ratings = evaluate.read_ratings(args.ratings, graph, on_error="skip" if args.lenient else "raise")
        for err in ratings.rejected:
            print(f"reelgraph: rejected {err}", file=sys.stderr)
        truth = evaluate.ground_truth(ratings, min_rating=args.min_rating,
                                      min_support=3 if args.min_support is None else args.min_support,
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
    if args.hygiene:
        from . import quality

        print("\nhygiene of the default lists (k=10):\n" + quality.hygiene_text(quality.hygiene(graph)))
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

        from ._files import atomic_file

        out.mkdir(parents=True, exist_ok=True)
        written = {}
        for name, table in (("films.parquet", tables.films), ("links.parquet", tables.links)):
            with atomic_file(out / name) as f:
                pq.write_table(table, f)
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


def _film_list(args) -> list[str] | None:
    """The films of --films FILE (one title or id a line; '-' reads standard input) and of
    each --film TITLE, in that order; None when neither is given (every film).

    Titles are never split: "Rome, Open City" is one film, whatever it holds.
    """
    films: list[str] = []
    if args.films:
        if args.films == "-":
            lines = sys.stdin.read().splitlines()
        elif os.path.isfile(args.films):
            with open(args.films, encoding="utf-8") as f:
                lines = f.read().splitlines()
        else:
            raise FileNotFoundError(f"--films {args.films!r}: no such file (it takes a file with one title or id "
                                    "a line; name films on the command line with --film TITLE, repeatable)")
        films = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not films:
            raise ValueError(f"--films {args.films!r} names no film")
    films += [title.strip() for title in args.film or []]
    return films or None


def _export(args) -> int:
    from .export import export

    if not os.path.isfile(args.graph):
        raise FileNotFoundError(f"no snapshot at {args.graph} (write one with `reelgraph build` or FilmGraph.save)")
    relations = [r.strip() for r in args.relations.split(",")] if args.relations else None
    options = {"relations": relations, "hub_weighting": args.hub_weighting, "normalization": args.normalization,
               "min_year": args.min_year, "max_year": args.max_year, "edition": args.edition,
               "max_per_director": args.max_per_director, "method": args.method,
               "popularity_beta": args.popularity_beta}
    if args.exclude_same_director:
        options["exclude_same_director"] = True
    options = {name: value for name, value in options.items() if value is not None}
    summary = export(args.graph, args.output, format=args.format, k=args.k,
                     films=_film_list(args), threads=args.threads,
                     part_films=args.part_films, progress=not args.quiet, overwrite=args.overwrite, **options)
    if args.json:
        json.dump(summary.to_dict(), sys.stdout, indent=2)
        print()
    else:
        print(summary)
    return 0


def _serve(args) -> int:
    from .serve import run

    if args.workers < 1:
        raise ValueError(f"--workers must be 1 or more, not {args.workers}")
    run(args.graph, host=args.host, port=args.port, workers=args.workers, poll_seconds=args.poll)
    return 0


def _update(args) -> int:
    from .update import update

    if not os.path.isfile(args.graph):
        raise FileNotFoundError(f"no snapshot at {args.graph} (write one with `reelgraph build` or FilmGraph.save)")
    if args.films is None and args.remove is None:
        raise ValueError("nothing to do: give --films (and --links) to add or change films, or --remove")
    graph, summary = update(args.graph, args.films, args.links, args.aliases, remove=args.remove,
                            on_error="skip" if args.lenient else "raise")
    for t in summary.report.tables:
        skipped = f", {t.skipped} skipped" if t.skipped else ""
        print(f"{t.table}: {t.rows_read} rows read, {t.rows_used} used, {t.duplicates} duplicates merged{skipped}, "
              f"{t.rows_rejected} rejected")
        for error in t.rejected[: args.show_rejected]:
            print(f"  rejected {error}")
        if t.rows_rejected > min(len(t.rejected), args.show_rejected):
            print(f"  and {t.rows_rejected - min(len(t.rejected), args.show_rejected)} more rejected rows")
    path = graph.save(args.output)
    info = graph.info()
    print(f"saved {path}: {summary}; now {info['films']} films, {info['vertices']} vertices, {info['links']} links")
    return 0


def _add_serve(sub) -> None:
    sv = sub.add_parser("serve", help="serve see-also lists, film pages and an embeddable block over HTTP")
    sv.add_argument("graph", help="a snapshot file (.rg); replacing it (atomically) switches the service over")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--workers", type=int, default=1, help="processes sharing the port (default 1)")
    sv.add_argument("--poll", type=float, default=1.0, metavar="SECONDS",
                    help="how often to look for a new snapshot file (default 1; 0: never)")
    sv.set_defaults(run=_serve)

    up = sub.add_parser("update", help="add, change or remove films of a snapshot without rebuilding it")
    up.add_argument("graph", help="the snapshot file (.rg) to start from")
    up.add_argument("--films", metavar="TABLE", help="films to add, or to change (a film whose id the snapshot has: "
                    "its title, year and links are replaced); CSV, TSV or Parquet")
    up.add_argument("--links", metavar="TABLE", help="every link of those films")
    up.add_argument("--aliases", metavar="TABLE", help="aliases the new links use")
    up.add_argument("--remove", metavar="IDS", help="films to remove: a file with one id a line, or ids separated by commas")
    up.add_argument("-o", "--output", required=True, metavar="NEW.rg", help="the snapshot file to write "
                    "(may be the one served: it is written beside it and renamed into place)")
    up.add_argument("--lenient", action="store_true",
                    help="skip bad rows (each is counted and listed) instead of stopping at the first")
    up.add_argument("--show-rejected", type=int, default=5, metavar="N",
                    help="list at most N rejected rows per table (default 5; all are counted)")
    up.set_defaults(run=_update)


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data", metavar="PATH",
                        help="a snapshot file (.rg), or a folder with films, links and aliases tables "
                             "(default: the embedded seed world)")
    common.add_argument("--lenient", action="store_true",
                        help="skip bad rows (each is counted and listed) instead of stopping at the first")

    parser = _Parser(prog="reelgraph", description="Related films, with their reasons.")
    parser.add_argument("--version", action="version", version=f"reelgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    sa = sub.add_parser("see-also", parents=[common], help="films related to one film, with reasons")
    sa.add_argument("title", help="a title, or an id (tt0038297, Q42, or the table's film_id; id:... for an id only)")
    sa.add_argument("--year", type=int, help="the film's year, when several films share the title")
    sa.add_argument("-k", type=_positive_int, default=10, help="how many films (default 10; at least 1)")
    sa.add_argument("--json", action="store_true", help="print JSON instead of text")
    sa.add_argument("--edition", help="only films of this festival edition, e.g. 'MIFF 2013'")
    sa.add_argument("--min-year", type=int, metavar="Y",
                    help="only films released in year Y or later (films of unknown year are left out)")
    sa.add_argument("--max-year", type=int, metavar="Y",
                    help="only films released in year Y or earlier (films of unknown year are left out)")
    sa.add_argument("--relations", help="comma-separated relations that may count, e.g. directed_by,cast")
    sa.add_argument("--exclude-same-director", action="store_true", help="leave out films by its director(s)")
    sa.add_argument("--max-per-director", type=int, help="at most this many films by one director")
    sa.add_argument("--hub-weighting", choices=HUB_WEIGHTINGS, default="idf")
    sa.add_argument("--normalization", choices=NORMALIZATIONS, default="none")
    sa.add_argument("--method", choices=METHODS, default="cooccurrence",
                    help="how films are scored (see docs/scoring.md; default cooccurrence)")
    sa.add_argument("--seed", action="append", metavar="TITLE",
                    help="another film to start from (repeatable): films related to all of them")
    sa.add_argument("--popularity-beta", type=float,
                    help="divide scores by the film's number of links to this power (default 0.5 for rp3beta, else 0)")
    sa.set_defaults(run=_see_also)

    ev = sub.add_parser("evaluate", help="score see-also lists against co-liked films in a ratings folder")
    ev.add_argument("graph", nargs="?", help="graph snapshot (.rg), import manifest (.toml) or folder of tables "
                                             "(default: the embedded seed world)")
    ev.add_argument("--ratings", metavar="DIR", help="folder with ratings.csv and links.csv")
    ev.add_argument("--ballots", metavar="DIR", help="instead of ratings: a poll folder with votes.csv (voter_id, "
                                                     "film_id) and films.csv (film_id, imdb_id); films on one ballot "
                                                     "are related")
    ev.add_argument("--hygiene", action="store_true", help="also measure the default lists of every titled film")
    ev.add_argument("--seed", type=int, default=0, help="seed of the fit/eval split (default 0)")
    ev.add_argument("--methods", help="comma-separated groups: baselines,cooccurrence,grid,methods,learned (default all)")
    ev.add_argument("--measure", choices=("lift", "jaccard"), default="lift", help="co-like measure (default lift)")
    ev.add_argument("--min-rating", type=float, default=4.0, help="a rating at least this is a like (default 4)")
    ev.add_argument("--min-support", type=int, default=None,
                    help="common likers (ballots) a pair needs (default 3 for ratings, 2 for ballots)")
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
    ex.add_argument("-k", type=_positive_int, default=10, help="related films per film (default 10; at least 1)")
    ex.add_argument("--films", metavar="FILE", help="only the films of FILE, one title or id a line "
                    "('#' starts a comment; '-' reads standard input)")
    ex.add_argument("--film", action="append", metavar="TITLE", help="only this film (title or id; repeatable, "
                    "added after those of --films); a title with commas is one film")
    ex.add_argument("--threads", type=int, default=0, help="worker threads (default 0: every core)")
    ex.add_argument("--part-films", type=int, default=2048, metavar="N", help="films per part file (default 2048)")
    ex.add_argument("--overwrite", action="store_true", help="replace a folder holding another export")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.add_argument("--json", action="store_true", help="print the summary as JSON")
    ex.add_argument("--edition", help="only films of this festival edition, e.g. 'MIFF 2013'")
    ex.add_argument("--min-year", type=int, metavar="Y",
                    help="related films released in year Y or later only (films of unknown year are left out)")
    ex.add_argument("--max-year", type=int, metavar="Y",
                    help="related films released in year Y or earlier only (films of unknown year are left out)")
    ex.add_argument("--relations", help="comma-separated relations that may count, e.g. directed_by,cast")
    ex.add_argument("--exclude-same-director", action="store_true", help="leave out films by the film's director(s)")
    ex.add_argument("--max-per-director", type=int, help="at most this many films by one director")
    # No defaults here: an option left out takes see_also's own default.
    ex.add_argument("--hub-weighting", choices=HUB_WEIGHTINGS)
    ex.add_argument("--normalization", choices=NORMALIZATIONS)
    ex.add_argument("--method", choices=METHODS, help="how films are scored (default: see_also's, cooccurrence)")
    ex.add_argument("--popularity-beta", type=float,
                    help="divide scores by the film's number of links to this power (default 0.5 for rp3beta, else 0)")
    ex.set_defaults(run=_export)

    info = sub.add_parser("info", parents=[common], help="what the graph holds")
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
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
    _add_serve(sub)
    return parser


def _error(as_json: bool, message: str, kind: str, **details) -> int:
    """Print one error to stderr: text, or with --json one JSON object {"error": {...}}."""
    if as_json:
        json.dump({"error": {"type": kind, "message": message, **details}}, sys.stderr, ensure_ascii=False)
        print(file=sys.stderr)
    else:
        print(f"reelgraph: {message}", file=sys.stderr)
        for line in details.get("lines", ()):
            print(line, file=sys.stderr)
    return 1 if kind != "usage" else 2


def _lenient_hint(args) -> str:
    """Where --lenient would have let the command go on, say so."""
    if hasattr(args, "lenient") and not args.lenient:
        return " (--lenient skips bad rows instead, counting and listing each)"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        if not as_json:
            # argparse's own form: the (sub)command's usage line, then the message.
            exc.parser.print_usage(sys.stderr)
        prog = exc.parser.prog.removeprefix("reelgraph").strip()
        return _error(as_json, f"{prog + ': ' if prog else ''}{exc}", "usage")
    as_json = bool(getattr(args, "json", False))
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader (`| head`) stopped early: not an error of ours.
        sys.stdout = open(os.devnull, "w")
        return 0
    except AmbiguousFilmError as exc:
        candidates = []
        lines = []
        for r in exc.candidates.itertuples():
            by = f", directed by {r.directors}" if r.directors else ""
            year = _year_or_none(r.year)
            candidates.append({"film_id": r.film_id, "title": r.title, "year": year,
                               "directors": r.directors or None})
            lines.append(f"  {r.title} ({year or 'year unknown'}){by}  [id:{r.film_id}]")
        message = f"{len(exc.candidates)} films answer to '{exc.query}'; say which with --year or the id:"
        if as_json:
            return _error(True, message, "ambiguous_film", query=exc.query, candidates=candidates)
        return _error(False, message, "ambiguous_film", lines=lines)
    except FilmNotFoundError as exc:
        if as_json:
            return _error(True, f"no film titled '{exc.query}'", "film_not_found", query=exc.query,
                          suggestions=list(exc.suggestions))
        lines = ["Did you mean: " + "; ".join(exc.suggestions) + "?"] if exc.suggestions else []
        return _error(False, f"no film titled '{exc.query}'.", "film_not_found", lines=lines)
    except InputError as exc:
        return _error(as_json, f"{exc}{_lenient_hint(args)}", "input", file=exc.file, line=exc.line,
                      field=exc.field)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        kind = {FileNotFoundError: "file_not_found"}.get(type(exc), "key" if isinstance(exc, KeyError) else "value")
        return _error(as_json, str(message), kind)
    except MemoryError as exc:  # reelgraph.ResourceError: refused before allocating, with the figures
        return _error(as_json, str(exc) or "out of memory", "resource")
    except OSError as exc:
        # A full disk, a read-only folder, a file where a folder is wanted: the
        # system's reason and the path, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(as_json, f"{where}{exc.strerror or exc}", "os")
    except KeyboardInterrupt:
        _error(as_json, "interrupted", "interrupted")
        return 130
