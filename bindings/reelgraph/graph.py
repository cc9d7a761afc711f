"""FilmGraph: the Python face of the core graph."""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._build import build
from .datasets import dataset_path
from .explain import reason, term_phrase
from .tables import ALIAS_COLUMNS, FILM_COLUMNS, LINK_COLUMNS, LoadReport, OnError, TableSource, read_table

SnapshotError = _core.SnapshotError
_RELATIONS = _core.relations()  # index = the relation's numeric code


def _years(values) -> pd.Series:
    """Years as a nullable integer column: the core's 0 (unknown) becomes <NA>."""
    years = pd.Series(np.asarray(values, dtype=np.int32), dtype="Int32")
    return years.mask(years == 0)
HUB_WEIGHTINGS = ("none", "resource_allocation", "adamic_adar", "idf")
NORMALIZATIONS = ("none", "cosine", "pathsim")


def _year_text(year) -> str:
    return "year unknown" if pd.isna(year) else str(int(year))


class FilmNotFoundError(KeyError):
    """No film has that title or id; `suggestions` holds the closest titles."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query, self.suggestions = query, list(suggestions)
        super().__init__(query)

    def __str__(self) -> str:
        text = f"no film titled or identified as '{self.query}'"
        if self.suggestions:
            text += "; closest titles: " + ", ".join(self.suggestions)
        return text


class AmbiguousFilmError(KeyError):
    """Several films answer to the name; `candidates` is a DataFrame of them."""

    def __init__(self, query: str, candidates: pd.DataFrame):
        self.query, self.candidates = query, candidates
        super().__init__(query)

    def __str__(self) -> str:
        listing = "; ".join(f"{r.title} ({_year_text(r.year)}) as id:{r.film_id}" for r in self.candidates.itertuples())
        return f"{len(self.candidates)} films answer to '{self.query}': {listing}. Give the year or the id."


class FilmGraph:
    """A typed graph of films and everything that connects them.

    Build one with :meth:`from_folder`, :meth:`from_files` or :meth:`from_tables`
    (see the README for the table format), or :meth:`seed_world` for the
    embedded default. Films are identified by vertex ids (ints); look one up with
    :meth:`film`.
    """

    def __init__(self, core: "_core.FilmGraph", report: LoadReport | None = None, metadata: dict | None = None):
        self._g = core
        self.report = report if report is not None else LoadReport()
        # Free-form facts about how the graph was made (sources, options); kept in snapshots.
        self.metadata: dict = dict(metadata or {})
        self._titles: list[str] | None = None

    # ------------------------------------------------------------ building
    @classmethod
    def from_tables(
        cls,
        films: TableSource,
        links: TableSource,
        aliases: TableSource | None = None,
        *,
        on_error: OnError = "raise",
    ) -> "FilmGraph":
        """Build from tables: paths (CSV, TSV, Parquet), DataFrames or pyarrow Tables.

        ``on_error="raise"`` stops at the first bad row with an InputError naming
        file, line and field; ``"skip"`` leaves bad rows out and lists each one
        in ``graph.report``.
        """
        film_table = read_table(films, name="films", schema=FILM_COLUMNS, on_error=on_error)
        link_table = read_table(links, name="links", schema=LINK_COLUMNS, on_error=on_error)
        alias_table = (
            None if aliases is None else read_table(aliases, name="aliases", schema=ALIAS_COLUMNS, on_error=on_error)
        )
        core, report = build(film_table, link_table, alias_table, on_error)
        return cls(core, report)

    from_files = from_tables

    @classmethod
    def from_folder(cls, folder: str | os.PathLike, *, on_error: OnError = "raise") -> "FilmGraph":
        """Build from a folder holding films.*, links.* and optionally aliases.* (csv, tsv, parquet)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise FileNotFoundError(f"not a folder: {folder}")

        def find(stem: str, required: bool):
            found = sorted(p for p in folder.iterdir() if p.name.split(".")[0] == stem and p.is_file())
            if not found and required:
                raise FileNotFoundError(f"{folder} has no {stem}.csv, {stem}.tsv or {stem}.parquet")
            if len(found) > 1:
                raise ValueError(f"{folder} has several {stem} tables: {', '.join(p.name for p in found)}")
            return found[0] if found else None

        return cls.from_tables(find("films", True), find("links", True), find("aliases", False), on_error=on_error)

    @classmethod
    def from_imdb(
        cls,
        folder: str | os.PathLike,
        *,
        on_error: OnError = "raise",
        progress: bool = False,
        title_types: Sequence[str] = ("movie", "tvMovie", "short"),
        include_adult: bool = False,
    ) -> "FilmGraph":
        """Build from IMDb's non-commercial datasets in a folder (``title.basics.tsv[.gz]`` and
        optionally ``title.principals``, ``title.crew``, ``name.basics``), streamed by the native reader.

        Titles of ``title_types`` become films; principals and crew become credits
        (director, producer, writer, cast, editor, cinematographer, composer, other
        crew); ``name.basics`` names the people. ``graph.report`` has one entry per
        file: rows read, used, skipped (not about a chosen film) and rejected.
        """
        from ._imdb import from_imdb

        core, report = from_imdb(folder, on_error=on_error, progress=progress, title_types=title_types,
                                 include_adult=include_adult)
        return cls(core, report)

    @classmethod
    def seed_world(cls) -> "FilmGraph":
        """The embedded default dataset: the films named by the project's three seed documents."""
        return cls.from_folder(dataset_path("seed-world"))

    # ------------------------------------------------------------ snapshots
    def save(self, path: str | os.PathLike) -> Path:
        """Write the graph, its load report and its metadata to a snapshot file (``.rg``).

        The file is written under a temporary name and renamed into place, so an
        interrupted save never leaves a file that looks whole. The same graph
        always gives the same bytes.
        """
        path = Path(path)
        blob = json.dumps(
            {"reelgraph": _core.__version__, "report": self.report.to_dict(), "metadata": self.metadata},
            sort_keys=True, ensure_ascii=False,
        )
        _core.save_snapshot(self._g, os.fspath(path), blob)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "FilmGraph":
        """Read a snapshot written by :meth:`save`, without parsing any table.

        A missing file is a FileNotFoundError; a truncated, corrupted, foreign or
        other-version file is a :class:`SnapshotError` (a ValueError) saying which.
        """
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no snapshot at {path}")
        core, blob = _core.load_snapshot(os.fspath(path))
        try:
            data = json.loads(blob.decode("utf-8")) if blob else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:  # checksummed, so only a foreign writer does this
            raise SnapshotError(f"{path}: its metadata is not JSON ({exc})") from None
        return cls(core, LoadReport.from_dict(data.get("report", {})), data.get("metadata", {}))

    # ------------------------------------------------------------ looking up
    @property
    def core(self) -> "_core.FilmGraph":
        return self._g

    @property
    def n_films(self) -> int:
        return self._g.film_count

    def __len__(self) -> int:
        return self._g.film_count

    def __repr__(self) -> str:
        return f"<FilmGraph: {self._g.film_count} films, {self._g.vertex_count} vertices, {self._g.edge_count // 2} links>"

    def film_ids(self, vertices) -> list[str]:
        """Film ids as the tables wrote them (canonical external ids, or the local id)."""
        return [k[5:] if k.startswith("film:") else k for k in self._g.keys(np.asarray(vertices, dtype=np.int64))]

    def titles(self) -> list[str]:
        if self._titles is None:
            self._titles = self._g.names(np.arange(self._g.film_count))
        return self._titles

    def films(self) -> pd.DataFrame:
        """Every film: vertex, film_id, title, year."""
        ids = np.arange(self._g.film_count)
        return pd.DataFrame(
            {"film": ids, "film_id": self.film_ids(ids), "title": self.titles(), "year": _years(self._g.years(ids))}
        )

    def film(self, film: int | str, year: int | None = None) -> int:
        """The vertex of a film given by vertex id, external id, local id or title.

        A title shared by several films, or a title that is also another film's
        id, needs `year` or the id written "id:..." (AmbiguousFilmError lists the
        candidates otherwise); an unknown one raises FilmNotFoundError with the
        closest titles.
        """
        if isinstance(film, (int, np.integer)) and not isinstance(film, bool):
            if not 0 <= int(film) < self._g.film_count:
                raise FilmNotFoundError(str(film))
            if year is not None and self._g.year(int(film)) != int(year):
                raise FilmNotFoundError(f"{film} ({year})", [self._g.name(int(film))])
            return int(film)
        text = str(film).strip()
        if text.lower().startswith("id:"):  # an id and nothing else, for ids that are also titles
            try:
                return self._g.film_by_id(text[3:].strip())
            except (KeyError, ValueError):
                raise FilmNotFoundError(text) from None
        try:
            by_id = [self._g.film_by_id(text)]
        except (KeyError, ValueError):
            by_id = []  # not an id of a film: a title only
        # An id and a title may both match ("1917" the id of one film, the title
        # of another): then the answer is ambiguous, not the id's.
        matches = list(dict.fromkeys(by_id + list(self._g.films_titled(text))))
        if year is not None:
            dated = [v for v in matches if self._g.year(v) == int(year)]
            if not dated:
                if matches:
                    described = self._describe(matches)
                    raise FilmNotFoundError(f"{text} ({year})",
                                            [f"{r.title} ({_year_text(r.year)})" for r in described.itertuples()])
                raise FilmNotFoundError(f"{text} ({year})", self.suggest(text))
            matches = dated
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise FilmNotFoundError(text, self.suggest(text))
        raise AmbiguousFilmError(text, self._describe(matches))

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """The titles closest to `text`, for a title that matched none."""
        folded = {}
        for title in self.titles():
            folded.setdefault(title.casefold(), title)
        close = difflib.get_close_matches(text.casefold(), list(folded), n=n, cutoff=0.5)
        contains = [t for f, t in folded.items() if text.casefold() in f and f not in close]
        return [folded[c] for c in close] + contains[: max(0, n - len(close))]

    def _describe(self, vertices: Iterable[int]) -> pd.DataFrame:
        vs = np.asarray(list(vertices), dtype=np.int64)
        return pd.DataFrame(
            {"film": vs, "film_id": self.film_ids(vs), "title": self._g.names(vs), "year": _years(self._g.years(vs)),
             "directors": [", ".join(self.people(v, "directed_by")) for v in vs]}
        )

    def people(self, film: int | str, relation: str = "directed_by") -> list[str]:
        """Names linked to a film by one relation, e.g. its directors."""
        v = self.film(film)
        code = _RELATIONS.index(relation)
        targets, relations = self._g.links(v)
        chosen = targets[relations == code]
        return self._g.names(chosen) if len(chosen) else []

    def links(self, film: int | str) -> pd.DataFrame:
        """Everything a film links to: relation, kind, name, key."""
        v = self.film(film)
        targets, relations = self._g.links(v)
        return pd.DataFrame(
            {
                "relation": [_RELATIONS[r] for r in relations],
                "kind": self._g.kinds(targets),
                "name": self._g.names(targets),
                "key": self._g.keys(targets),
                "films": self._g.film_degrees(targets),
            }
        )

    def edition(self, edition: str | tuple[str, int]) -> int:
        """The vertex of a festival edition: "MIFF 2013" or ("MIFF", 2013)."""
        if isinstance(edition, str):
            m = re.fullmatch(r"\s*(.+?)\s+(\d{4})\s*", edition)
            if not m:
                raise ValueError(f"an edition is a festival and a year, like 'MIFF 2013', not '{edition}'")
            festival, year = m.group(1), int(m.group(2))
        else:
            festival, year = edition
        v = self._g.find_edition(festival, int(year))
        if v is None:
            fest = self._g.find_entity("festival", festival)
            if fest is None:
                raise KeyError(f"no festival named '{festival}'")
            raise KeyError(f"no {year} edition of {self._g.name(fest)}; editions: {', '.join(map(str, self._editions_of(fest)))}")
        return v

    def _editions_of(self, festival: int) -> list[int]:
        targets, relations = self._g.links(festival)
        parts = targets[relations == _RELATIONS.index("part_of")]
        return sorted(self._g.year(t) for t in parts if self._g.kind(t) == "edition")

    def entity(self, kind: str, name: str) -> int:
        """The vertex of a person, company, festival... by name, alias or external id."""
        v = self._g.find_entity(kind, name)
        if v is None:
            raise KeyError(f"no {kind} named '{name}'")
        return v

    # ------------------------------------------------------------ see also
    def _options(self, k, weights, relations, hub_weighting, normalization, hub_degree, min_year, max_year,
                 exclude_same_director, edition, within, max_per_director) -> dict:
        for name, value in (("k", k), ("hub_degree", hub_degree), ("max_per_director", max_per_director)):
            if value is not None and int(value) < 0:
                raise ValueError(f"{name} must be 0 or more, not {value}")
        if hub_weighting not in HUB_WEIGHTINGS:
            raise ValueError(f"hub_weighting must be one of {', '.join(HUB_WEIGHTINGS)}, not '{hub_weighting}'")
        if normalization not in NORMALIZATIONS:
            raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}, not '{normalization}'")
        known = set(_RELATIONS)
        for r in list(relations or []) + list((weights or {}).keys()):
            if r not in known:
                raise ValueError(f"unknown relation '{r}' (one of: {', '.join(_RELATIONS)})")
        restrict = []
        if edition is not None:
            restrict.append(self.edition(edition))
        for v in within or []:
            if not 0 <= int(v) < self._g.vertex_count:
                raise ValueError(f"within names vertex {v}, which is not in the graph ({self._g.vertex_count} vertices)")
            restrict.append(int(v))
        return dict(
            k=int(k), weights=dict(weights) if weights else None,
            relations=list(relations) if relations is not None else None,
            hub_weighting=hub_weighting, normalization=normalization, hub_degree=int(hub_degree or 0),
            min_year=int(min_year or 0), max_year=int(max_year or 0),
            exclude_same_director=bool(exclude_same_director), restrict_to=restrict,
            max_per_director=int(max_per_director or 0),
        )

    def see_also_arrays(
        self, film: int | str, k: int = 10, *, year: int | None = None, weights: Mapping[str, float] | None = None,
        relations: Sequence[str] | None = None, hub_weighting: str = "adamic_adar", normalization: str = "cosine",
        hub_degree: int | None = None, min_year: int | None = None, max_year: int | None = None,
        exclude_same_director: bool = False, edition: str | tuple[str, int] | None = None,
        within: Sequence[int] | None = None, max_per_director: int | None = None,
    ) -> dict:
        """The raw result: numpy arrays owned by the core (no copy) of films, scores and terms."""
        opts = self._options(k, weights, relations, hub_weighting, normalization, hub_degree, min_year, max_year,
                             exclude_same_director, edition, within, max_per_director)
        return _core.see_also(self._g, self.film(film, year), **opts)

    def see_also(self, film: int | str, k: int = 10, **options) -> pd.DataFrame:
        """The k films most related to `film`, best first, each with the reason.

        Options: year (to pick among films with one title), weights (relation ->
        weight), relations (those allowed to count), hub_weighting
        ("adamic_adar", "resource_allocation", "idf", "none"), normalization
        ("cosine", "pathsim", "none"), hub_degree, min_year, max_year,
        exclude_same_director, edition ("MIFF 2013"), within (vertices a film
        must link to), max_per_director.

        Columns: rank, film, film_id, title, year, score, reason, explanation
        (a list of dicts: name, kind, query_relation, film_relation,
        contribution; the contributions sum to the score).
        """
        raw = self.see_also_arrays(film, k, **options)
        films, scores, offsets = raw["films"], raw["scores"], raw["term_offsets"]
        entities = raw["term_entity"]
        names = self._g.names(entities) if len(entities) else []
        kinds = self._g.kinds(entities) if len(entities) else []
        explanations, reasons = [], []
        for i in range(len(films)):
            terms = []
            for t in range(offsets[i], offsets[i + 1]):
                qr, fr = _RELATIONS[raw["term_query_relation"][t]], _RELATIONS[raw["term_film_relation"][t]]
                terms.append({
                    "name": names[t], "kind": kinds[t], "query_relation": qr, "film_relation": fr,
                    "contribution": float(raw["term_contribution"][t]),
                    "phrase": term_phrase(names[t], qr, fr, _core.role_noun),
                })
            explanations.append(terms)
            reasons.append(reason(terms))
        return pd.DataFrame(
            {
                "rank": np.arange(1, len(films) + 1),
                "film": films.astype(np.int64),
                "film_id": self.film_ids(films),
                "title": self._g.names(films) if len(films) else [],
                "year": _years(self._g.years(films) if len(films) else []),
                "score": scores,
                "reason": reasons,
                "explanation": explanations,
            }
        )

    # ------------------------------------------------------------ statistics
    def info(self) -> dict:
        """Counts of vertices by kind and links by relation, and memory held."""
        return {
            "films": self._g.film_count,
            "vertices": self._g.vertex_count,
            "links": self._g.edge_count // 2,
            "kinds": {k: n for k, n in self._g.kind_counts().items() if n},
            "relations": {r: n for r, n in self._g.relation_counts().items() if n},
            "structure_bytes": self._g.structure_bytes(),
            "memory_bytes": self._g.memory_bytes(),
        }
