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


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\n\f", "\f"], ids=["lf", "crlf", "pdf-page", "form-feed"])
def test_line_break_inside_a_sentence_is_no_boundary(brk):
    one_line = rows("Officials said 1,000 Russian soldiers arrived in Belarus.")
    wrapped = rows(f"Officials said 1,000 Russian{brk}soldiers arrived in Belarus.")
    assert [(r.kind, r.text, r.value, r.start) for r in wrapped] == [(r.kind, r.text, r.value, r.start) for r in one_line]
    assert wrapped[0].sentence == "Officials said 1,000 Russian soldiers arrived in Belarus."


def test_crlf_and_lf_texts_join_the_same_line_breaks():
    from belsignal import spacing  # a text without "\r" takes a faster path
    lf = ("Drills near Brest\nThe defence ministry of Belarus\nsaid 1,000 soldiers came from\nRussia:\n"
          "- one\n\nNext paragraph\nends.")
    joined = spacing.normalize(lf)
    assert joined == ("Drills near Brest\nThe defence ministry of Belarus said 1,000 soldiers came from Russia:\n"
                      "- one\n\nNext paragraph ends.")
    assert spacing.normalize(lf.replace("\n", "\r\n")).replace("\r\n", "\n").replace("  ", " ") == joined
    assert spacing.normalize(lf.replace("\n", "\r")).replace("\r", "\n") == joined
    starts = [len("Drills near Brest\n"), joined.index("- one")]
    assert spacing.line_breaks(lf) == spacing.line_breaks(lf.replace("\n", "\r")) == starts
    assert len(spacing.line_breaks(lf.replace("\n", "\r\n"))) == 2


@pytest.mark.parametrize("blank", ["\n\n", "\n\f\n"], ids=["blank", "blank-page"])
def test_blank_line_is_a_boundary(blank):
    assert rows(f"Officials said 1,000{blank}soldiers arrived in Belarus.") == []


def test_line_breaks_keep_offsets():
    text = "Belarus\nhas\r\n5,000\nsoldiers near\nthe border."
    (row,) = rows(text)
    assert (row.text, text[row.start:row.end]) == ("5,000", "5,000")


@pytest.mark.parametrize("text, expected", [
    ("Russia sent between 7,000 and 5,000 troops to Belarus.", ("between 7,000 and 5,000", None, 5000, 7000, "range")),
    ("Russia sent 12,000-9,000 troops to Belarus.", ("12,000-9,000", None, 9000, 12000, "range")),
    ("Russia sent 2 quadrillion troops to Belarus.", ("2 quadrillion", 2e15, 2e15, 2e15, "exact")),
    ("Russia sent 7,000 to 5,000 troops to Belarus.", ("7,000 to 5,000", None, 5000, 7000, "range")),
    ("Russia sent 7,000 or 5,000 troops to Belarus.", ("7,000 or 5,000", None, 5000, 7000, "range")),
    ("The army has 30.000 troops near Minsk.", ("30.000", 30000, 30000, 30000, "exact")),
    ("Belarus has a 48.000-strong army.", ("48.000", 48000, 48000, 48000, "exact")),
    ("Russia sent 10.000-15.000 troops to Belarus.", ("10.000-15.000", None, 10000, 15000, "range")),
], ids=["between-reversed", "hyphen-reversed", "quadrillion", "to-reversed", "or-reversed", "dot-thousands",
        "dot-thousands-strong", "dot-thousands-range"])
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


def test_a_change_then_a_level_is_no_reversed_range():
    assert numbers_of("Russia cut its troops in Belarus 7,000 to 5,000.") != [("7,000 to 5,000", None, 5000, 7000, "range")]


def test_dot_decimals_stay_where_no_count_follows():
    assert numbers_of("Only 3.500 percent of Belarusians back it, a poll found.", "poll") == [
        ("Only 3.500 percent", 3.5, 3.5, 3.5, "exact")]
    assert numbers_of("Russia sent 1.250 million troops to Belarus.") == [("1.250 million", 1.25e6, 1.25e6, 1.25e6, "exact")]
