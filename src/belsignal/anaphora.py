"""What a document has already established, for rules that refer back to it.

Two rule keys use it (see rules/README.md):

- ``anaphoric: true``: the rule's rows count only after a row of its kind earlier in the
  document ("the inspection", "the main phase" once an exercise has been reported);
- ``names: true``: a name that a row of the rule's kind introduced ("Steadfast Defender, a
  multi-domain exercise", "the Union Shield drills") makes its later mentions rows of this rule
  ("NATO's Steadfast Defender involves ...").

A name is a run of capitalised tokens joined to a row, stripped of the words the kind's own
rules use (patterns and `requires`: "Joint Military Exercise" in a headline is not a name); one
holding an actor's name or a word like "Ministry" is none. It must carry a year ("Zapad-2021"),
be one of the rule's phrases, or have two or more words and come from a row of the `names`
rule itself (a naming phrase: "Iron Lynx, a multinational exercise").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

_YEAR_NAMED = re.compile(r"-(?:19|20)\d\d$")
_NAME_REACH = 3  # tokens a name may stand before or after its row


class Tokens(Protocol):
    """A document's token columns, read once for the whole doc (belsignal.context.DocContext):
    cheaper than a spaCy Token object per look."""
    orths: Sequence[str]
    lowers: Sequence[str]
    quotes: Sequence[int]


class DocumentState:
    """Applies `anaphoric` and `names` rules to a document's candidate rows."""

    def __init__(self, rules: Iterable, actor_names: Iterable[str], stop_words: Iterable[str] = ()) -> None:
        rules = list(rules)
        self.anaphoric = any(r.anaphoric for r in rules)
        self.name_rules = {r.kind: r for r in rules if r.names}
        self.known = {r.kind: {p.lower() for p in r.phrases} for r in self.name_rules.values()}
        self.vocabulary: dict[str, set[str]] = {}
        for r in rules:
            if r.kind in self.name_rules:
                self.vocabulary.setdefault(r.kind, set()).update(_pattern_words(r.patterns), r.requires)
        self.stop = {w.lower() for w in actor_names} | {w.lower() for w in stop_words}

    @property
    def active(self) -> bool:
        return self.anaphoric or bool(self.name_rules)

    def apply(self, tokens: Tokens, kept: list, make: Callable) -> list:
        """`kept`: candidates (with .rule, .start, .end), sorted; `make(rule, start, end)` builds one."""
        first: dict[str, int] = {}
        for c in kept:
            if not c.rule.anaphoric:
                first.setdefault(c.rule.kind, c.start)
        kept = [c for c in kept if not c.rule.anaphoric or first.get(c.rule.kind, len(tokens.orths)) < c.start]
        added = []
        for kind, rule in self.name_rules.items():
            names: dict[tuple[str, ...], int] = {}
            for c in kept:
                if c.rule.kind == kind:
                    name = self._name_near(tokens, c.start, c.end, kind, any_name=c.rule is rule)
                    if name and name not in names:
                        names[name] = c.end
            taken = sorted((c.start, c.end) for c in kept + added)
            for s, e in self._mentions(tokens, names):
                if not any(a < e and s < b for a, b in taken):
                    added.append(make(rule, s, e))
                    taken.append((s, e))
        if not added:
            return kept
        return sorted(kept + added, key=lambda c: (c.start, c.end))

    def _name_near(self, tokens: Tokens, start: int, end: int, kind: str, any_name: bool) -> tuple[str, ...] | None:
        """The capitalised name inside or next to [start, end), if it is one. Only the `names`
        rule, which matches naming phrases ("X, a ... exercise", "called X"), introduces a name of
        several plain words; other rows only names with a year or the rule's known ones ("the
        Union State drills" does not make "Union State" an exercise)."""
        orths, lowers = tokens.orths, tokens.lowers
        lo, hi = max(0, start - _NAME_REACH), min(len(orths), end + _NAME_REACH)
        runs, run = [], []
        for i in range(lo, hi):
            if _name_token(orths, i):
                run.append(i)
            elif tokens.quotes[i] and run == [] and i + 1 < hi:
                continue  # “Union Shield”
            else:
                if run:
                    runs.append(run)
                run = []
        if run:
            runs.append(run)
        vocabulary = self.vocabulary.get(kind, set())
        for run in runs:
            if run[-1] < start - 1 - (start > 0 and bool(tokens.quotes[start - 1])) or run[0] > end:
                continue  # neither in the row nor next to it
            words = run
            while words and (lowers[words[0]] in vocabulary or lowers[words[0]] in self.stop or orths[words[0]] == "-"):
                words = words[1:]
            while words and (lowers[words[-1]] in vocabulary or lowers[words[-1]] in self.stop or orths[words[-1]] == "-"):
                words = words[:-1]
            if not words or any(lowers[i] in self.stop for i in words):
                continue
            name = tuple(orths[i] for i in words)
            if any(_YEAR_NAMED.search(w) for w in name) or (any_name and len(name) >= 2) \
                    or " ".join(name).lower() in self.known.get(kind, ()):
                return name
        return None

    @staticmethod
    def _mentions(tokens: Tokens, names: dict[tuple[str, ...], int]) -> list[tuple[int, int]]:
        """Token spans of each name after the row that introduced it."""
        if not names:
            return []
        by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for name, after in names.items():
            by_first.setdefault(name[0], []).append((name, after))
        found = []
        orths = tokens.orths
        for i, text in enumerate(orths):
            for name, after in by_first.get(text, ()):
                if i >= after and tuple(orths[i:i + len(name)]) == name:
                    found.append((i, i + len(name)))
        return found


def _name_token(orths: Sequence[str], i: int) -> bool:
    text = orths[i]
    if text == "-":  # inside a name: "Union Shield - 2023"
        return 0 < i < len(orths) - 1 and orths[i - 1][:1].isupper() and orths[i + 1][:1].isalnum()
    return text[:1].isupper() and any(ch.isalpha() for ch in text)


def _pattern_words(patterns: list[list[dict]]) -> set[str]:
    """Every literal word a rule's patterns look for (its vocabulary)."""
    words: set[str] = set()
    for pattern in patterns:
        for spec in pattern:
            for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
                value = spec.get(attr)
                if isinstance(value, str):
                    words.add(value.lower())
                elif isinstance(value, dict):
                    for key in ("IN", "NOT_IN"):
                        words.update(str(v).lower() for v in value.get(key, []))
    return words
