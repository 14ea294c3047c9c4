"""What a SOURCE argument names (`diff`, `claims`, `report`): articles, a table or a store.

- a folder, a .txt/.md file, "-" (stdin) or a .jsonl of articles: extracted on the fly;
- a signal table belsignal wrote (.csv, .jsonl of signal rows, .json): read back;
- a store (.db, .sqlite, .sqlite3): its signals, as after its latest run or after run N.

Every source gives rows of the `Signal.to_dict()` shape.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from belsignal.documents import Skipped, check_inputs, read_documents
from belsignal.errors import InputError
from belsignal.tables import format_of, is_signal_table, read_table


def source_kind(path: str | os.PathLike) -> str:
    """"articles", or the table format path is read as ("csv", "jsonl", "json", "sqlite")."""
    return format_of(path) if is_signal_table(path) else "articles"


def load_rows(
    path: str | os.PathLike,
    ruleset=None,
    *,
    run: int | None = None,
    on_problem: Callable[[Skipped], None] | None = None,
    timeout: float | None = None,
) -> list[dict]:
    """The signal rows of one source.

    Articles are extracted with `ruleset` (a RuleSet, extra rule folders, or None for the
    built-in rules). `run` picks the state of a store after that run (default: the latest);
    it is an error for any other source. `timeout`: seconds one article may take to extract
    (see `belsignal.extract`). Raises InputError for a missing path or a file that
    is not a signal table.
    """
    name = os.fspath(path)
    check_inputs([name])
    kind = source_kind(name)
    if run is not None and kind != "sqlite":
        raise InputError(f"{name}: --run needs a store (.db), not {'articles' if kind == 'articles' else 'a ' + kind + ' table'}")
    if kind != "articles":
        return read_table(name, on_problem=on_problem, **({"run": run} if run is not None else {}))
    from belsignal.extract import extract  # spaCy loads only when articles are read

    read = 0

    def counted(documents):
        nonlocal read
        for read, document in enumerate(documents, 1):
            yield document

    documents = counted(read_documents([name], on_problem=on_problem))
    rows = [signal.to_dict() for signal in extract(documents, ruleset, on_problem=on_problem, timeout=timeout)]
    if not read and on_problem is not None:  # an empty folder is not "no signals": say so, as extract does
        on_problem(Skipped(name, "no documents found", skipped=False))
    return rows
