"""The serial loop: documents through one spaCy pipeline in this process, one at a time. Every
other engine runs it too, inside its workers (`extract_rows`)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..documents import Document
from ..pipeline import document_extractor
from ..signals import Signal
from . import Done, Engine, Report, Settings


class SerialEngine(Engine):
    name = "serial"

    def rows(self, documents: Iterable[Document], settings: Settings, report: Report,
             on_done: Done = None) -> Iterator[Signal]:
        return extract_rows(documents, settings, report, on_done)


def extract_rows(documents: Iterable[Document], settings: Settings, report: Report,
                 on_done: Done = None) -> Iterator[Signal]:
    """The signals of each document in input order; a document that fails is reported and skipped."""
    extract_one = document_extractor(settings.ruleset, settings.model)
    for document in documents:
        yield from extract_one(document, report)
        if on_done:
            on_done()
