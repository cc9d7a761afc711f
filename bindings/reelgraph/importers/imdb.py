"""IMDb's non-commercial datasets: ``title.basics``, ``title.principals``,
``title.crew`` and ``name.basics`` (``.tsv`` or ``.tsv.gz``).

The files are large (tens of millions of rows), so each is streamed block by
block with pyarrow (tab-separated, no quoting, ``\\N`` for missing) and every
step is a vectorised pyarrow/pandas operation on a block; no file is held
whole in memory. Only the chosen title types become films: by default
``movie`` and ``tvMovie`` (feature films, made for cinemas or for
television), not shorts, episodes, series or video games; adult titles are
left out unless ``adult = true``. Set ``title_types`` in the manifest to
choose others. Rows of titles not kept are counted as skipped.

Credits: ``director`` -> ``directed_by``, ``producer`` -> ``produced_by``,
``writer`` -> ``written_by``, ``actor``/``actress``/``self`` -> ``cast``
(the characters as detail), ``editor`` -> ``edited_by``,
``cinematographer`` -> ``shot_by``, ``composer`` -> ``music_by``, any other
category -> ``crew`` (the job as detail). ``title.crew`` adds the
directors and writers ``title.principals`` does not list. People are their
``nm`` ids, named from ``name.basics``; ``knownForTitles`` is not a credit
and is not read. Genres become ``genre`` links.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ..tables import InputError
from ._common import (ALIASES, FILMS, LINKS, MAX_YEAR, MIN_YEAR, Rejections, SourceReport, SourceTables, concat,
                      empty, frame, rel, unreadable)

KIND = "imdb"
REQUIRED = ("title_basics",)
OPTIONAL = ("title_principals", "title_crew", "name_basics", "title_types", "adult", "block_size")
DEFAULT_TYPES = ("movie", "tvMovie")

CATEGORY_RELATIONS = {
    "director": "directed_by", "producer": "produced_by", "writer": "written_by", "actor": "cast",
    "actress": "cast", "self": "cast", "editor": "edited_by", "cinematographer": "shot_by", "composer": "music_by",
}


@contextmanager
def _quiet(handler):
    """While reading, no "Exception ignored" report for `handler`: pyarrow
    cannot hand it a malformed row that is not UTF-8 (it fails decoding the
    row's text before calling it) and prints that, then stops with a parse
    error, which is reported as the file's InputError at that line."""
    previous = sys.unraisablehook

    def hook(unraisable):
        if unraisable.object != handler:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        if sys.unraisablehook is hook:  # another thread may have set its own since
            sys.unraisablehook = previous


class _Stream:
    """One IMDb TSV file, block by block, each row with its line number.

    A record with the wrong number of fields is rejected with its line (from
    pyarrow's own count); the lines of the rows kept are worked out from
    those, since the file has no quoting and so one record is one line.
    """

    def __init__(self, path: Path, label: str, columns: list[str], reject: Rejections, report: SourceReport,
                 block_size: int):
        self.path, self.label, self.columns, self.reject, self.report = path, label, columns, reject, report
        self.block_size = block_size
        self.invalid: list[int] = []  # lines of rejected records, ascending
        self.pending: list[tuple[int, str]] = []

    def _on_invalid(self, row) -> str:
        # Raising here would surface as pyarrow's own error: the row is kept
        # aside and rejected once pyarrow has handed over its block.
        self.invalid.append(row.number)
        self.pending.append((row.number, f"expected {row.expected_columns} fields, found {row.actual_columns}: "
                                         f"{row.text[:80]!r}"))
        return "skip"

    def __iter__(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        try:
            with _quiet(self._on_invalid):
                yield from self._blocks()
        except (pa.ArrowInvalid, OSError) as exc:
            # A line that is not UTF-8, a corrupt or truncated gzip stream: pyarrow's
            # error, told as the file's with the line where that can be found.
            raise unreadable(self.path, self.label, exc) from None

    def _blocks(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        with pa.input_stream(str(self.path), compression="detect") as raw:
            first = b""
            while not first.endswith(b"\n"):
                chunk = raw.read(1 << 16)
                if not chunk:
                    break
                first += chunk
        try:
            header = first.split(b"\n", 1)[0].decode("utf-8").rstrip("\r").split("\t")
        except UnicodeDecodeError as exc:
            raise InputError(self.label, 1, None, f"not valid UTF-8 ({exc.reason})") from None
        missing = [c for c in self.columns if c not in header]
        if missing:
            raise InputError(self.label, 1, missing[0], f"required column missing (the header has: {', '.join(header)})")
        reader = pa_csv.open_csv(
            str(self.path),
            read_options=pa_csv.ReadOptions(block_size=self.block_size, use_threads=False),
            parse_options=pa_csv.ParseOptions(delimiter="\t", quote_char=False, ignore_empty_lines=False,
                                              invalid_row_handler=self._on_invalid),
            convert_options=pa_csv.ConvertOptions(
                include_columns=self.columns, column_types={c: pa.string() for c in header},
                null_values=["\\N"], strings_can_be_null=True),
        )
        kept = 0
        for batch in reader:
            self._reject_pending()
            n = batch.num_rows
            self.report.rows_read += n
            # Kept row k (from 0) is on line k + 2 + j, j the invalid lines before it.
            k = np.arange(kept, kept + n)
            inv = np.asarray(self.invalid, dtype=np.int64)
            j = np.searchsorted(inv - 2 - np.arange(len(inv)), k, side="right") if len(inv) else 0
            yield batch, k + 2 + j
            kept += n
        self._reject_pending()

    def _reject_pending(self) -> None:
        for line, reason in self.pending:
            self.report.rows_read += 1
            self.reject.add(self.label, line, None, reason)
        self.pending.clear()


def _in(column: pa.ChunkedArray, values: pa.Array) -> np.ndarray:
    """Which cells of `column` are among `values`, as a numpy bool array (a missing cell is not)."""
    return pc.fill_null(pc.is_in(column, value_set=values), False).to_numpy(zero_copy_only=False).astype(bool)


def _where(lines: np.ndarray, label: str) -> dict:
    return {"_file": label, "_line": lines}


def load(entry: dict, on_error) -> SourceTables:
    report = SourceReport(KIND, entry["title_basics_label"])
    reject = Rejections(report, on_error)
    block = int(entry.get("block_size") or (16 << 20))
    types = pa.array(list(entry.get("title_types") or DEFAULT_TYPES), pa.string())
    adult = bool(entry.get("adult", False))

    # ---- title.basics -> films, genres; the set of titles kept
    label = entry["title_basics_label"]
    film_parts, genre_parts, kept_ids = [], [], []
    for batch, lines in _Stream(entry["title_basics"], label, ["tconst", "titleType", "primaryTitle", "isAdult",
                                                                 "startYear", "runtimeMinutes", "genres"],
                                reject, report, block):
        t = batch.to_pandas()
        t["_line"] = lines
        ok_id = t["tconst"].fillna("").str.fullmatch(r"tt\d{7,}")
        for i in np.flatnonzero(~ok_id.to_numpy(dtype=bool)):
            reject.add(label, lines[i], "tconst", f"'{t['tconst'].iat[i]}' is not an IMDb title id")
        ok_id = ok_id.to_numpy(dtype=bool)
        type_ok = _in(batch.column("titleType"), types) & ok_id
        report.skipped["title type not imported"] += int((ok_id & ~type_ok).sum())
        wanted = type_ok
        if not adult:
            is_adult = (t["isAdult"].fillna("0").str.strip() == "1").to_numpy()
            report.skipped["adult title"] += int((type_ok & is_adult).sum())
            wanted = type_ok & ~is_adult
        t = t.loc[wanted]
        year = pd.to_numeric(t["startYear"], errors="coerce")
        bad_year = t["startYear"].notna() & ~(year.between(MIN_YEAR, MAX_YEAR) & (year % 1 == 0))
        runtime = pd.to_numeric(t["runtimeMinutes"], errors="coerce")
        bad_runtime = t["runtimeMinutes"].notna() & ~((runtime > 0) & (runtime % 1 == 0))
        no_title = t["primaryTitle"].fillna("").str.strip() == ""
        for field, bad, why in (("primaryTitle", no_title, lambda v: "empty"),
                                ("startYear", bad_year & ~no_title, lambda v: f"'{v}' is not a year"),
                                ("runtimeMinutes", bad_runtime & ~no_title & ~bad_year,
                                 lambda v: f"'{v}' is not a positive whole number")):
            for _, r in t.loc[bad].iterrows():
                reject.add(label, r["_line"], field, why(r[field]))
        t = t.loc[~(no_title | bad_year | bad_runtime)]
        report.rows_used += len(t)
        kept_ids.append(pa.array(t["tconst"].to_numpy(), pa.string()))
        film_parts.append(frame(FILMS, film_id=t["tconst"].to_numpy(), title=t["primaryTitle"].to_numpy(),
                                year=year.loc[t.index].map(lambda v: str(int(v)), na_action="ignore").to_numpy(),
                                runtime_minutes=runtime.loc[t.index].map(lambda v: str(int(v)),
                                                                         na_action="ignore").to_numpy(),
                                source=KIND, **_where(t["_line"].to_numpy(), label)))
        genres = t["genres"].dropna().str.split(",").explode().str.strip()
        genres = genres[genres != ""]
        genre_parts.append(frame(LINKS, film_id=t.loc[genres.index, "tconst"].to_numpy(), relation="genre",
                                 name=genres.to_numpy(), source=KIND,
                                 **_where(t.loc[genres.index, "_line"].to_numpy(), label)))
    kept = pa.chunked_array(kept_ids, pa.string()).combine_chunks() if kept_ids else pa.array([], pa.string())
    films = concat(film_parts, FILMS)
    credit_parts = []

    # ---- title.principals -> credits
    if entry.get("title_principals"):
        label = entry["title_principals_label"]
        for batch, lines in _Stream(entry["title_principals"], label,
                                    ["tconst", "nconst", "category", "job", "characters"], reject, report, block):
            ours = _in(batch.column("tconst"), kept)
            report.skipped["credit of a title not imported"] += int((~ours).sum())
            t = batch.filter(pa.array(ours)).to_pandas()
            t["_line"] = lines[ours]
            bad = ~t["nconst"].fillna("").str.fullmatch(r"nm\d{7,}")
            for _, r in t.loc[bad].iterrows():
                reject.add(label, r["_line"], "nconst", f"'{r['nconst']}' is not an IMDb name id")
            t = t.loc[~bad]
            report.rows_used += len(t)
            relation = t["category"].map(CATEGORY_RELATIONS).fillna("crew")
            # characters is a JSON list of strings: ["Kim"] -> Kim
            characters = t["characters"].str.replace(r'^\["|"\]$', "", regex=True).str.replace('","', ", ",
                                                                                                regex=False)
            detail = np.where(relation == "cast", characters, np.where(relation == "crew",
                                                                        t["job"].fillna(t["category"]), None))
            credit_parts.append(frame(LINKS, film_id=t["tconst"].to_numpy(), relation=relation.to_numpy(),
                                      entity_id=t["nconst"].to_numpy(), detail=detail, source=KIND,
                                      **_where(t["_line"].to_numpy(), label)))

    # ---- title.crew -> directors and writers
    if entry.get("title_crew"):
        label = entry["title_crew_label"]
        for batch, lines in _Stream(entry["title_crew"], label, ["tconst", "directors", "writers"], reject,
                                    report, block):
            ours = _in(batch.column("tconst"), kept)
            report.skipped["credit of a title not imported"] += int((~ours).sum())
            t = batch.filter(pa.array(ours)).to_pandas()
            t["_line"] = lines[ours]
            report.rows_used += len(t)
            for column, relation in (("directors", "directed_by"), ("writers", "written_by")):
                people = t[column].dropna().str.split(",").explode().str.strip()
                people = people[people != ""]
                bad = ~people.str.fullmatch(r"nm\d{7,}")
                for i, v in people[bad].items():
                    reject.report.notes.append(f"{label}:{t.at[i, '_line']}: field '{column}': '{v}' is not an "
                                               "IMDb name id; left out")
                people = people[~bad]
                credit_parts.append(frame(LINKS, film_id=t.loc[people.index, "tconst"].to_numpy(), relation=relation,
                                          entity_id=people.to_numpy(), source=KIND,
                                          **_where(t.loc[people.index, "_line"].to_numpy(), label)))
    credits = concat(credit_parts, LINKS)
    # title.crew repeats what title.principals says of most films: one link each.
    credits = credits.drop_duplicates(["film_id", "relation", "entity_id"])

    # ---- name.basics -> the names of the people credited
    names: dict[str, str] = {}
    if entry.get("name_basics") and len(credits):
        label = entry["name_basics_label"]
        wanted = pa.array(credits["entity_id"].unique(), pa.string())
        for batch, lines in _Stream(entry["name_basics"], label, ["nconst", "primaryName"], reject, report, block):
            ours = _in(batch.column("nconst"), wanted)
            report.skipped["a person credited on no title imported"] += int((~ours).sum())
            t = batch.filter(pa.array(ours)).to_pandas()
            t["_line"] = lines[ours]
            no_name = t["primaryName"].fillna("").str.strip() == ""
            for _, r in t.loc[no_name].iterrows():
                reject.add(label, r["_line"], "primaryName", "empty")
            t = t.loc[~no_name]
            report.rows_used += len(t)
            names.update(zip(t["nconst"], t["primaryName"]))
    if len(credits):
        credits["name"] = credits["entity_id"].map(names)
        unnamed = int(credits["name"].isna().sum())
        if unnamed:
            report.notes.append(f"{unnamed} credits name a person name.basics does not list: shown by id")
            credits["name"] = credits["name"].fillna(credits["entity_id"])
    type_list = ", ".join(entry.get("title_types") or DEFAULT_TYPES)
    report.notes.append(f"title types imported: {type_list}{'' if not adult else ', adult titles included'}")
    return SourceTables(films, concat([*genre_parts, credits], LINKS), empty(ALIASES), report)
