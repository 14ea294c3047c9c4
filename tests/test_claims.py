"""`belsignal claims SOURCE`: the claims of a table, a store or articles, for people and machines."""
from __future__ import annotations

import csv
import io
import json

from belsignal.claims import CLAIM_COLUMNS
from belsignal.export import write_signals
from belsignal.grouping import claims
from belsignal.signals import Signal

from .test_grouping import WIRE, extracted
from .test_tables import numbers_as_floats


def test_claims_command_in_every_format(tmp_path, run_cli):
    rows = extracted(*((f"wk/{n}.txt", f"2024-06-0{n + 1}", f"https://site{n}.example/a", WIRE) for n in range(3)),
                     ("wk/other.txt", "2024-06-02", "", "Only 3 percent of Belarusians support joining the war, a Chatham House poll found."))  # fmt: skip
    table = tmp_path / "week.jsonl"
    with table.open("w", encoding="utf-8") as out:
        write_signals((Signal(**r) for r in rows), "jsonl", out)
    expected = claims(numbers_as_floats(rows))
    assert [c.mentions for c in expected] == [1, 3]  # the poll, then the wire story

    result = run_cli("claims", table, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["mentions"], r["outlets"], r["value"]) for r in records] == [("poll", 1, 1, 3), ("troops", 3, 3, 30000)]
    assert records[1]["sources"] == ["Hajun Project"] and records[1]["first_seen"] == "2024-06-01"
    assert records[0]["date_end"] is None  # missing is null, as in the signal table
    assert list(records[0]) == list(CLAIM_COLUMNS)

    result = run_cli("claims", table, "-f", "csv", "--kind", "troops")
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["mentions"], row["documents"], row["sources"], row["value"]) == ("3", "3", "Hajun Project", "30000")

    result = run_cli("claims", table, "-f", "table")
    assert "2 claims from 4 mentions (2 indicators)" in result.stdout and "Claims (2)" in result.stdout
    out = tmp_path / "claims.md"
    assert run_cli("claims", table, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("## Claims\n\n2 claims from 4 mentions (2 indicators).")
