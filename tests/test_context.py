"""Context columns on sentence-level cases: actor, source, modality, date, location, subject."""
from __future__ import annotations

import pytest

import belsignal
from belsignal.dates import find_times, resolve
from belsignal.documents import Document

from .conftest import one


def rows_of(article: str, published: str = "") -> list[dict]:
    return [s.to_dict() for s in belsignal.extract([Document(id="t", text=article, published=published)])]


def row(article: str, published: str = "", **where) -> dict:
    return one(rows_of(article, published), **where)


@pytest.mark.parametrize("text, where, actor", [
    ("Russian troops, about 30,000 of them, crossed into Belarus.", dict(kind="troops"), "russia"),
    ("Some 9,000 Belarusian servicemen took part.", dict(kind="troops"), "belarus"),
    ("Kyiv denied these accusations.", dict(kind="denial"), "ukraine"),
    ("Kremlin spokesman Dmitry Peskov has denied rumors of a new offensive.", dict(kind="denial"), "russia"),
    ("By August, Russia had received more than 12,000 tons of ammunition from Belarus.", dict(kind="equipment"), "belarus"),
    ("Hundreds of Belarusian exiles have formed a battalion to join the Ukrainian defense.",
     dict(kind="troops", text="Hundreds"), "ukraine"),
    ("Only 5% of Belarusians support sending troops to support Russia.", dict(kind="poll"), "belarus"),
    # Russia's forces named by a district or a word of their own
    ("The Southern Military District moved 3,000 troops to the Crimean border.", dict(kind="troops"), "russia"),
    ("Kyiv said the occupiers had brought up 40 tanks near Kherson.", dict(kind="equipment"), "russia"),
    # figures joined by "and" share the verb and where they came from
    ("Lithuania's border guard said 60 trucks and some 700 soldiers had crossed into Belarus from Russia.",
     dict(kind="equipment"), "russia"),
    # "its" names the owner before a place of departure after
    ("The Wagner Group moved 600 of its fighters from Belarus to Mali.", dict(kind="troops"), "russia"),
    # the side whose action the figure measures
    ("Minsk protested against Poland's buildup of 12,000 troops near Brest.", dict(kind="troops"), "poland"),
    ("Kyiv reported Moscow's transfer of about 25 jets to Belarus.", dict(kind="equipment"), "russia"),
    # the country a verb of giving names first is the recipient, not whose hardware it was
    ("Belarus has given Russia at least 130 T-72 tanks from storage.", dict(kind="equipment"), "belarus"),
    ("Minsk supplied Moscow with 130,000 tons of ammunition.", dict(kind="equipment"), "belarus"),
    # hardware bought is the buyer's, not its maker's
    ("Belarus has ordered 12 Chinese drones for next year.", dict(kind="equipment"), "belarus"),
    ("Poland bought 250 US-made Abrams tanks.", dict(kind="equipment"), "poland"),
    ("Minsk has purchased four Russian Su-30SM fighters.", dict(kind="equipment"), "belarus"),
], ids=["nationality-adjective", "belarusian", "capital-denies", "leader-denies", "provenance", "allegiance", "poll-population",
        "military-district", "occupiers", "coordinated-origin", "its-before-origin", "possessive-buildup",
        "possessive-transfer", "recipient-after-give", "recipient-with-supplied", "buyer-orders", "buyer-buys",
        "buyer-purchased"])
def test_actor(text, where, actor):
    assert row(text, **where)["actor"] == actor


def test_what_an_observer_records_or_calls_the_enemy_s_is_not_its_own():
    r = row("Poland's border guard recorded about 30 armoured vehicles near Grodno.", kind="equipment")
    assert r["actor"] == ""
    r = row("Kyiv's General Staff said the enemy had moved 40 tanks closer to the border.", kind="equipment")
    assert r["actor"] == ""  # what the speaker calls the enemy's is not the speaker's side


@pytest.mark.parametrize("text, where, source", [
    ("“The movement of troops is in no way connected with the war,” said Viktor Gulevich, chief of the General Staff.",
     dict(kind="denial"), "Viktor Gulevich"),
    ("Pavel Latushka said that 120,000 Russian troops would arrive.", dict(kind="troops"), "Pavel Latushka"),
    ("According to Ukraine’s deputy defence minister Hanna Malyar, Russia will place 20,000 troops in Belarus.",
     dict(kind="troops"), "Hanna Malyar"),
    ("Belarus will send 3,000 troops, Khrenin told journalists.", dict(kind="troops"), "Khrenin"),
    ("A survey found that only 3 percent of Belarusians support such an idea, according to Ryhor Astapenia.",
     dict(kind="poll"), "Ryhor Astapenia"),
    ("The Belarusian Hajun Project published video of eight T-72A tanks heading east.",
     dict(kind="equipment"), "Belarusian Hajun Project"),
    ("A Chatham House survey conducted in September found that 60 per cent of respondents opposed the war.",
     dict(kind="poll"), "Chatham House"),  # the survey's author, as for "the Chatham House poll"
    ("Defence ministry spokesman Valery Revenko called the reports “fake”.", dict(kind="denial"),
     "Valery Revenko"),
    ("The International Institute for Strategic Studies (IISS) puts Belarus's army at just under 50,000 troops.",
     dict(kind="troops"), "International Institute for Strategic Studies (IISS)"),
    # a time between the speaker and the verb is not part of the name
    ("Belarusian leader Alexander Lukashenko on Tuesday insisted his troops were not taking part in the war.",
     dict(kind="denial"), "Alexander Lukashenko"),
    ("Khrenin last week said 3,000 reservists had been called up.", dict(kind="troops"), "Khrenin"),
    ("Ukrainian border guards said 3,000 Russian troops had arrived near Gomel.", dict(kind="troops"),
     "Ukrainian border guards"),
    # a denial after ', but' with a subject of its own is that subject's
    ("Ukrainian officials reported that Belarus deployed 120,000 troops, but ISW has not observed evidence of "
     "such a deployment.", dict(kind="denial"), "ISW"),
    ("ISW continues to assess that the Belarusian army has roughly 15,000 combat-capable personnel.",
     dict(kind="troops"), "ISW"),
    # calling a claim fake is saying so
    ("The Belarusian Defence Ministry called the reports of paratroopers near Chernihiv “fake news”.",
     dict(kind="denial"), "Belarusian Defence Ministry"),
    # a body named by a direction after its marker is the body, not a person serving it
    ("The Operational Command North said Belarus had concentrated about 20,000 troops near the border.",
     dict(kind="troops"), "Operational Command North"),
    ("Security Council secretary Volfovich said 5,000 reservists were called up.", dict(kind="troops"), "Volfovich"),
    # a political camp or a party to talks is a source like a ministry
    ("According to the Belarusian opposition, about 3,000 conscripts were drafted.", dict(kind="troops"),
     "Belarusian opposition"),
    ("According to the Ukrainian side, 3,000 conscripts were drafted.", dict(kind="troops"), "Ukrainian side"),
    # an army, an air force or armed forces speak as a body does
    ("Russia launched 87 drones at Ukraine overnight, the Ukrainian air force said.", dict(kind="equipment"),
     "Ukrainian air force"),
    ("The Polish army said 2,000 troops would take part in the drills.", dict(kind="troops"), "Polish army"),
], ids=["said-X-appositive", "X-said-that", "according-to-title-name", "X-told", "named-over-survey",
        "organisation-published", "survey-subject", "denier-without-say-verb", "parenthesis",
        "time-before-verb", "last-week-before-verb", "called-it-fake", "demonym-border-guards",
        "contrasted-denier", "continues-to-assess", "body-with-direction", "person-after-body",
        "opposition", "side", "air-force-said", "army-said"])
def test_source(text, where, source):
    assert row(text, **where)["source"] == source


def test_pronoun_resolves_to_the_last_named_speaker_in_the_paragraph():
    text = ("Konrad Muzyka, an independent defence analyst, wrote that the Belarusian army is weak.\n\n"
            "The army would have to mobilise 20,000 men to reach full strength, he wrote.")
    assert row(text, kind="troops")["source"] == "Konrad Muzyka"


def test_quoted_figure_takes_the_quote_attribution():
    text = ("Viačorka said the army lacked capacity.\n\nHe said: “We don’t have the hardware. "
            "There are few combat ready troops, up to 7k, and they are not ready.”")
    r = row(text, kind="troops")
    assert (r["source"], r["actor"]) == ("Viačorka", "belarus")


def test_a_poll_figure_later_in_a_paragraph_keeps_the_pollster():
    text = ("According to a Chatham House poll in August, only 5% of Belarusians support sending troops. "
            "About 70% of Belarusians said they opposed joining the conflict.")
    assert row(text, kind="poll", value=70)["source"] == "Chatham House"


@pytest.mark.parametrize("text, where, modality", [
    ("The Kremlin is allegedly planning to place 20,000 mobilised troops in Belarus.", dict(kind="troops"), "reported"),
    ("Witnesses saw at least 28 Ural trucks near Mazyr.", dict(kind="equipment"), "reported"),
    ("According to unofficial information, 5,000 reservists were called up.", dict(kind="troops"), "reported"),
    ("A review of combat readiness is said to be under way in Minsk.", dict(kind="exercise"), "reported"),
    ("They won’t deploy 20,000 troops.", dict(kind="troops"), "negated"),
    ("Belarus has not sent 2,000 soldiers to the front.", dict(kind="troops"), "negated"),
    ("The army would have to mobilise 20,000 men to reach full strength.", dict(kind="troops"), "hypothetical"),
    ("Minsk could send 5,000 troops to the border.", dict(kind="troops"), "hypothetical"),
    ("The joint exercises may be held near Yelsk.", dict(kind="exercise"), "hypothetical"),
    ("Russia sent about 30,000 troops into Belarus.", dict(kind="troops"), "asserted"),
    ("The majority of Belarusians do not want their country to join the war.", dict(kind="poll"), "asserted"),
    ("Nearly half of Belarusians said they would prefer neutrality.", dict(kind="poll"), "asserted"),
    ("Minsk dismissed the claims as provocations.", dict(kind="denial"), "asserted"),
    # what the reporter could not check: in the sentence, after it, or in the next sentence
    ("AP could not independently verify claims that Minsk had moved 25 tanks to Brest.", dict(kind="equipment"),
     "reported"),
    ("Local channels said 900 Russian soldiers had arrived, though this could not be confirmed.", dict(kind="troops"),
     "reported"),
    ("Monitors counted 14 Russian jets at Baranovichi. The figure could not be independently verified.",
     dict(kind="equipment"), "reported"),
    # a negated verb before a second one that states the level
    ("Hajun said the Russian presence has not grown and remains at about 2,000 troops.", dict(kind="troops"),
     "asserted"),
    # a modal of another statement, before a participle
    ("Analysts said Minsk was unlikely to fight, noting that only 8,000 of its troops are ready.",
     dict(kind="troops"), "asserted"),
    # an official body's report is no hedge
    ("Latvian border guards reported that 40 Russian trucks had been seen near Daugavpils.", dict(kind="equipment"),
     "asserted"),
    # a figure in a proposition its speaker denies
    ("Minsk denied that 4,000 of its soldiers had been sent to the border.", dict(kind="troops"), "negated"),
    ("Warsaw, which denied any role, said 2,000 troops were on alert.", dict(kind="troops"), "asserted"),
    ("Vilnius denied entry to 20 Belarusian military trucks.", dict(kind="equipment"), "asserted"),
    # the next sentence's doubt is about a figure of its own
    ("Monitors counted 14 Russian jets at Baranovichi. Claims of 40 more could not be verified.",
     dict(kind="equipment", text="14"), "asserted"),
    # a modal of a relative clause is what the counted force could do, not a doubt on the count
    ("Belarus has about 70,000 reservists who could be called up within days.", dict(kind="troops"), "asserted"),
    ("About 5,000 troops could be deployed to the border.", dict(kind="troops"), "hypothetical"),
    # a modal in a poll's stance before its figure is what the people polled think
    ("The share of Belarusians who think Belarus should stay neutral has held at around 40%, the survey found.",
     dict(kind="poll"), "asserted"),
], ids=["allegedly", "witnesses", "unofficial-information", "is-said-to", "won't", "has-not", "would-have-to",
        "could", "may-after", "plain", "poll-stance-negation", "poll-stance-modal", "denied-claim-hedge",
        "could-not-verify", "could-not-be-confirmed", "next-sentence-unverified", "negated-then-level",
        "modal-before-participle", "official-guards-reported", "denied-proposition", "denial-of-another-clause", "denied-entry", "next-sentence-own-figure",
        "relative-clause-modal", "modal-after-count", "poll-stance-modal-before"])
def test_modality(text, where, modality):
    assert row(text, **where)["modality"] == modality


@pytest.mark.parametrize("expression, published, date", [
    ("In November 2021", "", "2021-11"),
    ("In November 2021", "2024-06-19", "2021-11"),
    ("late February", "2024-06-19", "2024-02"),
    ("late February", "", ""),
    ("at the end of September", "2024-06-19", "2023-09"),
    ("on Tuesday", "2024-06-19", "2024-06-18"),
    ("on Wednesday", "2024-06-19", "2024-06-19"),
    ("on Tuesday", "", ""),
    ("on 24/2", "2023-12-06", "2023-02-24"),
    ("last month", "2024-06-19", "2024-05"),
    ("last month", "", ""),
    ("last week", "2024-03-12", "2024-03"),
    ("on 10 October 2022", "", "2022-10-10"),
    ("in 2019-2020", "", "2019"),
    ("between November 2022 and February 2023", "", "2022-11"),
], ids=lambda v: str(v))
def test_date_resolution_keeps_the_texts_precision(expression, published, date):
    assert [t.text for t in find_times(f"It happened {expression}.")] == [expression]
    assert resolve(expression, published) == date


def test_date_of_a_signal_comes_from_its_clause_and_the_published_date():
    text = "At the end of September, the Ministry of Defence announced a sudden check of combat readiness."
    r = row(text, published="2024-06-19", kind="exercise")
    assert (r["date"], r["date_text"]) == ("2023-09", "At the end of September")
    no_base = row(text, kind="exercise")
    assert (no_base["date"], no_base["date_text"]) == ("", "At the end of September")


def test_statement_date_of_another_clause_does_not_date_a_figure():
    text = ("On 29 September, Pavel Latushka said that Lukashenka had agreed to receive 120,000 Russian troops "
            "between November 2022 and February 2023, and 100,000 Belarusians would allegedly be called up.")
    rows = rows_of(text, "2024-06-19")
    assert one(rows, value=120000)["date"] == "2022-11"
    assert one(rows, value=100000)["date"] == ""


@pytest.mark.parametrize("text, where, date", [
    ("The army said on Tuesday that 2,000 reservists would be called up from 10 to 24 October.",
     dict(kind="troops"), "2024-10-10"),
    ("Kyiv told journalists on Wednesday that 12 tanks had crossed the border on Sunday.",
     dict(kind="equipment"), "2024-07-07"),
    ("On Thursday, the Polish ministry announced that exercises with 4,000 soldiers would be held on 2 September.",
     dict(kind="troops"), "2024-09-02"),
    # the time of the statement is the only one: it stays
    ("Minsk said on Friday that 3,000 soldiers had been moved to the border.", dict(kind="troops"), "2024-07-12"),
    # a sentence that opens with the event's own time
    ("On Monday, 500 paratroopers landed near Brest after drills in May, Kyiv said.", dict(kind="troops"),
     "2024-07-08"),
    # what has happened, in the month after the publication: last year's
    ("About 400 Russian paratroopers arrived in Brest in late August.", dict(kind="troops"), "2023-08"),
    ("Russia will send 400 paratroopers to Brest in late August.", dict(kind="troops"), "2024-08"),
    ("Minsk said in May that 400 Russian paratroopers were to arrive in August.", dict(kind="troops"), "2024-08"),
    # what is to come is after the statement, not after the publication
    ("On 3 March the ministry said 1,000 troops would arrive on 20 March.", dict(kind="troops"), "2024-03-20"),
], ids=["said-on-day", "told-on-day", "opening-statement-day", "only-statement-day", "opening-event-day",
        "past-event-next-month", "coming-event-next-month", "future-in-the-past", "future-of-statement"])
def test_a_figure_is_dated_by_its_event(text, where, date):
    """Not by the statement's time; what happened is not read as upcoming, what is to come is counted
    from the statement."""
    assert row(text, "2024-07-12", **where)["date"] == date


def test_background_years_are_not_event_dates():
    r = row("Lukashenko, in power since 1994, denied any plans to send troops.", kind="denial")
    assert r["date"] == "" and r["date_text"] == ""


@pytest.mark.parametrize("text, where, location", [
    ("Belarus held large-scale military exercises near the border with Poland and Ukraine.",
     dict(kind="exercise"), "border with Poland and Ukraine"),
    ("The joint exercises may be held in the city of Yelsk.", dict(kind="exercise"), "Yelsk"),
    ("The ministry announced a sudden check of combat readiness at a large air base in Machulishchi.",
     dict(kind="exercise"), "Machulishchi"),
    ("Only 5% of Belarusians support sending troops to Ukraine.", dict(kind="poll"), ""),
])
def test_location(text, where, location):
    assert row(text, **where)["location"] == location


@pytest.mark.parametrize("text, where, subject", [
    ("So far the 48,000-man-strong Belarusian military is standing pat.", dict(kind="troops"), "Belarusian military"),
    ("A survey found that only 3 percent of Belarusians support such an idea, according to Ryhor Astapenia.",
     dict(kind="poll"), "support such an idea"),
    ("Kremlin spokesman Dmitry Peskov has denied rumors that Putin wants Belarus in the war.",
     dict(kind="denial"), "rumors that Putin wants Belarus in the war"),
    ("Belarus held large-scale military exercises near the border.", dict(kind="exercise"), "large-scale military exercises"),
])
def test_subject(text, where, subject):
    assert row(text, **where)["subject"] == subject


@pytest.mark.parametrize("text", [
    "The Belarusian army, estimated at 48,000 troops, is small.",
    "The Wagner group, estimated at 8,000 fighters, stayed in Belarus.",
])
def test_what_a_set_off_estimate_tells_of_is_not_its_source(text):
    assert row(text, kind="troops")["source"] in ("", None)


def test_an_estimate_after_an_aside_still_has_its_speaker():
    assert row("Hajun, in a new post, estimated at least 500 Russian soldiers had arrived.", kind="troops")["source"] \
        == "Hajun"


def test_whoever_gives_the_order_is_the_source():
    text = "Lukashenka has already given the order to receive and deploy more than one thousand Russian troops."
    assert row(text, kind="troops")["source"] == "Lukashenka"


@pytest.mark.parametrize("text", [
    "", "troops", "of the Belarusian army", "Belarusian troops in the", "troops, and", "“Zapad” drills.",
    "the", " of", "OF THE ARMY", "army iſ", "ıs army", "İn the army", "army-of", "(troops)", "troops\u00a0",
])
def test_subject_edges_are_trimmed_as_the_edge_regex_trims_them(text):
    """The subject's edges are trimmed with the regex only where an end may hold an edge; the result
    is the regex's everywhere (in any case, and in letters IGNORECASE folds)."""
    from belsignal.context import _SUBJECT_EDGES, _trim_edges

    assert _trim_edges(text) == _SUBJECT_EDGES.sub("", text)


@pytest.mark.parametrize("text, where, actor", [
    # the exercise's host country, not the country whose office speaks about it
    ("Latvia's foreign minister said the military exercises in Belarus were a provocation.",
     dict(kind="exercise"), "belarus"),
    ("The Ukrainian General Staff said joint exercises in Belarus were continuing.", dict(kind="exercise"), "belarus"),
    ("Poland's defence ministry said the drills in Belarus involved about 2,000 troops.", dict(kind="troops"), "belarus"),
    # ... unless the speaker talks of its own forces or another side is named as holding it
    ("Poland said its soldiers would hold exercises in Lithuania.", dict(kind="exercise"), "poland"),
    ("Ukraine's border service said Russian troops held exercises in Belarus.", dict(kind="exercise"), "russia"),
    ("Poland's defence minister said NATO exercises in Poland would begin soon.", dict(kind="exercise"), "nato"),
    ("The German army said the exercises in Lithuania involved 800 soldiers.", dict(kind="exercise"), "germany"),
    # a country reacting to an exercise does not hold it
    ("Lithuania raised its readiness in response to the exercises in Belarus.", dict(kind="exercise"), "belarus"),
    ("Poland moved extra border guards to the frontier because of the drills in Belarus.",
     dict(kind="exercise"), "belarus"),
    ("Latvia put its army on alert ahead of the military exercises in Belarus.", dict(kind="exercise"), "belarus"),
    ("Belarusian troops will take part in exercises in Russia next month.", dict(kind="exercise"), "belarus"),
    # a country named only by its border is a place, not the owner of the force
    ("Exercises near the Ukrainian border.", dict(kind="exercise"), ""),
    ("Snap drills near the border with Ukraine.", dict(kind="exercise"), ""),
    ("Exercises along the Latvian border began on Monday.", dict(kind="exercise"), ""),
    # a poll's actor is the people polled, not the country the question names
    ("Asked about closer ties with the EU, 41% of Poles said yes, a new poll found.", dict(kind="poll"), "poland"),
    ("Asked whether they want to join the EU, 54% said yes, according to a poll by Rating.", dict(kind="poll"), ""),
    ("Support for joining NATO rose to 64% in Finland, a poll for a Helsinki newspaper showed.",
     dict(kind="poll"), "finland"),
    ("A poll conducted in Armenia found that 35 percent of respondents want the country to leave the CSTO.",
     dict(kind="poll"), "armenia"),
])
def test_actor_is_not_a_speaker_a_reacting_side_a_border_or_a_question(text, where, actor):
    assert row(text, **where)["actor"] == actor


@pytest.mark.parametrize("text, actor", [
    # hardware that changes hands is the supplier's row, whichever side the sentence opens with
    ("Belarus received four Su-30SM fighters from Russia in May.", "russia"),
    ("Minsk got 12 Yak-130 jets from Moscow.", "russia"),
    ("Russia delivered four Su-30SM fighters to Belarus.", "russia"),
    ("By August, Russia had received more than 60 T-72 tanks from Belarus.", "belarus"),
    # with no supplier named, the side that has it
    ("Belarus's air force received four Su-30SM fighters.", "belarus"),
    ("Belarus has bought four Su-30SM fighters this year.", "belarus"),
])
def test_transferred_hardware_belongs_to_its_supplier(text, actor):
    assert row(text, kind="equipment")["actor"] == actor


@pytest.mark.parametrize("text, kind", [
    # two sides joined into one force or exercise: no one side's
    ("About 9,000 Russian and Belarusian troops took part in the exercises.", "troops"),
    ("The joint Belarusian-Russian grouping numbers about 9,000 troops.", "troops"),
    ("The regional grouping of forces of Belarus and Russia includes up to 9,000 servicemen.", "troops"),
    ("About 800 paratroopers from Belarus and Russia landed near Brest.", "troops"),
    ("Belarus and Russia will hold joint exercises in September.", "exercise"),
])
def test_a_force_of_two_sides_together_has_no_single_actor(text, kind):
    assert row(text, kind=kind)["actor"] == ""


@pytest.mark.parametrize("text, kind, actor", [
    ("Poland and Lithuania protested as Belarus moved 5,000 troops to the border.", "troops", "belarus"),
    ("Russian troops and 3,000 Belarusian soldiers took part.", "troops", "belarus"),
    ("Some 2,000 troops from Russia arrived in Belarus.", "troops", "russia"),
])
def test_sides_named_apart_keep_their_own_rows(text, kind, actor):
    assert row(text, kind=kind)["actor"] == actor


@pytest.mark.parametrize("text, actor", [
    # 'its'/'their' with no side in its own clause points back to the side the sentence before opened with
    ("Moscow has been building up its presence in Belarus. Its troops there now number around 9,000, "
     "Ukrainian officials say.", "russia"),
    ("Minsk has mobilised its army. Their number is put at about 45,000 soldiers, Lithuanian officials say.",
     "belarus"),
])
def test_a_possessive_pronoun_points_back_to_the_side_named_before(text, actor):
    assert row(text, kind="troops")["actor"] == actor


@pytest.mark.parametrize("text, actor", [
    # whom a speaker tells owns nothing of what is said
    ("Russian Defence Minister Andrei Belousov told his Belarusian counterpart that 3,000 more troops would arrive.",
     "russia"),
    ("Lukashenko told Putin that Belarus would send 5,000 troops.", "belarus"),
])
def test_the_listener_of_a_statement_is_not_its_actor(text, actor):
    assert row(text, kind="troops")["actor"] == actor


@pytest.mark.parametrize("text, kind, actor", [
    # a side that moves its force out of a country owns it; "from X" is where it leaves
    ("Ukraine says Russia has moved 10,000 soldiers from Belarus to the Kursk region.", "troops", "russia"),
    ("Russia transferred 30 Su-25 aircraft from Belarus to Crimea.", "equipment", "russia"),
    # a force coming in with no side moving it is from where it comes
    ("Lithuania's border guard said some 700 soldiers moved in from Russia.", "troops", "russia"),
])
def test_a_force_moved_out_of_a_country_is_the_mover_s(text, kind, actor):
    assert row(text, kind=kind)["actor"] == actor


@pytest.mark.parametrize("text, kind, actor", [
    # joining a force is no allegiance to its side
    ("About 2,000 Russian paratroopers joined 5,000 Belarusian soldiers.", "troops", "russia"),
    # three sides together are no one side's either
    ("The drills involve Belarusian, Russian and Kazakh troops.", "exercise", ""),
])
def test_joined_forces_keep_their_own_sides(text, kind, actor):
    assert [r["actor"] for r in rows_of(text) if r["kind"] == kind][0] == actor


@pytest.mark.parametrize("text, actor", [
    # who spots a force is not its owner, speaking or not; the other side the passage names is
    ("Ukrainian border guards spotted about 200 soldiers near the border in Belarus.", "belarus"),
    ("Ukrainian border guards spotted about 200 Russian soldiers near the border.", "russia"),
])
def test_an_observer_that_is_no_speaker_does_not_own_what_it_sees(text, actor):
    assert row(text, kind="troops")["actor"] == actor
