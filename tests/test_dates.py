"""Dates: never more precise than the base allows (issue 10 item 11), and stated periods (`date_end`)."""
from __future__ import annotations

import csv
import json
import re

import pytest

import belsignal
from belsignal.diff import diff_batches
from belsignal.sources import load_rows
from belsignal.documents import Document
from belsignal.dates import find_times, resolve, resolve_period
from belsignal.export import write_signals
from belsignal.signals import COLUMNS


def rows(text: str, published: str = "") -> list:
    return list(belsignal.extract([Document(id="a.txt", text=text, published=published)]))


# --------------------------------------------------------------------------- precision of the base


@pytest.mark.parametrize("expression, published", [
    ("yesterday", "2022"),
    ("on Tuesday", "2022"),
    ("on Tuesday", "2022-03"),
    ("last week", "2022-03"),
    ("over the weekend", "2022-03"),
    ("in March", "2022"),
    ("on 10 October", "2022"),
    ("on 24/2", "2022"),
    ("last month", "2022"),
    ("yesterday", "0001-01-01"),
], ids=lambda v: str(v))
def test_no_day_or_month_is_invented_from_a_coarse_base(expression, published):
    assert [t.text for t in find_times(f"It happened {expression}.")] == [expression]
    assert resolve(expression, published) == ""


@pytest.mark.parametrize("expression, published, date", [
    ("last year", "2022", "2021"),
    ("this year", "2022", "2022"),
    ("March this year", "2022", "2022-03"),
    ("in March of this year", "2022-02-10", "2022-03"),
    ("in May of last year", "2022-02-10", "2021-05"),
    ("on 10 March", "2022-03", "2022-03-10"),
    ("in April", "2022-03", "2022-04"),  # within a month after the base: the coming April
    ("in May", "2022-03", "2021-05"),  # further ahead: the May before
    ("in January", "2022-12-20", "2023-01"),
    ("at the end of September", "2024-06-19", "2023-09"),
    ("last month", "2022-03", "2022-02"),
    ("yesterday", "2022-03-05", "2022-03-04"),
    ("on Tuesday", "2022-03-05", "2022-03-01"),
], ids=lambda v: str(v))
def test_resolution_to_the_precision_the_base_allows(expression, published, date):
    assert resolve(expression, published) == date


@pytest.mark.parametrize("expression, date", [("last year", "0999"), ("yesterday", "0999-12-31")])
def test_years_have_four_digits(expression, date):
    assert resolve(expression, "1000-01-01") == date


def test_coarse_published_date_in_a_row():
    (row,) = rows("Belarus began snap drills near the border yesterday.", published="2022")
    assert (row.kind, row.date_text, row.date, row.date_end) == ("exercise", "yesterday", "", "")


# --------------------------------------------------------------------------- stated periods


@pytest.mark.parametrize("expression, published, period", [
    ("from 10 to 20 February", "2022-03-01", ("2022-02-10", "2022-02-20")),
    ("from 10 to 20 February", "2022-02-01", ("2022-02-10", "2022-02-20")),  # announced: this February
    ("10-20 February 2022", "", ("2022-02-10", "2022-02-20")),
    ("10–20 February", "2022-03-01", ("2022-02-10", "2022-02-20")),
    ("between 10 and 20 February", "2022-03-01", ("2022-02-10", "2022-02-20")),
    ("February 10-20", "2022-02-15", ("2022-02-10", "2022-02-20")),  # reported mid-way: the end is ahead
    ("on September 12–16", "2025-09-20", ("2025-09-12", "2025-09-16")),
    ("from 25 February to 5 March", "2022-03-01", ("2022-02-25", "2022-03-05")),
    ("between November 2022 and February 2023", "", ("2022-11", "2023-02")),
    ("from November to February", "2023-03-10", ("2022-11", "2023-02")),
    ("from November to February 2023", "", ("2022-11", "2023-02")),
    ("from 2014 to 2022", "", ("2014", "2022")),
    ("in 2019-2020", "", ("2019", "2020")),
    ("from 10 to 20 February", "2022", ("", "")),  # the base has no month: nothing is invented
    ("on 10 February", "2022-03-01", ("2022-02-10", "")),  # a point in time has no end
    # days listed in one month: from the first to the last
    ("on 14 and 15 March", "2023-03-20", ("2023-03-14", "2023-03-15")),
    ("on May 3, 4 and 5", "2023-03-20", ("2022-05-03", "2022-05-05")),
    ("on 28, 29, and 30 April 2021", "", ("2021-04-28", "2021-04-30")),
    # weekdays: the last ones (published on a Friday)
    ("from Monday to Thursday", "2023-03-17", ("2023-03-13", "2023-03-16")),
    ("on Tuesday and Wednesday", "2023-03-17", ("2023-03-14", "2023-03-15")),
    ("from Friday to Sunday", "2023-03-15", ("2023-03-10", "2023-03-12")),
], ids=lambda v: str(v))
def test_periods_resolve_to_start_and_end(expression, published, period):
    assert [t.text for t in find_times(f"Drills will run {expression} near Brest.")] == [expression]
    assert resolve_period(expression, published) == period
    assert resolve(expression, published) == period[0]


@pytest.mark.parametrize("text, times", [
    ("Drills ran on 9 March and 2 April near Brest.", ["on 9 March", "2 April"]),  # two dates, each its own
    ("Brigades 2 and 3 trained near Brest.", []),
])
def test_days_of_different_months_or_no_month_are_no_period(text, times):
    assert [t.text for t in find_times(text)] == times


def test_period_in_a_row_and_in_every_export(tmp_path):
    text = "Belarus and Russia will hold joint exercises from 10 to 20 February near the border."
    (row,) = rows(text, published="2022-02-15")
    assert (row.kind, row.date_text, row.date, row.date_end) == (
        "exercise", "from 10 to 20 February", "2022-02-10", "2022-02-20")
    assert COLUMNS[COLUMNS.index("date") + 1] == "date_end"
    point = rows("Belarus held joint exercises on 10 February near the border.", published="2022-02-15")
    for fmt in ("csv", "jsonl", "json", "table"):
        out = tmp_path / f"rows.{fmt}"
        with out.open("w", encoding="utf-8", newline="") as fh:
            write_signals([row, *point], fmt, fh)
        written = out.read_text(encoding="utf-8")
        if fmt == "csv":
            records = list(csv.DictReader(written.splitlines()))
            assert [r["date_end"] for r in records] == ["2022-02-20", ""]
        elif fmt == "jsonl":
            assert [json.loads(line)["date_end"] for line in written.splitlines()] == ["2022-02-20", None]
        elif fmt == "json":
            assert [r["date_end"] for r in json.loads(written)] == ["2022-02-20", None]
        else:
            assert "2022-02-10 – 2022-02-20" in written


def test_diff_reads_tables_with_and_without_date_end(tmp_path):
    signals = rows("Belarus and Russia will hold joint exercises from 10 to 20 February near the border.",
                   published="2022-02-15")
    current, older = tmp_path / "new.csv", tmp_path / "old.csv"
    with current.open("w", encoding="utf-8", newline="") as out:
        write_signals(signals, "csv", out)
    with older.open("w", encoding="utf-8", newline="") as out:  # a table from before the column
        writer = csv.DictWriter(out, [c for c in COLUMNS if c != "date_end"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in s.to_dict().items()} for s in signals)
    assert load_rows(current)[0]["date_end"] == "2022-02-20"
    assert load_rows(older)[0]["date_end"] == ""
    assert not diff_batches(load_rows(older), load_rows(current)).has_differences


# --------------------------------------------------------------------------- announced events


@pytest.mark.parametrize("sentence, published, date", [
    # an event announced for a month that, this year, is past: the coming one
    ("Belarus also plans to hold command-post exercises in the second half of October.", "2023-11-29", "2024-10"),
    ("Minsk says the drills will be held in March.", "2024-06-20", "2025-03"),
    ("The joint exercise is scheduled for September.", "2024-10-02", "2025-09"),
    # what happened is the last one, whatever follows
    ("Belarus held command-post exercises in October.", "2023-11-29", "2023-10"),
    # a time of the saying, after the future: "will ... announced on March 15"
    ("The comprehensive drill will be stepped up, the chief of staff announced on March 15.", "2024-03-17",
     "2024-03-15"),
    ("It will be recalled that the ministry announced mobilisation exercises from June 22 to July 1.",
     "2022-06-30", "2022-06-22"),
    # a weekday ahead
    ("Belarus will begin snap drills on Monday.", "2022-02-05", "2022-02-07"),
    ("Belarus began snap drills on Monday.", "2022-02-05", "2022-01-31"),
    # a month after a hyphen keeps its capital: "mid-March" is a time, "to march" is not
    ("The exercises are planned for mid-March.", "2022-01-15", "2022-03"),
    # the month under way is the coming one too: not the same month a year later
    ("Minsk will call its reservists to drills at the end of August.", "2023-08-03", "2023-08"),
    ("The brigade is to hold live-fire exercises on 9 May, the ministry said.", "2021-05-09", "2021-05-09"),
    # a season with no qualifier: the coming one when announced, the last one when reported
    ("The two armies will hold joint drills in the autumn.", "2023-05-02", "2023"),
    ("The two armies held joint drills in the autumn.", "2023-05-02", "2022"),
    # put off to a later time: the coming one; put off at a time: that time
    ("The joint drills were postponed until September.", "2023-10-05", "2024-09"),
    ("The joint drills were postponed in September.", "2023-10-05", "2023-09"),
    # a possible event to come
    ("Reports suggest that Russia may hold drills in Belarus in the autumn.", "2023-05-02", "2023"),
    # weekdays ahead, even when this week's would end on the day published
    ("Belarus will hold snap drills from Monday to Friday.", "2023-03-17", "2023-03-20"),
], ids=["plans-to-hold", "will-be-held", "scheduled-for", "held", "will-then-announced-on", "will-be-recalled",
        "will-begin-on-monday", "began-on-monday", "planned-for-mid-march", "until-the-end-of-this-month",
        "on-the-day-published", "will-in-the-autumn", "held-in-the-autumn", "postponed-until",
        "postponed-in", "may-hold", "will-from-monday-to-friday"])
def test_an_announced_event_is_dated_ahead(sentence, published, date):
    [row] = [r for r in rows(sentence, published=published) if r.kind == "exercise"]
    assert row.date == date


@pytest.mark.parametrize("expression, published, date", [
    ("in September next year", "2024-06-20", "2025-09"),
    ("next spring", "2024-06-20", "2025"),
    ("next spring", "2024-01-20", "2024"),
    ("this autumn", "2024-06-20", "2024"),
    ("last spring", "2024-06-20", "2024"),
    ("last summer", "2024-06-20", "2023"),
    ("spring 2024", "", "2024"),
    ("in late spring 2022", "", "2022"),
    ("the summer of 2025", "", "2025"),
    ("next winter", "2024-06-20", "2024"),
    ("last winter", "2024-06-20", ""),  # December to February: no one year
    ("next spring", "2024", ""),  # the base has no month: which spring is next is unknown
], ids=lambda v: str(v))
def test_seasons_give_a_year(expression, published, date):
    assert [t.text for t in find_times(f"Drills were announced for {expression} near Brest.")][-1].endswith(
        expression.split()[-1])
    assert resolve(expression, published) == date


@pytest.mark.parametrize("expression, published, date", [
    ("in late 2021", "2024-07-12", "2021"),
    ("by the end of 2025", "2024-07-12", "2025"),
    ("in the first half of 2025", "", "2025"),
    ("by the end of the year", "2024-07-12", "2024"),
    ("in the second half of the year", "2024-07-12", "2024"),
    ("by the end of the year", "", ""),  # which year is the base's
    ("in the first half of March", "2024-07-12", "2024-03"),
], ids=lambda v: str(v))
def test_an_edge_or_half_of_a_year_is_found_whole_and_dated(expression, published, date):
    assert [t.text for t in find_times(f"The drills are planned {expression}, officials said.")] == [expression]
    assert resolve(expression, published) == date


@pytest.mark.parametrize("expression, published, date", [
    ("in the summer", "2023-07-30", "2023"),  # under way
    ("during the spring", "2023-11-02", "2023"),
    ("by late autumn", "2023-11-02", "2023"),
    ("at the end of the summer", "2021-03-10", "2020"),  # not yet come: the last one
    ("in winter", "2023-07-30", ""),  # the last winter spans two years
], ids=lambda v: str(v))
def test_a_season_after_a_preposition_or_edge_is_a_time(expression, published, date):
    assert [t.text for t in find_times(f"Soldiers trained near Grodno {expression}, it said.")] == [expression]
    assert resolve(expression, published) == date


@pytest.mark.parametrize("text", ["The summer drills ended.", "Spring floods cut the roads.",
                                  "Protests of the Belarusian spring were crushed."])
def test_a_season_alone_is_no_time(text):
    assert find_times(text) == []


@pytest.mark.parametrize("expression, published, date", [
    ("four days ago", "2023-03-02", "2023-02-26"),
    ("a week ago", "2023-03-17", "2023-03"),  # the week before lies in March
    ("three weeks ago", "2023-03-17", "2023-02"),
    ("a week ago", "2023-03-08", ""),  # 27 February to 5 March: no one month
    ("two months ago", "2023-01-20", "2022-11"),
    ("a year ago", "2023-01-20", "2022"),
    ("10 days ago", "2023-03", ""),  # the base has no day
], ids=lambda v: str(v))
def test_a_time_counted_back_from_publication(expression, published, date):
    assert [t.text for t in find_times(f"The inspection began {expression} in Belarus.")] == [expression]
    assert resolve(expression, published) == date


@pytest.mark.parametrize("expression, published, date", [
    ("this week", "2023-03-17", "2023-03"),
    ("earlier this week", "2023-03-17", "2023-03"),
    ("next week", "2023-03-17", "2023-03"),
    ("in the coming week", "2023-03-09", "2023-03"),
    ("next week", "2023-03-29", "2023-04"),  # 3 to 9 April
    ("next week", "2023-03-22", ""),  # 27 March to 2 April: no one month
    ("this weekend", "2023-03-17", "2023-03"),
    ("this week", "2023-03", ""),
    ("by the end of the week", "2023-03-17", "2023-03"),
    ("until the end of the month", "2023-03-17", "2023-03"),
    ("at the beginning of the month", "2023-03", "2023-03"),
], ids=lambda v: str(v))
def test_the_week_of_publication_the_next_or_the_month_give_their_month(expression, published, date):
    [found] = find_times(f"Drills are held {expression}, the army said.")
    assert expression.endswith(found.text) and resolve(found.text, published) == date
    assert find_times("The month of fasting and the week of prayer passed.") == []  # no edge, no time


@pytest.mark.parametrize("sentence, published, period", [
    ("A snap inspection of the army began on 4 March and will last until 13 March.", "2023-03-06",
     ("2023-03-04", "2023-03-13")),
    ("The drills, which started on Monday, are scheduled to end on Friday.", "2023-03-15", ("2023-03-13", "2023-03-17")),
    ("The joint exercises began on 10 May and ended on 16 May, the ministry said.", "2023-06-01",
     ("2023-05-10", "2023-05-16")),
    ("The drills began on 20 May; the ministry said on 2 May that they were planned.", "2023-06-01", ("2023-05-20", "")),
], ids=["began-will-last-until", "started-scheduled-to-end-on", "began-ended-on", "no-end-verb"])
def test_an_exercise_end_stated_after_its_start_closes_its_period(sentence, published, period):
    [row] = [r for r in rows(sentence, published) if r.kind == "exercise"]
    assert (row.date, row.date_end) == period


def test_a_time_counted_back_or_a_season_dates_an_exercise_row():
    [row] = [r for r in rows("The snap inspection of the army began two days ago.", "2023-03-17")
             if r.kind == "exercise"]
    assert (row.date, row.date_text) == ("2023-03-15", "two days ago")
    [row] = [r for r in rows("The joint drills will take place in the autumn, the ministry said.", "2023-03-17")
             if r.kind == "exercise"]
    assert row.date == "2023"


def test_the_year_alone_is_no_time():
    assert find_times("The year before, the army held no drills.") == []


def test_what_happened_is_never_read_as_upcoming():
    assert resolve_period("in late August", "2024-07-12") == ("2024-08", "")  # announced or undecided: the coming
    assert resolve_period("in late August", "2024-07-12", "done") == ("2023-08", "")
    assert resolve_period("on 3 August", "2024-07-12", "done") == ("2023-08-03", "")


def test_an_edge_of_a_year_after_at_is_a_time():
    found = find_times("Hajun counted 6,000 soldiers at the start of 2023 and fewer at the end of 2024.")
    assert [t.text for t in found] == ["at the start of 2023", "at the end of 2024"]
    assert find_times("Prices are given at 2020 levels.") == []


def test_a_fraction_of_a_whole_is_no_day_and_month():
    assert find_times("Minsk may send up to 1/3 of its army and 2/3 of its tanks.") == []
    assert [t.text for t in find_times("The drills began on 14/9 near Brest.")] == ["on 14/9"]


# --------------------------------------------------------------------------- finding, in any case


@pytest.mark.parametrize("text", [
    "MONDAY, 24/2: drills from 10 TO 20 FEBRUARY 2022 near İstanbul, ended Last Week",
    "ſunday 5 May and the ınvasion since March 2014",  # letters IGNORECASE folds and lower() does not
    "On İstanbul's 10 March, \u212aiev on Monday",  # İ lower-cases to two characters
])
def test_times_are_found_where_the_case_blind_regex_finds_them(text):
    """find_times matches the lower-cased text with case-sensitive regexes where that is exact, and
    the text itself with the IGNORECASE ones where it is not: the spans are the same either way."""
    import re

    from belsignal import dates

    reference = re.compile(r"\b" + dates._TIME, re.IGNORECASE)
    expected = [(m.start(), m.end(), m.group()) for m in reference.finditer(text)]
    assert [(m.start(), m.end(), text[m.start():m.end()]) for m in dates._time_matches(text)] == expected
    found = find_times(text)
    assert found and all(t.text == text[t.start:t.end] for t in found)  # the text as written, not lower-cased


def test_every_word_anchor_holds_a_part_the_anchor_prefilter_looks_for():
    """_anchors skips the word anchor regex on a text with none of _WORD_ANCHOR_PARTS: each anchor
    the regex knows (a word, or a relative word and the next) holds one."""
    from belsignal import dates

    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", dates._WORD_ANCHOR.pattern)})
    phrases = words + [f"{first} {w}" for first in ("last", "this", "next", "past", "coming", "last few")
                       for w in words]
    anchors = [p for p in phrases if dates._WORD_ANCHOR_LOWER.fullmatch(p)]
    assert len(anchors) > 60 and "sept" in anchors and "last few months" in anchors
    assert [a for a in anchors if not dates._may_hold_word_anchor(a)] == []


# --------------------------------------------------------------------------- shapes found by the probes of 2026-12-02


@pytest.mark.parametrize("text, expression, date, date_end", [
    ("Through the winter 2021-2022 the garrison grew.", "winter 2021-2022", "2021", "2022"),
    ("In the 2019-2020 winter the garrison grew.", "In the 2019-2020 winter", "2019", "2020"),
    ("Over the winter of 2018/19 the garrison grew.", "the winter of 2018/19", "2018", "2019"),
    ("In winter 2020 the garrison grew.", "winter 2020", "2020", ""),  # one year: as before
])
def test_a_winter_across_two_years_is_a_period_of_years(text, expression, date, date_end):
    (found,) = find_times(text)
    assert found.text.endswith(expression)
    assert resolve_period(found.text, "2024-07-12") == (date, date_end)


@pytest.mark.parametrize("text, published, prefer, date", [
    ("Trains were seen on the 3rd.", "2023-05-20", "past", "2023-05-03"),
    ("The camp closes on the 28th.", "2023-05-20", "past", "2023-05-28"),  # within the month: as "28 May"
    ("They arrived on the 28th.", "2023-05-20", "done", "2023-04-28"),  # what happened: the month before
    ("The camp will close on the 2nd.", "2023-05-20", "future", "2023-06-02"),  # announced: the coming one
    ("The camp will close on the 31st.", "2023-05-20", "past", "2023-05-31"),
    ("It was moved on the 31st.", "2023-03-10", "done", ""),  # no 31 February: nothing invented
    ("Trains were seen on the 3rd.", "2023-05", "past", ""),  # which month needs the published day
])
def test_a_day_of_the_month_alone_takes_the_published_month(text, published, prefer, date):
    (found,) = find_times(text)
    assert resolve_period(found.text, published, prefer)[0] == date


@pytest.mark.parametrize("text", [
    "The 21st Motor Rifle Brigade moved north.",
    "Units from the 11th, 38th and 120th brigades took part.",
    "He spoke on the 80th anniversary of the liberation.",
    "Reservists of the 3rd company were called up.",
])
def test_an_ordinal_that_names_a_unit_or_an_anniversary_is_no_time(text):
    assert find_times(text) == []


@pytest.mark.parametrize("expression, base, date", [
    ("Three days later", "2023-03-30", "2023-04-02"),
    ("the following day", "2023-12-31", "2024-01-01"),
    ("The day before", "2023-03-01", "2023-02-28"),
    ("Six months later", "2023-09", "2024-03"),
    ("a decade earlier", "2023", None),  # not a shape read here
    ("Four years earlier", "2023-09-14", "2019"),
    ("Two days later", "2023-09", ""),  # a day counted from a month: unknown, never invented
])
def test_a_time_counted_from_another_event_is_counted_from_the_base_given(expression, base, date):
    found = find_times(expression + ", the column moved.")
    if date is None:
        assert found == []
        return
    assert found[0].text == expression
    assert resolve_period(found[0].text, base)[0] == date


def test_a_time_counted_from_an_earlier_event_in_the_text_dates_a_row_from_it():
    text = ("On 14 March the ministry moved 700 soldiers to Brest. Three days later, 450 more soldiers "
            "reached the city.\n\nA week later, 90 tanks left the base.")
    by_value = {r.value: r for r in rows(text, "2023-04-02")}
    assert (by_value[700].date, by_value[450].date, by_value[450].date_text) == ("2023-03-14", "2023-03-17",
                                                                                "Three days later")
    assert by_value[90].date == ""  # a new paragraph: no clear event to count from, left undated


def test_a_time_counted_from_an_event_with_nothing_before_it_is_left_undated():
    (row,) = [r for r in rows("Two weeks later, 600 soldiers crossed into Belarus.", "2023-04-02")
              if r.kind == "troops"]
    assert (row.date, row.date_text) == ("", "Two weeks later")


def test_a_day_alone_takes_the_month_of_the_time_before_it():
    text = "In May the army sent 300 soldiers to Grodno. On the 22nd, 200 more soldiers followed."
    by_value = {r.value: r for r in rows(text, "2023-07-04")}
    assert by_value[200].date == "2023-05-22"


@pytest.mark.parametrize("text, date_end", [
    ("Manoeuvres with 1,800 soldiers, which are due to finish on 30 September, continue near Lida.",
     "2023-09-30"),
    ("The staff exercise will run until August 3 in the Vitebsk region.", "2023-08-03"),
    ("Some 900 Russian soldiers will stay at the range till the end of the month.", "2023-07"),
    ("Minsk will keep its reservists in drills until the end of August.", "2023-08"),  # under way: this August
])
def test_an_end_with_no_start_is_the_date_end_and_leaves_the_date_empty(text, date_end):
    found = rows(text, "2023-07-20" if "August" not in text else "2023-08-03")
    assert found and all((r.date, r.date_end) == ("", date_end) for r in found)


def test_an_end_after_a_stated_start_still_closes_the_period():
    (row,) = [r for r in rows("The tank crews' drills opened on 2 August and will end on 9 August.", "2023-07-20")
              if r.kind == "exercise"]
    assert (row.date, row.date_end) == ("2023-08-02", "2023-08-09")


@pytest.mark.parametrize("text, date", [
    ("The drills, originally scheduled for March, will now be held with 2,000 soldiers in late May.", "2023-05"),
    ("An exercise of 3,000 troops initially planned to take place in April is now set for 12 June.", "2023-06-12"),
    ("Initially set for autumn, the exercise with 5,000 troops will now start on 4 November.", "2023-11-04"),
])
def test_a_time_given_up_does_not_date_the_event(text, date):
    found = rows(text, "2023-02-15")
    assert found and all(r.date == date for r in found)


@pytest.mark.parametrize("text, date, date_end", [
    ("The air-defence drill opened on 27 September and wraps up on the 3rd.", "2024-09-27", "2024-10-03"),
    ("The staff exercise started on 2 September and finished three days later.", "2024-09-02", "2024-09-05"),
    # an end with no year is the first such day after the start, even where the tense looks ahead
    ("The exercise, which began on 2 February, will end on 9 February, the ministry said.", "2024-02-02",
     "2024-02-09"),
    ("The exercise began on 28 December 2023 and ended on 5 January.", "2023-12-28", "2024-01-05"),
])
def test_an_end_counted_from_the_stated_start_follows_it(text, date, date_end):
    (row,) = [r for r in rows(text, "2024-10-20") if r.kind == "exercise"]
    assert (row.date, row.date_end) == (date, date_end)


def test_a_scene_time_counted_from_an_event_is_counted_from_that_event():
    text = ("On 9 April an echelon with 14 tanks reached Baranovichi. A week later, a second echelon left the "
            "station for the south. The platforms carried 31 tanks.")
    by_value = {r.value: r for r in rows(text, "2024-05-02")}
    assert (by_value[14].date, by_value[31].date) == ("2024-04-09", "2024-04")


# --------------------------------------------------------------------------- shapes found by the probes of 2026-12-02 (third stop)


@pytest.mark.parametrize("text, date", [
    ("In October, the two armies will stage joint drills near Grodno.", "2024-10"),
    ("But next spring, Minsk is to host 4,000 Russian soldiers.", "2025"),
    ("On 3 June, the air-defence exercise will open at the Domanovo range.", "2025-06-03"),
    # a verb of saying first: the time is the statement's
    ("In April, Khrenin said 4,000 Russian soldiers would come.", "2024-04"),
    # what happened stays the last one
    ("In October, the two armies staged joint drills near Grodno.", "2023-10"),
])
def test_a_time_opening_a_clause_that_announces_is_the_coming_one(text, date):
    found = rows(text, "2024-07-12")
    assert found and all(r.date == date for r in found)


@pytest.mark.parametrize("text, date", [
    ("Speaking to students on Tuesday, the general said 3,000 soldiers would rehearse the defence of Brest in "
     "late August.", "2024-08"),
    ("In an interview with state television on Sunday, Volfovich said 1,200 reservists had been called up in June.",
     "2024-06"),
    ("At a news conference in Minsk on Monday, the spokeswoman said the snap drills would start on 20 July.",
     "2024-07-20"),
    ("In a report dated 2 July, the monitors said 600 soldiers had left the Luninets base in May.", "2024-05"),
    # the only time there is: the statement's, as before
    ("In an interview on Sunday, Volfovich said 1,200 reservists were in training.", "2024-07-07"),
])
def test_a_time_of_the_statements_occasion_does_not_date_the_event(text, date):
    found = [r for r in rows(text, "2024-07-12") if r.kind != "denial"]
    assert found and all(r.date == date for r in found)


def test_the_occasion_of_a_statement_reaches_only_over_its_setting():
    # "statement on the drills in March": March is the drills' time, not the statement's
    found = rows("A statement on the drills in March named 2,000 soldiers; they trained on Monday.", "2024-07-12")
    assert {r.date for r in found if r.kind == "exercise"} == {"2024-03"}


@pytest.mark.parametrize("text, published, period", [
    ("The brigade trained from late August to early September last year.", "2024-07-12", ("2023-08", "2023-09")),
    ("The camp ran between December and February this year.", "2024-07-12", ("2023-12", "2024-02")),
])
def test_a_relative_year_given_with_the_end_of_a_period_dates_both_ends(text, published, period):
    (found,) = find_times(text)
    assert resolve_period(found.text, published) == period


def test_verbs_of_what_happened_date_the_last_one():
    (row,) = [r for r in rows("The reservists' exercise ran from late August to early September.", "2024-07-12")
              if r.kind == "exercise"]
    assert (row.date, row.date_end) == ("2023-08", "2023-09")


@pytest.mark.parametrize("text, date, date_text", [
    ("On 14 March the ministry said 30 tanks had reached Brest the previous week.", "2024-03", "the previous week"),
    ("The drills opened on 1 July. The following week, 800 more soldiers came.", "2024-07", "The following week"),
    ("Russia moved 500 soldiers to Gomel on 3 June. Later that month, 40 tanks arrived.", "2024-06",
     "Later that month"),
    ("An echelon left Polonka on 9 May. That same day, 12 tanks were unloaded at Baranovichi.", "2024-05-09",
     "That same day"),
    ("Later that month, 40 tanks arrived.", "", "Later that month"),  # nothing to count from: undated
])
def test_a_week_or_the_same_time_as_an_event_named_before_is_counted_from_it(text, date, date_text):
    row = [r for r in rows(text, "2024-07-12") if r.kind in ("troops", "equipment")][-1]
    assert (row.date, row.date_text) == (date, date_text)


@pytest.mark.parametrize("text, kind, date", [
    ("Moscow moved 1,500 soldiers to Brest, weeks after the joint drills in March.", "troops", ""),
    ("Moscow moved 1,500 soldiers to Brest, weeks after the joint drills in March.", "exercise", "2024-03"),
    ("The manoeuvres near Lida come a year after Wagner fighters set up camp there in July 2023.", "exercise", ""),
    ("Minsk deployed 40 tanks ahead of the parade on 3 July.", "equipment", ""),
    # the signal's own time before the lead stays; a time of day after "before" is no other event
    ("The army held drills on Tuesday, days after Moscow sent 900 soldiers on 2 July.", "exercise", "2024-07-09"),
    ("The army held drills on Tuesday, days after Moscow sent 900 soldiers on 2 July.", "troops", "2024-07-02"),
    ("The reservists began drills before dawn on Monday.", "exercise", "2024-07-08"),
])
def test_a_time_of_another_event_the_signal_follows_or_precedes_does_not_date_it(text, kind, date):
    found = [r for r in rows(text, "2024-07-12") if r.kind == kind]
    assert found and all(r.date == date for r in found)


def test_the_first_of_a_series_is_background():
    (row,) = rows("The staff drills, first held in 2009, will return to the Borisov range in August.", "2024-07-12")
    assert (row.kind, row.date) == ("exercise", "2024-08")


@pytest.mark.parametrize("expression, published, date", [
    ("this morning", "2024-07-12", "2024-07-12"),
    ("tonight", "2024-07-12", "2024-07-12"),
    ("this  afternoon", "2024-07-12", "2024-07-12"),
    ("last night", "2024-07-01", "2024-06-30"),  # the evening before
    ("this morning", "2024-07", ""),  # the base has no day
])
def test_a_part_of_the_day_published_is_that_day(expression, published, date):
    assert [t.text for t in find_times(f"Convoys crossed the border {expression}, it said.")] == [expression]
    assert resolve(expression, published) == date


@pytest.mark.parametrize("text, period", [
    ("The air-defence drills began on 8 July and will last ten days.", ("2024-07-08", "2024-07-17")),
    ("Minsk will hold staff drills for two weeks from 3 March.", ("2025-03-03", "2025-03-16")),
    ("The five-day exercise that began on Tuesday involves tank crews.", ("2024-07-09", "2024-07-13")),
    ("A week-long exercise opened on Monday near Pinsk.", ("2024-07-08", "2024-07-14")),
    # a length in another clause, of something else, or with no start day: no end
    ("The drills began on Monday; the reservists stayed for two weeks.", ("2024-07-08", "")),
    ("During a three-day visit, the minister watched drills that began on Monday.", ("2024-07-08", "")),
    ("Minsk will hold drills for two weeks in March.", ("2025-03", "")),
])
def test_a_length_given_with_a_start_day_ends_the_exercise(text, period):
    (row,) = [r for r in rows(text, "2024-07-12") if r.kind == "exercise"]
    assert (row.date, row.date_end) == period


@pytest.mark.parametrize("text, date, date_end", [
    ("The staff exercise is expected to run through the end of July.", "", "2024-07"),
    ("The tank crews' drills will run into early August.", "", "2024-08"),
    ("Belarusian gunners will hold drills through mid-February.", "", "2025-02"),
    ("Throughout June, the brigade held drills near Slonim.", "2024-06", ""),  # all of June, not its end
])
def test_through_or_into_a_time_gives_the_end(text, date, date_end):
    (row,) = [r for r in rows(text, "2024-07-12") if r.kind == "exercise"]
    assert (row.date, row.date_end) == (date, date_end)


@pytest.mark.parametrize("text, kind, date", [
    ("During 2023, the army held 80 drills.", "exercise", "2023"),
    ("The October manoeuvres will involve 3,000 soldiers.", "troops", "2024-10"),  # in the subject, before "will"
    ("Gunners who arrived in May will stay with 2,000 soldiers until autumn.", "troops", "2024"),  # "arrived": another's
    ("In May 3,000 soldiers arrived at the range.", "troops", "2024-05"),  # "May 3" is no day here
    ("The joint force, formed in October 2022, counted 9,000 soldiers by January 2023.", "troops", "2023-01"),
])
def test_times_read_whole_and_in_their_place(text, kind, date):
    found = [r for r in rows(text, "2024-07-12") if r.kind == kind]
    assert found and all(r.date == date for r in found)


@pytest.mark.parametrize("expression, published, date", [
    ("in the last week of July", "2024-08-05", "2024-07"),  # not "last week" from the publication
    ("on the last weekend of June", "2024-07-12", "2024-06"),
    ("in the first few days of March", "2024-07-12", "2024-03"),
    ("the final days of the month", "2024-07-12", "2024-07"),
    ("in the last week of July", "2024-08", "2024-07"),  # a month's part needs no published day
])
def test_a_part_of_a_month_named_by_its_order_is_of_that_month(expression, published, date):
    assert [t.text for t in find_times(f"Reservists drilled near Orsha {expression}.")] == [expression]
    assert resolve(expression, published) == date
    assert find_times("The first week of the war was the hardest.") == []


def test_this_winter_in_its_last_months_is_the_one_under_way():
    assert resolve_period("this winter", "2024-02-10", "future") == ("", "")  # December 2023 to February 2024
    assert resolve_period("this winter", "2024-10-10", "future") == ("2024", "")  # the coming December


@pytest.mark.parametrize("text, kind, date", [
    # a clause that opens the sentence with another event: its time is that event's
    ("Three weeks after Moscow's columns crossed on 24 February 2022, Minsk moved 1,000 soldiers south.", "troops", ""),
    ("Two days after the drills ended on 3 July, 2,000 soldiers returned to their barracks.", "troops", ""),
    # a time that opens the sentence is the signal's own, and so is the start of what has gone on since
    ("Since the beginning of July, 3,000 Russian soldiers have come to Belarus.", "troops", "2024-07"),
    ("Since Moscow's columns crossed in February 2022, Belarus has hosted 10,000 Russian soldiers.", "troops",
     "2022-02"),
    # what happened meanwhile: its time gives way to the signal's own, else dates it
    ("While Minsk held drills on Monday, Moscow moved 20 tanks to the border on Wednesday.", "equipment", "2024-07-10"),
    ("While the two leaders met on Monday, 20 tanks moved to the border.", "equipment", "2024-07-08"),
    # a relative clause of the country's past, and a record set since a time, are not the signal's
    ("Belarus, whose brigades drilled with Russia in 2021, will send 2,000 soldiers east in August.", "troops",
     "2024-08"),
    ("The drills, the first since March, involve 2,000 soldiers.", "exercise", ""),
    ("The largest drills since March began on Monday with 2,000 soldiers.", "exercise", "2024-07-08"),
])
def test_a_time_of_another_clause_or_a_record_does_not_date_the_signal(text, kind, date):
    found = [r for r in rows(text, "2024-07-12") if r.kind == kind]
    assert found and all(r.date == date for r in found)


@pytest.mark.parametrize("text, date, date_text", [
    ("In May, 2,000 soldiers reached Gomel. The next month, 40 tanks followed.", "2024-06", "The next month"),
    ("In May 2022, 2,000 soldiers reached Gomel; the next year, 40 tanks followed.", "2023", "the next year"),
    ("Minsk got 40 tanks in March 2023. That year, 2,000 soldiers came too.", "2023", "That year"),
    ("Minsk got 40 tanks in March 2023. In that month 2,000 soldiers came too.", "2023-03", "In that month"),
    ("The officer said that day, 40 tanks rolled in.", "", "that day"),  # nothing before to count from
    # "in the next month" is counted from the publication
    ("Minsk will move 2,000 soldiers to Gomel in the next month.", "2024-08", "next month"),
])
def test_the_next_or_that_time_of_a_story_counts_from_its_event(text, date, date_text):
    row = [r for r in rows(text, "2024-07-12") if r.kind in ("troops", "equipment")][-1]
    assert (row.date, row.date_text) == (date, date_text)


@pytest.mark.parametrize("expression, period", [("for 2025", ("2025", "")), ("for 2025-2026", ("2025", "2026"))])
def test_a_year_after_for_is_a_time(expression, period):
    assert [t.text for t in find_times(f"Minsk set 40 drills {expression}.")] == [expression]
    assert resolve_period(expression, "2024-07-12") == period
    assert find_times("Minsk paid for 2,000 rifles.") == []


@pytest.mark.parametrize("text, date", [
    ("A poll released on Monday but carried out in May found 80% of Belarusians against the war.", "2024-05"),
    ("In a report published on Monday, the pollster said 80% of Belarusians opposed the war in May.", "2024-05"),
    ("A poll published on Monday showed 80% of Belarusians against the war.", "2024-07-08"),  # the only time
])
def test_a_poll_is_dated_by_its_fieldwork_rather_than_its_publication(text, date):
    (row,) = [r for r in rows(text, "2024-07-12") if r.kind == "poll"]
    assert row.date == date


@pytest.mark.parametrize("text", [
    "Minsk to stage joint manoeuvres in October",  # a headline's infinitive
    "The staff drills start in October near Lida.",
    "Minsk plans drills in October with 3,000 soldiers.",
    "The joint drills are due in October.",
    "Minsk readies 3,000 soldiers for drills in October.",
])
def test_a_schedule_in_the_present_or_a_headline_announces_the_coming_month(text):
    found = rows(text, "2024-07-12")
    assert found and all(r.date == "2024-10" for r in found)
    assert [r.date for r in rows("Minsk staged joint manoeuvres in October.", "2024-07-12")] == ["2023-10"]


@pytest.mark.parametrize("text, date", [
    ("The ministry announced snap drills on 05.07.2024.", "2024-07-05"),
    ("As of 01.07.2024, 1,500 Russian soldiers were in Belarus.", "2024-07-01"),
    ("Drills took place on 7/5/2024.", "2024-05-07"),  # day first, as "24/2"
    ("The drill on 31.02.2024 never was.", ""),  # no such day
])
def test_a_day_in_figures_with_its_year_is_day_first(text, date):
    (found,) = find_times(text)
    assert resolve(found.text, "2024-07-12") == date
    assert find_times("The index rose 12.10.2024.5 points.") == []


def test_a_time_counted_from_an_event_is_a_whole_word():
    assert find_times("Drills were held the previous weekend.") == []  # not "the previous week"


def test_a_denial_is_never_dated_ahead():
    (row,) = [r for r in rows("Minsk has repeatedly denied plans to join the war, most recently on 3 July.", "2024-07-12")
              if r.kind == "denial"]
    assert row.date == "2024-07-03"  # "plans" announces what is denied, not the denial


def test_a_time_inside_an_opening_after_clause_is_not_fronted():
    found = {r.kind: r.date for r in rows("After drills in March, Minsk will hold more in September with 4,000 soldiers.",
                                           "2024-07-12")}
    assert found == {"exercise": "2024-03", "troops": "2024-09"}


@pytest.mark.parametrize("text, date", [
    ("Just hours after the drills kicked off on Monday, 40 tanks were seen near Brest.", "2024-07-08"),
    ("Moscow moved 40 tanks to the border, hours after the two leaders spoke on Monday.", "2024-07-08"),
    ("Moscow moved 40 tanks to the border, weeks after the two leaders spoke in March.", ""),
])
def test_hours_after_an_event_is_its_day_weeks_after_is_not(text, date):
    (row,) = [r for r in rows(text, "2024-07-12") if r.kind == "equipment"]
    assert row.date == date


@pytest.mark.parametrize("text, period", [
    ("The staff drills, postponed from June, will start on 20 July.", ("2024-07-20", "")),
    ("The staff drills were moved from May to late July.", ("2024-07", "")),  # a move, not a period
    ("The staff drills will run from May to late July.", ("2024-05", "2024-07")),
    ("The staff drills will take place over five days starting 22 July.", ("2024-07-22", "2024-07-26")),
])
def test_the_time_an_event_is_moved_from_is_given_up(text, period):
    (row,) = [r for r in rows(text, "2024-07-12") if r.kind == "exercise"]
    assert (row.date, row.date_end) == period


@pytest.mark.parametrize("text, published, period", [
    ("During the period from July 15 to 19, the brigade will take part in exercises.", "2024-12-28",
     ("2025-07-15", "2025-07-19")),
    ("In the period from 15 to 19 July, the reservists took part in exercises.", "2024-12-28",
     ("2024-07-15", "2024-07-19")),
])
def test_during_the_period_from_opens_a_clause_as_its_time(text, published, period):
    (row,) = [r for r in rows(text, published) if r.kind == "exercise"]
    assert (row.date, row.date_end) == period
