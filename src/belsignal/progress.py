"""Progress on stderr for long runs: a rich display when stderr is a terminal, nothing otherwise.

When the number of documents is known in advance (folders and files of one article each) the
display is a bar with the total, the percentage and the time left; when it is not (stdin,
JSONL, WARC, links) it counts documents and signals and shows the rate. A document counts
once it is done (its rows written, or it was skipped), not when it is read ahead.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

REFRESH_SECONDS = 0.1  # the display is told of new counts at most this often


def plural(n: int, word: str) -> str:
    """ "1 document", "1,234 documents"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class _Silent:
    def update(self, documents: int, signals: int) -> None:
        """Nothing to show: stderr is not a terminal, or --quiet."""


@contextmanager
def progress(enabled: bool | None = None, total: int | None = None) -> Iterator:
    """Yields an object whose .update(documents, signals) refreshes the display (a no-op when
    off). total: the number of documents, if known (a bar with percentage and time left)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield _Silent()
        return
    from rich.console import Console
    from rich.progress import (BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    counts = TextColumn("{task.fields[counts]}")
    if total is None:
        columns = (SpinnerColumn(), counts, TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    else:
        columns = (BarColumn(bar_width=24), TaskProgressColumn(), counts, TextColumn("ETA"), TimeRemainingColumn())
    # redirect_stdout=False: rich would otherwise route stdout (the data) through the display,
    # keeping only what follows the last "\r" of each line. stderr is routed, so messages
    # print above the display.
    console = Console(stderr=True, markup=False, highlight=False, emoji=False)
    with Progress(*columns, console=console, transient=True, redirect_stdout=False) as display:
        task = display.add_task("extract", total=total, counts=_counts(0, 0, total), rate="")

        class _Display:
            def update(self, documents: int, signals: int) -> None:
                elapsed = display.tasks[0].elapsed or 0
                rate = f"{documents / elapsed:,.0f} docs/s" if elapsed > 0.5 else ""
                display.update(task, completed=min(documents, total) if total else documents,
                               counts=_counts(documents, signals, total), rate=rate)

        yield _Display()


def _counts(documents: int, signals: int, total: int | None) -> str:
    if total is None:
        return f"{plural(documents, 'document')}, {plural(signals, 'signal')}"
    return f"{min(documents, total):,}/{plural(total, 'document')}, {plural(signals, 'signal')}"


@contextmanager
def partition_progress(total: int, enabled: bool | None = None) -> Iterator:
    """Like `progress`, for a cluster run: a bar of partitions done out of `total`, with documents,
    rows and the time left. Yields an object with .update(documents, signals) (as `Tally` calls
    it) and .partitions(done)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield _SilentPartitions()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("partitions"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[counts]}, ETA"), TimeRemainingColumn())
    console = Console(stderr=True, markup=False, highlight=False, emoji=False)
    # redirect_stdout=False: stdout carries the data (see `progress`).
    with Progress(*columns, console=console, transient=True, redirect_stdout=False) as bar:
        task = bar.add_task("extract", total=total, counts=_counts(0, 0, None))

        class _Bar:
            def update(self, documents: int, signals: int) -> None:
                bar.update(task, counts=_counts(documents, signals, None))

            def partitions(self, done: int, total: int = total) -> None:
                bar.update(task, completed=done)

        yield _Bar()


class _SilentPartitions(_Silent):
    def partitions(self, done: int, total: int = 0) -> None:
        """Nothing to show."""


class Tally:
    """Counts documents done, files left out while reading and signals written, refreshing a
    progress display."""

    def __init__(self, bar=None) -> None:
        self.bar, self.documents, self.skipped, self.signals = bar or _Silent(), 0, 0, 0
        self._shown = 0.0

    def done(self) -> None:
        """One more document is done (its rows written, or it failed)."""
        self.documents += 1
        self._refresh()

    def skip(self) -> None:
        """A file was skipped while reading: done too, as far as the display goes."""
        self.skipped += 1
        self._refresh()

    def signals_of(self, stream: Iterable) -> Iterator:
        for item in stream:
            self.signals += 1
            self._refresh()
            yield item

    def _refresh(self) -> None:
        if time.monotonic() - self._shown >= REFRESH_SECONDS:
            self.show()

    def show(self) -> None:
        self._shown = time.monotonic()
        self.bar.update(self.documents + self.skipped, self.signals)
