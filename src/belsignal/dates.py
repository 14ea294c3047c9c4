"""Time expressions: find them in a sentence and resolve them against the publication date.

Finding is a regex over the sentence text (month and weekday names are grammar, not
indicators); resolving uses dateparser with the document's `published` date as the
base, never today. The result keeps the precision the text gives: "In November 2021"
-> "2021-11", "late February" -> "YYYY-02", "on Tuesday" -> a day, "last month" -> a month.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_EDGE = r"(?:(?:early|mid|late)[\s-]+|(?:the\s+)?(?:end|beginning|start|middle|turn)\s+of\s+)"
_PREP = r"(?:(?:in|on|by|since|until|till|from|during|at|before|after|as\s+of)\s+)"
_ABSOLUTE = (
    rf"{_EDGE}?(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}(?:\s+(?:of\s+)?(?:{_YEAR}|this\s+year|last\s+year))?)(?!\w)"
)
_RELATIVE = (
    rf"(?:(?:last|this|next|past|coming)\s+(?:week|month|year|weekend|{_WEEKDAY})"
    rf"|yesterday|today|tomorrow|(?:in\s+)?the\s+(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks|months)"
    rf"|(?:(?:at|over|on)\s+)?the\s+weekend"
    rf"|{_WEEKDAY}|\d{{1,2}}/\d{{1,2}}(?!/)|\d{{4}}-\d\d-\d\d)(?!\w)"
)
_YEAR_ONLY = rf"(?:in|since|by|until|from|before|after)\s+{_YEAR}(?:\s*[-–]\s*{_YEAR})?(?![\w,.]\d)(?!\w)"
_BETWEEN = rf"between\s+(?:{_ABSOLUTE})\s+and\s+(?:{_ABSOLUTE})"
TIME_RE = re.compile(rf"\b(?:{_BETWEEN}|{_YEAR_ONLY}|{_PREP}?(?:{_ABSOLUTE}|{_RELATIVE}))", re.IGNORECASE)
# Capitalised month/weekday names only: "may" and "march" are also ordinary words.
_NEEDS_CAPITAL = re.compile(rf"^(?:{_PREP})?(?:{_EDGE})?(?:May|March|{_WEEKDAY})$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str


# Every time expression holds one of these; most sentences hold none and skip the big regex.
_MAY_HOLD_TIME = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|last|this|next"
    r"|past|coming|yesterday|today|tomorrow|weekend)", re.IGNORECASE)


def find_times(text: str) -> list[TimeExpression]:
    """Time expressions in `text`, in order."""
    if not _MAY_HOLD_TIME.search(text):
        return []
    out = []
    for m in TIME_RE.finditer(text):
        phrase = m.group(0)
        if _NEEDS_CAPITAL.match(phrase) and phrase.split()[-1][0].islower():
            continue
        out.append(TimeExpression(m.start(), m.end(), phrase))
    return out


_STRIP = re.compile(rf"^(?:between\s+)|^{_PREP}|^{_EDGE}|\s+of\s+this\s+year$|^(?:in\s+)?the\s+", re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_PERIOD_FORMAT = {"day": "%Y-%m-%d", "week": None, "month": "%Y-%m", "year": "%Y"}


def resolve(expression: str, published: str = "") -> str:
    """ISO date at the precision the text gives, or "" when it cannot be pinned down.

    Without a published date only expressions that carry their own year resolve.
    """
    core = expression
    for _ in range(3):
        core = _STRIP.sub("", core).strip()
    core = re.split(r"\s+and\s+", core)[0]  # "between November 2022 and February 2023": the start
    if re.fullmatch(r"\d{1,2}/\d{1,2}", core):  # "24/2" is day/month in the press we read
        day, month = core.split("/")
        core = f"{day} {datetime(2000, int(month) if 1 <= int(month) <= 12 else 1, 1):%B}"
    if not published and not _HAS_YEAR.search(core):
        return ""
    if re.fullmatch(rf"{_YEAR}(?:\s*[-–]\s*{_YEAR})?", core):  # a year, or a span of years: its start
        return core[:4]
    if published and re.fullmatch(rf"(?:last\s+|this\s+|past\s+)?{_WEEKDAY}", core, re.IGNORECASE):
        return _weekday(core, published)
    if published and re.fullmatch(r"(?:(?:at|over|on)\s+)?(?:the\s+)?weekend|(?:last|past)\s+weekend", core, re.I):
        return _week_month(_pad(published), back_days=7, weekend=True)
    if published and re.fullmatch(r"(?:last|past)\s+week", core, re.IGNORECASE):
        return _week_month(_pad(published), back_days=7)
    return _parse(core, published)


def _weekday(core: str, published: str) -> str:
    """'on Thursday' in copy published on a Thursday is that day; else the latest one before it."""
    from datetime import timedelta

    base = datetime.fromisoformat(_pad(published))
    name = core.split()[-1].lower()
    wanted = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(name)
    back = (base.weekday() - wanted) % 7
    if core.lower().startswith(("last", "past")) and back == 0:
        back = 7
    return (base - timedelta(days=back)).strftime("%Y-%m-%d")


def _week_month(base_iso: str, back_days: int, weekend: bool = False) -> str:
    """A week (or weekend) has no ISO form: its month when it lies within one month, else ""."""
    from datetime import timedelta

    base = datetime.fromisoformat(base_iso)
    monday = base - timedelta(days=base.weekday() + back_days)
    first, last = (monday + timedelta(days=5), monday + timedelta(days=6)) if weekend else (monday, monday + timedelta(days=6))
    return first.strftime("%Y-%m") if first.month == last.month else ""


@lru_cache(maxsize=4096)
def _parse(core: str, published: str) -> str:
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        try:
            settings["RELATIVE_BASE"] = datetime.fromisoformat(_pad(published))
        except ValueError:
            return ""
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(core)
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return ""
    fmt = _PERIOD_FORMAT.get(data.period or "")
    if data.date_obj is None or fmt is None:
        return ""
    if data.period == "year" and not _HAS_YEAR.search(core) and "year" not in core.lower():
        return ""
    return data.date_obj.strftime(fmt)


def _pad(iso: str) -> str:
    """'2024' -> '2024-01-01', '2024-06' -> '2024-06-01'."""
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))
