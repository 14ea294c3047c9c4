"""`belsignal claims SOURCE`: the same figure reprinted is one claim.

The grouping rule is `belsignal.grouping` (claims lie inside the indicators `diff`
compares). This module only shapes claims for output: one flat record per claim (CSV,
JSONL, JSON, the store's `claims` table) and a view for people (terminal, markdown).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from belsignal.diff import describe_figure, short_text
from belsignal.grouping import NUMBER_FIELDS, Claim, claims
from belsignal.render import Section, View
from belsignal.render import render as render_view
from belsignal.tables import plain

CLAIM_COLUMNS = (
    "id", "kind", "actor", "unit", "subject", "subject_key",
    "value", "low", "high", "qualifier", "modality",
    "mentions", "documents", "outlets", "first_seen", "last_seen",
    "date", "date_end", "location", "sources", "example", "link",
)  # fmt: skip
# Column types (the store's `claims` table is created with them, whatever the first claims hold).
CLAIM_TYPES = {column: float if column in NUMBER_FIELDS else int if column in ("mentions", "documents", "outlets")
               else str for column in CLAIM_COLUMNS}  # fmt: skip


def _plain(value):
    """Whole floats as ints, "" as None (JSON's null), like the signal table."""
    return None if value == "" else plain(value)


def claim_record(claim: Claim) -> dict:
    """One flat record per claim; `sources` is a list (joined by "; " in CSV)."""
    record = {
        "id": claim.id,
        "kind": claim.kind,
        "actor": claim.actor,
        "unit": claim.unit,
        "subject": claim.subject,
        "subject_key": claim.key[3],
        **{name: claim.figure[name] for name in (*NUMBER_FIELDS, "qualifier", "modality")},
        "mentions": claim.mentions,
        "documents": claim.documents,
        "outlets": claim.outlets,
        "first_seen": claim.first_seen,
        "last_seen": claim.last_seen,
        "date": claim.date,
        "date_end": claim.date_end,
        "location": claim.location,
        "sources": claim.sources,
        "example": claim.example,
        "link": claim.link,
    }
    return {column: _plain(record[column]) for column in CLAIM_COLUMNS}


def claim_label(claim: Claim) -> str:
    """kind · actor · unit · subject (empty parts left out)."""
    return " · ".join(p for p in (claim.kind, claim.actor, claim.unit, short_text(claim.subject)) if p)


def view(found: list[Claim], *, mentions: int | None = None) -> View:
    mentions = sum(c.mentions for c in found) if mentions is None else mentions
    indicators = len({c.key for c in found})
    headline = f"{len(found)} claims from {mentions} mentions ({indicators} indicators)"
    header = ["claim", "figure", "mentions", "documents", "outlets", "first seen", "last seen", "sources", "example"]
    rows = [
        [claim_label(c), describe_figure(c.figure), str(c.mentions), str(c.documents), str(c.outlets),
         c.first_seen, c.last_seen, "; ".join(c.sources), c.example]
        for c in found
    ]  # fmt: skip
    records = [claim_record(c) for c in found]
    return View(headline, [Section("Claims", header, rows, wide=("claim", "example"), counted=True)], CLAIM_COLUMNS, records)


def render(rows: Iterable[dict], fmt: str, out: TextIO, *, raw_csv: bool = False, console=None) -> list[Claim]:
    """Group rows into claims and write them to out in fmt; return the claims."""
    rows = list(rows)
    found = claims(rows)
    render_view(view(found, mentions=len(rows)), fmt, out, raw_csv=raw_csv, console=console)
    return found
