"""Whose force a row counts when the sentence names other sides around it: a reporter, two sides
speaking together, an outlet's city, a maker, a past state, a unit's recruits (made-up sentences)."""
from __future__ import annotations

import pytest

from .test_context import row


@pytest.mark.parametrize("text, kind, actor", [
    # a reporter's side does not own a force it places in another country, nor does that country
    ("Eight battalion tactical groups are still in Belarus, the Ukrainian General Staff said.", "troops", ""),
    ("Lithuanian intelligence believes 4,000 soldiers remain on Belarusian soil.", "troops", ""),
    ("Kyiv's border service said 90 armoured vehicles were stationed at Belarusian bases.", "equipment", ""),
    # ... but its own forces it sends, or calls its own, are its own
    ("Lukashenko said 12,000 soldiers would move to the southern border.", "troops", "belarus"),
    ("Moscow says none of its troops will stay in Belarus after the inspection.", "troops", "russia"),
    ("Warsaw said 3,000 soldiers would be deployed to the Belarusian border.", "troops", "poland"),
    # a named side in the clause still wins
    ("The Ukrainian General Staff said 3,000 Russian troops remain in Belarus.", "troops", "russia"),
])
def test_a_reporter_is_no_owner_of_a_force_it_places_abroad(text, kind, actor):
    assert row(text, kind=kind)["actor"] == actor


@pytest.mark.parametrize("text, kind", [
    ("Moscow and Minsk said they would put 6,000 soldiers into the regional grouping.", "troops"),
    ("Lukashenko and Putin announced they would hold drills with 10,000 troops.", "troops"),
    ("Belarus and Russia insist the 5,000 troops are there only for training.", "troops"),
])
def test_two_sides_speaking_together_own_no_single_force(text, kind):
    assert row(text, kind=kind)["actor"] == ""


@pytest.mark.parametrize("text, kind, actor", [
    # an outlet or institute named after a city is no side
    ("The Kyiv Post reported that 2,000 troops had left the camp.", "troops", ""),
    ("The Minsk Herald said 800 reservists had been called up by the Belarusian army.", "troops", "belarus"),
    # the maker or vintage of hardware is not its owner
    ("Minsk keeps some 70 Russian-made T-72 tanks in reserve.", "equipment", "belarus"),
    ("Poland still flies about 20 Soviet-built MiG-29 jets.", "equipment", "poland"),
    # a past state is no side today, and the Soviet army is not today's Belarus
    ("Belarus, a former Soviet republic, fields 48,000 troops.", "troops", "belarus"),
    ("In 1944, about 1.5 million Soviet troops advanced through Belarus.", "troops", "ussr"),
    # a unit's recruits give its men's origin, not its side
    ("The Kalinouski Regiment, composed of Belarusian exiles, numbers 800 fighters.", "troops", "ukraine"),
    ("Some 400 Belarusian volunteers are fighting on Ukraine's side.", "troops", "ukraine"),
])
def test_a_name_inside_another_name_or_origin_is_no_side(text, kind, actor):
    assert row(text, kind=kind)["actor"] == actor


def test_what_a_ukrainian_speaker_calls_the_aggressor_is_the_other_side():
    text = ("Russia keeps forces in Belarus. The aggressor has up to 7,000 troops near the border, "
            "Ukraine's border service said.")
    assert row(text, kind="troops")["actor"] == "russia"


@pytest.mark.parametrize("text, actor", [
    ("Russia's defence ministry said 2,500 soldiers had arrived in Belarus for the drills.", "russia"),
    ("Lukashenko said 1,200 servicemen were already in Russia for training.", "belarus"),
])
def test_a_side_that_commands_a_force_abroad_still_owns_it(text, actor):
    assert row(text, kind="troops")["actor"] == actor


@pytest.mark.parametrize("text, actor", [
    ("Minsk and Moscow held talks on Friday; they said 6,000 troops would train together.", ""),
    ("A Vilnius-based think tank estimated that 2,000 troops were needed.", ""),
    ("The Warsaw Pact once massed 400,000 troops along the inner German border.", "warsaw pact"),
])
def test_a_pair_a_pronoun_points_to_a_base_city_and_a_bloc(text, actor):
    assert row(text, kind="troops")["actor"] == actor


@pytest.mark.parametrize("text, actor", [
    ("Latvian intelligence: some 4,000 soldiers remain in Belarus.", ""),
    ("Lukashenko: 20,000 troops will stay in Belarus.", "belarus"),  # a leader, no observer
])
def test_an_observer_credited_before_a_colon_owns_no_force_it_places_abroad(text, actor):
    assert row(text, kind="troops")["actor"] == actor
