"""The local pool (`--jobs N`, or a per-document time bound): supervised worker processes on
this machine; rows in input order.

A process pool can neither say which task killed a worker nor stop a task that hangs. Here
each worker extracts one document at a time and sends its rows back as soon as it is done,
so the parent always knows which document every worker is on:

- a document still running after `timeout` seconds is reported as skipped, its worker is
  killed and replaced, and the run goes on;
- a worker that dies (the OOM killer, a crash in native code) costs one retry: the document
  it was on runs once more, alone, in a fresh worker, and is reported as skipped if that
  worker dies too; the documents queued behind it are handed out again;
- workers never outlive the run: they ignore Ctrl-C (the parent alone reports it), they are
  ended whenever the parent's generator stops (finished, error, SIGTERM, broken pipe), and
  on Linux the kernel kills them if the parent itself is killed.

Documents are read lazily, at most 2*N batches ahead of the rows written, so memory does not
grow with the corpus. With the fork start method, workers inherit the parent's pipeline.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..documents import Document, Skipped
from ..errors import BelsignalError
from ..pipeline import document_extractor, warm_up
from ..rules import RuleSet
from ..signals import Signal
from . import Done, Engine, Report, Settings

# Run in a worker: builds the function that extracts one document (pipeline.document_extractor).
Setup = Callable[[RuleSet, "str | None"], Callable[[Document, Report], list[Signal]]]
STOP_GRACE = 2.0  # seconds an idle worker gets to exit on its own at the end
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def usable_jobs(jobs: int) -> int:
    """Worker processes for --jobs N: 0 means one per core, and more than the cores is capped."""
    cores = available_cores()
    return cores if jobs <= 0 else min(jobs, cores)


class PoolEngine(Engine):
    """`jobs` supervised worker processes; `timeout`: seconds one document may take."""

    name = "pool"

    def __init__(self, jobs: int, timeout: float | None = None) -> None:
        self.jobs, self.timeout = jobs, timeout

    def rows(self, documents: Iterable[Document], settings: Settings, report: Report,
             on_done: Done = None) -> Iterator[Signal]:
        # Here, before any worker starts: bad rules or a missing model fail now, and forked
        # workers inherit a pipeline that has run once (lazy imports done), so no document
        # pays for that against its time bound.
        warm_up(settings.ruleset, settings.model)
        return extract_supervised(documents, settings.ruleset, settings.model, jobs=self.jobs,
                                  timeout=self.timeout, batch_size=settings.batch_size, report=report,
                                  on_done=on_done or (lambda: None))


def extract_supervised(documents: Iterable[Document], ruleset: RuleSet, model: str | None, *, jobs: int,
                       timeout: float | None, batch_size: int, report: Report,
                       setup: Setup = document_extractor, on_done: Callable[[], None] = lambda: None) -> Iterator[Signal]:
    """The rows of every document, in input order, extracted by `jobs` supervised workers;
    on_done() after each document's rows (or its skip), in input order."""
    supervisor = _Supervisor(ruleset, model, max(1, jobs), timeout, max(1, batch_size), setup)
    try:
        yield from supervisor.run(iter(documents), report, on_done)
    finally:
        supervisor.stop()


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object  # multiprocessing.connection.Connection
    queue: deque = field(default_factory=deque)  # (seq, document) sent and not yet answered
    since: float = 0.0  # when it started on queue[0] (time.monotonic)


class _Supervisor:
    def __init__(self, ruleset: RuleSet, model: str | None, jobs: int, timeout: float | None,
                 batch_size: int, setup: Setup) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.ruleset, self.model, self.setup = ruleset, model, setup
        self.jobs, self.timeout, self.batch_size = jobs, timeout, batch_size
        self.workers: list[_Worker] = []
        self.retried: set[int] = set()  # documents (by sequence number) already given a second chance

    # ------------------------------------------------------------------ the run

    def run(self, documents: Iterator[Document], report: Report, on_done: Callable[[], None]) -> Iterator[Signal]:
        pending: deque = deque()  # (seq, document) to hand out; retries go first
        done: dict[int, tuple[list[Signal], list[Skipped]]] = {}
        read = written = 0
        exhausted = False
        ahead = 2 * self.jobs * self.batch_size
        while True:
            while not exhausted and read - written < ahead:
                document = next(documents, None)
                if document is None:
                    exhausted = True
                else:
                    pending.append((read, document))
                    read += 1
                    if len(pending) == self.batch_size:  # an idle worker need not wait for the whole read-ahead
                        self._hand_out(pending)
            self._hand_out(pending)
            if written not in done:
                self._collect(done, pending)
            while written in done:
                signals, problems = done.pop(written)
                written += 1
                for problem in problems:
                    report(problem)
                yield from signals
                on_done()
            if exhausted and written == read:
                return

    def _hand_out(self, pending: deque) -> None:
        """Give work to idle workers (starting them as needed). A worker only ever gets work
        while it waits for it, so neither side can block the other on a full pipe."""
        while pending:
            idle = [w for w in self.workers if not w.queue]
            if not idle and len(self.workers) < self.jobs:
                idle = [self._start()]
            if not idle:
                return
            for worker in idle:
                if not pending:
                    return
                if pending[0][0] in self.retried:  # a second chance runs alone
                    batch = [pending.popleft()]
                else:
                    # Guided scheduling: batches shrink as the queue does, so workers finish together.
                    size = min(self.batch_size, -(-len(pending) // (2 * self.jobs)))
                    batch = []
                    while pending and len(batch) < size and pending[0][0] not in self.retried:
                        batch.append(pending.popleft())
                worker.queue.extend(batch)
                worker.since = time.monotonic()
                try:
                    worker.conn.send(batch)
                except OSError:  # it died while idle: _collect notices and hands the batch out again
                    pass

    def _collect(self, done: dict, pending: deque) -> None:
        """Wait for rows (or a death, or a deadline) and take in whatever happened."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        wait_for = None
        if self.timeout:
            wait_for = max(0.0, min(w.since for w in busy) + self.timeout - time.monotonic())
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
        for worker in busy:
            # Only a ready pipe has rows, and only a ready sentinel says the worker ended: no
            # system call for the others (this runs once for every document). A ready pipe gives
            # one message: any more make the next wait() return at once, so no poll() per message.
            alive = worker.conn not in ready or self._receive(worker, done)
            if not alive or worker.process.sentinel in ready:
                self._receive_all(worker, done)  # rows it sent just before it ended
                if worker.queue:
                    self._lost(worker, done, pending)
                else:
                    self._retire(worker)
            elif self.timeout and worker.queue and time.monotonic() - worker.since > self.timeout:
                self._timed_out(worker, done, pending)

    def _receive(self, worker: _Worker, done: dict) -> bool:
        """Take in one message from a worker whose pipe is ready; False once its pipe is closed."""
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return False
        if message[0] == "fatal":
            raise BelsignalError(f"a worker process could not start: {message[1]}")
        _, seq, signals, problems = message
        worker.queue.popleft()
        done[seq] = (signals, problems)
        worker.since = time.monotonic()
        return True

    def _receive_all(self, worker: _Worker, done: dict) -> None:
        """Take in every message a worker that has ended left in its pipe."""
        try:
            while worker.queue and worker.conn.poll():
                if not self._receive(worker, done):
                    return
        except OSError:
            pass

    def _lost(self, worker: _Worker, done: dict, pending: deque) -> None:
        """The worker died on queue[0]: one retry, alone, then it is skipped."""
        worker.process.join(STOP_GRACE)
        code = worker.process.exitcode
        how = f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
        seq, document = worker.queue.popleft()
        if seq in self.retried:
            done[seq] = ([], [Skipped(document.id, f"the worker process extracting it died twice ({how})")])
        else:
            self.retried.add(seq)
            worker.queue.appendleft((seq, document))
        pending.extendleft(reversed(worker.queue))
        worker.queue.clear()
        self._retire(worker)

    def _timed_out(self, worker: _Worker, done: dict, pending: deque) -> None:
        seq, document = worker.queue.popleft()
        done[seq] = ([], [Skipped(document.id, f"took longer than {self.timeout:g} s (see --doc-timeout)")])
        pending.extendleft(reversed(worker.queue))
        worker.queue.clear()
        self._retire(worker)

    # ------------------------------------------------------------------ processes

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(child, os.getpid(), self.ruleset, self.model, self.setup),
            name="belsignal-worker", daemon=True,
        )
        # Blocked until the worker has set its own handlers: a Ctrl-C at that moment must not
        # print a traceback from the worker.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            process.start()
        except OSError as error:  # out of memory or processes
            raise BelsignalError(f"cannot start a worker process: {error.strerror or error}") from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)

    def stop(self) -> None:
        """End every worker: idle ones are told to exit, busy ones (an interrupted run) killed."""
        for worker in self.workers:
            try:
                if worker.queue:
                    worker.process.kill()
                else:
                    worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + STOP_GRACE
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()


def _serve(conn, parent_pid: int, ruleset: RuleSet, model: str | None, setup: Setup) -> None:
    """A worker: documents in, one message of rows per document out, until told to stop."""
    # A forked worker holds a copy of the parent's unwritten stdout buffer, which multiprocessing
    # flushes when a worker exits: that would write the parent's output twice.
    sys.stdout = sys.stderr = open(os.devnull, "w")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _end_with_parent(parent_pid)
    try:
        extract_one = setup(ruleset, model)
    except Exception as exc:
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for seq, document in batch:
            problems: list[Skipped] = []
            signals = extract_one(document, problems.append)
            conn.send(("rows", seq, signals, problems))


def _end_with_parent(parent_pid: int) -> None:
    """On Linux, have the kernel kill this worker when its parent dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
