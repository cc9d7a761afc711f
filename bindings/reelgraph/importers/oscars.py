"""Every Academy Award nomination (``oscars.csv``, tab-separated, unquoted).

A row is one nomination: ``Film``/``FilmId`` and ``Nominees``/``NomineeIds``
are ``|``-separated lists of equal length, ``?`` an unknown id. Each film of
the row links to the award of its category by ``nominated``, or ``awarded``
when ``Winner`` is True (a win is not also counted as a nomination). Where
the category says what the nominees did for the film, they are linked to it
as well: directing -> ``directed_by``, acting -> ``cast`` (with the
character), writing -> ``written_by``, best picture -> ``produced_by`` (or
``production_company`` for a company id), film editing -> ``edited_by``,
cinematography -> ``shot_by``, music -> ``music_by``. Other categories
(design, sound, effects, honorary and technical awards) name no credit the
graph keeps. A nominee with an ``nm``/``co`` id is that id; one with ``?``
is known by name only. The file drops trailing empty fields: short rows are
padded. A film's year is the single year of ``Year`` when it has one
(``1927/28`` gives none), used only when no other source dates the film.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, blank, concat, empty, frame,
                      imdb_names, imdb_titles, read_delimited, require_columns, years)

KIND = "oscars"
REQUIRED = ("path",)
OPTIONAL = ()

_SMALL = {"a", "an", "and", "as", "for", "in", "of", "or", "the", "to", "by"}


def award_name(category: str) -> str:
    """'ACTOR IN A LEADING ROLE' -> 'Academy Award for Actor in a Leading Role'."""
    words = category.strip().lower().split()
    shown = " ".join(w if i and w in _SMALL else (w[0].upper() + w[1:] if w[0] != "(" else "(" + w[1:2].upper() + w[2:])
                     for i, w in enumerate(words))
    return f"Academy Award for {shown}"


def credit_relation(category: str) -> str | None:
    c = category.upper()
    if c.startswith("DIRECTING"):
        return "directed_by"
    if c.startswith(("ACTOR", "ACTRESS")):
        return "cast"
    if c.startswith("WRITING"):
        return "written_by"
    if c == "BEST PICTURE":
        return "produced_by"
    if c == "FILM EDITING":
        return "edited_by"
    if c.startswith("CINEMATOGRAPHY"):
        return "shot_by"
    if c.startswith("MUSIC"):
        return "music_by"
    return None


def _split(cell) -> list[str]:
    return [] if cell is None or not str(cell).strip() else [p.strip() for p in str(cell).split("|")]


def load(entry: dict, on_error) -> SourceTables:
    path, label = entry["path"], entry["path_label"]
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    table = read_delimited(path, label, reject, delimiter="\t", quoting=False, pad_short=True)
    report.rows_read = len(table) + report.rows_rejected
    require_columns(table, label, ["Year", "CanonicalCategory", "Category", "Film", "FilmId", "Nominees",
                                   "NomineeIds", "Winner", "Detail"])
    table["single_year"] = blank(table["Year"]).str.extract(r"^(\d{4})$", expand=False)
    table["award_year"] = blank(table["Year"]).str.extract(r"^(\d{4})", expand=False)
    _, bad = years(table["award_year"])
    table = reject.mask(table, bad | table["award_year"].isna(), "Year", lambda v: f"'{v}' is not a year")
    table = reject.mask(table, blank(table["CanonicalCategory"]).isna(), "CanonicalCategory", "empty")

    # One row per film of a nomination, vectorised through explode.
    films_of = table["Film"].map(_split)
    ids_of = table["FilmId"].map(_split)
    uneven = films_of.str.len() != ids_of.str.len()
    table = reject.mask(table, uneven, "FilmId", "not as many ids as films in 'Film'")
    no_film = ids_of.loc[table.index].str.len() == 0
    report.skipped["a nomination of no film (honorary, technical)"] += int(no_film.sum())
    table = table.loc[~no_film]

    pairs = pd.DataFrame({"row": table.index, "title": films_of.loc[table.index], "film": ids_of.loc[table.index],
                          "detail": table["Detail"].map(_split)})
    pairs["position"] = pairs["film"].map(lambda v: list(range(len(v))))
    pairs["detail"] = [d if len(d) == len(f) else [None] * len(f) for d, f in zip(pairs["detail"], pairs["film"])]
    pairs = pairs.explode(["title", "film", "detail", "position"])
    pairs["film_id"], bad, reasons = imdb_titles(pairs["film"])
    bad_rows = pairs.loc[bad, "row"].unique()
    for r in bad_rows:
        text = pairs.loc[(pairs["row"] == r) & bad, "film"].iloc[0]
        reject.add(table.at[r, "_file"], table.at[r, "_line"], "FilmId", reasons.get(text, f"'{text}' is not an IMDb id"))
    pairs = pairs.loc[~pairs["row"].isin(bad_rows)]
    table = table.drop(index=bad_rows)
    unknown = pairs["film_id"].isna()
    if unknown.any():
        report.notes.append(f"{int(unknown.sum())} nominated films without an IMDb id ('?'), left out")
    pairs = pairs.loc[~unknown]
    has_film = table.index.isin(pairs["row"].unique())
    report.skipped["every film of the nomination without an id"] += int((~has_film).sum())
    table = table.loc[has_film]
    report.rows_used = len(table)

    row = table.loc[pairs["row"].to_numpy()]
    won = row["Winner"].fillna("").str.strip().str.lower().eq("true").to_numpy()
    where = {"_file": row["_file"].to_numpy(), "_line": row["_line"].to_numpy()}
    award_links = frame(LINKS, film_id=pairs["film_id"].to_numpy(), relation=np.where(won, "awarded", "nominated"),
                        name=row["CanonicalCategory"].map(award_name).to_numpy(), year=row["award_year"].to_numpy(),
                        detail=row["Category"].to_numpy(), source=KIND, **where)
    films = frame(FILMS, film_id=pairs["film_id"].to_numpy(), title=pairs["title"].to_numpy(),
                  year=row["single_year"].to_numpy(), source=KIND, **where)
    films = films.loc[films["title"].notna()].drop_duplicates("film_id")

    # Credits: the nominees of categories that say what they did, on every film of the row.
    relation = table["CanonicalCategory"].map(credit_relation)
    credited = table.loc[relation.notna()]
    names_of = credited["Nominees"].map(_split)
    nominee_ids = credited["NomineeIds"].map(_split)
    nominee_ids = pd.Series([i if i else ["?"] * len(n) for i, n in zip(nominee_ids, names_of)], index=credited.index)
    uneven = names_of.str.len() != nominee_ids.str.len()
    for r in credited.index[uneven.to_numpy()]:
        report.notes.append(f"{table.at[r, '_file']}:{table.at[r, '_line']}: field 'NomineeIds': not as many ids as "
                            "nominees; the nomination is kept, its nominees are not linked")
    credited = credited.loc[~uneven]
    people = pd.DataFrame({"row": credited.index, "name": names_of.loc[credited.index],
                           "id": nominee_ids.loc[credited.index]}).explode(["name", "id"])
    people["entity_id"], bad, reasons = imdb_names(people["id"])
    for r, text in people.loc[bad, ["row", "id"]].itertuples(index=False):
        report.notes.append(f"{table.at[r, '_file']}:{table.at[r, '_line']}: field 'NomineeIds': "
                            f"{reasons.get(text, text)}; that nominee is known by name only")
    people = people.loc[blank(people["name"]).notna()]
    credits = people.merge(pairs[["row", "film_id", "detail", "position"]], on="row")
    credit_row = table.loc[credits["row"].to_numpy()]
    rel = credit_row["CanonicalCategory"].map(credit_relation).to_numpy()
    company = credits["entity_id"].fillna("").str.startswith("co").to_numpy()
    rel = np.where(company & (rel == "produced_by"), "production_company", rel)
    keep = ~company | (rel == "production_company")  # a company nominated for anything else credits no person
    credit_links = frame(LINKS, film_id=credits["film_id"].to_numpy(), relation=rel, name=credits["name"].to_numpy(),
                         entity_id=credits["entity_id"].to_numpy(),
                         detail=np.where(rel == "cast", credits["detail"].to_numpy(), None), source=KIND,
                         _file=credit_row["_file"].to_numpy(), _line=credit_row["_line"].to_numpy())
    credit_links = credit_links.loc[keep]
    return SourceTables(films, concat([award_links, credit_links], LINKS), empty(ALIASES), report)
