"""What changed between two batches of articles: `belsignal diff OLD NEW`.

OLD and NEW are each a folder or file of articles (extracted on the fly with
the same rules) or a signal table belsignal exported before (`.csv`, `.jsonl`
or `.json` with the SIGNALS.md columns), in any mix. See `load_batch`.

Matching: indicators, not mentions
----------------------------------
Signals are matched across batches by what they say, not where they appear.
Every row gets an *indicator key*

    (kind, actor, unit, normalized subject)

and all rows with the same key, from any number of articles, are one
indicator: the same figure repeated by five articles is one indicator with
five mentions. The normalized subject (`normalize_subject`) is built from the
row's `subject` like this:

1. lower-case; possessive "'s" dropped; hyphens inside words joined
   ("large-scale" -> "largescale"); all other punctuation is a word break;
2. stop words dropped: determiners, pronouns, prepositions, conjunctions,
   auxiliaries and modals, hedges ("allegedly", "only", "about"), and
   time markers that do not change what is counted ("new", "newly", "latest");
3. numbers dropped: digits ("20,000", "7k") and number words ("thousands");
4. simple plural -> singular: "ies" -> "y" ("allies" -> "ally"); a trailing
   "s" is stripped from words longer than 3 letters (not from "-ss", "-us",
   "-is" endings, nor from "news");
5. a few synonyms merged: soldier, serviceman, man, men -> "troop";
   drill, manoeuvre, maneuver -> "exercise"; rumor -> "rumour";
   "mobiliz-" -> "mobilis-";
6. the country words of the row's own actor dropped, because the actor
   column already says it: its name, adjective, demonym and capital
   ("Russian", "Russians", "Russia", "Moscow", "Kremlin" when actor is
   `russia`). Country words of *other* actors are kept: "Belarusian
   volunteers" fighting for `ukraine` stay "belarusian volunteer";
7. the generic modifiers "military" and "armed" dropped, unless nothing else
   is left ("military exercises" -> "exercise", "Belarusian military" ->
   "military");
8. the remaining content words, in their order, truncated to the first 4 and
   joined by a space.

So "Russian troops", "troops", "the Russian troops" and "Russian soldiers"
(actor `russia`) are all "troop", while "newly mobilised Russian military
personnel" is "mobilised personnel": a different indicator.

Representative figure
---------------------
An indicator's figure is the (value, low, high, qualifier, modality) tuple
that is most frequent among its mentions; ties go to the tuple with the
latest `published` date among its mentions, then to the highest number
(value, else low, else high). Its readable `subject` is the most frequent raw
subject (ties: alphabetical); its `example` is the sentence of a mention
carrying the representative figure (the latest published; then by doc and
offset). `sources` counts distinct `source` values, a mention without a
source counting as its `doc`.

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
`BatchDiff.has_differences` gives the diff(1)-style exit status: 0 none, 1
some (2 is for trouble, raised as errors).
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TextIO

from belsignal.documents import JSONL_SUFFIXES, Skipped, check_inputs, read_documents
from belsignal.errors import InputError
from belsignal.export import describe_number, format_number, json_line, spreadsheet_safe
from belsignal.signals import COLUMNS, Signal, signal_id

FORMATS = ("table", "csv", "jsonl", "json", "markdown")
CHANGES = ("new", "changed", "gone")  # order of the sections in every output
FIGURE_FIELDS = ("value", "low", "high", "qualifier", "modality")
NUMBER_FIELDS = ("value", "low", "high")
MAX_SUBJECT_WORDS = 4

# --------------------------------------------------------------------------- the key

_STOP_WORDS = frozenset(
    """
    a an the this that these those such some any all each every either neither no not nor
    i me my we us our ours you your he him his she her it its they them their theirs who whom
    whose which what where when why how there here
    of to in on at by for from with without into onto over under above below about around
    across against along among amid between through during before after since until till
    toward towards within upon via per than as near off out up down like unlike despite
    and or but if so yet because while though although whether then also too
    be is are was were been being am have has had having do does did doing done
    will would shall should can could may might must ought need
    said say says saying according reportedly allegedly purportedly apparently
    only just even still already very more most less least much many few several
    almost nearly roughly approximately some estimated around over
    new newly latest recent recently current currently further additional another other
    own same
    """.split()
)
_NUMBER_WORDS = frozenset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    dozen dozens ten tens half quarter percent per cent k
    """.split()
)
_NUMBER = re.compile(r"\d+(?:k|m|bn|th|st|nd|rd)?")
_SYNONYMS = {
    "soldier": "troop", "serviceman": "troop", "servicemen": "troop", "servicemember": "troop",
    "man": "troop", "men": "troop",
    "drill": "exercise", "manoeuvre": "exercise", "maneuver": "exercise",
    "rumor": "rumour",
}  # fmt: skip
_NO_PLURAL = frozenset({"news", "means", "series", "species", "arms"})
_GENERIC = frozenset({"military", "armed"})
# Country words per actor (after singularization): name, adjective, demonym, capital.
_COUNTRY_WORDS = {
    "belarus": {"belarus", "belarusian", "belarussian", "belorussian", "byelorussian", "byelorussia", "minsk"},
    "russia": {"russia", "russian", "moscow", "kremlin"},
    "ukraine": {"ukraine", "ukrainian", "kyiv", "kiev"},
    "usa": {"usa", "american", "washington"},
    "poland": {"poland", "polish", "pole", "warsaw"},
    "lithuania": {"lithuania", "lithuanian", "vilnius"},
    "latvia": {"latvia", "latvian", "riga"},
    "china": {"china", "chinese", "beijing"},
    "nato": {"nato"},
    "eu": {"eu", "european", "brussels"},
}  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s\b")
_IN_WORD_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")
_WORD = re.compile(r"[^\W_]+")


def _singular(word: str) -> str:
    if word in _NO_PLURAL:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_subject(subject: str, actor: str = "") -> str:
    """The subject part of the indicator key (the steps are in the module docstring)."""
    text = _IN_WORD_HYPHEN.sub("", _POSSESSIVE.sub("", (subject or "").lower()))
    own_country = _COUNTRY_WORDS.get((actor or "").lower(), {(actor or "").lower()})
    words = []
    for word in _WORD.findall(text):
        if word in _STOP_WORDS or word in _NUMBER_WORDS or _NUMBER.fullmatch(word):
            continue
        word = _singular(word)
        word = _SYNONYMS.get(word, word)
        if word.startswith("mobiliz"):
            word = "mobilis" + word[len("mobiliz"):]
        if word in own_country:
            continue
        words.append(word)
    specific = [w for w in words if w not in _GENERIC]
    return " ".join((specific or words)[:MAX_SUBJECT_WORDS])


def indicator_key(row: dict) -> tuple[str, str, str, str]:
    """(kind, actor, unit, normalized subject): rows with equal keys are one indicator."""
    actor = row.get("actor") or ""
    return (row.get("kind") or "", actor, row.get("unit") or "", normalize_subject(row.get("subject") or "", actor))


# --------------------------------------------------------------------------- indicators


@dataclass
class Indicator:
    """All mentions of one indicator in one batch."""

    key: tuple
    kind: str
    actor: str
    unit: str
    subject: str  # readable: the most frequent raw subject
    figure: dict  # the representative value, low, high, qualifier, modality
    mentions: int
    sources: int
    example: str  # one sentence carrying the representative figure
    rows: list[dict] = field(default_factory=list, repr=False)


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

    @property
    def has_differences(self) -> bool:
        return bool(self.new or self.gone or self.changed)

    def changes(self) -> list[Change]:
        """Every change, in report order: new, changed, gone (each sorted by key)."""
        return [*self.new, *self.changed, *self.gone]


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _figure(row: dict) -> tuple:
    return (
        *(_number(row.get(name)) for name in NUMBER_FIELDS),
        row.get("qualifier") or "",
        row.get("modality") or "asserted",
    )


def _headline(figure: tuple | dict) -> float | None:
    """value, else low, else high."""
    values = [figure[n] for n in NUMBER_FIELDS] if isinstance(figure, dict) else list(figure[:3])
    return next((v for v in values if v is not None), None)


def _sortable(values: Iterable) -> tuple:
    """A total order over tuples mixing None, numbers and strings."""
    return tuple((0, 0.0, "") if v is None else (1, float(v), "") if isinstance(v, (int, float)) else (2, 0.0, str(v))
                 for v in values)  # fmt: skip


def _indicator(key: tuple, rows: list[dict]) -> Indicator:
    figures = Counter(_figure(row) for row in rows)
    latest: dict[tuple, str] = {}
    for row in rows:
        fig = _figure(row)
        latest[fig] = max(latest.get(fig, ""), row.get("published") or "")

    def rank(fig: tuple) -> tuple:
        headline = _headline(fig)
        return (figures[fig], latest[fig], -math.inf if headline is None else headline, _sortable(fig))

    best = max(figures, key=rank)
    subjects = Counter(row.get("subject") or "" for row in rows)
    subject = min(subjects, key=lambda s: (-subjects[s], s))
    carriers = sorted((r for r in rows if _figure(r) == best), key=lambda r: (r.get("doc") or "", int(r.get("start") or 0)))
    carriers.sort(key=lambda r: r.get("published") or "", reverse=True)  # stable: latest first, then doc, offset
    return Indicator(
        key=key,
        kind=key[0],
        actor=key[1],
        unit=key[2],
        subject=subject,
        figure=dict(zip(FIGURE_FIELDS, best)),
        mentions=len(rows),
        sources=len({(r.get("source") or "").strip() or f"doc:{r.get('doc') or ''}" for r in rows}),
        example=carriers[0].get("sentence") or "",
        rows=rows,
    )


def indicators(rows: list[dict]) -> dict[tuple, Indicator]:
    """The indicators of a batch of rows, keyed (and ordered) by indicator key."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[indicator_key(row)].append(row)
    return {key: _indicator(key, grouped[key]) for key in sorted(grouped)}


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
        elif _figure(before.figure) != _figure(after.figure):
            report.changed.append(Change(key, before, after, "changed"))
    report.summary = _summary(old_rows, new_rows, old, new, report)
    return report


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
        value = _number(row.get("value"))
        numbers = [value] if value is not None else [n for n in (_number(row.get("low")), _number(row.get("high"))) if n is not None]
        if numbers:
            found[(row.get("kind") or "", row.get("actor") or "", row.get("unit") or "")].extend(numbers)
    return {key: (min(v), max(v)) for key, v in found.items()}


def percent_change(change: Change) -> float | None:
    """Change of value (else low, else high) in percent; None if a side has none or the old is 0."""
    if change.old is None or change.new is None:
        return None
    before, after = _headline(change.old.figure), _headline(change.new.figure)
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


# --------------------------------------------------------------------------- loading batches


def batch_kind(path: str | os.PathLike) -> str:
    """"articles", "csv", "jsonl" or "json": how load_batch reads path."""
    name = os.fspath(path)
    if name == "-" or os.path.isdir(name):
        return "articles"
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in JSONL_SUFFIXES:
        first = _first_nonblank_line(name)
        try:
            record = json.loads(first) if first else None
        except json.JSONDecodeError:
            record = None
        return "jsonl" if isinstance(record, dict) and "kind" in record and "start" in record else "articles"
    if suffix == ".json":
        return "json"
    return "articles"


def _first_nonblank_line(name: str) -> str:
    try:
        with open(name, "rb") as stream:
            for raw in stream:
                line = raw.decode("utf-8-sig", errors="replace").strip()
                if line:
                    return line
    except OSError:
        pass
    return ""


def load_batch(
    path: str | os.PathLike,
    ruleset=None,
    *,
    on_problem: Callable[[Skipped], None] | None = None,
) -> list[dict]:
    """The signal rows (Signal.to_dict() shape) of one side of a diff.

    A folder, a .txt/.md file, "-" (stdin) or a .jsonl of articles is extracted
    with `ruleset` (a RuleSet, extra rule folders, or None for the built-in
    rules). A .csv, a .jsonl whose first record is a signal row (has "kind" and
    "start"), or a .json array is read as a table belsignal exported: numbers
    come back as float or None, offsets as int, and the CSV spreadsheet
    neutralization (a "'" put before = + - @ tab CR) is undone.
    Raises InputError for a missing path or a file that is not a signal table.
    """
    name = os.fspath(path)
    check_inputs([name])
    report = on_problem or (lambda problem: None)
    kind = batch_kind(name)
    if kind == "csv":
        return _read_csv(name, report)
    if kind == "jsonl":
        return _read_jsonl(name, report)
    if kind == "json":
        return _read_json(name, report)
    from belsignal.extract import extract  # spaCy loads only when articles are read

    documents = read_documents([name], on_problem=on_problem)
    return [signal.to_dict() for signal in extract(documents, ruleset, on_problem=on_problem)]


_DEFAULTS = Signal(id="-").to_dict()
_NEUTRALIZED = re.compile(r"'(?=[=+\-@\t\r])")


def unneutralize(cell: str) -> str:
    """Undo export.spreadsheet_safe: "'=x" -> "=x"."""
    return cell[1:] if _NEUTRALIZED.match(cell) else cell


def _row(record: dict, *, from_csv: bool) -> dict:
    """A SIGNALS.md row from a table record; raises ValueError on a bad number."""
    row = {}
    for column in COLUMNS:
        cell = record.get(column)
        if from_csv and isinstance(cell, str):
            cell = unneutralize(cell)
        if column in NUMBER_FIELDS:
            try:
                row[column] = _number(cell)
            except (TypeError, ValueError):
                raise ValueError(f"{column} is not a number: {str(cell)[:40]!r}") from None
        elif column in ("start", "end"):
            try:
                row[column] = int(float(cell)) if cell not in (None, "") else 0
            except (TypeError, ValueError):
                raise ValueError(f"{column} is not an integer: {str(cell)[:40]!r}") from None
        else:
            row[column] = _DEFAULTS[column] if cell is None else str(cell)
    if not row["modality"]:
        row["modality"] = "asserted"
    if not row["id"]:
        row["id"] = signal_id(row["doc"], row["kind"], row["start"], row["end"], row["rule"])
    return row


def _not_a_table(name: str, what: str) -> InputError:
    return InputError(f"{name}: not a belsignal signal table ({what})")


def _read_csv(name: str, report) -> list[dict]:
    rows = []
    try:
        with open(name, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            header = reader.fieldnames or []
            if "kind" not in header:
                raise _not_a_table(name, "no 'kind' column")
            for record in reader:
                try:
                    rows.append(_row(record, from_csv=True))
                except ValueError as error:
                    report(Skipped(f"{name}:{reader.line_num}", str(error)))
    except UnicodeDecodeError:
        raise _not_a_table(name, "not UTF-8 text") from None
    except csv.Error as error:
        raise _not_a_table(name, f"CSV error: {error}") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    return rows


def _read_jsonl(name: str, report) -> list[dict]:
    rows = []
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
                if not isinstance(record, dict):
                    report(Skipped(where, "record is not a JSON object"))
                    continue
                _add_row(rows, record, where, report)
    except UnicodeDecodeError:
        raise _not_a_table(name, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    return rows


def _read_json(name: str, report) -> list[dict]:
    try:
        with open(name, encoding="utf-8-sig") as stream:
            data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _not_a_table(name, f"not JSON: {error}") from None
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    if not isinstance(data, list):
        raise _not_a_table(name, "not a JSON array of rows")
    rows = []
    for n, record in enumerate(data, start=1):
        where = f"{name}[{n}]"
        if not isinstance(record, dict) or "kind" not in record:
            report(Skipped(where, "not a signal row"))
            continue
        _add_row(rows, record, where, report)
    return rows


def _add_row(rows: list[dict], record: dict, where: str, report) -> None:
    """Append a JSON record as a row, or report why it is not one."""
    try:
        rows.append(_row(record, from_csv=False))
    except ValueError as error:
        report(Skipped(where, str(error)))


# --------------------------------------------------------------------------- flat rows

ROW_COLUMNS = (
    "change", "kind", "actor", "unit", "subject", "subject_key",
    "old_value", "new_value", "old_low", "new_low", "old_high", "new_high",
    "old_qualifier", "new_qualifier", "old_modality", "new_modality",
    "old_mentions", "new_mentions", "old_sources", "new_sources",
    "percent_change", "description", "example",
)  # fmt: skip


def _plain(value):
    """Whole floats as ints (48000.0 -> 48000), like Signal.to_dict."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


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
            row[f"{label}_{name}"] = _plain(ind.figure[name]) if ind else (None if name in NUMBER_FIELDS else "")
    for name in ("mentions", "sources"):
        for label, ind in (("old", change.old), ("new", change.new)):
            row[f"{label}_{name}"] = getattr(ind, name) if ind else 0
    pct = percent_change(change)
    row["percent_change"] = None if pct is None else _plain(round(pct, 1))
    row["description"] = describe_change(change)
    row["example"] = side.example
    return {column: row[column] for column in ROW_COLUMNS}


def _summary_json(summary: dict) -> dict:
    ranges = [{k: _plain(v) for k, v in entry.items()} for entry in summary.get("ranges", [])]
    return {**summary, "ranges": ranges}


# --------------------------------------------------------------------------- rendering


def render(report: BatchDiff, fmt: str, out: TextIO, *, raw_csv: bool = False, console=None) -> None:
    """Write report to out as table, csv, jsonl, json or markdown."""
    if fmt == "table":
        _render_table(report, out, console)
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(ROW_COLUMNS)
        for change in report.changes():
            cells = ("" if v is None else str(v) for v in change_row(change).values())
            writer.writerow(cells if raw_csv else map(spreadsheet_safe, cells))
    elif fmt == "jsonl":
        for change in report.changes():
            out.write(json_line(change_row(change)) + "\n")
    elif fmt == "json":
        data = {
            "has_differences": report.has_differences,
            "summary": _summary_json(report.summary),
            **{name: [change_row(c) for c in getattr(report, name)] for name in CHANGES},
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        _render_markdown(report, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


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


def _summary_tables(summary: dict) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    kind_header = ["kind", "old signals", "new signals", "new", "changed", "gone"]
    kind_rows = [
        [k["kind"], *(str(k[name]) for name in ("old_signals", "new_signals", *CHANGES))]
        for k in summary.get("kinds", [])
    ]
    range_header = ["kind", "actor", "unit", "old range", "new range"]
    range_rows = [
        [r["kind"], r["actor"], r["unit"], _range_text(r["old_min"], r["old_max"]), _range_text(r["new_min"], r["new_max"])]
        for r in summary.get("ranges", [])
    ]
    return kind_header, kind_rows, range_header, range_rows


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


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _render_markdown(report: BatchDiff, out: TextIO) -> None:
    summary = report.summary
    kind_header, kind_rows, range_header, range_rows = _summary_tables(summary)
    lines = ["## Summary", ""]
    lines.append(
        f"{summary['old_signals']} -> {summary['new_signals']} signals, "
        f"{summary['old_indicators']} -> {summary['new_indicators']} indicators: "
        f"{summary['new']} new, {summary['changed']} changed, {summary['gone']} gone."
    )
    lines += ["", *_md_table(kind_header, kind_rows)]
    if range_rows:
        lines += ["", *_md_table(range_header, range_rows)]
    for name in CHANGES:
        lines += ["", f"## {name.capitalize()}", ""]
        header, rows = _section_rows(report, name)
        lines += _md_table(header, rows) if rows else ["None."]
    out.write("\n".join(lines) + "\n")


_FILE_WIDTH = 160


def _render_table(report: BatchDiff, out: TextIO, console=None) -> None:
    from rich import box  # rich is only needed for this format
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if console is None:
        try:
            terminal = out.isatty()
        except (AttributeError, ValueError):
            terminal = False
        console = Console(file=out, width=None if terminal else _FILE_WIDTH, markup=False, highlight=False,
                          emoji=False, soft_wrap=False)  # fmt: skip

    def table(title: str, header: list[str], rows: list[list[str]], wide: tuple[str, ...] = ()) -> Table:
        result = Table(title=Text(title), title_justify="left", box=box.SIMPLE_HEAD)
        for name in header:
            result.add_column(name, overflow="fold", ratio=3 if name in wide else 1)
        for row in rows:
            result.add_row(*(Text(cell) for cell in row))
        return result

    summary = report.summary
    kind_header, kind_rows, range_header, range_rows = _summary_tables(summary)
    console.print(Text(
        f"{summary['old_signals']} -> {summary['new_signals']} signals, "
        f"{summary['old_indicators']} -> {summary['new_indicators']} indicators: "
        f"{summary['new']} new, {summary['changed']} changed, {summary['gone']} gone"
    ))  # fmt: skip
    console.print(table("Summary", kind_header, kind_rows))
    if range_rows:
        console.print(table("Ranges", range_header, range_rows))
    for name in CHANGES:
        header, rows = _section_rows(report, name)
        title = f"{name.capitalize()} ({len(rows)})"
        if rows:
            console.print(table(title, header, rows, wide=("indicator", "example")))
        else:
            console.print(Text(f"{title}: none"))
