"""Winners of festival and academy awards (``festivals/award-winners/*.csv``).

Each file is one award, ``year,title,IMDb ID`` a winner a line; the file's
name says which award (``cannes-palme-dor.csv`` is the Palme d'Or). Each row
links its film to the award by ``awarded``, with the award's year. Some files
are byte-for-byte copies of others under another name: a copy is detected by
its content, and its rows are counted as merged, never added twice. Two files
with different names for one award (``golden-bear-winners``,
``berlin-golden-bear``) are one award.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ._common import (ALIASES, FILMS, LINKS, Rejections, SourceReport, SourceTables, blank, concat, empty, frame,
                      imdb_titles, read_delimited, rel, require_columns, source_files, years)

KIND = "award_winners"
REQUIRED = ("path",)
OPTIONAL = ("pattern",)
FOLDER_KEYS = ("path",)  # a folder of award files, or one file

# File name (without .csv) -> the award's name.
AWARDS = {
    "academy-awards-best-picture": "Academy Award for Best Picture",
    "academy-awards-winners": "Academy Award for Best Picture",
    "berlin-golden-bear": "Golden Bear", "golden-bear-winners": "Golden Bear",
    "berlin-silver-bear-actor": "Silver Bear for Best Actor",
    "berlin-silver-bear-actress": "Silver Bear for Best Actress",
    "berlin-silver-bear-director": "Silver Bear for Best Director",
    "berlin-silver-bear-grand-jury": "Silver Bear Grand Jury Prize",
    "berlin-silver-bear-screenplay": "Silver Bear for Best Screenplay",
    "bfi-london-best-film": "BFI London Film Festival Best Film",
    "cannes-best-actor": "Cannes Best Actor Award", "cannes-best-actress": "Cannes Best Actress Award",
    "cannes-best-director": "Cannes Best Director Award", "cannes-best-screenplay": "Cannes Best Screenplay Award",
    "cannes-grand-prix": "Cannes Grand Prix", "cannes-jury-prize": "Cannes Jury Prize",
    "cannes-palme-dor": "Palme d'Or", "palme-dor-winners": "Palme d'Or",
    "fipresci-grand-prix": "FIPRESCI Grand Prix",
    "golden-lion-winners": "Golden Lion", "venice-golden-lion": "Golden Lion",
    "idfa-best-film": "IDFA Award for Best Film",
    "karlovy-vary-crystal-globe": "Crystal Globe",
    "locarno-best-direction": "Locarno Leopard for Best Direction", "locarno-golden-leopard": "Golden Leopard",
    "locarno-special-jury-prize": "Locarno Special Jury Prize",
    "rotterdam-tiger-award": "Tiger Award",
    "san-sebastian-best-director": "Silver Shell for Best Director", "san-sebastian-golden-shell": "Golden Shell",
    "sundance-audience-doc": "Sundance Audience Award: Documentary",
    "sundance-audience-dramatic": "Sundance Audience Award: Dramatic",
    "sundance-directing-doc": "Sundance Directing Award: Documentary",
    "sundance-directing-dramatic": "Sundance Directing Award: Dramatic",
    "sundance-grand-jury-doc": "Sundance Grand Jury Prize: Documentary",
    "sundance-grand-jury-dramatic": "Sundance Grand Jury Prize: Dramatic",
    "sxsw-grand-jury-narrative": "SXSW Grand Jury Award: Narrative Feature",
    "tiff-peoples-choice": "TIFF People's Choice Award",
    "venice-best-screenplay": "Venice Award for Best Screenplay",
    "venice-coppa-volpi-actor": "Volpi Cup for Best Actor", "venice-coppa-volpi-actress": "Volpi Cup for Best Actress",
    "venice-grand-jury-prize": "Venice Grand Jury Prize", "venice-silver-lion-director": "Silver Lion for Best Direction",
}


def award_name(stem: str) -> str:
    return AWARDS.get(stem) or stem.replace("-", " ").strip().capitalize()


def load(entry: dict, on_error) -> SourceTables:
    label = entry["path_label"]
    files = source_files(entry, "*.csv", "award files")
    report = SourceReport(KIND, label)
    reject = Rejections(report, on_error)
    seen: dict[str, Path] = {}
    tables = []
    for path in files:
        file_label = rel(path, entry.get("root"))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        before = report.rows_rejected
        table = read_delimited(path, file_label, reject)
        report.rows_read += len(table) + report.rows_rejected - before
        if digest in seen:
            first = seen[digest]
            report.rows_merged += len(table)
            same = award_name(first.stem) == award_name(path.stem)
            report.notes.append(f"{path.name} is a copy of {first.name}: its {len(table)} rows not counted again"
                                + ("" if same else f" (its name suggests '{award_name(path.stem)}'; "
                                                   f"the award is taken to be '{award_name(first.stem)}')"))
            continue
        seen[digest] = path
        if path.stem not in AWARDS:
            report.notes.append(f"{path.name}: award named '{award_name(path.stem)}' after the file")
        require_columns(table, file_label, ["year", "title", "IMDb ID"])
        table["award"] = award_name(path.stem)
        tables.append(table)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(
        columns=["year", "title", "IMDb ID", "award", "_file", "_line"])

    table["film_id"], bad, reasons = imdb_titles(table["IMDb ID"])
    table = reject.mask(table, bad, "IMDb ID", lambda v: reasons.get(str(v).strip(), "not an IMDb id"))
    table = reject.mask(table, table["film_id"].isna(), "IMDb ID", "empty: no IMDb id for the film")
    table["title"] = blank(table["title"])
    table = reject.mask(table, table["title"].isna(), "title", "empty")
    table["award_year"], bad = years(table["year"])
    table = reject.mask(table, bad, "year", lambda v: f"'{v}' is not a year")
    # Two files under one award name (not copies) may list the same win.
    repeat = table.duplicated(subset=["film_id", "award", "award_year"])
    report.rows_merged += int(repeat.sum())
    table = table.loc[~repeat]
    report.rows_used = len(table)
    films = frame(FILMS, film_id=table["film_id"].to_numpy(), title=table["title"].to_numpy(), source=KIND,
                  _file=table["_file"].to_numpy(), _line=table["_line"].to_numpy()).drop_duplicates("film_id")
    links = frame(LINKS, film_id=table["film_id"].to_numpy(), relation="awarded", name=table["award"].to_numpy(),
                  year=table["award_year"].to_numpy(), source=KIND, _file=table["_file"].to_numpy(),
                  _line=table["_line"].to_numpy())
    report.notes.append(f"{table['award'].nunique()} awards; a winner's year is the award's, not the film's")
    return SourceTables(films, concat([links], LINKS), empty(ALIASES), report)
