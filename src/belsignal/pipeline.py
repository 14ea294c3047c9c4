"""How a document becomes rows: the spaCy pipeline belsignal runs, and how text is fed to it.

`pipeline(model, ruleset)` builds (once per process) a blank English pipeline, or an installed
trained one, with a sentencizer and the belsignal component. `document_extractor(ruleset,
model)` returns the function that extracts one document's rows: long texts are cut at
paragraph breaks, odd spaces are made plain ones one-for-one (`spacing`) and floods of
punctuation get breaks before tokenizing, so offsets stay those of the text as read; a
document that fails is reported and skipped. Every engine (`belsignal.engines`) runs it, in
this process or in its workers.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
import traceback
import types
from collections.abc import Callable, Iterator
from functools import lru_cache

from . import spacing
from .documents import Document, Skipped
from .rules import RuleSet
from .signals import Signal

TOKENIZED = "belsignal_tokenized"  # Doc.user_data: the text the tokens were made from (component.TOKENIZED)
COLUMNS = "belsignal_columns"  # Doc.user_data: the token columns of token_columns, read once a Doc
COLUMN_ATTRS = ["LOWER", "ORTH", "IDX", "IS_PUNCT", "IS_QUOTE"]

CHUNK_CHARS = 100_000  # long documents are processed in paragraph-aligned chunks of about this size
# spaCy's tokenizer peels prefixes and suffixes off a space-free run one at a time, copying the
# rest each time: quadratic in the run's length (10,000 "(" take 14 s, a megabyte never ends).
# Runs longer than this get a space every MAX_RUN characters before tokenizing; the text keeps
# its length, so offsets do not move. No word or number is this long.
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")  # \S: what str.split() does not split on
_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
WARM_UP = Document("<warm-up>", "On Monday Russia said about 1,000 troops would arrive in Belarus by late March, "
                                "Minsk denied it.", published="2022-03-01")

Extractor = Callable[[Document, Callable[[Skipped], None]], list[Signal]]


def document_extractor(ruleset: RuleSet, model: str | None) -> Extractor:
    """A function that extracts one document's rows, or reports why it cannot and returns []."""
    nlp = pipeline(model, ruleset)
    make_doc = cached_tokens(nlp)

    def extract_one(document: Document, report: Callable[[Skipped], None]) -> list[Signal]:
        try:
            return list(_document_signals(nlp, make_doc, document))
        except Exception as exc:  # one bad document must not stop the others
            if isinstance(exc, _Failed):
                reason, detail = exc.args
            else:
                reason, detail = f"{type(exc).__name__}: {exc}", traceback.format_exc()
            report(Skipped(document.id, f"extraction failed: {reason}", detail=detail))
            return []

    return extract_one


def warm_up(ruleset: RuleSet, model: str | None) -> None:
    """Build this process's pipeline and run it once, so that its lazy imports are done: bad rules
    or a missing model fail here, and no document pays for them (nor forked workers again)."""
    document_extractor(ruleset, model)(WARM_UP, lambda problem: None)


class _Failed(Exception):
    """The spaCy component caught an error in a document (it keeps its pipe going)."""


def _document_signals(nlp, make_doc, document: Document) -> Iterator[Signal]:
    for doc, offset in _chunks(document, make_doc):
        for _, process in nlp.pipeline:  # what nlp.pipe does, without its batching for one Doc
            doc = process(doc)
        error = doc.user_data.get("belsignal_error")
        if error:
            raise _Failed(error, doc.user_data.get("belsignal_traceback", ""))
        for sig in doc._.signals:  # this Doc's own rows, made into the document's in place
            sig.start, sig.end = sig.start + offset, sig.end + offset
            sig.doc, sig.published, sig.title, sig.url = document.id, document.published, document.title, document.url
            sig.text, sig.id = document.text[sig.start:sig.end], ""
            sig.__post_init__()  # the id, from the document's name and offsets
            yield sig


def _chunks(document: Document, make_doc) -> Iterator[tuple]:
    """(Doc, offset) pairs of the document's body (never its YAML front matter, which must not
    end up in a sentence); a long text is split at paragraph breaks so that neither spaCy's
    max_length nor memory limits the size of a document."""
    body = document.body_start
    for offset, text in split_text(document.text[body:]):
        offset += body
        spaced = spacing.normalize(text)  # odd spaces and lone line breaks; offsets unchanged
        chunks = set(spaced.split())  # split once: for the long-run check and the token cache
        tokenized = break_long_runs(spaced, chunks=chunks)
        doc = make_doc(tokenized, chunks if tokenized is spaced else None)
        doc._.published = document.published
        doc._.text = spaced  # what number phrases and context read: only the tokens see the breaks
        if tokenized is not spaced:
            doc.user_data[TOKENIZED] = tokenized
        yield doc, offset


def break_long_runs(text: str, limit: int = MAX_RUN, chunks: set[str] | None = None) -> str:
    """text with a space every `limit` characters of any run of more than `limit` non-space
    characters (a flood of punctuation, base64, a minified script); same length, same offsets.
    chunks: the set of text.split(), where the caller has it."""
    if max(map(len, text.split() if chunks is None else chunks), default=0) <= limit:  # faster than _LONG_RUN.search
        return text
    chars = list(text)
    for run in _LONG_RUN.finditer(text):
        for i in range(run.start() + limit, run.end(), limit):
            chars[i] = " "
    return "".join(chars)


class CachedTokens:
    """nlp.make_doc, with spaCy's token cache kept working.

    The tokenizer caches how it split each whitespace-delimited chunk, but stops caching for the
    rest of a text once a special case ("Mr.", "don't", "—") was used, which nearly every article
    does near its start: most chunks were split again each time. So each chunk new to this
    process is first tokenized on its own, where the cache takes it unless a special case applies
    to it: the chunks no special case can touch all on one line, each other one alone. The
    document's tokenization then finds them cached. The cache only holds what the tokenizer itself
    computed for the chunk, so the tokens are the same (tests/test_identity.py compares them with
    the tokenizer as spaCy gives it)."""

    LIMIT = 100_000  # chunks remembered; then the cache starts over

    def __init__(self, nlp) -> None:
        self.nlp, self.tokenizer = nlp, nlp.tokenizer
        self.specials = {key for key in (self.tokenizer.rules or {})}
        self.seen: set[str] = set()
        self.warm = hasattr(self.tokenizer, "_flush_cache")
        if self.warm and getattr(self.tokenizer, "max_cache_size", self.LIMIT) < self.LIMIT:
            self.tokenizer.max_cache_size = self.LIMIT

    def __call__(self, text: str, chunks: set[str] | None = None):
        """The Doc of `text`; chunks: the set of text.split(), where the caller has it."""
        if self.warm:
            new = (set(text.split()) if chunks is None else chunks) - self.seen
            if new:
                if len(self.seen) + len(new) > self.LIMIT:
                    self.tokenizer._flush_cache()
                    self.seen.clear()
                self.seen |= new
                plain = [chunk for chunk in new if self._plain(chunk)]
                if plain:
                    self.tokenizer(" ".join(plain))
                if len(plain) < len(new):
                    for chunk in new.difference(plain):
                        self.tokenizer(chunk)
        return self.nlp.make_doc(text)

    def _plain(self, chunk: str) -> bool:
        """No special case can apply to the chunk: it has no quote, bracket or colon, and neither
        it nor what is left of it once leading $ or - and trailing . , % - are peeled off is one.
        (A chunk wrongly judged plain only costs the caching of those after it on the line.)"""
        if not _PLAIN.fullmatch(chunk):
            return False
        lead, trail = len(chunk) - len(chunk.lstrip("$€£-")), len(chunk.rstrip(".,%-"))
        return not any(chunk[a:b] in self.specials for a in range(lead + 1) for b in range(trail, len(chunk) + 1))


_PLAIN = re.compile(r"[\w,.%$€£\-]+")


@lru_cache(maxsize=4)
def cached_tokens(nlp) -> CachedTokens:
    """The CachedTokens of a pipeline (one per pipeline and process)."""
    return CachedTokens(nlp)


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


def import_spacy():
    """`import spacy`, without importing its command line (`spacy.cli`: typer, weasel, requests,
    httpx; a third of the import, which every belsignal run paid) on the way.

    spacy/__init__.py imports `spacy.cli.info` for its `spacy.info` only. Meanwhile `spacy.cli`
    is a bare package on spaCy's own cli folder (its other modules still import as they are) and
    `spacy.cli.info` a module whose `info` imports the real one when called. Both are taken out
    of sys.modules afterwards, so `import spacy.cli` still gives spaCy's command line."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        import spacy  # not installed: its own ImportError

        return spacy
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = [os.path.join(folder, "cli") for folder in spec.submodule_search_locations]
    info.info = _spacy_info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:  # a spaCy that needs more of its cli than spacy.info: import it as it is
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        stand_ins = {}
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


def _spacy_info(*args, **kwargs):
    """spacy.info, imported when called (see import_spacy)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


@lru_cache(maxsize=4)
def _pipeline(model: str | None, key: tuple, ruleset_id: int):
    spacy = import_spacy()

    from . import component  # noqa: F401  (registers the "belsignal" factory)

    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            from .errors import InputError

            raise InputError(f"spaCy pipeline '{model}' is not installed: {exc}") from None
    else:
        nlp = blank_english().from_config()  # what spacy.blank("en") does
    drop_whitespace_special_cases(nlp.tokenizer)  # a trained pipeline's (blank English has none)
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        sentencizer_class()  # registers its factory
        nlp.add_pipe("belsignal_sentencizer", name="sentencizer")
    nlp.max_length = CHUNK_CHARS * 20
    ruler = nlp.add_pipe("belsignal")
    return nlp, ruler


@lru_cache(maxsize=1)
def sentencizer_class():
    """spaCy's sentencizer, deciding from the token ids of the whole Doc at once rather than from a
    Token object per word; its rule, punctuation and annotations are spaCy's own (tests/test_identity.py
    compares the sentences). Registered as the factory "belsignal_sentencizer"; made on first use, so
    that importing this module does not import spaCy."""
    from spacy.language import Language
    from spacy.pipeline import Sentencizer as SpacySentencizer
    from spacy.strings import get_string_id

    class Sentencizer(SpacySentencizer):
        def predict(self, docs):
            if getattr(self, "_ends_of", None) is not self.punct_chars:  # from_bytes/from_disk set a new one
                self._ends, self._ends_of = {get_string_id(c) for c in self.punct_chars}, self.punct_chars
            ends, guesses = self._ends, []
            for doc in docs:
                starts = [False] * len(doc)
                if len(doc):
                    _, orths, _, puncts, _ = token_columns(doc)
                    start, seen_period = 0, False
                    for i, orth in enumerate(orths):
                        if orth in ends:
                            seen_period = True
                        elif seen_period and not puncts[i]:
                            starts[start] = True
                            start, seen_period = i, False
                    starts[start] = True
                guesses.append(starts)
            return guesses

    if not Language.has_factory("belsignal_sentencizer"):
        Language.factory("belsignal_sentencizer", default_config={"punct_chars": None, "overwrite": False})(
            lambda nlp, name, punct_chars, overwrite: Sentencizer(name, punct_chars=punct_chars, overwrite=overwrite))
    return Sentencizer


def token_columns(doc) -> list[list[int]]:
    """Each token's LOWER, ORTH, IDX, IS_PUNCT and IS_QUOTE (COLUMN_ATTRS), as lists: read with one
    to_array and kept in doc.user_data for the sentencizer, the component and the context
    heuristics, which all read them (one read of five columns costs less than a read each)."""
    found = doc.user_data.get(COLUMNS)
    if found is None or len(found[0]) != len(doc):  # none yet, or the tokens have changed since
        found = doc.user_data[COLUMNS] = doc.to_array(COLUMN_ATTRS).T.tolist()
    return found


@lru_cache(maxsize=1)
def blank_english():
    """spaCy's blank English, its tokenizer made without the special cases for whitespace (see
    drop_whitespace_special_cases): dropping them afterwards loads all 1,300 special cases a
    second time, a quarter of building the pipeline."""
    from spacy.lang.en import English

    class BlankEnglish(English):
        class Defaults(English.Defaults):
            tokenizer_exceptions = {key: value for key, value in English.Defaults.tokenizer_exceptions.items()
                                    if not key.isspace()}

    return BlankEnglish


def drop_whitespace_special_cases(tokenizer) -> None:
    """Remove the tokenizer's special cases for whitespace ("\\n", " ", "\\t", no-break space).

    Once a special case is hit, spaCy caches no new word for the rest of the document, and
    nearly every text has a line break. Whitespace tokenizes the same without them (a run of
    whitespace is one token either way; tests/test_identity.py checks it on real news), so
    dropping them only keeps the cache working: about a fifth of the tokenizer's time."""
    rules = tokenizer.rules or {}
    if any(key.isspace() for key in rules):
        tokenizer.rules = {key: value for key, value in rules.items() if not key.isspace()}


def pipeline(model: str | None, ruleset: RuleSet):
    """The spaCy pipeline for a model and rule set, built once per process."""
    nlp, ruler = _pipeline(model, ruleset.key, id(ruleset))
    if ruler.ruleset is not ruleset:
        ruler.add_rules(ruleset)
    return nlp
