"""Trigger windows: skipping a rule where a window lacks the words or number phrases its patterns
need never loses a match (on real news: tests/test_identity.py)."""
from __future__ import annotations

import belsignal
from belsignal.pipeline import pipeline
from belsignal.rules import load_rules

from .conftest import SEEDS


def test_windows_without_the_needed_words_are_skipped_and_nothing_is_lost():
    nlp = pipeline(None, load_rules())
    ruler = nlp.get_pipe("belsignal")
    matcher = ruler.matcher
    assert pipeline(None, load_rules()) is nlp  # the pipeline belsignal.extract runs
    needs = [m.needs for members in matcher.groups.values() for m in members if m.needs is not None]
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
