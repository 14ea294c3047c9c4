"""Numbers as they reach the signal table: the hostile cases of issue 10 (items 8-10).

Each case once gave a wrong number with no warning; the rule is the right value or no row.
"""
from __future__ import annotations

import pytest

import belsignal


def rows(text: str, **kw) -> list:
    return list(belsignal.extract([text], **kw))


def numbers_of(text: str, kind: str = "troops") -> list[tuple]:
    return [(r.text, r.value, r.low, r.high, r.qualifier) for r in rows(text) if r.kind == kind]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"], ids=["space", "nbsp", "narrow-nbsp", "thin"])
def test_space_grouped_thousands(space):
    text = f"Russia has moved 30{space}000 troops to Belarus; 48{space}000 more soldiers are expected."
    assert numbers_of(text) == [(f"30{space}000", 30000, 30000, 30000, "exact"),
                                (f"48{space}000", 48000, 48000, 48000, "exact")]


@pytest.mark.parametrize("brk", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_break_inside_a_sentence_is_no_boundary(brk):
    one_line = rows("Officials said 1,000 Russian soldiers arrived in Belarus.")
    wrapped = rows(f"Officials said 1,000 Russian{brk}soldiers arrived in Belarus.")
    assert [(r.kind, r.text, r.value, r.start) for r in wrapped] == [(r.kind, r.text, r.value, r.start) for r in one_line]
    assert wrapped[0].sentence == "Officials said 1,000 Russian soldiers arrived in Belarus."


def test_blank_line_is_a_boundary():
    assert rows("Officials said 1,000\n\nsoldiers arrived in Belarus.") == []


def test_line_breaks_keep_offsets():
    text = "Belarus\nhas\r\n5,000\nsoldiers near\nthe border."
    (row,) = rows(text)
    assert (row.text, text[row.start:row.end]) == ("5,000", "5,000")


@pytest.mark.parametrize("text, expected", [
    ("Russia sent between 7,000 and 5,000 troops to Belarus.", ("between 7,000 and 5,000", None, 5000, 7000, "range")),
    ("Russia sent 12,000-9,000 troops to Belarus.", ("12,000-9,000", None, 9000, 12000, "range")),
    ("Russia sent 2 quadrillion troops to Belarus.", ("2 quadrillion", 2e15, 2e15, 2e15, "exact")),
], ids=["between-reversed", "hyphen-reversed", "quadrillion"])
def test_right_value(text, expected):
    assert numbers_of(text) == [expected]


@pytest.mark.parametrize("text", [
    "Russia sent 2 zillion troops to Belarus.",
    "Russia sent 123456789012345678901234 troops to Belarus.",
], ids=["unknown-scale", "24-digits"])
def test_no_row_rather_than_a_wrong_number(text):
    assert numbers_of(text) == []


@pytest.mark.parametrize("share", ["150%", "1,500%", "90-120%", "-5%"])
def test_poll_share_beyond_100_percent_gives_no_row(share):
    assert rows(f"A new poll found that {share} of Belarusians oppose sending troops to Ukraine.") == []


def test_poll_share_within_100_percent_is_kept():
    (row,) = rows("A new poll found that 15% of Belarusians oppose sending troops to Ukraine.")
    assert (row.kind, row.value, row.unit) == ("poll", 15, "percent")


def test_two_forces_counted_before_one_noun_are_two_rows_with_their_own_actors():
    rows = [s.to_dict() for s in belsignal.extract(
        ["The drills will involve about 4,000 Belarusian and 2,000 Russian troops, the ministry said."])]
    assert [(r["text"], r["value"], r["unit"], r["actor"]) for r in rows if r["kind"] == "troops"] == [
        ("about 4,000", 4000, "personnel", "belarus"), ("2,000", 2000, "personnel", "russia")]
