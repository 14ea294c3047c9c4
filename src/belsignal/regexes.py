"""Refuse rule regexes that can backtrack for ever ("catastrophic backtracking").

Why parse instead of putting a time limit on each match: spaCy calls a pattern's REGEX from
compiled code on every token it tries, and Python's `re` takes no timeout, so a timer around
each call would cost more than the matching. Instead the regex is parsed once, when its rule
is loaded, with the standard library's own parser (`re._parser`, the tree `re` compiles), and
the two shapes behind exponential or high-polynomial backtracking are refused, so the author
hears of it from `rules check` rather than from a run that never ends:

- nested quantifiers: a group that repeats and holds an unbounded quantifier, or an
  alternation repeated without bound: `(a+)+`, `((a+))+$`, `(.*a){25}$`, `(a|aa)+`; bounds do
  not make nesting safe (`(?:a{1,50}){1,50}$` takes minutes on a word of 30 letters), so a
  repeated group may not hold a quantifier of variable length at all (`(a?){25}`);
- adjacent quantifiers: two unbounded quantifiers in a row (only optional or zero-width
  items between) that can start with the same character: `\\d+\\d*`, `.*.*`, `\\w+\\s*\\w+`.

Possessive quantifiers (`a++`) and atomic groups (`(?>...)`) never backtrack into what they
matched, so they are allowed: they are the fix the message suggests. A shape this misses
costs one document, not the run: the CLI bounds the time a document may take (--doc-timeout).
"""
from __future__ import annotations

import re
from itertools import chain

try:  # Python 3.11+
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)  # backtracking repeats (not POSSESSIVE_REPEAT)
_UNBOUNDED = sre.MAXREPEAT
# Characters a first-character set is computed over: Latin, Greek, Cyrillic, punctuation, CJK.
_PROBE = frozenset(map(chr, chain(range(0x250), range(0x370, 0x530), range(0x2000, 0x2070),
                                  range(0x3000, 0x3020), range(0x4E00, 0x4E20))))
_CLASS_ESCAPES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip
HINT = "and could hang a run (make a quantifier possessive, a++, or a group atomic, (?>...))"


def regex_hazard(pattern: str) -> str:
    """Why pattern could backtrack for ever, or "" if its shape is safe. pattern must compile."""
    parsed = sre_parse.parse(pattern)
    return _check(list(parsed), bool(parsed.state.flags & re.IGNORECASE))


def _check(items: list, icase: bool) -> str:
    for op, av in items:
        if op in _REPEATS and av[1] > 1:
            body = list(av[2])
            if _holds(body, _is_unbounded):
                return "nests unbounded quantifiers (a repeated group holds an unbounded one)"
            if av[1] == _UNBOUNDED and _holds(body, lambda op, av: op is sre.BRANCH):
                return "nests unbounded quantifiers (an alternation repeated without bound)"
            if _holds(body, lambda op, av: op in _REPEATS and av[0] != av[1]):
                return "nests quantifiers (a repeated group holds one of variable length, bounded or not)"
        for sub in _children(op, av):
            found = _check(sub, icase)
            if found:
                return found
    return _adjacent(items, icase)


def _adjacent(items: list, icase: bool) -> str:
    reachable: list[set[str]] = []  # first characters of unbounded repeats not yet cut off by a required item
    for op, av in items:
        if _is_unbounded(op, av):
            first = _first_chars(list(av[2]), icase)
            if any(first & earlier for earlier in reachable):
                return "has adjacent unbounded quantifiers that can match the same characters"
            reachable = reachable + [first] if av[0] == 0 else [first]
        elif not _can_be_empty(op, av):
            reachable = []
    return ""


def _is_unbounded(op, av) -> bool:
    return op in _REPEATS and av[1] == _UNBOUNDED


def _children(op, av) -> list[list]:
    """The item lists nested in one parsed item."""
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return [list(av[2])]
    if op is sre.SUBPATTERN:
        return [list(av[-1])]
    if op is sre.BRANCH:
        return [list(alt) for alt in av[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.ATOMIC_GROUP:
        return [list(av)]
    if op is sre.GROUPREF_EXISTS:
        return [list(branch) for branch in av[1:] if branch is not None]
    return []


def _holds(items: list, test) -> bool:
    """Does an item in items (at any depth) pass test? Atomic groups and possessive repeats
    never backtrack, so what they hold does not count."""
    for op, av in items:
        if test(op, av):
            return True
        if op not in (sre.ATOMIC_GROUP, sre.POSSESSIVE_REPEAT) and any(_holds(sub, test) for sub in _children(op, av)):
            return True
    return False


def _can_be_empty(op, av) -> bool:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return True
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return av[0] == 0 or all(_can_be_empty(*item) for item in av[2])
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
        return all(_can_be_empty(*item) for item in _children(op, av)[0])
    if op is sre.BRANCH:
        return any(all(_can_be_empty(*item) for item in alt) for alt in av[1])
    return False


def _first_chars(items: list, icase: bool) -> set[str]:
    """The characters (of the probe set, plus literals) a match of items can start with."""
    chars: set[str] = set()
    for op, av in items:
        chars |= _item_first_chars(op, av, icase)
        if not _can_be_empty(op, av):
            break
    if icase:
        chars |= {c.swapcase() for c in chars}
    return chars


def _item_first_chars(op, av, icase: bool) -> set[str]:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.NOT_LITERAL:
        return set(_PROBE - {chr(av)})
    if op is sre.IN:
        member = re.compile(_class_source(av))
        return {c for c in _PROBE if member.fullmatch(c)} | {chr(v) for o, v in av if o is sre.LITERAL}
    if op is sre.BRANCH:
        return set().union(*(_first_chars(list(alt), icase) for alt in av[1]))
    children = _children(op, av)
    if children and op not in (sre.ASSERT, sre.ASSERT_NOT):
        return _first_chars(children[0], icase)
    if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
        return set()
    return set(_PROBE)  # ANY, back-references, anything else: assume any character


def _class_source(items: list) -> str:
    """A character class like the parsed one, as regex source."""
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CLASS_ESCAPES:
            parts.append(_CLASS_ESCAPES[av])
        else:
            return r"[\s\S]"  # anything unusual: assume any character
    return "[" + "".join(parts) + "]"
