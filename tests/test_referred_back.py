"""Troop figures whose counted noun is referred back to (`within: troop_topic`, troops.referred-back)."""
from __future__ import annotations

import pytest

from belsignal.numbers import find_numbers

from .test_context import rows_of


def _troop_texts(article: str) -> list[str]:
    return [r["text"] for r in rows_of(article) if r["kind"] == "troops"]


@pytest.mark.parametrize("article, figure", [
    ("Russian conscripts began arriving in March. They now number roughly 4,000.", "roughly 4,000"),
    ("Marines landed near Klaipeda. Their number peaked at 2,500 in June.", "2,500"),
    # the sentence itself names the force
    ("The Polish brigades are small: they number only about 9,000.", "only about 9,000"),
])
def test_a_figure_refers_back_to_the_force_named_before(article, figure):
    assert figure in _troop_texts(article)


@pytest.mark.parametrize("article", [
    # the force is named in another paragraph
    "Russian conscripts began arriving in March.\n\nThey now number roughly 4,000.",
    # the last figure counted something else: the total is the drones'
    "The army bought 300 drones for its soldiers. The total reached 500 in June.",
    # a crowd that is no force stands in the passage
    "Soldiers guarded the camp as migrants waited. They now number roughly 4,000.",
    # no force at all
    "Tourists flocked to the coast. Their number peaked at 2,500 in June.",
])
def test_a_figure_without_a_force_to_refer_to_is_no_troop_count(article):
    assert not set(_troop_texts(article)) & {"roughly 4,000", "2,500", "500"}


def test_a_verb_after_the_noun_does_not_take_its_place():
    """"4,000 personnel serve in ...": the noun is "personnel", not the verb after it."""
    assert [p.noun for p in find_numbers("Some 4,000 personnel serve in the navy.")] == ["personnel"]


def test_a_pronoun_takes_the_side_of_the_force_named_before_not_of_the_speaker():
    article = ("Latvia's border service says Russian marines have left the coast. They now number about 900, "
               "its chief said.")
    found = [r for r in rows_of(article) if r["kind"] == "troops"]
    assert [(r["text"], r["actor"]) for r in found] == [("about 900", "russia")]
