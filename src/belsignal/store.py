"""The signal store: one SQLite database that accumulates signals run after run.

    belsignal extract this_week/ -o signals.db

Built with sqlite-utils (its tables open in Datasette as they are). Tables:

- `signals`: the SIGNALS.md columns, typed (TEXT, FLOAT, INTEGER; NULL for a missing
  value), primary key `id`, plus `first_run`, the run that first saw the row, and
  `retired_run`, the run that read its document again and no longer found it (NULL while the
  row stands). Indexed on kind, actor, date and published; full-text search on `sentence`
  (`signals_fts`).
- `documents`: doc (primary key), title, url, published, `sha256` of the text as read,
  `first_run`.
- `runs`: id (1, 2, ...), started and finished (UTC; finished stays NULL for a run that
  was killed), inputs, belsignal version, `rules` (a hash of the rule set), and counts:
  documents, signals, new_signals.
- `claims`: the claims (`belsignal.grouping`) of every signal in the store, rebuilt at the
  end of each run; `claim_signals` links each claim to its signals.

Rows are upserted by `id`: running the same batch twice changes no row (only a new `runs`
row is added), and a new batch adds only what is new. A row seen again keeps its
`first_run`. Signals and their documents are written in one transaction per batch of
documents, so a run killed midway leaves the store as it was after its last committed
batch: consistent, and completed by running the batch again.

A document read again replaces its rows: those the new run does not find (newer rules, an
edited text) are retired, not deleted, so that the store's picture is what the current
rules say and a row counts once. A document the run skipped (a timeout, a worker that died)
keeps its rows.

The state after run N (`read_rows(path, run=N)`) is every signal first seen in run N or
before and not retired by then: `belsignal diff signals.db this_week/ --run N`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import typing
from collections import Counter, deque
from collections.abc import Iterable, Iterator

from belsignal.errors import BelsignalError, InputError
from belsignal.rules import rules_hash
from belsignal.signals import COLUMNS, Signal

COMMIT_EVERY = 100  # documents per transaction
INDEXED = ("kind", "actor", "date", "published")
_NUMERIC = {"float": float, "int": int}


class StoreError(BelsignalError):
    """A store that cannot be opened or written (not a belsignal store, locked, read-only...)."""


def _database(path, *, create: bool):
    try:
        import sqlite_utils
    except ImportError:
        raise BelsignalError("a .db store needs sqlite-utils: pip install 'belsignal[store]'") from None
    name = os.fspath(path)
    if not create and not os.path.exists(name):
        raise InputError(f"{name}: no such file")
    try:
        db = sqlite_utils.Database(name)
        names = set(db.table_names())
    except sqlite3.OperationalError as error:  # "unable to open database file", "database is locked"
        raise StoreError(f"{name}: {error}") from None
    except sqlite3.DatabaseError as error:  # "file is not a database"
        raise StoreError(f"{name}: not a SQLite database ({error})") from None
    if names and "signals" not in names:
        raise StoreError(f"{name}: not a belsignal store (no 'signals' table)")
    if not names and not create:
        raise StoreError(f"{name}: an empty database, not a belsignal store")
    return db


def signal_types() -> dict[str, type]:
    """Column -> Python type (str, float or int) from the Signal fields, so new columns arrive typed."""
    hints = typing.get_type_hints(Signal)
    types = {}
    for column in COLUMNS:
        hint = str(hints[column])
        types[column] = next((t for name, t in _NUMERIC.items() if name in hint), str)
    return types


def _create(db) -> None:
    """The tables, indexes and full-text index of a new store (kept as they are when they exist)."""
    if "runs" not in db.table_names():
        db["runs"].create({"id": int, "started": str, "finished": str, "inputs": str, "version": str, "rules": str,
                           "documents": int, "signals": int, "new_signals": int}, pk="id")  # fmt: skip
    if "documents" not in db.table_names():
        db["documents"].create({"doc": str, "title": str, "url": str, "published": str, "sha256": str,
                                "first_run": int}, pk="doc", foreign_keys=[("first_run", "runs", "id")])  # fmt: skip
    if "signals" not in db.table_names():
        columns = {**signal_types(), "first_run": int, "retired_run": int}
        db["signals"].create(columns, pk="id", not_null={"kind", "doc"},
                             foreign_keys=[("first_run", "runs", "id")])  # fmt: skip
        for column in INDEXED:
            db["signals"].create_index([column], if_not_exists=True)
        db["signals"].create_index(["first_run"], if_not_exists=True)
        db["signals"].enable_fts(["sentence"], create_triggers=True)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- writing


class DocumentLog:
    """Remembers the documents an extraction reads, in order, until the store writes them.
    `failed` holds (or later receives) the ids of documents the extraction skipped."""

    def __init__(self, failed: Iterable[str] = ()) -> None:
        self.pending: deque[dict] = deque()
        self.failed = failed

    def record(self, documents: Iterable) -> Iterator:
        for document in documents:
            self.pending.append({
                "doc": document.id, "title": document.title or None, "url": document.url or None,
                "published": document.published or None,
                "sha256": hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest(),
            })  # fmt: skip
            yield document

    def finished_before(self, doc: str | None) -> list[dict]:
        """The documents read before `doc` (all of them for None): extraction is in input order,
        so their signals have all been seen."""
        done = []
        while self.pending and self.pending[0]["doc"] != doc:
            done.append(self.pending.popleft())
        return done


def write(
    signals: Iterable[Signal],
    path,
    *,
    documents: DocumentLog | None = None,
    inputs: Iterable[str] = (),
    ruleset=None,
    commit_every: int = COMMIT_EVERY,
    **_,
) -> Counter:
    """Upsert signals into the store at path (created if missing) as one new run.

    documents: the log of the documents read (see DocumentLog); without it the documents
    table gets the doc, title, url and published of the rows (no hash).
    Returns the signals written per kind.
    """
    try:
        return _write(signals, path, documents, list(inputs), ruleset, commit_every)
    except sqlite3.Error as error:  # locked by another writer, read-only, disk full...
        raise StoreError(f"{os.fspath(path)}: {error} (the batches committed before are kept)") from None


def _write(signals: Iterable[Signal], path, documents: DocumentLog | None, inputs: list[str], ruleset,
           commit_every: int) -> Counter:
    from belsignal import __version__

    db = _database(path, create=True)
    with db.atomic():
        _create(db)
        run_id = db["runs"].insert({"started": _now(), "inputs": json.dumps(inputs, ensure_ascii=False),
                                    "version": __version__, "rules": rules_hash(ruleset),
                                    "documents": 0, "signals": 0, "new_signals": 0}).last_pk  # fmt: skip
    counts: Counter = Counter()
    batch: list[dict] = []
    done_docs: list[dict] = []
    current = None
    for signal in signals:
        if signal.doc != current:
            current = signal.doc
            done_docs += documents.finished_before(current) if documents else []
            if len(done_docs) >= commit_every:
                _commit(db, run_id, batch, done_docs, _failed(documents))
                batch, done_docs = [], []
        row = {**signal.to_dict(missing=None), "retired_run": None}  # found again: it stands
        batch.append(row)
        counts[signal.kind] += 1
    if documents is not None:
        done_docs += documents.finished_before(None)
    else:
        done_docs = _documents_of(batch)
    _commit(db, run_id, batch, done_docs, _failed(documents))
    with db.atomic():
        db["runs"].update(run_id, {"finished": _now()})
        _rebuild_claims(db)
    return counts


def _documents_of(rows: list[dict]) -> list[dict]:
    found: dict[str, dict] = {}
    for row in rows:
        found.setdefault(row["doc"], {"doc": row["doc"], "title": row.get("title"), "url": row.get("url"),
                                      "published": row.get("published"), "sha256": None})  # fmt: skip
    return list(found.values())


def _failed(documents: DocumentLog | None) -> set[str]:
    return set(documents.failed) if documents is not None else set()


def _commit(db, run_id: int, rows: list[dict], docs: list[dict], failed: set[str] = frozenset()) -> None:
    """One transaction: the rows and the documents they came from, and the run's counts.
    A row already in the store is updated in place and keeps its first_run; a row of a
    document read again that this run did not find is retired."""
    with db.atomic():
        new_signals = _upsert(db, "signals", "id", rows, run_id)
        _retire(db, run_id, rows, [d["doc"] for d in docs if d["doc"] not in failed])
        _upsert(db, "documents", "doc", docs, run_id)
        run = db["runs"].get(run_id)
        db["runs"].update(run_id, {"documents": run["documents"] + len(docs), "signals": run["signals"] + len(rows),
                                   "new_signals": run["new_signals"] + new_signals})  # fmt: skip


def _upsert(db, table: str, pk: str, records: list[dict], run_id: int) -> int:
    """Upsert records (alter: a column that a newer belsignal added is added); return how many were new."""
    if not records:
        return 0
    before = db[table].count
    db[table].upsert_all(records, pk=pk, alter=True)
    db.execute(f"UPDATE [{table}] SET first_run = ? WHERE first_run IS NULL", [run_id])
    return db[table].count - before


def _retire(db, run_id: int, rows: list[dict], docs: list[str]) -> None:
    """Retire the standing rows of `docs` (read in full by this run) that are not among `rows`."""
    if not docs or "retired_run" not in db["signals"].columns_dict:
        return
    found: dict[str, list[str]] = {doc: [] for doc in docs}
    for row in rows:
        found.setdefault(row["doc"], []).append(row["id"])
    db.conn.executemany(
        "UPDATE signals SET retired_run = ? WHERE doc = ? AND retired_run IS NULL"
        " AND id NOT IN (SELECT value FROM json_each(?))",
        [(run_id, doc, json.dumps(found[doc])) for doc in docs])


def _rebuild_claims(db) -> None:
    from belsignal.claims import CLAIM_TYPES, claim_record
    from belsignal.grouping import claims

    rows = _rows(db, None)
    found = claims(rows)
    for name in ("claim_signals", "claims"):
        if name in db.table_names():
            db[name].drop()
    # Typed up front: inferred from the first claims (denials, with no number), value would be TEXT.
    db["claims"].create(CLAIM_TYPES, pk="id")
    db["claim_signals"].create({"claim": str, "signal": str}, pk=("claim", "signal"),
                               foreign_keys=[("claim", "claims", "id"), ("signal", "signals", "id")])
    db["claims"].insert_all((claim_record(c) for c in found), alter=True)
    db["claim_signals"].insert_all({"claim": c.id, "signal": r["id"]} for c in found for r in c.rows)


# --------------------------------------------------------------------------- reading


def runs(path) -> list[dict]:
    """The runs of the store, oldest first."""
    db = _database(path, create=False)
    return list(db["runs"].rows_where(order_by="id")) if "runs" in db.table_names() else []


def read_rows(path, *, run: int | None = None, report=None) -> list[dict]:
    """The signal rows of the store as after run `run` (default: the latest), in the order
    they were first stored. A row with a bad cell (a value that is no finite number, edited in
    by hand) is left out and given to `report` as a `documents.Skipped`."""
    db = _database(path, create=False)
    if run is not None:
        known = [r["id"] for r in runs(path)]
        if run not in known:
            span = f"runs 1..{known[-1]}" if known else "no runs"
            raise InputError(f"{os.fspath(path)}: no run {run} (the store has {span})")
    return _rows(db, run, report, os.fspath(path))


def _rows(db, run: int | None, report=None, name: str = "") -> list[dict]:
    from belsignal.documents import Skipped
    from belsignal.tables import typed_row

    present = set(db["signals"].columns_dict)
    columns = ", ".join(f"[{c}]" for c in COLUMNS if c in present)
    where, params = ("WHERE first_run <= ?", [run]) if run is not None else ("WHERE 1", [])
    if "retired_run" in present:  # a row stands until the run that retired it
        where, params = (f"{where} AND (retired_run IS NULL OR retired_run > ?)", [*params, run]) \
            if run is not None else (f"{where} AND retired_run IS NULL", params)
    cursor = db.execute(f"SELECT {columns} FROM signals {where} ORDER BY rowid", params)
    names = [d[0] for d in cursor.description]
    rows = []
    for record in cursor:
        row = dict(zip(names, record))
        try:
            rows.append(typed_row(row))
        except ValueError as error:
            if report is not None:
                report(Skipped(f"{name}: signal {row.get('id')}", str(error)))
    return rows
