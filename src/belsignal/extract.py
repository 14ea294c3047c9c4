"""The public API: documents in, signal rows out.

    >>> import belsignal
    >>> rows = list(belsignal.extract(["Russia sent about 30,000 troops into Belarus."]))
    >>> rows[0].kind, rows[0].value, rows[0].qualifier
    ('troops', 30000.0, 'approx')

`extract` streams: documents go through `nlp.pipe` in batches and rows are yielded as they
are found, so memory does not grow with the corpus.
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from . import spacing
from .documents import Document, Skipped
from .rules import RuleSet, load_rules
from .signals import Signal

CHUNK_CHARS = 100_000  # long documents are processed in paragraph-aligned chunks of about this size
BATCH_SIZE = 64
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

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
) -> Iterator[Signal]:
    """Yield the signals of each item, in input order.

    items: plain strings (doc ids "<text>#1", "<text>#2", ...) or `Document`s.
    rules: None for the built-in rules, a RuleSet, or extra rule folders to add to them.
    model: an installed trained spaCy pipeline to use instead of blank English.
    published: ISO date that overrides every document's own.
    on_problem: told about a document that failed (the others go on).
    jobs: worker processes (0 = one per core); the output order is that of jobs=1.
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(list(rules or []))
    report = on_problem or (lambda problem: None)
    documents = _documents(items, published)
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1:
        from .parallel import extract_parallel

        yield from extract_parallel(documents, ruleset, model, jobs, batch_size, report)
        return
    yield from _extract_serial(documents, ruleset, model, batch_size, report)


def _extract_serial(documents, ruleset, model, batch_size, report) -> Iterator[Signal]:
    nlp = pipeline(model, ruleset)
    chunks = _chunks(documents, nlp)
    for doc, (document, offset) in nlp.pipe(chunks, as_tuples=True, batch_size=batch_size):
        error = doc.user_data.get("belsignal_error")
        if error:
            report(Skipped(document.id, f"extraction failed: {error}"))
            continue
        for sig in doc._.signals:
            if sig.start + offset < document.body_start:
                continue  # inside YAML front matter
            start, end = sig.start + offset, sig.end + offset
            yield dataclasses.replace(
                sig, id="", doc=document.id, published=document.published,
                start=start, end=end, text=document.text[start:end], title=document.title, url=document.url,
            )


def _documents(items: Iterable[str | Document], published: str | None) -> Iterator[Document]:
    for n, item in enumerate(items, 1):
        document = Document(id=f"<text>#{n}", text=item) if isinstance(item, str) else item
        if published is not None:
            document = dataclasses.replace(document, published=published)
        yield document


def _chunks(documents: Iterable[Document], nlp) -> Iterator[tuple]:
    """(Doc, (document, offset)) pairs; long texts are split at paragraph breaks so that neither
    spaCy's max_length nor memory limits the size of a document."""
    for document in documents:
        for offset, text in split_text(document.text):
            spaced = spacing.normalize(text)  # odd spaces and lone line breaks; offsets unchanged
            doc = nlp.make_doc(spaced)
            doc._.published = document.published
            doc._.text = spaced
            yield doc, (document, offset)


def split_text(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most about `size` characters, cut at paragraph breaks
    (or, failing those, at a line break or a space)."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((m.end() for m in _BREAK.finditer(window)), default=0)
        if cut < size // 4:
            cut = max(window.rfind("\n"), window.rfind(" ")) + 1
        if cut <= 0:
            cut = size
        yield start, text[start:start + cut]
        start += cut
    if start < len(text) or not text:
        yield start, text[start:]


@lru_cache(maxsize=4)
def _pipeline(model: str | None, key: tuple, ruleset_id: int):
    import spacy

    from . import component  # noqa: F401  (registers the "belsignal" factory)

    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            from .errors import InputError

            raise InputError(f"spaCy pipeline '{model}' is not installed: {exc}") from None
    else:
        nlp = spacy.blank("en")
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer")
    nlp.max_length = CHUNK_CHARS * 20
    ruler = nlp.add_pipe("belsignal")
    return nlp, ruler


def pipeline(model: str | None, ruleset: RuleSet):
    """The spaCy pipeline for a model and rule set, built once per process."""
    nlp, ruler = _pipeline(model, ruleset.key, id(ruleset))
    if ruler.ruleset is not ruleset:
        ruler.add_rules(ruleset)
    return nlp
