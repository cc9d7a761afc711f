"""Quality evaluation: how well "see also" lists match what the same people liked.

The ground truth comes from ratings the graph never saw (MovieLens-style
``ratings.csv`` and ``links.csv``): two films are related when the same users
liked both (rating >= 4) more often than their popularity alone explains.
Every method, reelgraph's own and the baselines, ranks all other films of the
graph for each query film, and the rankings are scored against that truth.

Protocol (also in docs/quality.md):

- like: a rating >= ``min_rating`` (4.0). A film's likers are the users who
  liked it; ``U`` is the number of users who liked anything (among the films of
  the graph).
- relatedness of films i and j: lift = U * c_ij / (n_i * n_j), where c_ij is
  the number of users who liked both and n_i, n_j their likers (lift 1 is what
  chance gives). ``measure="jaccard"`` uses c_ij / (n_i + n_j - c_ij) instead.
  A pair counts only with c_ij >= ``min_support`` common likers (3) and lift > 1;
  each film keeps its ``max_list`` (50) best pairs, by the measure.
- query films: the films of the graph with a non-empty list. They are split
  50/50 at random with a fixed seed into a fit half (for tuning and learning
  weights) and an evaluation half (for the reported numbers); a film is never
  in both.
- metrics, averaged over query films: nDCG@10 with graded gains (the gain of a
  film is its lift, or Jaccard, with the query; log2 discount; ideal = the
  truth list sorted by gain), recall@20 (hits in the top 20 divided by
  min(20, size of the truth list), so a perfect list scores 1), MAP@100 (average
  precision over the top 100, divided by min(100, size of the truth list)),
  coverage (share of the graph's films in at least one top 10) and the mean
  ratings count of the films recommended in the top 10 (how mainstream the
  lists are).

Methods are plain callables ``rank(queries, k) -> list of arrays`` (each the
vertex ids of films, best first, without the query), so any ranking plugs in.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from .tables import InputError

Ranker = Callable[[np.ndarray, int], Sequence[np.ndarray]]

_RELATIONS = _core.relations()
# Relations a film links by; part_of ties entities to entities and never scores.
_FILM_RELATIONS = [r for r in _RELATIONS if r != "part_of"]

METRICS = ("ndcg@10", "recall@20", "map@100", "coverage@10", "mean_popularity@10")


# ---------------------------------------------------------------- metrics
def dcg(gains: np.ndarray) -> float:
    """Discounted cumulative gain of gains listed in rank order (log2 discount, rank 1 undiscounted)."""
    gains = np.asarray(gains, dtype=float)
    return float(np.sum(gains / np.log2(np.arange(2, len(gains) + 2)))) if len(gains) else 0.0


def ndcg_at_k(ranked: Sequence[int], relevant: Sequence[int], gains: Sequence[float] | None = None, k: int = 10) -> float:
    """nDCG@k of a ranking against graded relevance (gains default to 1 for each relevant film)."""
    relevant = np.asarray(relevant)
    if len(relevant) == 0:
        raise ValueError("nDCG needs at least one relevant film")
    gains = np.ones(len(relevant)) if gains is None else np.asarray(gains, dtype=float)
    lookup = dict(zip(relevant.tolist(), gains.tolist()))
    got = [lookup.get(int(f), 0.0) for f in list(ranked)[:k]]
    ideal = dcg(np.sort(gains)[::-1][:k])
    return dcg(np.asarray(got)) / ideal if ideal > 0 else 0.0


def recall_at_k(ranked: Sequence[int], relevant: Sequence[int], k: int = 20) -> float:
    """Hits in the top k divided by min(k, number relevant): a perfect top k scores 1."""
    relevant = set(int(f) for f in relevant)
    if not relevant:
        raise ValueError("recall needs at least one relevant film")
    hits = sum(1 for f in list(ranked)[:k] if int(f) in relevant)
    return hits / min(k, len(relevant))


def average_precision(ranked: Sequence[int], relevant: Sequence[int], k: int = 100) -> float:
    """AP@k: the mean of precision@i over the ranks i of hits within the top k, divided by min(k, number relevant)."""
    relevant = set(int(f) for f in relevant)
    if not relevant:
        raise ValueError("average precision needs at least one relevant film")
    hits, total = 0, 0.0
    for i, f in enumerate(list(ranked)[:k]):
        if int(f) in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / min(k, len(relevant))


# ---------------------------------------------------------------- ratings and ground truth
@dataclass
class Ratings:
    """Ratings of films of one graph: one row per (user, film vertex, rating)."""

    frame: pd.DataFrame  # user, film, rating
    n_films: int
    rows_read: int = 0
    unmatched_movies: int = 0  # movies of links.csv not in the graph
    ratings_outside_graph: int = 0
    rejected: list[InputError] = field(default_factory=list)

    @property
    def popularity(self) -> np.ndarray:
        """Ratings count per film vertex (0 for films nobody rated)."""
        return np.bincount(self.frame["film"].to_numpy(), minlength=self.n_films)


def _read_csv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"no {path.name} in {path.parent}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(path.name, 1, missing[0], f"missing column (the header has: {', '.join(frame.columns)})")
    return frame


def _numeric(frame: pd.DataFrame, column: str, path: Path, on_error: str, rejected: list,
             integer: bool = True) -> pd.Series:
    """A column as numbers; a bad cell raises InputError (or, on_error="skip", is recorded and its row dropped)."""
    text = frame[column].str.strip()
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~np.isfinite(values)
    if integer:
        bad |= values.notna() & (values != values.round())
    for i in np.flatnonzero(bad.to_numpy()):
        err = InputError(path.name, int(i) + 2, column,
                         f"'{frame[column].iloc[i]}' is not {'a whole number' if integer else 'a number'}")
        if on_error == "raise":
            raise err
        rejected.append(err)
    return values.where(~bad)


def read_ratings(folder: str | os.PathLike, graph, *, on_error: str = "raise") -> Ratings:
    """Read ``ratings.csv`` (userId, movieId, rating) and ``links.csv`` of a folder, keeping the films of `graph`.

    ``links.csv`` maps movieId to the graph's films: by a ``film_id`` column when
    it has one (the graph's own id, any spelling), else by ``imdbId`` (IMDb
    digits without ``tt``, as MovieLens writes them). A bad cell raises an
    InputError naming file, line and field; with ``on_error="skip"`` the row is
    left out and listed in ``rejected``. Ratings of movies the graph does not
    hold are counted in ``ratings_outside_graph``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder}")
    rejected: list[InputError] = []
    links_path, ratings_path = folder / "links.csv", folder / "ratings.csv"
    links = _read_csv(links_path, ["movieId"])
    if "film_id" not in links.columns and "imdbId" not in links.columns:
        raise InputError(links_path.name, 1, "imdbId", "links.csv needs an imdbId or a film_id column")
    movie = _numeric(links, "movieId", links_path, on_error, rejected)
    movie_to_film: dict[int, int] = {}
    unmatched = 0
    for i in range(len(links)):
        if pd.isna(movie.iloc[i]):
            continue
        given = links["film_id"].iloc[i].strip() if "film_id" in links.columns else ""
        if not given:
            digits = links["imdbId"].iloc[i].strip() if "imdbId" in links.columns else ""
            if not digits:
                unmatched += 1
                continue
            if not digits.isdigit():
                err = InputError(links_path.name, i + 2, "imdbId", f"'{digits}' is not IMDb digits")
                if on_error == "raise":
                    raise err
                rejected.append(err)
                continue
            given = f"tt{int(digits):07d}"
        try:
            movie_to_film[int(movie.iloc[i])] = graph.core.film_by_id(given)
        except (KeyError, ValueError):
            unmatched += 1

    raw = _read_csv(ratings_path, ["userId", "movieId", "rating"])
    user = _numeric(raw, "userId", ratings_path, on_error, rejected)
    movie_r = _numeric(raw, "movieId", ratings_path, on_error, rejected)
    rating = _numeric(raw, "rating", ratings_path, on_error, rejected, integer=False)
    ok = user.notna() & movie_r.notna() & rating.notna()
    film = movie_r[ok].astype(np.int64).map(movie_to_film)
    inside = film.notna()
    frame = pd.DataFrame({
        "user": user[ok][inside].astype(np.int64).to_numpy(),
        "film": film[inside].astype(np.int64).to_numpy(),
        "rating": rating[ok][inside].astype(float).to_numpy(),
    })
    return Ratings(frame=frame, n_films=graph.n_films, rows_read=len(raw), unmatched_movies=unmatched,
                   ratings_outside_graph=int((~inside).sum()), rejected=rejected)


@dataclass
class GroundTruth:
    """For each film, the films most co-liked with it, best first, with their gains."""

    relevant: dict[int, np.ndarray]
    gains: dict[int, np.ndarray]
    popularity: np.ndarray  # ratings count per film vertex
    measure: str
    min_rating: float
    min_support: int
    users: int  # users who liked at least one film of the graph

    @property
    def queries(self) -> np.ndarray:
        return np.asarray(sorted(self.relevant), dtype=np.int64)


def co_listed(group_index: np.ndarray, film: np.ndarray, n_groups: int, n_films: int, *, min_support: int,
              measure: str = "lift", max_list: int = 50) -> tuple[dict, dict, np.ndarray]:
    """Films that share groups (a viewer's likes, a critic's ballot), for each film best first.

    Pairs with at least `min_support` common groups and lift > 1, ranked by
    `measure` ("lift" or "jaccard"), then common groups, then vertex; at most
    `max_list` a film. Returns (relevant, gains, groups per film).
    """
    from scipy import sparse

    member = sparse.csr_matrix((np.ones(len(film), dtype=np.float64), (group_index, film)), shape=(n_groups, n_films))
    groups = np.asarray(member.sum(axis=0)).ravel()
    co = (member.T @ member).tocoo()
    keep = (co.row != co.col) & (co.data >= min_support)
    i, j, c = co.row[keep], co.col[keep], co.data[keep]
    lift = n_groups * c / (groups[i] * groups[j])
    positive = lift > 1.0
    i, j, c, lift = i[positive], j[positive], c[positive], lift[positive]
    score = lift if measure == "lift" else c / (groups[i] + groups[j] - c)
    order = np.lexsort((j, -c, -score, i))
    i, j, score = i[order], j[order], score[order]
    relevant, gains = {}, {}
    starts = np.flatnonzero(np.r_[True, i[1:] != i[:-1]]) if len(i) else np.array([], dtype=int)
    ends = np.r_[starts[1:], len(i)]
    for s_, e in zip(starts, ends):
        e = min(e, s_ + max_list)
        relevant[int(i[s_])] = j[s_:e].astype(np.int64)
        gains[int(i[s_])] = score[s_:e].astype(float)
    return relevant, gains, groups


def ground_truth(ratings: Ratings, *, min_rating: float = 4.0, min_support: int = 3, measure: str = "lift",
                 max_list: int = 50) -> GroundTruth:
    """Co-liked films from ratings: pairs with >= min_support common likers and lift > 1, ranked by `measure`."""
    if measure not in ("lift", "jaccard"):
        raise ValueError(f"measure must be lift or jaccard, not '{measure}'")
    if min_support < 1:
        raise ValueError(f"min_support must be 1 or more, not {min_support}")
    likes = ratings.frame.loc[ratings.frame["rating"] >= min_rating, ["user", "film"]].drop_duplicates()
    users, user_index = np.unique(likes["user"].to_numpy(), return_inverse=True)
    relevant, gains, _ = co_listed(user_index, likes["film"].to_numpy(), len(users), ratings.n_films,
                                   min_support=min_support, measure=measure, max_list=max_list)
    return GroundTruth(relevant=relevant, gains=gains, popularity=ratings.popularity, measure=measure,
                       min_rating=min_rating, min_support=min_support, users=len(users))


def split_queries(queries: Sequence[int], seed: int = 0, max_per_half: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Split query films 50/50 at random (fixed seed) into (fit, eval); disjoint, each sorted.

    With `max_per_half`, each half is then cut to a random subsample of that size (same seed).
    """
    queries = np.unique(np.asarray(queries, dtype=np.int64))
    rng = np.random.default_rng(seed)
    shuffled = rng.permutation(queries)
    half = (len(shuffled) + 1) // 2
    fit, ev = shuffled[:half], shuffled[half:]
    if max_per_half is not None:
        fit, ev = fit[:max_per_half], ev[:max_per_half]
    return np.sort(fit), np.sort(ev)


# ---------------------------------------------------------------- scoring a method
def score_rankings(rankings: Sequence[np.ndarray], queries: np.ndarray, truth: GroundTruth, n_films: int) -> dict:
    """The metrics of one method's rankings (one per query, aligned with `queries`)."""
    ndcg, recall, ap = [], [], []
    shown: set[int] = set()
    popular = []
    for q, ranked in zip(queries, rankings):
        ranked = np.asarray(ranked, dtype=np.int64)
        rel, gain = truth.relevant[int(q)], truth.gains[int(q)]
        ndcg.append(ndcg_at_k(ranked, rel, gain, 10))
        recall.append(recall_at_k(ranked, rel, 20))
        ap.append(average_precision(ranked, rel, 100))
        top = ranked[:10]
        shown.update(top.tolist())
        popular.extend(truth.popularity[top].tolist())
    return {
        "ndcg@10": float(np.mean(ndcg)) if ndcg else math.nan,
        "recall@20": float(np.mean(recall)) if recall else math.nan,
        "map@100": float(np.mean(ap)) if ap else math.nan,
        "coverage@10": len(shown) / n_films if n_films else math.nan,
        "mean_popularity@10": float(np.mean(popular)) if popular else math.nan,
    }


def evaluate_ranker(rank: Ranker, queries: np.ndarray, truth: GroundTruth, n_films: int, k: int = 100) -> dict:
    rankings = rank(np.asarray(queries, dtype=np.int64), k)
    if len(rankings) != len(queries):
        raise ValueError(f"a ranker returned {len(rankings)} lists for {len(queries)} queries")
    return score_rankings(rankings, queries, truth, n_films)


# ---------------------------------------------------------------- the graph as matrices (for baselines)
@dataclass
class Incidence:
    """The graph's film -> entity links as arrays: one row per (film, relation, entity) link."""

    film: np.ndarray
    entity: np.ndarray  # entity index: vertex - n_films
    relation: np.ndarray  # relation code
    n_films: int
    n_entities: int

    @classmethod
    def of(cls, graph) -> "Incidence":
        core = graph.core
        n = core.film_count
        films, entities, relations = [], [], []
        part_of = _RELATIONS.index("part_of")
        for v in range(n):
            targets, rels = core.links(v)
            keep = (targets >= n) & (rels != part_of)
            films.append(np.full(int(keep.sum()), v, dtype=np.int64))
            entities.append(targets[keep].astype(np.int64) - n)
            relations.append(rels[keep].astype(np.int64))
        cat = lambda parts: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)  # noqa: E731
        return cls(cat(films), cat(entities), cat(relations), n, core.vertex_count - n)

    def binary(self):
        """Films x entities, 1 where the film links to the entity by any relation."""
        from scipy import sparse

        m = sparse.csr_matrix((np.ones(len(self.film)), (self.film, self.entity)), shape=(self.n_films, self.n_entities))
        m.data[:] = 1.0
        return m

    def tokens(self):
        """Films x tokens counts: each link gives the entity's token and the relation-tagged token."""
        from scipy import sparse

        pair = self.relation * self.n_entities + self.entity
        pair_codes, pair_index = np.unique(pair, return_inverse=True)
        rows = np.r_[self.film, self.film]
        cols = np.r_[self.entity, self.n_entities + pair_index]
        m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n_films, self.n_entities + len(pair_codes)))
        m.sum_duplicates()
        return m


def _top_k(scores: np.ndarray, exclude: int, k: int) -> np.ndarray:
    """The k best films by score, best first, ties by vertex; films scoring 0 or less (nothing shared) left out."""
    scores = scores.copy()
    scores[exclude] = -np.inf
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        cut = scores[positive[part]].min()
        positive = positive[scores[positive] >= cut]  # keep every tie at the cut, sorted below
    order = np.lexsort((positive, -scores[positive]))
    return positive[order][:k]


def _dense_rows(matrix_rows) -> np.ndarray:
    return matrix_rows.toarray() if hasattr(matrix_rows, "toarray") else np.asarray(matrix_rows)


def similarity_ranker(score_rows: Callable[[np.ndarray], np.ndarray], chunk: int = 256) -> Ranker:
    """A ranker from a function giving dense score rows (queries x films) for a batch of queries."""

    def rank(queries: np.ndarray, k: int) -> list[np.ndarray]:
        out = []
        for s in range(0, len(queries), chunk):
            batch = queries[s:s + chunk]
            rows = score_rows(batch)
            out.extend(_top_k(rows[i], int(q), k) for i, q in enumerate(batch))
        return out

    return rank


# ---------------------------------------------------------------- baselines
def random_ranker(n_films: int, seed: int = 0) -> Ranker:
    def rank(queries, k):
        rng = np.random.default_rng(seed)
        out = []
        for q in queries:
            pick = rng.choice(n_films, size=min(n_films, k + 1), replace=False)
            out.append(pick[pick != q][:k])
        return out

    return rank


def popular_ranker(popularity: np.ndarray) -> Ranker:
    order = np.lexsort((np.arange(len(popularity)), -popularity))

    def rank(queries, k):
        return [order[order != q][:k] for q in queries]

    return rank


def same_director_ranker(incidence: Incidence, popularity: np.ndarray) -> Ranker:
    code = _RELATIONS.index("directed_by")
    is_dir = incidence.relation == code
    film, person = incidence.film[is_dir], incidence.entity[is_dir]
    by_person = pd.Series(film).groupby(person).agg(lambda s: np.unique(s.to_numpy()))
    by_film = pd.Series(person).groupby(film).agg(list)

    def rank(queries, k):
        out = []
        for q in queries:
            people = by_film.get(int(q), [])
            cands = np.unique(np.concatenate([by_person[p] for p in people])) if people else np.zeros(0, np.int64)
            cands = cands[cands != q]
            order = np.lexsort((cands, -popularity[cands]))
            out.append(cands[order][:k])
        return out

    return rank


def tfidf_ranker(incidence: Incidence) -> Ranker:
    """Cosine of TF-IDF vectors over each film's entity tokens and relation-tagged tokens."""
    from sklearn.feature_extraction.text import TfidfTransformer

    x = TfidfTransformer(norm="l2", sublinear_tf=True).fit_transform(incidence.tokens()).tocsr()
    xt = x.T.tocsc()
    return similarity_ranker(lambda batch: _dense_rows(x[batch] @ xt))


def jaccard_ranker(incidence: Incidence) -> Ranker:
    """Jaccard of the sets of entities two films link to."""
    b = incidence.binary().tocsr()
    bt = b.T.tocsc()
    degree = np.asarray(b.sum(axis=1)).ravel()

    def rows(batch):
        inter = _dense_rows(b[batch] @ bt)
        union = degree[batch][:, None] + degree[None, :] - inter
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(union > 0, inter / np.maximum(union, 1), 0.0)

    return similarity_ranker(rows)


# ---------------------------------------------------------------- reelgraph's own methods
def see_also_ranker(graph, threads: int = 2, **options) -> Ranker:
    """Rank with ``graph.see_also_arrays(film, k, **options)``; queries run on a thread pool (the core releases the GIL)."""

    def one(q, k):
        return np.asarray(graph.see_also_arrays(int(q), k, **options)["films"], dtype=np.int64)

    def rank(queries, k):
        if threads <= 1:
            return [one(q, k) for q in queries]
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(lambda q: one(q, k), queries))

    return rank


def see_also_options() -> set[str]:
    """The options ``FilmGraph.see_also_arrays`` takes in this build (methods beyond cooccurrence plug in when present)."""
    from .graph import FilmGraph

    return set(inspect.signature(FilmGraph.see_also_arrays).parameters)


def graph_relations(graph) -> list[str]:
    """Relations that occur on film links of the graph (part_of excluded)."""
    counts = graph.core.relation_counts()
    return [r for r in _FILM_RELATIONS if counts.get(r, 0)]


def learn_weights(graph, truth: GroundTruth, queries: np.ndarray, *, base: Mapping[str, float] | None = None,
                  relations: Sequence[str] | None = None, multipliers: Sequence[float] = (0.1, 0.5, 2.0),
                  rounds: int = 2, floor: float = 0.01, options: Mapping | None = None, log: Callable[[str], None] | None = None
                  ) -> tuple[dict[str, float], float, list[dict]]:
    """Per-relation weights that maximise nDCG@10 on `queries`, by coordinate ascent.

    Starts from `base` (the library's defaults) and, round after round, tries
    each relation's weight times each multiplier, keeping any change that raises
    the mean nDCG@10. No weight goes below `floor`: a relation the ratings say
    nothing about (MovieLens users do not choose films by festival) must still
    relate films that share nothing else, or a filter such as ``edition=``
    would find no film at all. Returns (weights, best nDCG@10, trace of
    accepted steps).
    """
    options = dict(options or {})
    weights = dict(base if base is not None else _core.default_weights())
    relations = list(relations if relations is not None else graph_relations(graph))

    def objective(w):
        rank = see_also_ranker(graph, weights=w, **options)
        rankings = rank(queries, 10)
        return float(np.mean([ndcg_at_k(r, truth.relevant[int(q)], truth.gains[int(q)], 10)
                              for q, r in zip(queries, rankings)]))

    best = objective(weights)
    trace = [{"round": 0, "relation": None, "weight": None, "ndcg@10": best}]
    for rnd in range(1, rounds + 1):
        improved = False
        for r in relations:
            current = weights.get(r, 0.0)
            tries = sorted({max(floor, round(current * m, 6)) for m in multipliers} | ({0.1} if current == 0 else set()))
            for value in tries:
                if value == current:
                    continue
                trial = {**weights, r: value}
                got = objective(trial)
                if got > best + 1e-9:
                    best, weights, improved = got, trial, True
                    trace.append({"round": rnd, "relation": r, "weight": value, "ndcg@10": best})
                    if log:
                        log(f"  round {rnd}: {r} = {value:g} -> nDCG@10 {best:.4f}")
            # a relation moved: its new value is the start for the next relation
        if not improved:
            break
    return weights, best, trace


@dataclass
class Candidate:
    """A named method for the table: its ranker and what to say about it."""

    name: str
    rank: Ranker
    family: str  # "baseline" or "reelgraph"
    note: str = ""


def baselines(graph, truth: GroundTruth, seed: int = 0, incidence: Incidence | None = None) -> list[Candidate]:
    incidence = incidence or Incidence.of(graph)
    n = graph.n_films
    return [
        Candidate("random", random_ranker(n, seed), "baseline"),
        Candidate("most popular", popular_ranker(truth.popularity), "baseline", "ratings count"),
        Candidate("same director", same_director_ranker(incidence, truth.popularity), "baseline",
                  "by ratings count"),
        Candidate("tf-idf cosine", tfidf_ranker(incidence), "baseline", "entity + relation:entity tokens"),
        Candidate("jaccard", jaccard_ranker(incidence), "baseline", "shared neighbours"),
    ]


# ---------------------------------------------------------------- the whole run
@dataclass
class Report:
    fit: pd.DataFrame
    eval: pd.DataFrame
    learned_weights: dict[str, float] | None
    tuned: dict
    info: dict

    def to_json(self) -> dict:
        def frame(df):
            return [{"method": m, **{k: (None if pd.isna(v) else float(v)) for k, v in row.items() if k != "note"},
                     "note": row.get("note", "")} for m, row in df.iterrows()]

        return {"info": self.info, "eval": frame(self.eval), "fit": frame(self.fit),
                "learned_weights": self.learned_weights, "tuned": self.tuned}

    def text(self) -> str:
        fmt = {c: "{:.4f}".format for c in ("ndcg@10", "recall@20", "map@100", "coverage@10")}
        fmt["mean_popularity@10"] = "{:.1f}".format
        lines = [
            f"ground truth: {self.info['truth']}",
            f"queries: {self.info['queries']}",
            "",
            "evaluation half:",
            self.eval.to_string(formatters=fmt),
            "",
            "fit half:",
            self.fit.drop(columns=["note"]).to_string(formatters=fmt),
        ]
        if self.learned_weights:
            lines += ["", "learned relation weights (fit half): " +
                      ", ".join(f"{r}={w:g}" for r, w in self.learned_weights.items() if w)]
        if self.tuned:
            lines += ["tuned on the fit half: " + ", ".join(f"{k}: {v}" for k, v in self.tuned.items())]
        lines += ["", self.info["verdict"]]
        return "\n".join(lines)


HUB_WEIGHTINGS = ("adamic_adar", "resource_allocation", "idf", "none")
NORMALIZATIONS = ("cosine", "pathsim", "none")
ALL_GROUPS = ("baselines", "cooccurrence", "grid", "methods", "learned")


def run(graph, truth: GroundTruth, *, seed: int = 0, max_queries: int | None = 1000, groups: Sequence[str] = ALL_GROUPS,
        learn_queries: int = 400, threads: int = 2, log: Callable[[str], None] | None = None,
        extra: Sequence[Candidate] = ()) -> Report:
    """Evaluate baselines and reelgraph's methods on the fit and eval halves; learn weights on the fit half."""
    log = log or (lambda s: None)
    unknown = set(groups) - set(ALL_GROUPS)
    if unknown:
        raise ValueError(f"unknown method group(s) {', '.join(sorted(unknown))} (one of: {', '.join(ALL_GROUPS)})")
    queries = truth.queries
    fit, ev = split_queries(queries, seed, max_queries)
    n = graph.n_films
    candidates: list[Candidate] = []
    tuned: dict = {}
    # Tuning and learning use a random part of the fit half, to keep a run short.
    sample = np.sort(np.random.default_rng(seed + 1).permutation(fit)[:learn_queries])
    learned = None
    if "baselines" in groups:
        candidates += baselines(graph, truth, seed)
    candidates += list(extra)
    if "cooccurrence" in groups:
        candidates.append(Candidate("reelgraph default", see_also_ranker(graph, threads), "reelgraph",
                                    "see_also() with no options"))
    if "grid" in groups:
        for hub in HUB_WEIGHTINGS:
            for norm in NORMALIZATIONS:
                candidates.append(Candidate(f"cooccurrence {hub}/{norm}",
                                            see_also_ranker(graph, threads, hub_weighting=hub, normalization=norm),
                                            "reelgraph"))
    if "methods" in groups:
        candidates += _method_candidates(graph, truth, sample, threads, tuned, log)
    if "learned" in groups:
        present = graph_relations(graph)
        # The scoring (hub weighting x normalisation) is chosen first, with the
        # default weights; the weights are then learned under it.
        best_fit, scoring = -1.0, None
        for hub in HUB_WEIGHTINGS:
            for norm in NORMALIZATIONS:
                got = evaluate_ranker(see_also_ranker(graph, threads, hub_weighting=hub, normalization=norm),
                                      sample, truth, n, k=10)["ndcg@10"]
                if got > best_fit:
                    best_fit, scoring = got, (hub, norm)
        hub, norm = scoring
        log(f"learning relation weights on {len(sample)} fit-half films under {hub}/{norm} ({best_fit:.4f})")
        t0 = time.perf_counter()
        learned, got, _ = learn_weights(graph, truth, sample, relations=present, log=log,
                                        options={"hub_weighting": hub, "normalization": norm})
        log(f"  {got:.4f} in {time.perf_counter() - t0:.1f} s")
        tuned["learned under"] = f"hub_weighting={hub}, normalization={norm}"
        candidates.append(Candidate("cooccurrence, learned weights",
                                    see_also_ranker(graph, threads, weights=learned, hub_weighting=hub,
                                                    normalization=norm),
                                    "reelgraph", f"{hub}/{norm}, weights fitted on the fit half"))
        learned = {r: learned[r] for r in present}

    rows = {"fit": [], "eval": []}
    for c in candidates:
        for half, qs in (("fit", fit), ("eval", ev)):
            t0 = time.perf_counter()
            metrics = evaluate_ranker(c.rank, qs, truth, n)
            rows[half].append({"method": c.name, **metrics, "seconds": time.perf_counter() - t0, "note": c.note})
        log(f"{c.name}: eval nDCG@10 {rows['eval'][-1]['ndcg@10']:.4f}")
    frames = {h: pd.DataFrame(r).set_index("method") if r else pd.DataFrame(columns=["method", *METRICS]).set_index("method")
              for h, r in rows.items()}
    for h in frames:
        frames[h] = frames[h].drop(columns=["seconds"], errors="ignore")
    info = {
        "films": n,
        "truth": (f"{len(queries)} films with co-liked lists ({truth.measure}, rating >= {truth.min_rating:g}, "
                  f">= {truth.min_support} common likers, {truth.users} users)"),
        "queries": f"{len(fit)} fit, {len(ev)} eval (seed {seed}" +
                   (f", at most {max_queries} per half)" if max_queries else ")"),
        "n_fit": len(fit), "n_eval": len(ev), "seed": seed,
    }
    info["verdict"] = _verdict(frames["eval"], candidates)
    return Report(fit=frames["fit"], eval=frames["eval"], learned_weights=learned, tuned=tuned, info=info)


def _verdict(table: pd.DataFrame, candidates: Sequence[Candidate]) -> str:
    if table.empty:
        return "no methods evaluated"
    family = {c.name: c.family for c in candidates}
    ours = [m for m in table.index if family.get(m) == "reelgraph"]
    base = [m for m in table.index if family.get(m) == "baseline"]
    if not ours or not base:
        return f"best by nDCG@10: {table['ndcg@10'].idxmax()}"
    best = table.loc[ours, "ndcg@10"].idxmax()
    rival = table.loc[base, "ndcg@10"].idxmax()
    a, b = table.loc[best, "ndcg@10"], table.loc[rival, "ndcg@10"]
    gain = (a / b - 1) * 100 if b > 0 else math.inf
    text = (f"best reelgraph method: {best} (nDCG@10 {a:.4f}); best baseline: {rival} ({b:.4f}); "
            f"{gain:+.1f}% relative")
    if "reelgraph default" in table.index and best != "reelgraph default":
        d = table.loc["reelgraph default", "ndcg@10"]
        text += f"\nreelgraph default: nDCG@10 {d:.4f}, {(d / b - 1) * 100 if b > 0 else math.inf:+.1f}% relative to {rival}"
    if "reelgraph default" in table.index and "tf-idf cosine" in table.index:
        d, t = table.loc["reelgraph default", "ndcg@10"], table.loc["tf-idf cosine", "ndcg@10"]
        text += f"\nreelgraph default vs tf-idf cosine: {(d / t - 1) * 100 if t > 0 else math.inf:+.1f}%"
    return text


def core_methods() -> bool:
    """Whether this build's core see_also takes ``method=`` (pathsim, ppr, rp3beta)."""
    return "method" in _core.SeeAlsoOptions.choices()


def core_ranker(graph, threads: int = 2, **options) -> Ranker:
    """Rank with the core's see_also directly, for options the Python wrapper may not expose yet."""
    core = graph.core
    base = _core.SeeAlsoOptions(**options)

    def one(q, k):
        return np.asarray(_core.see_also(core, int(q), base.replace(k=k))["films"], dtype=np.int64)

    def rank(queries, k):
        with ThreadPoolExecutor(max(1, threads)) as pool:
            return list(pool.map(lambda q: one(q, k), queries))

    return rank


def _method_candidates(graph, truth, fit, threads, tuned, log) -> list[Candidate]:
    """reelgraph's other see-also methods: PathSim (all meta-paths, and each alone), PPR, RP3beta (tuned)."""
    if not core_methods():
        log("this build's see_also has no method= option: pathsim, ppr and rp3beta skipped")
        return []
    n = graph.n_films
    out = [Candidate("pathsim, all meta-paths", core_ranker(graph, threads, method="pathsim"), "reelgraph",
                     "weighted sum over relations")]
    counts = graph.core.relation_counts()
    for r in graph_relations(graph):
        if counts.get(r, 0) >= 1000:  # a meta-path through a relation this rare answers few queries
            out.append(Candidate(f"pathsim, film-{r}-film", core_ranker(graph, threads, method="pathsim", relations=[r]),
                                 "reelgraph", "one meta-path"))
    out.append(Candidate("ppr", core_ranker(graph, threads, method="ppr"), "reelgraph", "alpha 0.15"))
    best, best_opts = -1.0, None
    for alpha in (0.5, 1.0):
        for beta in (0.0, 0.25, 0.5, 0.75, 1.0):
            opts = {"method": "rp3beta", "rp3_alpha": alpha, "popularity_beta": beta}
            got = evaluate_ranker(core_ranker(graph, threads, **opts), fit, truth, n, k=10)["ndcg@10"]
            if got > best:
                best, best_opts = got, opts
    tuned["rp3beta"] = f"alpha={best_opts['rp3_alpha']:g}, beta={best_opts['popularity_beta']:g}"
    log(f"rp3beta tuned on the fit half: {tuned['rp3beta']} ({best:.4f})")
    out.append(Candidate(f"rp3beta a={best_opts['rp3_alpha']:g} b={best_opts['popularity_beta']:g}",
                         core_ranker(graph, threads, **best_opts), "reelgraph", "alpha, beta tuned on the fit half"))
    return out


def load_graph(source: str | os.PathLike | None, lenient: bool = False):
    """A graph from a snapshot (.rg), an import manifest (.toml), a folder of tables, or the seed world (None).

    `lenient` skips bad rows of tables and manifests (each counted in the graph's report) instead of stopping.
    """
    from .graph import FilmGraph

    if source is None:
        return FilmGraph.seed_world()
    path = Path(source)
    if path.is_dir():
        return FilmGraph.from_folder(path, on_error="skip" if lenient else "raise")
    if not path.exists():
        raise FileNotFoundError(f"no such graph, manifest or folder: {path}")
    if path.suffix == ".toml":
        try:
            from . import importers
        except ImportError:
            raise ValueError(f"{path}: this build of reelgraph cannot read import manifests") from None
        graph, _report = importers.build(path, on_error="skip" if lenient else "raise")
        return graph
    if hasattr(FilmGraph, "load"):
        return FilmGraph.load(path)
    raise ValueError(f"{path}: not a folder of tables, and this build of reelgraph cannot load graph snapshots")


def report_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2)
