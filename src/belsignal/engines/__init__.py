"""Engines: documents in, rows out, in input order.

| name    | engine                                         | where it runs                         |
|---------|------------------------------------------------|---------------------------------------|
| `local` | `serial.SerialEngine` (--jobs 1, no time bound)| this process                          |
|         | `pool.PoolEngine` (--jobs N, or a time bound)  | N supervised worker processes here    |
| `dask`  | `cluster.DaskEngine`                           | a Dask cluster: a LocalCluster, or    |
|         |                                                | the scheduler at --scheduler ADDRESS  |

Every engine is an `Engine`: `rows(documents, settings, report, on_done)` yields the signals of
the documents in input order, tells `report` about each document it had to skip and calls
`on_done` as each document is done (what a progress display counts). `Settings`
(the rule set, the model, the batch size) is picklable, so a worker process extracts with
exactly what the caller loaded. An engine is a context manager: leaving it ends its workers.
The Dask engine can also read partitions of files on its workers (`DaskEngine.run`).

Engines import the pipeline (`belsignal.pipeline`) and each other's building blocks, never
`belsignal.extract`, which is the public API that picks an engine.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..documents import Document, Skipped
from ..errors import InputError
from ..rules import RuleSet
from ..signals import Signal

Report = Callable[[Skipped], None]
Done = Callable[[], None] | None  # called once per document when it is done, in input order
BATCH_SIZE = 64  # documents handed to a worker at a time


@dataclass(frozen=True)
class Settings:
    """What every engine extracts with."""

    ruleset: RuleSet
    model: str | None = None
    batch_size: int = BATCH_SIZE


class Engine:
    """documents in, rows out. Subclasses implement `rows` and, if they hold workers, `close`."""

    name = ""

    def rows(self, documents: Iterable[Document], settings: Settings, report: Report,
             on_done: Done = None) -> Iterator[Signal]:
        """The signals of the documents in input order; report(problem) for a document skipped;
        on_done() once per document when its rows are out (or it was skipped)."""
        raise NotImplementedError

    def close(self) -> None:
        """End whatever the engine started (worker processes, a cluster)."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def batched(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of `size` documents (the last may be shorter), read lazily."""
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def _local(jobs: int = 1, timeout: float | None = None, **_) -> Engine:
    from .pool import PoolEngine, usable_jobs

    jobs = usable_jobs(jobs)
    if jobs > 1 or timeout:  # a time bound needs a worker process that can be killed
        return PoolEngine(jobs, timeout)
    from .serial import SerialEngine

    return SerialEngine()


def _dask(jobs: int = 1, timeout: float | None = None, **options) -> Engine:
    if timeout:
        raise InputError("a per-document time bound (--doc-timeout) works with --engine local only: "
                         "a Dask task cannot be stopped mid-document")
    from .cluster import DaskEngine  # dask is an optional extra: imported only when asked for
    from .pool import usable_jobs

    return DaskEngine(workers=usable_jobs(jobs), **options)


ENGINES: dict[str, Callable[..., Engine]] = {"local": _local, "dask": _dask}


def create(name: str, **options) -> Engine:
    """The engine called `name` ("local" or "dask"). Options: jobs (worker processes; 0 = one per
    core, at most the cores), timeout (local: seconds one document may take); for dask also
    scheduler, dashboard, retries, client (see DaskEngine)."""
    if name not in ENGINES:
        raise InputError(f"unknown engine '{name}' (choose from {', '.join(ENGINES)})")
    return ENGINES[name](**options)
