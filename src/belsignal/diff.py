"""What changed between two batches of articles: `belsignal diff OLD NEW`.

OLD and NEW are each a folder or file of articles (extracted on the fly with
the same rules), a signal table belsignal exported before, or a store, in any
mix (see `belsignal.sources`). This module compares rows; it reads nothing.

Signals are matched across batches as *indicators*: the rows of each side are grouped by
`belsignal.grouping` (key, normalized subject and representative figure are documented
there), the same grouping that makes claims.

The report
----------
- **new**: keys only in NEW; **gone**: keys only in OLD;
- **changed**: keys on both sides whose representative figure differs
  (value, bounds, qualifier or modality). More or fewer mentions of the same
  figure is not a change. The percent change is computed on value (else low,
  else high) when both sides have one and the old one is not zero;
- **summary**: signal counts per kind on each side, and for every kind with
  numbers the range (min..max over value, else low/high) per actor and unit.

Everything is sorted by key (kind, actor, unit, normalized subject), so the
report is deterministic and a batch diffed with itself has no differences.
When the same mention (doc, kind, start, end) has a different `rule` on the
two sides, the batches come from different rule versions:
`BatchDiff.rules_differ` says so.
`BatchDiff.has_differences` gives the diff(1)-style exit status: 0 none, 1
some (2 is for trouble, raised as errors).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TextIO

from belsignal.export import describe_number, format_number
from belsignal.grouping import FIGURE_FIELDS, NUMBER_FIELDS, Indicator, figure_of, headline, indicators
from belsignal.render import FORMATS, Section, View  # noqa: F401  (FORMATS: the diff's formats)
from belsignal.render import render as render_view
from belsignal.tables import plain

CHANGES = ("new", "changed", "gone")  # order of the sections in every output


@dataclass
class Change:
    key: tuple
    old: Indicator | None
    new: Indicator | None
    change: str  # new | gone | changed


@dataclass
class BatchDiff:
    summary: dict
    new: list[Change]
    gone: list[Change]
    changed: list[Change]
    rules_differ: str = ""  # how the two sides' rules differ on a same mention, or ""

    @property
    def has_differences(self) -> bool:
        return bool(self.new or self.gone or self.changed)

    def changes(self) -> list[Change]:
        """Every change, in report order: new, changed, gone (each sorted by key)."""
        return [*self.new, *self.changed, *self.gone]


# --------------------------------------------------------------------------- the diff


def diff_batches(old_rows: list[dict], new_rows: list[dict]) -> BatchDiff:
    """Compare two batches of signal rows (pure: reads nothing, writes nothing)."""
    old, new = indicators(old_rows), indicators(new_rows)
    report = BatchDiff(summary={}, new=[], gone=[], changed=[])
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before is None:
            report.new.append(Change(key, None, after, "new"))
        elif after is None:
            report.gone.append(Change(key, before, None, "gone"))
        elif figure_of(before.figure) != figure_of(after.figure):
            report.changed.append(Change(key, before, after, "changed"))
    report.summary = _summary(old_rows, new_rows, old, new, report)
    report.rules_differ = _rules_differ(old_rows, new_rows)
    return report


def _rules_differ(old_rows: list[dict], new_rows: list[dict]) -> str:
    """"" if every mention found on both sides came from the same rule; else the first one that
    did not and how many such mentions there are."""
    mention = lambda row: (row.get("doc"), row.get("kind"), row.get("start"), row.get("end"))  # noqa: E731
    old_rule = {mention(row): row.get("rule") or "" for row in old_rows}
    differ = [(row, old_rule[mention(row)]) for row in new_rows
              if mention(row) in old_rule and old_rule[mention(row)] != (row.get("rule") or "")]
    if not differ:
        return ""
    row, before = differ[0]
    more = f"; {len(differ) - 1} more mention(s) like it" if len(differ) > 1 else ""
    return f"{row.get('doc')} at {row.get('start')}: rule {before!r} in OLD, {row.get('rule')!r} in NEW{more}"


def _summary(old_rows, new_rows, old: dict, new: dict, report: BatchDiff) -> dict:
    kinds = sorted({r.get("kind") or "" for r in old_rows} | {r.get("kind") or "" for r in new_rows})
    count = {side: Counter(r.get("kind") or "" for r in rows) for side, rows in (("old", old_rows), ("new", new_rows))}
    per_kind = []
    for kind in kinds:
        per_kind.append({
            "kind": kind,
            "old_signals": count["old"][kind],
            "new_signals": count["new"][kind],
            "old_indicators": sum(1 for key in old if key[0] == kind),
            "new_indicators": sum(1 for key in new if key[0] == kind),
            **{change: sum(1 for c in getattr(report, change) if c.key[0] == kind) for change in CHANGES},
        })  # fmt: skip
    ranges: dict[tuple, dict] = {}
    for side, rows in (("old", old_rows), ("new", new_rows)):
        for (kind, actor, unit), (low, high) in _ranges(rows).items():
            entry = ranges.setdefault((kind, actor, unit), {
                "kind": kind, "actor": actor, "unit": unit,
                "old_min": None, "old_max": None, "new_min": None, "new_max": None,
            })  # fmt: skip
            entry[f"{side}_min"], entry[f"{side}_max"] = low, high
    return {
        "old_signals": len(old_rows),
        "new_signals": len(new_rows),
        "old_indicators": len(old),
        "new_indicators": len(new),
        **{change: len(getattr(report, change)) for change in CHANGES},
        "kinds": per_kind,
        "ranges": [ranges[k] for k in sorted(ranges)],
    }


def _ranges(rows: list[dict]) -> dict[tuple, tuple[float, float]]:
    """(kind, actor, unit) -> (min, max) over value, else low/high, for rows with a number."""
    found: dict[tuple, list[float]] = defaultdict(list)
    for row in rows:
        value, low, high = figure_of(row)[:3]
        numbers = [value] if value is not None else [n for n in (low, high) if n is not None]
        if numbers:
            found[(row.get("kind") or "", row.get("actor") or "", row.get("unit") or "")].extend(numbers)
    return {key: (min(v), max(v)) for key, v in found.items()}


def percent_change(change: Change) -> float | None:
    """Change of value (else low, else high) in percent; None if a side has none or the old is 0."""
    if change.old is None or change.new is None:
        return None
    before, after = headline(change.old.figure), headline(change.new.figure)
    if before is None or after is None or before == 0:
        return None
    return (after - before) / abs(before) * 100


# --------------------------------------------------------------------------- descriptions


def describe_figure(figure: dict, *, modality: bool | None = None) -> str:
    """"20,000", "~30,000 reported", "≥1,000 (vague)"; the modality is shown when not asserted
    (or as told), and alone when there is no number."""
    number = describe_number(SimpleNamespace(**{n: figure.get(n) for n in ("value", "low", "high", "qualifier")}))
    mood = figure.get("modality") or "asserted"
    show = mood != "asserted" if modality is None else modality
    return " ".join(part for part in (number, mood if show or not number else "") if part)


def short_text(text: str, limit: int = 60) -> str:
    """text cut at a word boundary to about limit characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def indicator_label(change: Change) -> str:
    """kind · actor · unit · subject (empty parts left out)."""
    side = change.new or change.old
    return " · ".join(p for p in (side.kind, side.actor, side.unit, short_text(side.subject)) if p)


def _percent_text(change: Change) -> str:
    pct = percent_change(change)
    if pct is None or pct == 0:
        return ""
    return f"{pct:+.0f}%" if abs(pct) >= 1 else f"{pct:+.1f}%"


def describe_change(change: Change) -> str:
    """One line: "troops · russia · personnel · troops: 9,000 -> 20,000 (+122%)"."""
    label = indicator_label(change)
    if change.change == "changed":
        show = change.old.figure.get("modality") != change.new.figure.get("modality")
        before = describe_figure(change.old.figure, modality=show)
        after = describe_figure(change.new.figure, modality=show)
        pct = _percent_text(change)
        return f"{label}: {before} -> {after}" + (f" ({pct})" if pct else "")
    side = change.new if change.change == "new" else change.old
    number = describe_figure(side.figure)
    if number == "asserted":
        number = ""
    if change.change == "new":
        return f"{label}: new" + (f", {number}" if number else "")
    return f"{label}: gone" + (f", was {number}" if number else "")


# --------------------------------------------------------------------------- flat rows

ROW_COLUMNS = (
    "change", "kind", "actor", "unit", "subject", "subject_key",
    "old_value", "new_value", "old_low", "new_low", "old_high", "new_high",
    "old_qualifier", "new_qualifier", "old_modality", "new_modality",
    "old_mentions", "new_mentions", "old_sources", "new_sources",
    "percent_change", "description", "example",
)  # fmt: skip


def change_row(change: Change) -> dict:
    """One flat row per indicator (the CSV/JSONL/JSON shape)."""
    side = change.new or change.old
    row = {
        "change": change.change,
        "kind": side.kind,
        "actor": side.actor,
        "unit": side.unit,
        "subject": side.subject,
        "subject_key": change.key[3],
    }
    for name in FIGURE_FIELDS:
        for label, ind in (("old", change.old), ("new", change.new)):
            row[f"{label}_{name}"] = plain(ind.figure[name]) if ind else (None if name in NUMBER_FIELDS else "")
    for name in ("mentions", "sources"):
        for label, ind in (("old", change.old), ("new", change.new)):
            row[f"{label}_{name}"] = getattr(ind, name) if ind else 0
    pct = percent_change(change)
    row["percent_change"] = None if pct is None else plain(round(pct, 1))
    row["description"] = describe_change(change)
    row["example"] = side.example
    return {column: row[column] for column in ROW_COLUMNS}


def _summary_json(summary: dict) -> dict:
    ranges = [{k: plain(v) for k, v in entry.items()} for entry in summary.get("ranges", [])]
    return {**summary, "ranges": ranges}


# --------------------------------------------------------------------------- rendering


def render(report: BatchDiff, fmt: str, out: TextIO, *, raw_csv: bool = False, console=None) -> None:
    """Write report to out as table, csv, jsonl, json or markdown."""
    render_view(view(report), fmt, out, raw_csv=raw_csv, console=console)


def view(report: BatchDiff) -> View:
    """The report as sections for people and one flat row per change for machines."""
    summary = report.summary
    headline = (
        f"{summary['old_signals']} -> {summary['new_signals']} signals, "
        f"{summary['old_indicators']} -> {summary['new_indicators']} indicators: "
        f"{summary['new']} new, {summary['changed']} changed, {summary['gone']} gone"
    )
    sections = [
        Section("Summary", ["kind", "old signals", "new signals", "new", "changed", "gone"], [
            [k["kind"], *(str(k[name]) for name in ("old_signals", "new_signals", *CHANGES))]
            for k in summary.get("kinds", [])
        ]),
        Section("Ranges", ["kind", "actor", "unit", "old range", "new range"], [
            [r["kind"], r["actor"], r["unit"], _range_text(r["old_min"], r["old_max"]),
             _range_text(r["new_min"], r["new_max"])]
            for r in summary.get("ranges", [])
        ], heading=False),
        *(Section(name.capitalize(), *_section_rows(report, name), wide=("indicator", "example"), counted=True)
          for name in CHANGES),
    ]  # fmt: skip
    document = {
        "has_differences": report.has_differences,
        "summary": _summary_json(summary),
        **{name: [change_row(c) for c in getattr(report, name)] for name in CHANGES},
    }
    records = [change_row(change) for change in report.changes()]
    return View(headline, sections, ROW_COLUMNS, records, document)


def _range_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if low == high:
        return format_number(low)
    return f"{format_number(low)}..{format_number(high)}"


def _counts(change: Change, name: str) -> str:
    before = getattr(change.old, name) if change.old else 0
    after = getattr(change.new, name) if change.new else 0
    return f"{before} -> {after}" if change.change == "changed" else str(before or after)


def _section_rows(report: BatchDiff, name: str) -> tuple[list[str], list[list[str]]]:
    changes = getattr(report, name)
    if name == "changed":
        header = ["indicator", "old", "new", "change", "mentions", "sources", "example"]
        rows = []
        for c in changes:
            show = c.old.figure.get("modality") != c.new.figure.get("modality")
            rows.append([
                indicator_label(c), describe_figure(c.old.figure, modality=show),
                describe_figure(c.new.figure, modality=show), _percent_text(c),
                _counts(c, "mentions"), _counts(c, "sources"), c.new.example,
            ])  # fmt: skip
        return header, rows
    header = ["indicator", "figure", "mentions", "sources", "example"]
    rows = []
    for c in changes:
        side = c.new or c.old
        rows.append([indicator_label(c), describe_figure(side.figure), str(side.mentions), str(side.sources), side.example])
    return header, rows
