"""Writing the signal table (SIGNALS.md) to a stream: a terminal table, or any stream format
of `belsignal.tables` (CSV, JSONL, JSON), and atomic output files.

CSV, JSONL and JSON are written row by row as signals arrive, so a long run
streams its output. Files are replaced atomically (`atomic_output`): an
interrupted or failed run never leaves a half-written table over a good one,
nor a temp file. `check_output` refuses an impossible output before any work.

CSV is UTF-8 without a byte-order mark, with the csv module's "\\r\\n" row
endings; cells that a spreadsheet would run as a formula are neutralized
(see `tables.spreadsheet_safe`).
"""
from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from belsignal.errors import OutputError
from belsignal.render import console_for, printable
from belsignal.signals import Signal
from belsignal.tables import FORMATS as TABLE_FORMATS
from belsignal.tables import write_table

# What can be written to a stream: the terminal table and the stream formats of `tables`.
FORMATS = ("table", *(f.name for f in TABLE_FORMATS.values() if f.stream))


# --------------------------------------------------------------------------- output files


def check_output(path: str | os.PathLike | None, inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Raise OutputError if path cannot be written, before any work: its folder is missing,
    it is a folder, or it is one of the input files (which it would replace)."""
    if path is None or os.fspath(path) == "-":
        return
    name = os.fspath(path)
    if _is_special(Path(name)):  # /dev/stdout, a FIFO: written as it is
        return
    real = Path(os.path.realpath(name))
    if real.is_dir():
        raise OutputError(f"{name}: is a folder; give a file name")
    if not real.parent.is_dir():
        raise OutputError(f"{name}: no such folder: {real.parent}")
    for item in inputs:
        item = os.fspath(item)
        with contextlib.suppress(OSError):
            if item != "-" and os.path.isfile(item) and os.path.samefile(item, real):
                raise OutputError(f"{name}: is also an input; refusing to overwrite it")
        folder = _folder_reading(real, item)
        if folder:
            raise OutputError(f"{name}: is read as an article of the input {folder} (write it elsewhere); "
                              "refusing to overwrite it")


def _folder_reading(real: Path, item: str) -> str | None:
    """The folder (or glob match) of input `item` whose reading takes the existing file `real` as
    articles (what `-o` would replace), or None. An empty file or a signal table is no article:
    a table is the previous output of a run, which the next run writes over."""
    from belsignal.documents import file_kind, glob_matches, is_glob, is_link

    if item == "-" or is_link(item) or not real.is_file() or real.stat().st_size == 0:
        return None
    for match in glob_matches(item) if is_glob(item) else [item]:
        if os.path.isfile(match) and os.path.samefile(match, real):
            return item  # the input as the user gave it (a glob, not the file it matched)
        if not os.path.isdir(match) or not real.is_relative_to(os.path.realpath(match)):
            continue
        hidden = any(part.startswith(".") for part in real.relative_to(os.path.realpath(match)).parts)
        if not hidden and file_kind(real, in_folder=True) not in (None, "table"):
            return item
    return None


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike | None, *, newline: str | None = None) -> Iterator[TextIO]:
    """A text stream for path, replacing path only if the with-block succeeds.

    None or "-" means stdout (left open). Otherwise the output goes to a
    hidden temp file beside path (beside the file a symlink points to) and is
    renamed over it at the end; on any exception, KeyboardInterrupt and
    SIGTERM included, the temp file is removed and the previous file at path
    stays as it was. A FIFO or device (/dev/stdout, /dev/null) is written
    directly. Writing that fails (disk full, a read-only folder) raises
    OutputError naming the output. Within the block only the writes can fail
    with an OSError: readers and workers report their own problems.
    BrokenPipeError (stdout closed early) is left to the caller.
    """
    name = "stdout" if path is None or os.fspath(path) == "-" else os.fspath(path)
    try:
        if name == "stdout":
            yield sys.stdout
            sys.stdout.flush()
        else:
            yield from _file_output(name, newline)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"{name}: cannot write: {error.strerror or error}") from None


def _file_output(name: str, newline: str | None) -> Iterator[TextIO]:
    if _is_special(Path(name)):
        with open(name, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
        return
    target = Path(os.path.realpath(name))  # a symlink stays a symlink: the file it points to is replaced
    temp = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline=newline, delete=False, dir=target.parent,
        prefix=f".{target.name}.", suffix=".tmp",
    )  # fmt: skip
    try:
        with temp:
            yield temp
            temp.flush()
            os.fsync(temp.fileno())
        _give_usual_permissions(temp.name, target)
        os.replace(temp.name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp.name)
        raise


def _is_special(path: Path) -> bool:
    """Is path an existing FIFO, device or socket (which a rename must not replace)?"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def _give_usual_permissions(temp_name: str, target: Path) -> None:
    """Temp files are private (0600); give the result the mode a plain open() would."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        mode = 0o666 & ~mask
    os.chmod(temp_name, mode)


# --------------------------------------------------------------------------- formats


def write_signals(
    signals: Iterable[Signal],
    fmt: str,
    out: TextIO,
    *,
    raw_csv: bool = False,
    console=None,
) -> Counter:
    """Write signals to out in fmt (one of FORMATS); return the number written per kind.

    "table" is drawn here; the file formats are written by `belsignal.tables`.
    """
    if fmt == "table":
        return _write_table(signals, out, console)
    if fmt in FORMATS:
        return write_table(signals, fmt, out, raw_csv=raw_csv)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- table

# Every column, where the terminal is wide enough; else the unit goes after the number (as words:
# "armoured vehicle"), a modality other than "asserted" under the kind, and the doc above its rows
# (as ripgrep heads the matches of each file).
_WIDE_COLUMNS = ("doc", "kind", "text", "number", "unit", "actor", "source", "modality", "date")
_NARROW_COLUMNS = ("kind", "text", "number", "actor", "source", "date")
# Share of the spare width per column: article text and sources get the most.
_WEIGHTS = {"text": 3, "source": 2, "doc": 2}


def _write_table(signals: Iterable[Signal], out: TextIO, console=None) -> Counter:
    """The terminal table. It has no summary of its own: the command prints one on stderr."""
    from belsignal.render import fitted_table

    console = console or console_for(out)  # markup, highlighting and emoji off: text is printed as is
    counts: Counter = Counter()
    wide, narrow, docs = [], [], []
    for signal in signals:
        cells = _table_cells(signal)
        docs.append(cells["doc"])
        wide.append([cells[c] for c in _WIDE_COLUMNS])
        narrow.append([cells["kind"] + ("" if signal.modality in ("", "asserted") else "\n" + cells["modality"]),
                       cells["text"], " ".join(filter(None, (cells["number"], cells["unit"].replace("_", " ")))),
                       cells["actor"], cells["source"], cells["date"]])
        counts[signal.kind] += 1
    for header, rows in ((_WIDE_COLUMNS, wide), (_NARROW_COLUMNS, narrow)):
        # every column, only where no word has to be cut (a doc name included); else the narrow layout
        table = fitted_table(list(header), rows, console.width, [_WEIGHTS.get(c, 1) for c in header],
                             cut=header is _NARROW_COLUMNS)
        if table.columns[0].width is not None or header is _NARROW_COLUMNS:  # it fits, or nothing does
            break
    widths = [column.width for column in table.columns]
    if header is _NARROW_COLUMNS and None not in widths and len(set(docs)) > 1:
        _print_under_docs(console, list(header), narrow, docs, widths)
    else:
        console.print(table)
    return counts


def _print_under_docs(console, header: list[str], rows: list[list[str]], docs: list[str], widths: list[int]) -> None:
    """The header once, then each document's name (bold, after a blank line) above its rows."""
    from itertools import groupby

    from rich.text import Text

    from belsignal.render import fitted_table

    weights = [1] * len(header)
    console.print(fitted_table(header, [], console.width, weights, widths=widths))
    for n, (doc, group) in enumerate(groupby(zip(docs, rows), key=lambda pair: pair[0])):
        console.print(Text(("\n" if n else "") + doc, style="bold"))
        console.print(fitted_table(header, [row for _, row in group], console.width, weights, widths=widths,
                                   show_header=False))


def _table_cells(signal: Signal) -> dict[str, str]:
    cells = {
        "doc": signal.doc,
        "kind": signal.kind,
        "text": signal.text,
        "number": describe_number(signal),
        "unit": signal.unit,
        "actor": signal.actor,
        "source": signal.source,
        "modality": signal.modality,
        # a period: start – end, spaced so that it can wrap between the two dates
        "date": f"{signal.date} – {signal.date_end}" if signal.date_end else signal.date,
    }
    return {column: printable(cell, cell=True) for column, cell in cells.items()}


def format_number(v: float | None) -> str:
    """A number for people: thousands separators, no ".0" on whole numbers, "" for None."""
    if v is None:
        return ""
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,}"


def describe_number(signal: Signal) -> str:
    """value/low/high/qualifier as one readable cell: "48,000", "≥12,000", "4,000–6,000", "≥1,000 (vague)"."""
    value, low, high = (format_number(n) for n in (signal.value, signal.low, signal.high))
    qualifier = signal.qualifier
    if qualifier == "approx":
        return f"~{value}" if value else ""
    if qualifier == "at_least":
        bound = value or low
        return f"≥{bound}" if bound else ""
    if qualifier == "at_most":
        bound = value or high
        return f"≤{bound}" if bound else ""
    if qualifier == "range":
        return f"{low}–{high}" if low or high else ""
    if qualifier == "vague":
        return f"≥{low} (vague)" if low else "(vague)"
    if value:
        return value
    if low and high and low != high:
        return f"{low}–{high}"
    return low or high
