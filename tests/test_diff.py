"""`belsignal diff`: indicators matched across two batches of real articles.

The batches are the seed articles and edited copies of them; every expected
change is derived from the edit that caused it, never from a hard-coded
extractor output.
"""
from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from pathlib import Path

import pytest

import belsignal
from belsignal.diff import FORMATS, BatchDiff, Change, describe_change, diff_batches, render, short_text
from belsignal.documents import read_documents
from belsignal.export import write_signals
from belsignal.grouping import indicator_key, indicators
from belsignal.sources import load_rows

from .conftest import SEEDS

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
FIGURE_OLD, FIGURE_NEW = "20,000 newly mobilised", "9,000 newly mobilised"
DENIAL = (
    "Kyiv denied these accusations and stated that the delivery of a diplomatic note could be part "
    "of the Russian plan to draw Belarus into the conflict."
)
DRILL = "On Monday, Belarus began snap drills near the border with Lithuania."


def seed(n: int) -> str:
    return next(name for name in SEED_FILES if name.startswith(f"{n:03d}_"))


def edited(name: str) -> str:
    """The text of seed `name` with this week's edits: 002 has a new figure and no Kyiv denial,
    004 ends with a snap drill."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    if name == seed(2):
        assert text.count(FIGURE_OLD) == 1 and text.count(DENIAL) == 1
        text = text.replace(FIGURE_OLD, FIGURE_NEW).replace(" " + DENIAL, "")
        assert DENIAL not in text
    if name == seed(4):
        text = text.rstrip("\n") + "\n\n" + DRILL + "\n"
    return text


def make_folder(root: Path, names: list[str], edit: bool) -> Path:
    root.mkdir()
    for name in names:
        (root / name).write_text(edited(name) if edit else (SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    return root


def rendered(report: BatchDiff, fmt: str) -> str:
    out = io.StringIO(newline="")
    render(report, fmt, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """all: the five seeds; all_edited: the five with the edits; old: 000-002; new: 002-004 edited."""
    root = tmp_path_factory.mktemp("diff")
    return {
        "all": SEEDS,
        "all_edited": make_folder(root / "all_edited", SEED_FILES, edit=True),
        "old": make_folder(root / "old", [seed(0), seed(1), seed(2)], edit=False),
        "new": make_folder(root / "new", [seed(2), seed(3), seed(4)], edit=True),
    }


@pytest.fixture(scope="module")
def batches(folders) -> dict[str, list[dict]]:
    return {name: load_rows(path) for name, path in folders.items()}


@pytest.fixture(scope="module")
def week(batches) -> BatchDiff:
    """All five seeds last week, the same five with the three edits this week."""
    return diff_batches(batches["all"], batches["all_edited"])


def edited_figure_row(rows: list[dict], value: float) -> dict:
    [row] = [r for r in rows if r["kind"] == "troops" and r["value"] == value and "newly mobilised" in r["sentence"]]
    return row


# --------------------------------------------------------------------------- the report


def test_week_report_has_exactly_the_three_edits(batches, week):
    old, new = batches["all"], batches["all_edited"]
    assert week.has_differences
    assert (len(week.new), len(week.changed), len(week.gone)) == (1, 1, 1)

    # changed: the Russian personnel figure, 20,000 -> 9,000
    [changed] = week.changed
    assert changed.change == "changed"
    assert changed.key == indicator_key(edited_figure_row(old, 20000)) == indicator_key(edited_figure_row(new, 9000))
    assert changed.key[:3] == ("troops", "russia", "personnel")
    assert (changed.old.figure["value"], changed.new.figure["value"]) == (20000, 9000)
    assert changed.old.figure["modality"] == changed.new.figure["modality"]
    assert (changed.old.mentions, changed.new.mentions, changed.old.sources, changed.new.sources) == (1, 1, 1, 1)
    assert describe_change(changed) == f"troops · russia · personnel · {short_text(changed.new.subject)}: 20,000 -> 9,000 (-55%)"
    assert FIGURE_NEW in changed.new.example and FIGURE_OLD in changed.old.example

    # gone: the Kyiv denial
    [gone] = week.gone
    [denial_row] = [r for r in old if r["kind"] == "denial" and "Kyiv denied" in r["sentence"]]
    assert gone.change == "gone" and gone.new is None
    assert gone.key == indicator_key(denial_row)
    assert (gone.old.mentions, gone.old.sources, gone.old.example) == (1, 1, DENIAL)
    assert describe_change(gone) == f"denial · ukraine · {short_text(gone.old.subject)}: gone"

    # new: the snap drill
    [added] = week.new
    assert added.change == "new" and added.old is None
    assert added.key[:3] == ("exercise", "belarus", "")
    assert "snap" in added.key[3]
    assert (added.new.mentions, added.new.sources, added.new.example) == (1, 1, DRILL)
    assert describe_change(added) == f"exercise · belarus · {short_text(added.new.subject)}: new"


def test_week_summary_counts_and_ranges(batches, week):
    old, new = batches["all"], batches["all_edited"]
    expected_new = Counter(r["kind"] for r in old) + Counter({"exercise": 1})
    expected_new["denial"] -= 1
    summary = week.summary
    assert [(k["kind"], k["old_signals"], k["new_signals"]) for k in summary["kinds"]] == [
        (kind, Counter(r["kind"] for r in old)[kind], expected_new[kind]) for kind in sorted({r["kind"] for r in old})
    ]
    assert [(k["kind"], k["new"], k["changed"], k["gone"]) for k in summary["kinds"] if k["new"] or k["changed"] or k["gone"]] == [
        ("denial", 0, 0, 1), ("exercise", 1, 0, 0), ("troops", 0, 1, 0),
    ]  # fmt: skip
    assert (summary["old_signals"], summary["new_signals"]) == (len(old), len(new)) == (len(old), len(old))
    assert (summary["new"], summary["changed"], summary["gone"]) == (1, 1, 1)
    # ranges: min..max over value (else low/high) per kind, actor and unit; an independent recount
    for entry in summary["ranges"]:
        for side, rows in (("old", old), ("new", new)):
            numbers = [
                n for r in rows if (r["kind"], r["actor"], r["unit"]) == (entry["kind"], entry["actor"], entry["unit"])
                for n in ([r["value"]] if r["value"] is not None else [r["low"], r["high"]]) if n is not None
            ]  # fmt: skip
            assert (entry[f"{side}_min"], entry[f"{side}_max"]) == ((min(numbers), max(numbers)) if numbers else (None, None))
    assert {(e["kind"], e["actor"], e["unit"]) for e in summary["ranges"]} == {
        (r["kind"], r["actor"], r["unit"]) for r in old + new if any(r[n] is not None for n in ("value", "low", "high"))
    }
    russians = next(e for e in summary["ranges"] if e["kind"] == "troops" and e["actor"] == "russia" and e["unit"] == "personnel")
    assert russians["old_max"] == russians["new_max"] == max(r["value"] or 0 for r in old if r["actor"] == "russia")


def test_split_batches_report_the_edits_and_the_articles_that_came_and_went(batches, folders):
    old_rows, new_rows = batches["old"], batches["new"]
    report = diff_batches(old_rows, new_rows)
    old, new = indicators(old_rows), indicators(new_rows)
    assert [c.key for c in report.new] == sorted(new.keys() - old.keys())
    assert [c.key for c in report.gone] == sorted(old.keys() - new.keys())
    assert [c.key for c in report.changed] == sorted(k for k in old.keys() & new.keys() if old[k].figure != new[k].figure)

    changed = {c.key: c for c in report.changed}
    figure = changed[indicator_key(edited_figure_row(old_rows, 20000))]
    assert (figure.old.figure["value"], figure.new.figure["value"]) == (20000, 9000)
    [denial_row] = [r for r in old_rows if r["kind"] == "denial" and "Kyiv denied" in r["sentence"]]
    assert indicator_key(denial_row) in {c.key for c in report.gone}
    [drill] = [c for c in report.new if c.new.example == DRILL]
    assert drill.new.mentions == 1

    # every signal of 000/001 whose indicator is not in NEW is reported gone, with all its mentions
    only_old = {seed(0), seed(1)}
    gone = {c.key: c for c in report.gone}
    for row in old_rows:
        k = indicator_key(row)
        if row["doc"] in only_old and k not in new:
            assert gone[k].old.mentions == sum(1 for r in old_rows if indicator_key(r) == k)
    # and 002, on both sides, contributes nothing else
    both = [r for r in old_rows if r["doc"] == seed(2)]
    edits = {indicator_key(edited_figure_row(old_rows, 20000)), indicator_key(denial_row)}
    for row in both:
        k = indicator_key(row)
        if k not in edits:
            assert k in new and (k not in changed or k in {indicator_key(r) for r in old_rows if r["doc"] in only_old})


def test_a_batch_diffed_with_itself_has_no_differences(batches, folders, tmp_path):
    for rows in (batches["all"], batches["new"], []):
        report = diff_batches(rows, rows)
        assert not report.has_differences
        assert (report.new, report.gone, report.changed) == ([], [], [])
    # the same articles read twice, and a CSV export against its folder
    assert not diff_batches(load_rows(folders["old"]), batches["old"]).has_differences
    table = tmp_path / "old.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        write_signals(belsignal.extract(read_documents([folders["old"]])), "csv", out)
    assert not diff_batches(load_rows(table), batches["old"]).has_differences
    assert diff_batches(batches["all"], batches["all_edited"]).has_differences


def test_diff_is_deterministic_whatever_the_row_order(batches):
    old, new = batches["old"], batches["new"]
    first = {fmt: rendered(diff_batches(old, new), fmt) for fmt in FORMATS}
    again = {fmt: rendered(diff_batches(old, new), fmt) for fmt in FORMATS}
    assert first == again
    shuffle = random.Random(5)
    old2, new2 = old[:], new[:]
    shuffle.shuffle(old2)
    shuffle.shuffle(new2)
    assert {fmt: rendered(diff_batches(old2, new2), fmt) for fmt in FORMATS} == first


# --------------------------------------------------------------------------- mixed sources


def test_csv_old_against_folder_new_equals_folder_against_folder(folders, batches, tmp_path):
    table = tmp_path / "old.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        write_signals(belsignal.extract(read_documents([folders["old"]])), "csv", out)
    mixed = diff_batches(load_rows(table), load_rows(folders["new"]))
    plain = diff_batches(batches["old"], batches["new"])
    assert mixed.has_differences
    for fmt in ("json", "csv", "markdown"):
        assert rendered(mixed, fmt) == rendered(plain, fmt)


# --------------------------------------------------------------------------- output


def test_csv_and_jsonl_have_one_row_per_indicator(week):
    table = list(csv.DictReader(io.StringIO(rendered(week, "csv"), newline="")))
    assert [r["change"] for r in table] == ["new", "changed", "gone"]
    changed = table[1]
    assert (changed["old_value"], changed["new_value"], changed["old_mentions"], changed["new_mentions"]) == ("20000", "9000", "1", "1")
    assert (changed["old_sources"], changed["new_sources"], changed["percent_change"]) == ("1", "1", "-55")
    assert changed["description"] == describe_change(week.changed[0])
    gone = table[2]
    assert (gone["old_mentions"], gone["new_mentions"], gone["example"]) == ("1", "0", DENIAL)
    header = next(csv.reader(io.StringIO(rendered(week, "csv"))))
    for column in ("change", "old_value", "new_value", "old_low", "new_low", "old_high", "new_high",
                   "old_mentions", "new_mentions", "old_sources", "new_sources", "example"):  # fmt: skip
        assert column in header
    lines = [json.loads(line) for line in rendered(week, "jsonl").splitlines()]
    assert [(r["change"], r["old_value"], r["new_value"]) for r in lines] == [
        ("new", None, None), ("changed", 20000, 9000), ("gone", None, None),
    ]  # fmt: skip
    data = json.loads(rendered(week, "json"))
    assert data["has_differences"] is True
    assert [len(data[s]) for s in ("new", "changed", "gone")] == [1, 1, 1]
    assert data["changed"][0] == lines[1]


def test_different_rule_versions_are_noted_once(batches):
    renamed = [{**row, "rule": row["rule"] + "-v2"} if row["kind"] == "troops" else row for row in batches["old"]]
    report = diff_batches(batches["old"], renamed)
    first = next(row for row in renamed if row["kind"] == "troops")
    assert report.rules_differ.startswith(f"{first['doc']} at {first['start']}: rule '{first['rule'][:-3]}' in OLD")
    assert "-v2' in NEW" in report.rules_differ and "more mention(s) like it" in report.rules_differ
    assert diff_batches(batches["old"], batches["old"]).rules_differ == ""


def test_markdown_cells_are_text_not_html_or_links():
    rows = [dict(kind="exercise", actor="belarus", doc="a", subject="drills",
                 sentence='<script>alert(1)</script> [click](javascript:alert(1)) `code` a|b & ![i](http://t/x.png)')]
    markdown_it = pytest.importorskip("markdown_it")  # comes with rich
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(rendered(diff_batches([], rows), "markdown"))
    assert "<script" not in html and "href=" not in html and "<img" not in html and "<code>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1)) `code` a|b &amp; ![i]" in html


def test_markdown_has_the_four_sections(week, batches):
    text = rendered(week, "markdown")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary", "## New", "## Changed", "## Gone"]
    changed = text.split("## Changed")[1].split("## Gone")[0]
    assert "| 20,000 | 9,000 | -55% | 1 -> 1 | 1 -> 1 |" in changed
    assert DRILL in text.split("## New")[1].split("## Changed")[0]
    empty = rendered(diff_batches(batches["old"], batches["old"]), "markdown")
    assert [line for line in empty.splitlines() if line.startswith("## ")] == headings
    assert empty.count("None.") == 3


def test_table_prints_text_literally(week):
    text = rendered(week, "table")
    for title in ("Summary", "New (1)", "Changed (1)", "Gone (1)"):
        assert title in text
    assert "20,000" in text and "9,000" in text and "-55%" in text
    rows = [dict(kind="exercise", actor="belarus", subject="[bold]snap[/bold] drills :x:", sentence="[red]x[/red]", doc="a")]
    out = rendered(diff_batches([], rows), "table")
    assert "[bold]snap[/bold] drills :x:" in out and "[red]x[/red]" in out


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render(diff_batches([], []), "xml", io.StringIO())


def test_change_is_a_plain_record():
    report = diff_batches([], [])
    assert isinstance(report, BatchDiff) and not report.has_differences
    assert Change(key=("a",), old=None, new=None, change="new").change == "new"
