"""Web pages -> Documents: the article's main text and metadata, extracted by trafilatura.

A page's `Document.text` is what trafilatura keeps of it (navigation, cookie notices,
related-article lists, comments, scripts and JSON-LD are dropped), one paragraph a block,
blocks separated by a blank line, headed by the page title unless the text already starts
with it. Signal offsets refer to that text; `belsignal extract PAGE --show-text` prints it.

Metadata: `title` and `url` (the canonical link, else a browser's "saved from url" mark)
from the page; `published` from trafilatura's date extraction, which reads the page's
metadata (meta tags, JSON-LD, <time>, the URL), else from a dateline in the text.

Bytes are decoded here, not by trafilatura (which ignores declared charsets): a BOM, then
the charset declared by the HTTP header or the page's <meta>, if the bytes agree with it,
then UTF-8, then charset-normalizer's guess.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from ..documents import Document, Report, Skipped, _os_error_reason, find_dateline, normalize_date
from . import require

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_PAGE_BYTES = 20 * 2**20  # trafilatura's own MAX_FILE_SIZE
# htmldate reads the page's metadata only: its "extensive" search takes any date in the text.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Chrome and Internet Explorer mark saved pages with their address ("mark of the web").
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
_SAVED_FROM_ZONE = 4096
_SINGLE_BYTE = re.compile(r"^(?:cp125\d|iso8859|latin|windows-125\d|ascii)", re.I)

for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    # Their log records are problems we report ourselves; without this, Python's
    # last-resort handler would print them to stderr.
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def looks_like_html(head: bytes) -> bool:
    """Sniff a payload without a usable Content-Type."""
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<html" in start


def html_file_documents(path: Path, doc_id: str, report: Report) -> Iterator[Document]:
    """The Document of one saved page (none if it has no article text)."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            report(Skipped(where, f"page larger than {MAX_PAGE_BYTES // 2**20} MB"))
            return
        data = path.read_bytes()
    except OSError as error:
        report(Skipped(where, _os_error_reason(error, path)))
        return
    doc = page_document(doc_id, data, where=where, report=report)
    if doc is not None:
        yield doc


def page_document(doc_id: str, data: bytes, *, where: str, report: Report,
                  url: str = "", content_type: str = "") -> Document | None:
    """A Document from the bytes of one HTML page, or None (reported) if nothing can be read.

    url: where the page came from (WARC-Target-URI, the downloaded address): a fallback for
    the page's own canonical link, and a hint for the date (URLs often hold one).
    content_type: the HTTP Content-Type header, whose charset wins over the page's <meta>.
    """
    trafilatura = require("trafilatura", "reading HTML")
    markup, guessed = decode_html(data, content_type)
    if guessed:
        report(Skipped(where, f"no charset declared and not UTF-8; read as {guessed}", skipped=False))
    saved_from = _SAVED_FROM.search(markup[:_SAVED_FROM_ZONE])
    if saved_from and not markup[:saved_from.start()].strip():
        markup = markup[saved_from.end():]  # before <html>, it would make trafilatura doubt the page is HTML
    try:
        result = trafilatura.bare_extraction(
            markup, url=url or None, with_metadata=True, include_comments=False,
            date_extraction_params=dict(DATE_PARAMS),
        )
    except Exception as error:  # a third-party parser on arbitrary input: report, go on
        report(Skipped(where, f"HTML extraction failed: {type(error).__name__}: {error}"))
        return None
    body = paragraphs(result.text or "") if result is not None else ""
    if not body:
        report(Skipped(where, "no article text found in the page"))
        return None
    title = " ".join((result.title or "").split())
    text = with_title(title, body)
    return Document(
        id=doc_id,
        text=text,
        published=normalize_date(result.date or "") or find_dateline(text),
        title=title,
        url=result.url or (saved_from[1] if saved_from else "") or url,
        source=where,
    )


def paragraphs(text: str) -> str:
    """trafilatura's text, one block a line, as paragraphs separated by blank lines: the
    pipeline treats a blank line as a sentence break (headings carry no full stop)."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def with_title(title: str, body: str) -> str:
    """The body headed by the title, unless one of its first blocks is the title already."""
    if not title:
        return body
    first_blocks = [" ".join(block.split()) for block in body.split("\n\n", 3)[:3]]
    return body if title in first_blocks else f"{title}\n\n{body}"


# --------------------------------------------------------------------------- charsets


def decode_html(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, guessed encoding or "" when the bytes or a declaration said which).

    A declared charset is used when the bytes decode with it, except that a page declared
    as a single-byte Western charset whose bytes are valid non-ASCII UTF-8 is UTF-8 (a
    common mislabel; cp1252 text is practically never valid UTF-8 by chance).
    """
    encoding = require("w3lib.encoding", "reading HTML")
    bom, mark = encoding.read_bom(data)
    if bom:
        return data[len(mark):].decode(bom, errors="replace"), ""
    declared = (encoding.http_content_type_encoding(content_type) if content_type else None) \
        or encoding.html_body_declared_encoding(data)
    if declared and declared.replace("-", "").lower().startswith(("utf16", "utf32")):
        declared = None  # without a BOM, a UTF-16 label is wrong (HTML's rule: read it as UTF-8)
    utf8 = _utf8(data)
    if declared:
        if utf8 is not None and _SINGLE_BYTE.match(declared) and not data.isascii():
            return utf8, ""
        try:
            return data.decode(declared), ""
        except (UnicodeDecodeError, LookupError):
            pass  # the bytes disagree with the declaration: trust the bytes
    if utf8 is not None:
        return utf8, ""
    best = require("charset_normalizer", "reading HTML").from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace"), best.encoding
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
