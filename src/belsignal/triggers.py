"""Run token patterns only where they can match: near their trigger.

spaCy's Matcher tries every pattern at every token, and each `IN` list or `_` attribute in a
pattern is a Python call per token: on a long corpus that costs far more than tokenizing.
So each pattern gets a trigger, its rarest required token (a word list, a number phrase, or a
token regex: a lexeme flag, tested once per distinct word), and a reach: how many tokens the
pattern can extend before and after that token. The Matcher runs only on the windows around a
trigger's occurrences, within their sentence, and in each window on the patterns of the trigger
that can match there (the window holds the words and number phrases they need), not on a rule's
other patterns: one call for them all. A pattern with no usable trigger runs on every sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from spacy.attrs import FLAG19
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
        self.groups: dict[str, _Group] = {}  # trigger key -> the rules it triggers
        # skip the rules whose needs a window lacks, and the tokens beyond their reach (False: the reference path)
        self.filtering = True
        self.words = PhraseMatcher(nlp.vocab, attr="LOWER")
        common = COMMON | {w.lower() for w in frequent}
        self.number_tests: dict[str, object] = {}  # number test key -> test(noun, unit)
        self._passed: dict[tuple[str, str], frozenset[str]] = {}  # (noun, unit) -> the test keys it passes
        self.regex_tests: dict[str, object] = {}  # regex key -> test(word)
        self._regex_keys: dict[int, tuple[str, ...]] = {}  # word (ORTH id) -> the regex keys it matches
        plans: dict[str, dict[str, list]] = {}  # key -> rule id -> [(rule, pattern, before, after)]
        words_of: dict[str, list[str]] = {}
        for rule in rules:
            for pattern in rule.patterns:
                key, words, before, after = plan(pattern, common)
                plans.setdefault(key, {}).setdefault(rule.id, []).append((rule, pattern, before, after))
                if words:
                    words_of[key] = words
                if key.startswith(NUMBER):
                    spec = next(s["_"] for s in pattern if _number_key(s) == key)
                    self.number_tests.setdefault(key, _number_test(spec))
                if key.startswith(REGEX):
                    self.regex_tests[key] = _regex_test(key)
        errors = []
        self._matchers: dict[tuple[str, tuple[int, ...]], Matcher] = {}  # (key, members) -> their Matcher
        word_docs = {key: list(nlp.tokenizer.pipe(words)) for key, words in words_of.items()}
        for key, by_rule in plans.items():
            members = []
            # a trigger word of several tokens is never found as such: its reach is no bound
            single = all(len(d) == 1 for d in word_docs.get(key, ()))
            for rule_id, items in by_rule.items():
                validated = Matcher(nlp.vocab, validate=True)
                for rule, pattern, _, _ in items:
                    try:
                        validated.add(rule.id, [pattern], greedy="LONGEST")
                    except ValueError as exc:  # spaCy's MatchPatternError
                        errors.append(RuleError(f"spaCy rejects a pattern: {' '.join(str(exc).split())}",
                                                rule.file, rule.line, rule.id))
                # a member per set of needs: a window runs only the patterns whose needs it meets (a pattern
                # that cannot match there adds no match, so the rule's LONGEST filter keeps the same ones)
                alike: dict[str, list] = {}  # the rule's patterns by what they need
                for item in items:
                    alike.setdefault(repr(self._needs([item[1]])), []).append(item)
                for same in alike.values():
                    exact = single and key != EVERYWHERE and all(exact_reach(p, common) for _, p, _, _ in same)
                    members.append(_Member(rule_id, [pattern for _, pattern, _, _ in same],
                                           self._needs([same[0][1]]),  # the same for each
                                           (max(i[2] for i in same), max(i[3] for i in same)) if exact else None))
            items = [i for rule_items in by_rule.values() for i in rule_items]
            self.groups[key] = _Group(max(i[2] for i in items), max(i[3] for i in items), members)
        self._rule_of = {self.vocab.strings.add(m.rule_id): m.rule_id for g in self.groups.values() for m in g.members}
        if errors:
            raise RuleSetError(errors)
        for key, docs in word_docs.items():
            self.words.add(key, docs)
        self.regex_flag = _regex_flag(nlp.vocab, self.regex_tests) if self.regex_tests else None

    def _needs(self, patterns: Iterable[list[dict]]) -> list[tuple[list[frozenset[int]], list[str]]] | None:
        """For each pattern, what any match of it holds: a word of each of its required literal
        tokens (LOWER id sets), and a number phrase passing each of its required number tokens
        (number test keys). None if a pattern requires neither (it can match in any window)."""
        out = []
        for pattern in patterns:
            numbers = []
            for spec in pattern:
                number = spec.get("_", {})
                if spec.get("OP") in (None, "+") and number and set(number) <= NUMBER_TOKENS:
                    key = _number_key(spec)
                    test = self.number_tests.setdefault(key, _number_test(number))
                    if not _token_passes(number, test, False, "", ""):  # a token outside every number phrase cannot match it
                        numbers.append(key)
            words = required_words(self.vocab.strings, pattern)
            if not words and not numbers:
                return None
            out.append((words, numbers))
        return out

    def __call__(self, doc: Doc, numbers: list[tuple[int, int, object]], sents,
                 lower: list[int] | None = None) -> list[tuple[str, int, int]]:
        """Matches as (rule id, start, end). `numbers` are (start, end, NumberPhrase) token ranges;
        `sents`: component.Sentences; `lower`: the Doc's LOWER ids, if the caller has them."""
        points: dict[str, list[tuple[int, int]]] = {}
        for key, s, e in self.words(doc):
            points.setdefault(self.vocab.strings[key], []).append((s, e))
        passing: dict[str, list[tuple[int, int]]] = {key: [] for key in self.number_tests}
        for s, e, phrase in numbers:
            for key in self._passes(phrase.noun, phrase.unit):
                passing[key].append((s, e))
        if self.regex_flag is not None:
            for i in doc.to_array(self.regex_flag).nonzero()[0].tolist():
                for key in self._matching_regexes(doc[i]):
                    points.setdefault(key, []).append((i, i + 1))
        if EVERYWHERE in self.groups:
            points[EVERYWHERE] = [(0, len(doc))]
        found = set()
        window = _Window(doc.to_array("LOWER").tolist() if lower is None else lower, passing)
        for key, spots in list(points.items()) + [(k, passing[k]) for k in self.groups if k in passing]:
            if not spots:
                continue
            group = self.groups[key]
            # the patterns whose needs the whole Doc meets: no window of it meets more
            needy = window.meeting(0, len(doc), group.needy)
            if self.filtering and not (group.anywhere or needy):
                continue
            spots = sorted(spots)
            for ws, we in _windows(spots, group.before, group.after, sents.starts, len(doc)):
                # the patterns that can match here: one Matcher call for them all
                members = group.anywhere + tuple(i for i, _ in window.meeting(ws, we, needy)) \
                    if self.filtering else group.everyone
                if members:
                    matcher = self._matcher(key, members)
                    for ms, me in group.narrowed(members, spots, ws, we) if self.filtering else [(ws, we)]:
                        for rule, s, e in matcher(doc[ms:me]):
                            found.add((self._rule_of[rule], s + ms, e + ms))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def _matcher(self, key: str, members: tuple[int, ...]) -> Matcher:
        """One Matcher for these rules of a trigger (made on first use; each rule keeps its own
        match key, so its LONGEST filter is the same as in a Matcher of its own)."""
        matcher = self._matchers.get((key, members))
        if matcher is None:
            matcher = self._matchers[key, members] = Matcher(self.vocab, validate=False)  # validated in __init__
            for i in members:
                member = self.groups[key].members[i]
                for pattern in member.patterns:
                    matcher.add(member.rule_id, bounded_written_out(pattern), greedy="LONGEST")
        return matcher

    def _matching_regexes(self, token) -> tuple[str, ...]:
        """The regex keys of this rule set that a token's word matches (tested once per word)."""
        keys = self._regex_keys.get(token.orth)
        if keys is None:
            if len(self._regex_keys) > 100_000:
                self._regex_keys.clear()
            keys = self._regex_keys[token.orth] = tuple(k for k, test in self.regex_tests.items() if test(token.text))
        return keys

    def _passes(self, noun: str, unit: str) -> frozenset[str]:
        """The number test keys a phrase with this counted noun and unit passes (computed once)."""
        passed = self._passed.get((noun, unit))
        if passed is None:
            passed = self._passed[(noun, unit)] = frozenset(
                key for key, test in self.number_tests.items() if test(noun, unit))
        return passed


class _RegexFlag:
    """The lexeme flag of the trigger regexes: does a word (or its lower-case form) match one of
    them? spaCy computes it once per word of the vocabulary, and Doc.to_array reads it in C."""

    def __init__(self) -> None:
        self.tests: dict[str, object] = {}  # regex key -> test(word)

    def __call__(self, word: str) -> bool:
        return any(test(word) for test in self.tests.values())


def _regex_test(key: str):
    attr, regex = key[len(REGEX):].split(":", 1)
    search = re.compile(regex).search
    return (lambda word: search(word.lower()) is not None) if attr == "LOWER" else \
        (lambda word: search(word) is not None)


def _regex_flag(vocab, keys: Iterable[str]) -> int:
    """The flag bit the trigger regexes of every rule set share in a vocabulary (FLAG19 to FLAG63
    are left free for this by spaCy): set on each word that one of them matches."""
    bit = next((b for b, getter in vocab.lex_attr_getters.items() if isinstance(getter, _RegexFlag)), None)
    if bit is None:
        bit = next(b for b in range(FLAG19, 64) if b not in vocab.lex_attr_getters)
        vocab.lex_attr_getters[bit] = _RegexFlag()
    getter = vocab.lex_attr_getters[bit]
    new = {key: _regex_test(key) for key in keys if key not in getter.tests}
    if new:
        getter.tests.update(new)
        vocab.add_flag(getter, bit)  # sets the flag of every word known so far
    return bit


class _Member(NamedTuple):
    """The patterns of a rule, of one trigger, that need the same words and number phrases."""
    rule_id: str
    patterns: list[list[dict]]
    needs: list | None  # per pattern, what a window must hold for it to match (see _needs); None: anything
    reach: tuple[int, int] | None  # (before, after) its matches lie within around a trigger; None: not known


class _Group:
    """The rules of one trigger: they match within `before` and `after` tokens of it."""

    def __init__(self, before: int, after: int, members: list[_Member]) -> None:
        self.before, self.after, self.members = before, after, members
        self.everyone = tuple(range(len(members)))
        self.anywhere = tuple(i for i in self.everyone if members[i].needs is None)  # no window test
        self.needy = tuple((i, members[i].needs) for i in self.everyone if members[i].needs is not None)
        self._reach: dict[tuple[int, ...], tuple[int, int]] = {}  # members -> their reach

    def narrowed(self, members: tuple[int, ...], spots: list[tuple[int, int]], start: int,
                 end: int) -> list[tuple[int, int]]:
        """The window [start, end) of the group's reach around `spots` (sorted), cut down to the
        reach of these members where theirs is known and shorter: the same matches in fewer tokens
        ("a share of those polled ... 40%" reaches further back than "40% support"). Each match
        holds a trigger occurrence, so it lies within the members' reach of one in the window."""
        reach = self._reach.get(members)
        if reach is None:
            known = [self.members[i].reach for i in members]
            reach = self._reach[members] = (self.before, self.after) if None in known else \
                (max(b for b, _ in known), max(a for _, a in known))
        if reach == (self.before, self.after):
            return [(start, end)]
        inner = spots[bisect_left(spots, (start,)):bisect_left(spots, (end,))]
        return _windows(inner, *reach, [start], end)  # within the window, as if it were a sentence


class _Window:
    """What the tokens [start, end) of a Doc hold: their words, and the number phrases that pass
    each test (spans overlapping the window)."""

    def __init__(self, lower: list[int], passing: dict[str, list[tuple[int, int]]]) -> None:
        self.lower, self.passing = lower, passing  # lower: the Doc's LOWER ids
        self._ends: dict[str, tuple[list[int], list[int]]] = {}
        self._present: dict[tuple[int, int], set[int]] = {}  # (start, end) -> the words there

    def meeting(self, start: int, end: int, needy: Iterable[tuple[int, list]]) -> list[tuple[int, list]]:
        """The (member, needs) of `needy` whose needs (see _needs) tokens [start, end) can meet: can
        hold a match of one of its patterns. Most windows cannot: this is a tight loop, one call a
        window."""
        present = self._present.get((start, end))
        if present is None:
            present = self._present[start, end] = set(self.lower[start:end])
        met = []
        for member in needy:
            for words, numbers in member[1]:
                for allowed in words:
                    if allowed.isdisjoint(present):
                        break
                else:
                    if not numbers or all(self._has_number(start, end, key) for key in numbers):
                        met.append(member)
                        break
        return met

    def _has_number(self, start: int, end: int, key: str) -> bool:
        """Does a span of number phrases passing test `key` overlap the window?"""
        if key not in self._ends:
            spans = sorted(self.passing[key])
            ends, top = [], -1
            for _, e in spans:
                top = max(top, e)
                ends.append(top)  # the furthest end among the spans so far
            self._ends[key] = ([s for s, _ in spans], ends)
        starts, ends = self._ends[key]
        k = bisect_left(starts, end)  # spans starting before the window ends
        return k > 0 and ends[k - 1] > start


def required_words(strings, pattern: list[dict]) -> list[frozenset[int]]:
    """The LOWER ids of the words each required literal token of a pattern allows: a match holds
    one word of each set (whatever else the token's spec asks: {IS_SENT_START: true, LOWER: fire}
    is a "fire"; {LOWER: {IN: [a, the], NOT_IN: [the]}} one of its IN words; an ORTH or TEXT word, "(",
    is that word lower-cased)."""
    words = []
    for spec in pattern:
        if spec.get("OP") not in (None, "+"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = spec.get(attr)
            literal = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if isinstance(literal, list) and literal:
                words.append(frozenset(strings.add(str(w).lower()) for w in literal))
                break
    return words


def _windows(spots, before: int, after: int, starts: list[int], n: int) -> list[tuple[int, int]]:
    """Merged windows around each (start, end) spot, clipped to the spot's sentence (`starts`: the
    first token of each sentence, from 0, found by bisection from the sorted spots: no Span made)."""
    windows: list[tuple[int, int]] = []
    k, last = 0, len(starts) - 1
    for s, e in sorted(spots):
        if e - s >= n:  # EVERYWHERE
            return [(0, n)]
        if k < last and starts[k + 1] <= s:  # a later sentence: skip to it, not through each before it
            k = bisect_right(starts, s, k + 1) - 1
        ws, we = max(starts[k], s - before), min(starts[k + 1] if k < last else n, e + after)
        if windows and ws <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(we, windows[-1][1]))
        else:
            windows.append((ws, we))
    return windows


def bounded_written_out(pattern: list[dict], most: int = 64) -> list[list[dict]]:
    """The pattern with each bounded repeat ("OP": "{n,m}") of a loose token written out as patterns
    of exactly n, ..., m tokens: the same matches. spaCy makes `{0,m}` m optional tokens and follows
    each both ways without merging the paths, so a `{0,14}` of any word holds thousands of states a
    start; the written-out patterns hold one each. A repeat of a word list ({LOWER: {IN: [a, the,
    record]}, OP: "{0,4}"}) is left to spaCy: its paths split only where those words stand, while
    each written-out copy would start its own states at every token. (Left as it is past `most`
    patterns.)"""
    out: list[list[dict]] = [[]]
    for spec in pattern:
        bounded = _BOUNDED.match(spec.get("OP") or "")
        low, high = (int(bounded.group(1) or 0), int(bounded.group(2) or 0)) if bounded and "," in spec["OP"] else (0, 0)
        if high <= low or _literal_words({k: v for k, v in spec.items() if k != "OP"}) is not None:
            out = [p + [spec] for p in out]
            continue
        copy = {k: v for k, v in spec.items() if k != "OP"}
        out = [p + [copy] * n for p in out for n in range(low, high + 1)]
        if len(out) > most:
            return [pattern]
    return [p for p in out if p]


def plan(pattern: list[dict], common: set[str] = COMMON) -> tuple[str, list[str], int, int]:
    """(trigger key, trigger words, reach before, reach after) for one expanded token pattern."""
    trigger = _trigger(pattern, common)
    if trigger is None:
        return EVERYWHERE, [], 0, 0
    t, key, words = trigger
    before = sum(_reach(spec) for spec in pattern[:t])
    after = sum(_reach(spec) for spec in pattern[t + 1:])
    if not key.startswith((NUMBER, REGEX)):  # a number phrase's (a regex token's) window spans it
        after += _reach(pattern[t]) - 1
    return key, words, before, after


def exact_reach(pattern: list[dict], common: set[str] = COMMON) -> bool:
    """Does every match of the pattern lie within its reach of a trigger occurrence (plan)? Not
    where a token other than the trigger repeats without bound (its reach is OPEN_REACH, assumed),
    nor where the trigger is a NORM (which the trigger words, matched on LOWER, may miss)."""
    trigger = _trigger(pattern, common)
    return trigger is not None and "NORM" not in pattern[trigger[0]] and \
        not any(_open(spec) for i, spec in enumerate(pattern) if i != trigger[0])


def _trigger(pattern: list[dict], common: set[str]) -> tuple[int, str, list[str]] | None:
    """(index, key, words) of the pattern's trigger token (see plan); None if it has none."""
    best = None  # (rank, index, key, words): a constrained number phrase is the rarest trigger
    for i, spec in enumerate(pattern):
        if spec.get("OP") not in (None, "+"):
            continue  # optional tokens cannot trigger
        number = {k: v for k, v in spec.get("_", {}).items() if k in NUMBER_TOKENS}
        if number:  # a noun or unit narrows the numbers down; "no noun" (COUNTS: "") hardly does
            constrained = any(k != "bs_num" and v != "" for k, v in number.items())
            candidate = (0 if constrained else 2, i, _number_key(spec), [])
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
    return None if best is None else best[1:]


def _number_key(spec: dict) -> str:
    """The key of a token spec's number test: its bs_num/bs_counts/bs_unit values."""
    return NUMBER + repr(sorted((k, v) for k, v in spec.get("_", {}).items() if k in NUMBER_TOKENS))


def _number_test(spec: dict):
    """test(noun, unit) for a number phrase, equivalent to a number token spec (its bs_counts and
    bs_unit; every token of a number phrase has bs_num)."""
    checks = [(field, _predicate(spec[attr])) for attr, field in (("bs_counts", 0), ("bs_unit", 1)) if attr in spec]

    def test(noun: str, unit: str) -> bool:
        values = (noun, unit)
        return all(ok(values[field]) for field, ok in checks)

    return test


def _token_passes(spec: dict, test, num: bool, counts: str, unit: str) -> bool:
    """Does a token with these extension values match the spec? (test: its _number_test)"""
    return ("bs_num" not in spec or _predicate(spec["bs_num"])(num)) and test(counts, unit)


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
    return OPEN_REACH if _open(spec) else int(_BOUNDED.match(op).group(2))


def _open(spec: dict) -> bool:
    """Does the token repeat with no written bound (*, +, {n,}, {n})? Its reach is assumed."""
    op = spec.get("OP")
    bounded = _BOUNDED.match(op or "")
    return op not in (None, "?", "!") and not (bounded and bounded.group(2))
