"""Signal tables on disk (`belsignal.tables`): each format written and read back, and sources."""
from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter

import pytest

import belsignal
from belsignal.diff import diff_batches
from belsignal.documents import read_documents
from belsignal.errors import InputError
from belsignal.export import write_signals
from belsignal.signals import COLUMNS, Signal
from belsignal.sources import load_rows
from belsignal.tables import spreadsheet_safe

from .conftest import SEEDS
from .test_diff import DRILL
from .test_export import csv_rows, troops_48000, vague_thousands, write


def numbers_as_floats(rows: list[dict]) -> list[dict]:
    return [{k: (float(v) if k in ("value", "low", "high") and v is not None else v) for k, v in r.items()} for r in rows]


def hostile_signal() -> Signal:
    return Signal(
        doc="evil.txt", kind="denial", value=-5.0, subject='=HYPERLINK("http://x","y")', source="@SUM(1)",
        text="-2+3", sentence="+cmd|' /C calc'!A0", location="\tTab", date_text="-5", rule="denial.cue",
    )  # fmt: skip



# --------------------------------------------------------------------------- CSV


def test_csv_header_is_columns_and_numbers_are_plain():
    text, counts = write([troops_48000()], "csv")
    reader = csv.reader(io.StringIO(text, newline=""))
    assert tuple(next(reader)) == COLUMNS
    [row] = csv_rows(text)
    assert (row["value"], row["low"], row["high"], row["start"], row["end"]) == ("48000", "48000", "48000", "120", "126")
    assert row["text"] == "48,000"
    assert row["id"] == troops_48000().id
    assert counts == Counter({"troops": 1})
    assert text.startswith("id,doc,published,kind,value,")  # no byte-order mark
    assert text.endswith("\r\n")


def test_csv_none_is_empty_and_fractions_are_kept():
    text, _ = write([Signal(doc="d", kind="poll", value=3.5, qualifier="approx", unit="percent")], "csv")
    [row] = csv_rows(text)
    assert (row["value"], row["low"], row["high"]) == ("3.5", "", "")


def test_csv_neutralizes_formulas_but_keeps_numbers():
    text, _ = write([hostile_signal()], "csv")
    [row] = csv_rows(text)
    assert row["subject"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert row["source"] == "'@SUM(1)"
    assert row["text"] == "'-2+3"
    assert row["sentence"] == "'+cmd|' /C calc'!A0"
    assert row["location"] == "'\tTab"
    assert row["value"] == "-5"
    assert row["date_text"] == "-5"


def test_raw_csv_writes_cells_unchanged():
    text, _ = write([hostile_signal()], "csv", raw_csv=True)
    [row] = csv_rows(text)
    assert (row["subject"], row["source"], row["text"]) == ('=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3")


@pytest.mark.parametrize(
    "cell, expected",
    [("-5", "-5"), ("+3.2", "+3.2"), ("-1e5", "-1e5"), ("-.5", "-.5"), ("=1+1", "'=1+1"), ("-inf", "'-inf"),
     ("- 5", "'- 5"), ("\r5", "'\r5"), ("Belarus", "Belarus"), ("", ""), ("48,000", "48,000"),
     # full-width and small forms a spreadsheet folds to = + - @ (issue 10, item 18)
     ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"), ("\uff0b1", "'\uff0b1"), ("\ufe66cmd", "'\ufe66cmd"),
     ("\uff20x", "'\uff20x"), ("\ufe63x", "'\ufe63x"), ("\uff10", "\uff10")],
)  # fmt: skip
def test_spreadsheet_safe(cell, expected):
    assert spreadsheet_safe(cell) == expected


def test_csv_streams_rows_as_they_arrive():
    out = io.StringIO(newline="")
    seen = []

    def signals():
        for n in range(3):
            seen.append(out.getvalue().count("\r\n"))
            yield Signal(doc="d", kind="troops", value=float(n), start=n)

    write_signals(signals(), "csv", out)
    assert seen == [1, 2, 3]  # header, then each earlier row, already written


# --------------------------------------------------------------------------- JSON


def test_jsonl_round_trip():
    signals = [troops_48000(), hostile_signal(), vague_thousands()]
    text, counts = write(signals, "jsonl")
    lines = text.splitlines()
    assert [json.loads(line) for line in lines] == [s.to_dict(missing=None) for s in signals]
    assert counts == Counter({"troops": 2, "denial": 1})
    assert '"value": 48000,' in lines[0]


def test_json_formats_write_null_for_every_missing_cell_and_csv_an_empty_one():
    signal = Signal(doc="d", kind="denial", text="denied", sentence="Minsk denied it.", start=0, end=6)
    for fmt in ("jsonl", "json"):
        text, _ = write([signal], fmt)
        record = json.loads(text)
        record = record[0] if fmt == "json" else record
        assert record["source"] is None and record["title"] is None and record["url"] is None
        assert record["value"] is None and record["actor"] is None and record["date"] is None
        assert record["kind"] == "denial" and record["modality"] == "asserted" and record["start"] == 0
    text, _ = write([signal], "csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["source"] == "" and row["value"] == "" and row["title"] == ""


def test_jsonl_keeps_unicode_and_escapes_line_separators():
    signal = Signal(doc="d", kind="troops", sentence="Лукашенко\u2028said")
    text, _ = write([signal], "jsonl")
    assert "Лукашенко\\u2028said" in text
    assert len(text.splitlines()) == 1
    assert json.loads(text)["sentence"] == "Лукашенко\u2028said"


def test_json_array_matches_json_dumps():
    signals = [troops_48000(), vague_thousands()]
    text, counts = write(signals, "json")
    assert text == json.dumps([s.to_dict(missing=None) for s in signals], indent=2, ensure_ascii=False) + "\n"
    assert counts == Counter({"troops": 2})


def test_json_empty_array():
    assert write([], "json") == ("[]\n", Counter())


# --------------------------------------------------------------------------- reading tables back (and sources)


def test_csv_export_round_trips(seed_rows, tmp_path):
    table = tmp_path / "seeds.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        write_signals(belsignal.extract(read_documents([SEEDS])), "csv", out)
    loaded = load_rows(table)
    assert loaded == numbers_as_floats(seed_rows)
    assert all(isinstance(r["start"], int) and isinstance(r["end"], int) for r in loaded)
    assert all(r["value"] is None or isinstance(r["value"], float) for r in loaded)
    assert list(loaded[0]) == list(COLUMNS)


def test_tables_from_before_the_title_and_url_columns_still_load(seed_rows, tmp_path):
    older = [c for c in COLUMNS if c not in ("title", "url")]
    table = tmp_path / "old.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, older, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in seed_rows)
    assert "title" not in table.read_text(encoding="utf-8").splitlines()[0]
    assert load_rows(table) == numbers_as_floats(seed_rows)
    assert not diff_batches(load_rows(table), seed_rows).has_differences


def test_csv_spreadsheet_neutralization_is_undone(tmp_path):
    hostile = hostile_signal()
    table = tmp_path / "evil.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        write_signals([hostile], "csv", out)
    assert "'=HYPERLINK" in table.read_text(encoding="utf-8")
    assert load_rows(table) == numbers_as_floats([hostile.to_dict()])


def test_jsonl_and_json_exports_are_tables_and_jsonl_articles_are_articles(seed_rows, tmp_path):
    rows = seed_rows
    for fmt in ("jsonl", "json"):
        table = tmp_path / f"seeds.{fmt}"
        with table.open("w", encoding="utf-8") as out:
            write_signals((Signal(**r) for r in rows), fmt, out)
        assert load_rows(table) == numbers_as_floats(rows)
    news = tmp_path / "news.jsonl"
    news.write_text('\n{"id": "a", "text": "Russia sent about 30,000 troops into Belarus."}\n', encoding="utf-8")
    [row] = load_rows(news)
    assert (row["doc"], row["kind"], row["value"], row["actor"]) == ("news.jsonl#a", "troops", 30000, "russia")


def test_single_text_file_is_articles(tmp_path):
    article = tmp_path / "week.md"
    article.write_text(DRILL + "\n", encoding="utf-8")
    [row] = load_rows(article)
    assert (row["doc"], row["kind"], row["actor"], row["sentence"]) == ("week.md", "exercise", "belarus", DRILL)


def test_load_batch_problems(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_rows(tmp_path / "missing")
    other = tmp_path / "other.csv"
    other.write_text("name,age\nann,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a belsignal signal table"):
        load_rows(other)
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,value,start\ntroops,lots,0\ntroops,5,1\n", encoding="utf-8")
    problems = []
    rows = load_rows(bad, on_problem=problems.append)
    assert [(r["kind"], r["value"], r["start"]) for r in rows] == [("troops", 5.0, 1)]
    assert [str(p) for p in problems] == [f"{bad}:2: skipped: value is not a number: 'lots'"]




@pytest.mark.parametrize("cells, problem", [
    ({"value": True}, "value is not a number: 'True'"),
    ({"start": False}, "start is not an integer: 'False'"),
    ({"start": -3}, "start is not an offset: '-3'"),
    ({"end": 1e400}, "end is not an integer: 'inf'"),
])  # fmt: skip
def test_json_values_that_are_no_numbers_or_offsets_are_bad_cells(tmp_path, cells, problem):
    row = {"kind": "troops", "value": 5, "start": 2, "end": 3}
    table = tmp_path / "t.jsonl"
    table.write_text(json.dumps(row) + "\n" + json.dumps({**row, **cells}) + "\n", encoding="utf-8")
    problems = []
    assert [r["start"] for r in load_rows(table, on_problem=problems.append)] == [2]
    assert [str(p) for p in problems] == [f"{table}:2: skipped: {problem}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero")
def test_a_fifo_or_device_named_as_a_table_is_refused_not_read_for_ever(tmp_path):
    fifo = tmp_path / "last.csv"
    os.mkfifo(fifo)  # no writer: opening it would block
    (tmp_path / "zero.json").symlink_to("/dev/zero")  # never ends
    for path in (fifo, tmp_path / "zero.json"):
        with pytest.raises(InputError, match="not a regular file"):
            load_rows(path)


def test_json_nested_too_deeply_is_a_bad_row_or_not_a_table(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    row = {"kind": "troops", "value": 5, "start": 2, "end": 3}
    lines = tmp_path / "t.jsonl"
    lines.write_text(json.dumps(row) + '\n{"kind": "troops", "start": ' + deep + "}\n", encoding="utf-8")
    problems = []
    assert [r["value"] for r in load_rows(lines, on_problem=problems.append)] == [5.0]
    assert [str(p) for p in problems] == [f"{lines}:2: skipped: JSON nested too deeply"]
    array = tmp_path / "t.json"
    array.write_text("[" + json.dumps(row) + ', {"kind": ' + deep + "}]", encoding="utf-8")
    with pytest.raises(InputError, match="JSON nested too deeply"):
        load_rows(array)


@pytest.mark.parametrize("cells, problem", [
    ("troops,nan,0,1,r", "value is not a finite number: 'nan'"),
    ("troops,inf,0,1,r", "value is not a finite number: 'inf'"),
    ("troops,5,inf,1,r", "start is not an integer: 'inf'"),
    ("troops,-Infinity,0,1,r", "value is not a finite number: '-Infinity'"),
])  # fmt: skip
def test_non_finite_numbers_are_bad_cells(tmp_path, cells, problem):
    table = tmp_path / "t.csv"
    table.write_text(f"kind,value,start,end,rule\n{cells}\ntroops,5,2,3,r\n", encoding="utf-8")
    problems = []
    rows = load_rows(table, on_problem=problems.append)
    assert [(r["value"], r["start"]) for r in rows] == [(5.0, 2)]
    assert [str(p) for p in problems] == [f"{table}:2: skipped: {problem}"]
    assert not diff_batches(rows, rows).has_differences  # a table never differs from itself


def test_nan_in_a_jsonl_table_never_reaches_json_output(tmp_path):
    from belsignal.diff import render

    table = tmp_path / "t.jsonl"
    table.write_text('{"kind": "troops", "value": NaN, "start": 0}\n{"kind": "troops", "value": 5, "start": 1}\n',
                     encoding="utf-8")
    problems = []
    rows = load_rows(table, on_problem=problems.append)
    assert [str(p) for p in problems] == [f"{table}:1: skipped: value is not a finite number: 'nan'"]
    out = io.StringIO()
    render(diff_batches([], rows), "json", out)
    assert "NaN" not in out.getvalue()
