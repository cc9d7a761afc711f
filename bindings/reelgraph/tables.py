"""The project's own input format: a films table, a links table, an aliases table.

Each may be CSV, TSV (``.tsv``/``.tab``), either gzipped, or Parquet, or a pandas
DataFrame or pyarrow Table already in memory. Every table becomes Arrow text
columns here (pyarrow parses the files); the core checks each row of those
columns (``_build``). A bad row becomes an :class:`InputError` naming the
file, the line and the field, or, with ``on_error="skip"``, a counted entry in
the :class:`LoadReport`. No row is dropped without being reported.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal, Union

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from . import _core

OnError = Literal["raise", "skip"]
TableSource = Union[str, os.PathLike, "pa.Table", "object"]  # path, pyarrow Table or pandas DataFrame

# column -> required?
FILM_COLUMNS = {"film_id": True, "title": True, "year": False, "runtime_minutes": False, "source": False}
LINK_COLUMNS = {
    "film_id": True,
    "relation": True,
    "name": False,
    "entity_id": False,
    "year": False,
    "section": False,
    "detail": False,
    "source": False,
}
ALIAS_COLUMNS = {"kind": True, "alias": True, "name": True, "source": False}

# The core's year rule (one for every way in): a whole number in this range, or blank.
MIN_YEAR, MAX_YEAR = _core.MIN_YEAR, _core.MAX_YEAR


class InputError(ValueError):
    """A row of an input table that cannot be used, and exactly where it is."""

    def __init__(self, file: str, line: int | None, field: str | None, reason: str, *, unit: str = "line"):
        self.file, self.line, self.field, self.reason, self.unit = file, line, field, reason, unit
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.unit != "line" and self.line is not None:
            where = f"{self.file} {self.unit} {self.line}"
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.reason}"


@dataclass
class TableReport:
    """What became of one table's rows."""

    table: str
    rows_read: int = 0
    rows_used: int = 0
    duplicates: int = 0  # rows that repeat one already read (same film id and title): merged
    rejected: list[InputError] = field(default_factory=list)
    # Rows read but not wanted, such as an IMDb row about a title that is not a film.
    skipped: int = 0
    # Rejected rows counted but not described (a reader keeps the first N descriptions).
    unlisted_rejections: int = 0

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected) + self.unlisted_rejections

    def balanced(self) -> bool:
        """Every row read is exactly one of used, merged (duplicates), skipped or rejected."""
        return self.rows_read == self.rows_used + self.duplicates + self.skipped + self.rows_rejected


@dataclass
class LoadReport:
    tables: list[TableReport] = field(default_factory=list)

    @property
    def rejected(self) -> list[InputError]:
        return [e for t in self.tables for e in t.rejected]

    def summary(self) -> str:
        lines = []
        for t in self.tables:
            skipped = f", {t.skipped} skipped" if t.skipped else ""
            lines.append(
                f"{t.table}: {t.rows_read} rows read, {t.rows_used} used, "
                f"{t.duplicates} duplicates merged{skipped}, {t.rows_rejected} rejected"
            )
            lines.extend(f"  rejected {e}" for e in t.rejected)
            if t.unlisted_rejections:
                lines.append(f"  and {t.unlisted_rejections} more rejected rows, counted but not listed")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Plain data (for JSON): every table's counts and every rejected row."""
        return {
            "tables": [
                {"table": t.table, "rows_read": t.rows_read, "rows_used": t.rows_used, "duplicates": t.duplicates,
                 "skipped": t.skipped, "unlisted_rejections": t.unlisted_rejections,
                 "rejected": [{"file": e.file, "line": e.line, "field": e.field, "reason": e.reason, "unit": e.unit}
                              for e in t.rejected]}
                for t in self.tables
            ]
        }

    @classmethod
    def from_dict(cls, data: dict) -> "LoadReport":
        return cls([
            TableReport(t["table"], t["rows_read"], t["rows_used"], t["duplicates"],
                        [InputError(e["file"], e["line"], e["field"], e["reason"], unit=e["unit"]) for e in t["rejected"]],
                        t.get("skipped", 0), t.get("unlisted_rejections", 0))
            for t in data.get("tables", [])
        ])

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {"table": t.table, "rows_read": t.rows_read, "rows_used": t.rows_used,
                 "duplicates": t.duplicates, "skipped": t.skipped, "rows_rejected": t.rows_rejected}
                for t in self.tables
            ]
        )


@dataclass
class Table:
    """Arrow text columns of one input table, and how to say where row i came from."""

    label: str
    columns: dict[str, pa.Array]
    n_rows: int
    line_of: Callable[[int], int | None]
    unit: str = "line"
    # Records the parser refused: they are not among the n_rows.
    rejected: list[InputError] = field(default_factory=list)
    # Rows that were read but cannot be used (a cell that is not UTF-8), by index.
    bad_rows: dict[int, InputError] = field(default_factory=dict)

    def get(self, column: str, i: int) -> str:
        values = self.columns.get(column)
        if values is None:
            return ""
        v = values[i].as_py()
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        return "" if v is None else str(v).strip()

    def error(self, i: int, column: str | None, reason: str) -> InputError:
        return InputError(self.label, self.line_of(i), column, reason, unit=self.unit)


def _is_tsv(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in (".gz", ".bz2")]
    return bool(suffixes) and suffixes[-1] in (".tsv", ".tab")


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def _text_stream(path: Path, errors: str = "strict"):
    raw = pa.input_stream(str(path), compression="detect")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors=errors, newline="")


# Python's csv module refuses fields over 128 KiB by default; a long cell is no
# reason to lose the location of an error further down.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


def _csv_reader(f, tsv: bool):
    # TSV (as IMDb writes it) has no quoting: a '"' is part of the text.
    return csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if tsv else csv.reader(f)


def _record_lines(path: Path, tsv: bool) -> list[int]:
    """Physical line on which each non-blank record starts (header first).

    Only computed when an error must be located: quoted fields may hold
    newlines, so a row's index alone does not give its line.
    """
    starts = []
    with _text_stream(path) as f:  # only valid UTF-8 files come here (see _is_utf8)
        reader = _csv_reader(f, tsv)
        previous_end = 0
        for record in reader:
            if record:
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    return starts


def _check_columns(label: str, present: Iterable[str], schema: dict[str, bool], unit: str) -> None:
    present = list(present)
    missing = [c for c, required in schema.items() if required and c not in present]
    if missing:
        raise InputError(
            label, 1 if unit == "line" else None, missing[0],
            f"required column missing (the header has: {', '.join(present) or 'nothing'}; "
            f"expected {', '.join(schema)}){separator_hint(present, schema)}",
        )


def separator_hint(header: Sequence[str], expected) -> str:
    """A hint when a header that lacks the expected columns holds them joined by
    another separator than the reader's: "film_id;title;year" read as one CSV column."""
    for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|'"), (",", "commas")):
        cells = [part.strip() for cell in header for part in str(cell).split(sep)]
        if len(cells) > len(header) and any(c in cells for c in expected):
            hint = {"\t": "name the file .tsv", ",": "name the file .csv"}.get(
                sep, "write it with commas (or tabs in a .tsv file)")
            return f"; the header looks separated by {name}: {hint}"
    return ""


def read_table(source: TableSource, *, name: str, schema: dict[str, bool], on_error: OnError = "raise") -> Table:
    """Read one table of the input format as text columns."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    if isinstance(source, pa.Table):
        return _from_arrow(source, name, schema, on_error)
    if hasattr(source, "to_dict") and hasattr(source, "columns"):  # a pandas DataFrame
        return _from_pandas(source, name, schema, on_error)
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{name} table not found: {path}")
    try:
        if _is_parquet(path):
            import pyarrow.parquet as pq

            return _from_arrow(pq.read_table(path), str(path), schema, on_error, unit="row")
        return _read_delimited(path, schema, on_error)
    except InputError:
        raise
    except (OSError, EOFError, zlib.error, pa.ArrowException) as exc:
        # A damaged gzip stream or Parquet file, a read error of the disk: the
        # reader's own message says what, not in which file.
        raise InputError(str(path), None, None, f"cannot be read: {exc}") from exc


def _cell_text(value) -> str | None:
    """One cell as text: missing stays None, and a whole float is an int
    (pandas stores an integer column with gaps as floats: 2012.0 is 2012)."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, (list, tuple, dict, set)) or getattr(value, "ndim", 0) > 0:
        # A Parquet list or struct column: its repr is not the text meant.
        raise TypeError(f"a {type(value).__name__}, not text")
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(value)


def _fill(table: Table, source: dict[str, list], on_error: OnError) -> Table:
    """Python values as text cells of `table`; a cell that cannot be text fails its row."""
    for column, values in source.items():
        out = []
        for i, value in enumerate(values):
            try:
                out.append(_cell_text(value))
            except (UnicodeDecodeError, TypeError) as exc:
                reason = (f"not valid UTF-8 ({exc.reason} at byte {exc.start} of the cell)"
                          if isinstance(exc, UnicodeDecodeError) else str(exc))
                err = table.error(i, column, reason)
                if on_error == "raise":
                    raise err from exc
                table.bad_rows.setdefault(i, err)
                out.append(None)
        table.columns[column] = pa.array(out, pa.string())
    return table


# Files at least this large are parsed on several threads (see _read_delimited).
_THREADED_READ_BYTES = 32 << 20

_TEXT_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary,
               pa.types.is_null)


def _as_text(label: str, column: str, values, unit: str) -> pa.Array:
    """An Arrow column as text cells, in C rather than a cell at a time: whole
    floats as integers (pandas keeps an integer column with gaps as floats:
    2012.0 is 2012), numbers and dates as Arrow writes them. A column of lists,
    structs or maps holds no text a cell could be: InputError for the column."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    t = values.type
    if pa.types.is_dictionary(t):
        values = values.dictionary_decode()
        t = values.type
    if any(is_type(t) for is_type in _TEXT_TYPES):
        return values
    if pa.types.is_floating(t):
        finite = pc.fill_null(pc.is_finite(values), False)
        whole = pc.and_(finite, pc.equal(values, pc.floor(values)))
        as_int = pc.if_else(whole, values, 0).cast(pa.int64()).cast(pa.string())
        return pc.if_else(pc.fill_null(whole, False), as_int, values.cast(pa.string()))
    if pa.types.is_nested(t) or pa.types.is_union(t):
        raise InputError(label, 1 if unit == "line" else None, column,
                         f"holds {t} values, not text: each cell must be one value")
    try:
        return values.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InputError(label, 1 if unit == "line" else None, column, f"holds {t} values, not text ({exc})") from None


def _no_repeated_columns(label: str, names: list[str], unit: str) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(label, 1 if unit == "line" else None, repeated[0], "column named twice")


def _from_columns(label: str, names: list[str], n_rows: int, column, schema: dict[str, bool], on_error: OnError,
                  unit: str = "row") -> Table:
    """An in-memory table (DataFrame, Arrow, Parquet): `column(j)` gives the j-th
    column as an Arrow array, or as a list of Python values when it cannot be one
    (mixed types), which are then made text a cell at a time."""
    _no_repeated_columns(label, names, unit)
    _check_columns(label, names, schema, unit)
    table = Table(label, {}, n_rows, lambda i: i + 1, unit=unit)
    slow = {}
    for j, name in enumerate(names):
        if name not in schema:
            continue
        values = column(j)
        if isinstance(values, list):
            slow[name] = values
        else:
            table.columns[name] = _as_text(label, name, values, unit)
    return _fill(table, slow, on_error)


def _pandas_column(series):
    try:
        return pa.array(series, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        return series.tolist()  # mixed types: each cell becomes text on its own


def _from_pandas(frame, label: str, schema: dict[str, bool], on_error: OnError) -> Table:
    return _from_columns(label, [str(c) for c in frame.columns], len(frame),
                         lambda j: _pandas_column(frame.iloc[:, j]), schema, on_error)


def _from_arrow(table: "pa.Table", label: str, schema: dict[str, bool], on_error: OnError, unit: str = "row") -> Table:
    return _from_columns(label, table.column_names, table.num_rows, table.column, schema, on_error, unit)


def _read_delimited(path: Path, schema: dict[str, bool], on_error: OnError) -> Table:
    tsv = _is_tsv(path)
    label = str(path)
    # The header is the first line, decoded alone: a bad byte further down
    # belongs to its own row.
    with io.BufferedReader(pa.input_stream(str(path), compression="detect")) as raw:
        first = raw.readline()
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if not first.endswith(b"\n") and b"\r" in first.rstrip(b"\r"):
        # No line feed anywhere (readline read to the end), and carriage
        # returns between records: the whole file would read as one line.
        raise InputError(label, 1, None, "the lines end in a carriage return alone (as classic Mac OS wrote "
                                         "them), which no CSV reader takes: save the file with LF or CRLF "
                                         "line ends")
    try:
        first_line = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(label, 1, None, f"the header is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if not first_line:
        raise InputError(label, 1, None, "the file is empty: expected a header line")
    try:
        header = next(_csv_reader(io.StringIO(first_line), tsv), [])
    except csv.Error as exc:  # a lone carriage return inside the header line, an unclosed quote
        raise InputError(label, 1, None, f"the header cannot be read as {'TSV' if tsv else 'CSV'}: {exc}") from None
    if not header:
        raise InputError(label, 1, None, "the first line is blank: the header must come first")
    header = [h.strip() for h in header]
    _check_columns(label, header, schema, "line")
    _no_repeated_columns(label, header, "line")

    lines_cache: list[int] = []

    def record_lines() -> list[int]:
        if not lines_cache:
            lines_cache.extend(_record_lines(path, tsv))
        return lines_cache

    bad_records: list[tuple[int | None, str, int, int]] = []

    def on_invalid(row) -> str:
        bad_records.append((row.number, row.text, row.expected_columns, row.actual_columns))
        return "skip"

    if not _is_utf8(path):
        # pyarrow stops at a bad byte (and cannot show a malformed row that
        # holds one): the slow careful path finds and reports each of them.
        return _read_with_csv_module(path, label, header, schema, tsv, on_error)
    def parse(threads: bool, block_size: int | None = None) -> pa.Table:
        try:
            return pa_csv.read_csv(
                str(path),
                read_options=pa_csv.ReadOptions(use_threads=threads, column_names=header, skip_rows=1,
                                                **({"block_size": block_size} if block_size else {})),
                parse_options=pa_csv.ParseOptions(
                    delimiter="\t" if tsv else ",", quote_char=False if tsv else '"',
                    newlines_in_values=not tsv, invalid_row_handler=on_invalid,
                ),
                convert_options=pa_csv.ConvertOptions(
                    include_columns=[c for c in header if c in schema],
                    column_types={c: pa.string() for c in header}, strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) and not block_size:
                # A record longer than pyarrow's block (1 MB): read again in
                # blocks that hold it, so its cells reach the core's checks.
                return parse(threads, block_size=(1 << 31) - 1)
            raise InputError(label, None, None, f"cannot be read as {'TSV' if tsv else 'CSV'}: {exc}") from exc

    # Arrow's reader threads call back into Python (on_invalid) and, seen
    # here, can outlive the read: at interpreter exit one may still be joinable
    # and the process aborts ("terminate called without an active exception").
    # Threads pay off only on large files, so small ones are read serially.
    table = parse(threads=os.path.getsize(path) >= _THREADED_READ_BYTES)
    if bad_records:
        # pyarrow numbers a malformed record only when it reads serially: read
        # again so, only for the files that have one.
        bad_records.clear()
        table = parse(threads=False)

    # pyarrow numbers the records of the file from 1, the header included and
    # blank lines not counted: record n starts on record_lines()[n - 1].
    bad_numbers = {n for n, *_ in bad_records if n is not None}
    rejected = []
    for number, text, expected, actual in bad_records:
        line = record_lines()[number - 1] if number is not None and number <= len(record_lines()) else None
        err = _field_count_error(label, line, expected, actual, text)
        if on_error == "raise":
            raise err
        rejected.append(err)

    row_lines: list[int] = []

    def line_of(i: int) -> int | None:
        if not row_lines:
            starts = record_lines()
            row_lines.extend(starts[r] for r in range(1, len(starts)) if r + 1 not in bad_numbers)
        return row_lines[i] if i < len(row_lines) else None

    columns = {c: _as_text(label, c, table.column(c), "line") for c in header if c in schema}
    return Table(label, columns, table.num_rows, line_of, rejected=rejected)


def _is_utf8(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether the whole file decodes as UTF-8: one streaming pass, in C."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with pa.input_stream(str(path), compression="detect") as raw:
        try:
            while block := raw.read(chunk):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _field_count_error(label: str, line: int, expected: int, actual: int, text: str) -> InputError:
    reason = f"expected {expected} fields, found {actual}"
    spanned = text.count("\n")
    if spanned:
        reason += f" in a record running over {spanned + 1} lines (an unclosed quote?)"
    return InputError(label, line, None, f"{reason}: {text[:80]!r}")


def _read_with_csv_module(path: Path, label: str, header: list[str], schema: dict[str, bool], tsv: bool,
                          on_error: OnError) -> Table:
    """Row by row with Python's csv module, keeping bytes that are not UTF-8 as
    surrogates so that each bad cell is found, located and reported."""
    wanted = [(j, c) for j, c in enumerate(header) if c in schema]
    columns: dict[str, list] = {c: [] for _, c in wanted}
    lines: list[int] = []
    table = Table(label, columns, 0, lambda i: lines[i])
    with _text_stream(path, errors="surrogateescape") as f:
        reader = _csv_reader(f, tsv)
        previous_end = 0
        for number, record in enumerate(reader):
            start, previous_end = previous_end + 1, reader.line_num
            if number == 0 or not record:  # the header, read already; blank lines are no records
                continue
            if len(record) != len(header):
                err = _field_count_error(label, start, len(header), len(record),
                                         (",".join(record) if not tsv else "\t".join(record)).encode(
                                             "utf-8", "replace").decode("utf-8"))
                if on_error == "raise":
                    raise err
                table.rejected.append(err)
                continue
            i = len(lines)
            lines.append(start)
            for j, c in wanted:
                value = record[j]
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    err = table.error(i, c, "not valid UTF-8")
                    if on_error == "raise":
                        raise err from None
                    table.bad_rows.setdefault(i, err)
                    value = None
                columns[c].append(value)
    table.n_rows = len(lines)
    table.columns = {c: pa.array(v, pa.string()) for c, v in columns.items()}
    return table
