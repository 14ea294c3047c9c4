"""Actors, modality, units and document state on made-up multi-sentence cases (issue 11)."""
from __future__ import annotations

import pytest

from belsignal.triggers import plan

from .conftest import one
from .test_context import row, rows_of


@pytest.mark.parametrize("text, where, actor", [
    # a country named as the place is not whose troops they are while another is named
    ("Russia has stationed about 9,000 soldiers in Belarus.", dict(kind="troops"), "russia"),
    ("As many as 100,000 troops were moved along the Ukrainian border by the Kremlin.", dict(kind="troops"), "russia"),
    ("Minsk's troops held drills on the territory of Poland's neighbour, near Ukraine.",
     dict(kind="exercise"), "belarus"),
    # a Ukrainian official reporting Russian troops: Russia is the actor, Ukraine the source
    ("Ukraine's border service said 3,000 Russian paratroopers had arrived near Brest.",
     dict(kind="troops"), "russia"),
    ("Kyiv alleged that Belarus is concentrating a significant number of personnel near Gomel.",
     dict(kind="troops"), "belarus"),
    # a pronoun subject of reported speech is the speaker
    ("Warsaw said on Monday it was moving 2,000 soldiers closer to the border with Belarus.",
     dict(kind="troops"), "poland"),
    # "its units": the subject's
    ("Officials say Belarus, under pressure from Moscow, is moving a number of its units north.",
     dict(kind="troops"), "belarus"),
    # blocs
    ("The CSTO will hold exercises in Kazakhstan in October.", dict(kind="exercise"), "csto"),
    ("NATO's Steadfast Defender drills begin in January.", dict(kind="exercise"), "nato"),
    # the denier is the subject before the auxiliaries, not the side the claim names
    ("Kyiv did not see any signs that Russian troops were preparing an attack, the ministry said.",
     dict(kind="denial"), "ukraine"),
    # who announced or began the exercise, in a clause of its own, though the verb also reports speech
    ("Warsaw closed two crossings after Minsk had announced its own drills.", dict(kind="exercise"), "belarus"),
    ("Vilnius stayed calm when Moscow began the drills.", dict(kind="exercise"), "russia"),
], ids=["place-in", "place-border", "place-territory", "ukrainian-source-russian-troops", "alleged-by-kyiv",
        "pronoun-speaker", "possessive-its", "csto-exercise", "nato-named-exercise", "denier-before-auxiliaries",
        "announcer-in-subordinate-clause", "beginner-in-subordinate-clause"])
def test_actor(text, where, actor):
    assert row(text, **where)["actor"] == actor


@pytest.mark.parametrize("text, where, actor", [
    ("Belarus began joint drills near Brest. Ukraine's border service said it was watching the drills closely.",
     dict(kind="exercise", text="the drills"), "belarus"),
    ("The Wagner mercenaries who moved to Belarus have largely left. Belarusian officials said several hundred "
     "of them had stayed on as instructors.", dict(kind="troops"), "russia"),
    ("Minsk called up reservists in response to NATO's Steadfast Defender, a multinational exercise.",
     dict(kind="exercise", text="Steadfast Defender, a multinational exercise"), "nato"),
    # a subject of another verb is not the drills' actor; one that holds them is
    ("Belarus began joint drills near Brest. Vilnius raised its border readiness in response to the drills.",
     dict(kind="exercise", text="the drills"), "belarus"),
    ("Belarus began joint drills near Brest. Russia also joined the drills on Monday.",
     dict(kind="exercise", text="the drills"), "russia"),
    # a country owning the stance polled is not the people polled
    ("Minsk has kept Belarus out of the fighting. Support for Russia's war fell to 10 percent in the latest "
     "wave of the survey.", dict(kind="poll"), "belarus"),
    ("About 60% of people in Ukraine reject any concessions, the poll showed.", dict(kind="poll"), "ukraine"),
], ids=["the-drills-reported-before", "of-them-previous-subject", "owner-after-in-response-to",
        "the-drills-another-verb", "the-drills-joined", "poll-stance-owner", "poll-people-in-a-country"])
def test_actor_across_sentences(text, where, actor):
    assert row(text, **where)["actor"] == actor


def test_sentence_without_actor_continues_the_row_before():
    text = ("As many as 6,000 Russian servicemen are arriving in Belarus this week. "
            "They are due to hold live-fire drills in the east of the country.")
    assert row(text, kind="exercise")["actor"] == "russia"


def test_a_paragraph_without_actor_continues_the_row_that_ends_the_paragraph_before():
    text = ("Belarus and its army are the story. Minsk said so.\n\n"
            "Thousands of Wagner mercenaries have arrived at a camp, monitors said.\n\n"
            "A column of around 60 vehicles was spotted on the highway overnight, they added.")
    assert row(text, kind="equipment")["actor"] == "russia"


def test_their_number_estimated_at_a_range_counts_the_force_before():
    text = "Thousands of Wagner mercenaries have arrived, the monitors said, estimating their number at 3,500 to 4,000."
    found = row(text, kind="troops", text="3,500 to 4,000")
    assert (found["low"], found["high"], found["qualifier"], found["actor"]) == (3500, 4000, "range", "russia")


def test_place_only_sentence_takes_the_article_actor_not_the_place():
    text = ("Russia keeps moving forces west. Russian generals inspected the units. "
            "A monitoring group said at least 40 helicopters had arrived in southern Belarus.")
    assert row(text, kind="equipment")["actor"] == "russia"


@pytest.mark.parametrize("text, where, modality", [
    # the future of reported speech is not a condition
    ("Shoigu said 300,000 reservists would be called up.", dict(kind="troops"), "asserted"),
    ("The army would have to mobilise 20,000 men.", dict(kind="troops"), "hypothetical"),
    # a hedge that governs the sentence reaches into its quotation
    ('Kyiv has alleged that Minsk is "moving some 5,000 troops" to the border.', dict(kind="troops"), "reported"),
    # who reported it: an official body asserts, a monitoring group or "reports" hedge
    ("More than 2,000 reservists were called up, the defence ministry reported.", dict(kind="troops"), "asserted"),
    ("More than 2,000 reservists were called up, the monitoring group reported.", dict(kind="troops"), "reported"),
    ("Reports also say that about 30 tanks were loaded at Orsha.", dict(kind="equipment"), "reported"),
    # "does not rule out" hedges rather than negates
    ("The spokesman did not rule out that Belarus would move a number of its units.", dict(kind="troops"),
     "hypothetical"),
    # a cancelled exercise is negated
    ("Moscow cancelled the Zapad-2023 exercises because of the war.", dict(kind="exercise"), "negated"),
    # a modal after the noun stops at punctuation
    ("The drill requires moving a significant amount of equipment, which may slow traffic.",
     dict(kind="equipment"), "asserted"),
    # a hedged noun phrase about the figure hedges it; one about something else does not
    ("The alleged concentration of 3,000 Belarusian special forces near Mozyr worries Kyiv.",
     dict(kind="troops"), "reported"),
    ("Citing a purportedly complex situation, Minsk moved 3,000 troops north.", dict(kind="troops"), "asserted"),
    # evidence that only suggests
    ("A 5,000-strong contingent of Wagner fighters has set up camp near Asipovichy, satellite images suggest.",
     dict(kind="troops"), "reported"),
    ("Lukashenko said he could mobilise up to half a million people within days.", dict(kind="troops"),
     "hypothetical"),
    ("Wagner mercenaries, some 4,000 of whom are believed to be in Belarus, train Belarusian units.",
     dict(kind="troops"), "reported"),
    # the modal of a question asked is the question's, not the answer's; inside the question it is the row's
    ("A poll came out in June. Asked whether the army should join the war, an overwhelming majority said no.",
     dict(kind="poll"), "asserted"),
    ("Asked whether Russia would send 10,000 troops, Peskov declined to comment.", dict(kind="troops"),
     "hypothetical"),
    # the size of a force that exists is a fact; one that may be formed is not
    ("Up to half of Belarus's 45,000-strong army could be sent to the border, analysts say.",
     dict(kind="troops"), "asserted"),
    ("A 5,000-strong contingent could be deployed to Belarus.", dict(kind="troops"), "hypothetical"),
    # a threat is no fact yet
    ("Minsk threatened to send 5,000 troops to the border over the closed crossings.", dict(kind="troops"),
     "hypothetical"),
], ids=["would-after-said", "would-have-to", "alleged-that", "ministry-reported", "group-reported",
        "reports-say", "not-rule-out", "cancelled", "modal-after-comma", "alleged-noun-of-figure",
        "hedged-noun-elsewhere", "images-suggest",
        "could-mobilise", "believed-to-be", "asked-whether-answer", "asked-whether-inside",
        "existing-force-size", "force-that-may-be-formed", "threatened-to"])
def test_modality(text, where, modality):
    assert row(text, **where)["modality"] == modality


@pytest.mark.parametrize("text, span, unit", [
    ("The echelon carried 14 T-72B3 tanks.", "14", "tank"),
    ("Monitors saw two Tor-M2 systems near Mozyr.", "two", "air_defence_system"),
    ("Belarus received four Su-30SM2 fighters.", "four", "aircraft"),
    ("The train also carried 12 BMP-3.", "12", "armoured_vehicle"),
    ("Locals filmed seven Urals heading south.", "seven", "truck"),
], ids=["tank", "family-over-systems", "family-over-fighters", "designator-head", "family-name"])
def test_equipment_unit_from_model_family(text, span, unit):
    assert row(text, kind="equipment", text=span)["unit"] == unit


def test_anaphoric_reference_needs_an_exercise_before_it():
    assert [r for r in rows_of("The inspection of the bridge found cracks.") if r["kind"] == "exercise"] == []
    rows = rows_of("Minsk began a snap check of combat readiness. The inspection will last three days.")
    assert [r["text"] for r in rows if r["kind"] == "exercise"] == ["snap check of combat readiness", "The inspection"]


def test_a_name_introduced_once_is_a_signal_later():
    rows = rows_of("NATO is holding Iron Lynx, a multinational exercise, in Latvia. "
     "Iron Lynx will last until June. Lynx hunting is banned.")
    exercises = [r for r in rows if r["kind"] == "exercise"]
    assert [r["text"] for r in exercises] == ["Iron Lynx, a multinational exercise", "Iron Lynx"]
    assert {r["actor"] for r in exercises} == {"nato"}


@pytest.mark.parametrize("text, expected", [
    ("Pilots of both air forces will fly in the joint drills Union Shield next spring.", ["Union Shield"]),
    ("Kazakh units joined the exercise “Slavic Brotherhood” in June.", ["Slavic Brotherhood"]),
    ("The bilateral exercise Steppe Eagle 2023 opened near Almaty.", ["exercise Steppe Eagle 2023"]),
    # a noun with another word between it and the name is a mention of its own
    ("The drills near Zapad were long.", ["The drills", "Zapad"]),
], ids=["noun-then-phrase", "noun-then-quoted-name", "noun-then-name-and-year", "not-adjacent"])
def test_an_exercise_noun_right_before_its_name_is_one_row(text, expected):
    assert [r["text"] for r in rows_of(text) if r["kind"] == "exercise"] == expected


def test_headline_words_are_not_names():
    rows = rows_of("Russia and Belarus Decrease Parameters of Zapad-2025 Joint Military Exercise\n\n"
     "Joint Military units will not join.")
    assert [r["text"] for r in rows if r["kind"] == "exercise"] == ["Zapad-2025"]


@pytest.mark.parametrize("text, where, date", [
    ("ISW noted that in Zapad-2021 roughly 4,000 paratroopers took part.", dict(kind="troops"), "2021"),
    ("Zapad-2025 drills are scheduled for September.", dict(kind="exercise"), "2025-09"),
], ids=["named-year", "month-of-named-year"])
def test_a_year_named_event_dates_its_clause(text, where, date):
    assert row(text, published="2025-05-29", **where)["date"] == date


def test_a_regex_token_triggers_a_pattern():
    key, _, before, after = plan([{"LOWER": "of"}, {"TEXT": {"REGEX": "^[A-Z]+-[0-9]+$"}}])
    assert key.startswith("<regex>") and (before, after) == (1, 0)
    key, *_ = plan([{"LOWER": {"IN": ["war-games", "drills"]}}, {"ORTH": ","}])
    assert key == "drills|war-games"  # a hyphenated word is a word, rarer than a comma


def test_a_headline_or_dateline_line_is_its_own_sentence():
    text = ("Joint drills near Brest\n"
            "Tuesday, 14 May 2024, 10:15\n"
            "Belarusian and Russian units started the drills after a long pause in exercises this spring, "
            "officials said, and the second part will follow in the summer of next year.")
    first = rows_of(text, published="2024-05-14")[0]
    assert (first["text"], first["sentence"], first["date"]) == ("Joint drills", "Joint drills near Brest", "")


def test_hard_wrapped_lines_stay_one_sentence():
    text = ("Belarus moved about 4,000 soldiers to the border with Ukraine, the defence ministry\n"
            "said on Friday, adding that the units would stay there until the end of the month at\n"
            "least and that nobody should read the move as a threat to any of the neighbours.\n")
    assert row(text, kind="troops")["sentence"].startswith("Belarus moved about 4,000 soldiers")
    assert row(text, kind="troops")["sentence"].endswith("any of the neighbours.")


def test_a_count_after_a_sentence_that_opens_with_its_time_takes_that_time():
    text = ("On 12 March, an echelon left Orsha for the south of the country. "
            "The platforms carried 14 tanks and six fuel trucks.")
    assert row(text, published="2024-04-01", kind="equipment", text="14")["date"] == "2024-03-12"
    text = "Shoigu spoke in Moscow on 12 March about the war. The platforms carried 14 tanks and six fuel trucks."
    assert row(text, published="2024-04-01", kind="equipment", text="14")["date"] == ""


def test_spacing_keeps_the_break_after_a_headline_and_joins_wrapped_lines():
    from belsignal import spacing

    text = ("Drills near Brest\nBelarusian units began the drills on Monday after a long pause, the ministry\n"
            "said, and more will follow.")
    assert spacing.normalize(text) == text.replace("ministry\nsaid", "ministry said")
    assert spacing.line_breaks(text) == [len("Drills near Brest\n")]


def test_spacing_keeps_the_break_after_a_labelled_line_even_after_a_joined_one():
    from belsignal import spacing

    text = ("Belarusian units began the drills on Monday after a long pause, the ministry said.\n"
            "Read more: Poland to send 5,000 more troops to its eastern border as the crisis grows\n"
            "The drills will last a week, and more will follow, a spokesman for the ministry said.")
    assert spacing.normalize(text) == text.replace("said.\nRead", "said. Read")
    assert spacing.line_breaks(spacing.normalize(text)) == [text.index("The drills")]


@pytest.mark.parametrize("extra, message", [
    ("    count: 1\n", "count needs anchor: number"),
    ("    anchor: number\n    count: -2\n", "count must be a number of at least 0"),
], ids=["count-without-number-anchor", "negative-count"])
def test_count_key_is_validated(tmp_path, extra, message):
    from .test_rules import GOOD, load_errors, write_rules

    errors = load_errors(write_rules(tmp_path / "r", "rules:\n" + GOOD + extra))
    assert len(errors) == 1 and message in errors[0], errors


def test_a_word_before_an_exercise_noun_is_not_a_name():
    rows = rows_of("Belarus hosted the Union State drills in May. The Union State budget grew.")
    assert [r["text"] for r in rows if r["kind"] == "exercise"] == ["State drills"]


def test_a_time_after_a_compared_figure_dates_that_figure():
    rows = rows_of("Moscow keeps about 9,000 soldiers in Belarus, down from roughly 12,000 in January, "
     "the border service said.", published="2023-03-14")
    assert [(r["text"], r["date"]) for r in rows if r["kind"] == "troops"] == [
        ("about 9,000", ""), ("roughly 12,000", "2023-01")]


def test_a_clause_after_a_colon_is_dated_by_the_clause_it_spells_out():
    rows = rows_of("Two echelons with Russian equipment arrived in Belarus on November 18: one carried 18 T-80 "
     "tanks, the other about 20 BMP-2 vehicles.", published="2022-11-20")
    assert [(r["text"], r["date"]) for r in rows] == [
        ("Two", "2022-11-18"), ("18", "2022-11-18"), ("about 20", "2022-11-18")]


def test_a_speaker_who_labels_the_drills_is_not_whose_drills_they_are():
    rows = rows_of("Belarus began joint drills with Russia near Brest on Thursday.\n\n"
     "Ukrainian President Volodymyr Zelenskyy called the drills “psychological pressure”.")
    assert [(r["text"], r["actor"]) for r in rows if r["kind"] == "exercise"] == [
        ("joint drills", "belarus"), ("the drills", "belarus")]


def test_a_time_in_a_relative_clause_about_something_else_does_not_date_a_count():
    rows = rows_of("The Allied Resolve exercise, which runs through Feb. 20, involves about 30,000 Russian troops.",
                   published="2022-02-10")
    assert one(rows, kind="troops")["date"] == ""
    rows = rows_of("About 30,000 Russian troops, who arrived on Feb. 3, are stationed near Brest.",
                   published="2022-02-10")
    assert one(rows, kind="troops")["date"] == "2022-02-03"


def test_a_country_a_force_would_infiltrate_is_not_whose_force_it_is():
    rows = rows_of("Some 4,000 Wagner mercenaries are in Belarus, Polish officials say.\n\n"
     "“They may try to infiltrate Poland posing as migrants,” the prime minister warned, adding that "
     "around 100 fighters had moved closer to the Suwalki Gap.")
    assert [(r["text"], r["actor"]) for r in rows] == [("Some 4,000", "russia"), ("around 100", "russia")]


def test_the_subject_that_denies_is_the_actor_before_a_country_in_the_claim():
    row = one(rows_of("Russia has no plans to deploy troops from Belarus, Peskov told reporters."), kind="denial")
    assert (row["actor"], row["source"]) == ("russia", "Peskov")


def test_a_country_that_denies_with_no_speaker_named_is_the_source():
    row = one(rows_of("Ukraine does not see any threat from Belarus at the moment."), kind="denial")
    assert (row["actor"], row["source"]) == ("ukraine", "Ukraine")


def test_a_poll_named_in_its_sentence_counts_its_own_countrys_people():
    rows = rows_of("According to KIIS, 84% of Ukrainians believe Belarus is an accomplice of Russia.\n\n"
     "In a survey by the Belarusian Analytical Workroom, two-thirds of respondents opposed sending "
     "troops to Ukraine.")
    assert [(r["text"], r["actor"]) for r in rows] == [("84%", "ukraine"), ("two-thirds", "belarus")]


@pytest.mark.parametrize("text, where, source, modality", [
    # present tense of wire copy and the verbs of translated official statements
    ("The monitoring project Hajun reports that some 40 Russian tanks have reached Gomel.",
     dict(kind="equipment"), "Hajun", "reported"),
    ("Minsk now claims it has moved a third of its army to the southern border.", dict(kind="troops"), "Minsk",
     "reported"),
    ("General Gulevich pointed out that 1,500 reservists had been called up for training.", dict(kind="troops"),
     "Gulevich", "asserted"),
    ("The ministry's spokesman Ivan Petrov specified that 12 aircraft will take part.", dict(kind="equipment"),
     "Ivan Petrov", "asserted"),
    # a plural noun is no verb of saying: "denying reports", "the claims"
    ("Months before the war Moscow massed 100,000 soldiers at the border, with officials denying reports that "
     "an attack was planned.", dict(kind="troops"), "", "asserted"),
    # a title word that names a body keeps its place in the name
    ("The General Staff of Ukraine said on Friday that about 12,000 Russian soldiers remain in Belarus.",
     dict(kind="troops"), "General Staff of Ukraine", "asserted"),
], ids=["reports-that", "claims", "pointed-out", "specified", "reports-as-noun", "general-staff-of"])
def test_present_tense_and_translated_attribution_verbs(text, where, source, modality):
    got = row(text, **where)
    assert (got["source"] or "", got["modality"]) == (source, modality)


def test_the_president_of_a_country_is_not_a_person_of_another_side_quoted_before():
    rows = rows_of("Analysts say Putin claims to have annexed four regions.\n\n"
     "The president of Belarus insists he will never send troops to fight in Ukraine, even as "
     "Belarusian President Alexander Lukashenko hosts Russian forces.")
    assert one(rows, kind="denial")["source"] == "Alexander Lukashenko"


@pytest.mark.parametrize("text, where, actor", [
    # forces of the war's other participants and of NATO members are theirs, not the speaker's
    ("About 10,000 North Korean soldiers are training in eastern Russia, Washington said.",
     dict(kind="troops"), "north korea"),
    ("London said the UK would send another 200 soldiers to Estonia.", dict(kind="troops"), "uk"),
    ("The Bundeswehr will station a 4,500-strong brigade in Lithuania by 2027.", dict(kind="troops"), "germany"),
    # a people named by a plural demonym not ending in -ians: the polled
    ("Almost half of Americans back more aid for Kyiv, a new survey found.", dict(kind="poll"), "usa"),
    ("About 30 per cent of Britons expect a wider war, according to a poll by a London firm.",
     dict(kind="poll"), "uk"),
], ids=["north-korean", "uk", "germany", "americans-polled", "britons-polled"])
def test_actors_beyond_the_war_s_three_sides(text, where, actor):
    assert row(text, **where)["actor"] == actor


def test_a_speaker_s_title_with_a_country_is_the_speaker_not_the_actor():
    rows = rows_of("Russia and Belarus opened ten days of joint drills on Thursday.\n\n"
     "Ukraine's foreign minister called the exercises a form of pressure.")
    got = [r for r in rows if r["kind"] == "exercise"][-1]
    # the drills of the sentence before, held by two sides together: no one side's, nor the speaker's
    assert (got["actor"], got["source"]) == ("", "Ukraine's foreign minister")


@pytest.mark.parametrize("text, actor", [
    # the observer's side does not own what it saw; the other side the passage names does
    ("The border service said it saw no sign of a strike force forming in Belarus. Its spokesman Ivan Bondar "
     "said roughly 150 tanks had been spotted near the border in recent weeks.", "belarus"),
    ("Ukrainian border guard spokesman Ivan Bondar said some 20 helicopters had been seen near Mozyr.", ""),
    # not seen but sent: the speaker's own
    ("Ukrainian border guard spokesman Ivan Bondar said 20 helicopters had been sent to Volyn.", "ukraine"),
], ids=["observed-other-side", "observed-nobody-named", "sent-own"])
def test_forces_a_speaker_observed_are_not_the_speaker_s(text, actor):
    assert (row(text, kind="equipment")["actor"] or "") == actor


def test_a_name_in_quotes_is_nobody_s_words():
    rows = rows_of("The minister has said more than once that “our soldiers will stay at home.” Minsk instead "
     "held dozens of exercises last year, among them the “Union Shield” drills.")
    named = [r for r in rows if r["kind"] == "exercise" and "Union" in r["text"]]
    assert [(r["text"], r["source"] or "") for r in named] == [("Union Shield", "")]
    assert not [r for r in rows if r["kind"] == "exercise" and r["text"] == "drills"]


def test_an_airfield_or_range_named_by_a_demonym_is_a_place():
    rows = rows_of("Moscow keeps about 9,000 soldiers in the country. Besides them, 20 combat jets remain at "
     "Belarusian airfields and 30 tanks at Belarusian training grounds.")
    assert [(r["text"], r["actor"]) for r in rows if r["kind"] == "equipment"] == [("20", "russia"), ("30", "russia")]


def test_a_denial_belongs_to_the_side_that_denies_not_the_side_its_claim_names():
    got = row("Ukraine's border service spokesman Ivan Bondar said there is currently no threat of an offensive "
              "from Belarus.", kind="denial")
    assert (got["actor"], got["source"]) == ("ukraine", "Ivan Bondar")


def test_a_denial_after_its_subject_is_judged_by_the_subjects_side_not_the_objects():
    row = one(rows_of("Peskov said Russia had no intention of attacking Ukraine from Belarus."), kind="denial")
    assert (row["text"], row["actor"], row["source"]) == ("no intention of attacking", "russia", "Peskov")


@pytest.mark.parametrize("text, kind, actor", [
    ("Kyiv says Russia may send up to 20,000 troops, Ukrainian intelligence warned. Ukraine's army is "
     "ready, Ukrainian officials said.\n\nBelarus has not mobilised any reservists, the Defence Ministry "
     "said.\n\nThe ministry said it had begun an inspection of combat readiness of mobile units.",
     "exercise", "belarus"),
    ("Ukraine's border guard spokesman Andriy Demchenko said around 1,000 Wagner fighters remain in "
     "Belarus, but Kyiv sees no immediate threat.",
     "denial", "ukraine"),
    ("Russia has withdrawn about 10,000 troops from Belarus, Kyiv said.\n\n"
     "The Belarusian Ministry of Defence, for its part, reported the start of a large-scale check of "
     "the readiness of the troops of the Western Operational Command.",
     "exercise", "belarus"),
], ids=["ministry-named-before", "denying-subject-before-source", "ministry-reports-a-check"])
def test_whose_row_it_is(text, kind, actor):
    assert one(rows_of(text), kind=kind)["actor"] == actor


@pytest.mark.parametrize("text, found", [
    ("Russia has deployed 9,000 troops to Belarus. Another 3,000 are expected next month.", True),
    # the sentence before counts hardware, not soldiers
    ("Russia has deployed 90 tanks to Belarus. Another 30 are expected next month.", False),
    # the sentence before is in another paragraph
    ("Russia has deployed 9,000 troops to Belarus.\n\nAnother 3,000 are expected next month.", False),
    # the sentence before counts soldiers with no figure ("troops" alone counts nothing)
    ("Russian troops have arrived in Belarus. Another 3,000 are expected next month.", False),
])
def test_a_figure_without_a_noun_counts_the_soldiers_the_sentence_before_counted(text, found):
    rows = [r for r in rows_of(text) if r["kind"] == "troops" and r["text"] == "3,000"]
    assert bool(rows) is found


@pytest.mark.parametrize("text, date", [
    # a dateline dates the report, not the drills in it
    ("MINSK, 12 May (BelTA) - Belarus will hold a command-post exercise, the ministry said.", ""),
    ("KYIV, Feb 10 (AFP) - Belarus is holding joint drills with Russia.", ""),
    # a time of the event after the dateline still dates it
    ("MINSK, 12 May (BelTA) - Belarus will hold a command-post exercise on 20 May, the ministry said.", "2024-05-20"),
])
def test_a_dateline_does_not_date_the_event(text, date):
    assert one(rows_of(text, published="2024-05-12"), kind="exercise")["date"] == date


def test_a_row_of_words_does_not_open_with_a_dash():
    # the exercise modifiers let in a hyphen ("large - scale"); a dash before the noun is no part of the row
    assert one(rows_of("Zelensky warned on Monday - exercises will start in September."), kind="exercise")["text"] \
        == "exercises"


def test_lines_that_are_no_article_text_make_no_rows():
    """A link to another article, a photo caption or a gallery counter carries another story's figures."""
    article = ("Belarus moved 3,000 troops to the border on Monday, the ministry said.\n"
               "Read more: Minsk says 20,000 soldiers are ready to defend the west\n"
               "1 of 5 Belarusian servicemen take part in drills near Brest. REUTERS/Ivan Petrov\n"
               "Photo: 40 Russian tanks at a training ground near Gomel.\n"
               "Related: Poland to send 5,000 more troops to its eastern border\n"
               "Belarusian units also began snap drills near Grodno.")
    rows = rows_of(article)
    assert [(r["kind"], r["text"]) for r in rows] == [("troops", "3,000"), ("exercise", "snap drills")]


def test_a_label_inside_a_line_or_a_caption_word_in_the_text_is_article_text():
    rows = rows_of("Minsk said: 2,000 troops will take part.\nThe photo showed 40 tanks near Gomel.")
    assert [r["text"] for r in rows] == ["2,000", "40"]


def test_a_share_that_says_something_names_no_source_after_it():
    """"5% said they distrusted the EU": the share is the subject, the EU what it said; the source stays
    the pollster of the survey passage."""
    text = ("About 70% of Belarusians consider Russia a friendly country, according to a survey by the "
            "Belarusian Analytical Workroom. A further 5% said they distrusted the EU.")
    r = row(text, kind="poll", text="5%")
    assert (r["source"], r["actor"]) == ("Belarusian Analytical Workroom", "belarus")


@pytest.mark.parametrize("text, source", [
    ("Hamish de Bretton-Gordon said 100,000 Russian troops were in Belarus.", "Hamish de Bretton-Gordon"),
    ("Ursula von der Leyen said 100,000 Russian troops were in Belarus.", "Ursula von der Leyen"),
    ("Russian troops in Belarus number 10,000, said Jean-Pierre Martin.", "Jean-Pierre Martin"),
])
def test_a_hyphen_or_a_particle_keeps_a_name_whole(text, source):
    assert row(text, kind="troops")["source"] == source
