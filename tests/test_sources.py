"""The source column and survey passages on made-up articles in the styles of real news:
who is reported as saying or measuring each signal, and which survey a share belongs to."""
from __future__ import annotations

import pytest

import belsignal
from belsignal.documents import Document


def rows_of(article: str) -> list[dict]:
    return [s.to_dict() for s in belsignal.extract([Document(id="t", text=article)])]


def sources(article: str, kind: str) -> list[tuple[str, str]]:
    return [(r["text"], r["source"]) for r in rows_of(article) if r["kind"] == kind]


SURVEY = """\
New poll: Belarusians still wary of the war

Between May 2 and 12, the Minsk Centre for Social Research conducted its fourth telephone survey of adults.

According to that poll, 38 percent of Belarusians oppose any role in the war, whereas 21 percent back it. \
"Fear is the main factor," explains Ivan Petrov, who runs the surveys for the centre.

Most respondents, including many who trust state television, think the war will hurt the economy. \
Only 7 percent favour sending troops.

For comparison, according to a March survey conducted in Ukraine, only 12 percent of Ukrainians now \
trust Belarusians.
"""


def test_every_share_of_a_survey_gets_its_pollster_and_a_new_survey_starts_afresh():
    assert sources(SURVEY, "poll") == [
        ("38 percent", "Minsk Centre for Social Research"),  # "that poll": the survey named before
        ("21 percent", "Minsk Centre for Social Research"),
        ("Most respondents", "Minsk Centre for Social Research"),  # no poll word here; the organisation
        ("Only 7 percent", "Minsk Centre for Social Research"),  # over the person quoted about it
        ("only 12 percent", ""),  # "a March survey conducted in Ukraine": another survey, unnamed
    ]


@pytest.mark.parametrize("text, pollster", [
    ("The survey, conducted by the Minsk Centre among 1,000 adults, showed that 17% backed sending troops.",
     "Minsk Centre"),
    ("The poll was carried out in early March by Rating Group. It found that 60% of respondents back talks.",
     "Rating Group"),
    ("Results of the study published by the Kyiv Institute suggest that 45 percent of Ukrainians expect a long war.",
     "Kyiv Institute"),
    ("Chatham House's latest survey shows only 5% of Belarusians want their army to fight. Another 62% oppose it.",
     "Chatham House"),
    # the survey's own phrase before "conducted" is the study, not its author
    ("In the Minsk Centre's latest survey, conducted in March, 44% of respondents named Russia as the main threat.",
     "Minsk Centre"),
    ("A Rating Group survey conducted in late May found that 73% of Ukrainians distrust Minsk.", "Rating Group"),
    ("The latest wave of the Minsk Centre tracker shows 55% of Belarusians are against the war.", "Minsk Centre"),
    # where the survey polled is not who ran it
    ("A telephone poll of 1,200 adults in Ukraine found that 61% trust the army.", ""),
], ids=["conducted-by", "carried-out-by", "published-by", "owner-of-a-survey", "owners-survey-conducted",
        "named-survey-conducted", "tracker", "country-polled"])
def test_the_author_of_a_survey_is_the_source_of_its_shares(text, pollster):
    assert {s for _, s in sources(text, "poll")} == {pollster}


def test_the_actor_of_a_poll_row_is_the_polled_people():
    actors = [(r["text"], r["actor"]) for r in rows_of(SURVEY) if r["kind"] == "poll"]
    assert actors == [("38 percent", "belarus"), ("21 percent", "belarus"), ("Most respondents", "belarus"),
                      ("Only 7 percent", "belarus"), ("only 12 percent", "ukraine")]
    text = ("A survey by the Minsk Centre asked Belarusians about the war.\n\n"
            "Some 61% of respondents opposed any help for Russia.")
    assert [r["actor"] for r in rows_of(text) if r["kind"] == "poll"] == ["belarus"]


def test_a_stance_share_outside_any_survey_is_no_poll():
    text = "Prices climbed 9% this year. Some 40% of the increase worried economists, officials said."
    assert sources(text, "poll") == []


def test_a_cited_sociologist_presents_the_figures_of_an_unnamed_study():
    text = ("The sociologist referred to a telephone study carried out in May.\n\n"
            "At the same time, 48% of respondents opposed the deployment.\n\n"
            "\"The numbers have not moved,\" said Petrov.\n\n"
            "The sociologist also noted that 30% approve of it.")
    assert sources(text, "poll") == [("48%", "Petrov"), ("30%", "Petrov")]


@pytest.mark.parametrize("text, kind, expected", [
    # a label line after the lead names the source of the whole report, "citing" whom it relays
    ("Russian units moved 40 tanks to the south of Belarus, a monitoring group reported on Friday.\n"
     "Source: Belarus Watch on Telegram\nThe platforms carried 12 tanks and six trucks.",
     "equipment", [("40", "Belarus Watch"), ("12", "Belarus Watch"), ("six", "Belarus Watch")]),
    ("Minsk is preparing drills with 5,000 troops near the border this summer.\n"
     "Source: Channel 5, citing Volodymyr Zelensky's remarks in Vilnius\nThe troops will stay until May.",
     "troops", [("5,000", "Volodymyr Zelensky")]),
], ids=["source-line", "source-line-citing"])
def test_source_label_lines(text, kind, expected):
    assert sources(text, kind) == expected


def test_a_label_right_under_the_headline_credits_the_outlet_not_the_facts():
    text = "Belarus moves troops\n\nSource: Minsk Daily (translated)\n\nAbout 2,000 soldiers moved south."
    assert sources(text, "troops") == [("About 2,000", "")]


@pytest.mark.parametrize("text, expected", [
    ("Russia's Ministry of Defence released footage of joint exercises. According to the MoD, the battalion "
     "drills involved 1,500 troops.", "Ministry of Defence"),
    ("Belarus cut its drills, according to the Institute for the Study of War (ISW). ISW said some 4,000 troops "
     "had left.", "Institute for the Study of War (ISW)"),
], ids=["acronym", "acronym-introduced"])
def test_acronyms_are_spelled_out_from_the_text(text, expected):
    assert [s for _, s in sources(text, "troops")] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("A monitoring group says 3,000 fighters have arrived. The independent group Belarus Watch counts "
     "trains at the border, and it says 200 more fighters came on Monday.", ["Belarus Watch", "Belarus Watch"]),
    ("Belarus scaled back its drills, according to the Institute for the Study of War (ISW). Analysts "
     "believe that most of the 8,000 troops have left.", ["Institute for the Study of War (ISW)"]),
    ("If Belarus joined, analysts say, it could send only 5,000 soldiers.", ["analysts"]),
    ("Belarusian opposition monitors estimate that 2,000 fighters remain.", ["Belarusian opposition monitors"]),
], ids=["introduced-then-named", "analysts-of-the-cited-institute", "analysts-in-general", "described-speakers"])
def test_vague_speakers_take_the_source_the_text_names_for_them(text, expected):
    assert [s for _, s in sources(text, "troops")] == expected


@pytest.mark.parametrize("text, expected", [
    # "He" is the subject of the previous report, not the last name it mentions
    ("Lukashenko said Putin had called him. He also said that 9,000 Russian troops would come.", "Lukashenko"),
    ("Andrii Demchenko said the border was calm. The spokesperson noted that 2,000 troops had moved.",
     "Andrii Demchenko"),
    ("The president of Belarus insists he will send 5,000 troops. Belarusian President Alexander Lukashenko "
     "spoke in Minsk.", "Alexander Lukashenko"),
    ("Khrenin told reporters the drills were over. \"We will send 3,000 troops home,\" the BelTA agency "
     "quoted him as saying.", "Khrenin"),
    ("Some 3,000 Russian troops arrived in Belarus, Lukashenko's press service said on Monday.",
     "Lukashenko's press service"),
    ("Despite officials of both countries denying it, 2,000 troops crossed, the border guard service said.",
     "border guard service"),
    # an acronym named before is a body that "the institute" refers back to, not a person
    ("ISW assessed that an attack is unlikely.\n\nThe institute noted that Russian forces in Belarus number "
     "fewer than 1,000 personnel.", "ISW"),
], ids=["pronoun", "role-anaphor", "role-holder", "quoted-him", "owner-of-a-service", "service-without-owner",
        "acronym-body"])
def test_who_a_report_refers_to(text, expected):
    assert [s for _, s in sources(text, "troops")] == [expected]


def test_a_relative_clause_between_subject_and_verb_is_passed_over():
    text = "The Conflict Research Team (CRT), which is made up of volunteers, has said that 300 tanks are there."
    assert [s for _, s in sources(text, "equipment")] == ["Conflict Research Team (CRT)"]


def test_a_quote_left_open_at_the_end_of_a_paragraph_goes_on():
    text = ("Quote from Motuzianyk: \"There are up to seven battalions on the border. That is about 4,000 "
            "personnel.\n\n\"We see them every day.\"")
    assert sources(text, "troops") == [("up to seven", "Motuzianyk"), ("about 4,000", "Motuzianyk")]


@pytest.mark.parametrize("text, denial", [
    ("Lukashenko said on Thursday that his military is not taking part in the operation.", True),
    ("Khrenin: Belarusian army has no plans to attack anyone\n", True),  # a headline's speaker before a colon
    ("Update: Belarus will not send troops to Ukraine\n", False),  # a label is no speaker
    ("\"Belarus will not send its army,\" said Ivan Sidorov, a retired colonel and former commander.", False),
    ("\"They are not going to send a large force,\" the former minister said of Minsk.", False),
    ("Belarusian troops have not crossed the border since the spring.", False),
    ("But the leader has not joined the war directly, at times saying the invasion was dragging on.", False),
], ids=["own-side", "colon-headline", "label", "commentator", "third-party-forecast", "no-speaker",
        "participle-added-later"])
def test_a_denial_needs_a_party_speaking_for_its_own_side(text, denial):
    assert bool(sources(text, "denial")) is denial


@pytest.mark.parametrize("sentence, source", [
    # the relative clause belongs to the figure, and the verb has a subject of its own
    ("Some 2,500 troops and 300 pieces of equipment take part in the drills, which run until Friday at "
     "ranges in the Gomel region, the ministry said.", "ministry"),
    ("The drills, which will last a week, involve 3,000 troops, the defence ministry said.", "defence ministry"),
    # the relative clause stands between the speaker and the verb, with or without its closing comma
    ("The Conflict Intelligence Team, which is made up of volunteers, has said about 3,000 Russian troops arrived.",
     "Conflict Intelligence Team"),
    ("The Conflict Intelligence Team, which is made up of independent researchers has said about 3,000 Russian "
     "troops arrived.", "Conflict Intelligence Team"),
])
def test_a_relative_clause_hands_the_verb_the_right_subject(sentence, source):
    assert {s for _, s in sources(sentence, "troops")} == {source}


@pytest.mark.parametrize("sentence, source", [
    ("Some 3,000 troops have arrived, the defence ministry in Minsk said.", "defence ministry"),
    ("The embassy in Warsaw said 3,000 troops had arrived.", "embassy"),
    ("The state border committee said 3,000 troops had arrived.", "state border committee"),
])
def test_a_body_named_by_its_seat_is_the_speaker_not_the_city(sentence, source):
    assert {s for _, s in sources(sentence, "troops")} == {source}


@pytest.mark.parametrize("sentence, source", [
    ("About 5,000 troops arrived in Belarus, said the Ministry of Defence.", "Ministry of Defence"),
    ("About 5,000 troops arrived in Belarus, said the Ministry of Foreign Affairs on Monday.",
     "Ministry of Foreign Affairs"),
    ("About 5,000 troops arrived in Belarus, said the Chief of the General Staff.", "Chief of the General Staff"),
    ("About 5,000 troops arrived in Belarus, said the Minister of Defence.", "Minister of Defence"),
    ("About 5,000 troops arrived in Belarus, the ministry said.", "ministry"),
    ("The Minister of Defence said about 5,000 troops had arrived in Belarus.", "Minister of Defence"),
    ("The Ministry of Defence said about 5,000 troops had arrived in Belarus.", "Ministry of Defence"),
    ("The Defence Minister said about 5,000 troops had arrived in Belarus.", "Defence Minister"),
    ("However President said about 5,000 troops had arrived in Belarus.", ""),  # a sentence opener is no office
    # a role after the verb: the body it is of, when named
    ("About 5,000 troops arrived in Belarus, said a spokesman for the Ministry of Defence.", "Ministry of Defence"),
    ("About 5,000 troops arrived in Belarus, said the head of the State Border Guard Service.",
     "State Border Guard Service"),
    ("About 5,000 troops arrived in Belarus, said the head of the department.", "head"),
    # a role of something unnamed as the subject: the role
    ("The head of state stressed that about 5,000 troops had arrived in Belarus.", "head of state"),
    ("The chief of the general staff said about 5,000 troops had arrived in Belarus.", "chief of the general staff"),
    # an office of a country, then the person: the person
    ("President of Russia Vladimir Putin said about 5,000 troops had arrived in Belarus.", "Vladimir Putin"),
])
def test_a_title_or_body_named_through_a_preposition_is_the_speaker(sentence, source):
    assert {s for _, s in sources(sentence, "troops")} == {source}


@pytest.mark.parametrize("article, source", [
    # the passive agent of a verb of saying, in the sentence or in the next one pointing back
    ("Up to 10,000 Russian troops are in Belarus, as stated by the border service.", "border service"),
    ("The figure of 10,000 troops was confirmed by the State Border Guard Service.", "State Border Guard Service"),
    ("There are up to 10 thousand Russian servicemen in Belarus. This was reported by the General Staff.",
     "General Staff"),
    ("Some 10,000 troops are in Belarus. This is stated in the report of the Institute for the Study of War.",
     "Institute for the Study of War"),
    # a role named before the person: the person
    ("Up to 10,000 Russian troops are in Belarus. This was stated by the commander of the Joint Forces, "
     "Ivan Petrenko, in an interview.", "Ivan Petrenko"),
    ("Up to 10,000 Russian troops are in Belarus, according to the spokesman of the border service, Ivan Petrenko.",
     "Ivan Petrenko"),
])
def test_passive_agents_and_pointing_back(article, source):
    assert {s for _, s in sources(article, "troops")} == {source}


def test_a_sentence_pointing_back_speaks_only_for_the_sentence_before_it_in_its_paragraph():
    article = ("About 5,000 Russian troops are in Belarus.\n\nThis was reported by the General Staff.\n\n"
               "Some 3,000 troops arrived. It was a cold day, the farmer said.")
    assert sources(article, "troops") == [("About 5,000", ""), ("Some 3,000", "")]


@pytest.mark.parametrize("sentence, source", [
    ("According to the defence ministry, up to 10,000 Russian troops are in Belarus.", "defence ministry"),
    ("According to the Belarusian defence ministry, up to 10,000 Russian troops are in Belarus.",
     "Belarusian defence ministry"),
    ("Up to 10,000 Russian troops are in Belarus, according to the border service.", "border service"),
    ("According to Hajun, up to 10,000 Russian troops are in Belarus.", "Hajun"),
])
def test_according_to_a_body_with_or_without_a_name(sentence, source):
    assert {s for _, s in sources(sentence, "troops")} == {source}


def test_one_organisation_cited_under_a_longer_and_a_shorter_name_is_the_most_cited():
    article = ("Ten Russian helicopters left Belarus, according to the Belarusian Hajun project.\n\n"
               "Belarusian Hajun noted that the aircraft flew east. \"Only one helicopter is left,\" Telegram wrote, "
               "adding that 300 troops had also left.")
    assert sources(article, "troops") == [("300", "Belarusian Hajun")]


def test_a_share_of_unnamed_respondents_belongs_to_the_pollsters_country():
    article = ("A survey by the Belarusian Analytical Workroom showed that 9.5% of respondents support the "
               "participation of the Belarusian army in the war.")
    [row] = [r for r in rows_of(article) if r["kind"] == "poll"]
    assert (row["actor"], row["source"]) == ("belarus", "Belarusian Analytical Workroom")


@pytest.mark.parametrize("sentence, source", [
    # a name joined by a preposition and "the"
    ("Analysts at the Institute for the Study of War estimated that Russia has 10,000 troops in Belarus.",
     "Institute for the Study of War"),
    ("The Ministry of the Interior said 3,000 troops had arrived.", "Ministry of the Interior"),
    ("Lukashenko and the Kremlin said 3,000 troops had arrived.", "Kremlin"),
    # 'put' attributes a figure only when it sets it at one
    ("NATO has put 40,000 troops under its direct command, Jens Stoltenberg said.", "Jens Stoltenberg"),
    ("Analysts put the total number of Russian troops in Belarus at about 9,000.", "Analysts"),
    # the speaker after the verb ends before a date
    ('"We have 9,000 troops in Belarus," said Viktor Gulevich on Tuesday.', "Viktor Gulevich"),
    ("Some 9,000 troops are in Belarus, said the Belarusian Hajun project.", "Hajun"),
])
def test_names_joined_by_the_verbs_that_only_sometimes_attribute_and_speakers_before_a_date(sentence, source):
    assert {s for _, s in sources(sentence, "troops")} == {source}


def test_a_name_given_to_an_exercise_is_no_speaker():
    assert sources("Belarus will stage war games with Russia dubbed Union Courage-2022 later this month.",
                   "exercise") == [("war games", "")]
    assert sources("Lukashenko dubbed the reports of 20,000 troops at the border a provocation.",
                   "troops") == [("20,000", "Lukashenko")]


def test_a_name_after_said_that_has_a_verb_of_its_own_is_what_was_said():
    article = ("A Chatham House survey was published in May. "
               "Most Belarusians polled - about 60 percent - said Minsk should remain neutral.")
    assert sources(article, "poll") == [("about 60 percent", "Chatham House")]


@pytest.mark.parametrize("sentence", [
    "Unconfirmed reports suggest that 1,000 Russian paratroopers landed in Belarus.",
    "Several reports say 1,000 Russian paratroopers landed in Belarus.",
])
def test_a_hedge_or_quantifier_opening_the_sentence_is_no_speaker(sentence):
    assert sources(sentence, "troops") == [("1,000", "")]


@pytest.mark.parametrize("line, source", [
    ("14:32 – Belarus moves 3 battalions to the Ukrainian border – Ukrainian General Staff\n", "Ukrainian General Staff"),
    ("• Around 1,000 Russian troops remain in Belarus (Hajun)\n", "Hajun"),
    ("About 2,000 Russian troops arrived in Gomel (Belarus)\n", ""),  # a place, not a credit
    ("About 2,000 Russian troops arrived in Gomel (VIDEO)\n", ""),
    ("About 2,000 Russian troops arrived (Hajun) and more are coming, officials said.\n", "officials"),
    # a hyphen set off by spaces is a dash; a body may end in a lower-case source noun
    ("Russia pulls 2,000 troops out of Belarus - Hajun\n", "Hajun"),
    ("Russia moving 5,000 troops to Belarus — Ukrainian intelligence\n", "Ukrainian intelligence"),
    ("About 2,000 troops are at the Obuz-Lesnovsky range\n", ""),  # a hyphen inside a name
])
def test_a_credit_closing_a_line_is_the_source(line, source):
    assert [s for _, s in sources(line, "troops")] == [source]


def test_a_role_owned_by_the_side_that_denies_is_its_source_and_the_side_its_actor():
    [row] = [r for r in belsignal.extract(["Belarus will not send troops to Ukraine, its defence minister has said."])
             if r.kind == "denial"]
    assert (row.source, row.actor) == ("defence minister", "belarus")


@pytest.mark.parametrize("article, source", [
    # 'he said' after a sentence whose subject is a person who does not speak in it
    ("Viktor Karpenkov inspected the garrison in Lida on Monday. “Our army will not go anywhere,” he said.",
     "Viktor Karpenkov"),
    ("Belarusian President Alexander Lukashenko toured a factory in Gomel.\n\n"
     "“Belarus will never attack its neighbours,” he told workers.", "Alexander Lukashenko"),
    # a body that opens the sentence before is no 'he'
    ("The Belarusian army held a parade in Brest. “We will not send troops,” he said.", ""),
])
def test_a_pronoun_speaker_is_the_person_the_sentence_before_opens_with(article, source):
    assert [s for _, s in sources(article, "denial")] == [source]


@pytest.mark.parametrize("sentence, source", [
    # the outlet an interview was given to is not the speaker
    ("“We have no plans to send troops,” Defence Minister Ivan Sokol said in an interview with the Belarus 24 channel.",
     "Ivan Sokol"),
    ("Minsk has no intention of joining the war, the defence ministry said in a statement on its Telegram channel.",
     "defence ministry"),
    # where a speaker writes is not who writes
    ("Oleg Vasko, an aide to the minister, wrote on X that Belarus would not send soldiers to Ukraine.", "Oleg Vasko"),
    # 'said in' with no subject of its own still names its source
    ("No Belarusian troops are deployed near Gomel, as said in the Hajun report.", "Hajun report"),
])
def test_the_place_or_outlet_of_a_statement_is_not_its_speaker(sentence, source):
    assert [s for _, s in sources(sentence, "denial")] == [source]


@pytest.mark.parametrize("article, source", [
    ("“Our economy comes first,” Defence Minister Ivan Sokol told the paper.\n\n"
     "“We have no plans to send troops anywhere. Not now, not later.”", "Ivan Sokol"),
    # the paragraph before closed no quotation: the new quotation's speaker is unknown
    ("Ivan Sokol told the paper that the economy comes first.\n\n"
     "“We have no plans to send troops anywhere.”", ""),
])
def test_a_quotation_opening_a_paragraph_continues_the_quotation_before_it(article, source):
    assert [s for _, s in sources(article, "denial")] == [source]


@pytest.mark.parametrize("article, kind, source", [
    # who is told never speaks, even after an appositive clause
    ("Oleksandr Hrytsenko, who heads the northern command, told Ukrinform that he saw no build-up of forces in Belarus.",
     "denial", "Oleksandr Hrytsenko"),
    # 'it said' goes back to an organisation its appositive describes ('a monitoring project')
    ("Belarus Watch, an independent monitoring project, counted 12 trains in Brest last week. "
     "The trains carried about 900 soldiers, it said.", "troops", "Belarus Watch"),
    # ... but a person described by a body's role stays a person
    ("Ivan Sokol, spokesman for the Ministry of Defence, told reporters the drills were over. "
     "“We will not send troops,” the spokesman said.",
     "denial", "Ivan Sokol"),
])
def test_the_listener_and_the_appositive_decide_who_speaks(article, kind, source):
    assert [s for _, s in sources(article, kind)] == [source]


@pytest.mark.parametrize("sentence, source", [
    ("Kyiv denies any plans to strike Belarusian territory, Ukrainian Foreign Ministry spokesman Ivan Bondar told a "
     "briefing on Friday.", "Ivan Bondar"),
    ("Minsk rules out sending troops to Ukraine, the foreign ministry said in a statement.", "foreign ministry"),
    # a speaker who is no side keeps the words
    ("Chatham House denies the report was commissioned, its director told a briefing on Friday.", "Chatham House"),
])
def test_a_side_named_by_its_capital_speaks_through_the_closing_credit(sentence, source):
    assert [s for _, s in sources(sentence, "denial")] == [source]


@pytest.mark.parametrize("sentence, source", [
    ("Ivan Sokol declined to comment on the footage, saying only that Belarus was “not planning any provocations”.",
     "Ivan Sokol"),
    ("The ministry's spokesman, Oleg Vasko, refused to comment, saying only that Minsk was not preparing any offensive.",
     "Oleg Vasko"),
    # a name inside the quotation is part of what is said
    ("“We pose no threat to Poland,” insists the ministry, adding that no offensive is being prepared.", "ministry"),
])
def test_a_participle_speaks_for_the_subject_of_its_clause(sentence, source):
    assert [s for _, s in sources(sentence, "denial")][-1:] == [source]


def test_adding_to_something_is_no_verb_of_saying():
    article = "The Belarusian army held drills near Brest. Around 2,500 soldiers took part, adding to tensions."
    assert sources(article, "troops") == [("Around 2,500", "")]


@pytest.mark.parametrize("line, kind, source", [
    ("10:42 Belarusian Defence Ministry: reports of a build-up near Mozyr are fake\n", "denial",
     "Belarusian Defence Ministry"),
    ("• Border Guard Service: about 2,000 Russian troops remain in Belarus\n", "troops", "Border Guard Service"),
    # a label, a country heading a section or a headline in title case is no speaker
    ("Update: about 2,000 Russian troops remain in Belarus\n", "troops", ""),
    ("Belarus: about 2,000 Russian troops remain near Gomel\n", "troops", ""),
    ("Allied Resolve Grows: Watch 2,000 Troops Arrive In Belarus\n", "troops", ""),
])
def test_a_line_opened_by_its_speaker_and_a_colon(line, kind, source):
    assert [s for _, s in sources(line, kind)] == [source]


@pytest.mark.parametrize("sentence", [
    "A spokesman for the Belarusian foreign ministry, Ivan Sokol, rejected Lithuania's accusations as absurd.",
    "The Belarusian defence ministry dismissed accusations by Warsaw that Minsk was massing troops.",
])
def test_the_side_that_makes_a_claim_is_not_the_side_that_denies_it(sentence):
    assert [r["actor"] for r in rows_of(sentence) if r["kind"] == "denial"] == ["belarus"]


@pytest.mark.parametrize("sentence, kind, source", [
    # a study's author is the name right after it, not the last name of the clause
    ("Data from Oryx shows that 12 Belarusian T-72 tanks were handed over to Russia.", "equipment", "Oryx"),
    ("Figures from the Hajun project suggest that 40 tanks left for Russia in May.", "equipment", "Hajun project"),
    # a vague speaker described by its body
    ("The analysts at Rubikon, a Lithuanian think tank, estimated that Belarus could mobilise 50,000 men.",
     "troops", "Rubikon"),
    ("Experts from the Centre for Eastern Studies believe Belarus has 5,000 troops ready.", "troops",
     "Centre for Eastern Studies"),
    # a verb of saying negated or refused attributes nothing
    ("The Kremlin did not say how many troops would take part, but 9,000 servicemen were deployed last year.",
     "troops", ""),
    ("The ministry declined to confirm that 3,000 troops had arrived.", "troops", ""),
    ("Lukashenko did not rule out sending 5,000 troops.", "troops", "Lukashenko"),
])
def test_who_a_study_a_vague_speaker_or_a_negated_verb_names(sentence, kind, source):
    assert [s for _, s in sources(sentence, kind)] == [source]


@pytest.mark.parametrize("article, kind, source", [
    # a role resolves to the person the text gave that title, though he did not speak
    ("Defence Minister Ivan Sokol inspected units near Brest. “We have no plans to move troops to the border,” "
     "the minister said.", "denial", "Ivan Sokol"),
    # ... but not to a person with another title
    ("Prime Minister Ivan Sokol visited Brest. “Our troops will not go anywhere,” the general said.", "denial",
     "general"),
    # 'it said' goes back to an organisation that opened the sentence before as its subject
    ("The Belarusian Defence Ministry held a briefing on Monday. About 5,000 troops will take part in the drills, "
     "it said.", "troops", "Belarusian Defence Ministry"),
])
def test_a_role_or_it_goes_back_to_the_subject_the_text_named(article, kind, source):
    assert [s for _, s in sources(article, kind)] == [source]


@pytest.mark.parametrize("sentence, source", [
    ("The agency reported that Ivan Sokol, speaking to journalists, again stressed: “Belarus is not going to fight "
     "anyone.”", "Ivan Sokol"),
    ("State television said that Ivan Sokol, who chairs the council, insisted Belarus would not send troops.",
     "Ivan Sokol"),
])
def test_a_speaker_after_that_set_off_by_an_appositive_speaks(sentence, source):
    assert [s for _, s in sources(sentence, "denial")] == [source]


@pytest.mark.parametrize("text, expected", [
    ("The Russian grouping in Belarus is estimated at 9,000.", ""),  # nobody named: no speaker
    ("Russia is said to have moved 2,000 troops into Belarus.", ""),  # Russia is told of, not telling
    ("Hajun said the grouping was estimated at 9,000.", "Hajun"),
    ("Lukashenko was quoted as saying that 5,000 troops would stay.", "Lukashenko"),
])
def test_a_saying_verb_in_the_passive_names_no_speaker(text, expected):
    assert [source for _, source in sources(text, "troops")] == [expected]


@pytest.mark.parametrize("text, found", [
    ("Reports say Russia will move 9,000 troops to the border. The Kremlin played down those fears.", True),
    ("The Kremlin played down fears of a new offensive from Belarus.", True),
    ("The central bank played down fears of inflation. Prices rose 2 percent in May.", False),
    # wanting, taking part or joining name no war by themselves
    ("Shoppers want to join the queues early. The central bank played down fears of inflation.", False),
    # the passage is the sentence and the one before it in its paragraph, not the article
    ("Russia moved 9,000 troops to the border.\n\nShops are busy. The central bank played down fears of inflation.",
     False),
])
def test_a_loose_dismissal_denies_only_in_a_passage_about_war(text, found):
    assert any(r["rule"] == "denial.dismiss-claim" for r in rows_of(text)) is found


@pytest.mark.parametrize("text", [
    "Reports said Minsk was about to send 5,000 troops.",
    "Sources said Minsk was about to send 5,000 troops.",
    "Rumours say Minsk will send 5,000 troops.",
])
def test_anonymous_reports_name_no_source_and_hedge_the_figure(text):
    assert [(r["source"], r["modality"]) for r in rows_of(text) if r["kind"] == "troops"] == [("", "reported")]


@pytest.mark.parametrize("text, source", [
    ("New satellite imagery shows no Russian equipment near the border.", ""),  # 'New' is no observer
    ("Recent pictures show no build-up of forces near Brest, the Ukrainian border service said.", "Ukrainian border service"),
    ("The border service said it had not recorded any movement of troops.", "border service"),
])
def test_pictures_that_show_nothing_deny_for_whoever_reports_them(text, source):
    assert [(r["rule"], r["source"]) for r in rows_of(text) if r["kind"] == "denial"] == \
        [("denial.observed-nothing", source)]


@pytest.mark.parametrize("text, source", [
    ("“Why would we attack Ukraine?” the Belarusian leader said on Friday.", "Belarusian leader"),
    ("“We will never attack anyone!” Khrenin told the cadets.", "Khrenin"),
    # the next sentence is not a verb of saying about the quotation
    ("“Why would we attack Ukraine?” The question hangs over Minsk. Lukashenko said nothing new.", ""),
])
def test_a_question_or_exclamation_ends_its_sentence_and_the_speaker_opens_the_next(text, source):
    assert [r["source"] for r in rows_of(text) if r["kind"] == "denial"] == [source]


@pytest.mark.parametrize("text, source", [
    ("A new survey of Moldovans found that 30% support neutrality.", ""),  # the people polled, not a pollster
    ("A survey of Americans found that 60% back aid to Ukraine.", ""),
    ("Evans said 40% of Belarusians oppose the war.", "Evans"),  # a surname, not a people
])
def test_the_people_polled_are_not_the_pollster(text, source):
    assert [s for _, s in sources(text, "poll")] == [source]


@pytest.mark.parametrize("text, source", [
    # an unnamed speaker: the outlet it spoke to, or that cites it, vouches for the figure
    ("Two sources told Reuters that Moscow planned to move 5,000 more troops into Belarus.", "Reuters"),
    ("Some 3,000 reservists will be called up, people close to the Belarusian defence ministry told the "
     "Financial Times.", "Financial Times"),
    ("A source in the General Staff told the independent outlet Zerkalo that 1,500 conscripts were moved to Brest.",
     "Zerkalo"),
    ("Intelligence sources cited by The Times said 15,000 Russian troops had reached Belarus.", "Times"),
    # with no outlet: nobody, unless words say whose the speaker is
    ("People close to the ministry said 3,000 reservists would be called up.", ""),
    ("A person with knowledge of the deployment said 40 tanks had crossed into Belarus.", ""),
    ("Kremlin sources said about 2,000 troops would stay in Belarus.", "Kremlin sources"),
    # a speaker described by role and side is named enough; a count is no part of the name
    ("Two Western diplomats told AFP that about 10,000 Russian troops had arrived.", "Western diplomats"),
])
def test_an_unnamed_speaker_is_vouched_for_by_its_outlet_and_hedges_the_figure(text, source):
    [r] = [r for r in rows_of(text) if r["kind"] in ("troops", "equipment")]
    assert r["source"] == source
    assert r["modality"] == ("asserted" if "diplomats" in text else "reported")


@pytest.mark.parametrize("text, source", [
    # an outlet that cites or quotes a named speaker only relays it
    ("Belarus will send 2,000 troops to the border, Interfax reported, citing the defence ministry.",
     "defence ministry"),
    ("Some 2,500 troops are taking part, TASS quoted the Russian Defence Ministry as saying.", "Russian Defence Ministry"),
    ("BelTA cited Khrenin as saying that 5,000 troops were on alert.", "Khrenin"),
    ("About 3,000 troops will take part, quoted by BelTA, said Defence Minister Viktor Khrenin.", "Viktor Khrenin"),
    # ... and speaks for an unnamed one
    ("Zerkalo cited a source in the military as saying 5,000 troops were on alert.", "Zerkalo"),
    ("Some 5,000 troops are on alert, the Nexta channel reported, citing unnamed officials.", "Nexta channel"),
    # a reason cited is no speaker
    ("Minsk put 5,000 troops on alert, citing a threat from NATO.", ""),
])
def test_a_relaying_outlet_gives_way_to_the_speaker_it_cites(text, source):
    [r] = [r for r in rows_of(text) if r["kind"] == "troops"]
    assert r["source"] == source


@pytest.mark.parametrize("text, source", [
    # a double name is one name
    ("Polish Defence Minister Wladyslaw Kosiniak-Kamysz told Polsat that 8,000 Wagner fighters were in Belarus.",
     "Wladyslaw Kosiniak-Kamysz"),
    ("About 8,000 Wagner fighters are in Belarus, said Jean-Pierre Dupont, a French analyst.", "Jean-Pierre Dupont"),
    # an outlet whose name opens with a marker word keeps it ("Security Council Alexander Volfovich" does not)
    ("Some 2,500 troops are taking part, RIA Novosti reported.", "RIA Novosti"),
    ("Security Council State Secretary Alexander Volfovich said 1,000 Russian soldiers would leave.",
     "Alexander Volfovich"),
    # "as X put it" is a verb of saying; "put 40,000 troops under its command" is not
    ("As the defence ministry put it, 5,000 troops have been put on alert.", "defence ministry"),
    ("NATO has put 40,000 troops under its command.", ""),
])
def test_double_names_outlets_and_as_x_put_it(text, source):
    [r] = [r for r in rows_of(text) if r["kind"] == "troops"]
    assert r["source"] == source


@pytest.mark.parametrize("article, expected", [
    # a headline that credits the report it retells is the source of what the story tells unattributed
    ("2025-05-29\n\nRussia scales back drills in Belarus - ISW\n\nRussia has moved 5,000 troops out of Belarus. "
     "Minsk said 2,000 Belarusian troops would stay near Brest.", [("5,000", "ISW"), ("2,000", "Minsk")]),
    ("Russia scales back drills in Belarus – Hajun\n\nRussia has moved 5,000 troops out of Belarus.", [("5,000", "Hajun")]),
    # no credit, or not at the headline
    ("Russia scales back drills in Belarus\n\nRussia has moved 5,000 troops out of Belarus.", [("5,000", "")]),
    # a closing credit with a spaced hyphen, as a line of a digest gives it
    ('"Some 5,000 troops are ready" - Volfovich.', [("Some 5,000", "Volfovich")]),
    # possessive credits and 'in the view of'
    ("By Hajun's count, about 5,000 Russian troops remain in Belarus.", [("about 5,000", "Hajun")]),
    ("In Kyiv's estimate, about 5,000 Russian troops remain in Belarus.", [("about 5,000", "Kyiv")]),
    ("In the view of Western analysts, 5,000 Russian troops remain in Belarus.", [("5,000", "Western analysts")]),
    # pictures credited to who made them, not the last name of the clause
    ("Images released by Maxar show about 30 helicopters at the Zyabrovka airfield.", [("about 30", "Maxar")]),
    # an aside between the speaker and its verb
    ("The monitoring group Hajun, citing its own observers, said 5,000 Russian troops remained in Belarus.",
     [("5,000", "Hajun")]),
    # a country's closing credit is its own spokesperson, not the side that rejects the claim
    ("Lukashenko claimed on Friday that Ukraine had massed 5,000 troops near the border, an assertion Kyiv rejected.",
     [("5,000", "Lukashenko")]),
    ("The ministry's press service said 5,000 troops were put on alert.", [("5,000", "ministry's press service")]),
])
def test_headline_credits_possessive_credits_asides_and_pictures(article, expected):
    assert [(r["text"], r["source"]) for r in rows_of(article) if r["kind"] in ("troops", "equipment")] == expected


@pytest.mark.parametrize("text, source, modality", [
    # the owner of a claim or an estimate is the source of the figure it holds, even where another side
    # rejects or disputes it
    ("Kyiv rejected Lukashenko's claim that Ukraine had massed 5,000 troops near the border.", "Lukashenko", "reported"),
    ("Moscow called Kyiv's claims that 30,000 Russian troops were in Belarus lies.", "Kyiv", "reported"),
    ("The Pentagon's estimate of 30,000 Russian troops in Belarus was disputed by Minsk.", "Pentagon", "asserted"),
    ("Ukraine's estimate is that 30,000 Russian troops are in Belarus.", "Ukraine", "asserted"),
    # a demonym alone speaks for no one
    ("A Ukrainian estimate puts the number of Russian troops in Belarus at 30,000.", "", "asserted"),
])
def test_the_owner_of_a_claim_or_estimate_is_its_source(text, source, modality):
    [r] = [r for r in rows_of(text) if r["kind"] == "troops"]
    assert (r["source"], r["modality"]) == (source, modality)


@pytest.mark.parametrize("text, source", [
    # the formulas of state and wire copy name the body the outlet had the figure from
    ("The Belarusian army will deploy 5,000 troops to the border, BelTA learned from the press service of the "
     "Defense Ministry.", "Defense Ministry"),
    ("About 5,000 troops will take part in the drills, Ukrinform reports with reference to the General Staff.",
     "General Staff"),
    # a closing credit in lower case, or with a possessive, as headlines give it
    ("UPDATE 2-Belarus to put 5,000 troops on alert - defence ministry", "defence ministry"),
    ("Russia has 5,000 troops in Belarus - Ukrainian border guards", "Ukrainian border guards"),
    ("Russia has 5,000 troops in Belarus – Ukraine's General Staff", "Ukraine's General Staff"),
    ("Belarus to put 5,000 troops on alert - sources", ""),
    ("Russia has 5,000 troops in Belarus - and more are coming", ""),
    # an officer speaks as one
    ("5,000 troops have been called up, a Belarusian officer told The Insider.", "Belarusian officer"),
])
def test_state_media_formulas_and_lower_case_credits(text, source):
    [r] = [r for r in rows_of(text) if r["kind"] == "troops"]
    assert r["source"] == source


@pytest.mark.parametrize("article, source", [
    # the next sentence of the paragraph points back to the figure and says whose it is
    ("About 5,000 Russian troops remain in Belarus. The figure was given by Andriy Demchenko, a spokesman.",
     "Andriy Demchenko"),
    ("About 5,000 Russian troops remain in Belarus. The estimate comes from Ukraine's military intelligence.",
     "Ukraine's military intelligence"),
    ("About 5,000 Russian troops remain in Belarus. That's what Demchenko told the telethon on Tuesday.", "Demchenko"),
    ("About 5,000 Russian troops remain in Belarus. This information was confirmed by the border service.",
     "border service"),
    # a quotation whose speaker the next sentence names as having made it
    ('"About 5,000 Russian troops remain in Belarus." Demchenko made the statement on the national telethon.',
     "Demchenko"),
    # a role the next sentence names, opening with the person and a verb of saying
    ("About 5,000 Russian troops remain in Belarus, the spokesman said. Andriy Demchenko added that the number "
     "was falling.", "Andriy Demchenko"),
    # not a sentence that goes on about something else
    ("About 5,000 Russian troops remain in Belarus. The weather was cold, Demchenko said.", ""),
])
def test_a_source_named_in_the_next_sentence(article, source):
    assert [r["source"] for r in rows_of(article) if r["kind"] == "troops"][:1] == [source]


@pytest.mark.parametrize("text, kind, source", [
    # a title before a name is no part of it, whatever the profession
    ("Sociologist Andrei Vardomatsky said only 5% of Belarusians support joining the war.", "poll",
     "Andrei Vardomatsky"),
    ("Professor Ivan Petrov said 5,000 troops were ready.", "troops", "Ivan Petrov"),
    # the pollster after a time phrase
    ("In a poll published on Tuesday by the Kyiv International Institute of Sociology, 70% of Ukrainians said "
     "they distrust Belarus.", "poll", "Kyiv International Institute of Sociology"),
])
def test_titles_of_any_profession_and_a_pollster_after_a_time(text, kind, source):
    assert [r["source"] for r in rows_of(text) if r["kind"] == kind] == [source]


@pytest.mark.parametrize("text, source", [
    # an unnamed speaker's words are not the next speaker's
    ("Two sources said 5,000 troops had arrived, but the ministry denied it.", ""),
    # a body's own name keeps its last word; a body's word before a person's name does not
    ("The Russia-Belarus Union State said 5,000 troops would take part.", "Russia-Belarus Union State"),
    ("Belarusian Security Council State Secretary Alexander Volfovich said 1,000 troops would leave.",
     "Alexander Volfovich"),
])
def test_unnamed_words_and_names_of_bodies(text, source):
    assert [r["source"] for r in rows_of(text) if r["kind"] == "troops"] == [source]


@pytest.mark.parametrize("text, source", [
    # a source phrase runs through its modifiers to its last noun ('press service')
    ("Some 2,500 troops are taking part, RIA Novosti reported, citing the Western Military District press service.",
     "Western Military District press service"),
    # a role may own the body that speaks
    ("The Belarusian leader's office announced on Telegram that 5,000 troops were on alert.",
     "Belarusian leader's office"),
])
def test_source_phrases_with_modifiers_and_owners(text, source):
    assert [r["source"] for r in rows_of(text) if r["kind"] == "troops"] == [source]
