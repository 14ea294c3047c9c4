"""Drawing a command's result in each output: a terminal table, markdown, CSV, JSONL, JSON.

A command (diff, claims) describes what it shows as a `View`: a headline and titled
tables of text cells for people, and flat records for machines. This module is the only
place that knows how each output looks; the HTML report draws the same sections
(`report.py`).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from belsignal.tables import json_line, spreadsheet_safe

FORMATS = ("table", "csv", "jsonl", "json", "markdown")
_FILE_WIDTH = 160  # width used when not writing to a terminal (a file has no width to detect)
# Characters a terminal acts on rather than shows: C0 and C1 controls, DEL, bidirectional
# overrides, line separators, and lone surrogates (a file name that is not UTF-8).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_MD_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`",
                             "&": "&amp;", "<": "&lt;"})  # no "<", no tag


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]
    wide: tuple[str, ...] = ()  # columns that get the spare width
    heading: bool = True  # markdown: a "## title" section; False: a table under the previous one, left out when empty
    counted: bool = False  # terminal: "title (n)", and "title (0): none" instead of an empty table


@dataclass
class View:
    headline: str
    sections: list[Section]
    columns: tuple[str, ...]  # of the records
    records: list[dict]  # one flat row per item, for csv and jsonl
    document: Any = None  # for json; None: the records as an array


def render(view: View, fmt: str, out: TextIO, *, raw_csv: bool = False, console=None) -> None:
    """Write view to out in fmt (one of FORMATS)."""
    if fmt == "table":
        _terminal(view, out, console)
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(view.columns)
        for record in view.records:
            cells = (_cell(record[column]) for column in view.columns)
            writer.writerow(cells if raw_csv else map(spreadsheet_safe, cells))
    elif fmt == "jsonl":
        for record in view.records:
            out.write(json_line(record) + "\n")
    elif fmt == "json":
        document = view.records if view.document is None else view.document
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        out.write("\n".join(_markdown(view)) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


# --------------------------------------------------------------------------- markdown


def md_cell(text: str) -> str:
    """A table cell that renders as the text it holds: no HTML (`<script>`), no links
    (`[x](javascript:...)`), no code spans, and no "|" ending the cell."""
    return printable(" ".join(str(text).split())).translate(_MD_ESCAPES)


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _markdown(view: View) -> list[str]:
    lines: list[str] = []
    for n, section in enumerate(view.sections):
        if not section.heading:
            if section.rows:
                lines += ["", *md_table(section.header, section.rows)]
            continue
        lines += [*([""] if lines else []), f"## {section.title}", ""]
        if n == 0 and view.headline:
            lines += [view.headline + ".", ""]
        lines += md_table(section.header, section.rows) if section.rows else ["None."]
    return lines


# --------------------------------------------------------------------------- terminal


def console_for(out: TextIO | None = None):
    """A rich console on out (default: stdout) that prints text literally (no markup,
    highlighting or emoji)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # rich would exit 1; the CLI exits quietly with 141 (`| head`)

    return _Console(file=out, width=None if is_terminal(out or sys.stdout) else _FILE_WIDTH, markup=False,
                    highlight=False, emoji=False, soft_wrap=False)  # fmt: skip


def is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _terminal(view: View, out: TextIO, console=None) -> None:
    from rich.text import Text  # rich is only needed for this format

    console = console or console_for(out)
    if view.headline:
        console.print(Text(printable(view.headline)))
    for section in view.sections:
        title = f"{section.title} ({len(section.rows)})" if section.counted else section.title
        if not section.rows and (section.counted or not section.heading):
            if section.counted:
                console.print(Text(f"{title}: none"))
            continue
        rows = [[printable(cell, cell=True) for cell in row] for row in section.rows]
        weights = [3 if name in section.wide else 1 for name in section.header]
        console.print(fitted_table(section.header, rows, console.width, weights, title=title))


# Between two columns: one space of padding and the (blank) column divider of SIMPLE_HEAD.
COLUMN_GAP = 2


def fitted_table(header: list[str], rows: list[list[str]], width: int, weights: list[int], *, title: str = "",
                 cut: bool = True, widths: list[int] | None = None, show_header: bool = True):
    """A rich Table of text cells, laid out by `column_widths` to fit `width` without breaking a
    word (rich itself shrinks the widest columns first, cutting words, and applies column
    ratios only to tables that fill the terminal). With cut=False, a table whose words do not
    all fit has no widths (its columns' `width` is None): the caller tries a narrower layout.
    `widths` given: those (a table printed in parts that line up)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    columns = [[name, *(row[i] for row in rows)] for i, name in enumerate(header)]
    widths = widths or column_widths(columns, width - COLUMN_GAP * (len(header) - 1), weights, cut=cut)
    table = Table(title=Text(title) if title else None, title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), show_header=show_header)
    for name, column_width in zip(header, widths or [None] * len(header)):
        table.add_column(name, overflow="fold", width=column_width)
    for row in rows:
        table.add_row(*map(Text, row))
    return table


_NARROWEST = 8  # a free-text column is never cut narrower than this


def column_widths(columns: list[list[str]], available: int, weights: list[int], *, cut: bool = True) -> list[int] | None:
    """Widths for columns of cells (header first) within `available` characters: each column
    gets its longest word, then the spare width is shared out by weight, each column growing
    to at most its longest line. When the longest words do not fit, the free-text columns
    (weight > 1) give way first, cutting their longest words (unless cut=False); None if even
    that is not enough."""
    from rich.cells import cell_len

    least = [max((cell_len(word) for cell in column for word in cell.split()), default=1) for column in columns]
    most = [max(low, *(cell_len(line) for cell in column for line in cell.splitlines() or [""]))
            for low, column in zip(least, columns)]
    widths, spare = list(least), available - sum(least)
    if spare < 0 and not cut:
        return None
    if spare < 0:  # a word too long for this terminal: cut the free-text (weightiest) columns' words only
        free = [i for i, weight in enumerate(weights) if weight > 1]
        while spare < 0 and free and max(widths[i] for i in free) > _NARROWEST:
            widest = max(free, key=lambda i: widths[i])
            widths[widest] -= 1
            spare += 1
        return widths if spare == 0 else None
    while spare > 0:
        growing = [i for i, w in enumerate(widths) if w < most[i]]
        if not growing:
            break
        total = sum(weights[i] for i in growing)
        given = 0
        for i in growing:
            share = max(1, spare * weights[i] // total)
            add = min(share, most[i] - widths[i], spare - given)
            widths[i] += add
            given += add
        spare -= given
    return widths


# --------------------------------------------------------------------------- terminal safety


def printable(text: str, *, cell: bool = False, keep: str = "") -> str:
    """text with control characters shown as escapes (ESC as "\\x1b", a byte of a non-UTF-8
    file name as "\\xe9"), so no article or file name can drive a terminal; in a table cell
    (cell=True) line breaks and tabs become spaces. keep: control characters left as they are
    ("\\n\\t" for text shown as lines)."""
    if cell:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: m[0] if m[0] in keep else _escape(m), text)


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # a byte the OS could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
