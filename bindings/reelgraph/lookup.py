"""Finding nodes by what a user types: exact folded matches, then ranked suggestions.

The folding rule is the core's :func:`reelgraph._core.search_key` (case, accents,
punctuation, articles, a bracketed year, name order for people); the index of
every name and alias under that key is built when the graph is frozen and
stored in snapshots. Suggestions rank the index's keys with rapidfuzz, in C++,
a few milliseconds over a few hundred thousand names.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from . import _core

_BARE_WIKIDATA = re.compile(r"Q\d+")
# Kinds whose names the vocabulary normalises, and the relation it does so for.
_VOCABULARY = {"country": "country", "language": "language", "genre": "genre", "festival": "screened_at"}


def untitled(name: str) -> bool:
    """A film known only by its Wikidata id: no title to show."""
    return bool(_BARE_WIKIDATA.fullmatch(name))


class SearchIndex:
    """The core's search index, grouped for ranking: per kind, the distinct keys
    and the vertices under each."""

    def __init__(self, core: "_core.FilmGraph"):
        self._g = core
        keys, vertices = core.search_index()
        keys = np.asarray(keys, dtype=object)
        kinds = np.asarray(core.kinds(vertices.astype(np.int64)), dtype=object)
        # Names that are bare Wikidata ids ("q42": a film or an actor known by
        # id only) are nobody's spelling of anything: not offered as suggestions.
        offered = ~pd.Series(keys, dtype=object).str.fullmatch(r"q\d+").to_numpy(dtype=bool)
        self._by_kind: dict[str, tuple[list[str], list[np.ndarray]]] = {}
        for kind in pd.unique(kinds):
            chosen = np.flatnonzero((kinds == kind) & offered)
            kind_keys, kind_vertices = keys[chosen], vertices[chosen]
            # Entries are sorted by key: a run of equal keys is one choice.
            starts = np.flatnonzero(np.r_[True, kind_keys[1:] != kind_keys[:-1]]) if len(chosen) else chosen
            self._by_kind[kind] = (kind_keys[starts].tolist(), np.split(kind_vertices, starts[1:]))

    def exact(self, text: str, kind: str | None = None) -> list[int]:
        """Vertices whose name or alias folds to the same key as `text`; a country,
        language, genre or festival also by any spelling the vocabulary knows
        ("HK", "Cannes Film Festival")."""
        found = list(self._g.search(text, kind or ""))
        kinds = [kind] if kind else list(_VOCABULARY)
        for k in kinds:
            if k in _VOCABULARY:
                from .importers.vocab import NORMALISERS

                shown = NORMALISERS[_VOCABULARY[k]](text)
                if shown != text.strip():
                    found += [v for v in self._g.search(shown, k) if v not in found]
        return sorted(found)

    def ranked(self, text: str, kinds: Sequence[str], limit: int = 10,
               cutoff: float = 55.0) -> list[tuple[int, float]]:
        """(vertex, score 0-100) of the closest names of these kinds, best first.

        Exact folded matches score 100; the others are rapidfuzz's similarity of
        the folded keys (words in any order for people). Equal scores put the
        vertex with more films first.
        """
        hits: dict[int, float] = {}
        for kind in kinds:
            # Exact folded matches first, even those never offered as
            # suggestions (a name that is a bare Wikidata id).
            for v in self._g.search(text, kind):
                hits[int(v)] = 100.0
            if kind not in self._by_kind:
                continue
            keys, groups = self._by_kind[kind]
            query = _core.search_key(text, kind == "person")
            if not query:
                continue
            # The keys are folded already (and people's words sorted), so a plain
            # edit-distance ratio ranks well; the cutoff lets rapidfuzz skip
            # most names on their length alone.
            for _, score, i in process.extract(query, keys, scorer=fuzz.QRatio, limit=limit * 2,
                                               score_cutoff=cutoff):
                if keys[i] == query:
                    score = 100.0
                else:
                    score = min(float(score), 99.0)
                for v in groups[i].tolist():
                    hits[v] = max(hits.get(v, 0.0), score)
        if not hits:
            return []
        vs = np.fromiter(hits.keys(), dtype=np.int64, count=len(hits))
        # How much the graph knows of each: films by their links, entities by their films.
        degree = [len(self._g.links(int(v))[0]) if v < self._g.film_count else int(d)
                  for v, d in zip(vs.tolist(), self._g.film_degrees(vs))]
        order = sorted(range(len(vs)), key=lambda j: (-hits[int(vs[j])], -int(degree[j]), int(vs[j])))
        return [(int(vs[j]), hits[int(vs[j])]) for j in order][:limit]
