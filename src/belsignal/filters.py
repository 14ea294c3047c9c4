"""Which signal rows a command keeps: --kind, --actor, --since DATE, --until DATE.

A row's time is its event (`date`, to `date_end` for a period), else its publication date.
Dates have the precision the text gave (`2022`, `2022-05`, `2022-05-03`), so both the row's
date and DATE stand for every day they cover: a row is kept when that span overlaps the
range. `--since 2022-05-10` keeps a row dated `2022-05` (May may include the 10th) and
`--until 2022` keeps everything up to the last day of 2022. A row with no date at all is
left out once a date bound is given.

    >>> keep = RowFilter.of(kinds=["troops"], since="2022-05-10")
    >>> keep({"kind": "troops", "date": "2022-05", "date_end": "", "published": "2023-01-02"})
    True
    >>> keep({"kind": "troops", "date": "", "date_end": "", "published": "2022-04-30"})
    False
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import InputError

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def first_day(date: str) -> str:
    """"2022" -> "2022-01-01", "2022-05" -> "2022-05-01"; compares as a string with any ISO day."""
    return date + "-01-01"[len(date) - 4:] if date else ""


def last_day(date: str) -> str:
    """"2022" -> "2022-12-31", "2022-05" -> "2022-05-31" (no month has more: enough to compare)."""
    return date + "-12-31"[len(date) - 4:] if date else ""


def iso_prefix(value: str | None) -> str:
    """The YYYY[-MM[-DD]] a cell starts with ("2024-06-19T10:00" -> "2024-06-19"), or ""."""
    match = _ISO.match(value or "")
    return match[0] if match else ""


def parse_bound(value: str | None, option: str) -> str:
    """A --since/--until value: YYYY, YYYY-MM or YYYY-MM-DD (a real date), else InputError."""
    if value is None:
        return ""
    text = value.strip()
    match = _ISO.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise InputError(f"{option}: not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


@dataclass(frozen=True)
class RowFilter:
    kinds: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    since: str = ""  # first day of --since
    until: str = ""  # last day of --until

    @classmethod
    def of(cls, kinds: Iterable[str] | None = None, actors: Iterable[str] | None = None,
           since: str | None = None, until: str | None = None) -> "RowFilter":
        """From the command-line values; raises InputError for a date that is not one, or a
        range that ends before it starts."""
        since, until = parse_bound(since, "--since"), parse_bound(until, "--until")
        if since and until and first_day(since) > last_day(until):
            raise InputError(f"--since {since} is after --until {until}")
        return cls(frozenset(kinds or ()), frozenset(a.strip().lower() for a in actors or ()),
                   first_day(since), last_day(until))

    def __bool__(self) -> bool:
        return bool(self.kinds or self.actors or self.since or self.until)

    def __call__(self, row) -> bool:
        """Whether row (a Signal or a dict of its columns) is kept."""
        get = row.get if isinstance(row, dict) else lambda column: getattr(row, column)
        if self.kinds and get("kind") not in self.kinds:
            return False
        if self.actors and (get("actor") or "").lower() not in self.actors:
            return False
        if self.since or self.until:
            start, end = _span(get)
            if not start or (self.since and end < self.since) or (self.until and start > self.until):
                return False
        return True

    def rows(self, rows: Iterable) -> Iterator:
        return (row for row in rows if self(row)) if self else iter(rows)


def _span(get) -> tuple[str, str]:
    """(first day, last day) a row's time covers: its event, else its publication; ("", "") if none."""
    date = iso_prefix(get("date"))
    if date:
        return first_day(date), last_day(iso_prefix(get("date_end")) or date)
    published = iso_prefix(get("published"))
    return first_day(published), last_day(published)
