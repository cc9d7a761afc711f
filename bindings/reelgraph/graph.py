"""FilmGraph: the Python face of the core graph."""

from __future__ import annotations

import inspect
import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._build import build
from .collab import CollaborationMixin
from .datasets import dataset_path
from .explain import reason, term_phrase
from .lookup import SearchIndex, untitled
from .tables import ALIAS_COLUMNS, FILM_COLUMNS, LINK_COLUMNS, LoadReport, OnError, TableSource, read_table

SnapshotError = _core.SnapshotError
_RELATIONS = _core.relations()  # index = the relation's numeric code


def _years(values) -> pd.Series:
    """Years as a nullable integer column: the core's 0 (unknown) becomes <NA>."""
    years = pd.Series(np.asarray(values, dtype=np.int32), dtype="Int32")
    return years.mask(years == 0)
HUB_WEIGHTINGS = ("none", "resource_allocation", "adamic_adar", "idf")
NORMALIZATIONS = ("none", "cosine", "pathsim")
METHODS = ("cooccurrence", "pathsim", "ppr", "rp3beta")


# Bytes a row of see_also_all's result holds, about: a DataFrame row (twelve
# columns of numbers and references to shared strings, plus the concatenation
# that joins the chunks) and a row of its arrays=True form.
_FRAME_ROW_BYTES = 200
_ARRAY_ROW_BYTES = 34


def _memory_budget() -> int:
    """What one call may hold: half the machine's physical memory, as the core's own budget."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not a POSIX system
        return 4 << 30


def check_fits(what: str, needed: int, hint: str) -> None:
    """Raise reelgraph.ResourceError (a MemoryError with bytes_needed and
    bytes_allowed) when `needed` bytes exceed the budget; nothing has been
    computed yet when it is called."""
    allowed = _memory_budget()
    if needed <= allowed:
        return
    error = _core.ResourceError(f"{what} would need about {needed} bytes ({needed / 2**20:,.1f} MiB), more than the "
                                f"{allowed} bytes ({allowed / 2**20:,.1f} MiB) allowed (half the machine's memory); "
                                f"nothing was computed: {hint}")
    error.bytes_needed, error.bytes_allowed = needed, allowed
    raise error


def _relation_or_none(code) -> str | None:
    """A relation's name from its code; None for the core's "no relation" code."""
    return _RELATIONS[code] if code < len(_RELATIONS) else None


def _year_text(year) -> str:
    return "year unknown" if pd.isna(year) else str(int(year))


def _normalise_vocabulary(table) -> None:
    """Countries, languages, genres and festivals in one spelling (importers.vocab), for every
    link table: files, DataFrames and the importers' merged tables all come through here."""
    from .importers.vocab import normalise_names

    if "name" in table.columns and "relation" in table.columns:
        table.columns["name"] = normalise_names(table.columns["relation"], table.columns["name"])


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


class FilmGraph(CollaborationMixin):
    """A typed graph of films and everything that connects them.

    Build one with :meth:`from_folder`, :meth:`from_files` or :meth:`from_tables`
    (see docs/input-format.md for the table format), or :meth:`seed_world` for the
    embedded default. Films are identified by vertex ids (ints); look one up with
    :meth:`film`.
    """

    def __init__(self, core: "_core.FilmGraph", report: LoadReport | None = None, metadata: dict | None = None):
        self._g = core
        self.report = report if report is not None else LoadReport()
        # Free-form facts about how the graph was made (sources, options); kept in snapshots.
        self.metadata: dict = dict(metadata or {})
        self._titles: list[str] | None = None
        self._search_index: SearchIndex | None = None
        self._film_columns: tuple[np.ndarray, np.ndarray] | None = None

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

        Parameters
        ----------
        films : path, DataFrame or pyarrow.Table
            One row per film (``film_id``, ``title``; ``year``,
            ``runtime_minutes``, ``source`` optional). See the input format.
        links : path, DataFrame or pyarrow.Table
            One row per link from a film (``film_id``, ``relation``, ``name``
            or ``entity_id``; ``year``, ``section``, ``detail``, ``source``).
        aliases : path, DataFrame or pyarrow.Table, optional
            Other spellings of one entity (``kind``, ``alias``, ``name``).
        on_error : {"raise", "skip"}, default "raise"
            ``"raise"`` stops at the first bad row with an :class:`InputError`
            naming file, line and field; ``"skip"`` leaves bad rows out and
            lists each one in ``graph.report``.

        Returns
        -------
        FilmGraph

        Raises
        ------
        InputError
            A bad row (with ``on_error="raise"``), or a table missing a
            required column (always).
        """
        film_table = read_table(films, name="films", schema=FILM_COLUMNS, on_error=on_error)
        link_table = read_table(links, name="links", schema=LINK_COLUMNS, on_error=on_error)
        _normalise_vocabulary(link_table)
        alias_table = (
            None if aliases is None else read_table(aliases, name="aliases", schema=ALIAS_COLUMNS, on_error=on_error)
        )
        core, report = build(film_table, link_table, alias_table, on_error)
        return cls(core, report)

    from_files = from_tables

    @classmethod
    def from_folder(cls, folder: str | os.PathLike, *, on_error: OnError = "raise") -> "FilmGraph":
        """Build from a folder holding films.*, links.* and optionally aliases.* (csv, tsv, parquet).

        Parameters
        ----------
        folder : str or os.PathLike
            The folder; each table may be ``.csv``, ``.tsv``, ``.parquet``,
            the first two optionally gzipped (``.gz``).
        on_error : {"raise", "skip"}, default "raise"
            As for :meth:`from_tables`.

        Returns
        -------
        FilmGraph

        Raises
        ------
        FileNotFoundError
            The folder, or its films or links table, does not exist.
        InputError
            A bad row (with ``on_error="raise"``).
        """
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
        title_types: Sequence[str] = ("movie", "tvMovie"),
        include_adult: bool = False,
    ) -> "FilmGraph":
        """Build from IMDb's non-commercial datasets in a folder, streamed by the native reader.

        Titles of `title_types` become films; principals and crew become credits
        (director, producer, writer, cast, editor, cinematographer, composer, other
        crew); ``name.basics`` names the people. ``graph.report`` has one entry per
        file: rows read, used, skipped (not about a chosen film) and rejected.

        Parameters
        ----------
        folder : str or os.PathLike
            Holds ``title.basics.tsv`` (or ``.tsv.gz``) and optionally
            ``title.principals``, ``title.crew`` and ``name.basics``.
        on_error : {"raise", "skip"}, default "raise"
            Stop at the first bad row, or count and list each one.
        progress : bool, default False
            Show a progress bar per file.
        title_types : sequence of str, default ("movie", "tvMovie")
            IMDb title types that become films.
        include_adult : bool, default False
            Keep titles IMDb marks as adult.

        Returns
        -------
        FilmGraph
        """
        from ._imdb import from_imdb

        core, report = from_imdb(folder, on_error=on_error, progress=progress, title_types=title_types,
                                 include_adult=include_adult)
        return cls(core, report)

    @classmethod
    def seed_world(cls) -> "FilmGraph":
        """The embedded default dataset: the films named by the project's three seed documents.

        Returns
        -------
        FilmGraph
            14 films around *Comrade Kim Goes Flying* (MIFF 2013).
        """
        return cls.from_folder(dataset_path("seed-world"))

    # ------------------------------------------------------------ snapshots
    def save(self, path: str | os.PathLike) -> Path:
        """Write the graph, its load report and its metadata to a snapshot file (``.rg``).

        The file is written under a temporary name and renamed into place, so an
        interrupted save never leaves a file that looks whole. The same graph
        always gives the same bytes.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; an existing file is replaced.

        Returns
        -------
        pathlib.Path
            `path`.
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

        Parameters
        ----------
        path : str or os.PathLike
            The snapshot file.

        Returns
        -------
        FilmGraph

        Raises
        ------
        FileNotFoundError
            No file at `path`.
        SnapshotError
            A truncated, corrupted, foreign or other-version file (a
            ``ValueError``), saying which.
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
        """The C++ graph behind this one (``reelgraph._core.FilmGraph``)."""
        return self._g

    @property
    def n_films(self) -> int:
        """How many films (they are vertices ``0 .. n_films - 1``)."""
        return self._g.film_count

    def __len__(self) -> int:
        return self._g.film_count

    def __repr__(self) -> str:
        return f"<FilmGraph: {self._g.film_count} films, {self._g.vertex_count} vertices, {self._g.edge_count // 2} links>"

    def film_ids(self, vertices) -> list[str]:
        """Film ids as the tables wrote them (canonical external ids, or the local id).

        Parameters
        ----------
        vertices : array_like of int
            Film vertices.

        Returns
        -------
        list of str
        """
        return [k[5:] if k.startswith("film:") else k for k in self._g.keys(np.asarray(vertices, dtype=np.int64))]

    def titles(self) -> list[str]:
        """Every film's title, in vertex order (computed once, then kept)."""
        if self._titles is None:
            self._titles = self._g.names(np.arange(self._g.film_count))
        return self._titles

    def films(self) -> pd.DataFrame:
        """Every film.

        Returns
        -------
        pandas.DataFrame
            Columns ``film`` (vertex), ``film_id``, ``title``, ``year``
            (nullable integer), in vertex order.
        """
        ids = np.arange(self._g.film_count)
        return pd.DataFrame(
            {"film": ids, "film_id": self.film_ids(ids), "title": self.titles(), "year": _years(self._g.years(ids))}
        )

    def film(self, film: int | str, year: int | None = None) -> int:
        """The vertex of a film given by vertex id, external id, local id or title.

        Parameters
        ----------
        film : int or str
            A vertex, an external id (``tt0038297``, ``Q42``...), the tables'
            own ``film_id``, ``"id:..."`` for an id only, or a title.
        year : int, optional
            The film's year, to pick one of several films with the title.

        Returns
        -------
        int
            The film's vertex.

        Raises
        ------
        FilmNotFoundError
            No such film; ``.suggestions`` holds the closest titles.
        AmbiguousFilmError
            A title several films share, or a title that is also another
            film's id; ``.candidates`` lists them with their years.
        TypeError
            Several films given where one is asked for (see
            :meth:`see_also_many`).
        """
        if isinstance(film, (list, tuple, set, frozenset, dict, np.ndarray, pd.Series)):
            # see_also(["Kill List", "Sightseers"]): several films where one is
            # taken; say where several go rather than "no film titled [...]".
            raise TypeError(f"one film is asked for here, not a {type(film).__name__} of {len(film)}; "
                            "for films related to several at once use see_also_many([...]) "
                            "(or see_also(seeds=[...]))")
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
        if not matches:
            # Any other spelling: "the godfather", "Godfather, The", "Amelie (2001)".
            matches = [v for v in self.search_index.exact(text, "film") if not untitled(self._g.name(v))]
            bracketed = re.fullmatch(r"(.+?)\s*[(\[](\d{4})[)\]]", text)
            if bracketed and year is None and matches:
                # "Amelie (1990)" is not Amelie of 2001: not found, which names it.
                text, year = bracketed.group(1), int(bracketed.group(2))
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
        """The titles closest to `text`, for a title that matched none.

        Parameters
        ----------
        text : str
            What was asked for.
        n : int, default 5
            At most this many titles.

        Returns
        -------
        list of str
            Titles, best first, from the search index.
        """
        # Straight from the index, without a DataFrame: this runs on every failed lookup.
        hits = [v for v, _ in self.search_index.ranked(str(text), ["film"], limit=2 * n)
                if not untitled(self._g.name(v))][:n]
        return list(dict.fromkeys(self._g.name(v) for v in hits))

    @property
    def search_index(self) -> SearchIndex:
        """The index of every name and alias by its folded spelling (built on first use)."""
        if self._search_index is None:
            self._search_index = SearchIndex(self._g)
        return self._search_index

    def search(self, text: str, limit: int = 10, kind: str = "film", *, include_untitled: bool = False) -> pd.DataFrame:
        """Nodes whose name is closest to `text`, best first, as a DataFrame.

        For films (the default kind): film (vertex), film_id, title, year,
        directors, score (100 for a name that folds to the same key, less for a
        close one). For another kind: vertex, kind, name, key, films, score.
        Films known only by a Wikidata id are left out unless `include_untitled`.
        """
        kinds = list(_core.node_kinds()) if kind in (None, "any") else [kind]
        for k in kinds:
            if k not in _core.node_kinds():
                raise ValueError(f"unknown node kind '{k}' (one of: {', '.join(_core.node_kinds())})")
        limit = int(limit)
        if limit <= 0:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        hits = self.search_index.ranked(str(text), kinds, limit=limit + (0 if include_untitled else limit))
        if not include_untitled:
            hits = [(v, s) for v, s in hits if v >= self._g.film_count or not untitled(self._g.name(v))]
        hits = hits[:limit]
        vs = np.asarray([v for v, _ in hits], dtype=np.int64)
        scores = np.asarray([s for _, s in hits], dtype=np.float64)
        if kinds == ["film"]:
            out = self._describe(vs)
            out["score"] = scores
            return out
        return pd.DataFrame({"vertex": vs, "kind": self._g.kinds(vs), "name": self._g.names(vs),
                             "key": self._g.keys(vs), "films": self._g.film_degrees(vs), "score": scores})

    def _describe(self, vertices: Iterable[int]) -> pd.DataFrame:
        vs = np.asarray(list(vertices), dtype=np.int64)
        return pd.DataFrame(
            {"film": vs, "film_id": self.film_ids(vs), "title": self._g.names(vs), "year": _years(self._g.years(vs)),
             "directors": [", ".join(self.people(v, "directed_by")) for v in vs]}
        )

    def people(self, film: int | str, relation: str = "directed_by") -> list[str]:
        """Names linked to a film by one relation, e.g. its directors.

        Parameters
        ----------
        film : int or str
            The film, as :meth:`film` takes it.
        relation : str, default "directed_by"
            A relation of the links table.

        Returns
        -------
        list of str
        """
        v = self.film(film)
        code = _RELATIONS.index(relation)
        targets, relations = self._g.links(v)
        chosen = targets[relations == code]
        return self._g.names(chosen) if len(chosen) else []

    def links(self, film: int | str) -> pd.DataFrame:
        """Everything a film links to.

        Parameters
        ----------
        film : int or str
            The film, as :meth:`film` takes it.

        Returns
        -------
        pandas.DataFrame
            One row per link: ``relation``, ``kind``, ``name``, ``key`` and
            ``films`` (how many films the entity is linked to: the fewer, the
            more a shared entity says).
        """
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
        """The vertex of a festival edition.

        Parameters
        ----------
        edition : str or (str, int)
            ``"MIFF 2013"`` or ``("MIFF", 2013)``; the festival by name or alias.

        Returns
        -------
        int

        Raises
        ------
        KeyError
            No such festival, or no edition of it that year (the message
            lists the years it has).
        """
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
        """The vertex of a person, company, festival... by name, alias or external id.

        Parameters
        ----------
        kind : str
            ``"person"``, ``"company"``, ``"festival"``, ``"country"``,
            ``"language"``, ``"genre"``, ``"award"`` or ``"keyword"``.
        name : str
            Its name, an alias of it, or its external id.

        Returns
        -------
        int

        Raises
        ------
        KeyError
            No such entity.
        """
        v = self._g.find_entity(kind, name)
        if v is not None:
            return v
        found = self.search_index.exact(name, kind)
        if len(found) == 1:
            return found[0]
        from .collab import AmbiguousNodeError, NodeNotFoundError

        if found:
            raise AmbiguousNodeError(name, [(kind, f) for f in found], self._labels([(kind, f) for f in found]))
        raise NodeNotFoundError(name, [kind], self._close_names(name, [kind]))

    # ------------------------------------------------------------ see also
    def _options(self, k, weights, relations, hub_weighting, normalization, hub_degree, min_year, max_year,
                 exclude_same_director, edition, within, max_per_director, method, ppr_alpha, ppr_epsilon, rp3_alpha,
                 popularity_beta, popularity) -> dict:
        for name, value in (("k", k), ("hub_degree", hub_degree), ("max_per_director", max_per_director)):
            if value is not None and int(value) < 0:
                raise ValueError(f"{name} must be 0 or more, not {value}")
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not '{method}'")
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
        if popularity is not None:
            # float64 and contiguous: the core reads it in place, no copy when it already is.
            popularity = np.ascontiguousarray(popularity, dtype=np.float64)
            if popularity.ndim != 1 or len(popularity) != self._g.film_count:
                raise ValueError(f"popularity has shape {popularity.shape}; it needs one value per film, "
                                 f"shape ({self._g.film_count},), in vertex order")
        return dict(
            k=int(k), weights=dict(weights) if weights else None,
            relations=list(relations) if relations is not None else None,
            hub_weighting=hub_weighting, normalization=normalization, hub_degree=int(hub_degree or 0),
            min_year=int(min_year or 0), max_year=int(max_year or 0),
            exclude_same_director=bool(exclude_same_director), restrict_to=restrict,
            max_per_director=int(max_per_director or 0), method=method, ppr_alpha=float(ppr_alpha),
            ppr_epsilon=float(ppr_epsilon), rp3_alpha=float(rp3_alpha),
            popularity_beta=None if popularity_beta is None else float(popularity_beta), popularity=popularity,
        )

    def _seeds(self, film, year, seeds, seed_weights) -> tuple[int | list[int], list[float] | None]:
        """One film's vertex, or the seed films' vertices and weights."""
        if (film is None) == (seeds is None):
            raise ValueError("give one film, or seeds=[...] (several films), not both" if film is not None
                             else "give a film, or seeds=[...]")
        if seeds is not None and year is not None:
            raise ValueError("year picks one film by title; with seeds=[...], write each seed as an id or vertex")
        if seeds is None:
            if seed_weights is not None:
                raise ValueError("seed_weights goes with seeds=[...]")
            return self.film(film, year), None
        if isinstance(seeds, (str, int, np.integer)):
            raise ValueError("seeds is a list of films (titles, ids or vertices), or a dict film -> weight")
        if isinstance(seeds, Mapping):
            if seed_weights is not None:
                raise ValueError("seeds is a dict of weights already; leave seed_weights out")
            seeds, seed_weights = list(seeds.keys()), [float(w) for w in seeds.values()]
        vertices = [self.film(s) for s in seeds]
        if not vertices:
            raise ValueError("seeds is empty: give at least one film")
        if seed_weights is not None:
            seed_weights = [float(w) for w in seed_weights]
            if len(seed_weights) != len(vertices):
                raise ValueError(f"seed_weights has {len(seed_weights)} values for {len(vertices)} seed films")
        return vertices, seed_weights

    def see_also_arrays(
        self, film: int | str | None = None, k: int = 10, *, year: int | None = None,
        seeds: Sequence[int | str] | Mapping[int | str, float] | None = None,
        seed_weights: Sequence[float] | None = None, method: str = "cooccurrence",
        weights: Mapping[str, float] | None = None, relations: Sequence[str] | None = None,
        hub_weighting: str = "idf", normalization: str = "none", hub_degree: int | None = None,
        min_year: int | None = None, max_year: int | None = None, exclude_same_director: bool = False,
        edition: str | tuple[str, int] | None = None, within: Sequence[int] | None = None,
        max_per_director: int | None = None, ppr_alpha: float = 0.15, ppr_epsilon: float = 1e-5,
        rp3_alpha: float = 1.0, popularity_beta: float | None = None, popularity: "np.ndarray | None" = None,
        hub_walk_limit: int | None = None, pad: bool = False, cross_role: float | None = None,
        evidence_degree: int | None = None,
    ) -> dict:
        """The raw result: numpy arrays owned by the core (no copy) of films, scores and terms."""
        opts = self._options(k, weights, relations, hub_weighting, normalization, hub_degree, min_year, max_year,
                             exclude_same_director, edition, within, max_per_director, method, ppr_alpha,
                             ppr_epsilon, rp3_alpha, popularity_beta, popularity)
        vertices, weights_of_seeds = self._seeds(film, year, seeds, seed_weights)
        if hub_walk_limit is not None and int(hub_walk_limit) < 0:
            raise ValueError(f"hub_walk_limit must be 0 (no limit) or more, not {hub_walk_limit}")
        extra = {}
        if cross_role is not None:
            extra["cross_role"] = float(cross_role)
        if evidence_degree is not None:
            if int(evidence_degree) < 0:
                raise ValueError(f"evidence_degree must be 0 (the default) or more, not {evidence_degree}")
            extra["evidence_degree"] = int(evidence_degree)
        return _core.see_also(self._g, vertices, seed_weights=weights_of_seeds, **opts,
                              hub_walk_limit=None if hub_walk_limit is None else int(hub_walk_limit),
                              expand_hubs_when_short=bool(pad), **extra)

    def see_also(self, film: int | str | None = None, k: int = 10, **options) -> pd.DataFrame:
        """The k films most related to `film` (or to the films of `seeds`), best first, each with the reason.

        Options: method ("cooccurrence", the default; "pathsim", "ppr",
        "rp3beta": see the README for each formula), seeds (several films to
        start from instead of one: a list, or a dict film -> weight) and
        seed_weights, year (to pick among films with one title), weights
        (relation -> weight, any non-negative numbers; 0 leaves the relation
        out), relations (those allowed to count), hub_weighting
        ("idf" by default, "none", "adamic_adar", "resource_allocation"),
        normalization ("none" by default, "cosine", "pathsim"; cooccurrence only), hub_degree, min_year,
        max_year, exclude_same_director, edition ("MIFF 2013"), within
        (vertices a film must link to), max_per_director; ppr_alpha (teleport
        probability, 0.15) and ppr_epsilon (push tolerance, 1e-5) for ppr;
        rp3_alpha (exponent of each step's probability, 1.0) for rp3beta;
        popularity_beta (divide every score by popularity^beta; default 0.5
        for rp3beta, 0.15 for cooccurrence, 0 otherwise) and popularity (one
        number per film, in vertex order; default each film's number of
        links); cross_role (how much a person or company shared in no common
        role counts, 0.1 by default; 1.0 treats roles alike), evidence_degree
        (a film must share an entity of at most this many films; 0 picks
        max(100, films / 500)) and pad (fill a short list through broad
        traits, each such film flagged ``padded``). docs/scoring.md explains
        the score.

        Columns: rank, film, film_id, title, year, score, reason, explanation
        (a list of dicts: name, kind, query_relation, film_relation,
        contribution; the contributions sum to the score), padded (True for a
        film found only through broad traits, with ``pad=True``). Under ppr,
        query_relation is None for an entity no seed links to: the walk
        reached the film through it from other films.
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
                qr, fr = _relation_or_none(raw["term_query_relation"][t]), _RELATIONS[raw["term_film_relation"][t]]
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
                "padded": raw["padded"].astype(bool),
            }
        )

    def see_also_many(self, seeds: Sequence[int | str] | Mapping[int | str, float], k: int = 10,
                      **options) -> pd.DataFrame:
        """The k films most related to a set of films (a festival programme, a viewer's favourites).

        `seeds` is a list of films (titles, ids or vertices), or a dict film ->
        weight; `seed_weights` may give the weights of a list. No seed is among
        the results. Other options as for :meth:`see_also`.
        """
        return self.see_also(None, k, seeds=seeds, **options)

    # ------------------------------------------------------------ every film
    # see_also's options that a batch takes too. A per-film popularity array is
    # not among them: the workers would read it after this call returned.
    _BATCH_OPTIONS = ("weights", "relations", "hub_weighting", "normalization", "hub_degree", "min_year", "max_year",
                      "exclude_same_director", "edition", "within", "max_per_director", "method", "ppr_alpha",
                      "ppr_epsilon", "rp3_alpha", "popularity_beta")

    def _batch_options(self, k: int, options: dict) -> dict:
        unknown = sorted(set(options) - set(self._BATCH_OPTIONS))
        if unknown:
            raise TypeError(f"unknown see-also option(s): {', '.join(unknown)} (one of: {', '.join(self._BATCH_OPTIONS)})")
        # see_also's own defaults, read from its signature so the two cannot drift apart.
        defaults = inspect.signature(FilmGraph.see_also_arrays).parameters
        given = {name: defaults[name].default for name in self._BATCH_OPTIONS}
        given.update(options)
        core = self._options(k, *(given[name] for name in self._BATCH_OPTIONS), None)
        del core["popularity"]
        return core

    def _batch_films(self, films) -> np.ndarray | None:
        """None (every film) or vertex ids; titles and ids are looked up like see_also's."""
        if films is None:
            return None
        if isinstance(films, np.ndarray) and films.dtype.kind in "iu":
            return films.astype(np.int64, copy=False).ravel()
        if isinstance(films, (str, int, np.integer)):
            films = [films]
        return np.fromiter((self.film(f) for f in films), dtype=np.int64)

    def _film_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Film ids and titles of every film as object arrays, for vectorised look-up."""
        if self._film_columns is None:
            everyone = np.arange(self._g.film_count)
            self._film_columns = (np.array(self.film_ids(everyone), dtype=object),
                                  np.array(self.titles(), dtype=object))
        return self._film_columns

    def iter_see_also(
        self, k: int = 20, films=None, *, threads: int = 0, chunk: int = 1024, progress: bool = False,
        reasons: Literal["top", "full"] | None = "top", **options,
    ) -> Iterator[pd.DataFrame]:
        """See-also lists of many films, one DataFrame per chunk of `chunk` films, in list order.

        `films` is None (every film, in vertex order) or films by vertex id,
        title or id; `options` are see_also's (weights, relations,
        hub_weighting, normalization, hub_degree, min_year, max_year,
        exclude_same_director, edition, within, max_per_director). The lists
        are computed on `threads` threads (0: every core) with the GIL
        released, a few chunks ahead of the reader; the output is the same
        whatever the thread count. Ctrl-C stops the workers and raises
        KeyboardInterrupt; leaving the loop early stops them too.

        Columns are those of :meth:`see_also_all`. With ``reasons="full"`` the
        reason is see_also's whole sentence (slower); ``None`` leaves it out.
        """
        if reasons not in ("top", "full", None):
            raise ValueError(f"reasons must be 'top', 'full' or None, not {reasons!r}")
        # Checked and started now, not at the first next().
        batch = self._start_batch(k, films, threads, chunk, options)
        return self._read_batch(batch, progress, lambda raw: self._chunk_frame(raw, reasons))

    def _start_batch(self, k, films, threads, chunk, options) -> "_core.SeeAlsoBatch":
        if int(threads) < 0:
            raise ValueError(f"threads must be 0 (every core) or more, not {threads}")
        if int(chunk) < 1:
            raise ValueError(f"chunk must be 1 or more, not {chunk}")
        opts = self._batch_options(k, options)
        return _core.see_also_batch_iter(self._g, self._batch_films(films), threads=int(threads),
                                         chunk=int(chunk), **opts)

    @staticmethod
    def _read_batch(batch: "_core.SeeAlsoBatch", progress: bool, convert) -> Iterator:
        """Chunks of a running batch through `convert`, with a progress bar updated on this thread."""
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=batch.films_total, unit="film", desc="see also")
        try:
            with batch:
                for raw in batch:
                    if bar is not None:
                        bar.update(len(raw["queries"]))
                    yield convert(raw)
        finally:
            if bar is not None:
                bar.close()

    def see_also_all(
        self, k: int = 20, films=None, *, threads: int = 0, chunk: int = 1024, progress: bool = True,
        reasons: Literal["top", "full"] | None = "top", arrays: bool = False, **options,
    ) -> pd.DataFrame | dict:
        """Every film's see-also list (or those of `films`) as one long DataFrame.

        One row per (film, related film): film, film_id, title, rank, related,
        related_id, related_title, related_year, score, reason (the largest
        shared entity in words, or the whole sentence with ``reasons="full"``),
        top_entity (its name), top_contribution. Films with an empty list have
        no rows. A progress bar (tqdm) shows films done unless
        ``progress=False``. With ``arrays=True`` the result is a dict of numpy
        arrays instead (query, rank, film, score, top_entity, top_query_relation,
        top_film_relation, top_contribution as vertex ids and relation codes),
        which skips building strings. See :meth:`iter_see_also` for the rest.
        """
        self._check_rows_fit("see_also_all", films, k, _ARRAY_ROW_BYTES if arrays else _FRAME_ROW_BYTES,
                             "stream the lists with iter_see_also or reelgraph.export, or lower k")
        if not arrays:
            frames = list(self.iter_see_also(k, films, threads=threads, chunk=chunk, progress=progress,
                                             reasons=reasons, **options))
            # Films with empty lists make empty chunks; concat is given none.
            filled = [f for f in frames if len(f)]
            if not filled:
                return self._chunk_frame(None, reasons)
            return filled[0] if len(filled) == 1 else pd.concat(filled, ignore_index=True)
        batch = self._start_batch(k, films, threads, chunk, options)
        keys = ("query", "rank", "film", "score", "top_entity", "top_query_relation", "top_film_relation",
                "top_contribution")
        parts: dict[str, list[np.ndarray]] = {key: [] for key in keys}
        for raw in self._read_batch(batch, progress, lambda raw: raw):
            for key in keys:
                parts[key].append(raw[key])
        empty = {"query": np.uint32, "rank": np.uint32, "film": np.uint32, "score": np.float64,
                 "top_entity": np.uint32, "top_query_relation": np.uint8, "top_film_relation": np.uint8,
                 "top_contribution": np.float64}
        return {key: np.concatenate(parts[key]) if parts[key] else np.empty(0, dtype=empty[key]) for key in keys}

    def _check_rows_fit(self, what: str, films, k, row_bytes: int, hint: str) -> None:
        """Refuse, before any work, a result that cannot fit in memory: every
        asked film's list holds at most min(k, films - 1) rows, of about
        `row_bytes` each. Raises reelgraph.ResourceError with the figure."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or int(k) < 0:
            return  # _options says what is wrong with it
        if films is None:
            asked = self._g.film_count
        elif isinstance(films, (str, int, np.integer)):
            asked = 1
        else:
            asked = len(films)
        rows = asked * min(int(k), max(self._g.film_count - 1, 0))
        check_fits(f"{what} ({asked} films, up to {min(int(k), max(self._g.film_count - 1, 0))} related films "
                   f"each: up to {rows} rows)", rows * row_bytes, hint)

    def _chunk_frame(self, raw: dict | None, reasons) -> pd.DataFrame:
        """One chunk of a batch as rows of the long DataFrame."""
        if raw is None:
            raw = {"query": np.empty(0, np.uint32), "rank": np.empty(0, np.uint32), "film": np.empty(0, np.uint32),
                   "score": np.empty(0), "top_entity": np.empty(0, np.uint32),
                   "top_query_relation": np.empty(0, np.uint8), "top_film_relation": np.empty(0, np.uint8),
                   "top_contribution": np.empty(0), "term_offsets": np.zeros(1, np.uint32)}
        ids, titles = self._film_arrays()
        query = raw["query"].astype(np.int64)
        related = raw["film"].astype(np.int64)
        entities = raw["top_entity"]
        # Entity names and phrases once per distinct (entity, relation, relation).
        triples = np.stack([entities.astype(np.int64), raw["top_query_relation"].astype(np.int64),
                            raw["top_film_relation"].astype(np.int64)], axis=1)
        unique, inverse = np.unique(triples, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        names = np.array(self._g.names(unique[:, 0]) if len(unique) else [], dtype=object)
        frame = pd.DataFrame({
            "film": query, "film_id": ids[query], "title": titles[query],
            "rank": raw["rank"].astype(np.int64),
            "related": related, "related_id": ids[related], "related_title": titles[related],
            "related_year": _years(self._g.years(related) if len(related) else []),
            "score": raw["score"],
        })
        if reasons == "top":
            phrases = np.array([term_phrase(n, _relation_or_none(q), _RELATIONS[f], _core.role_noun)
                                for n, q, f in zip(names, unique[:, 1], unique[:, 2])], dtype=object)
            frame["reason"] = phrases[inverse] if len(inverse) else np.empty(0, dtype=object)
        elif reasons == "full":
            frame["reason"] = self._full_reasons(raw)
        frame["top_entity"] = names[inverse] if len(inverse) else np.empty(0, dtype=object)
        frame["top_contribution"] = raw["top_contribution"]
        return frame

    def _full_reasons(self, raw: dict) -> list[str]:
        """see_also's reason sentence for every row of a chunk."""
        offsets, entities = raw["term_offsets"], raw.get("term_entity", np.empty(0, np.uint32))
        if not len(entities):
            return [""] * (len(offsets) - 1)
        unique, inverse = np.unique(entities, return_inverse=True)
        inverse = inverse.reshape(-1)
        names = np.array(self._g.names(unique), dtype=object)[inverse]
        kinds = np.array(self._g.kinds(unique), dtype=object)[inverse]
        qrs, frs, contributions = raw["term_query_relation"], raw["term_film_relation"], raw["term_contribution"]
        out = []
        for i in range(len(offsets) - 1):
            terms = []
            for t in range(offsets[i], offsets[i + 1]):
                qr, fr = _relation_or_none(qrs[t]), _RELATIONS[frs[t]]
                terms.append({"name": names[t], "kind": kinds[t], "query_relation": qr, "film_relation": fr,
                              "contribution": float(contributions[t]),
                              "phrase": term_phrase(names[t], qr, fr, _core.role_noun)})
            out.append(reason(terms))
        return out

    # ------------------------------------------------------------ statistics
    def info(self) -> dict:
        """Counts of vertices by kind and links by relation, and memory held.

        Returns
        -------
        dict
            ``films``, ``vertices``, ``links``, ``kinds`` (kind -> vertices),
            ``relations`` (relation -> links), ``structure_bytes`` (the CSR
            arrays) and ``memory_bytes`` (everything, names and indexes too).
        """
        return {
            "films": self._g.film_count,
            "vertices": self._g.vertex_count,
            "links": self._g.edge_count // 2,
            "kinds": {k: n for k, n in self._g.kind_counts().items() if n},
            "relations": {r: n for r, n in self._g.relation_counts().items() if n},
            "structure_bytes": self._g.structure_bytes(),
            "memory_bytes": self._g.memory_bytes(),
        }
