"""Trigger windows: skipping a rule where a window lacks the words or number phrases its patterns
need never loses a match (on real news: tests/test_identity.py)."""
from __future__ import annotations

import pytest

import belsignal
from belsignal.pipeline import pipeline
from belsignal.rules import load_rules
from belsignal.triggers import bounded_written_out

from .conftest import SEEDS


def test_windows_without_the_needed_words_are_skipped_and_nothing_is_lost():
    nlp = pipeline(None, load_rules())
    ruler = nlp.get_pipe("belsignal")
    matcher = ruler.matcher
    assert pipeline(None, load_rules()) is nlp  # the pipeline belsignal.extract runs
    needs = [m.needs for group in matcher.groups.values() for m in group.members if m.needs is not None]
    assert any(words for need in needs for words, _ in need) and any(numbers for need in needs for _, numbers in need)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("Belarus will not send troops, the ministry said, but Russia sent 3,000 soldiers to Brest.")
    with_needs = [list(belsignal.extract([t])) for t in texts]
    matcher.filtering = False
    try:
        without = [list(belsignal.extract([t])) for t in texts]
    finally:
        matcher.filtering = True
    assert [[s.to_dict() for s in rows] for rows in with_needs] == [[s.to_dict() for s in rows] for rows in without]
    assert any(s.kind == "denial" for s in with_needs[-1])


@pytest.mark.parametrize("greedy", [None, "LONGEST"])
def test_bounded_repeats_written_out_match_what_spacy_matches(greedy):
    """`{n,m}` written out as patterns of exactly n..m tokens (spaCy's own form follows each
    optional copy both ways: thousands of states for a {0,14})."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    patterns = [
        [{"LOWER": "share"}, {"LOWER": "of"}, {"IS_PUNCT": False, "OP": "{0,4}"}, {"LIKE_NUM": True}],
        [{"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, {"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "drills"}],
        [{"OP": "{0,2}"}, {"LOWER": "troops"}, {"IS_PUNCT": False, "OP": "{2}"}],
        [{"IS_ALPHA": True, "OP": "{,2}"}, {"LOWER": "of", "OP": "{1,}"}],
    ]
    docs = [nlp(t) for t in ("The share of those who could not say rose to 21 , then 30 .",
                             "a big joint military drills near the border with troops arriving in Brest",
                             "of of the troops of 300 share of 5 6 7 8 9 drills")]
    for pattern in patterns:
        plain, written = Matcher(nlp.vocab), Matcher(nlp.vocab)
        plain.add("p", [pattern], greedy=greedy)
        written.add("p", bounded_written_out(pattern), greedy=greedy)
        assert len(bounded_written_out(pattern)) > 1
        for doc in docs:
            assert sorted(written(doc)) == sorted(plain(doc)), (pattern, doc.text)
        assert any(plain(doc) for doc in docs), pattern


def test_windows_cut_to_the_reach_of_their_rules_find_the_matches_of_the_whole_windows():
    """A window is cut down to the reach of the rules that run in it where theirs is known and
    shorter than the trigger's other rules (_Group.narrowed): on real news the matcher finds the
    matches the whole windows of every rule give (filtering off, the reference path)."""
    from .conftest import SHARED

    nlp = pipeline(None, load_rules())
    ruler = nlp.get_pipe("belsignal")
    matcher = ruler.matcher
    found: list[list] = []

    def recording(*args, **kwargs):
        found.append(matcher(*args, **kwargs))
        return found[-1]

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))
             + sorted((SHARED / "dev" / "articles").glob("*.txt"))]
    ruler.matcher = recording
    try:
        for text in texts:
            nlp(text)
        matcher.filtering = False
        for text in texts:
            nlp(text)
    finally:
        ruler.matcher, matcher.filtering = matcher, True
    assert found[:len(texts)] == found[len(texts):]
    assert sum(map(len, found)) > 300
    assert any(reach != (g.before, g.after) for g in matcher.groups.values() for reach in g._reach.values())
