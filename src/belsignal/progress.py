"""Progress on stderr for long runs: a rich bar when stderr is a terminal, nothing otherwise."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

REFRESH_EVERY = 20  # documents (or signals) between two refreshes of the bar


class _Silent:
    def update(self, documents: int, signals: int) -> None:
        """Nothing to show: stderr is not a terminal, or --quiet."""


@contextmanager
def progress(enabled: bool | None = None) -> Iterator:
    """Yields an object whose .update(documents, signals) refreshes the bar (a no-op when off)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield _Silent()
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.fields[documents]} documents, {task.fields[signals]} signals, "
                                           "{task.fields[rate]} docs/s"), TimeElapsedColumn())
    # redirect_stdout=False: rich would otherwise route stdout (the data) through the display,
    # keeping only what follows the last "\r" of each line. stderr is routed, so messages
    # print above the bar.
    with Progress(*columns, console=Console(stderr=True, markup=False, highlight=False), transient=True,
                  redirect_stdout=False) as bar:
        task = bar.add_task("extract", documents=0, signals=0, rate="-")

        class _Bar:
            def update(self, documents: int, signals: int) -> None:
                elapsed = bar.tasks[0].elapsed or 0
                rate = f"{documents / elapsed:,.0f}" if elapsed > 0 else "-"
                bar.update(task, documents=documents, signals=signals, rate=rate)

        yield _Bar()


class Tally:
    """Counts the documents and signals that stream through, refreshing a progress display."""

    def __init__(self, bar) -> None:
        self.bar, self.documents, self.signals = bar, 0, 0

    def documents_of(self, stream: Iterable) -> Iterator:
        return self._count(stream, "documents")

    def signals_of(self, stream: Iterable) -> Iterator:
        return self._count(stream, "signals")

    def _count(self, stream: Iterable, counter: str) -> Iterator:
        for item in stream:
            setattr(self, counter, getattr(self, counter) + 1)
            if getattr(self, counter) % REFRESH_EVERY == 0:
                self.bar.update(self.documents, self.signals)
            yield item
