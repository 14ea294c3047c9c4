"""NewsQuant, the external check of number parsing (issue 11): bench/newsquant.py's score meets the targets.

NewsQuant is third-party data: it is read from ../shared, never copied into the project.
"""
from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT, SHARED

NEWSQUANT = SHARED / "bench" / "newsquant" / "NewsQuant.json"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("newsquant_bench", ROOT / "bench" / "newsquant.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not NEWSQUANT.exists(), reason="../shared/bench/newsquant is not beside the project")
def test_newsquant_value_f1_and_qualifier_accuracy(bench):
    result = bench.score(NEWSQUANT)
    assert result["gold"] == 904 and result["sentences"] == 590
    assert result["value_f1"] >= bench.TARGETS["value_f1"], result
    assert result["qualifier_accuracy"] >= bench.TARGETS["qualifier_accuracy"], result


def test_benchmark_conventions(bench):
    """How belsignal's phrases are written as NewsQuant values (the bench's module docs)."""
    from belsignal.numbers import find_numbers

    def values(text):
        return [bench.predicted_value(p) for p in find_numbers(text)]

    assert values("thousands of job cuts") == [(1000.0, 10000.0)]
    assert values("a third of the voters") == [pytest.approx(1 / 3, rel=1e-5)]
    assert values("33% of voters, between 7,000 and 5,000 troops") == [33.0, (5000.0, 7000.0)]
    assert values("the majority of voters") == [None]
    assert bench.gold_value({"value": "36040.0-34935.0"}) == (34935.0, 36040.0)
    assert bench.gold_value({"value": "-1.3"}) == -1.3
    assert bench.gold_qualifier({"value": "5", "change": "up"}) == "exact"
    assert bench.same_qualifier("vague", "range") and not bench.same_qualifier("exact", "range")


@pytest.mark.skipif(not NEWSQUANT.exists(), reason="../shared/bench/newsquant is not beside the project")
def test_quantities_of_other_news_are_not_forces_or_hardware():
    """590 sentences on markets, cars, science and sport: their kWh, horsepower, dollar contracts,
    V-6 engines and units sold are no troops and no military hardware. One airliner model read as a
    count ("two new 737 Max jets") is the known exception."""
    import json

    import belsignal
    from belsignal.documents import Document

    sentences = [d["text"] for d in json.loads(NEWSQUANT.read_text(encoding="utf-8"))]
    rows = belsignal.extract([Document(id=str(i), text=t) for i, t in enumerate(sentences)])
    forces = [(r.kind, r.text) for r in rows if r.kind in ("troops", "equipment")]
    assert len(forces) <= 1, forces
