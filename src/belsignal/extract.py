"""The public API: documents in, signal rows out.

    >>> import belsignal
    >>> rows = list(belsignal.extract(["Russia sent about 30,000 troops into Belarus."]))
    >>> rows[0].kind, rows[0].value, rows[0].qualifier
    ('troops', 30000.0, 'approx')

`extract` streams: documents go through the pipeline one at a time and rows are yielded as
they are found, so memory does not grow with the corpus. A document that fails is reported
and skipped; the others go on. Where the work runs is the engine's business
(`belsignal.engines`): this process; supervised worker processes (with `jobs` > 1 or a
`timeout`), which also survive a document that hangs or kills its worker; or a Dask cluster.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator

from .documents import Document, Skipped
from .engines import BATCH_SIZE, Engine, Settings, create
from .rules import RuleSet, load_rules
from .signals import Signal

Rules = RuleSet | Iterable[str | os.PathLike] | None


def extract(
    items: Iterable[str | Document],
    rules: Rules = None,
    *,
    model: str | None = None,
    published: str | None = None,
    on_problem: Callable[[Skipped], None] | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
    timeout: float | None = None,
    on_done: Callable[[], None] | None = None,
    engine: str | Engine = "local",
    **engine_options,
) -> Iterator[Signal]:
    """Yield the signals of each item, in input order.

    items: plain strings (doc ids "<text>#1", "<text>#2", ...) or `Document`s.
    rules: None for the built-in rules, a RuleSet, or extra rule folders to add to them.
    model: an installed trained spaCy pipeline to use instead of blank English.
    published: ISO date that overrides every document's own.
    on_problem: told about a document that failed or was skipped (the others go on).
    jobs: worker processes (0 = one per core, and never more than the cores); the output
      order is that of jobs=1.
    timeout: seconds one document may take; a slower one is reported and skipped. Runs the
      extraction in worker processes (even with jobs=1), which is what makes it enforceable.
    on_done: called once per document when it is done (its rows yielded, or it was skipped),
      in input order: what a progress display counts.
    engine: "local" (this process, or supervised worker processes), "dask" (a LocalCluster of
      `jobs` workers, or scheduler="tcp://host:8786"), or an Engine the caller started and closes.
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(list(rules or []))
    settings = Settings(ruleset, model, batch_size)
    report = on_problem or (lambda problem: None)
    documents = _documents(items, published)
    if isinstance(engine, Engine):
        yield from engine.rows(documents, settings, report, on_done)
        return
    with create(engine, jobs=jobs, timeout=timeout, **engine_options) as owned:
        yield from owned.rows(documents, settings, report, on_done)


def _documents(items: Iterable[str | Document], published: str | None) -> Iterator[Document]:
    for n, item in enumerate(items, 1):
        document = Document(id=f"<text>#{n}", text=item) if isinstance(item, str) else item
        if published is not None:
            document = dataclasses.replace(document, published=published)
        yield document
