"""Trigger windows: skipping a window that lacks the words a pattern needs never loses a match."""
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
    assert any(needs is not None for needs in matcher.needs.values())
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("Belarus will not send troops, the ministry said, but Russia sent 3,000 soldiers to Brest.")
    with_needs = [list(belsignal.extract([t])) for t in texts]
    saved, matcher.needs = matcher.needs, {}
    try:
        without = [list(belsignal.extract([t])) for t in texts]
    finally:
        matcher.needs = saved
    assert [[s.to_dict() for s in rows] for rows in with_needs] == [[s.to_dict() for s in rows] for rows in without]
    assert any(s.kind == "denial" for s in with_needs[-1])
