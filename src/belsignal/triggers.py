"""Run token patterns only where they can match: near their trigger.

spaCy's Matcher tries every pattern at every token, and each `IN` list or `_` attribute in a
pattern is a Python call per token: on a long corpus that costs far more than tokenizing.
So each pattern gets a trigger, its rarest required token (a word list, a number phrase, or a
token regex, tested once per distinct word), and a reach: how many tokens the pattern can extend before and after that token. Patterns
with the same trigger share one Matcher, which runs only on the windows around the trigger's
occurrences, within their sentence. A pattern with no usable trigger runs on every sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .errors import RuleError, RuleSetError

NUMBER = "<number>"
REGEX = "<regex>"
EVERYWHERE = "<everywhere>"
_REGEX_ATTRS = {"TEXT": "ORTH", "ORTH": "ORTH", "LOWER": "LOWER"}
OPEN_REACH = 5  # tokens an open operator (*, +, {n,}) is assumed to span
NUMBER_TOKENS = {"bs_num", "bs_counts", "bs_unit"}
# Words too common to trigger anything: a pattern is triggered by its rarest required token.
COMMON = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "is", "are", "was", "were", "be", "it",
          "he", "she", "they", "we", "i", "do", "does", "did", "will", "would", "has", "have", "had",
          "not", "n't", "n’t", "that", "this", "by", "for", "with", "as", "at", "from", "can", "could",
          "said", "says", "told", "war", "military"}
_BOUNDED = re.compile(r"^\{(\d*),?(\d*)\}$")


class TriggeredMatcher:
    """Patterns grouped by trigger; `(rule id, start, end)` matches over a whole Doc."""

    def __init__(self, nlp, rules: Iterable, frequent: Iterable[str] = ()) -> None:
        """`frequent`: words known to be everywhere in the corpus (the actor names), poor triggers."""
        self.vocab = nlp.vocab
        self.groups: dict[str, tuple[Matcher, int, int]] = {}
        self.words = PhraseMatcher(nlp.vocab, attr="LOWER")
        common = COMMON | {w.lower() for w in frequent}
        self.number_tests: dict[str, object] = {}
        self.regex_tests: dict[str, tuple] = {}  # key -> (attribute, regex, {word id: matches})
        # key -> for each pattern of the group, the word sets (LOWER ids) it needs besides its trigger;
        # None when some pattern needs no word: a window holding none of a pattern's needs is skipped
        self.needs: dict[str, list[list[frozenset[int]]] | None] = {}
        plans: dict[str, list] = {}
        words_of: dict[str, list[str]] = {}
        for rule in rules:
            for pattern in rule.patterns:
                key, words, before, after = plan(pattern, common)
                plans.setdefault(key, []).append((rule, pattern, before, after))
                if words:
                    words_of[key] = words
                if key.startswith(NUMBER):
                    self.number_tests[key] = _number_test(pattern)
                if key.startswith(REGEX):
                    attr, regex = key[len(REGEX):].split(":", 1)
                    self.regex_tests[key] = (attr, re.compile(regex), {})
        errors = []
        for key, items in plans.items():
            matcher = Matcher(nlp.vocab, validate=True)
            for rule, pattern, _, _ in items:
                try:
                    matcher.add(rule.id, [pattern], greedy="LONGEST")
                except ValueError as exc:  # spaCy's MatchPatternError
                    errors.append(RuleError(f"spaCy rejects a pattern: {' '.join(str(exc).split())}",
                                            rule.file, rule.line, rule.id))
            self.groups[key] = (matcher, max(i[2] for i in items), max(i[3] for i in items))
            self.needs[key] = self._needs(pattern for _, pattern, _, _ in items)
        if errors:
            raise RuleSetError(errors)
        for key, words in words_of.items():
            self.words.add(key, list(nlp.tokenizer.pipe(words)))

    def _needs(self, patterns: Iterable[list[dict]]) -> list[list[frozenset[int]]] | None:
        """For each pattern, the LOWER word sets of its required tokens; None if one pattern
        requires no literal word (then no window can be ruled out by its words)."""
        strings = self.vocab.strings
        out = []
        for pattern in patterns:
            need = []
            for spec in pattern:
                value = spec.get("LOWER")
                if value is None or spec.get("OP") not in (None, "+") or set(spec) - {"LOWER", "OP"}:
                    continue
                words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and \
                    set(value) == {"IN"} else None
                if words:
                    need.append(frozenset(strings.add(str(w).lower()) for w in words))
            if not need:
                return None
            out.append(need)
        return out

    def __call__(self, doc: Doc, numbers: list[tuple[int, int, object]], sents) -> list[tuple[str, int, int]]:
        """Matches as (rule id, start, end). `numbers` are (start, end, NumberPhrase) token ranges."""
        points: dict[str, list[tuple[int, int]]] = {}
        for key, s, e in self.words(doc):
            points.setdefault(self.vocab.strings[key], []).append((s, e))
        for key, test in self.number_tests.items():
            points[key] = [(s, e) for s, e, phrase in numbers if test(phrase)]
        arrays: dict[str, tuple] = {}
        for key, (attr, regex, seen) in self.regex_tests.items():
            points[key] = self._regex_spots(doc, attr, regex, seen, arrays)
        if EVERYWHERE in self.groups:
            points[EVERYWHERE] = [(0, len(doc))]
        found = set()
        lower = None
        for key, spots in points.items():
            matcher, before, after = self.groups[key]
            needs = self.needs.get(key)
            if needs is not None and lower is None:
                lower = doc.to_array("LOWER").tolist()
            for ws, we in _windows(spots, before, after, sents, len(doc)):
                if needs is not None:
                    present = set(lower[ws:we])
                    if not any(all(words & present for words in need) for need in needs):
                        continue  # no pattern of the group can match here: spare the Matcher call
                for match_id, s, e in matcher(doc[ws:we]):
                    found.add((self.vocab.strings[match_id], s + ws, e + ws))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


    def _regex_spots(self, doc: Doc, attr: str, regex: re.Pattern, seen: dict, arrays: dict) -> list[tuple[int, int]]:
        """Tokens whose text matches `regex`, each distinct word tested once per process."""
        if attr not in arrays:
            ids = doc.to_array(attr)
            arrays[attr] = (ids, numpy.unique(ids).tolist())
        ids, words = arrays[attr]
        if len(seen) > 200_000:
            seen.clear()
        strings = self.vocab.strings
        hits = []
        for word in words:
            hit = seen.get(word)
            if hit is None:
                hit = seen[word] = bool(regex.search(strings[word]))
            if hit:
                hits.append(word)
        if not hits:
            return []
        return [(i, i + 1) for i in numpy.flatnonzero(numpy.isin(ids, hits)).tolist()]


def _windows(spots, before: int, after: int, sents, n: int) -> list[tuple[int, int]]:
    """Merged windows around each (start, end) spot, clipped to the spot's sentence."""
    windows: list[tuple[int, int]] = []
    for s, e in sorted(spots):
        if e - s >= n:  # EVERYWHERE
            return [(0, n)]
        sent = sents.of(s)
        ws, we = max(sent.start, s - before), min(sent.end, e + after)
        if windows and ws <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(we, windows[-1][1]))
        else:
            windows.append((ws, we))
    return windows


def plan(pattern: list[dict], common: set[str] = COMMON) -> tuple[str, list[str], int, int]:
    """(trigger key, trigger words, reach before, reach after) for one expanded token pattern."""
    best = None  # (rank, index, key, words): a constrained number phrase is the rarest trigger
    for i, spec in enumerate(pattern):
        if spec.get("OP") not in (None, "+"):
            continue  # optional tokens cannot trigger
        number = {k: v for k, v in spec.get("_", {}).items() if k in NUMBER_TOKENS}
        if number:  # a noun or unit narrows the numbers down; "no noun" (COUNTS: "") hardly does
            constrained = any(k != "bs_num" and v != "" for k, v in number.items())
            candidate = (0 if constrained else 2, i, NUMBER + repr(sorted(number.items())), [])
        else:
            words = _literal_words(spec)
            if words is None:
                regex = _regex_of(spec)
                if regex is None:
                    continue
                candidate = (0.5, i, REGEX + regex, [])  # a shape (digits, capitals) is rarer than a word
            else:
                frequent = any(w in common or not w.replace("-", "").isalnum() for w in words)
                candidate = (3 if frequent else 1, i, "|".join(sorted(words)), words)
        if best is None or (candidate[0], len(candidate[3])) < (best[0], len(best[3])):
            best = candidate
    if best is None:
        return EVERYWHERE, [], 0, 0
    _, t, key, words = best
    before = sum(_reach(spec) for spec in pattern[:t])
    after = sum(_reach(spec) for spec in pattern[t + 1:])
    if not key.startswith((NUMBER, REGEX)):  # a number phrase's (a regex token's) window spans it
        after += _reach(pattern[t]) - 1
    return key, words, before, after


def _number_test(pattern: list[dict]):
    """A test on a NumberPhrase equivalent to the first number token spec of the pattern."""
    spec = next(s["_"] for s in pattern if NUMBER_TOKENS & set(s.get("_", {})))
    checks = [(field, _predicate(spec[attr])) for attr, field in (("bs_counts", "noun"), ("bs_unit", "unit"))
              if attr in spec]

    def test(phrase) -> bool:
        return all(ok(getattr(phrase, field)) for field, ok in checks)

    return test


def _predicate(want):
    """value -> bool for a Matcher value spec: a string, or {IN, NOT_IN, REGEX}."""
    if not isinstance(want, dict):
        return lambda value: value == want
    within = frozenset(want["IN"]) if "IN" in want else None
    without = frozenset(want.get("NOT_IN", ()))
    regex = re.compile(want["REGEX"]) if "REGEX" in want else None
    return lambda value: ((within is None or value in within) and value not in without
                          and (regex is None or regex.search(value) is not None))


def _regex_of(spec: dict) -> str | None:
    """'ORTH:regex' or 'LOWER:regex' for a token spec that only a regex constrains."""
    for attr, array_attr in _REGEX_ATTRS.items():
        value = spec.get(attr)
        if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
            return f"{array_attr}:{value['REGEX']}"
    return None


def _literal_words(spec: dict) -> list[str] | None:
    for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
        value = spec.get(attr)
        if isinstance(value, str):
            return [value.lower()]
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
            return [str(v).lower() for v in value["IN"]]
    return None


def _reach(spec: dict) -> int:
    op = spec.get("OP")
    if op in (None, "?", "!"):
        return 1
    bounded = _BOUNDED.match(op)
    if bounded and bounded.group(2):
        return int(bounded.group(2))
    return OPEN_REACH
