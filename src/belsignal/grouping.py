"""Grouping mentions: the indicators `diff` compares and the claims `claims` lists.

One concept at two grains. Every signal row (a *mention*) gets an indicator key; the
mentions with one key are an **indicator**. The mentions of an indicator that state the
same figure around the same time are a **claim**. So every claim lies inside exactly one
indicator, and both groupings come from the same key: they cannot disagree.

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

Claims: the same figure reprinted is one claim
----------------------------------------------
Within one indicator (same kind, actor, unit and normalized subject), two mentions are
linked when

1. their figures agree: value, low and high each both missing or both present and within
   0.5% of each other (qualifier and modality may differ: "about 30,000" and "30,000"
   reported by another outlet are one figure; figures are chained too, so 30,000, 30,140 and
   30,290 are one figure though the ends are almost 1% apart); and
2. they are close: their sentences are near-identical (the same words, or word sets
   overlapping by at least 80%: Jaccard), or both were published within 14 days of each
   other, or neither has a publication date.

A claim is a connected group of linked mentions (single linkage, so a wire story reprinted
every few days for a month stays one claim). It has the indicator's key, its own
representative figure, modality, subject and example (chosen as for an indicator, among
its own mentions), and counts: mentions, documents, and distinct **outlets** (the host of
the mention's `url` without "www.", else the folder of its `doc`, else, for a document
given directly, the document itself); `first_seen`/`last_seen` (the earliest and latest
`published`); its `sources` (distinct, most frequent first); the event `date`, `date_end`
and `location` most mentions give; and a `link` (the example's `url`, else its `doc`).
A claim's `id` is a short hash of its key, figure and earliest mention: stable while later
batches only add later mentions to it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

FIGURE_FIELDS = ("value", "low", "high", "qualifier", "modality")
NUMBER_FIELDS = ("value", "low", "high")
MAX_SUBJECT_WORDS = 4
FIGURE_TOLERANCE = 0.005  # numbers within 0.5% are the same figure
CLAIM_DAYS = 14  # mentions of a figure published this many days apart or less are one claim
NEAR_IDENTICAL = 0.8  # Jaccard overlap of two sentences' word sets

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



# --------------------------------------------------------------------------- figures


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def figure_of(row: dict) -> tuple:
    """(value, low, high, qualifier, modality) of a row (or of a figure dict)."""
    return (
        *(_number(row.get(name)) for name in NUMBER_FIELDS),
        row.get("qualifier") or "",
        row.get("modality") or "asserted",
    )


def headline(figure: tuple | dict) -> float | None:
    """value, else low, else high."""
    values = [figure[n] for n in NUMBER_FIELDS] if isinstance(figure, dict) else list(figure[:3])
    return next((v for v in values if v is not None), None)


def _sortable(values: Iterable) -> tuple:
    """A total order over tuples mixing None, numbers and strings."""
    return tuple((0, 0.0, "") if v is None else (1, float(v), "") if isinstance(v, (int, float)) else (2, 0.0, str(v))
                 for v in values)  # fmt: skip


@dataclass
class _Summary:
    """What an indicator and a claim both say about their mentions."""

    figure: dict
    subject: str
    example: dict  # the row whose sentence is the example


def _summarize(rows: list[dict]) -> _Summary:
    """The representative figure, readable subject and example row of a group of mentions."""
    figures = Counter(figure_of(row) for row in rows)
    latest: dict[tuple, str] = {}
    for row in rows:
        fig = figure_of(row)
        latest[fig] = max(latest.get(fig, ""), row.get("published") or "")

    def rank(fig: tuple) -> tuple:
        number = headline(fig)
        return (figures[fig], latest[fig], -math.inf if number is None else number, _sortable(fig))

    best = max(figures, key=rank)
    subjects = Counter(row.get("subject") or "" for row in rows)
    subject = min(subjects, key=lambda s: (-subjects[s], s))
    carriers = sorted((r for r in rows if figure_of(r) == best), key=lambda r: (r.get("doc") or "", int(r.get("start") or 0)))
    carriers.sort(key=lambda r: r.get("published") or "", reverse=True)  # stable: latest first, then doc, offset
    return _Summary(dict(zip(FIGURE_FIELDS, best)), subject, carriers[0])


# --------------------------------------------------------------------------- indicators


class _Keyed:
    """kind, actor and unit, read off the indicator key."""

    key: tuple

    @property
    def kind(self) -> str:
        return self.key[0]

    @property
    def actor(self) -> str:
        return self.key[1]

    @property
    def unit(self) -> str:
        return self.key[2]


@dataclass
class Indicator(_Keyed):
    """All mentions of one indicator in one batch."""

    key: tuple
    subject: str  # readable: the most frequent raw subject
    figure: dict  # the representative value, low, high, qualifier, modality
    mentions: int
    sources: int
    example: str  # one sentence carrying the representative figure
    rows: list[dict] = field(default_factory=list, repr=False)

    @cached_property
    def claims(self) -> list[Claim]:
        """This indicator's mentions split into claims (oldest first)."""
        return _claims(self.key, self.rows)


def _indicator(key: tuple, rows: list[dict]) -> Indicator:
    summary = _summarize(rows)
    return Indicator(
        key=key,
        subject=summary.subject,
        figure=summary.figure,
        mentions=len(rows),
        sources=len({(r.get("source") or "").strip() or f"doc:{r.get('doc') or ''}" for r in rows}),
        example=summary.example.get("sentence") or "",
        rows=rows,
    )


def indicators(rows: Iterable[dict]) -> dict[tuple, Indicator]:
    """The indicators of a batch of rows, keyed (and ordered) by indicator key."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[indicator_key(row)].append(row)
    return {key: _indicator(key, grouped[key]) for key in sorted(grouped)}


# --------------------------------------------------------------------------- claims


@dataclass
class Claim(_Keyed):
    """The mentions of one figure of one indicator around one time (see the module docstring)."""

    id: str
    key: tuple
    subject: str
    figure: dict
    mentions: int
    documents: int
    outlets: int
    first_seen: str
    last_seen: str
    sources: list[str]
    example: str
    link: str
    date: str
    date_end: str
    location: str
    rows: list[dict] = field(default_factory=list, repr=False)


def claims(rows: Iterable[dict]) -> list[Claim]:
    """Every claim of a batch of rows, by indicator key, then oldest first."""
    return [claim for indicator in indicators(rows).values() for claim in indicator.claims]


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= FIGURE_TOLERANCE * max(abs(a), abs(b))


def _day(iso: str) -> dt.date | None:
    """A date from "YYYY-MM-DD", "YYYY-MM" or "YYYY" (the first day of a month or year)."""
    parts = (iso or "").split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2][:2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


_SENTENCE_WORD = re.compile(r"[^\W_]+")


def _words(sentence: str) -> frozenset[str]:
    return frozenset(_SENTENCE_WORD.findall((sentence or "").lower()))


def near_identical(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_IDENTICAL


class _Links:
    """Union-find over 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            found[self.find(i)].append(i)
        return list(found.values())


def _figure_groups(rows: list[dict]) -> list[list[dict]]:
    """Rows split by figure: exact figures first, then figures within 0.5% merged."""
    exact: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        exact[tuple(_number(row.get(n)) for n in NUMBER_FIELDS)].append(row)
    figures = sorted(exact, key=_sortable)
    links = _Links(len(figures))
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            if all(_same_number(x, y) for x, y in zip(a, figures[j])):
                links.join(i, j)
    return [[row for i in group for row in exact[figures[i]]] for group in links.groups()]


def _time_groups(rows: list[dict]) -> list[list[dict]]:
    """Rows of one figure split into claims: linked by near-identical sentences or by
    publication dates at most CLAIM_DAYS apart (undated rows are linked to each other)."""
    links = _Links(len(rows))
    days = [_day(row.get("published") or "") for row in rows]
    dated = sorted((d, i) for i, d in enumerate(days) if d is not None)
    for (before, i), (after, j) in zip(dated, dated[1:]):
        if (after - before).days <= CLAIM_DAYS:
            links.join(i, j)
    undated = [i for i, d in enumerate(days) if d is None]
    for i in undated[1:]:
        links.join(undated[0], i)
    by_words: dict[frozenset, int] = {}
    for i, row in enumerate(rows):
        words = _words(row.get("sentence") or "")
        by_words.setdefault(words, i)
        links.join(i, by_words[words])
    # Jaccard >= NEAR_IDENTICAL needs sizes within that ratio: compare only such pairs.
    distinct = sorted(by_words.items(), key=lambda item: len(item[0]))
    for n, (a, i) in enumerate(distinct):
        for b, j in distinct[n + 1:]:
            if len(a) < NEAR_IDENTICAL * len(b):
                break
            if links.find(i) != links.find(j) and near_identical(a, b):
                links.join(i, j)
    return [[rows[i] for i in group] for group in links.groups()]


def outlet(row: dict) -> str:
    """Who published a mention: the url's host (no "www."), else the doc's folder, else the doc."""
    host = urlsplit(row.get("url") or "").hostname or ""
    if host:
        return host.removeprefix("www.")
    doc = (row.get("doc") or "").split("#", 1)[0]
    folder, _, name = doc.rpartition("/")
    return folder or doc


def _mode(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _earliest(row: dict) -> tuple:
    return (row.get("published") or "9999", row.get("doc") or "", int(row.get("start") or 0))


def _claim(key: tuple, rows: list[dict]) -> Claim:
    summary = _summarize(rows)
    first = min(rows, key=_earliest)
    digest = "\x1f".join(map(str, (*key, *figure_of(first)[:3], first.get("id") or "")))
    seen = sorted(r.get("published") for r in rows if r.get("published"))
    sources = Counter((r.get("source") or "").strip() for r in rows if (r.get("source") or "").strip())
    date = _mode(r.get("date") or "" for r in rows)
    example = summary.example
    return Claim(
        id=hashlib.blake2b(digest.encode(), digest_size=6).hexdigest(),
        key=key,
        subject=summary.subject,
        figure=summary.figure,
        mentions=len(rows),
        documents=len({r.get("doc") or "" for r in rows}),
        outlets=len({outlet(r) for r in rows}),
        first_seen=seen[0] if seen else "",
        last_seen=seen[-1] if seen else "",
        sources=sorted(sources, key=lambda s: (-sources[s], s)),
        example=example.get("sentence") or "",
        link=example.get("url") or _mode(r.get("url") or "" for r in rows) or example.get("doc") or "",
        date=date,
        date_end=_mode(r.get("date_end") or "" for r in rows if (r.get("date") or "") == date),
        location=_mode(r.get("location") or "" for r in rows),
        rows=rows,
    )


def _claims(key: tuple, rows: list[dict]) -> list[Claim]:
    found = [_claim(key, group) for figure in _figure_groups(rows) for group in _time_groups(figure)]
    return sorted(found, key=lambda c: (c.first_seen or "9999", _sortable(figure_of(c.figure)), c.id))
