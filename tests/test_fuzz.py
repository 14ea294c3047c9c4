"""Arbitrary text never breaks extraction, and every row keeps the SIGNALS.md invariants."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belsignal
from belsignal.signals import COLUMNS, KINDS, MODALITIES, QUALIFIERS

# Text that looks like news often enough to produce rows, mixed with anything at all.
NEWSY = st.sampled_from([
    "999,999,999,999,999 troops", "10^400 tanks", "about 30,000 Russian troops", "up to 7k", "0 soldiers",
    "between 20,000 and 10,000 men", "-5 tanks", "1e309 trucks", "thousands of troops", "only 3 percent of Belarusians support",
    "Peskov denied rumors.", "joint exercises near the border", "\u202e", "\x00", "\r\n", "“", "”", " ", "\n\n",
])
TEXT = st.lists(st.one_of(NEWSY, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)),
                max_size=12).map("".join)


def check_row(row: dict, text: str) -> None:
    assert list(row) == list(COLUMNS)
    assert text[row["start"]:row["end"]] == row["text"]
    assert row["kind"] in KINDS and row["modality"] in MODALITIES
    assert row["qualifier"] in QUALIFIERS + ("",)
    low, high, value = row["low"], row["high"], row["value"]
    if low is not None and high is not None:
        assert low <= high
    if value is not None:
        assert (low is None or low <= value) and (high is None or value <= high)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_extracts_without_error_and_rows_keep_invariants(text):
    problems = []
    rows = [s.to_dict() for s in belsignal.extract([text], on_problem=problems.append)]
    assert problems == []
    for row in rows:
        check_row(row, text)


def test_absurd_numbers_are_rows_not_crashes():
    text = "Belarus has 999,999,999,999,999 troops and 10^400 tanks and between 20,000 and 10,000 men."
    rows = [s.to_dict() for s in belsignal.extract([text])]
    assert any(r["value"] == 999_999_999_999_999 for r in rows)
    for row in rows:
        check_row(row, text)
