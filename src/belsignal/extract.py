"""The public API: documents in, signal rows out.

    >>> import belsignal
    >>> rows = list(belsignal.extract(["Russia sent about 30,000 troops into Belarus."]))
    >>> rows[0].kind, rows[0].value, rows[0].qualifier
    ('troops', 30000.0, 'approx')

`extract` streams: documents go through the pipeline one at a time and rows are yielded as
they are found, so memory does not grow with the corpus. A document that fails is reported
and skipped; the others go on. With `jobs` > 1 or a `timeout`, documents are extracted in
supervised worker processes (belsignal.parallel), which also survive a document that hangs
or kills its worker.
"""
from __future__ import annotations

import dataclasses
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from . import spacing
from .documents import Document, Skipped
from .rules import RuleSet, load_rules
from .signals import Signal

CHUNK_CHARS = 100_000  # long documents are processed in paragraph-aligned chunks of about this size
BATCH_SIZE = 64  # documents handed to a worker process at a time
# spaCy's tokenizer peels prefixes and suffixes off a space-free run one at a time, copying the
# rest each time: quadratic in the run's length (10,000 "(" take 14 s, a megabyte never ends).
# Runs longer than this get a space every MAX_RUN characters before tokenizing; the text keeps
# its length, so offsets do not move. No word or number is this long.
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

Rules = RuleSet | Iterable[str | os.PathLike] | None
_WARM_UP = "On Monday Russia said about 1,000 troops would arrive in Belarus by late March, Minsk denied it."


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
    """
    from .parallel import usable_jobs

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(list(rules or []))
    report = on_problem or (lambda problem: None)
    done = on_done or (lambda: None)
    documents = _documents(items, published)
    jobs = usable_jobs(jobs)
    if jobs > 1 or timeout:
        from .parallel import extract_supervised

        # Here, before any worker starts: bad rules or a missing model fail now, and forked
        # workers inherit a pipeline that has run once (lazy imports done), so no document
        # pays for that against its time bound.
        document_extractor(ruleset, model)(Document("<warm-up>", _WARM_UP, published="2022-03-01"), lambda p: None)
        yield from extract_supervised(documents, ruleset, model, jobs=jobs, timeout=timeout,
                                      batch_size=batch_size, report=report, on_done=done)
        return
    extract_one = document_extractor(ruleset, model)
    for document in documents:
        yield from extract_one(document, report)
        done()


def document_extractor(ruleset: RuleSet, model: str | None) -> Callable[[Document, Callable], list[Signal]]:
    """A function that extracts one document's rows, or reports why it cannot and returns []."""
    nlp = pipeline(model, ruleset)

    def extract_one(document: Document, report: Callable[[Skipped], None]) -> list[Signal]:
        try:
            return list(_document_signals(nlp, document))
        except Exception as exc:  # one bad document must not stop the others
            if isinstance(exc, _Failed):
                reason, detail = exc.args
            else:
                reason, detail = f"{type(exc).__name__}: {exc}", traceback.format_exc()
            report(Skipped(document.id, f"extraction failed: {reason}", detail=detail))
            return []

    return extract_one


class _Failed(Exception):
    """The spaCy component caught an error in a document (it keeps its pipe going)."""


def _document_signals(nlp, document: Document) -> Iterator[Signal]:
    for doc, offset in nlp.pipe(_chunks(document, nlp), as_tuples=True):
        error = doc.user_data.get("belsignal_error")
        if error:
            raise _Failed(error, doc.user_data.get("belsignal_traceback", ""))
        for sig in doc._.signals:
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


def _chunks(document: Document, nlp) -> Iterator[tuple]:
    """(Doc, offset) pairs of the document's body (never its YAML front matter, which must not
    end up in a sentence); a long text is split at paragraph breaks so that neither spaCy's
    max_length nor memory limits the size of a document."""
    body = document.body_start
    for offset, text in split_text(document.text[body:]):
        offset += body
        spaced = spacing.normalize(text)  # odd spaces and lone line breaks; offsets unchanged
        doc = nlp.make_doc(break_long_runs(spaced))
        doc._.published = document.published
        doc._.text = spaced  # what number phrases and context read: only the tokens see the breaks
        yield doc, offset


def break_long_runs(text: str, limit: int = MAX_RUN) -> str:
    """text with a space every `limit` characters of any run of more than `limit` non-space
    characters (a flood of punctuation, base64, a minified script); same length, same offsets."""
    if not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for run in _LONG_RUN.finditer(text):
        for i in range(run.start() + limit, run.end(), limit):
            chars[i] = " "
    return "".join(chars)


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
