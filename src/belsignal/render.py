"""Drawing a command's result in each output: a terminal table, markdown, CSV, JSONL, JSON.

A command (diff, claims) describes what it shows as a `View`: a headline and titled
tables of text cells for people, and flat records for machines. This module is the only
place that knows how each output looks; the HTML report draws the same sections
(`report.py`).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from typing import Any, TextIO

from belsignal.tables import json_line, spreadsheet_safe

FORMATS = ("table", "csv", "jsonl", "json", "markdown")
_FILE_WIDTH = 160  # width used when not writing to a terminal (a file has no width to detect)


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
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")


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


def console_for(out: TextIO):
    """A rich console on out that prints text literally (no markup, highlighting or emoji)."""
    from rich.console import Console

    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return Console(file=out, width=None if terminal else _FILE_WIDTH, markup=False, highlight=False,
                   emoji=False, soft_wrap=False)  # fmt: skip


def _terminal(view: View, out: TextIO, console=None) -> None:
    from rich import box  # rich is only needed for this format
    from rich.table import Table
    from rich.text import Text

    console = console or console_for(out)
    if view.headline:
        console.print(Text(view.headline))
    for section in view.sections:
        title = f"{section.title} ({len(section.rows)})" if section.counted else section.title
        if not section.rows and (section.counted or not section.heading):
            if section.counted:
                console.print(Text(f"{title}: none"))
            continue
        table = Table(title=Text(title), title_justify="left", box=box.SIMPLE_HEAD)
        for name in section.header:
            table.add_column(name, overflow="fold", ratio=3 if name in section.wide else 1)
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
