"""A synthetic film catalogue whose shape looks like real film data, for tests and benchmarks.

>>> from reelgraph import synthetic
>>> tables = synthetic.generate(films=20000, seed=0)   # tables.films, tables.links: pyarrow Tables
>>> graph = reelgraph.FilmGraph.from_tables(tables.films, tables.links)  # doctest: +SKIP
>>> synthetic.write_imdb_tsv(tables, "imdb/")                         # doctest: +SKIP

What it imitates, per film (means; every count is drawn per film):

- people: about 1.1 directors, 1.2 writers (a third of them the director), 0.8 producers, 2.4 cast members
  and a few editors, cinematographers and composers. A person's number of films
  follows a truncated discrete Pareto law (exponent `person_exponent`, at most
  `person_cap` films): most people have one or two films, a few have hundreds.
  A person's films fall within a career of some years, not anywhere in time.
  Some directors also write their film.
- companies: production companies (1.2 a film), distributors and sales agents,
  with heavier tails (a few companies have thousands of films at scale).
- festivals: about a fifth of films screen at one or more festivals; festival
  sizes are Zipf-distributed, each screening names an edition (a year) and
  usually a section, so the largest editions are hubs.
- hubs: countries (about 200), languages (about 150) and genres (25), drawn
  from Zipf laws, so one country holds a third of the films.

About 11.5 links a film. Everything is vectorised numpy and pyarrow: 10 million
films (115 million links) take about 80 CPU-seconds and 9 GB at most, the
tables 2.8 GB (see docs/performance.md). The same parameters and seed give the same tables, on any machine.

Entity names are "Person 12" and the like; people carry IMDb-style `nm` ids,
companies `co` ids, films `tt` ids (as ``entity_id`` and ``film_id``), so the
tables can also be written as the IMDb non-commercial TSV files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# relation, kind of entity, mean links a film, form of the per-film count
PERSON_ROLES = ("directed_by", "written_by", "produced_by", "cast", "edited_by", "shot_by", "music_by")
COMPANY_ROLES = ("production_company", "distributor", "world_sales")
HUB_ROLES = ("country", "language", "genre")
KINDS = ("person", "company", "country", "language", "genre", "festival")
RELATIONS = PERSON_ROLES + COMPANY_ROLES + HUB_ROLES + ("screened_at",)

GENRES = ("Drama", "Comedy", "Documentary", "Thriller", "Action", "Romance", "Horror", "Crime", "Adventure",
          "Family", "Mystery", "Biography", "Fantasy", "History", "Sci-Fi", "Music", "Animation", "War",
          "Musical", "Sport", "Western", "Short", "News", "Film-Noir", "Adult")


@dataclass(frozen=True)
class Params:
    """The generator's parameters (see :func:`generate`)."""

    films: int = 20000
    seed: int = 0
    # mean links a film, by relation (screenings are set by screened_share)
    per_film: Mapping[str, float] = field(default_factory=lambda: {
        "directed_by": 1.1, "written_by": 0.9, "produced_by": 0.8, "cast": 2.4, "edited_by": 0.2,
        "shot_by": 0.25, "music_by": 0.2, "production_company": 1.2, "distributor": 0.35, "world_sales": 0.1,
        "country": 1.15, "language": 1.1, "genre": 1.3,
    })
    person_exponent: float = 2.2      # P(films = k) ~ k^-exponent; 2.2 puts ~70% of people in one or two films
    person_cap: int = 600             # at most this many films in one role
    company_exponent: float = 1.8
    company_cap: int | None = None    # default: films // 150, at least 50
    countries: int = 200
    languages: int = 150
    hub_exponent: float = 1.3         # Zipf exponent of countries and languages (genres: 0.8)
    screened_share: float = 0.2       # films screened at one festival or more
    festivals: int | None = None      # default: films // 400, at least 10
    festival_exponent: float = 1.1
    section_share: float = 0.7        # screenings that name a section
    year_range: tuple[int, int] = (1920, 2024)
    career_years: float = 12.0        # typical span of a busy person's films


class Tables(NamedTuple):
    """The two tables of the input format (docs/input-format.md)."""

    films: pa.Table
    links: pa.Table


def _ids(prefix: str, numbers: np.ndarray, width: int = 7) -> pa.Array:
    """'tt0000012'-style ids, built in Arrow (no Python loop)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def _labels(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(numbers), pa.string()), "")


def _pareto_degrees(rng: np.random.Generator, total: int, exponent: float, cap: int) -> np.ndarray:
    """Entity degrees (>= 1, <= cap) from a truncated discrete Pareto law, summing to `total`."""
    if total <= 0:
        return np.zeros(0, dtype=np.int64)
    a = exponent - 1.0
    top = 1.0 - float(cap + 1) ** -a  # CDF mass below cap + 1
    # mean of the law, to draw about enough entities at once
    k = np.arange(1, cap + 1, dtype=np.float64)
    pmf = k ** -a - (k + 1) ** -a
    mean = float((k * pmf).sum() / pmf.sum())
    parts, have = [], 0
    while have < total:
        n = int((total - have) / mean * 1.05) + 16
        u = rng.random(n) * top
        d = np.floor((1.0 - u) ** (-1.0 / a)).astype(np.int64)
        np.clip(d, 1, cap, out=d)
        parts.append(d)
        have += int(d.sum())
    degrees = np.concatenate(parts)
    ends = np.cumsum(degrees)
    last = int(np.searchsorted(ends, total))  # the entity whose films reach `total`
    degrees = degrees[: last + 1]
    degrees[-1] -= int(ends[last] - total)
    return degrees


def _per_film_counts(rng: np.random.Generator, n: int, mean: float, relation: str) -> np.ndarray:
    """How many links of one relation each film has."""
    if relation in ("directed_by", "written_by", "country", "language", "production_company"):
        base = 1 if mean >= 1 else 0
        # most films have one; some have none (writer unknown) or several
        counts = base + rng.poisson(max(mean - base, 0.0) * 1.4, n) * (rng.random(n) < 1 / 1.4)
        if base:
            counts[rng.random(n) < 0.03] = 0  # unknown
        return counts.astype(np.int64)
    if relation == "genre":
        return np.clip(1 + rng.poisson(mean - 1, n), 1, 3).astype(np.int64)
    if relation == "cast":
        # a long-tailed cast size: documentaries with none, ensembles with dozens
        return np.minimum(rng.negative_binomial(1.2, 1.2 / (1.2 + mean), n), 60).astype(np.int64)
    return rng.poisson(mean, n).astype(np.int64)


def _assign(rng: np.random.Generator, counts: np.ndarray, degrees: np.ndarray, film_order: np.ndarray,
            spans: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Match film slots with entity slots: (film, entity) for each link.

    Films are taken in `film_order` (by year); with `spans`, each entity's slots
    are placed around a random point of that order (its career), so its films
    are of a few years rather than of any year.
    """
    film_of_slot = np.repeat(film_order, counts[film_order])
    entity_of_slot = np.repeat(np.arange(len(degrees), dtype=np.int64), degrees)
    if spans is None:
        rng.shuffle(entity_of_slot)
    else:
        centre = rng.random(len(degrees))
        key = centre[entity_of_slot] + spans[entity_of_slot] * (rng.random(len(entity_of_slot)) - 0.5)
        entity_of_slot = entity_of_slot[np.argsort(key, kind="stable")]
    return film_of_slot, entity_of_slot


def _zipf_choice(rng: np.random.Generator, pool: int, size: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, pool + 1) ** exponent
    return rng.choice(pool, size=size, p=weights / weights.sum())


def generate_arrays(films: int = 20000, seed: int = 0, **params) -> dict:
    """The catalogue as integer arrays (what :func:`generate` turns into tables).

    Returns a dict: ``year`` and ``runtime_minutes`` (0 when unknown) per film, ``film``, ``relation`` (index into
    RELATIONS), ``entity`` (index into the entity arrays), ``edition_year``
    (0 when none) and ``section`` (-1 when none) per link, sorted by film;
    ``entity_kind`` (index into KINDS: "person", "company", "country",
    "language", "genre", "festival"), ``entity_number`` (the number in its kind) per entity; and
    ``params``.
    """
    p = Params(films=int(films), seed=int(seed), **params)
    if p.films < 1:
        raise ValueError(f"films must be at least 1, not {p.films}")
    unknown = set(p.per_film) - set(PERSON_ROLES + COMPANY_ROLES + HUB_ROLES)
    if unknown:
        raise ValueError(f"unknown relation(s) in per_film: {', '.join(sorted(unknown))}")
    rng = np.random.default_rng(p.seed)
    n = p.films
    lo, hi = p.year_range
    # more films in later years, as in real catalogues
    year = (lo + np.floor((hi - lo + 1) * rng.random(n) ** 0.55)).astype(np.int16)
    film_order = np.argsort(year, kind="stable")
    years_span = max(1, hi - lo)

    link_film, link_rel, link_entity = [], [], []
    kinds: list[np.ndarray] = []
    numbers: list[np.ndarray] = []
    n_entities = 0
    person_count = company_count = 0
    director_films = director_people = None

    def add(rel: str, f: np.ndarray, local: np.ndarray, kind: str, first_number: int, n_local: int) -> int:
        nonlocal n_entities
        link_film.append(f.astype(np.int32))
        link_rel.append(np.full(len(f), RELATIONS.index(rel), dtype=np.int8))
        link_entity.append((local + n_entities).astype(np.int32))
        kinds.append(np.full(n_local, KINDS.index(kind), dtype=np.int8))
        numbers.append(np.arange(first_number, first_number + n_local, dtype=np.int64))
        n_entities += n_local
        return n_local

    for rel in PERSON_ROLES:
        counts = _per_film_counts(rng, n, p.per_film.get(rel, 0.0), rel)
        cap = max(2, min(p.person_cap, n // 4))
        degrees = _pareto_degrees(rng, int(counts.sum()), p.person_exponent, cap)
        spans = np.minimum(1.0, p.career_years / years_span * (0.3 + np.sqrt(degrees) / 4))
        f, e = _assign(rng, counts, degrees, film_order, spans)
        if rel == "directed_by":
            director_films, director_people = f, e + n_entities
        person_count += add(rel, f, e, "person", person_count + 1, len(degrees))
        if rel == "written_by" and director_films is not None and len(director_films):
            # writer-directors: about a third of films credit their (first) director as a writer too
            first = np.unique(director_films, return_index=True)[1]
            pick = first[rng.random(len(first)) < 0.35]
            link_film.append(director_films[pick].astype(np.int32))
            link_rel.append(np.full(len(pick), RELATIONS.index("written_by"), dtype=np.int8))
            link_entity.append(director_people[pick].astype(np.int32))

    company_cap = p.company_cap or max(50, n // 150)
    for rel in COMPANY_ROLES:
        counts = _per_film_counts(rng, n, p.per_film.get(rel, 0.0), rel)
        degrees = _pareto_degrees(rng, int(counts.sum()), p.company_exponent, max(2, min(company_cap, n)))
        spans = np.minimum(1.0, 3 * p.career_years / years_span * (0.3 + np.sqrt(degrees) / 4))
        f, e = _assign(rng, counts, degrees, film_order, spans)
        company_count += add(rel, f, e, "company", company_count + 1, len(degrees))

    for rel, pool, exponent in (("country", p.countries, p.hub_exponent), ("language", p.languages, p.hub_exponent + 0.2),
                                ("genre", len(GENRES), 0.8)):
        counts = _per_film_counts(rng, n, p.per_film.get(rel, 0.0), rel)
        f = np.repeat(np.arange(n, dtype=np.int64), counts)
        e = _zipf_choice(rng, pool, len(f), exponent)
        add(rel, f, e, rel, 0 if rel == "genre" else 1, pool)  # a genre's number is its place in GENRES

    # festivals: screened films, 1 + geometric screenings each, at Zipf-sized festivals
    n_fest = p.festivals or max(10, n // 400)
    screened = np.flatnonzero(rng.random(n) < p.screened_share)
    per = rng.geometric(0.6, len(screened))
    f = np.repeat(screened, per)
    fest = _zipf_choice(rng, n_fest, len(f), p.festival_exponent)
    edition_year = np.minimum(year[f].astype(np.int64) + (rng.random(len(f)) < 0.3), hi).astype(np.int16)
    # sections: the biggest festivals have about twenty, small ones one or two
    n_sections = 1 + np.minimum(20, np.floor(20 / np.sqrt(np.arange(1, n_fest + 1)))).astype(np.int64)
    section_local = np.floor(rng.random(len(f)) ** 1.5 * n_sections[fest]).astype(np.int64)
    has_section = rng.random(len(f)) < p.section_share
    section_offsets = np.concatenate([[0], np.cumsum(n_sections)])
    section = np.where(has_section, section_offsets[fest] + section_local, -1)
    # a film screens at a festival once
    keep = np.unique(f * n_fest + fest, return_index=True)[1]
    f, fest, edition_year, section = f[keep], fest[keep], edition_year[keep], section[keep]
    add("screened_at", f, fest, "festival", 1, n_fest)

    film = np.concatenate(link_film)
    rel = np.concatenate(link_rel)
    entity = np.concatenate(link_entity)
    ey = np.zeros(len(film), dtype=np.int16)
    sec = np.full(len(film), -1, dtype=np.int32)
    ey[-len(f):] = edition_year if len(f) else ey[-len(f):]
    sec[-len(f):] = section if len(f) else sec[-len(f):]
    # one link per (film, relation, entity); then ordered by film, as catalogues list them
    key = (film.astype(np.int64) * len(RELATIONS) + rel) * max(1, n_entities) + entity
    first = np.unique(key, return_index=True)[1]
    film, rel, entity, ey, sec = film[first], rel[first], entity[first], ey[first], sec[first]
    # running times: about 95 minutes, a few long ones, one in twenty unknown (0)
    runtime = np.clip(np.round(rng.gamma(16.0, 6.0, n)), 40, 400).astype(np.int16)
    runtime[rng.random(n) < 0.05] = 0
    return {
        "params": p, "year": year, "runtime_minutes": runtime, "film": film, "relation": rel, "entity": entity, "edition_year": ey,
        "section": sec, "section_count": int(section_offsets[-1]),
        "entity_kind": np.concatenate(kinds), "entity_number": np.concatenate(numbers),
    }


def _dictionary(indices: np.ndarray, values: pa.Array, null_below_zero: bool = False) -> pa.DictionaryArray:
    idx = pa.array(indices.astype(np.int32), mask=(indices < 0) if null_below_zero else None)
    return pa.DictionaryArray.from_arrays(idx, values)


def to_tables(arrays: dict, output: str = "arrow") -> Tables:
    """Turn :func:`generate_arrays`' result into the films and links tables."""
    n = len(arrays["year"])
    film_ids = _ids("tt", np.arange(1, n + 1))
    films = pa.table({
        "film_id": film_ids,
        "title": _labels("Film ", np.arange(1, n + 1)),
        "year": pa.array(arrays["year"]),
        "runtime_minutes": pa.array(arrays["runtime_minutes"], mask=arrays["runtime_minutes"] == 0),
    })
    kinds, numbers = arrays["entity_kind"], arrays["entity_number"]
    # Entities come in runs of one kind: names and ids are built a run at a time, in Arrow.
    names, entity_ids = [], []
    id_of_entity = np.full(len(kinds), -1, dtype=np.int64)  # into entity_ids; -1: no external id
    cuts = np.concatenate([[0], np.flatnonzero(np.diff(kinds)) + 1, [len(kinds)]])
    n_ids = 0
    for a, b in zip(cuts[:-1], cuts[1:]):
        kind, run = KINDS[kinds[a]], numbers[a:b]
        if kind == "genre":
            names.append(pa.array(np.array(GENRES)[run]))
        else:
            names.append(_labels(kind.capitalize() + " ", run))
        prefix = {"person": "nm", "company": "co"}.get(kind)
        if prefix:
            id_of_entity[a:b] = np.arange(n_ids, n_ids + b - a)
            entity_ids.append(_ids(prefix, run))
            n_ids += b - a
    sec = arrays["section"]
    links = pa.table({
        "film_id": _dictionary(arrays["film"], film_ids),
        "relation": pa.DictionaryArray.from_arrays(pa.array(arrays["relation"]), pa.array(RELATIONS)),
        "name": _dictionary(arrays["entity"], pa.concat_arrays(names)),
        "entity_id": _dictionary(id_of_entity[arrays["entity"]],
                                 pa.concat_arrays(entity_ids) if entity_ids else pa.array([], pa.string()), True),
        "year": pa.array(arrays["edition_year"], mask=arrays["edition_year"] == 0),
        "section": _dictionary(sec, _labels("Section ", np.arange(1, arrays["section_count"] + 1)), True),
    })
    if output == "pandas":
        return Tables(films.to_pandas(), links.to_pandas())
    if output != "arrow":
        raise ValueError(f"output must be 'arrow' or 'pandas', not {output!r}")
    return Tables(films, links)


def generate(films: int = 20000, seed: int = 0, *, output: str = "arrow", **params) -> Tables:
    """A synthetic catalogue: (films, links) tables in the input format.

    Parameters
    ----------
    films : int, default 20000
        How many films.
    seed : int, default 0
        The same seed and parameters give the same tables.
    output : {"arrow", "pandas"}, default "arrow"
        ``"arrow"`` gives pyarrow Tables whose text columns are
        dictionary-encoded (a link row costs about 20 bytes, so 10 million
        films fit in a few GB); ``"pandas"`` gives DataFrames with categorical
        columns.
    **params
        Those of :class:`Params`: ``per_film`` (mean links of each relation a
        film), ``person_exponent``/``person_cap``,
        ``company_exponent``/``company_cap``, ``countries``, ``languages``,
        ``hub_exponent``, ``screened_share``, ``festivals``,
        ``festival_exponent``, ``section_share``, ``year_range``,
        ``career_years``.

    Returns
    -------
    Tables
        ``.films`` and ``.links``.
    """
    return to_tables(generate_arrays(films, seed, **params), output)


# ---------------------------------------------------------------- IMDb TSV

IMDB_FILES = {
    "title.basics.tsv": ["tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear",
                         "runtimeMinutes", "genres"],
    "title.principals.tsv": ["tconst", "ordering", "nconst", "category", "job", "characters"],
    "title.crew.tsv": ["tconst", "directors", "writers"],
    "name.basics.tsv": ["nconst", "primaryName", "birthYear", "deathYear", "primaryProfession", "knownForTitles"],
}
# relation -> IMDb principals category (cast is actor or actress)
IMDB_CATEGORY = {"directed_by": "director", "written_by": "writer", "produced_by": "producer", "cast": "actor",
                 "edited_by": "editor", "shot_by": "cinematographer", "music_by": "composer",
                 "crew": "production_designer"}
NULL = "\\N"


def _text(values) -> pa.Array:
    """A text column with IMDb's \\N for missing values."""
    arr = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    return pc.fill_null(pc.cast(arr, pa.string()), NULL)


def _joined(group: np.ndarray, values: pa.Array, n_groups: int, limit: int | None = None) -> pa.Array:
    """Per group (0..n_groups-1) the comma-joined values, \\N for none; `group` sorted."""
    if limit is not None and len(group):
        starts = np.searchsorted(group, group, side="left")
        keep = np.arange(len(group)) - starts < limit
        group, values = group[keep], values.filter(pa.array(keep))
    offsets = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=n_groups))]).astype(np.int32)
    lists = pa.ListArray.from_arrays(pa.array(offsets), values)
    joined = pc.binary_join(lists, ",")
    return pc.if_else(pc.equal(pc.list_value_length(lists), 0), NULL, joined)


class _Writer:
    def __init__(self, path: Path, columns: list[str], compress: bool):
        import pyarrow.csv as pa_csv

        from ._files import create_temporary

        self.columns = columns
        # Written under a temporary name created exclusively, renamed at close.
        self.path = Path(path)
        fd, self.tmp = create_temporary(self.path)
        self.file = os.fdopen(fd, "wb")
        self.stream = pa.output_stream(self.file, compression="gzip" if compress else None)
        self.schema = pa.schema([(c, pa.string()) for c in columns])
        # Arrow quotes header names whatever the quoting style: IMDb's header is bare.
        self.stream.write(("\t".join(columns) + "\n").encode())
        self.writer = pa_csv.CSVWriter(self.stream, self.schema, write_options=pa_csv.WriteOptions(
            delimiter="\t", quoting_style="none", include_header=False))

    def write(self, columns: dict) -> None:
        self.writer.write_table(pa.table([columns[c] for c in self.columns], schema=self.schema))

    def close(self) -> None:
        self.writer.close()
        self.stream.close()
        self.file.close()
        os.replace(self.tmp, self.path)


def _positions(column, value_set: pa.Array) -> np.ndarray:
    """Each value's position in `value_set`, -1 when absent; a dictionary column is looked up once per word."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(column.type):
        words = _positions(column.dictionary, value_set)
        indices = column.indices.to_numpy(zero_copy_only=False)
        out = words[np.nan_to_num(indices, nan=0).astype(np.int64)] if len(indices) else np.zeros(0, np.int64)
        if column.null_count:
            out[column.is_null().to_numpy(zero_copy_only=False)] = -1
        return out
    found = pc.index_in(pc.cast(column, pa.string()), value_set=value_set)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def write_imdb_tsv(source, folder: str | os.PathLike, gzip: bool = False, chunk_films: int = 500_000) -> dict:
    """Write a catalogue as the IMDb non-commercial TSV files.

    Writes title.basics.tsv, title.principals.tsv, title.crew.tsv and
    name.basics.tsv with IMDb's columns, tab-separated, unquoted, ``\\N`` for
    missing values. Links IMDb has no file for (companies, countries,
    languages, festivals) are not written; genres go into title.basics (at most
    three, as IMDb does); cast members are actors or actresses by the parity of
    their number, since the tables do not say.

    Parameters
    ----------
    source : Tables or dict
        :class:`Tables` from :func:`generate` (or any films/links tables whose
        people have IMDb ``nm`` entity_ids and films ``tt`` ids), or a dict of
        :func:`generate` parameters.
    folder : str or os.PathLike
        Where to write (created if missing).
    gzip : bool, default False
        Write ``.tsv.gz`` files.
    chunk_films : int, default 500000
        Films written at a time (bounds memory).

    Returns
    -------
    dict
        File name -> bytes written.
    """
    if isinstance(source, Mapping):
        source = generate(**source)
    films, links = source
    if not isinstance(films, pa.Table):
        films = pa.Table.from_pandas(films, preserve_index=False)
    if not isinstance(links, pa.Table):
        links = pa.Table.from_pandas(links, preserve_index=False)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if gzip else ""
    n = films.num_rows

    film_ids = _text(films.column("film_id"))
    link_row = _positions(links.column("film_id"), film_ids)  # each link's film, as a row of films
    if (link_row < 0).any():
        raise ValueError(f"{int((link_row < 0).sum())} links name a film_id that is not in the films table")
    person_rel = list(IMDB_CATEGORY)  # in the order IMDb lists a film's principals
    vocabulary = person_rel + ["genre"]
    rel = _positions(links.column("relation"), pa.array(vocabulary))
    genre_code = len(person_rel)

    # title.basics
    sel = np.flatnonzero(rel == genre_code)
    sel = sel[np.argsort(link_row[sel], kind="stable")]
    genres = _joined(link_row[sel], _text(links.column("name").take(pa.array(sel))), n, limit=3)
    year = films.column("year") if "year" in films.column_names else pa.nulls(n)
    runtime = films.column("runtime_minutes") if "runtime_minutes" in films.column_names else pa.nulls(n)
    title = _text(films.column("title"))
    w = _Writer(folder / f"title.basics.tsv{suffix}", IMDB_FILES["title.basics.tsv"], gzip)
    w.write({"tconst": film_ids, "titleType": pa.repeat("movie", n), "primaryTitle": title, "originalTitle": title,
             "isAdult": pa.repeat("0", n), "startYear": _text(pc.cast(year, pa.string())),
             "endYear": pa.repeat(NULL, n), "runtimeMinutes": _text(pc.cast(runtime, pa.string())),
             "genres": genres})
    w.close()

    # title.principals: people in film order, and in a film by category as IMDb lists them
    is_person = np.flatnonzero((rel >= 0) & (rel < genre_code))
    if "entity_id" not in links.column_names and len(is_person):
        raise ValueError("people need IMDb nm ids in the links' entity_id column to be written as IMDb files")
    order = np.lexsort((is_person, rel[is_person], link_row[is_person]))
    rows = is_person[order]
    row_film, row_rel = link_row[rows], rel[rows]
    nconst = _text(links.column("entity_id").take(pa.array(rows))) if len(rows) else pa.array([], pa.string())
    not_nm = pc.invert(pc.starts_with(nconst, "nm"))
    if pc.any(not_nm).as_py():
        example = nconst.filter(not_nm)[0].as_py()
        raise ValueError(f"{pc.sum(not_nm).as_py()} people have no IMDb nm id as entity_id (e.g. {example!r})")
    people = pc.unique(nconst)
    person = pc.index_in(nconst, value_set=people).to_numpy(zero_copy_only=False).astype(np.int64)
    category = pa.array(np.array([IMDB_CATEGORY[r] for r in person_rel], dtype=object)).take(pa.array(row_rel))
    odd = pc.is_in(pc.utf8_slice_codeunits(nconst, -1, 2**31 - 1), value_set=pa.array(list("13579")))
    category = pc.if_else(pc.and_(pc.equal(category, "actor"), pc.invert(odd)), "actress", category)
    detail = links.column("detail").take(pa.array(rows)) if "detail" in links.column_names else None
    ordering = np.arange(len(rows)) - np.searchsorted(row_film, row_film, side="left") + 1

    w = _Writer(folder / f"title.principals.tsv{suffix}", IMDB_FILES["title.principals.tsv"], gzip)
    for a in range(0, max(n, 1), chunk_films):
        lo, hi = (int(x) for x in np.searchsorted(row_film, [a, a + chunk_films]))
        if lo == hi:
            continue
        chars = pa.nulls(hi - lo, pa.string())
        if detail is not None:  # IMDb writes the characters as a JSON list
            d = pc.cast(detail.slice(lo, hi - lo), pa.string())
            escaped = pc.replace_substring(pc.replace_substring(d, "\\", "\\\\"), '"', '\\"')
            quoted = pc.binary_join_element_wise('["', escaped, '"]', "")
            is_cast = pc.is_in(category.slice(lo, hi - lo), value_set=pa.array(["actor", "actress"]))
            chars = pc.if_else(pc.and_(is_cast, pc.invert(pc.is_null(d))), quoted, chars)
        w.write({"tconst": film_ids.take(pa.array(row_film[lo:hi])), "ordering": _text(pa.array(ordering[lo:hi])),
                 "nconst": nconst.slice(lo, hi - lo), "category": category.slice(lo, hi - lo),
                 "job": pa.repeat(NULL, hi - lo), "characters": _text(chars)})
    w.close()

    # title.crew: the directors and writers of every film
    crew = {}
    for relation, column in (("directed_by", "directors"), ("written_by", "writers")):
        sel = np.flatnonzero(row_rel == person_rel.index(relation))
        crew[column] = _joined(row_film[sel], nconst.take(pa.array(sel)), n)
    w = _Writer(folder / f"title.crew.tsv{suffix}", IMDB_FILES["title.crew.tsv"], gzip)
    w.write({"tconst": film_ids, **crew})
    w.close()

    # name.basics: every person once, up to three professions and four known-for titles
    n_people = len(people)
    person_film = np.unique(person * max(n, 1) + row_film)  # a person in two roles of one film: once
    known = _joined(person_film // max(n, 1), film_ids.take(pa.array(person_film % max(n, 1))), n_people, limit=4)
    professions = pa.array(_PROFESSIONS)
    prof = pc.index_in(category, value_set=professions).to_numpy(zero_copy_only=False).astype(np.int64)
    pairs = np.unique(person * len(_PROFESSIONS) + prof)
    profession = _joined(pairs // len(_PROFESSIONS), professions.take(pa.array(pairs % len(_PROFESSIONS))), n_people,
                         limit=3)
    first_row = np.unique(person, return_index=True)[1]  # person p's first principal row
    names = _text(links.column("name").take(pa.array(rows[first_row])))
    w = _Writer(folder / f"name.basics.tsv{suffix}", IMDB_FILES["name.basics.tsv"], gzip)
    w.write({"nconst": people, "primaryName": names, "birthYear": pa.repeat(NULL, n_people),
             "deathYear": pa.repeat(NULL, n_people), "primaryProfession": profession, "knownForTitles": known})
    w.close()
    return {name + suffix: (folder / (name + suffix)).stat().st_size for name in IMDB_FILES}


_PROFESSIONS = ["actor", "actress", "cinematographer", "composer", "director", "editor", "producer",
                "production_designer", "writer"]
