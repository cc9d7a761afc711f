"""What every importer shares: the canonical tables, the per-source report,
missing values, id spellings and vectorised row rejection."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

import numpy as np
import pandas as pd

from .. import _core
from ..tables import separator_hint, ALIAS_COLUMNS, FILM_COLUMNS, LINK_COLUMNS, MAX_YEAR, MIN_YEAR, InputError

OnError = Literal["raise", "skip"]

FILMS = list(FILM_COLUMNS)
LINKS = list(LINK_COLUMNS)
ALIASES = list(ALIAS_COLUMNS)
# Besides the canonical columns, every row keeps where it came from (file and
# line), so that whatever happens to it later can be told in the source's terms.
WHERE = ["_file", "_line"]

# How the sources write "unknown".
MISSING = frozenset({"", "NA", "\\N", "?", "[]"})

PERSON_RELATIONS = frozenset(
    {"directed_by", "produced_by", "written_by", "cast", "edited_by", "shot_by", "music_by", "crew"}
)


class ManifestError(ValueError):
    """A mistake in a manifest: names the manifest, the source's number (from 1) and the key."""

    def __init__(self, manifest: str, index: int | None, key: str | None, reason: str):
        self.manifest, self.index, self.key, self.reason = manifest, index, key, reason
        where = manifest + (f": source {index}" if index is not None else "") + (f": key '{key}'" if key else "")
        super().__init__(f"{where}: {reason}")


def source_error(entry: dict, key: str, reason: str) -> ManifestError:
    """A source whose files are not where its manifest entry says (a pattern
    that matches nothing, a folder without a file its kind needs): the
    manifest's mistake, told with the source's number and key."""
    return ManifestError(entry.get("manifest") or entry.get("path_label") or "source", entry.get("index"), key, reason)


def source_files(entry: dict, default_pattern: str, what: str) -> list[Path]:
    """The files of a source whose `path` is one file or a folder of them (those matching `pattern`)."""
    folder, label = Path(entry["path"]), entry["path_label"]
    if not folder.is_dir():
        return [folder]
    pattern = entry.get("pattern") or default_pattern
    try:
        files = sorted(p for p in folder.glob(pattern) if p.is_file())
    except (ValueError, NotImplementedError) as exc:  # an empty, absolute or malformed pattern
        raise source_error(entry, "pattern", f"'{pattern}' is not a usable file pattern ({exc})") from None
    if not files:
        raise source_error(entry, "pattern" if entry.get("pattern") else "path",
                           f"no {what} in {label} match '{pattern}'")
    return files


@dataclass
class SourceReport:
    """What became of one source's rows.

    Every row read is exactly one of: used (it gave the graph something),
    merged (it repeats a row of the same source, which gave it already),
    skipped (left out by choice, e.g. an IMDb title type not imported; counted
    by reason) or rejected (bad data; each listed with file, line and field).
    """

    kind: str
    label: str
    rows_read: int = 0
    rows_used: int = 0
    rows_merged: int = 0
    skipped: Counter = field(default_factory=Counter)
    rejected: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def balanced(self) -> bool:
        return self.rows_read == self.rows_used + self.rows_merged + self.rows_skipped + self.rows_rejected

    def as_dict(self) -> dict:
        return {"kind": self.kind, "source": self.label, "rows_read": self.rows_read, "rows_used": self.rows_used,
                "rows_merged": self.rows_merged, "rows_skipped": self.rows_skipped,
                "rows_rejected": self.rows_rejected}


@dataclass
class SourceTables:
    """One source in the project's input format, with its report."""

    films: pd.DataFrame
    links: pd.DataFrame
    aliases: pd.DataFrame
    report: SourceReport
    also: list[SourceReport] = field(default_factory=list)  # reports of files read on the side (a crosswalk)


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns + WHERE})


def frame(columns: list[str], **values) -> pd.DataFrame:
    """A table of the given canonical columns (plus where-columns); absent ones are missing."""
    n = max((len(v) for v in values.values() if not np.isscalar(v)), default=0)
    out = {}
    for c in columns + WHERE:
        v = values.get(c)
        if v is None:
            out[c] = pd.Series([None] * n, dtype=object)
        elif np.isscalar(v):
            out[c] = pd.Series([v] * n, dtype=object)
        else:
            out[c] = pd.Series(np.asarray(v, dtype=object), dtype=object)
    return pd.DataFrame(out)


def concat(frames: Iterable[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty(columns)
    return pd.concat(frames, ignore_index=True)[columns + WHERE]


def blank(values: pd.Series) -> pd.Series:
    """Text with every spelling of "unknown" made missing (None); other text trimmed."""
    s = values.astype(object).where(values.notna(), None)
    s = s.map(lambda v: None if v is None else str(v).strip(), na_action="ignore")
    return s.where(~s.isin(MISSING) & s.notna(), None)


def split_list(values: pd.Series, sep: str) -> pd.Series:
    """A column of `sep`-separated lists, one row per item (index kept), unknowns dropped."""
    s = blank(values).dropna()
    if s.empty:
        return pd.Series(dtype=object)
    items = s.str.split(sep, regex=False).explode()
    return blank(items).dropna()


def json_names(values: pd.Series, key: str = "name") -> pd.Series:
    """A column of JSON lists of objects, one row per object's `key` (index kept).

    A cell that is not a JSON list raises ValueError with the cell's index in
    ``args[1]`` so the caller can reject that row.
    """
    out_index, out_values = [], []
    for i, cell in blank(values).dropna().items():
        try:
            parsed = json.loads(cell)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON list ({exc.msg})", i) from None
        if not isinstance(parsed, list):
            raise ValueError("not a JSON list", i)
        for item in parsed:
            name = item.get(key) if isinstance(item, dict) else None
            if isinstance(name, str) and name.strip() and name.strip() not in MISSING:
                out_index.append(i)
                out_values.append(name.strip())
    return pd.Series(out_values, index=out_index, dtype=object)


class Rejections:
    """Rows of one file found bad, collected or raised as on_error says."""

    def __init__(self, report: SourceReport, on_error: OnError):
        self.report, self.on_error = report, on_error

    def add(self, file: str, line, field: str | None, reason: str) -> None:
        err = InputError(file, None if line is None else int(line), field, reason)
        if self.on_error == "raise":
            raise err
        self.report.rejected.append(err)

    def mask(self, table: pd.DataFrame, bad: pd.Series, field: str, reason) -> pd.DataFrame:
        """Reject the rows of `table` where `bad` holds; returns the other rows.

        `reason` is a string or a function of the row's value of `field`.
        """
        bad = bad.fillna(False).astype(bool)
        if bad.any():
            for _, row in table.loc[bad].iterrows():
                why = reason(row.get(field)) if callable(reason) else reason
                self.add(row["_file"], row["_line"], field, why)
        return table.loc[~bad]


def years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(year as text or None, bad mask): a year must be a whole number in the input format's range."""
    s = blank(values)
    number = pd.to_numeric(s, errors="coerce")
    ok = number.notna() & (number % 1 == 0) & number.between(MIN_YEAR, MAX_YEAR)
    bad = s.notna() & ~ok
    text = number.where(ok).map(lambda v: str(int(v)), na_action="ignore")
    return text.astype(object).where(ok, None), bad


def positive_ints(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    s = blank(values)
    number = pd.to_numeric(s, errors="coerce")
    ok = number.notna() & (number % 1 == 0) & (number > 0)
    text = number.where(ok).map(lambda v: str(int(v)), na_action="ignore")
    return text.astype(object).where(ok, None), s.notna() & ~ok


def imdb_titles(values: pd.Series) -> tuple[pd.Series, pd.Series, dict]:
    """(canonical tt id or None, bad mask, {bad text: reason}) for any spelling of
    an IMDb title id (tt0038297, a URL, MovieLens' bare 38297). Each distinct
    spelling is parsed once, by the core, so every source agrees with the graph."""
    s = blank(values)
    parsed: dict[str, str | None] = {}
    reasons: dict[str, str] = {}
    for text in s.dropna().unique():
        try:
            tt = _core.imdb_title_id(text)
            parsed[text] = tt if tt.startswith("tt") else None
            if parsed[text] is None:
                reasons[text] = f"'{text}' is not an IMDb title id"
        except ValueError as exc:
            parsed[text] = None
            reasons[text] = str(exc)
    ids = s.map(parsed, na_action="ignore")
    bad = s.notna() & ids.isna()
    return ids.astype(object).where(ids.notna(), None), bad, reasons


def imdb_names(values: pd.Series) -> tuple[pd.Series, pd.Series, dict]:
    """The same for IMDb person (nm) and company (co) ids."""
    s = blank(values)
    parsed: dict[str, str | None] = {}
    reasons: dict[str, str] = {}
    for text in s.dropna().unique():
        try:
            got = _core.parse_external_id(text)
        except ValueError as exc:
            got, reasons[text] = None, str(exc)
        if got is not None and got[0] in ("imdb_name", "imdb_company"):
            parsed[text] = got[1]
        else:
            parsed[text] = None
            reasons.setdefault(text, f"'{text}' is not an IMDb person or company id")
    ids = s.map(parsed, na_action="ignore")
    bad = s.notna() & ids.isna()
    return ids.astype(object).where(ids.notna(), None), bad, reasons


def flip_comma_name(name: str) -> str:
    """'Lau, Flora' -> 'Flora Lau': one file writes surnames first with a comma."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name.strip()


def rel(path: Path, root: Path | None) -> str:
    """A file's name as reports show it: relative to the data root when inside it."""
    if root is not None:
        try:
            return str(Path(path).resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def unreadable(path: Path, label: str, exc: Exception) -> InputError:
    """The InputError for a file pyarrow could not read: at the first line that
    is not UTF-8 when that is the cause (pyarrow does not say which line), else
    with pyarrow's own reason. Only called once reading has failed, so the
    second pass costs nothing on good files."""
    import pyarrow as pa

    try:
        with pa.input_stream(str(path), compression="detect") as raw:
            pending, line = b"", 0
            while True:
                chunk = raw.read(1 << 20)
                lines = (pending + chunk).split(b"\n")
                pending = lines.pop() if chunk else b""
                for text in lines:
                    line += 1
                    try:
                        text.decode("utf-8")
                    except UnicodeDecodeError as bad:
                        return InputError(label, line, None, f"not valid UTF-8 ({bad.reason})")
                if not chunk:
                    break
    except (OSError, pa.ArrowException) as again:
        return InputError(label, None, None, f"cannot be read: {again}")
    return InputError(label, None, None, f"cannot be read: {exc}")


def read_delimited(path: Path, label: str, rejections: Rejections, *, delimiter: str = ",", quoting: bool = True,
                   pad_short: bool = False) -> pd.DataFrame:
    """A small delimited file as text columns, each row with its file and line.

    Read with the csv module, which tells on which physical line each record
    starts even when quoted cells hold line breaks. A record with the wrong
    number of fields is rejected (or, with `pad_short`, for files that drop
    trailing empty fields, padded when it has fewer). For large files see the
    streaming IMDb reader.
    """
    import csv
    import io

    import pyarrow as pa

    raw = pa.input_stream(str(path), compression="detect")
    with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE)
        header: list[str] | None = None
        rows, lines = [], []
        previous_end = 0
        try:
            for record in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if header is None:
                    header = [h.strip() for h in record]
                    # A name given twice would make that column two, and every
                    # step below expects one.
                    seen = set()
                    for name in header:
                        if name in seen:
                            raise InputError(label, 1, name, "column given twice in the header")
                        seen.add(name)
                    continue
                if not record:
                    rejections.add(label, start, None, "blank line")
                    continue
                if len(record) != len(header):
                    if pad_short and len(record) < len(header):
                        record = record + [""] * (len(header) - len(record))
                    else:
                        rejections.add(label, start, None,
                                       f"expected {len(header)} fields, found {len(record)}: {delimiter.join(record)[:80]!r}")
                        continue
                rows.append(record)
                lines.append(start)
        except UnicodeDecodeError as exc:
            raise InputError(label, previous_end + 1, None, f"not valid UTF-8 ({exc.reason})") from exc
    if header is None:
        raise InputError(label, 1, None, "the file is empty: expected a header line")
    table = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    table["_file"] = label
    table["_line"] = lines
    return table


def require_columns(table: pd.DataFrame, label: str, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        present = [c for c in table.columns if c not in WHERE]
        raise InputError(label, 1, missing[0], f"required column missing (the header has: {', '.join(present)})"
                                               f"{separator_hint(present, columns)}")


def link_rows(table: pd.DataFrame, values: pd.Series, relation: str, source: str, **columns) -> pd.DataFrame:
    """Link rows for `values` (indexed like `table`, an index repeated for list cells):
    the film and location come from the table row, other columns from `columns`
    (a scalar, or a Series indexed like `values`)."""
    rows = table.loc[values.index]
    extra = {k: (v if v is None or np.isscalar(v) else np.asarray(v, dtype=object)) for k, v in columns.items()}
    return frame(LINKS, film_id=rows["film_id"].to_numpy(), relation=relation, name=values.to_numpy(),
                 source=source, _file=rows["_file"].to_numpy(), _line=rows["_line"].to_numpy(), **extra)


def column_links(table: pd.DataFrame, column: str, relation: str, source: str, *, split: str | None = None,
                 transform=None, **columns) -> pd.DataFrame:
    """Link rows from one column: one value a row, or a `split`-separated list."""
    values = split_list(table[column], split) if split else blank(table[column]).dropna()
    if transform is not None:
        values = values.map(transform).dropna()
    return link_rows(table, values, relation, source, **columns)
