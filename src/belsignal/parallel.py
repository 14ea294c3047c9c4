"""`extract(..., jobs=N)`: batches of documents in N worker processes, results in input order.

At most 2*N batches are in flight, so reading stays lazy and memory does not grow with the
corpus. Each worker builds its spaCy pipeline once (rules and matchers are per process).
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from .documents import Document, Skipped
from .rules import RuleSet
from .signals import Signal

_state: dict = {}


def extract_parallel(documents: Iterable[Document], ruleset: RuleSet, model: str | None, jobs: int,
                     batch_size: int, report: Callable[[Skipped], None]) -> Iterator[Signal]:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(ruleset, model)) as pool:
        pending: deque = deque()
        batches = _batches(documents, batch_size)
        for batch in islice(batches, 2 * jobs):
            pending.append(pool.submit(_work, batch))
        while pending:
            signals, problems = pending.popleft().result()
            batch = next(batches, None)
            if batch is not None:
                pending.append(pool.submit(_work, batch))
            for problem in problems:
                report(problem)
            yield from signals


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def _init(ruleset: RuleSet, model: str | None) -> None:
    _state["ruleset"], _state["model"] = ruleset, model


def _work(batch: list[Document]) -> tuple[list[Signal], list[Skipped]]:
    from .extract import _extract_serial

    problems: list[Skipped] = []
    signals = list(_extract_serial(batch, _state["ruleset"], _state["model"], len(batch), problems.append))
    return signals, problems
