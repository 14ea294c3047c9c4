"""Signal tables on disk: one reader and one writer per format (SIGNALS.md columns).

| format | suffixes         | written                               | read back            |
|--------|------------------|---------------------------------------|----------------------|
| csv    | .csv             | row by row to a text stream           | typed rows           |
| jsonl  | .jsonl, .ndjson  | row by row to a text stream           | typed rows           |
| json   | .json            | an array, row by row to a text stream | typed rows           |
| sqlite | .db, .sqlite ... | upserted into a store (`store.py`)    | the store's signals  |
| parquet| .parquet, .pq    | typed columns, in row groups (pyarrow)| typed rows           |

Every format is one `TableFormat` in `FORMATS`: a name, its suffixes, a `write` and a
`read`. Stream formats (`stream=True`) write to a text stream the caller opens (atomically,
see `export.atomic_output`); file formats (`stream=False`) are given the path and manage
the file themselves (SQLite accumulates into it; Parquet is written to a temp file renamed
over the target, or to a binary stream given instead of a path). Adding a format is adding
one entry.

Parquet columns are typed per SIGNALS.md: value, low and high are float64, start and end
int64, every other column a string; a missing value is null. Any reader of Parquet (pandas,
DuckDB, Spark, Polars) reads it as it is.

Rows read back have the `Signal.to_dict()` shape: numbers as float or None, offsets as
int, "" for a missing string; the CSV spreadsheet neutralization is undone. A number that
is not one or not finite (`nan`, `inf`) is a bad cell: the row is reported and left out.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from belsignal.documents import JSONL_SUFFIXES, Skipped, signal_table_format
from belsignal.errors import InputError, OutputError
from belsignal.signals import COLUMNS, Signal, signal_id

NUMBER_COLUMNS = ("value", "low", "high")
OFFSET_COLUMNS = ("start", "end")
Report = Callable[[Skipped], None]

# OWASP "CSV injection": spreadsheets run cells starting with these as formulas, and also
# with their full-width and small forms ("＝", "﹦", "＋"), which NFKC folds to these.
_FORMULA_STARTS = "=+-@\t\r"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class TableFormat:
    """One table format. write(signals, out, **options) returns the rows written per kind;
    read(path, report, **options) returns rows. Both take keyword options they may ignore:
    raw_csv (csv); documents, inputs, ruleset, commit_every (what `extract` knows of the
    run, used by the store); run (the store's state after run N)."""

    name: str
    suffixes: tuple[str, ...]
    write: Callable[..., Counter]  # (signals, out, **options) -> rows written per kind
    read: Callable[..., list[dict]]  # (path, report, **options) -> rows
    stream: bool = True  # write() takes a text stream; else the output path
    documents: bool = False  # write() keeps the documents read (documents=store.DocumentLog)


# --------------------------------------------------------------------------- cells


def spreadsheet_safe(cell: str) -> str:
    """cell with a leading "'" if a spreadsheet would treat it as a formula.

    Plain numbers ("-5", "+3.2") are left alone so they stay numbers.
    """
    if looks_like_formula(cell) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def looks_like_formula(cell: str) -> bool:
    """Does cell start with a character a spreadsheet reads as the start of a formula?"""
    return bool(cell) and unicodedata.normalize("NFKC", cell[0])[:1] in tuple(_FORMULA_STARTS)


def unneutralize(cell: str) -> str:
    """Undo spreadsheet_safe: "'=x" -> "=x"."""
    return cell[1:] if cell[:1] == "'" and looks_like_formula(cell[1:]) else cell


_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(row, ensure_ascii=False) builds anew per call


def json_line(row: dict) -> str:
    # U+2028/2029 are legal in JSON but str.splitlines() breaks lines on them.
    text = _JSON.encode(row)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def plain(value):
    """A whole float as an int (48000.0 -> 48000), as Signal.to_dict writes numbers."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def number(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):  # JSON true/false are no numbers (float() would take them)
        raise ValueError(value)
    return float(value)


_DEFAULTS = Signal(id="-").to_dict()


def typed_row(record: dict, *, from_csv: bool = False) -> dict:
    """A SIGNALS.md row from a table record (CSV cells, JSON values or SQLite columns).

    Raises ValueError naming the column when a number or an offset is not one.
    """
    row: dict[str, Any] = {}
    for column in COLUMNS:
        cell = record.get(column)
        if from_csv and isinstance(cell, str):
            cell = unneutralize(cell)
        if column in NUMBER_COLUMNS:
            try:
                row[column] = number(cell)
            except (TypeError, ValueError):
                raise ValueError(f"{column} is not a number: {str(cell)[:40]!r}") from None
            if row[column] is not None and not math.isfinite(row[column]):
                raise ValueError(f"{column} is not a finite number: {str(cell)[:40]!r}")
        elif column in OFFSET_COLUMNS:
            try:
                row[column] = int(number(cell) or 0)
            except (TypeError, ValueError, OverflowError):
                raise ValueError(f"{column} is not an integer: {str(cell)[:40]!r}") from None
            if row[column] < 0:
                raise ValueError(f"{column} is not an offset: {str(cell)[:40]!r}")
        else:
            row[column] = _DEFAULTS[column] if cell is None else str(cell)
    if not row["modality"]:
        row["modality"] = "asserted"
    if not row["id"]:
        row["id"] = signal_id(row["doc"], row["kind"], row["start"], row["end"], row["rule"])
    return row


# --------------------------------------------------------------------------- writers


def write_csv(signals: Iterable[Signal], out: TextIO, *, raw_csv: bool = False) -> Counter:
    counts: Counter = Counter()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for signal in signals:
        row = signal.to_dict()
        cells = ("" if row[column] is None else str(row[column]) for column in COLUMNS)
        writer.writerow(cells if raw_csv else map(spreadsheet_safe, cells))
        counts[signal.kind] += 1
    return counts


def write_jsonl(signals: Iterable[Signal], out: TextIO, **_) -> Counter:
    counts: Counter = Counter()
    for signal in signals:
        out.write(json_line(signal.to_dict(missing=None)) + "\n")
        counts[signal.kind] += 1
    return counts


def write_json(signals: Iterable[Signal], out: TextIO, **_) -> Counter:
    """A JSON array laid out like json.dumps(rows, indent=2), written one row at a time."""
    counts: Counter = Counter()
    for signal in signals:
        out.write("[\n  " if not counts else ",\n  ")
        # Raw newlines only occur between tokens, so indenting after them is safe.
        out.write(json.dumps(signal.to_dict(missing=None), ensure_ascii=False, indent=2).replace("\n", "\n  "))
        counts[signal.kind] += 1
    out.write("\n]\n" if counts else "[]\n")
    return counts


def _write_sqlite(signals: Iterable[Signal], path, **options) -> Counter:
    from belsignal import store

    return store.write(signals, path, **options)


PARQUET_ROWS_PER_GROUP = 10_000  # rows buffered before a row group is written


def parquet_schema():
    """The Arrow schema of the signal table: numbers float64, offsets int64, the rest strings."""
    pa = _pyarrow()
    return pa.schema([(column, pa.float64() if column in NUMBER_COLUMNS else pa.int64() if column in OFFSET_COLUMNS
                       else pa.string()) for column in COLUMNS])


def write_parquet(signals: Iterable[Signal], out, **_) -> Counter:
    """Write signals as Parquet to out, a path (replaced atomically) or a binary stream."""
    if not isinstance(out, (str, os.PathLike)):
        return _write_parquet(signals, out)
    target = Path(out)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        counts = _write_parquet(signals, temp)
        os.replace(temp, target)
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):  # only writing raises it: readers report their own problems
            reason = os.strerror(error.errno) if error.errno else str(error)  # pyarrow names the temp file
            raise OutputError(f"{target}: cannot write: {reason}") from None
        raise
    return counts


def _write_parquet(signals: Iterable[Signal], out) -> Counter:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = parquet_schema()
    counts: Counter = Counter()
    batch: list[dict] = []
    with pq.ParquetWriter(out, schema) as writer:
        for signal in signals:
            batch.append(signal.to_dict(missing=None))
            counts[signal.kind] += 1
            if len(batch) >= PARQUET_ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not counts:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return counts


def _pyarrow():
    try:
        import pyarrow
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'belsignal[parquet]'") from None
    return pyarrow


# --------------------------------------------------------------------------- readers


def _not_a_table(name: str, what: str) -> InputError:
    return InputError(f"{name}: not a belsignal signal table ({what})")


def read_csv(name: str, report: Report, **_) -> list[dict]:
    rows = []
    try:
        with open(name, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            if "kind" not in (reader.fieldnames or []):
                raise _not_a_table(name, "no 'kind' column")
            for record in reader:
                try:
                    rows.append(typed_row(record, from_csv=True))
                except ValueError as error:
                    report(Skipped(f"{name}:{reader.line_num}", str(error)))
    except UnicodeDecodeError:
        raise _not_a_table(name, "not UTF-8 text") from None
    except csv.Error as error:
        raise _not_a_table(name, f"CSV error: {error}") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    return rows


def read_jsonl(name: str, report: Report, **_) -> list[dict]:
    rows: list[dict] = []
    try:
        with open(name, encoding="utf-8-sig") as stream:
            for lineno, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                where = f"{name}:{lineno}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    report(Skipped(where, f"malformed JSON: {error.msg} (column {error.colno})"))
                    continue
                except RecursionError:
                    report(Skipped(where, "JSON nested too deeply"))
                    continue
                if not isinstance(record, dict):
                    report(Skipped(where, "record is not a JSON object"))
                    continue
                _add_row(rows, record, where, report)
    except UnicodeDecodeError:
        raise _not_a_table(name, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    return rows


def read_json(name: str, report: Report, **_) -> list[dict]:
    try:
        with open(name, encoding="utf-8-sig") as stream:
            data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _not_a_table(name, f"not JSON: {error}") from None
    except RecursionError:
        raise _not_a_table(name, "JSON nested too deeply") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    if not isinstance(data, list):
        raise _not_a_table(name, "not a JSON array of rows")
    rows: list[dict] = []
    for n, record in enumerate(data, start=1):
        where = f"{name}[{n}]"
        if not isinstance(record, dict) or "kind" not in record:
            report(Skipped(where, "not a signal row"))
            continue
        _add_row(rows, record, where, report)
    return rows


def _add_row(rows: list[dict], record: dict, where: str, report: Report) -> None:
    """Append a JSON record as a row, or report why it is not one."""
    try:
        rows.append(typed_row(record))
    except ValueError as error:
        report(Skipped(where, str(error)))


def read_parquet(name: str, report: Report, **_) -> list[dict]:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(name)
    except pa.ArrowException as error:
        raise _not_a_table(name, f"not Parquet: {error}") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    if "kind" not in table.column_names:
        raise _not_a_table(name, "no 'kind' column")
    rows: list[dict] = []
    records = (record for batch in table.to_batches() for record in batch.to_pylist())
    for n, record in enumerate(records, start=1):
        _add_row(rows, record, f"{name}[{n}]", report)
    return rows


def _read_sqlite(name: str, report: Report, *, run: int | None = None, **_) -> list[dict]:
    from belsignal import store

    return store.read_rows(name, run=run, report=report)


# --------------------------------------------------------------------------- the registry

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
FORMATS: dict[str, TableFormat] = {
    f.name: f
    for f in (
        TableFormat("csv", (".csv",), write_csv, read_csv),
        TableFormat("jsonl", tuple(sorted(JSONL_SUFFIXES)), write_jsonl, read_jsonl),
        TableFormat("json", (".json",), write_json, read_json),
        TableFormat("sqlite", SQLITE_SUFFIXES, _write_sqlite, _read_sqlite, stream=False, documents=True),
        TableFormat("parquet", (".parquet", ".pq"), write_parquet, read_parquet, stream=False),
    )
}


def format_of(path: str | os.PathLike) -> str | None:
    """The table format a path's suffix names, or None (articles, or unknown)."""
    suffix = Path(os.fspath(path)).suffix.lower()
    return next((f.name for f in FORMATS.values() if suffix in f.suffixes), None)


def is_signal_table(path: str | os.PathLike) -> bool:
    """Whether path is a signal table (as opposed to articles): its suffix names a table format,
    and a .jsonl file's first record is a signal row (has "kind" and "start")."""
    name = os.fspath(path)
    fmt = format_of(name)
    if fmt is None or name == "-" or os.path.isdir(name):
        return False
    if fmt == "jsonl":
        return signal_table_format(name) == "jsonl"
    return True


def read_table(path: str | os.PathLike, *, on_problem: Report | None = None, **options) -> list[dict]:
    """The rows of a signal table in any format (by suffix). Options go to the format's reader
    (sqlite: run=N for the state after run N). A bad row is reported and skipped; a file that
    is not a signal table raises InputError."""
    name = os.fspath(path)
    fmt = format_of(name)
    if fmt is None:
        raise InputError(f"{name}: not a signal table (suffix is none of "
                         f"{', '.join(s for f in FORMATS.values() for s in f.suffixes)})")
    if os.path.exists(name) and not os.path.isfile(name):  # a FIFO could block, /dev/zero never end
        raise InputError(f"{name}: not a regular file; a signal table is read from a file")
    return FORMATS[fmt].read(name, on_problem or (lambda problem: None), **options)


def write_table(signals: Iterable[Signal], fmt: str, out, **options) -> Counter:
    """Write signals in a table format: out is a text stream for stream formats, else a path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(signals, out, **options)
