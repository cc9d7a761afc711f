"""Merging the sources' tables into one dataset.

Ids first, names only where no id exists, and never against an id:

1. **Films with one IMDb id are one film**, whichever source and spelling
   (``tt0038297``, a URL, MovieLens' ``38297``) gave it: every id was
   normalised by the core when the source was read. Its title, year and
   runtime are taken from the first source, in :data:`PRIORITY` order, that
   gives them (IMDb's own files first, the festival programmes' lower-case
   titles last); sources that disagree are counted in the report.
2. **A film without an IMDb id** (a festival programme's local id, a TMDB id
   the crosswalk does not map) joins an IMDb-identified film only when
   exactly one such film has the same title (compared as names are:
   case, spacing and look-alike punctuation folded) and the same year. With
   two or more candidates it is left apart and listed as ambiguous; without
   a year it is left apart. Two films with one title and two ids stay two films.
3. **A person known by name only** (IMDB 5000, festival programmes, Cannes,
   an Oscar nominee written ``?``) takes an IMDb person id only when exactly
   one id-known person has that name (compared as search keys: case, accents,
   punctuation, hyphens and word order folded, so "Joon-ho Bong" is "Bong Joon
   Ho") and the two share at least one film. Several id-known people with the name: ambiguous, left
   apart and listed; one with the name but no film in common: left apart.
   Other name-only entities (companies, countries, genres...) are keyed by
   kind and name by the graph itself.
4. Aliases of all sources are pooled; a spelling two sources make stand for
   different names is dropped and listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import _core
from ._common import ALIASES, FILMS, LINKS, PERSON_RELATIONS, WHERE, SourceTables, concat

# Which source's title and year win for a film several sources give.
PRIORITY = ("imdb", "imdb5000", "tmdb5000", "cannes", "oscars", "award_winners", "festival_programmes",
            "wikipedia_cast")


@dataclass
class MergeReport:
    films_in: Counter = field(default_factory=Counter)          # film rows per source
    films_by_id: Counter = field(default_factory=Counter)       # rows folded into a film an earlier source gave
    films_by_title: Counter = field(default_factory=Counter)    # id-less films joined to an IMDb film
    title_conflicts: int = 0
    year_conflicts: int = 0
    ambiguous_films: list[tuple[str, str, str, int]] = field(default_factory=list)  # (source, film id, title, n)
    people_merged: int = 0          # names given an IMDb id
    person_links_merged: int = 0
    people_ambiguous: list[tuple[str, int]] = field(default_factory=list)  # (name, how many ids)
    people_no_shared_film: int = 0
    alias_conflicts: list[str] = field(default_factory=list)
    films_out: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"films: {sum(self.films_in.values())} film rows from {len(self.films_in)} sources "
                 f"-> {self.films_out} films"]
        for kind in self.films_in:
            lines.append(f"  {kind}: {self.films_in[kind]} film rows, {self.films_by_id[kind]} joined a film "
                         f"by IMDb id, {self.films_by_title[kind]} by title and year")
        lines.append(f"  {self.title_conflicts} films titled differently by two sources, "
                     f"{self.year_conflicts} dated differently (the first source in priority order is kept)")
        lines.append(f"  {len(self.ambiguous_films)} id-less films left apart: several IMDb films share "
                     "their title and year")
        for src, fid, title, n in self.ambiguous_films[:10]:
            lines.append(f"    {src} {fid} '{title}': {n} candidates")
        lines.append(f"people: {self.people_merged} names given an IMDb id ({self.person_links_merged} links); "
                     f"{len(self.people_ambiguous)} names left apart as ambiguous (several ids), "
                     f"{self.people_no_shared_film} left apart for sharing no film with the one id")
        for name, n in self.people_ambiguous[:10]:
            lines.append(f"    '{name}': {n} IMDb ids")
        if self.alias_conflicts:
            lines.append(f"aliases: {len(self.alias_conflicts)} spellings claimed for two names, dropped: "
                         + ", ".join(self.alias_conflicts[:10]))
        lines.extend(self.notes)
        return "\n".join(lines)


def _keys(values: pd.Series, fn) -> pd.Series:
    """fn over each distinct value once (the core's key functions are per string).

    Always object dtype: pandas makes a map that finds nothing (no films, or
    no id a key) a float column, which the string methods below refuse."""
    uniques = values.dropna().unique()
    return values.map(dict(zip(uniques, (fn(v) for v in uniques))), na_action="ignore").astype(object)


def _person_key(name: str) -> str:
    return _core.search_key(name, True)


def _film_key(film_id: str):
    try:
        return _core.film_key(film_id)
    except ValueError:
        return None  # the graph builder reports it, with the row's source


def merge(sources: list[SourceTables]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, MergeReport]:
    report = MergeReport()
    rank = {k: i for i, k in enumerate(PRIORITY)}
    films = concat([s.films for s in sources], FILMS)
    links = concat([s.links for s in sources], LINKS)
    aliases = concat([s.aliases for s in sources], ALIASES)
    for kind, n in films["source"].value_counts(sort=False).items():
        report.films_in[kind] = int(n)

    # ---- 1. one film per id, in priority order
    films["key"] = _keys(films["film_id"], _film_key)
    films["rank"] = films["source"].map(rank).fillna(len(rank))
    films = films.sort_values(["rank"], kind="stable")
    films["title_key"] = _keys(films["title"].astype(object), _core.name_key)
    has_key = films["key"].notna()
    grouped = films.loc[has_key].groupby("key", sort=False)
    report.title_conflicts = int((grouped["title_key"].nunique() > 1).sum())
    report.year_conflicts = int((grouped["year"].nunique() > 1).sum())
    first = films.loc[has_key].drop_duplicates("key")
    later = films.loc[has_key & films.duplicated("key")]
    for kind, n in later["source"].value_counts().items():
        report.films_by_id[kind] += int(n)
    # A later source may know what the first left blank.
    for column in ("year", "runtime_minutes"):
        filler = grouped[column].first()
        first[column] = first[column].where(first[column].notna(), first["key"].map(filler))
    films = pd.concat([first, films.loc[~has_key]])

    # ---- 2. id-less films join the one IMDb film of their title and year
    is_imdb = films["key"].fillna("").str.match(r"tt\d")
    is_idless = films["key"].fillna("").str.startswith(("film:", "tmdb:"))
    anchors = films.loc[is_imdb & films["year"].notna(), ["key", "title_key", "year"]]
    counts = anchors.groupby(["title_key", "year"])["key"].agg(["nunique", "first"])
    idless = films.loc[is_idless & films["year"].notna(), ["key", "title_key", "year", "source", "film_id", "title"]]
    found = idless.join(counts, on=["title_key", "year"])
    joined = found.loc[found["nunique"] == 1]
    ambiguous = found.loc[found["nunique"] > 1]
    for r in ambiguous.itertuples():
        report.ambiguous_films.append((r.source, r.film_id, r.title, int(r.nunique)))
    for kind, n in joined["source"].value_counts().items():
        report.films_by_title[kind] += int(n)
    film_map = dict(zip(joined["key"], joined["first"]))
    films = films.loc[~films["key"].isin(film_map.keys())]
    report.films_out = len(films)

    # Links name their film by the merged film's key.
    links["film_key"] = _keys(links["film_id"], _film_key).astype(object)
    links["film_id"] = links["film_key"].map(lambda k: film_map.get(k, k), na_action="ignore").astype(object).where(
        links["film_key"].notna(), links["film_id"])
    films["film_id"] = films["key"].where(films["key"].notna(), films["film_id"])
    # A local key ("film:programme-film-12") is given back as written, without the "film:" the core adds.
    local = films["film_id"].fillna("").str.startswith("film:")
    if local.any():
        films.loc[local, "film_id"] = films.loc[local, "film_id"].str.slice(5)
    linked_local = links["film_id"].fillna("").str.startswith("film:")
    if linked_local.any():
        links.loc[linked_local, "film_id"] = links.loc[linked_local, "film_id"].str.slice(5)

    # ---- 3. name-only people take the one IMDb id of their name when they share a film
    is_person = links["relation"].isin(PERSON_RELATIONS)
    links["name_key"] = None
    # Names compared as search keys: accents, punctuation, hyphens and word order folded
    # ("Joon-ho Bong" is "Bong Joon Ho"); the shared film is what makes it safe.
    links.loc[is_person, "name_key"] = _keys(links.loc[is_person, "name"].astype(object), _person_key)
    entity = links["entity_id"].fillna("")
    with_id = links.loc[is_person & entity.str.startswith("nm"), ["entity_id", "name_key", "film_id"]]
    name_only = links.loc[is_person & (entity == "") & links["name_key"].notna(), ["name_key", "film_id"]]
    ids_per_name = with_id.groupby("name_key")["entity_id"].agg(["nunique", "first"])
    names = pd.DataFrame({"name_key": name_only["name_key"].unique()}).join(ids_per_name, on="name_key")
    several = names.loc[names["nunique"] > 1]
    shown = links.loc[is_person & (entity == "")].drop_duplicates("name_key").set_index("name_key")["name"]
    report.people_ambiguous = [(shown.get(k, k), int(n)) for k, n in zip(several["name_key"], several["nunique"])]
    single = names.loc[names["nunique"] == 1]
    shared = name_only.merge(with_id, on=["name_key", "film_id"])
    sharing = set(shared["name_key"]) & set(single["name_key"])
    report.people_no_shared_film = int(len(single) - len(sharing))
    person_map = {k: i for k, i in zip(single["name_key"], single["first"]) if k in sharing}
    take = is_person & (entity == "") & links["name_key"].isin(person_map.keys())
    links.loc[take, "entity_id"] = links.loc[take, "name_key"].map(person_map)
    report.people_merged = len(person_map)
    report.person_links_merged = int(take.sum())

    # ---- 4. aliases
    if len(aliases):
        aliases["alias_key"] = [f"{k}:{_core.name_key(a)}" for k, a in zip(aliases["kind"], aliases["alias"])]
        aliases["target"] = _keys(aliases["name"], _core.name_key)
        clash = aliases.groupby("alias_key")["target"].transform("nunique") > 1
        report.alias_conflicts = sorted(set(aliases.loc[clash, "alias"]))
        aliases = aliases.loc[~clash].drop_duplicates("alias_key")

    return (films[FILMS + WHERE].reset_index(drop=True), links[LINKS + WHERE].reset_index(drop=True),
            aliases[ALIASES + WHERE].reset_index(drop=True), report)
