"""WARC files (`.warc`, `.warc.gz`; Common Crawl's CC-NEWS) -> one Document per HTML response.

Read with warcio, record by record: memory holds one record, never the archive. Record N
(counting every record from 1, warcinfo and request records included) is `doc` `PATH#N`;
its `url` is the record's WARC-Target-URI; its `published` comes from the page (metadata,
then dateline), else from the day of its WARC-Date.

Damage never stops a file. A record that is truncated, fails its WARC digest, or cannot be
parsed is reported as `PATH#N: skipped: reason`; after a record that cannot be parsed
(a gzip member cut short, garbage), reading resumes at the next gzip member (the next
"WARC/1." line in an uncompressed file). Non-HTML responses, HTTP errors and oversized
records are reported and skipped; warcinfo, request, metadata and revisit records are not
documents and pass silently.
"""
from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..documents import Document, Report, Skipped, _os_error_reason, normalize_date
from . import require
from .html import HTML_TYPES, MAX_PAGE_BYTES, looks_like_html, page_document

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
DOCUMENT_RECORDS = frozenset({"response", "resource"})
SCAN_BLOCK = 1 << 20


def warc_documents(path: Path, doc_path: str, report: Report) -> Iterator[Document]:
    """The HTML pages of one WARC file, streamed."""
    archive_iterator = require("warcio.archiveiterator", "reading WARC files").ArchiveIterator
    require("trafilatura", "reading WARC files")  # fail before reading, not at the first page
    try:
        stream = path.open("rb")
    except OSError as error:
        report(Skipped(str(path), _os_error_reason(error, path)))
        return
    with stream:
        yield from _Archive(stream, archive_iterator, str(path), doc_path, report).documents()


class _Archive:
    """One pass of warcio per intact stretch of the file; damage ends a pass, and the next
    starts at the next gzip member. A damaged stretch is reported once, as one record."""

    def __init__(self, stream, archive_iterator, where: str, doc_path: str, report: Report) -> None:
        self.stream, self.archive_iterator = stream, archive_iterator
        self.where, self.doc_path, self.report = where, doc_path, report
        self.size = os.fstat(stream.fileno()).st_size
        self.head = stream.read(len(WARC_MAGIC))
        self.magic = GZIP_MAGIC if self.head.startswith(GZIP_MAGIC[:2]) else WARC_MAGIC
        self.number = 0  # of the last record counted
        self.done_until = -1  # start offset of that record

    def documents(self) -> Iterator[Document]:
        if self.magic == WARC_MAGIC and not self.head.startswith(WARC_MAGIC):
            self.report(Skipped(self.where, "not a WARC file (neither gzip nor a WARC/1.x header)"))
            return
        offset: int | None = 0
        while offset is not None:
            offset = yield from self._pass(offset)

    def _pass(self, offset: int) -> Generator[Document, None, int | None]:
        """Read records from offset on; return where the next pass starts (None: done)."""
        self.stream.seek(offset)
        records = self.archive_iterator(self.stream, check_digests=True)
        stop = offset  # end of the last intact record: where damage starts
        while True:
            try:
                with _quiet():
                    record = next(records, None)
                    if record is None:
                        break
                    page = _Page.read(record)
                    start = records.get_record_offset()
                    end = start + records.get_record_length()  # reads to the end: digests checked
            except Exception as error:  # warcio on damaged bytes
                return self._damaged(offset, stop, _reason(error))
            if start <= self.done_until:
                continue  # read before this pass began
            self.number, self.done_until = self.number + 1, start
            problem = page.problem(record) if page else ""
            if not problem.startswith(_DAMAGE):
                stop = end
            if problem:
                self.report(Skipped(f"{self.where}#{self.number}", problem))
            elif page is not None and (doc := self._document(page)) is not None:
                yield doc
        if self._leftover(stop):  # warcio stops quietly at some damage (a cut last member)
            return self._damaged(offset, stop, f"{_DAMAGE}: truncated or unreadable record")
        return None

    def _damaged(self, offset: int, stop: int, reason: str) -> int | None:
        """Report damage found at stop (once) and return where the next pass starts."""
        if stop > self.done_until and (stop > offset or offset == 0):
            self.number, self.done_until = self.number + 1, stop
            self.report(Skipped(f"{self.where}#{self.number}", reason))
        return self._next_member(stop + 1)

    def _document(self, page: "_Page") -> Document | None:
        doc_id = f"{self.doc_path}#{self.number}"
        doc = page_document(doc_id, page.data, where=f"{self.where}#{self.number}", report=self.report,
                            url=page.url, content_type=page.content_type)
        if doc is not None:
            doc.url = page.url or doc.url
            doc.published = doc.published or normalize_date(page.date)
            doc.source = self.where
        return doc

    def _leftover(self, position: int) -> bool:
        """Anything but blank lines after `position`?"""
        if position >= self.size:
            return False
        self.stream.seek(position)
        return bool(self.stream.read(4096).strip())

    def _next_member(self, position: int) -> int | None:
        """Offset of the next gzip member (or WARC/1. line) at or after position, or None."""
        self.stream.seek(position)
        carry = b""
        while block := self.stream.read(SCAN_BLOCK):
            data = carry + block
            base = position - len(carry)
            found = data.find(self.magic)
            while found >= 0:
                if self.magic == GZIP_MAGIC or base + found == 0 or data[found - 1:found] == b"\n":
                    return base + found
                found = data.find(self.magic, found + 1)
            carry = data[-(len(self.magic) - 1):]
            position += len(block)
        return None


_DAMAGE = "damaged"


@dataclass
class _Page:
    """An HTML response record's payload and what the reader needs of its headers."""

    data: bytes
    url: str
    content_type: str
    date: str
    status: str = ""
    skip: str = ""

    @classmethod
    def read(cls, record) -> "_Page | None":
        """The page in a response record (skip set if it is not one), or None for other records."""
        if record.rec_type not in DOCUMENT_RECORDS:
            return None
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI") or ""
        if not url.lower().startswith(("http://", "https://")):
            return None  # dns:, whois:, ... records of crawlers
        http = record.http_headers
        content_type = (http.get_header("Content-Type") if http else headers.get_header("Content-Type")) or ""
        page = cls(b"", url, content_type, headers.get_header("WARC-Date") or "",
                   http.get_statuscode() if http else "")
        media = content_type.split(";")[0].strip().lower()
        if page.status and not page.status.startswith("2"):
            page.skip = f"HTTP {page.status}, not a page"
        elif media and media not in HTML_TYPES and media != "application/octet-stream":
            page.skip = f"not HTML ({media})"
        elif record.length > MAX_PAGE_BYTES:
            page.skip = f"record larger than {MAX_PAGE_BYTES // 2**20} MB"
        else:
            page.data = _read_all(record.content_stream(), MAX_PAGE_BYTES + 1)
            if len(page.data) > MAX_PAGE_BYTES:
                page.skip = f"page larger than {MAX_PAGE_BYTES // 2**20} MB"
            elif media not in HTML_TYPES and not looks_like_html(page.data):
                page.skip = f"not HTML ({media or 'no Content-Type'})"
        return page

    def problem(self, record) -> str:
        """Why this record is skipped ("" if it is read); checked once the record is read to its end."""
        missing = getattr(record.raw_stream, "limit", 0)
        if missing > 0:
            return f"{_DAMAGE}: truncated record ({missing:,} of {record.length:,} bytes missing)"
        checker = record.digest_checker
        if checker is not None and checker.passed is False:
            return f"{_DAMAGE}: record fails its WARC digest ({'; '.join(checker.problems)})"
        return self.skip


def _read_all(stream, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit and (chunk := stream.read(min(65536, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    # warcio quotes the bad line, which is binary garbage in a damaged gzip member.
    message = str(error).split(", first line:")[0]
    message = " ".join("".join(c for c in message if c.isprintable()).split())[:120]
    return f"{_DAMAGE}: unreadable record ({type(error).__name__}{': ' + message if message else ''})"


@contextlib.contextmanager
def _quiet():
    """warcio prints its warnings about damaged records to stderr; we report them ourselves."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield
