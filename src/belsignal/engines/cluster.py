"""The Dask engine (`--engine dask`): the same extraction on a Dask cluster.

Without a scheduler address it starts a `LocalCluster` here: `workers` worker processes with
one thread each (spaCy holds the GIL, so threads would not help), no dashboard unless asked.
With `scheduler="tcp://host:8786"` it uses a cluster that is already running (`dask scheduler`
and `dask worker`, dask-jobqueue on SLURM, dask-kubernetes, a hosted cluster). Every worker
needs the same belsignal installed: before any work, and again in every task, a worker whose
belsignal differs from this one (its version, or its build: a hash of its code and built-in
rules) or that reads the shipped rule set to another hash is refused, naming the worker.

Two ways in, both giving results in input order:

- `rows(documents, settings, report)`: documents held here go to the workers in batches, at
  most two per worker ahead (`belsignal.extract(..., engine="dask")`);
- `run(partitions, settings, ...)`: each partition (`belsignal.partitions`) is read by the
  worker that extracts it; its rows come back here, or the worker writes them to a part file
  (`belsignal.parts`) and only counts come back.

A task that raises is retried (Dask's `retries`); a task whose worker dies is run again by the
scheduler on another worker, and a part file is written under its partition's name, so nothing
is lost or written twice. A document that fails is reported as skipped in its partition's
result, and the run goes on.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import signal
import threading
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from ..documents import Document, Skipped
from ..errors import BelsignalError, InputError
from ..partitions import Partition, read_partition
from ..rules import rules_hash
from ..signals import Signal
from . import Done, Engine, Report, Settings, batched
from .serial import extract_rows

RETRIES = 2  # extra tries for a partition whose task raised (a worker that dies is the scheduler's business)
CONNECT_TIMEOUT = 20  # seconds to reach a scheduler
WORKERS_TIMEOUT = 60  # seconds for a first worker to join it
AHEAD = 2  # rows(): batches in flight per worker


@dataclass
class PartitionResult:
    """What a worker reports for one partition."""

    index: int
    documents: int = 0
    counts: Counter = field(default_factory=Counter)  # rows per kind
    problems: list[Skipped] = field(default_factory=list)
    rows: list[Signal] | None = None  # None when the worker wrote them to a part file
    worker: str = ""
    lost: bool = False  # its workers kept dying: nothing extracted, no part file


class WorkerMismatch(Exception):
    """A worker runs another belsignal, or reads the rule set differently."""


@dataclass(frozen=True)
class Refused:
    """What a task returns instead of its result on a worker that is not the client's twin: a
    result rather than an exception, so that Dask does not retry it on a good worker by luck."""

    reason: str


class DaskEngine(Engine):
    name = "dask"

    def __init__(self, workers: int = 1, scheduler: str | None = None, *, dashboard: bool = False,
                 retries: int = RETRIES, client=None) -> None:
        """workers: LocalCluster processes (ignored with a scheduler or a client); scheduler: the
        address of a running cluster; dashboard: serve the LocalCluster's dashboard; client: a
        distributed.Client the caller owns (and closes)."""
        self.wanted, self.scheduler, self.dashboard, self.retries = max(1, workers), scheduler, dashboard, retries
        self._client, self._owns_client, self._cluster, self._checked = client, client is None, None, False

    # ------------------------------------------------------------------ the cluster

    @property
    def client(self):
        """The distributed.Client, connected (or the LocalCluster started) on first use, its
        workers checked."""
        if self._client is None:
            self._client = self._connect()
        if not self._checked:
            check_workers(self._client)
            self._checked = True
        return self._client

    @property
    def workers(self) -> int:
        return max(1, len(self.client.nthreads()))

    @property
    def dashboard_link(self) -> str | None:
        return self.client.dashboard_link if self.dashboard else None

    def _connect(self):
        distributed = _distributed()
        if not self.scheduler:
            # No dashboard: its HTTP server (health checks only) then takes any free port.
            try:
                with _ctrl_c_for_this_process():
                    self._cluster = distributed.LocalCluster(
                        n_workers=self.wanted, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=":8787" if self.dashboard else None, silence_logs=logging.CRITICAL,
                        scheduler_kwargs={} if self.dashboard else {"dashboard_address": ":0"},
                    )
            except Exception as error:  # noqa: BLE001  (distributed raises several kinds when a process cannot start)
                raise BelsignalError(f"could not start a Dask LocalCluster of {self.wanted} workers: "
                                     f"{type(error).__name__}: {error}") from None
            return distributed.Client(self._cluster, set_as_default=False)
        try:
            client = distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise BelsignalError(f"cannot reach the Dask scheduler at {self.scheduler}: {error}") from None
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            client.close()
            raise BelsignalError(f"no worker joined the Dask scheduler at {self.scheduler} "
                                 f"within {WORKERS_TIMEOUT} s") from None
        return client

    def close(self) -> None:
        if self._client is not None and self._owns_client:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    # ------------------------------------------------------------------ documents held here

    def rows(self, documents: Iterable[Document], settings: Settings, report: Report,
             on_done: Done = None) -> Iterator[Signal]:
        client, expected = self.client, expect(settings)
        held = client.submit(_hold, settings, pure=False)  # sent once; each worker fetches it once
        window = AHEAD * self.workers
        batches = batched(documents, settings.batch_size)
        pending: deque = deque()

        def submit(batch: list[Document]):
            return len(batch), client.submit(_extract_batch, batch, held, expected, retries=self.retries, pure=False)

        try:
            pending.extend(submit(batch) for batch in islice(batches, window))
            while pending:
                count, future = pending.popleft()
                signals, problems = _result(future, "a batch of documents", self.retries)
                pending.extend(submit(batch) for batch in islice(batches, 1))
                for problem in problems:
                    report(problem)
                yield from signals
                for _ in range(count if on_done else 0):
                    on_done()
        finally:
            client.cancel([future for _, future in pending] + [held])

    # ------------------------------------------------------------------ partitions read by the workers

    def run(self, partitions: list[Partition], settings: Settings, *, published: str = "", output=None,
            on_progress: Callable[[int, int], None] | None = None) -> Iterator[PartitionResult]:
        """The result of every partition, in partition order. output: a parts.PartsOutput the
        workers write their rows to (results then carry counts only). on_progress(done, total)
        is called as partitions finish, in any order."""
        distributed = _distributed()
        client, expected = self.client, expect(settings)
        held = client.submit(_hold, settings, pure=False)
        run_id = uuid.uuid4().hex[:8]
        futures = client.map(_run_partition, partitions, key=[f"belsignal-{run_id}-part-{p.index:05d}" for p in partitions],
                             settings=held, expected=expected, published=published, output=output,
                             retries=self.retries, pure=False)
        order = {future.key: i for i, future in enumerate(futures)}
        finished: set[int] = set()
        following = 0

        def ready(everything: bool = False) -> Iterator[PartitionResult]:
            nonlocal following
            while following < len(futures) and (everything or following in finished):
                result = _result(futures[following], str(partitions[following]), self.retries,
                                 lost=partitions[following])
                futures[following] = None  # its rows leave the worker's memory
                following += 1
                yield result

        try:
            # as_completed paces progress and hands results out early; the end waits for every
            # partition in order whatever it reported (a result lost with its worker is recomputed).
            for future in distributed.as_completed(futures, loop=client.loop):
                finished.add(order[future.key])
                if on_progress:
                    on_progress(len(finished), len(futures))
                yield from ready()
            yield from ready(everything=True)
        finally:
            client.cancel([f for f in futures if f is not None] + [held])


@contextlib.contextmanager
def _ctrl_c_for_this_process():
    """Ignore Ctrl-C (SIGINT) while the LocalCluster starts its worker processes, which keep
    ignoring it: Ctrl-C goes to the whole terminal's process group, and each worker would
    print a KeyboardInterrupt traceback. This process says one line and closes the cluster."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# --------------------------------------------------------------------------- on the workers


def _hold(settings: Settings) -> Settings:
    return settings


def _extract_batch(batch: list[Document], settings: Settings, expected: dict):
    try:
        settings = _checked(settings, expected)
    except WorkerMismatch as refused:
        return Refused(str(refused))
    problems: list[Skipped] = []
    return list(extract_rows(batch, settings, problems.append)), problems


def _run_partition(partition: Partition, *, settings: Settings, expected: dict, published: str,
                   output) -> PartitionResult | Refused:
    try:
        settings = _checked(settings, expected)
    except WorkerMismatch as refused:
        return Refused(str(refused))
    result = PartitionResult(partition.index, worker=_worker_address())

    def counted(documents: Iterator[Document]) -> Iterator[Document]:
        for document in documents:
            result.documents += 1
            yield document

    documents = counted(read_partition(partition, published=published, report=result.problems.append))
    rows = extract_rows(documents, settings, result.problems.append)
    if output is not None:
        result.counts = output.write(partition.index, rows)
    else:
        result.rows = list(rows)
        result.counts = Counter(row.kind for row in result.rows)
    return result


_seen: dict[tuple, Settings] = {}  # (rules hash, model, batch size) -> the settings first received


def _checked(settings: Settings, expected: dict) -> Settings:
    """The settings to extract with, once this worker is known to be the client's twin; the same
    object for every task, so the spaCy pipeline is built once per worker."""
    mine = fingerprint()
    if mine != expected["belsignal"]:
        raise WorkerMismatch(_mismatch(_worker_address(), mine, expected["belsignal"]))
    key = (expected["rules"], settings.model, settings.batch_size)
    if key not in _seen:
        got = rules_hash(settings.ruleset)
        if got != expected["rules"]:
            raise WorkerMismatch(f"worker {_worker_address()} reads the rule set as {got}, not {expected['rules']} "
                                 "as this client does: install the same belsignal on every worker")
        _seen[key] = settings
    return _seen[key]


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "(not a worker)"


# --------------------------------------------------------------------------- the same belsignal everywhere


@lru_cache(maxsize=1)
def fingerprint() -> dict:
    """This process's belsignal: its version and build (a hash of its code and built-in rules)."""
    from .. import __version__
    from ..rules import BUILTIN_RULES

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=6)
    for root, pattern in ((package, "*.py"), (BUILTIN_RULES, "*.yaml")):
        for path in sorted(root.rglob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return {"version": __version__, "build": digest.hexdigest()}


def expect(settings: Settings) -> dict:
    """What every worker must match: this belsignal, and this rule set's hash."""
    return {"belsignal": fingerprint(), "rules": rules_hash(settings.ruleset)}


def check_workers(client) -> None:
    """Refuse a cluster with a worker whose belsignal is not this one (or has none)."""
    try:
        seen = client.run(_worker_fingerprint)
    except Exception as error:  # noqa: BLE001  (a worker without belsignal fails to unpickle the call)
        raise BelsignalError(f"a Dask worker could not run belsignal ({type(error).__name__}: {error}): "
                             f"install belsignal {fingerprint()['version']} on every worker") from None
    here = fingerprint()
    bad = [_mismatch(address, theirs, here) for address, theirs in sorted(seen.items()) if theirs != here]
    if bad:
        raise BelsignalError("; ".join(bad))


def _worker_fingerprint() -> dict:
    return fingerprint()


def _mismatch(address: str, theirs: dict, here: dict) -> str:
    return (f"worker {address} runs belsignal {theirs['version']} (build {theirs['build']}), not "
            f"{here['version']} (build {here['build']}) as this client does: install the same belsignal "
            "on every worker")


# --------------------------------------------------------------------------- results


def _result(future, what: str, retries: int, lost: Partition | None = None):
    """A task's result, or a BelsignalError that says what failed and how. lost: the partition
    the task extracts, reported as skipped (the run goes on) if its workers died again and again."""
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    try:
        result = future.result()
    except KilledWorker:
        reason = "the worker processes extracting it died again and again (out of memory?)"
        if lost is None:
            raise BelsignalError(f"{what}: {reason}; the run is stopped") from None
        return PartitionResult(lost.index, problems=[Skipped(str(lost), f"{reason}; its documents are not "
                                                                        "extracted")], rows=[], lost=True)
    except FutureCancelledError as error:
        raise BelsignalError(f"{what}: the cluster dropped it ({error})") from None
    except BelsignalError:
        raise
    except Exception as error:  # noqa: BLE001  (whatever the task raised, after its retries)
        raise BelsignalError(f"{what} failed on the cluster ({1 + retries} tries): "
                             f"{type(error).__name__}: {error}") from None
    if isinstance(result, Refused):
        raise BelsignalError(result.reason)
    return result


def _distributed():
    try:
        import distributed
    except ImportError:
        raise InputError("--engine dask needs dask and distributed: pip install 'belsignal[dask]'") from None
    return distributed
