"""What a film programmer would judge in see-also lists, beyond co-liking.

Three measures complement :mod:`reelgraph.evaluate` (MovieLens co-liking):

- a second, independent relatedness signal: critics' and directors' top-10
  ballots (the Sight & Sound 2012 poll). Two films are related when the same
  voters listed both more often than their vote counts explain: lift =
  B * c_ij / (n_i * n_j) over B ballots, with c_ij >= ``min_support`` ballots
  listing both. Films join the graph by IMDb id. The result is a
  :class:`reelgraph.evaluate.GroundTruth`, so the same fit/evaluation split and
  metrics apply (its popularity is each film's vote count).
- list hygiene over every titled film of a graph (:func:`hygiene`): how much
  the most recommended films crowd the catalogue's lists, how often a hub is a
  list entry's strongest reason, how often a director's other film reaches the
  top 3 when the graph has one, and whether any untitled film is shown.
- a programmer's page (:func:`programmer_page`): the top 10 with reasons for
  well-known films of many eras, countries and genres, as Markdown to read.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from .evaluate import GroundTruth, _read_csv, co_listed
from .tables import InputError

_RELATIONS = _core.relations()
_DIRECTED_BY = _RELATIONS.index("directed_by")


# ---------------------------------------------------------------- ballots
@dataclass
class Ballots:
    """Ballots of films of one graph: one row per (ballot, film vertex)."""

    frame: pd.DataFrame  # ballot, film
    n_films: int
    votes_read: int = 0
    films_outside_graph: int = 0  # poll films with no IMDb id or none the graph holds
    votes_outside_graph: int = 0


def read_ballots(folder: str | os.PathLike, graph) -> Ballots:
    """``votes.csv`` (voter_id, film_id) and ``films.csv`` (film_id, imdb_id) of a poll folder, joined to `graph` by IMDb id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    films = _read_csv(folder / "films.csv", ["film_id", "imdb_id"])
    votes = _read_csv(folder / "votes.csv", ["voter_id", "film_id"])
    to_vertex: dict[str, int] = {}
    outside = 0
    for poll_id, imdb in zip(films["film_id"], films["imdb_id"]):
        imdb = imdb.strip()
        if not imdb:
            outside += 1
            continue
        try:
            to_vertex[poll_id.strip()] = graph.core.film_by_id(imdb)
        except (KeyError, ValueError):
            outside += 1
    for i, v in enumerate(votes["voter_id"]):
        if not v.strip():
            raise InputError("votes.csv", i + 2, "voter_id", "empty voter id")
    film = votes["film_id"].str.strip().map(to_vertex)
    inside = film.notna()
    frame = pd.DataFrame({"ballot": votes["voter_id"][inside].to_numpy(),
                          "film": film[inside].astype(np.int64).to_numpy()}).drop_duplicates()
    return Ballots(frame=frame, n_films=graph.n_films, votes_read=len(votes), films_outside_graph=outside,
                   votes_outside_graph=int((~inside).sum()))


def ballot_truth(ballots: Ballots, *, min_support: int = 2, max_list: int = 50) -> GroundTruth:
    """Films co-listed on ballots: pairs on >= min_support common ballots with lift > 1, ranked by lift."""
    if min_support < 1:
        raise ValueError(f"min_support must be 1 or more, not {min_support}")
    names, ballot_index = np.unique(ballots.frame["ballot"].to_numpy(), return_inverse=True)
    relevant, gains, votes = co_listed(ballot_index, ballots.frame["film"].to_numpy(), len(names), ballots.n_films,
                                       min_support=min_support, measure="lift", max_list=max_list)
    return GroundTruth(relevant=relevant, gains=gains, popularity=votes.astype(np.int64), measure="lift",
                       min_rating=0.0, min_support=min_support, users=len(names))


# ---------------------------------------------------------------- titles
_ID_LIKE = re.compile(r"^(tt\d{7,}|nm\d{7,}|Q\d+|film:.*)$")


def untitled(titles: Sequence[str]) -> np.ndarray:
    """True for a film with no real title: empty, or only an id (tt..., Q...); "1941" or "300" are titles."""
    return np.array([not t.strip() or bool(_ID_LIKE.match(t.strip())) for t in titles], dtype=bool)


def titled_films(graph) -> np.ndarray:
    """Vertices of the films that have a real title."""
    return np.flatnonzero(~untitled(graph.titles())).astype(np.int64)


# ---------------------------------------------------------------- hygiene
def evidence_degree(films: int) -> int:
    """The engine's default evidence degree: an entity linked to more films is a hub (see SeeAlsoOptions)."""
    return max(100, films // 500)


def film_directors(graph) -> list[np.ndarray]:
    """Each film's director vertices."""
    core = graph.core
    out = []
    for v in range(core.film_count):
        targets, rels = core.links(v)
        out.append(targets[rels == _DIRECTED_BY].astype(np.int64))
    return out


def _lists(graph, films: np.ndarray, k: int, options: Mapping, threads: int):
    """(query, rank from 1, film, strongest reason's entity) of every entry of the films' lists."""
    from concurrent.futures import ThreadPoolExecutor

    def one(v):
        raw = graph.see_also_arrays(int(v), k, **options)
        got = np.asarray(raw["films"], dtype=np.int64)
        offsets = np.asarray(raw["term_offsets"], dtype=np.int64)
        entities = np.asarray(raw["term_entity"], dtype=np.int64)
        top = entities[offsets[:-1]] if len(got) else np.zeros(0, np.int64)
        return got, top

    with ThreadPoolExecutor(max(1, threads)) as pool:
        results = list(pool.map(one, films.tolist(), chunksize=64))
    lengths = np.array([len(r[0]) for r in results], dtype=np.int64)
    query = np.repeat(films, lengths)
    rank = np.concatenate([np.arange(1, n + 1) for n in lengths]) if len(lengths) else np.zeros(0, np.int64)
    film = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
    top = np.concatenate([r[1] for r in results]) if results else np.zeros(0, np.int64)
    return query, rank, film, top


def hygiene(graph, options: Mapping | None = None, *, k: int = 10, films: np.ndarray | None = None,
            hub_degree: int | None = None, threads: int = 0, directors: list[np.ndarray] | None = None) -> dict:
    """List hygiene of see_also(**options) over `films` (default every titled film).

    - ``top_film_share``: the share of lists the most recommended film is in
      (and ``top_film``, its title);
    - ``top1pct_slot_share``: the share of all list entries taken by the most
      recommended 1% of films (1% of the films listed over);
    - ``hub_reason_share``: the share of entries whose strongest reason is an
      entity linked to more than `hub_degree` films (default: the engine's
      evidence degree, max(100, films / 500));
    - ``director_top3``: among lists whose film has a director with another
      film in the graph, the share where one such film is in the top 3;
    - ``untitled_shown``: entries that show a film with no real title;
    - ``mean_length`` and ``short_lists``: how many films lists hold, and the
      share of lists shorter than k.
    """
    options = dict(options or {})
    titles = graph.titles()
    no_title = untitled(titles)
    if films is None:
        films = np.flatnonzero(~no_title).astype(np.int64)
    n = graph.n_films
    if hub_degree is None:
        hub_degree = evidence_degree(n)
    query, rank, film, top = _lists(graph, films, k, options, threads or 2)
    lists = len(films)
    entries = len(film)
    counts = np.bincount(film, minlength=n)
    most = int(np.argmax(counts)) if entries else -1
    top_n = max(1, int(round(0.01 * len(films))))
    slot_share = float(np.sort(counts)[::-1][:top_n].sum() / entries) if entries else math.nan
    degrees = graph.core.film_degrees(top).astype(np.int64) if entries else np.zeros(0, np.int64)
    hub_share = float(np.mean(degrees > hub_degree)) if entries else math.nan
    # A director's other film: the lists that can have one, and those whose top 3 does.
    directors = directors if directors is not None else film_directors(graph)
    by_director: dict[int, list[int]] = {}
    for v in films.tolist():
        for d in directors[v].tolist():
            by_director.setdefault(d, []).append(v)
    core = graph.core
    can, has = 0, 0
    top3: dict[int, set] = {}
    sel = rank <= 3
    for q, f in zip(query[sel].tolist(), film[sel].tolist()):
        top3.setdefault(q, set()).add(f)
    for v in films.tolist():
        others = set()
        for d in directors[v].tolist():
            # other films of the director, any title (the list may show only titled ones)
            targets, _ = core.links(int(d))
            others.update(int(t) for t in targets if t < n and t != v and not no_title[t])
        if not others:
            continue
        can += 1
        if top3.get(v, set()) & others:
            has += 1
    lengths = np.bincount(query, minlength=n)[films] if entries else np.zeros(len(films), np.int64)
    return {
        "lists": lists,
        "entries": entries,
        "top_film": titles[most] if most >= 0 else "",
        "top_film_share": float(counts[most] / lists) if entries else 0.0,
        "top1pct_slot_share": slot_share,
        "hub_degree": hub_degree,
        "hub_reason_share": hub_share,
        "director_lists": can,
        "director_top3": has / can if can else math.nan,
        "untitled_shown": int(no_title[film].sum()) if entries else 0,
        "mean_length": float(lengths.mean()) if lists else 0.0,
        "short_lists": float(np.mean(lengths < k)) if lists else 0.0,
    }


HYGIENE_TARGETS = {
    "top_film_share": ("<=", 0.01),
    "top1pct_slot_share": ("<=", 0.08),
    "hub_reason_share": ("<=", 0.03),
    "director_top3": (">=", 0.90),
    "untitled_shown": ("<=", 0),
}


def hygiene_text(h: Mapping) -> str:
    def mark(key):
        op, bound = HYGIENE_TARGETS[key]
        ok = h[key] <= bound if op == "<=" else h[key] >= bound
        return f"(target {op} {bound:g}: {'met' if ok else 'MISSED'})"

    return "\n".join([
        f"lists: {h['lists']} titled films, {h['entries']} entries, mean length {h['mean_length']:.2f}, "
        f"{h['short_lists']:.1%} shorter than k",
        f"most recommended film: {h['top_film']} in {h['top_film_share']:.2%} of lists {mark('top_film_share')}",
        f"slots taken by the most recommended 1% of films: {h['top1pct_slot_share']:.2%} {mark('top1pct_slot_share')}",
        f"entries whose strongest reason is a hub (> {h['hub_degree']} films): {h['hub_reason_share']:.2%} "
        f"{mark('hub_reason_share')}",
        f"a director's other film in the top 3: {h['director_top3']:.2%} of {h['director_lists']} lists that can "
        f"have one {mark('director_top3')}",
        f"untitled films shown: {h['untitled_shown']} {mark('untitled_shown')}",
    ])


# ---------------------------------------------------------------- programmer's page
# Well-known films across eras, countries and genres, by IMDb id.
PAGE_FILMS: tuple[tuple[str, str], ...] = (
    ("tt6751668", "Parasite"),
    ("tt0033467", "Citizen Kane"),
    ("tt0047478", "Seven Samurai"),
    ("tt0245429", "Spirited Away"),
    ("tt0046438", "Tokyo Story"),
    ("tt0015648", "Battleship Potemkin"),
    ("tt0017136", "Metropolis"),
    ("tt0034583", "Casablanca"),
    ("tt0040522", "Bicycle Thieves"),
    ("tt0042876", "Rashomon"),
    ("tt0045152", "Singin' in the Rain"),
    ("tt0048473", "Pather Panchali"),
    ("tt0050976", "The Seventh Seal"),
    ("tt0052357", "Vertigo"),
    ("tt0053198", "The 400 Blows"),
    ("tt0053779", "La Dolce Vita"),
    ("tt0060827", "Persona"),
    ("tt0062622", "2001: A Space Odyssey"),
    ("tt0068646", "The Godfather"),
    ("tt0075314", "Taxi Driver"),
    ("tt0079944", "Stalker"),
    ("tt0110912", "Pulp Fiction"),
    ("tt0114709", "Toy Story"),
    ("tt0118694", "In the Mood for Love"),
    ("tt0120338", "Titanic"),
    ("tt0211915", "Amelie"),
    ("tt0317248", "City of God"),
    ("tt0364569", "Oldboy"),
    ("tt0457430", "Pan's Labyrinth"),
    ("tt0468569", "The Dark Knight"),
    ("tt1832382", "A Separation"),
    ("tt4975722", "Moonlight"),
)


def programmer_page(graph, options: Mapping | None = None, *, k: int = 10,
                    films: Sequence[tuple[str, str]] = PAGE_FILMS, heading: str = "") -> str:
    """Markdown: for each film the graph holds, its top k with the reason of each entry."""
    options = dict(options or {})
    lines = [f"# {heading or 'See-also lists for well-known films'}", ""]
    if options:
        lines += ["Options: " + ", ".join(f"`{k_}={v!r}`" for k_, v in sorted(options.items())), ""]
    missing = []
    for imdb, name in films:
        try:
            v = graph.core.film_by_id(imdb)
        except (KeyError, ValueError):
            missing.append(name)
            continue
        year = graph.core.year(v)
        lines.append(f"## {graph.core.name(v)} ({year or '?'})")
        lines.append("")
        table = graph.see_also(v, k, **options)
        if table.empty:
            lines += ["(no related film with enough evidence)", ""]
            continue
        for row in table.itertuples():
            padded = " *(padding)*" if getattr(row, "padded", False) else ""
            lines.append(f"{row.rank}. **{row.title}** ({row.year if pd.notna(row.year) and row.year else '?'}){padded}: {row.reason}")
        lines.append("")
    if missing:
        lines += ["Not in this graph: " + ", ".join(missing), ""]
    return "\n".join(lines)
