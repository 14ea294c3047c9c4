"""Time expressions: find them in a sentence and resolve them against the publication date.

Finding is a regex over the sentence text (month and weekday names are grammar, not
indicators); resolving uses dateparser with the document's `published` date as the
base, never today. The result keeps the precision the text gives: "In November 2021"
-> "2021-11", "late February" -> "YYYY-02", "on Tuesday" -> a day, "last month" -> a month.

A date without its year is the latest one on or before the base, unless it falls within a
month after it: an article of 1 February announcing drills "from 10 to 20 February" means this
February, one of June recalling "the end of September" the September before.

It never has more precision than the base allows either: a weekday or "yesterday" needs a
published day, a month without its year needs a published month (to know which year),
"last year" needs a published year. A week has no ISO form: "last week", "this week", "next week",
"by the end of the week" and "two weeks ago" give the week's month when it lies within one; "until
the end of the month" is the month published. A season without its year ("in the
autumn", "by late summer") is the one under way, else the last one (the coming one if announced). Below that the date is "" (with `published: 2022`,
"on Tuesday" is unknown, never 2021-12-28). Years are always written with four digits.

A stated period ("from 10 to 20 February", "10-20 February", "February 10-20", "on 9 and 10 July",
"from Monday to Friday",
"between November 2022 and February 2023", "from 2014 to 2022") resolves to its start and
its end (`resolve_period`); a point in time has no end. A winter across two years ("winter 2023-2024",
"the 2023/24 winter") is the period from the one year to the next. A length given with a start day ("for
two weeks from 3 March", "five-day") ends the period on its last day, both days counted (`end_after`).

A day without its month ("on the 16th") is of the base's month (the next one for an event announced
once the day has passed, the one before for what happened). A time counted from another event of the
text ("two days later", "a year earlier", "the next day", "the following week", "the next month", "later that
month", "that same day", "That year,") is counted from the base it is given: the
caller passes that event's date (`counted_from_event`), never the publication date.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![,.]\d)"  # not the "2" of "In March 2,000 troops"
_YEAR = r"(?:19|20)\d\d"
_EDGE = (r"(?:(?:early|mid|late)[\s-]+|(?:the\s+)?(?:end|beginning|start|middle|turn)\s+of\s+"
         r"|(?:the\s+)?(?:first|second)\s+half\s+of\s+"
         # a part of a month named by its order: "the last week of July", "the first days of March"
         r"|(?:the\s+)?(?:first|second|third|fourth|last|final|closing|opening)\s+(?:few\s+)?"
         r"(?:week|weekend|days|fortnight)\s+of\s+)")
_PREP = r"(?:(?:in|on|by|since|until|till|through|throughout|into|from|during|at|before|after|as\s+of)\s+)"
_ABSOLUTE = (
    rf"{_EDGE}?(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}(?:\s+(?:of\s+)?(?:{_YEAR}|this\s+year|last\s+year|next\s+year))?)(?!\w)"
)
# Seasons give a year: "next spring", "this autumn", "spring 2024" ("fall" only after last/this/next).
_SEASON = r"(?:spring|summer|autumn|winter)"
# A winter spans two years: "winter 2023-2024", "the 2023/24 winter" (a period from one year to the next).
_TWO_YEARS = rf"{_YEAR}\s*[-–/]\s*(?:{_YEAR}|\d\d)(?![\w,.]\d)"
_SEASONS = (rf"(?:the\s+)?(?:{_EDGE})?{_SEASON}\s+(?:of\s+)?{_TWO_YEARS}|(?:the\s+)?{_TWO_YEARS}\s+{_SEASON}"
            rf"|(?:last|this|next|past|coming)\s+(?:{_SEASON}|fall)|(?:{_EDGE})?{_SEASON}\s+(?:of\s+)?{_YEAR}")
# A season alone is a time only after a preposition or an edge ("in the autumn", "by late summer"):
# "summer drills" and "the Arab spring" are not; "the summer of 2025" is read with its year.
_BARE_SEASON = (rf"(?:{_PREP}(?:{_EDGE})?|{_EDGE})(?:the\s+)?{_SEASON}(?!\s+(?:of\s+)?{_YEAR})(?!\w)")
# A time counted back from the publication date: "three days ago", "a year ago", "two weeks ago".
# A day written in figures with its year, day first as in the European press: "05.07.2024", "5/7/2024".
_NUMERIC_DATE = r"(?:[0-2]?\d|3[01])(?:\.(?:0?[1-9]|1[0-2])\.|/(?:0?[1-9]|1[0-2])/)(?:19|20)\d\d(?![.,]?\d)"
# A part of the day published: "this morning", "tonight"; "last night" is the evening before.
_DAY_TIME = r"(?:this\s+(?:morning|afternoon|evening)|tonight|last\s+night)"
_COUNT_WORDS = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_AGO = rf"(?:{_COUNT_WORDS}|\d{{1,2}})\s+(?:days?|weeks?|months?|years?)\s+ago"
# A time counted from an event dated earlier in the text, not from the publication date: "two days later",
# "a year earlier", "the next day", "the day before". resolve() reads it against the base it is given,
# which the caller must make that event's date (belsignal.context does, or leaves it undated).
_SHIFT = (rf"(?:(?:{_COUNT_WORDS}|\d{{1,2}})\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier)"
          r"|the\s+(?:next|following|previous)\s+day|the\s+day\s+(?:before|after)(?!\s+\w)"
          r"|the\s+(?:following|previous)\s+(?:week|month|year)"
          # "the next month" of a story ("In May ... The next month, ..."), not "in the next month" from now
          r"|(?<!in\s)(?<!within\s)(?<!over\s)(?<!during\s)the\s+next\s+(?:week|month|year)"
          # the time of the event just named: "later that month", "that same day", "on the same day", "That year,"
          r"|(?:later|earlier)\s+that\s+(?:day|week|month|year)|that\s+same\s+(?:day|week|month)"
          r"|(?:(?:in|on|during)\s+)?that\s+(?:day|week|month|year)(?=\s*,|$)|(?:in|during)\s+that\s+(?:week|month|year)"
          r"|(?:on\s+)?the\s+same\s+day)(?!\w)")
# A day of the month with no month: "will end on the 16th", "on the 5th, the ministry said" (the month
# published, or the text's own); "the 16th Brigade", "the 5th anniversary" and "from the 7th, 76th and 98th
# divisions" are no times.
_ORDINAL_DAY = (r"(?:on|by|until|till|since|from|before|after)\s+the\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)"
                r"(?=\s*(?:[.;:)!?]|,(?!\s*\d+(?:st|nd|rd|th)\b)|$)|\s+(?:when|as|at|but|while|with|in)\b)")
_RELATIVE = (
    rf"(?:{_SEASONS}|{_EDGE}(?:the|this|next|last)\s+year|{_EDGE}the\s+(?:month|week)(?!\w)|(?:last|this|next|past|coming)\s+(?:week|month|year|weekend|{_WEEKDAY})"
    rf"|yesterday|today|tomorrow|{_DAY_TIME}|(?:in\s+)?the\s+(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks|months)"
    rf"|(?:(?:at|over|on)\s+)?the\s+weekend"
    rf"|{_AGO}|{_WEEKDAY}|{_NUMERIC_DATE}|\d{{1,2}}/\d{{1,2}}(?!/)(?!\s+of\b)|\d{{4}}-\d\d-\d\d)(?!\w)"  # "1/3 of": a share
)
_YEAR_ONLY = (rf"(?:(?:in|since|by|until|from|before|after|during|throughout|through|into|for)\s+(?:{_EDGE})?|at\s+{_EDGE}){_YEAR}"  # "at the start of 2023"
              rf"(?:\s*[-–]\s*{_YEAR})?(?![\w,.]\d)(?!\w)")

# Periods: the two ends and what joins them ("to" and dashes; "and" only after "between").
_TO = r"(?:\s*[-–—]\s*|\s+(?:to|until|till|through)\s+)"
_AND = r"\s+and\s+"


def _spans(join: str) -> str:
    return (rf"{_DAY}{join}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\w)"  # 10-20 February (2022)
            rf"|{_MONTH}\s+{_DAY}{join}{_DAY}(?:,?\s+{_YEAR})?(?![\w/])"  # February 10-20(, 2022)
            rf"|{_ABSOLUTE}{join}{_ABSOLUTE}")  # 10 February to 20 March, November 2022 - February 2023


_YEARS = rf"{_YEAR}{{join}}{_YEAR}(?![\w,.]\d)(?!\w)"  # "from 2014 to 2022": only after from/between
# Days listed in one month: "on 9 and 10 July", "on July 2, 3 and 4": from the first to the last.
_DAYS_AND = rf"{_DAY}(?:\s*,\s*{_DAY}){{0,3}},?\s+and\s+{_DAY}"
_DAY_LIST = (rf"{_DAYS_AND}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?(?!\w)"
             rf"|{_MONTH}\s+{_DAYS_AND}(?:,?\s+{_YEAR})?(?![\w/])")
_PERIOD = (rf"between\s+(?:{_spans(_AND)}|{_YEARS.format(join=_AND)})"
           rf"|from\s+(?:{_spans(_TO)}|{_YEARS.format(join=_TO)})"
           rf"|(?:(?:in|on|at|during)\s+)?(?:{_spans(_TO)})"
           rf"|(?:(?:on|during)\s+)?(?:{_DAY_LIST})"
           rf"|from\s+{_WEEKDAY}{_TO}{_WEEKDAY}(?!\w)|(?:on\s+)?{_WEEKDAY}{_AND}{_WEEKDAY}(?!\w)")  # Monday to Friday
_TIME = rf"(?:{_PERIOD}|{_YEAR_ONLY}|{_BARE_SEASON}|{_ORDINAL_DAY}|{_SHIFT}|{_PREP}?(?:{_ABSOLUTE}|{_RELATIVE}))"
# Every expression opens with a digit or one of these words: tested first, it spares the regex engine
# the whole alternation at most word starts (the regex is tried at the words before an anchor).
# (tests/test_identity.py checks that the regex finds what it finds without it.)
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
               r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_OPENING = (r"(?=\d|(?:between|from|in|on|by|since|until|till|through|throughout|into|for|during|at|before|after|as|over|the|early|mid|late"
            rf"|end|beginning|start|middle|turn|first|second|third|fourth|final|closing|opening|last|this|next|past|coming|yesterday|today|tomorrow|tonight|{_SEASON}"
            rf"|{_COUNT_WORDS}|that|later|earlier"
            rf"|{_WEEKDAY}|{_MONTH_NAME})\b)")
_TIME_PATTERN = rf"\b{_OPENING}{_TIME}"  # matched with IGNORECASE (_time_re), or lower-cased (_TIME_LOWER)
# Capitalised month/weekday names only: "may" and "march" are also ordinary words.
_NEEDS_CAPITAL = re.compile(rf"^(?:{_PREP})?(?:{_EDGE})?(?:May|March|{_WEEKDAY})$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str


# Every expression holds an anchor: a month or weekday name, a relative word ("last week", "today",
# "the coming days"), a year, a day/month or an ISO date. A day number alone is none: it always
# comes with a month. At most ANCHOR_REACH words (runs of \w) precede an expression's first anchor
# ("as of the beginning of 10 March", "between 10 and 20 February"), so the big regex is tried only
# at the word starts that close before an anchor; everywhere else it could not match.
_WORD_ANCHOR = re.compile(  # every word anchor opens with one of these letters: tested first
    rf"(?=[jfmasondtwylpc])(?<!\w)(?:{_MONTH_NAME}|{_WEEKDAY}|yesterday|today|tomorrow|weekend|{_DAY_TIME}"
    rf"|(?:last|this|next|past|coming)\s+(?:week|month|year|weekend|{_WEEKDAY}|{_SEASON}|fall)"
    rf"|(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks|months)|of\s+the\s+(?:year|month|week)|{_SEASON}"
    rf"|(?:days?|weeks?|months?|years?)\s+(?:ago|later|earlier)|(?:next|following|previous)\s+day|day\s+(?:before|after)"
    rf"|(?:following|previous)\s+(?:week|month|year)|that\s+(?:same\s+)?(?:day|week|month|year)|same\s+day)(?!\w)",
    re.IGNORECASE)
# A year, a day/month or an ISO date: {_YEAR}|\d/\d|\d{4}-\d\d-\d\d with its first digit read first, so that
# the regex engine skips to the digits of a text instead of trying the pattern at every character.
_DIGIT_ANCHOR = re.compile(r"\d(?:(?<=1)9\d\d|(?<=2)0\d\d|/\d|\d{3}-\d\d-\d\d|\d?(?:st|nd|rd|th)\b)", re.I)
# Every word anchor holds one of these: where a lower-cased text holds none, the word anchor regex
# (a scan of every character) need not run. Most sentences name no time.
_WORD_ANCHOR_PARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                      "day", "tomorrow", "week", "month", "year", "spring", "summer", "autumn", "winter", "fall",
                      "night", "morning", "noon", "evening")
ANCHOR_REACH = 8
_RUN = re.compile(r"\w+")
# The regexes case-sensitive, for text lower-cased by str.lower(): half the time of matching
# with IGNORECASE. Exact, offsets included, unless the text holds a letter that lower()
# lengthens (İ) or does not fold as IGNORECASE does (ſ, ı): such a text is matched as it is.
_WORD_ANCHOR_LOWER, _TIME_LOWER = re.compile(_WORD_ANCHOR.pattern.lower()), re.compile(_TIME_PATTERN.lower())
_UNFOLDED = ("\u0130", "\u017f", "\u0131")


def find_times(text: str) -> list[TimeExpression]:
    """Time expressions in `text`, in order."""
    out = []
    for m in _time_matches(text):
        phrase = text[m.start():m.end()]
        if _NEEDS_CAPITAL.match(phrase) and re.split(r"[\s-]", phrase)[-1][:1].islower():  # "mid-March", not "to march"
            continue
        out.append(TimeExpression(m.start(), m.end(), phrase))
    return out


def _time_matches(text: str) -> list[re.Match]:
    """What _time_re().finditer(text) finds, trying the regex only at the word starts that may open
    an expression: those at most ANCHOR_REACH words before an anchor. (The matches may be of the
    lower-cased text: read the spans.)"""
    lowered = not any(ch in text for ch in _UNFOLDED)
    time_re, text = (_TIME_LOWER, text.lower()) if lowered else (_time_re(), text)
    anchors = _anchors(text, lowered)
    if not anchors:
        return []
    runs = [m.start() for m in _RUN.finditer(text, 0, anchors[-1] + 1)]  # the words up to the last anchor
    starts: set[int] = set()
    for at in anchors:  # an anchor is a word or lies inside one (a year in "Zapad-2021")
        i = bisect_right(runs, at) - 1
        starts.update(runs[max(0, i - ANCHOR_REACH):i + 1])
    found, end = [], 0
    for start in sorted(starts):
        if start >= end:
            m = time_re.match(text, start)
            if m:
                found.append(m)
                end = m.end()
    return found


@lru_cache(maxsize=1)
def _time_re() -> re.Pattern:
    """The time regex with IGNORECASE, for the rare text matched as it is (_UNFOLDED): compiled on
    first need, as it is the largest regex of the package (a fifth of importing this module)."""
    return re.compile(_TIME_PATTERN, re.IGNORECASE)


def _anchors(text: str, lowered: bool) -> list[int]:
    """Where the anchors of `text` begin, as one regex of the word and digit anchors would find them
    (`lowered`: the text is lower-cased, for the case-sensitive regex). A word anchor holds only
    letters and spaces, a digit anchor no letter: neither can hide the other."""
    found = [m.start() for m in _DIGIT_ANCHOR.finditer(text)]
    if lowered and not _may_hold_word_anchor(text):
        return found
    words = [m.start() for m in (_WORD_ANCHOR_LOWER if lowered else _WORD_ANCHOR).finditer(text)]
    return sorted(found + words) if found else words


def _may_hold_word_anchor(lowered: str) -> bool:
    for part in _WORD_ANCHOR_PARTS:  # a loop: a third of the time of any() over a generator
        if part in lowered:
            return True
    return False


_STRIP = re.compile(rf"^(?:between|for)\s+|^{_PREP}|^{_EDGE}|^(?:in\s+)?the\s+(?!year\b)", re.IGNORECASE)
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_RELATIVE_YEAR = re.compile(r"(?:\s+of)?\s*\b(this|last|next|the)\s+year\b", re.IGNORECASE)  # "the end of the year"
_NEEDS_DAY = re.compile(rf"\b(?:yesterday|today|tomorrow|(?:weeks?|weekend|days)(?!\s+of\b)|night|tonight|morning|afternoon|evening"
                        rf"|{_WEEKDAY})\b", re.IGNORECASE)
_PERIOD_FORMAT = {"day": 3, "month": 2, "year": 1}  # parts of the ISO date each period keeps
_SPLIT_PERIOD = [  # (regex, start, end) with \1.. the groups of the match
    (re.compile(rf"({_DAY}){_TO}({_DAY})(\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)", re.I), r"\1\3", r"\2\3"),
    (re.compile(rf"({_DAY})(?:\s*,\s*{_DAY}){{0,3}},?{_AND}({_DAY})(\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)", re.I),
     r"\1\3", r"\2\3"),
    (re.compile(rf"({_MONTH}\s+)({_DAY}){_TO}({_DAY})((?:,?\s+{_YEAR})?)", re.I), r"\1\2\4", r"\1\3\4"),
    (re.compile(rf"({_MONTH}\s+)({_DAY})(?:\s*,\s*{_DAY}){{0,3}},?{_AND}({_DAY})((?:,?\s+{_YEAR})?)", re.I),
     r"\1\2\4", r"\1\3\4"),
    (re.compile(rf"({_WEEKDAY})(?:{_TO}|{_AND})({_WEEKDAY})", re.I), r"\1", r"\2"),
    (re.compile(rf"({_ABSOLUTE}|{_YEAR}){_TO}({_ABSOLUTE}|{_YEAR})", re.I), r"\1", r"\2"),
    (re.compile(rf"({_ABSOLUTE}|{_YEAR}){_AND}({_ABSOLUTE}|{_YEAR})", re.I), r"\1", r"\2"),
]
_WEEKDAY_FIRST = re.compile(rf"(?:(?:from|on)\s+)?{_WEEKDAY}\b", re.IGNORECASE)
_PERIOD_LEAD = re.compile(r"^(?:between|from|in|on|at|during|through|throughout|for)\s+", re.IGNORECASE)


_SHIFT_RE, _ORDINAL_RE = re.compile(rf"(?:{_SHIFT})$", re.IGNORECASE), re.compile(rf"{_ORDINAL_DAY}$", re.IGNORECASE)


# How long a period lasts, given with its start ("began on 8 July and will last ten days", "for two weeks
# from 3 March", "the five-day exercise that began on Tuesday"): its end is counted from the start.
_LENGTH = (rf"(?:{_COUNT_WORDS}|\d{{1,2}})")
_LASTING = re.compile(rf"\b(?:for|over|lasts?|lasted|lasting|runs?|ran|running|continues?|continued|continuing)\s+"
                      rf"(?:for\s+)?(?:the\s+next\s+|about\s+|some\s+)?({_LENGTH})\s+(days?|weeks?)\b", re.IGNORECASE)
_LONG = re.compile(rf"\b(?:({_LENGTH})[-\s](day|week)(?:[-\s]long)?|(week)-?long)\b", re.IGNORECASE)


def stated_length(text: str, adjective: bool = False) -> int:
    """Days a period lasts by `text`: a verb or "for" with a count ("will last ten days", "for two weeks"), or
    with `adjective` a length before a noun ("five-day", "week-long"); 0 when it gives none or several."""
    found = (_LONG if adjective else _LASTING).findall(text)
    if len(found) != 1:
        return 0
    count, unit = (found[0][0], found[0][1]) if found[0][1] else ("one", found[0][2])
    n = int(count) if count.isdigit() else _COUNTS.get(count.lower(), 1)
    return n * (7 if unit.lower().startswith("week") else 1)


def end_after(start: str, days: int) -> str:
    """The last day of a period of `days` days that begins on the day `start` (both counted)."""
    try:
        return _iso(date.fromisoformat(start) + timedelta(days=days - 1), 3) if len(start) == 10 and days > 0 else ""
    except (ValueError, OverflowError):
        return ""


def is_period(expression: str) -> bool:
    """Does the expression state a period with two ends ("from May to July", "10-20 February")?"""
    return _period_parts(expression) is not None


def counted_from_event(expression: str) -> bool:
    """Is the expression counted from another event of the text ("two days later", "the next day")?
    resolve() then needs that event's date as its base, not the publication date."""
    return bool(_SHIFT_RE.match(expression))


def day_alone(expression: str) -> bool:
    """A day of the month without its month ("on the 16th")."""
    return bool(_ORDINAL_RE.match(expression))


def resolve(expression: str, published: str = "") -> str:
    """ISO date at the precision the text gives, or "" when it cannot be pinned down.

    For a period this is its start. Without a published date only expressions that carry
    their own year resolve.
    """
    return resolve_period(expression, published)[0]


def resolve_period(expression: str, published: str = "", prefer: str = "past") -> tuple[str, str]:
    """(date, date_end): the start and end of a stated period, or (date, "") for a point in time.

    An end without its own month or year takes the start's ("from 10 to 20 February"); the
    start is resolved against `published` and the end is the first such date after it
    (an exercise running from 10 to 20 February, reported on the 15th, ends on the 20th),
    unless only the end names its year ("from November to February 2023", "from late August to early
    September last year": the start is the one before that end).
    `prefer` "future": the text announces the event ("will be held in March"), so a date
    without its year is the coming one, not the last one, unless the period is under way;
    "done": the text tells of what happened ("arrived in late August"), so it is the last one
    even when it would fall just after `published`.
    """
    if prefer == "future" and published:
        past = resolve_period(expression, published)
        last = past[1] or (past[0] if len(past[0]) > 4 else "")  # a year alone may lie on either side
        if last and last >= published[:len(last)] and not _WEEKDAY_FIRST.match(expression):  # "will ... from Monday"
            # "will hold exercises from 10 to 20 February", published on the 15th; "will last until
            # the end of July", published in July: this July, not the next
            return past
    parts = _period_parts(expression)
    if parts is None:
        return _resolve_point(expression, published, prefer), ""
    first, last = parts
    if _names_year(last) and not _names_year(first):  # "from late August to early September last year"
        end = _resolve_point(last, published, prefer)
        return (_resolve_point(first, end, "past") if end else ""), end
    start = _resolve_point(first, published, prefer)
    return start, _resolve_point(last, start, "future") if start else _resolve_point(last, published)


def _names_year(expression: str) -> bool:
    """Does the expression give its year, as digits or from the base ("last year", "this year")?"""
    return bool(_HAS_YEAR.search(expression) or _RELATIVE_YEAR.search(expression))


@lru_cache(maxsize=8192)
def _period_parts(expression: str) -> tuple[str, str] | None:
    """The start and end expressions of a period, or None for a point in time."""
    body = _PERIOD_LEAD.sub("", expression.strip())
    for regex, start, end in _SPLIT_PERIOD:
        m = regex.fullmatch(body)
        if m:
            return m.expand(start), m.expand(end)
    m = re.fullmatch(rf"({_YEAR})\s*[-–]\s*({_YEAR})", body)  # "in 2019-2020"
    if m:
        return m.group(1), m.group(2)
    m = _WINTER_YEARS.fullmatch(body)  # "winter 2023-2024", "the 2023/24 winter": from the one year to the next
    return (m.group(1) or m.group(3), _full_year(m.group(1) or m.group(3), m.group(2) or m.group(4))) if m else None


_WINTER_YEARS = re.compile(rf"(?:the\s+)?(?:{_EDGE})?{_SEASON}\s+(?:of\s+)?({_YEAR})\s*[-–/]\s*(\d{{2,4}})"
                           rf"|(?:the\s+)?({_YEAR})\s*[-–/]\s*(\d{{2,4}})\s+{_SEASON}", re.IGNORECASE)


def _full_year(first: str, second: str) -> str:
    """The second year of "2023-24" written in full: 2024."""
    return first[:2] + second if len(second) == 2 else second


def _resolve_point(expression: str, published: str, prefer: str = "past") -> str:
    """A point in time at the precision the text gives and the base allows. What can be read
    from the expression alone is read once per expression (`_reading`, `_core_kind`); only the
    arithmetic against the base is done per row."""
    done = prefer == "done"  # the clause tells of what happened: no upcoming reading (see UPCOMING_DAYS)
    prefer = "past" if done else prefer
    needed, core, relative = _reading(expression)
    base_parts = len(published.split("-")) if published else 0
    if needed > base_parts:
        return ""  # a day or a month the base cannot give: never invented
    if relative is not None:  # "March this year", "May of last year": the base's year, shifted
        offset, rest = relative
        year = int(published[:4]) + offset
        if not rest:
            return f"{year:04d}" if 0 < year <= 9999 else ""
        core, published = f"{rest} {year}", ""
    kind = _core_kind(core)
    if kind == "year":
        return core
    season = _SEASON_CORE.fullmatch(core)
    if season:
        return _season_year(season, published, prefer)
    try:
        if published and kind == "weekday":
            return _weekday(core, published, prefer)
        if published and kind == "weekend":  # the last one, or the coming one for an event announced
            return _week_month(published, back_days=0 if prefer == "future" else 7, weekend=True)
        if published and kind == "this weekend":
            return _week_month(published, back_days=0, weekend=True)
        if published and kind in _WEEKS_BACK:
            return _week_month(published, back_days=_WEEKS_BACK[kind])
        if published and kind == "ago":
            return _ago(core, published)
        if published and kind == "shift":
            return _shift(core, published)
        if published and kind == "ordinal":
            return _ordinal(core, published, prefer, done)
        if published and kind == "the month":  # "until the end of the month": the month published
            return _near_month(published, prefer, 0) or ""
    except (ValueError, OverflowError):  # a base at the edge of the calendar
        return ""
    return _parse(core, published, prefer) if done else _parse_near(core, published, prefer)


_SEASON_CORE = re.compile(r"(?:(last|this|next|past|coming)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(\d{4}))?",
                          re.IGNORECASE)
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_year(m: re.Match, published: str, prefer: str) -> str:
    """The year of a season: its own ("spring 2024"), else by the base month: "next spring" the
    coming one, "last spring" the one that ended before the base. A winter spans two years: only
    "next winter" (the coming December) is pinned down."""
    which, season, year = (m.group(1) or "").lower(), m.group(2).lower(), m.group(3)
    if year:
        return year
    if len(published) < 7:
        return ""
    base_year, base_month, start = int(published[:4]), int(published[5:7]), _SEASON_START[season]
    if not which:  # "in the autumn": the season under way, else the last one (the coming one if announced)
        if season == "winter":  # spans two years: only the coming December is pinned down
            return f"{base_year:04d}" if prefer == "future" and base_month < start else ""
        if start <= base_month <= start + 2:
            return f"{base_year:04d}"
        which = "next" if prefer == "future" else "last"
    if which == "this" and season == "winter" and base_month <= 2:
        return ""  # "this winter" in February: the one under way, across two years
    if which in ("next", "coming") or (which == "this" and prefer == "future" and base_month < start):
        found = base_year if base_month < start else base_year + 1
    elif season == "winter":
        return ""
    elif which == "this":
        found = base_year
    else:  # last, past: the latest that has ended
        found = base_year if start + 2 < base_month else base_year - 1
    return f"{found:04d}" if 0 < found <= 9999 else ""


# A date without its year that falls this many days after the publication date or fewer is the
# coming one ("exercises from 10 to 20 February" published on 1 February 2022: 2022, not 2021);
# further ahead, the one before ("at the end of September" published in June: last September).
UPCOMING_DAYS = 31


def _parse_near(core: str, published: str, prefer: str) -> str:
    found = _parse(core, published, prefer)
    if prefer != "past" or not found or not published or _HAS_YEAR.search(core):
        return found
    ahead = _parse(core, published, "future")
    try:
        soon = ahead and (_base(ahead, at_end=False) - _base(published, at_end=False)).days <= UPCOMING_DAYS
    except ValueError:
        return found
    return ahead if soon else found


@lru_cache(maxsize=8192)
def _reading(expression: str) -> tuple[int, str, tuple[int, str] | None]:
    """(base parts needed, core, (year offset, rest) for "March this year" or None): the expression
    without its preposition, edge and article, "24/2" as "24 February"."""
    core = expression
    for _ in range(3):
        core = _STRIP.sub("", core).strip()
    relative_year = _RELATIVE_YEAR.search(core)
    if relative_year:
        offset = {"this": 0, "the": 0, "last": -1, "next": 1}[relative_year.group(1).lower()]
        return _needed_parts(expression), core, (offset, core[:relative_year.start()].strip())
    if re.fullmatch(r"\d{1,2}/\d{1,2}", core):  # "24/2" is day/month in the press we read
        day, month = core.split("/")
        core = f"{day} {datetime(2000, int(month) if 1 <= int(month) <= 12 else 1, 1):%B}"
    elif re.fullmatch(_NUMERIC_DATE, core):  # "05.07.2024": 5 July 2024
        day, month, year = re.split(r"[./]", core)
        core = f"{int(day)} {datetime(2000, int(month), 1):%B} {year}"
    return _needed_parts(expression), core, None


@lru_cache(maxsize=8192)
def _core_kind(core: str) -> str:
    if re.fullmatch(_YEAR, core):
        return "year"
    if re.fullmatch(rf"(?:last\s+|this\s+|past\s+)?{_WEEKDAY}", core, re.IGNORECASE):
        return "weekday"
    if re.fullmatch(r"(?:(?:at|over|on)\s+)?(?:the\s+)?weekend|(?:last|past)\s+weekend", core, re.I):
        return "weekend"
    if re.fullmatch(r"(?:this|coming)\s+weekend", core, re.IGNORECASE):
        return "this weekend"
    if core.lower() == "month":
        return "the month"
    if core.lower() == "week":  # "by the end of the week"
        return "this week"
    week = re.fullmatch(r"(last|past|this|next|coming)\s+week", core, re.IGNORECASE)
    if week:
        return f"{week.group(1).lower()} week"
    if _AGO_CORE.fullmatch(core):
        return "ago"
    if _SHIFT_CORE.fullmatch(core):
        return "shift"
    if _ORDINAL_CORE.fullmatch(core):
        return "ordinal"
    return ""


_SHIFT_CORE = re.compile(rf"(?:(?P<n>{_COUNT_WORDS}|\d{{1,2}})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier)"
                         r"|(?:the\s+)?(?P<dir2>next|following|previous)\s+(?P<unit2>day|week|month|year)"
                         r"|(?:the\s+)?(?P<unit3>day)\s+(?P<dir3>before|after)"
                         r"|(?:(?:later|earlier|in|on|during)\s+)?that\s+(?:same\s+)?(?P<unit4>day|week|month|year)"
                         r"|(?:the\s+)?same\s+(?P<unit5>day))", re.IGNORECASE)
_SHIFT_PARTS = {"day": 3, "week": 3, "month": 2, "year": 1}
_ORDINAL_CORE = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)", re.IGNORECASE)


def _shift_unit(m: re.Match) -> str:
    return next(u for u in m.group("unit", "unit2", "unit3", "unit4", "unit5") if u).lower()


def _shift(core: str, base: str) -> str:
    """'two days later' a day, 'a month later' a month, 'two years earlier' a year, counted from `base`
    (the date of the event the text counts from); a week is given as its month when it lies in one."""
    m = _SHIFT_CORE.fullmatch(core)
    unit = _shift_unit(m)
    way = (m.group("dir") or m.group("dir2") or m.group("dir3") or "").lower()
    word = (m.group("n") or "one").lower()
    n = int(word) if word.isdigit() else _COUNTS.get(word, 1)
    n = 0 if not way else -n if way in ("earlier", "previous", "before") else n  # "later that month": its own
    if unit in ("day", "week"):
        when = datetime.fromisoformat(base) + timedelta(days=n * (7 if unit == "week" else 1))
        return _iso(when, 3) if unit == "day" else _week_month(_iso(when, 3), back_days=0)
    year = int(base[:4])
    if unit == "year":
        return f"{year + n:04d}" if 0 < year + n <= 9999 else ""
    year, month = divmod(year * 12 + int(base[5:7]) - 1 + n, 12)
    return f"{year:04d}-{month + 1:02d}" if 0 < year <= 9999 else ""


def _ordinal(core: str, base: str, prefer: str, done: bool) -> str:
    """'on the 16th': that day of the base's month; of the next month for an event announced ahead
    when the day has passed, of the month before for what happened when it is yet to come."""
    day, when = int(re.match(r"\d+", core).group()), date.fromisoformat(base)
    month = when.year * 12 + when.month - 1
    if prefer == "future" and day < when.day:
        month += 1
    elif done and day > when.day:
        month -= 1
    year, month = divmod(month, 12)
    if not 0 < year <= 9999 or day > calendar.monthrange(year, month + 1)[1]:
        return ""
    return f"{year:04d}-{month + 1:02d}-{day:02d}"


# How many days before the publication date a week named from it starts, from that date's own Monday.
_WEEKS_BACK = {"last week": 7, "past week": 7, "this week": 0, "next week": -7, "coming week": -7}
_AGO_CORE = re.compile(rf"({_COUNT_WORDS}|\d{{1,2}})\s+(day|week|month|year)s?\s+ago", re.IGNORECASE)
_COUNTS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}


def _ago(core: str, published: str) -> str:
    """'three days ago' a day, 'two weeks ago' that week's month (if it lies in one), 'six months ago'
    a month, 'a year ago' a year: as far back from the publication date as the text counts."""
    m = _AGO_CORE.fullmatch(core)
    word, unit = m.group(1).lower(), m.group(2).lower()
    n = int(word) if word.isdigit() else _COUNTS.get(word, 1)
    base = datetime.fromisoformat(published) if unit in ("day", "week") else None
    if unit == "day":
        return _iso(base - timedelta(days=n), 3)
    if unit == "week":
        return _week_month(published, back_days=7 * n)
    year, month = int(published[:4]), int(published[5:7]) if len(published) >= 7 else 1
    if unit == "year":
        return f"{year - n:04d}" if 0 < year - n <= 9999 else ""
    year, month = divmod(year * 12 + month - 1 - n, 12)
    return f"{year:04d}-{month + 1:02d}" if 0 < year <= 9999 else ""


def _needed_parts(expression: str) -> int:
    """How many parts of the base date (year, month, day) an expression needs to resolve."""
    if _HAS_YEAR.search(expression) or re.search(r"\d{4}-\d\d-\d\d", expression):
        return 0
    shift = _SHIFT_CORE.search(expression)
    if shift:  # "two days later" needs a day to count from, "a year earlier" a year
        return _SHIFT_PARTS[_shift_unit(shift)]
    if _ORDINAL_CORE.search(expression):
        return 3  # "on the 16th": which month, the base's day decides
    if _NEEDS_DAY.search(expression):
        return 3  # "yesterday", "on Tuesday", "last week"
    if _RELATIVE_YEAR.search(expression):
        return 1  # "last year", "March this year"
    return 2  # "in March", "on 10 October", "last month", "24/2": the base month decides the year


def _weekday(core: str, published: str, prefer: str = "past") -> str:
    """'on Thursday' in copy published on a Thursday is that day; else the latest one before it,
    or for an event announced ahead ("will begin on Monday") the next one."""
    base = datetime.fromisoformat(published)
    name = core.split()[-1].lower()
    wanted = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(name)
    if prefer == "future" and not core.lower().startswith(("last", "past")):
        return _iso(base + timedelta(days=(wanted - base.weekday()) % 7), 3)
    back = (base.weekday() - wanted) % 7
    if core.lower().startswith(("last", "past")) and back == 0:
        back = 7
    return _iso(base - timedelta(days=back), 3)


def _week_month(published: str, back_days: int, weekend: bool = False) -> str:
    """A week (or weekend) has no ISO form: its month when it lies within one month, else ""."""
    base = datetime.fromisoformat(published)
    monday = base - timedelta(days=base.weekday() + back_days)
    first, last = (monday + timedelta(days=5), monday + timedelta(days=6)) if weekend else (
        monday, monday + timedelta(days=6))
    return _iso(first, 2) if first.month == last.month else ""


def _parse(core: str, published: str, prefer: str = "past") -> str:
    """The date dateparser gives `core` against the base `published` (at the period's start
    looking ahead, its end looking back). The common forms (a month, a day and month, with or
    without the year; today, yesterday, this/last/next month; ISO dates) are read once per
    expression and resolved here with dateparser's own rules; tests/test_identity.py checks
    them against dateparser on every time expression of the real news at hand."""
    found = _fast(core, published, prefer)
    return found if found is not None else _dateparser(core, published, prefer)


def _fast(core: str, published: str, prefer: str) -> str | None:
    """The date of a common form without dateparser, or None to ask dateparser."""
    form = _simple_form(core)
    if form is None:
        return None
    try:
        return form[0](published, prefer, *form[1:])
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=4096)
def _dateparser(core: str, published: str, prefer: str = "past") -> str:
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        try:  # a coarse base stands for its whole period: its last day looking back, its first looking ahead
            settings["RELATIVE_BASE"] = _base(published, at_end=prefer == "past")
        except ValueError:
            return ""
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(core)
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return ""
    parts = _PERIOD_FORMAT.get(data.period or "")
    if data.date_obj is None or parts is None:
        return ""
    if data.period == "year" and not _HAS_YEAR.search(core) and "year" not in core.lower():
        return ""
    return _iso(data.date_obj, parts)


# ---- the fast path: forms read once, resolved by arithmetic. Each returns None to leave a case
# to dateparser (a leap day, a year out of range, no base).

_MONTH_NUMBERS = {**{calendar.month_name[i].lower(): i for i in range(1, 13)},
                  **{calendar.month_abbr[i].lower(): i for i in range(1, 13)}, "sept": 9}
_FAST_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"  # "Thursday, August 12": dateparser ignores the weekday
_FAST_DAY = r"([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_FAST_MONTH = r"([a-z]+)\.?"
_FAST_YEAR = r"((?:19|20)\d\d)"
_DAY_FIRST = re.compile(rf"{_FAST_WEEKDAY}{_FAST_DAY}\s+(?:of\s+)?{_FAST_MONTH}(?:,?\s+{_FAST_YEAR})?", re.I)
_MONTH_FIRST = re.compile(rf"{_FAST_WEEKDAY}{_FAST_MONTH}\s+{_FAST_DAY}(?:,?\s+{_FAST_YEAR})?", re.I)
_MONTH_ONLY = re.compile(rf"{_FAST_MONTH}(?:,?\s+(?:of\s+)?{_FAST_YEAR})?", re.I)
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_NEAR_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this morning": 0, "this afternoon": 0,
              "this evening": 0, "last night": -1}
_NEAR_MONTHS = re.compile(r"(this|last|next)\s+month", re.I)
_NO_DATE = re.compile(r"(?:this|next|coming|past|last)\s+(?:few\s+)?(?:weeks?|days|months)"
                      r"|(?:this|next|coming)\s+weekend", re.I)  # dateparser gives none of them a day or month


@lru_cache(maxsize=8192)
def _simple_form(core: str) -> tuple | None:
    """(resolver, its arguments) for a common form of time expression, or None."""
    if _NO_DATE.fullmatch(core):
        return (_no_date,)
    near = " ".join(core.lower().split())
    if near in _NEAR_DAYS:
        return (_near_day, _NEAR_DAYS[near])
    m = _NEAR_MONTHS.fullmatch(core)
    if m:
        return (_near_month, {"this": 0, "last": -1, "next": 1}[m.group(1).lower()])
    m = _ISO_DATE.fullmatch(core)
    if m:
        return (_fixed, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for regex, day_group, month_group in ((_DAY_FIRST, 1, 2), (_MONTH_FIRST, 2, 1)):
        m = regex.fullmatch(core)
        if m and m.group(month_group).lower() in _MONTH_NUMBERS:
            month, day = _MONTH_NUMBERS[m.group(month_group).lower()], int(m.group(day_group))
            return (_day_of_month, day, month, int(m.group(3)) if m.group(3) else None)
    m = _MONTH_ONLY.fullmatch(core)
    if m and m.group(1).lower() in _MONTH_NUMBERS:
        return (_month_of_year, _MONTH_NUMBERS[m.group(1).lower()], int(m.group(2)) if m.group(2) else None)
    return None


def _no_date(published: str, prefer: str) -> str:
    return ""


def _near_day(published: str, prefer: str, offset: int) -> str | None:
    if len(published.split("-")) != 3:
        return None
    return _iso(date.fromisoformat(published) + timedelta(days=offset), 3)


def _near_month(published: str, prefer: str, offset: int) -> str | None:
    if not published:
        return None
    base = _base(published, at_end=prefer == "past")
    year, month = divmod(base.year * 12 + base.month - 1 + offset, 12)
    return f"{year:04d}-{month + 1:02d}" if 1 <= year <= 9999 else None


def _fixed(published: str, prefer: str, year: int, month: int, day: int) -> str:
    return _iso(date(year, month, day), 3)


def _day_of_month(published: str, prefer: str, day: int, month: int, year: int | None) -> str | None:
    """'10 October': the base's year, or the one before (looking back) or after (looking ahead)
    where the day lies on the other side of the base, as dateparser's PREFER_DATES_FROM does."""
    if year is not None:
        return _iso(date(year, month, day), 3)
    if not published or (month, day) == (2, 29):  # a leap day: dateparser's own search for a leap year
        return None
    base = _base(published, at_end=prefer == "past")
    year = base.year
    date(year, month, day)  # "31 April": ValueError, left to dateparser
    if (month, day) > (base.month, base.day):
        year -= prefer == "past"
    else:
        year += prefer == "future"
    return _iso(date(year, month, day), 3) if 1 <= year <= 9999 else None


def _month_of_year(published: str, prefer: str, month: int, year: int | None) -> str | None:
    """'March': as a day of that month (the base's day, or the month's last) is resolved."""
    if year is not None:
        return f"{year:04d}-{month:02d}"
    if not published:
        return None
    base = _base(published, at_end=prefer == "past")
    if month == 2 and calendar.isleap(base.year) and base.day >= 29:
        return None  # the leap day again
    year = base.year
    if month > base.month:
        year -= prefer == "past"
    else:
        year += prefer == "future"
    return f"{year:04d}-{month:02d}" if 1 <= year <= 9999 else None


def _iso(when: date, parts: int) -> str:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' with a four-digit year (strftime writes year 999 as '999')."""
    return "-".join([f"{when.year:04d}", f"{when.month:02d}", f"{when.day:02d}"][:parts])


def _base(iso: str, at_end: bool) -> datetime:
    """'2024' -> 2024-01-01 or 2024-12-31; '2024-06' -> 2024-06-01 or 2024-06-30."""
    parts = [int(p) for p in iso.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if at_end else 1)
    day = parts[2] if len(parts) > 2 else (calendar.monthrange(year, month)[1] if at_end else 1)
    return datetime(year, month, day)
