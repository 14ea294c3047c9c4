"""Reading input: folders, files, JSONL and stdin become `Document`s.

Every document keeps its text exactly as decoded, because signal offsets
(`start`, `end` in SIGNALS.md) refer to that string. Problems with individual
inputs (binary files, bad JSON lines, unreadable files, odd encodings) never
stop a run: they are reported through `on_problem` as `Skipped` and reading
goes on. Only a path that does not exist is an error (`InputError`), raised
before anything is read.

Doc ids are unique within a run: with several inputs each id starts with its
input's own name (`wk1/a.txt`, `wk2/a.txt`), an input given twice is read once,
and a JSONL id used twice in a file gets its line (`feed.jsonl#a@7`). A signal
table belsignal wrote (CSV/JSONL/JSON with the SIGNALS.md columns) is never read
as articles, nor is the run's own output file (`exclude`).

Reading is lazy: folders are walked and JSONL files streamed as the caller
iterates, so a large corpus is never held in memory at once.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePath

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
# A FIFO or device named as input is read up to this size: /dev/zero must not be read for ever.
MAX_STREAM_BYTES = 256 * 1024 * 1024
TABLE_SUFFIXES = frozenset({".csv", ".json"}) | JSONL_SUFFIXES
_TABLE_COLUMNS = frozenset({"kind", "start"})  # what makes a file a belsignal signal table (as in diff)
# Lone surrogates (from JSON "\udc80" escapes) cannot be encoded, by spaCy or in the output.
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    detail: str = ""  # more for -v: the traceback of a failed extraction

    def __str__(self) -> str:
        kind = "skipped" if self.skipped else "warning"
        return f"{self.where}: {kind}: {self.reason}"


@dataclass(frozen=True)
class Ignored(Skipped):
    """An input left out on purpose (hidden, empty, a saved page's resources): the CLI says so
    only with -v."""

    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.where}: ignored: {self.reason}"


Report = Callable[[Skipped], None]


def _ignore(problem: Skipped) -> None:
    """Default problem handler: callers that do not ask are not told."""


# --------------------------------------------------------------------------- entry points


def check_inputs(inputs: Iterable[str | os.PathLike]) -> None:
    """Raise InputError for an input path that does not exist ("-" means stdin), or a glob
    pattern that matches nothing."""
    for item in inputs:
        name = os.fspath(item)
        if name == "-" or is_link(name):
            continue
        if is_glob(name):
            if not glob_matches(name):
                raise InputError(f"{name}: no file or folder matches")
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
    exclude: Iterable[str | os.PathLike] = (),
) -> Iterator[Document]:
    """Documents from folders, files, http(s) links and "-" (stdin), in the order given.

    web: `belsignal.readers.web.WebOptions` for downloading the links (delay, timeout,
    saving pages); the defaults if None.

    exclude: files never read, such as the run's own output file in an input folder.

    A plain function rather than a generator so that a missing path or a bad
    `published` override fails here, at call time, not at the first `next()`.
    """
    inputs = [os.fspath(i) for i in inputs]
    check_inputs(inputs)
    override = published_override(published)
    skip = {key for key in map(_file_key, exclude) if key}
    return _iter_documents(inputs, override, on_problem or _ignore, skip, web)


def published_override(published: str | None) -> str:
    """The ISO date of a --published option ("" for none); InputError if it is not a date."""
    override = ""
    if published:
        override = normalize_date(published)
        if not override:
            raise InputError(f"published date not recognised: {published!r} (use YYYY-MM-DD)")
    return override


def dated(doc: Document, override: str) -> Document:
    """doc with its published date: --published, then metadata, then the dateline."""
    doc.published = override or doc.published or find_dateline(doc.text[doc.body_start:])
    return doc


def _iter_documents(inputs: list[str], override: str, report: Report, skip: set, web=None) -> Iterator[Document]:
    from .readers import Links

    inputs = _distinct(inputs, report)
    labels = input_labels_of(inputs)
    seen: set = set()  # files read so far: one that two inputs hold is read once
    with Links(web) as links:
        for name, label in zip(inputs, labels):
            for doc in _Reader(report, skip, label, links, seen).documents(name):
                yield dated(doc, override)


def is_link(name: str) -> bool:
    """An http(s) address, downloaded rather than opened."""
    return name[:8].lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------- globs

_MAGIC = re.compile(r"[*?[]")


def is_glob(name: str) -> bool:
    """A pattern such as 'news/*.txt' or 'news/**/*.md' (quoted, so the shell left it alone)
    that is not itself the name of a file."""
    return bool(_MAGIC.search(name)) and name != "-" and not is_link(name) and not os.path.lexists(name)


def glob_base(pattern: str) -> str:
    """The folder a pattern's matches are named relative to: its parts before the first wildcard."""
    fixed = []
    for part in Path(pattern).parts:
        if _MAGIC.search(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def glob_matches(pattern: str) -> list[str]:
    """The files and folders a pattern matches, sorted, without what lies in a folder matched
    before (read with it); "**" spans any number of folders and, as in a folder walk, hidden
    names are matched only by a pattern that starts with a dot."""
    import glob

    kept: list[str] = []
    folders: list[str] = []
    for match in sorted(os.path.normpath(m) for m in glob.glob(pattern, recursive=True)):
        if any(match.startswith(folder) for folder in folders):
            continue
        kept.append(match)
        if os.path.isdir(match):
            folders.append(match.rstrip(os.sep) + os.sep)
    return kept


def count_documents(inputs: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = ()) -> int | None:
    """How many files reading inputs opens when each holds one article (folders, globs, text
    and HTML files), for a progress bar; None when some input holds an unknown number of
    documents (stdin, links, JSONL, WARC)."""
    skip = {key for key in map(_file_key, exclude) if key}
    seen: set = set()  # a file two inputs hold is read once
    for name in _distinct([os.fspath(i) for i in inputs], _ignore):
        if name == "-" or is_link(name):
            return None
        for path in _input_files(name, skip):
            if _holds_many(path):
                return None
            seen.add(_file_key(path) or path)
    return len(seen)


def _input_files(name: str, skip: set) -> Iterator[Path]:
    for match in glob_matches(name) if is_glob(name) else [name]:
        if os.path.isdir(match):
            yield from (path for path, _ in _walk_folder(Path(match), _ignore, skip))
        elif _file_key(match) not in skip:
            yield Path(match)


def _holds_many(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in JSONL_SUFFIXES or name.endswith((".warc", ".warc.gz"))


def _distinct(inputs: list[str], report: Report) -> list[str]:
    """inputs without repeats of one file or folder (the same resolved path): read once."""
    seen: set = set()
    kept = []
    for name in inputs:
        key = name if name == "-" or is_link(name) else os.path.realpath(name)
        if key in seen:
            report(Skipped(name, "given more than once; read once", skipped=False))
            continue
        seen.add(key)
        kept.append(name)
    return kept


def input_labels(inputs: list[str]) -> list[str]:
    """The name each input's doc ids start with when several are given: its own name
    ("wk1", "a.txt", "<stdin>"), or as many trailing path parts as tell it from the others.
    A link's documents are named by their address, which needs no label."""
    parts = [[name] if name == "-" or is_link(name) else [_id_text(p) for p in Path(os.path.abspath(name)).parts]
             for name in inputs]
    depth = [1] * len(inputs)
    while True:
        labels = ["/".join(p[-d:]).replace("//", "/") for p, d in zip(parts, depth)]
        counts = Counter(labels)
        clashing = [i for i, label in enumerate(labels) if counts[label] > 1 and depth[i] < len(parts[i])]
        if not clashing:
            return labels
        for i in clashing:
            depth[i] += 1


def _file_key(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


class _Reader:
    """Documents of one input, named under its label (None: as for a single input)."""

    def __init__(self, report: Report, skip: set, label: str | None, links, seen: set | None = None) -> None:
        self.report, self.skip, self.label, self.links, self.seen = report, skip, label, links, seen

    def documents(self, name: str) -> Iterator[Document]:
        if is_link(name):
            yield from self.links.documents(name, self.report)
        elif name == "-":
            yield from _stdin_documents(self.report)
        else:
            for path, doc_id, in_folder in local_files(name, self.report, self.label, self.skip, self.seen):
                yield from _file_documents(path, doc_id, self.report, in_folder=in_folder)


def input_labels_of(inputs: list[str]) -> list[str | None]:
    """The label each input's doc ids start with: None for a single input."""
    if len(inputs) < 2:
        return [None] * len(inputs)
    return input_labels([glob_base(i) if is_glob(i) else i for i in inputs])


def local_files(name: str, report: Report, label: str | None = None, skip: set = frozenset(),
                seen: set | None = None) -> Iterator[tuple[Path, str, bool]]:
    """(path, document id, found in a folder) of each file of a local input (a folder, a file or
    a glob), in reading order; ids start with `label/` (several inputs). A JSONL or WARC file's id
    prefixes its records' ids. A glob's matches are named relative to its base folder as a
    folder's files are; a matched file is read whatever its extension, as a file named alone is.

    seen: the files read so far in this run (shared by its inputs, updated): a file that two
    inputs hold (`wk1/` and `wk1/a.txt`) is read once, under the first."""
    for path, doc_id, in_folder in _local_files(name, report, label, skip):
        key = _file_key(path) if seen is not None else None
        if key and key in seen:
            report(Skipped(str(path), "already read with another input; read once", skipped=False))
            continue
        if key:
            seen.add(key)
        yield path, doc_id, in_folder


def _local_files(name: str, report: Report, label: str | None, skip: set) -> Iterator[tuple[Path, str, bool]]:
    prefix = f"{label}/" if label else ""
    if is_glob(name):
        base = glob_base(name)
        for match in glob_matches(name):
            rel = _id_text(Path(os.path.relpath(match, base)).as_posix())
            if os.path.isdir(match):
                yield from _folder_files(match, prefix if rel == "." else f"{prefix}{rel}/", report, skip)
            elif _file_key(match) not in skip:
                yield Path(match), prefix + rel, False
    elif os.path.isdir(name):
        yield from _folder_files(name, prefix, report, skip)
    elif _file_key(name) not in skip:
        path = Path(name)
        yield path, label or _id_text(path.name), False
    else:
        report(Ignored(name, "the output file of this run"))


def _folder_files(name: str, prefix: str, report: Report, skip: set) -> Iterator[tuple[Path, str, bool]]:
    for path, rel in _walk_folder(Path(name), report, skip):
        yield path, prefix + _id_text(rel), True


# --------------------------------------------------------------------------- folders


def _walk_folder(root: Path, report: Report, skip: set = frozenset()) -> Iterator[tuple[Path, str]]:
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
            entries = _visible_entries(folder, report)
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
                if not skip or _file_key(entry.path) not in skip:
                    yield Path(entry.path), rel
                else:
                    report(Ignored(entry.path, "the output file of this run"))
            elif entry.is_symlink():
                report(Skipped(entry.path, "broken symlink"))
            else:
                # FIFOs, sockets, devices: reading could block or make no sense.
                report(Skipped(entry.path, "not a regular file"))

    yield from walk(root, "")


def _visible_entries(folder: Path, report: Report = _ignore) -> list[tuple[os.DirEntry, bool]]:
    """Non-hidden entries of folder with their is-folder flag, in walk order; without the
    NAME_files folders of browser-saved NAME.html pages (their scripts, images, ads)."""
    from .readers import saved_page_resources

    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith("."):
            report(Ignored(entry.path, "hidden"))
    entries = [(entry, _is_dir(entry)) for entry in entries if not entry.name.startswith(".")]
    resources = saved_page_resources([entry.name for entry, is_dir in entries if not is_dir])
    for entry, is_dir in entries:
        if is_dir and entry.name in resources:
            report(Ignored(entry.path, "the resources of a saved web page"))
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
    kind = file_kind(path, in_folder)
    if kind == "table":
        report(not_articles(str(path)))
    elif kind == "web":  # web pages and web archives
        from .readers import reader_for

        yield from reader_for(path)(path, doc_path, report)
    elif kind == "jsonl":
        yield from _jsonl_file_documents(path, doc_path, report)
    elif kind == "text":
        yield from _text_file_documents(path, doc_path, report)
    else:
        report(unsupported(str(path)))


def file_kind(path: Path, in_folder: bool) -> str | None:
    """How a file is read: "web" (a saved page or a WARC archive: belsignal.readers), "jsonl"
    (an article a line), "text" (one article; any file named explicitly), "table" (a signal
    table belsignal wrote: not articles), or None (a file in a folder with another suffix)."""
    from .readers import reader_for

    suffix = path.suffix.lower()
    if signal_table_format(path):
        return "table"
    if reader_for(path):
        return "web"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES or not in_folder:
        return "text"
    return None


def not_articles(where: str) -> Skipped:
    return Skipped(where, "a belsignal signal table, not articles")


def unsupported(where: str) -> Skipped:
    return Skipped(where, f"unsupported file type {PurePath(where).suffix.lower() or '(no extension)'}")


def _text_file_documents(path: Path, doc_id: str, report: Report) -> Iterator[Document]:
    where = str(path)
    try:
        data = read_bytes(path, report)
    except OSError as error:
        report(Skipped(where, _os_error_reason(error, path)))
        return
    if data is not None:  # a stream with nothing in it has been reported
        yield from text_documents(data, doc_id, where, report, empty=_is_regular(path))


def text_documents(data: bytes, doc_id: str, where: str, report: Report, *, empty: bool = True) -> Iterator[Document]:
    """The one document of a text file's bytes (none if it is empty or binary); empty: report an
    empty file as ignored."""
    text = decode_bytes(data, where, report)
    if text:
        yield text_document(doc_id, text, source=where, report=report)
    elif text == "" and empty:
        report(Ignored(where, "empty"))


def read_bytes(path: Path, report: Report = _ignore) -> bytes | None:
    """A file's bytes; a FIFO or device is never waited on nor read for ever (see _read_stream:
    None, reported, when it gives more than MAX_STREAM_BYTES)."""
    return path.read_bytes() if _is_regular(path) else _read_stream(path, str(path), report)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # let the read report it


def _open_stream(path: Path):
    """Open a file for reading bytes; a FIFO with no writer gives end of file instead of blocking."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_stream(path: Path, where: str, report: Report) -> bytes | None:
    """The bytes of a FIFO or device (/dev/stdin, <(cmd)): binary data is refused after its
    first bytes and endless data (/dev/zero, /dev/urandom) at MAX_STREAM_BYTES."""
    with _open_stream(path) as stream:
        head = stream.read(SNIFF_BYTES)
        if binary_kind(head):
            return head  # decode_bytes reports it
        rest = stream.read(MAX_STREAM_BYTES + 1 - len(head))
    if len(head) + len(rest) > MAX_STREAM_BYTES:
        report(Skipped(where, f"more than {MAX_STREAM_BYTES // 2**20} MB from a stream (not a regular file)"))
        return None
    if not head:
        report(Skipped(where, "nothing to read (not a regular file: a FIFO without a writer?)", skipped=False))
    return head + rest


def text_document(doc_id: str, text: str, *, source: str = "", report: Report = _ignore) -> Document:
    """A Document from decoded text, taking published/title/url from YAML front matter."""
    text = clean_text(text, source or doc_id, report)
    meta, body_start = _front_matter(text, source or doc_id, report)
    return Document(
        id=doc_id,
        text=text,
        published=_metadata_date(meta, source or doc_id, report),
        title=_as_text(meta.get("title"), "title", source or doc_id, report),
        url=_as_text(meta.get("url"), "url", source or doc_id, report),
        body_start=body_start,
        source=source,
    )


def clean_text(text: str, where: str, report: Report = _ignore) -> str:
    """text with lone surrogates replaced by U+FFFD, one for one, so offsets do not move."""
    if not _SURROGATE.search(text):
        return text
    report(Skipped(where, "invalid Unicode (lone surrogate) replaced by U+FFFD", skipped=False))
    return _SURROGATE.sub("\ufffd", text)


def _id_text(name: str) -> str:
    """A file name fit for a doc id: bytes that are not UTF-8 (kept by the OS as lone
    surrogates, which no output can encode) are written as \\xNN."""
    if not _SURROGATE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


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

    from .safe_yaml import PlainLoader, load

    try:
        meta = load(match["yaml"], PlainLoader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        first_line = (str(error).splitlines() or ["YAML error"])[0]
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


def _as_text(value: object, field: str = "", where: str = "", report: Report = _ignore) -> str:
    """A metadata value as text; a list or mapping (`title: [a, b]`) is reported and left out,
    never written as a Python repr."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        report(Skipped(where, f"'{field}' is not text ({type(value).__name__}); left out", skipped=False))
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
    # Year-first numeric dates are unambiguous; so is day-first with dots (17.05.2023), the way
    # European outlets write them (American dates use slashes); 10/12/2022 is not.
    rf"{_YEAR}[-/.](?P<nmonth>\d{{1,2}})[-/.](?P<nday>\d{{1,2}})",
    rf"(?P<nday>\d{{1,2}})\.(?P<nmonth>\d{{1,2}})\.{_YEAR}",
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
    rf"(?:{_TIME}\s*,?\s*)?(?:{_WEEKDAY})?{_DATE}"
    rf"(?:\s*(?:,|\||-|–|—|/|·|•)?\s*{_TIME})?\.?$",
    re.I,
)
# A title that ends in its date: "Russian Offensive Campaign Assessment, November 17, 2023".
_TITLE_DATELINE = re.compile(rf"(?:,|\||–|—|\s-)\s*(?:{_WEEKDAY})?{_DATE}$", re.I)
TITLE_DATELINE_LINES = 2
# A wire story's dateline opening its first paragraph: a place in capitalised words (maybe with its
# country), the date with its year, maybe the agency, then a dash: "KYIV, Sept 12, 2024 (Reuters) -",
# "MINSK, 3 March 2023 (BelTA) –". The place's capitals are what keep a sentence out.
_PLACE_WORDS = r"[A-Z][A-Za-z'.\-]*(?:\s+[A-Z][A-Za-z'.\-]*){0,3}"
_WIRE_DATELINE = re.compile(
    rf"^{_PLACE_WORDS}(?:,\s*{_PLACE_WORDS})?,\s*(?i:{_WEEKDAY})?(?i:{_DATE})\s*(?:\([^()\n]{{1,40}}\)\s*)?(?:-|–|—)\s"
)
_DATE_ANYWHERE = re.compile(rf"(?<!\w){_DATE}(?!\w)", re.I)
# The parts of a byline: "By Anna Smith | Updated 14:32 GMT, 12 July 2024 | 4 min read".
_BYLINE_PARTS = re.compile(r"\s+[|·•]\s+")
_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
DATELINE_LINES = 5


def find_dateline(text: str) -> str:
    """The ISO date of a dateline among the first non-empty lines, or "".

    A dateline is a line that is essentially only a date, maybe with a
    "Published"/"Updated" label, a weekday or a time ("Wednesday, June 19,
    2024", "Dec. 6, 2023 10:32 AM"), a title line that ends in its date
    ("Campaign Assessment, November 17, 2023"), or such a date as one part of a byline
    ("By A. Smith | Updated 14:32 GMT, 12 July 2024"), or a wire story's opening ("KYIV, Sept 12,
    2024 (Reuters) - ..."). Dates inside sentences are not datelines.
    """
    for n, line in enumerate(_first_nonempty_lines(text, DATELINE_LINES)):
        line = line.strip(" \t\r\ufeff\u00a0")
        match = _DATELINE.match(line) or (_TITLE_DATELINE.search(line) if n < TITLE_DATELINE_LINES else None) \
            or _byline_date(line) or _WIRE_DATELINE.match(line)
        iso = _iso_from_match(match) if match else ""
        if iso:
            return iso
    return ""


def _byline_date(line: str) -> re.Match | None:
    """The date part of a byline whose parts are set apart by | or a dot ("By A. Smith | Updated
    14:32 GMT, 12 July 2024 | 4 min read"), if one part is a dateline."""
    parts = _BYLINE_PARTS.split(line)
    return next(filter(None, map(_DATELINE.match, parts)), None) if len(parts) > 1 else None


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


# --------------------------------------------------------------------------- signal tables


def signal_table_format(path: str | os.PathLike) -> str:
    """"csv", "jsonl" or "json" if path is a regular file holding a belsignal signal table (its
    first row has the SIGNALS.md `kind` and `start` columns), else "". Reads only the file's head."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES or not os.path.isfile(path):
        return ""
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES * 8).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""
    first = next((line for line in head.splitlines() if line.strip()), "").strip()
    if suffix == ".csv":
        import csv

        header = next(csv.reader([first]), [])
        return "csv" if _TABLE_COLUMNS <= {cell.strip() for cell in header} else ""
    if suffix == ".json":
        body = head.lstrip()
        if not body.startswith("["):
            return ""
        try:
            record, _ = json.JSONDecoder().raw_decode(body[1:].lstrip())
        except (json.JSONDecodeError, RecursionError):
            return ""
        return "json" if isinstance(record, dict) and _TABLE_COLUMNS <= record.keys() else ""
    try:
        record = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return ""
    return "jsonl" if isinstance(record, dict) and _TABLE_COLUMNS <= record.keys() else ""


# --------------------------------------------------------------------------- JSONL


def _jsonl_file_documents(path: Path, doc_path: str, report: Report) -> Iterator[Document]:
    where = str(path)
    try:
        with _open_stream(path) as stream:
            kind = binary_kind(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES])  # peek: a FIFO cannot seek back
            if kind:
                report(Skipped(where, f"binary file ({kind})"))
                return
            yield from _jsonl_documents(stream, doc_path, where, report)
    except OSError as error:
        report(Skipped(where, _os_error_reason(error, path)))


def _jsonl_documents(lines: Iterable[bytes | str], doc_path: str, where: str, report: Report,
                     first_line: int = 1, repeats: Iterable[int] = ()) -> Iterator[Document]:
    """One Document per JSON object line; bad lines are reported and skipped. first_line: the
    number of the first of `lines` (a piece of a file read from its middle); repeats: the lines
    of the piece whose id an earlier piece used (`repeated_lines` of the whole file).

    Doc ids are `doc_path#id`, or `doc_path#N` (line N) for a record without an id; an id
    seen before in the file gets its line too (`doc_path#id@N`), so ids stay unique."""
    warned_encoding = False
    seen: set[str] = set()
    repeats = frozenset(repeats)
    for lineno, raw in enumerate(lines, start=first_line):
        line, fallback = _decode_line(raw, first=lineno == 1)
        if fallback and not warned_encoding:
            warned_encoding = True  # once per file: a cp1252 file would warn on every line
            report(Skipped(f"{where}:{lineno}", f"not UTF-8; read as {fallback}", skipped=False))
        if not line.strip():
            continue
        doc = _record_document(line, doc_path, f"{where}:{lineno}", report)
        if doc is not None:
            doc.source, doc.line = where, lineno
            doc.id, repeated = _unique_id(doc.id, doc_path, lineno, seen, repeats)
            if repeated:
                report(Skipped(f"{where}:{lineno}", f"id already used in this file; doc id is {doc.id!r}",
                               skipped=False))
            yield doc


def _unique_id(record_id: str, doc_path: str, lineno: int, seen: set[str], repeats=frozenset()) -> tuple[str, bool]:
    """(the doc id of line `lineno`, whether it repeats an earlier one's), `seen` updated."""
    doc_id = record_id or f"{doc_path}#{lineno}"
    repeated = doc_id in seen or lineno in repeats
    if repeated:
        doc_id = f"{doc_id}@{lineno}"
    seen.add(doc_id)
    return doc_id, repeated


def repeated_lines(lines: Iterable[bytes], doc_path: str) -> Iterator[int]:
    """The lines of a JSONL file whose record id a line before them used (they get `@LINE`):
    what a piece cut from the middle of the file cannot see by itself."""
    seen: set[str] = set()
    for lineno, raw in enumerate(lines, start=1):
        line = _decode_line(raw, first=lineno == 1)[0]
        record = _record(line, "", _ignore) if line.strip() else None
        if record is not None:
            if _unique_id(_doc_id(record, doc_path, "", _ignore), doc_path, lineno, seen)[1]:
                yield lineno


def _decode_line(raw: bytes | str, *, first: bool) -> tuple[str, str]:
    if isinstance(raw, str):
        return (raw.lstrip("\ufeff") if first else raw), ""
    return _decode(raw)


def _record_document(line: str, doc_path: str, where: str, report: Report) -> Document | None:
    record = _record(line, where, report)
    if record is None:
        return None
    return Document(
        id=_doc_id(record, doc_path, where, report),
        text=clean_text(record["text"], where, report),
        published=_metadata_date(record, where, report),
        title=_SURROGATE.sub("\ufffd", _as_text(record.get("title"), "title", where, report)),
        url=_SURROGATE.sub("\ufffd", _as_text(record.get("url"), "url", where, report)),
    )


def _record(line: str, where: str, report: Report) -> dict | None:
    """The JSON object of a line that holds an article (non-empty "text"), or None (reported,
    unless the text is empty: like an empty file, nothing to read, nothing wrong)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        report(Skipped(where, f"malformed JSON: {error.msg} (column {error.colno})"))
        return None
    except RecursionError:
        report(Skipped(where, "JSON nested too deeply"))
        return None
    if not isinstance(record, dict):
        report(Skipped(where, "record is not a JSON object"))
        return None
    text = record.get("text")
    if not isinstance(text, str):
        reason = "record has no 'text'" if text is None else f"record 'text' is not a string ({type(text).__name__})"
        report(Skipped(where, reason))
        return None
    return record if text else None


def _doc_id(record: dict, doc_path: str, where: str, report: Report) -> str:
    """`doc_path#id` of a record with an id, else "" (the line number stands in)."""
    record_id = _record_id(record.get("id"), where, report)
    return f"{doc_path}#{record_id}" if record_id else ""


def _record_id(value: object, where: str, report: Report) -> str:
    """A record's id as text: a string or a number; anything else is reported and the line
    number stands in for it."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value.strip())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    report(Skipped(where, f"record 'id' is not a string or number ({type(value).__name__}); "
                          "the line number is used", skipped=False))
    return ""


# --------------------------------------------------------------------------- stdin


def _stdin_documents(report: Report) -> Iterator[Document]:
    """stdin is JSONL if its first non-blank line is a JSON object, a web page if it starts as
    one (`curl URL | belsignal extract -`), else one text document (an article may well start
    with "{")."""
    stream = sys.stdin
    if stream is None:
        return
    # Prefer bytes so stdin gets the same binary/encoding handling as files.
    source = getattr(stream, "buffer", None) or stream
    lines = iter(source)
    head = _lines_through_first_nonblank(lines)
    first = head[-1] if head else ""
    if isinstance(first, bytes):
        first = _decode(first)[0]
    if _is_json_object(first.lstrip("\ufeff")):
        yield from _jsonl_documents(chain(head, lines), STDIN, STDIN, report)
        return
    rest = source.read()
    if isinstance(rest, bytes):
        from .readers.html import looks_like_html

        if looks_like_html(b"".join(head) + rest[:1024]):
            from .readers.html import page_document

            doc = page_document(STDIN, b"".join(head) + rest, where=STDIN, report=report)
            yield from [doc] if doc is not None else []
            return
        text = decode_bytes(b"".join(head) + rest, STDIN, report)
    else:
        text = "".join(head) + rest
    if text:
        yield text_document(STDIN, text, source=STDIN, report=report)


def _is_json_object(line: str) -> bool:
    if not line.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _lines_through_first_nonblank(lines: Iterator) -> list:
    head = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    return head
