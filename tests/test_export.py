"""Writing the signal table to a stream: the rich table, readable numbers, atomic files (formats: test_tables)."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from belsignal.export import FORMATS, atomic_output, describe_number, format_number, write_signals
from belsignal.signals import Signal


def troops_48000() -> Signal:
    return Signal(
        doc="000_193a5e913a49cda4.txt", published="2023-12-06", kind="troops",
        value=48000.0, low=48000.0, high=48000.0, qualifier="exact", unit="personnel", actor="belarus",
        subject="Belarusian military", text="48,000",
        sentence="Belarus has a 48,000-man-strong military.", start=120, end=126, rule="troops.count",
    )  # fmt: skip


def vague_thousands() -> Signal:
    return Signal(doc="a.jsonl#7", kind="troops", low=1000.0, qualifier="vague", unit="personnel",
                  actor="russia", text="[bold]thousands[/bold]", source="Hajun Project", modality="reported")  # fmt: skip


def write(signals, fmt, **kwargs) -> tuple[str, Counter]:
    out = io.StringIO(newline="")
    counts = write_signals(signals, fmt, out, **kwargs)
    return out.getvalue(), counts


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- table


def test_table_shows_key_columns_and_readable_numbers():
    text, counts = write([troops_48000(), vague_thousands()], "table")
    for expected in ["doc", "number", "modality", "000_193a5e913a49cda4.txt", "48,000", "personnel", "belarus",
                     "≥1,000 (vague)", "Hajun Project", "reported"]:  # fmt: skip
        assert expected in text
    assert counts == Counter({"troops": 2})


def test_table_prints_markup_literally():
    text, _ = write([vague_thousands()], "table")
    assert "[bold]thousands[/bold]" in text
    assert "\x1b[" not in text


def test_table_uses_given_console():
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=200, markup=True)
    write_signals([vague_thousands()], "table", io.StringIO(), console=console)
    assert "[bold]thousands[/bold]" in out.getvalue()


@pytest.mark.parametrize(
    "fields, expected",
    [
        (dict(value=48000.0, low=48000.0, high=48000.0, qualifier="exact"), "48,000"),
        (dict(value=30000.0, qualifier="approx"), "~30,000"),
        (dict(value=12000.0, low=12000.0, qualifier="at_least"), "≥12,000"),
        (dict(value=7000.0, high=7000.0, qualifier="at_most"), "≤7,000"),
        (dict(low=4000.0, high=6000.0, qualifier="range"), "4,000–6,000"),
        (dict(low=1000.0, qualifier="vague"), "≥1,000 (vague)"),
        (dict(qualifier="vague"), "(vague)"),
        (dict(value=3.5, qualifier="exact"), "3.5"),
        (dict(), ""),
    ],
)
def test_describe_number(fields, expected):
    assert describe_number(Signal(doc="d", kind="troops", **fields)) == expected


@pytest.mark.parametrize("v, expected", [(None, ""), (48000.0, "48,000"), (7, "7"), (-5.0, "-5"), (1234.5, "1,234.5")])
def test_format_number(v, expected):
    assert format_number(v) == expected


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        write_signals([troops_48000()], "xml", io.StringIO())


def test_formats():
    assert FORMATS == ("table", "csv", "jsonl", "json")


# --------------------------------------------------------------------------- atomic output


def test_atomic_output_replaces_file_on_success(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n", encoding="utf-8")
    with atomic_output(path, newline="") as out:
        write_signals([troops_48000()], "csv", out)
        assert path.read_text(encoding="utf-8") == "old\n"  # nothing visible until the end
    assert csv_rows(path.read_text(encoding="utf-8"))[0]["text"] == "48,000"
    assert b"\r\n" in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_output_new_file_gets_normal_permissions(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "new.jsonl") as out:
            out.write("{}\n")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.jsonl").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_atomic_output_keeps_previous_file_on_error(tmp_path, error):
    path = tmp_path / "out.jsonl"
    path.write_text("previous\n", encoding="utf-8")
    with pytest.raises(type(error)):
        with atomic_output(path) as out:
            out.write("partial")
            raise error
    assert path.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_output_dash_and_none_write_to_stdout(capsys):
    import sys

    for target in ("-", None):
        with atomic_output(target) as out:
            assert out is sys.stdout
            write_signals([troops_48000()], "jsonl", out)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["48,000", "48,000"]
    assert not sys.stdout.closed


# --------------------------------------------------------------------------- terminal safety (issue 10, item 18)


@pytest.mark.parametrize("text, shown", [
    ("plain text", "plain text"), ("a\x1b[2Jb", "a\\x1b[2Jb"), ("bell\x07", "bell\\x07"),
    ("\u202eevil", "\\u202eevil"), ("caf\udce9.txt", "caf\\xe9.txt"), ("line\nbreak", "line\\x0abreak"),
    ("C1 \x9b31m", "C1 \\x9b31m"), ("Минск “quoted”", "Минск “quoted”"),
])  # fmt: skip
def test_printable_shows_control_characters_as_escapes(text, shown):
    from belsignal.render import printable

    assert printable(text) == shown


def test_table_cells_are_printable():
    signal = troops_48000()
    signal.doc, signal.source = "a\x1b]0;title\x07.txt", "Minsk\nsaid"
    text, _ = write([signal], "table")
    assert "\x1b" not in text and "\x07" not in text
    assert "a\\x1b]0;title\\x07.txt" in text and "Minsk said" in text
