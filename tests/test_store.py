"""The SQLite store (`-o signals.db`): opened with sqlite3 and sqlite-utils, and killed mid-run."""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEEDS, need

sqlite_utils = need("sqlite_utils", "the store needs sqlite-utils: pip install -e '.[store]'")

from belsignal.grouping import claims  # noqa: E402
from belsignal.signals import COLUMNS, signal_id  # noqa: E402
from belsignal.sources import load_rows  # noqa: E402

from .test_tables import numbers_as_floats  # noqa: E402

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def week(root: Path, names: list[str]) -> Path:
    root.mkdir()
    for name in names:
        shutil.copy(SEEDS / name, root / name)
    return root


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but runs (and FTS shadow tables), in a stable order."""
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if n != "runs" and not n.startswith("signals_fts")]  # fmt: skip
        return {n: sorted(conn.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


@pytest.fixture(scope="module")
def weeks(tmp_path_factory, run_cli) -> dict:
    """A store that saw week 1 (seeds 000-002), week 1 again, then week 2 (seeds 002-004)."""
    root = tmp_path_factory.mktemp("store")
    db = root / "signals.db"
    one = week(root / "week1", SEED_FILES[:3])
    two = week(root / "week2", SEED_FILES[2:])
    result = run_cli("extract", one, "-o", db, "-q")
    assert result.exit_code == 0, result.stderr
    after_one = snapshot(db)
    assert run_cli("extract", one, "-o", db, "-q").exit_code == 0
    after_again = snapshot(db)
    assert run_cli("extract", two, "-f", "sqlite", "-o", db, "-q", "--commit-every", "1").exit_code == 0
    return {"db": db, "one": one, "two": two, "after_one": after_one, "after_again": after_again}


def test_running_the_same_batch_again_changes_no_row(weeks):
    assert weeks["after_again"] == weeks["after_one"]
    assert weeks["after_one"]["signals"] and weeks["after_one"]["documents"] and weeks["after_one"]["claims"]


def test_a_new_batch_adds_only_what_is_new(weeks, seed_rows):
    db = sqlite_utils.Database(weeks["db"])
    runs = list(db["runs"].rows_where(order_by="id"))
    in_week = {n: [r for r in seed_rows if r["doc"] in names] for n, names in
               ((1, SEED_FILES[:3]), (2, SEED_FILES[2:]))}  # fmt: skip
    assert [(r["id"], r["documents"], r["signals"], r["new_signals"]) for r in runs] == [
        (1, 3, len(in_week[1]), len(in_week[1])),
        (2, 3, len(in_week[1]), 0),
        (3, 3, len(in_week[2]), len([r for r in in_week[2] if r["doc"] not in SEED_FILES[:3]])),
    ]
    assert all(r["finished"] and r["version"] and len(r["rules"]) == 16 for r in runs)
    assert {r["rules"] for r in runs} == {runs[0]["rules"]}  # the same rules every run
    first_run = {r["id"]: r["first_run"] for r in db["signals"].rows}
    assert first_run == {r["id"]: 1 if r["doc"] in SEED_FILES[:3] else 3 for r in seed_rows}
    docs = {d["doc"]: d for d in db["documents"].rows}
    assert {d: docs[d]["first_run"] for d in docs} == {n: 1 if n in SEED_FILES[:3] else 3 for n in SEED_FILES}
    text = (SEEDS / SEED_FILES[0]).read_bytes()
    import hashlib

    assert docs[SEED_FILES[0]]["sha256"] == hashlib.sha256(text.decode("utf-8").encode()).hexdigest()
    assert docs[SEED_FILES[0]]["published"] == "2023-12-06"


def test_signals_are_typed_with_null_for_missing_indexed_and_searchable(weeks, seed_rows):
    db = sqlite_utils.Database(weeks["db"])
    types = db["signals"].columns_dict
    assert (types["value"], types["low"], types["start"], types["kind"]) == (float, float, int, str)
    assert [c for c in types if c not in ("first_run", "retired_run")] == list(COLUMNS)
    indexed = {tuple(i.columns) for i in db["signals"].indexes}
    assert {("kind",), ("actor",), ("date",), ("published",)} <= indexed
    missing_source = sum(1 for r in seed_rows if not r["source"])
    assert db.execute("SELECT count(*) FROM signals WHERE source IS NULL").fetchone()[0] == missing_source
    assert db.execute("SELECT count(*) FROM signals WHERE source = ''").fetchone()[0] == 0
    found = [r["id"] for r in db["signals"].search("mobilised")]
    assert found and sorted(found) == sorted(r["id"] for r in seed_rows if "mobilised" in r["sentence"].lower())
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # the full-text index follows the upserts (the same batch twice, then an overlapping one): every
    # signal is found by the longest word of its sentence
    for rowid, sentence in db.execute("SELECT rowid, sentence FROM signals").fetchall():
        word = max(re.findall(r"\w+", sentence), key=len)
        found = db.execute("SELECT rowid FROM signals_fts WHERE signals_fts MATCH ?", [f'"{word}"']).fetchall()
        assert (rowid,) in found, word


def test_store_reads_back_as_rows_at_any_run(weeks, seed_rows):
    latest = load_rows(weeks["db"])
    assert sorted(latest, key=lambda r: r["id"]) == sorted(numbers_as_floats(seed_rows), key=lambda r: r["id"])
    at_one = load_rows(weeks["db"], run=1)
    assert {r["doc"] for r in at_one} == set(SEED_FILES[:3])
    assert load_rows(weeks["db"], run=2) == at_one


def test_claims_table_holds_the_claims_of_every_signal(weeks, seed_rows):
    db = sqlite_utils.Database(weeks["db"])
    expected = claims(numbers_as_floats(seed_rows))
    stored = {c["id"]: c for c in db["claims"].rows}
    assert set(stored) == {c.id for c in expected}
    links = {(link["claim"], link["signal"]) for link in db["claim_signals"].rows}
    assert links == {(c.id, r["id"]) for c in expected for r in c.rows}
    assert sum(c["mentions"] for c in stored.values()) == len(seed_rows)


def test_diff_against_a_store_and_between_its_runs(weeks, run_cli):
    same = run_cli("diff", weeks["db"], SEEDS, "-f", "json")
    assert same.exit_code == 0, same.stdout
    moved = run_cli("diff", weeks["db"], weeks["db"], "--run", "1", "-f", "json")
    assert moved.exit_code == 1
    import json

    report = json.loads(moved.stdout)
    assert report["summary"]["old_signals"] < report["summary"]["new_signals"]
    assert report["new"] and not report["gone"]


def test_store_errors_are_one_line_with_exit_2(weeks, run_cli, tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["people"].insert({"name": "ann"})
    cases = [
        (("claims", not_db), "not a SQLite database"),
        (("claims", other), "not a belsignal store (no 'signals' table)"),
        (("diff", weeks["db"], SEEDS, "--run", "9"), "no run 9 (the store has runs 1..3)"),
        (("diff", SEEDS, SEEDS, "--run", "1"), "--run needs a store (.db)"),
        (("extract", SEEDS, "-f", "sqlite"), "writes a file: give it with -o FILE"),
        (("extract", SEEDS, "-o", not_db, "-q"), "not a SQLite database"),
        (("extract", SEEDS, "-o", tmp_path / "missing" / "x.db", "-q"), "no such folder"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.stdout)
        assert message in result.stderr and result.stderr.count("\n") == 1, (args, result.stderr)
    assert not_db.read_text(encoding="utf-8") == "hello"


def test_a_bad_cell_edited_into_a_store_is_a_skipped_row(weeks, run_cli, tmp_path):
    """A value that is no finite number (text, inf) is reported and its row left out, as in every
    table; the commands go on (they stopped with an internal error)."""
    db = tmp_path / "edited.db"
    shutil.copy(weeks["db"], db)
    store = sqlite_utils.Database(db)
    first, second = [row["id"] for row in store.query("SELECT id FROM signals ORDER BY rowid LIMIT 2")]
    store.execute("UPDATE signals SET value = 'lots' WHERE id = ?", [first])
    store.execute("UPDATE signals SET value = 9e999 WHERE id = ?", [second])
    store.conn.commit()
    total = store["signals"].count
    said = [f"{db}: signal {first}: skipped: value is not a number: 'lots'",
            f"{db}: signal {second}: skipped: value is not a finite number: 'inf'"]
    for args, sides in ((["claims", db, "-f", "csv"], 1), (["diff", db, db], 2)):
        result = run_cli(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines() == said * sides
    assert len(load_rows(db)) == total - 2


# --------------------------------------------------------------------------- killed mid-run

COPIES = 40


def test_sigkill_mid_run_leaves_a_consistent_store_that_a_rerun_completes(tmp_path, seed_rows):
    corpus = tmp_path / "corpus"
    for n in range(COPIES):
        shutil.copytree(SEEDS, corpus / f"c{n:02d}")
    db = tmp_path / "signals.db"
    command = [sys.executable, "-c", "from belsignal.cli import main; main()", "extract", str(corpus), "-o", str(db), "-q", "--commit-every", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while committed_signals(db) == 0:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no batch was committed within 60 s"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL

    expected = {signal_id(f"c{n:02d}/{r['doc']}", r["kind"], r["start"], r["end"], r["rule"]): f"c{n:02d}/{r['doc']}"
                for n in range(COPIES) for r in seed_rows}  # fmt: skip
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT finished FROM runs").fetchall() == [(None,)]  # killed before the end
        docs = {d for (d,) in conn.execute("SELECT doc FROM documents")}
        stored = {i for (i,) in conn.execute("SELECT id FROM signals")}
    assert 0 < len(docs) < 5 * COPIES
    # whole documents only: exactly the signals of the documents committed so far
    assert stored == {i for i, doc in expected.items() if doc in docs}

    rerun = subprocess.run(command[:-2], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {i for (i,) in conn.execute("SELECT id FROM signals")} == set(expected)
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (5 * COPIES,)
        runs = conn.execute("SELECT id, finished IS NOT NULL, new_signals FROM runs ORDER BY id").fetchall()
    assert runs == [(1, False, len(stored)), (2, True, len(expected) - len(stored))]


def committed_signals(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM signals").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0


def test_a_store_from_before_a_new_column_gets_it_on_the_next_run(tmp_path, seed_rows):
    from belsignal.signals import Signal
    from belsignal.tables import write_table

    db = tmp_path / "old.db"
    signals = [Signal(**r) for r in seed_rows]
    write_table(signals[:10], "sqlite", db)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE signals DROP COLUMN url")  # as a store made before the url column
    assert [r["url"] for r in load_rows(db)] == [""] * 10  # read back as missing
    write_table(signals, "sqlite", db)
    assert "url" in sqlite_utils.Database(db)["signals"].columns_dict
    assert len(load_rows(db)) == len(seed_rows)


def test_claims_table_is_typed_whatever_the_first_claims_hold(tmp_path):
    """Claims are stored by kind: a store's first hundred claims can all be denials, with no
    number. The numbers of the troop claims after them are numbers all the same, and a store with
    no signal has the claims tables too."""
    from belsignal.signals import Signal
    from belsignal.tables import write_table

    def row(n: int, kind: str, subject: str, **fields) -> Signal:
        return Signal(doc=f"d{n}.txt", kind=kind, subject=subject, sentence=f"Sentence {n}.", start=0, end=5,
                      rule=f"{kind}.test", actor="belarus", published="2024-06-01", **fields)

    words = ["".join("abcdefghij"[int(d)] for d in f"{n:03d}") for n in range(150)]  # a subject each: 150 claims
    denials = [row(n, "denial", f"rumour {word}") for n, word in enumerate(words)]
    troops = [row(150 + n, "troops", "troops", value=v, low=v, high=v, qualifier="exact", unit="personnel")
              for n, v in enumerate((30000.0, 9000.0, 4500.5))]
    db = tmp_path / "signals.db"
    write_table([*denials, *troops], "sqlite", db)
    store = sqlite_utils.Database(db)
    assert store["claims"].count == 153
    types = store["claims"].columns_dict
    assert (types["value"], types["low"], types["mentions"], types["kind"]) == (float, float, int, str)
    assert store.execute("SELECT value, typeof(value) FROM claims WHERE kind = 'troops' ORDER BY value").fetchall() == [
        (4500.5, "real"), (9000.0, "real"), (30000.0, "real")]
    assert store.execute("SELECT count(*) FROM claims WHERE value > 5000").fetchone() == (2,)

    empty = tmp_path / "empty.db"
    write_table([], "sqlite", empty)
    tables = set(sqlite_utils.Database(empty).table_names())
    assert {"signals", "documents", "runs", "claims", "claim_signals"} <= tables


def test_a_document_read_again_replaces_its_rows_and_history_keeps_them(tmp_path, run_cli):
    """Newer rules or an edited text: what a re-read document no longer gives is retired, so a
    signal counts once and the store says what the current rules say; run N still shows it."""
    folder = tmp_path / "news"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("Russia moved 3,000 troops to Brest. Minsk denied the reports.\n\n"
                       "Belarus bought 12 tanks in May.", encoding="utf-8")
    db = tmp_path / "signals.db"
    assert run_cli("extract", folder, "-o", db, "-q").exit_code == 0
    first = {r["text"] for r in load_rows(db)}
    assert {"3,000", "12", "denied"} <= first
    article.write_text("Russia moved 3,000 troops to Brest. Minsk denied the reports.", encoding="utf-8")
    assert run_cli("extract", folder, "-o", db, "-q").exit_code == 0
    assert {r["text"] for r in load_rows(db)} == first - {"12"}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text, retired_run FROM signals WHERE retired_run IS NOT NULL").fetchall() == [
            ("12", 2)]
    assert run_cli("diff", db, folder, "--run", "1").exit_code in (0, 1)
    from belsignal.store import read_rows

    assert {r["text"] for r in read_rows(db, run=1)} == first
    article.write_text("Russia moved 3,000 troops to Brest. Minsk denied the reports.\n\n"
                       "Belarus bought 12 tanks in May.", encoding="utf-8")
    assert run_cli("extract", folder, "-o", db, "-q").exit_code == 0
    assert {r["text"] for r in load_rows(db)} == first  # found again: it stands again


def test_a_document_the_run_skipped_keeps_its_rows(tmp_path):
    from belsignal.documents import Document
    from belsignal.extract import extract
    from belsignal.store import DocumentLog, read_rows, write

    db = tmp_path / "signals.db"
    docs = [Document(id="a.txt", text="Russia moved 3,000 troops to Brest."),
            Document(id="b.txt", text="Belarus bought 12 tanks in May.")]
    log = DocumentLog()
    write(extract(log.record(docs)), db, documents=log)
    assert {r["text"] for r in read_rows(db)} == {"3,000", "12"}
    failed: list[str] = []
    log = DocumentLog(failed=failed)
    again = [Document(id="a.txt", text="Russia moved 3,000 troops to Brest."),
             Document(id="b.txt", text="Belarus bought 12 tanks in May.")]

    def rows():  # b.txt times out this time: no rows, and the run reports it skipped
        for row in extract(log.record(again[:1])):
            yield row
        next(log.record(again[1:]))
        failed.append("b.txt")

    write(rows(), db, documents=log)
    assert {r["text"] for r in read_rows(db)} == {"3,000", "12"}
