"""Reading input: folders, files, JSONL and stdin become `Document`s.

Every document keeps its text exactly as decoded, because signal offsets
(`start`, `end` in SIGNALS.md) refer to that string. Problems with individual
inputs (binary files, bad JSON lines, unreadable files, odd encodings) never
stop a run: they are reported through `on_problem` as `Skipped` and reading
goes on. Only a path that does not exist is an error (`InputError`), raised
before anything is read.

Reading is lazy: folders are walked and JSONL files streamed as the caller
iterates, so a large corpus is never held in memory at once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

# The project-wide InputError (exit code 2 in the CLI), re-exported from here.
from belsignal.errors import InputError

STDIN = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# Leading bytes of file types people drop into corpus folders by mistake.
BINARY_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
)
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# How much of a JSONL file is sniffed for binary content before streaming it.
SNIFF_BYTES = 8192


@dataclass
class Document:
    """One article to extract from. `id` is the `doc` column of SIGNALS.md."""

    id: str
    text: str
    published: str = ""
    title: str = ""
    url: str = ""
    body_start: int = 0
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class Skipped:
    """A problem with one input: skipped entirely, or (skipped=False) read with a warning."""

    where: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        kind = "skipped" if self.skipped else "warning"
        return f"{self.where}: {kind}: {self.reason}"


Report = Callable[[Skipped], None]


def _ignore(problem: Skipped) -> None:
    """Default problem handler: callers that do not ask are not told."""


# --------------------------------------------------------------------------- entry points


def check_inputs(inputs: Iterable[str | os.PathLike]) -> None:
    """Raise InputError for an input path that does not exist ("-" means stdin)."""
    for item in inputs:
        name = os.fspath(item)
        if name == "-" or is_link(name):
            continue
        if os.path.islink(name) and not os.path.exists(name):
            raise InputError(f"{name}: broken symlink (its target does not exist)")
        if not os.path.exists(name):
            raise InputError(f"{name}: no such file or folder")
    from .readers import check_extras

    check_extras(inputs)  # a missing optional library fails before anything is read


def read_documents(
    inputs: Iterable[str | os.PathLike],
    *,
    published: str | None = None,
    on_problem: Report | None = None,
    web=None,
) -> Iterator[Document]:
    """Documents from folders, files, http(s) links and "-" (stdin), in the order given.

    web: `belsignal.readers.web.WebOptions` for downloading the links (delay, timeout,
    saving pages); the defaults if None.

    A plain function rather than a generator so that a missing path or a bad
    `published` override fails here, at call time, not at the first `next()`.
    """
    inputs = list(inputs)
    check_inputs(inputs)
    override = ""
    if published:
        override = normalize_date(published)
        if not override:
            raise InputError(f"published date not recognised: {published!r} (use YYYY-MM-DD)")
    return _iter_documents(inputs, override, on_problem or _ignore, web)


def _iter_documents(inputs: list, override: str, report: Report, web=None) -> Iterator[Document]:
    from .readers import Links

    with Links(web) as links:
        for item in inputs:
            for doc in _documents_from_input(os.fspath(item), report, links):
                # Precedence: --published, then metadata, then the dateline.
                doc.published = override or doc.published or find_dateline(doc.text[doc.body_start:])
                yield doc


def is_link(name: str) -> bool:
    """An http(s) address, downloaded rather than opened."""
    return name[:8].lower().startswith(("http://", "https://"))


def _documents_from_input(name: str, report: Report, links=None) -> Iterator[Document]:
    if is_link(name):
        yield from links.documents(name, report)
    elif name == "-":
        yield from _stdin_documents(report)
    elif os.path.isdir(name):
        for path, rel in _walk_folder(Path(name), report):
            yield from _file_documents(path, rel, report, in_folder=True)
    else:
        path = Path(name)
        yield from _file_documents(path, path.name, report, in_folder=False)


# --------------------------------------------------------------------------- folders


def _walk_folder(root: Path, report: Report) -> Iterator[tuple[Path, str]]:
    """(path, relative posix path) of the files under root, sorted by relative path.

    Siblings are sorted with a "/" appended to folder names, which makes a
    depth-first walk produce exactly the order of sorting all relative paths
    ("a.txt" < "a/b.txt") without listing the whole tree first.
    """
    seen_folders: set[tuple[int, int]] = set()

    def walk(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        where = str(folder)
        try:
            stat = folder.stat()
            entries = _visible_entries(folder)
        except OSError as error:
            report(Skipped(where, _os_error_reason(error)))
            return
        # Symlinked folders are followed, but each real folder is read once (no loops).
        if (stat.st_dev, stat.st_ino) in seen_folders:
            report(Skipped(where, "folder already read through another path (symlink)"))
            return
        seen_folders.add((stat.st_dev, stat.st_ino))
        for entry, is_dir in entries:
            rel = prefix + entry.name
            if is_dir:
                yield from walk(Path(entry.path), rel + "/")
            elif entry.is_file():
                yield Path(entry.path), rel
            elif entry.is_symlink():
                report(Skipped(entry.path, "broken symlink"))
            else:
                # FIFOs, sockets, devices: reading could block or make no sense.
                report(Skipped(entry.path, "not a regular file"))

    yield from walk(root, "")


def _visible_entries(folder: Path) -> list[tuple[os.DirEntry, bool]]:
    """Non-hidden entries of folder with their is-folder flag, in walk order; without the
    NAME_files folders of browser-saved NAME.html pages (their scripts, images, ads)."""
    from .readers import saved_page_resources

    with os.scandir(folder) as listing:
        entries = [(entry, _is_dir(entry)) for entry in listing if not entry.name.startswith(".")]
    resources = saved_page_resources([entry.name for entry, is_dir in entries if not is_dir])
    entries = [pair for pair in entries if not (pair[1] and pair[0].name in resources)]
    entries.sort(key=lambda pair: pair[0].name + "/" if pair[1] else pair[0].name)
    return entries


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


# --------------------------------------------------------------------------- files


def _file_documents(path: Path, doc_path: str, report: Report, *, in_folder: bool) -> Iterator[Document]:
    from .readers import reader_for

    suffix = path.suffix.lower()
    if reader := reader_for(path):  # web pages and web archives
        yield from reader(path, doc_path, report)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_file_documents(path, doc_path, report)
    elif suffix in TEXT_SUFFIXES or not in_folder:
        # A file named explicitly is read as text whatever its extension.
        yield from _text_file_documents(path, doc_path, report)
    else:
        report(Skipped(str(path), f"unsupported file type {suffix or '(no extension)'}"))


def _text_file_documents(path: Path, doc_id: str, report: Report) -> Iterator[Document]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        report(Skipped(where, _os_error_reason(error, path)))
        return
    text = decode_bytes(data, where, report)
    if text:
        yield text_document(doc_id, text, source=where, report=report)


def text_document(doc_id: str, text: str, *, source: str = "", report: Report = _ignore) -> Document:
    """A Document from decoded text, taking published/title/url from YAML front matter."""
    meta, body_start = _front_matter(text, source or doc_id, report)
    return Document(
        id=doc_id,
        text=text,
        published=_metadata_date(meta, source or doc_id, report),
        title=_as_text(meta.get("title")),
        url=_as_text(meta.get("url")),
        body_start=body_start,
        source=source,
    )


def _os_error_reason(error: OSError, path: Path | None = None) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    if isinstance(error, FileNotFoundError) and path is not None and path.is_symlink():
        return "broken symlink"
    if isinstance(error, FileNotFoundError):
        return "file disappeared while reading"
    return error.strerror or str(error)


# --------------------------------------------------------------------------- decoding


def binary_kind(head: bytes) -> str:
    """Why these leading bytes look binary ("PDF", "NUL bytes", ...), or "" if they look like text."""
    for magic, kind in BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(UTF16_BOMS):
        return "UTF-16 text is not supported; save it as UTF-8"
    if b"\x00" in head:
        return "NUL bytes"
    return ""


def decode_bytes(data: bytes, where: str, report: Report = _ignore) -> str | None:
    """Text of data, or None (reported) if it is binary. Never fails on bad bytes."""
    kind = binary_kind(data)
    if kind:
        report(Skipped(where, f"binary file ({kind})"))
        return None
    text, fallback = _decode(data)
    if fallback:
        report(Skipped(where, f"not UTF-8; read as {fallback}", skipped=False))
    return text


def _decode(data: bytes) -> tuple[str, str]:
    """(text, fallback encoding or "" for UTF-8). A UTF-8 BOM is dropped."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    # Western news text that is not UTF-8 is nearly always Windows-1252 (curly
    # quotes as 0x91-0x94); latin-1 is the last resort because it cannot fail.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


# --------------------------------------------------------------------------- front matter

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.S | re.M)


def _front_matter(text: str, where: str, report: Report) -> tuple[dict, int]:
    """(metadata, body_start). Without usable front matter the whole text is body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    import yaml  # only documents with front matter pay for it

    try:
        meta = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else "YAML error"
        report(Skipped(where, f"bad front matter ({first_line}); read as body", skipped=False))
        return {}, 0
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        report(Skipped(where, "front matter is not a YAML mapping; read as body", skipped=False))
        return {}, 0
    return meta, match.end()


def _metadata_date(meta: dict, where: str, report: Report) -> str:
    """The ISO published date from metadata ("published", or its alias "date"); "" if absent."""
    value = meta.get("published", meta.get("date"))
    if value is None or value == "":
        return ""
    iso = normalize_date(value)
    if not iso:
        report(Skipped(where, f"published date not recognised: {str(value)[:40]!r}", skipped=False))
    return iso


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_FORMS = (
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # December 6, 2023 / Dec. 6, 2023
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",  # 6 December 2023
    # Year-first numeric dates are unambiguous; 12.10.2022 or 10/12/2022 are not.
    rf"{_YEAR}[-/.](?P<nmonth>\d{{1,2}})[-/.](?P<nday>\d{{1,2}})",
)


def _numbered_groups(pattern: str) -> str:
    """Give each alternative's groups unique names (re forbids repeated names)."""
    counters: dict[str, int] = {}

    def rename(match: re.Match) -> str:
        name = match[1]
        counters[name] = counters.get(name, 0) + 1
        return f"(?P<{name}{counters[name]}>"

    return re.sub(r"\(\?P<(\w+)>", rename, pattern)


_DATE = _numbered_groups("(?:" + "|".join(f"(?:{form})" for form in _DATE_FORMS) + ")")
_TIME = (
    r"(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?:UTC|GMT|Z|CET|CEST|EET|EEST|MSK|BST|EST|EDT|CST|CDT|PST|PDT)?(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?"
)
_DATELINE = re.compile(
    r"^(?:(?:published|updated|last\s+updated|posted)(?:\s+on)?\s*:?\s*)?"
    rf"(?:{_WEEKDAY})?{_DATE}"
    rf"(?:\s*(?:,|\||-|–|—|/|·|•)?\s*{_TIME})?\.?$",
    re.I,
)
# A title that ends in its date: "Russian Offensive Campaign Assessment, November 17, 2023".
_TITLE_DATELINE = re.compile(rf"(?:,|\||–|—|\s-)\s*(?:{_WEEKDAY})?{_DATE}$", re.I)
TITLE_DATELINE_LINES = 2
_DATE_ANYWHERE = re.compile(rf"(?<!\w){_DATE}(?!\w)", re.I)
_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
DATELINE_LINES = 5


def find_dateline(text: str) -> str:
    """The ISO date of a dateline among the first non-empty lines, or "".

    A dateline is a line that is essentially only a date, maybe with a
    "Published"/"Updated" label, a weekday or a time ("Wednesday, June 19,
    2024", "Dec. 6, 2023 10:32 AM"), or a title line that ends in its date
    ("Campaign Assessment, November 17, 2023"). Dates inside sentences are not datelines.
    """
    for n, line in enumerate(_first_nonempty_lines(text, DATELINE_LINES)):
        line = line.strip(" \t\r\ufeff\u00a0")
        match = _DATELINE.match(line) or (_TITLE_DATELINE.search(line) if n < TITLE_DATELINE_LINES else None)
        iso = _iso_from_match(match) if match else ""
        if iso:
            return iso
    return ""


def _first_nonempty_lines(text: str, count: int) -> Iterator[str]:
    """The first `count` non-blank lines, without splitting the whole text."""
    start = 0
    while count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            count -= 1
            yield line
        start = end + 1


def _iso_from_match(match: re.Match) -> str:
    """ISO date from a _DATE match, or "" if the day does not exist."""
    groups = {name.rstrip("0123456789"): value for name, value in match.groupdict().items() if value}
    month = _MONTHS.get(groups["month"].lower()) if "month" in groups else int(groups["nmonth"])
    day = int(groups.get("day") or groups["nday"])
    try:
        return dt.date(int(groups["year"]), month, day).isoformat()
    except (ValueError, TypeError):
        return ""


def normalize_date(value: object) -> str:
    """ISO "YYYY-MM-DD" (or "YYYY-MM"/"YYYY" when that is all there is) from a metadata date; "" if unknown.

    Accepts YAML/JSON values: dates, datetimes, years as ints, ISO strings
    ("2024-06-19T10:32:00Z"), and written dates ("19 Jun 2024", "Wed, 19 Jun 2024 10:32:00 GMT").
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str):
        return ""
    return _iso_prefix(value.strip()) or _written_date(value)


def _iso_prefix(text: str) -> str:
    match = _ISO_PREFIX.match(text)
    if not match:
        return ""
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    return "-".join(part for part in (year, month, day) if part)


def _written_date(text: str) -> str:
    match = _DATE_ANYWHERE.search(text)
    return _iso_from_match(match) if match else ""


# --------------------------------------------------------------------------- JSONL


def _jsonl_file_documents(path: Path, doc_path: str, report: Report) -> Iterator[Document]:
    where = str(path)
    try:
        with path.open("rb") as stream:
            kind = binary_kind(stream.read(SNIFF_BYTES))
            if kind:
                report(Skipped(where, f"binary file ({kind})"))
                return
            stream.seek(0)
            yield from _jsonl_documents(stream, doc_path, where, report)
    except OSError as error:
        report(Skipped(where, _os_error_reason(error, path)))


def _jsonl_documents(lines: Iterable[bytes | str], doc_path: str, where: str, report: Report) -> Iterator[Document]:
    """One Document per JSON object line; bad lines are reported and skipped."""
    warned_encoding = False
    for lineno, raw in enumerate(lines, start=1):
        line, fallback = _decode_line(raw, first=lineno == 1)
        if fallback and not warned_encoding:
            warned_encoding = True  # once per file: a cp1252 file would warn on every line
            report(Skipped(f"{where}:{lineno}", f"not UTF-8; read as {fallback}", skipped=False))
        if not line.strip():
            continue
        doc = _record_document(line, doc_path, f"{where}:{lineno}", report)
        if doc is not None:
            doc.source, doc.line = where, lineno
            if not doc.id:
                doc.id = f"{doc_path}#{lineno}"
            yield doc


def _decode_line(raw: bytes | str, *, first: bool) -> tuple[str, str]:
    if isinstance(raw, str):
        return (raw.lstrip("\ufeff") if first else raw), ""
    return _decode(raw)


def _record_document(line: str, doc_path: str, where: str, report: Report) -> Document | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        report(Skipped(where, f"malformed JSON: {error.msg} (column {error.colno})"))
        return None
    if not isinstance(record, dict):
        report(Skipped(where, "record is not a JSON object"))
        return None
    text = record.get("text")
    if not isinstance(text, str):
        reason = "record has no 'text'" if text is None else f"record 'text' is not a string ({type(text).__name__})"
        report(Skipped(where, reason))
        return None
    if not text:
        return None  # like an empty file: nothing to read, nothing wrong
    record_id = _as_text(record.get("id"))
    return Document(
        id=f"{doc_path}#{record_id}" if record_id else "",
        text=text,
        published=_metadata_date(record, where, report),
        title=_as_text(record.get("title")),
        url=_as_text(record.get("url")),
    )


# --------------------------------------------------------------------------- stdin


def _stdin_documents(report: Report) -> Iterator[Document]:
    """stdin is JSONL if its first non-blank character is "{", else one text document."""
    stream = sys.stdin
    if stream is None:
        return
    # Prefer bytes so stdin gets the same binary/encoding handling as files.
    source = getattr(stream, "buffer", None) or stream
    lines = iter(source)
    head = _lines_through_first_nonblank(lines)
    first = head[-1] if head else ""
    if isinstance(first, bytes):
        first = first.decode("latin-1")
    # A BOM may precede the "{": as text it is \ufeff, as latin-1-read bytes "\xef\xbb\xbf".
    if first.lstrip("\ufeff\xef\xbb\xbf \t\r\n").startswith("{"):
        yield from _jsonl_documents(chain(head, lines), STDIN, STDIN, report)
        return
    rest = source.read()
    if isinstance(rest, bytes):
        text = decode_bytes(b"".join(head) + rest, STDIN, report)
    else:
        text = "".join(head) + rest
    if text:
        yield text_document(STDIN, text, source=STDIN, report=report)


def _lines_through_first_nonblank(lines: Iterator) -> list:
    head = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    return head
