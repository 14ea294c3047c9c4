"""Grouping mentions (`belsignal.grouping`): the indicator key, indicators, and claims."""
from __future__ import annotations

import pytest

import belsignal
from belsignal.documents import Document
from belsignal.grouping import claims, indicator_key, indicators, normalize_subject


# --------------------------------------------------------------------------- the key


def key(subject: str, actor: str = "russia", kind: str = "troops", unit: str = "personnel") -> tuple:
    return indicator_key({"kind": kind, "actor": actor, "unit": unit, "subject": subject})


def test_key_drops_determiners_plurals_and_the_actors_own_nationality():
    troops = ("troops", "russia", "personnel", "troop")
    assert key("Russian troops") == key("troops") == key("the Russian troops") == troops
    assert key("Russian soldiers") == key("some 20,000 Russian servicemen") == troops
    assert key("newly mobilised Russian military personnel") == ("troops", "russia", "personnel", "mobilised personnel")
    assert key("newly mobilised Russian military personnel") != key("troops")


def test_key_keeps_other_actors_nationality_and_separates_kinds_units_actors():
    assert key("Belarusian volunteers", actor="ukraine")[3] == "belarusian volunteer"
    assert key("Belarusian volunteers", actor="belarus")[3] == "volunteer"
    assert key("troops", actor="belarus") != key("troops", actor="russia")
    assert key("troops", unit="battalion") != key("troops")
    assert key("troops", kind="equipment") != key("troops")


def test_key_groups_exercise_phrasings():
    exercise = ("exercise", "belarus", "", "exercise")
    for subject in ("the exercise", "Belarus exercises", "the latest Belarusian exercises", "military exercises", "drills"):
        assert key(subject, actor="belarus", kind="exercise", unit="") == exercise, subject
    assert key("joint exercises", actor="belarus", kind="exercise", unit="")[3] == "joint exercise"
    assert key("large-scale military exercises", actor="belarus", kind="exercise", unit="")[3] == "largescale exercise"


@pytest.mark.parametrize(
    ("subject", "actor", "normalized"),
    [
        ("rumors that Putin wants to force Belarus to enter the war", "russia", "rumour putin want force"),
        ("support Lukashenka’s dictatorship", "belarus", "support lukashenka dictatorship"),
        ("want Minsk to side with Kiev", "belarus", "want side kiev"),
        ("Belarusian military", "belarus", "military"),  # a generic word stays when it is all there is
        ("the Russian armed forces", "russia", "force"),
        ("allies", "nato", "ally"),
        ("fake news", "belarus", "fake news"),
        ("thousands of mobilized Russians", "russia", "mobilised"),
        ("up to 7k", "belarus", ""),
        ("", "", ""),
    ],
)
def test_normalize_subject(subject, actor, normalized):
    assert normalize_subject(subject, actor) == normalized


# --------------------------------------------------------------------------- indicators


def test_one_figure_repeated_by_five_articles_is_one_indicator_with_five_mentions():
    sentence = "Russia has about 30,000 troops in Belarus, the Hajun Project said."
    docs = [Document(id=f"a{n}.txt", text=sentence, published=f"2024-06-0{n}") for n in range(1, 6)]
    docs.append(Document(id="b.txt", text="Russia has about 30,000 Russian soldiers in Belarus.", published="2024-06-09"))
    rows = [s.to_dict() for s in belsignal.extract(docs)]
    assert len(rows) == 6
    found = indicators(rows)
    assert list(found) == [indicator_key(rows[0])]
    [indicator] = found.values()
    assert indicator.mentions == 6
    assert indicator.sources == 2  # "Hajun Project", and b.txt (no source) counted as its doc
    assert indicator.figure == {"value": 30000, "low": None, "high": None, "qualifier": "approx", "modality": "asserted"}
    assert indicator.subject == "troops"  # five "troops" against one "Russian soldiers"
    assert indicator.example == "Russia has about 30,000 Russian soldiers in Belarus."  # the latest mention


def articles(*specs: tuple[str, str]) -> list[dict]:
    """Rows of one-sentence articles given as (published, sentence)."""
    docs = [Document(id=f"d{n}.txt", text=text, published=published) for n, (published, text) in enumerate(specs)]
    return [s.to_dict() for s in belsignal.extract(docs)]


def representative(rows: list[dict]) -> float:
    [indicator] = indicators(rows).values()
    return indicator.figure["value"]


def test_representative_figure_is_the_most_frequent_then_latest_then_highest():
    said = "Russia has about {} troops in Belarus."
    most = articles(("2024-01-01", said.format("30,000")), ("2024-01-02", said.format("30,000")),
                    ("2024-03-01", said.format("40,000")))  # fmt: skip
    assert representative(most) == 30000
    latest = articles(("2024-01-01", said.format("30,000")), ("2024-03-01", said.format("20,000")),
                      ("2024-02-01", said.format("40,000")))  # fmt: skip
    assert representative(latest) == 20000
    highest = articles(("2024-01-01", said.format("30,000")), ("2024-01-01", said.format("40,000")))
    assert representative(highest) == 40000
    shuffled = list(reversed(latest))
    assert representative(shuffled) == 20000




# --------------------------------------------------------------------------- claims

WIRE = "Russia has deployed about 30,000 troops to Belarus, the Hajun Project said."


def extracted(*specs: tuple[str, str, str, str]) -> list[dict]:
    """Rows of articles given as (doc, published, url, text)."""
    docs = [Document(id=doc, text=text, published=published, url=url) for doc, published, url, text in specs]
    return [s.to_dict() for s in belsignal.extract(docs)]


def test_reprints_of_a_wire_story_are_one_claim_with_all_their_mentions():
    hosts = ["www.reuters.com", "apnews.com", "kyivindependent.com", "www.reuters.com", "belsat.eu"]
    days = ["2024-06-01", "2024-06-03", "2024-06-12", "2024-06-20", "2024-06-30"]  # each within 14 days of the last
    rows = extracted(*((f"wk/{n}.txt", day, f"https://{host}/story-{n}", WIRE) for n, (host, day) in enumerate(zip(hosts, days))))
    [claim] = claims(rows)
    assert (claim.kind, claim.actor, claim.unit, claim.figure["value"]) == ("troops", "russia", "personnel", 30000)
    assert (claim.mentions, claim.documents, claim.outlets) == (5, 5, 4)  # reuters twice
    assert (claim.first_seen, claim.last_seen) == ("2024-06-01", "2024-06-30")
    assert claim.sources == ["Hajun Project"]
    assert claim.example == WIRE and claim.link == "https://belsat.eu/story-4"  # the latest mention
    [indicator] = indicators(rows).values()
    assert indicator.claims == [claim]


def test_two_figures_for_one_force_stay_two_claims_and_numbers_within_half_a_percent_are_one():
    said = "Russia has about {} troops in Belarus."
    rows = extracted(("a.txt", "2024-06-01", "", said.format("30,000")), ("b.txt", "2024-06-02", "", said.format("30,100")),
                     ("c.txt", "2024-06-03", "", said.format("9,000")), ("d.txt", "2024-06-03", "", said.format("31,000")))  # fmt: skip
    assert len(indicators(rows)) == 1
    found = claims(rows)
    assert sorted((c.mentions, sorted(r["doc"] for r in c.rows)) for c in found) == [
        (1, ["c.txt"]), (1, ["d.txt"]), (2, ["a.txt", "b.txt"]),  # 30,000 and 30,100 are 0.33% apart; 31,000 is 3.3%
    ]
    chained = [{**rows[0], "id": str(n), "doc": f"{n}.txt", "value": v, "low": v, "high": v}
               for n, v in enumerate((30000.0, 30140.0, 30290.0))]  # neighbours within 0.5%, the ends 0.96% apart
    assert [c.mentions for c in claims(chained)] == [3]
    assert [c.mentions for c in claims([chained[0], chained[2]])] == [1, 1]


def test_a_figure_repeated_months_later_is_a_new_claim_unless_the_sentence_is_a_reprint():
    other = "Some 30,000 Russian troops remain stationed in Belarus."
    later = extracted(("a.txt", "2024-01-10", "", WIRE), ("b.txt", "2024-05-10", "", other))
    assert [c.mentions for c in claims(later)] == [1, 1]
    reprint = extracted(("a.txt", "2024-01-10", "", WIRE), ("b.txt", "2024-05-10", "", WIRE.replace(", the", ", said the").replace(" said.", ".")))
    [claim] = claims(reprint)
    assert claim.mentions == 2 and (claim.first_seen, claim.last_seen) == ("2024-01-10", "2024-05-10")
    undated = extracted(("x/a.txt", "", "", WIRE), ("y/b.txt", "", "", other))
    [claim] = claims(undated)  # no dates: nothing says they are apart
    assert (claim.mentions, claim.outlets, claim.first_seen) == (2, 2, "")  # outlets: the folders x and y


def test_claims_lie_inside_indicators(seed_rows):
    found = indicators(seed_rows)
    every = claims(seed_rows)
    assert sum(c.mentions for c in every) == len(seed_rows)
    for key, indicator in found.items():
        assert sorted(r["id"] for c in indicator.claims for r in c.rows) == sorted(r["id"] for r in indicator.rows)
        assert all(c.key == key for c in indicator.claims)
    assert len({c.id for c in every}) == len(every)
