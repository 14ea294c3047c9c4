"""One row of the signal table (../shared/SIGNALS.md): the Signal dataclass and its stable id."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

KINDS = ("troops", "equipment", "poll", "exercise", "denial")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
MODALITIES = ("asserted", "reported", "negated", "hypothetical")


@dataclass
class Signal:
    """A signal: one indicator mention in one document. Field order is the CSV column order."""

    id: str = ""
    doc: str = ""
    published: str = ""
    kind: str = ""
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    unit: str = ""
    actor: str = ""
    subject: str = ""
    source: str = ""
    modality: str = "asserted"
    date: str = ""
    date_end: str = ""  # the end of a stated period ("from 10 to 20 February"); "" for a point in time
    date_text: str = ""
    location: str = ""
    text: str = ""
    sentence: str = ""
    start: int = 0
    end: int = 0
    rule: str = ""
    title: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = signal_id(self.doc, self.kind, self.start, self.end, self.rule)

    def to_dict(self, missing: str | None = "") -> dict:
        """The row as a plain dict; whole-number floats become ints so 48000.0 prints as 48000.

        missing: what an empty cell holds: "" (as in CSV, the default) or None (JSON's null).
        """
        row = dict(zip(COLUMNS, map(self.__getattribute__, COLUMNS)))  # every field is a scalar: no deep copy
        for key in ("value", "low", "high"):
            if isinstance(row[key], float) and row[key].is_integer() and abs(row[key]) < 1e15:
                row[key] = int(row[key])
        if missing is None:
            row = {key: None if value == "" else value for key, value in row.items()}
        return row


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Signal))


def signal_id(doc: str, kind: str, start: int, end: int, rule: str) -> str:
    """Stable id: the same document, kind, span and rule always give the same id."""
    key = f"{doc}\x1f{kind}\x1f{start}\x1f{end}\x1f{rule}".encode()
    return hashlib.blake2b(key, digest_size=6).hexdigest()
