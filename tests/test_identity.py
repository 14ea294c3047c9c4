"""Speed-ups leave every row as it was (issue 16).

Two kinds of check, on real news (the seeds, the 30 passages of ../shared/dev and perturbed
copies of them, see tests/snapshot.py):
- against the snapshot tests/data/rows.sha256.json: one digest per document of the rows it
  gives. A change meant to change rows regenerates it deliberately: `python -m tests.snapshot`.
- against a reference path where one exists: a fast path must give what the slow, general path
  gives on the same input (below, and in tests/test_dates.py for date resolution).
"""
from __future__ import annotations

import json

import pytest

from . import snapshot

pytestmark = pytest.mark.skipif(not snapshot.DEV.is_dir(),
                                reason=f"{snapshot.DEV} is not beside the project: the real-news dev set is not available")


@pytest.fixture(scope="module")
def snapshot_rows() -> list[dict]:
    return snapshot.extract()


def test_rows_on_real_news_are_those_of_the_snapshot(snapshot_rows):
    expected = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    found = snapshot.digests(snapshot_rows)
    changed = sorted(doc for doc in expected.keys() | found.keys() if expected.get(doc) != found.get(doc))
    assert not changed, (
        f"{len(changed)} document(s) give other rows than tests/data/rows.sha256.json: {changed[:10]}. "
        "If the change is meant to change rows, check them and regenerate: python -m tests.snapshot")
    assert sum(d["rows"] for d in found.values()) > 900  # the corpus really was read and extracted


def test_the_tokenizer_without_its_whitespace_special_cases_gives_the_same_rows(snapshot_rows, monkeypatch):
    """Reference: spaCy's tokenizer as it comes, with "\\n", " ", "\\t" and no-break space as special
    cases (they stop its cache for the rest of a document; belsignal drops them)."""
    import spacy

    from belsignal import pipeline

    monkeypatch.setattr(pipeline, "drop_whitespace_special_cases", lambda tokenizer: None)
    pipeline._pipeline.cache_clear()
    try:
        nlp = pipeline.pipeline(None, belsignal_rules())
        assert {"\n", " "} <= set(nlp.tokenizer.rules) == set(spacy.blank("en").tokenizer.rules)
        reference = snapshot.extract()
    finally:
        monkeypatch.undo()
        pipeline._pipeline.cache_clear()
    assert reference == snapshot_rows
    assert "\n" not in pipeline.pipeline(None, belsignal_rules()).tokenizer.rules


def belsignal_rules():
    from belsignal.rules import load_rules

    return load_rules([])
