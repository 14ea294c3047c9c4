"""Partitions: how a corpus is cut for a cluster, and how each piece is read where it lives.

A partition is a run of consecutive files, or a byte range of one large JSONL file cut at a
line boundary. Reading the partitions in order gives the documents `read_documents` gives,
with the same ids in the same order, so an engine that reads partitions on its workers
extracts the same rows as one that reads the documents here.

How a file may be cut is its reader's business (`READERS`, by `documents.file_kind`): a text
file or a saved page is one piece; a JSONL file is cut into byte ranges at line boundaries,
each knowing the number of its first line (a record without an `id` is `path#LINE`) and the
lines whose id an earlier line of the file used (`path#id@LINE`); a WARC
archive is one partition of its own (its records are numbered from its start).

Inputs are local paths or fsspec URLs (`s3://bucket/news/`, `gs://...`, `hdfs://...`,
`memory://...`), so a cluster reads the archive where it lives; a local path must be
visible to every worker at the same absolute path (a shared file system). Planning lists
the files and reads a JSONL file larger than one partition once, to find its line
boundaries and its repeated ids (each line's JSON is parsed: fast next to extraction); the
documents are read by the workers.
"""
from __future__ import annotations

import math
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .documents import (
    SNIFF_BYTES, Document, Ignored, Report, Skipped, _file_key, _jsonl_documents, _os_error_reason, binary_kind, check_inputs,
    dated,
    _distinct, file_kind, input_labels_of, local_files, not_articles, repeated_lines, text_documents, unsupported,
)
from .errors import InputError

MIN_BYTES = 256 * 1024  # the default partition size stays between these two
MAX_BYTES = 64 * 1024 * 1024
PER_WORKER = 16  # by default about this many partitions per worker, so that all finish together
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass(frozen=True)
class Piece:
    """One file, or a byte range [start, end) of one."""

    path: str  # what a worker opens: an absolute local path or an fsspec URL
    where: str  # how messages name it: the path as the user gave it
    doc_id: str  # the document's id; for JSONL the prefix of its records' ids
    kind: str  # the reader: "text" or "jsonl"
    size: int
    start: int = 0
    end: int | None = None  # None: to the end of the file
    first_line: int = 1  # JSONL: the number of the line at `start`
    repeats: tuple[int, ...] = ()  # JSONL: its lines whose record id an earlier line used (documents.repeated_lines)


@dataclass(frozen=True)
class Partition:
    index: int
    pieces: tuple[Piece, ...]

    @property
    def size(self) -> int:
        return sum(piece.size for piece in self.pieces)

    def __str__(self) -> str:
        first, last = self.pieces[0], self.pieces[-1]
        if len(self.pieces) > 1:
            return f"partition {self.index} ({first.where} .. {last.where}, {len(self.pieces)} files)"
        if first.end is not None:
            return f"partition {self.index} ({first.where} from line {first.first_line}, bytes {first.start}-{first.end})"
        return f"partition {self.index} ({first.where})"


# --------------------------------------------------------------------------- readers


@dataclass(frozen=True)
class Reader:
    """How one kind of file is cut into pieces and how a piece becomes documents."""

    split: Callable[[Piece, int, Report], list[Piece]]  # (whole file, target bytes, report) -> pieces
    read: Callable[[Piece, Report], Iterator[Document]]
    alone: bool = False  # each file is a partition of its own


def _whole(piece: Piece, target: int, report: Report) -> list[Piece]:
    return [piece]


def _read_text(piece: Piece, report: Report) -> Iterator[Document]:
    try:
        with _open(piece.path) as stream:
            data = stream.read()
    except OSError as error:
        _unreadable(piece, error, report)
        return
    yield from text_documents(data, piece.doc_id, piece.where, report)


def _split_jsonl(piece: Piece, target: int, report: Report) -> list[Piece]:
    """Byte ranges ending at the first line end past each multiple of `target`, with their first
    line numbers, and the lines of each whose record id an earlier line used (a piece cannot
    see the lines before it: `read_documents` names those `id@LINE`)."""
    if piece.size <= target:
        return [piece]
    ranges: list[tuple[int, int, int]] = []  # (start, end, first line)
    start = position = 0
    start_line = line = 1
    boundary = target

    def lines(stream) -> Iterator[bytes]:
        nonlocal start, position, start_line, line, boundary
        for raw in stream:
            yield raw
            position += len(raw)
            line += 1
            if position >= boundary:
                ranges.append((start, position, start_line))
                start, start_line = position, line
                boundary = _next_boundary(boundary, position, target)

    try:
        with _open(piece.path) as stream:
            kind = binary_kind(stream.read(SNIFF_BYTES))
            if kind:
                report(Skipped(piece.where, f"binary file ({kind})"))
                return []
            stream.seek(0)
            repeats = list(repeated_lines(lines(stream), piece.doc_id))
    except OSError as error:
        report(Skipped(piece.where, _os_error_reason(error)))
        return []
    if position > start:
        ranges.append((start, position, start_line))
    ends = [first for _, _, first in ranges[1:]] + [line]
    return [_range(piece, begin, end, first, tuple(n for n in repeats if first <= n < last))
            for (begin, end, first), last in zip(ranges, ends)]


def _next_boundary(boundary: int, size: int, target: int) -> int:
    """The next multiple of target, or target past size after a piece larger than one partition."""
    return boundary + target if size < boundary + target else size + target


def _range(piece: Piece, start: int, end: int, first_line: int, repeats: tuple[int, ...] = ()) -> Piece:
    return Piece(piece.path, piece.where, piece.doc_id, piece.kind, end - start, start, end, first_line, repeats)


def _read_jsonl(piece: Piece, report: Report) -> Iterator[Document]:
    try:
        with _open(piece.path) as stream:
            if piece.start == 0:
                kind = binary_kind(stream.read(SNIFF_BYTES))
                if kind:
                    report(Skipped(piece.where, f"binary file ({kind})"))
                    return
            stream.seek(piece.start)
            lines = _lines(stream, None if piece.end is None else piece.end - piece.start)
            yield from _jsonl_documents(lines, piece.doc_id, piece.where, report, first_line=piece.first_line,
                                        repeats=piece.repeats)
    except OSError as error:
        _unreadable(piece, error, report)


def _unreadable(piece: Piece, error: OSError, report: Report) -> None:
    """A file that is gone or forbidden is reported as skipped, as `read_documents` does; any other
    error reading a URL (a dropped connection, a timeout) is raised, so that the cluster retries
    the partition."""
    if is_url(piece.path) and not isinstance(error, (FileNotFoundError, PermissionError, IsADirectoryError)):
        raise error
    report(Skipped(piece.where, _os_error_reason(error)))


def _lines(stream, budget: int | None) -> Iterator[bytes]:
    """The lines of a binary stream, up to `budget` bytes (a piece ends at a line end)."""
    for raw in stream:
        yield raw
        if budget is not None:
            budget -= len(raw)
            if budget <= 0:
                return


def _read_web(piece: Piece, report: Report) -> Iterator[Document]:
    """A saved page or a WARC archive (`belsignal.readers`), read whole; those readers take a
    local file, so a remote one is copied to a temp file first (messages still name the URL)."""
    from .readers import reader_for

    if not is_url(piece.path):
        path = Path(piece.path)
        yield from reader_for(path)(path, piece.doc_id, _named(report, str(path), piece.where))
        return
    with tempfile.TemporaryDirectory(prefix="belsignal-") as folder:
        local = Path(folder) / PurePosixPath(piece.path).name
        try:
            with _open(piece.path) as remote, local.open("wb") as copy:
                shutil.copyfileobj(remote, copy, 1 << 20)
        except OSError as error:
            _unreadable(piece, error, report)
            return
        yield from reader_for(local)(local, piece.doc_id, _named(report, str(local), piece.where))


def _named(report: Report, path: str, where: str) -> Report:
    """report, with problems at `path` named as `where`."""
    def renamed(problem: Skipped) -> None:
        report(Skipped(problem.where.replace(path, where, 1), problem.reason, problem.skipped)
               if problem.where.startswith(path) else problem)

    return renamed


READERS: dict[str, Reader] = {
    "text": Reader(_whole, _read_text),
    "jsonl": Reader(_split_jsonl, _read_jsonl),
    "web": Reader(_whole, _read_web),  # a saved page
    "warc": Reader(_whole, _read_web, alone=True),  # a WARC archive: one partition per file
}
WARC_SUFFIXES = (".warc", ".warc.gz")


# --------------------------------------------------------------------------- planning


def plan(inputs: Iterable[str], *, partitions: int | None = None, workers: int = 1,
         report: Report | None = None, exclude: Iterable[str] = ()) -> list[Partition]:
    """The partitions of the inputs, in reading order.

    partitions: about how many to make (a text file is never cut, so there may be fewer);
    by default about PER_WORKER per worker, each between MIN_BYTES and MAX_BYTES.
    exclude: local files never read, such as the run's own output file in an input folder.
    Raises InputError for an input that does not exist or cannot be partitioned (stdin).
    """
    report = report or (lambda problem: None)
    inputs = [os.fspath(name) for name in inputs]
    check(inputs)
    inputs = _distinct(inputs, report)
    labels = input_labels_of(inputs)
    skip = {key for key in map(_file_key, exclude) if key}
    seen: set = set()  # a file that two inputs hold is read once, as `read_documents` does
    files = [piece for name, label in zip(inputs, labels) for piece in _files(name, label, report, skip, seen)]
    total = sum(piece.size for piece in files)
    if partitions:
        target = max(1, math.ceil(total / partitions))
    else:
        target = min(MAX_BYTES, max(MIN_BYTES, math.ceil(total / (max(1, workers) * PER_WORKER))))
    pieces = [part for piece in files for part in READERS[piece.kind].split(piece, target, report)]
    return _group(pieces, target)


def check(inputs: Iterable[str]) -> None:
    """Raise InputError for standard input or a local path that does not exist (URLs are checked
    when they are listed)."""
    names = [os.fspath(name) for name in inputs]
    if "-" in names:
        raise InputError("-: standard input cannot be shared out to a cluster; give files or folders")
    check_inputs([name for name in names if not is_url(name)])


def _group(pieces: list[Piece], target: int) -> list[Partition]:
    """Consecutive pieces, a partition closed at the first piece past each multiple of `target`
    bytes (counted from the first piece, so that sizes do not drift); a piece whose reader keeps
    it alone (WARC) is a partition of its own."""
    groups: list[list[Piece]] = [[]]
    size, boundary = 0, target
    for piece in pieces:
        if READERS[piece.kind].alone and groups[-1]:
            groups.append([])
        groups[-1].append(piece)
        if READERS[piece.kind].alone:
            groups.append([])
        size += piece.size
        if size >= boundary:
            groups.append([])
            boundary = _next_boundary(boundary, size, target)
    return [Partition(i, tuple(group)) for i, group in enumerate(g for g in groups if g)]


def _files(name: str, label: str | None, report: Report, skip: set, seen: set) -> Iterator[Piece]:
    """Every file of one input as a whole-file Piece, in reading order; ids start with `label/`
    when there are several inputs, as `read_documents` names them."""
    entries = _url_files(name, label, report) if is_url(name) else _local_files(name, label, report, skip, seen)
    for path, where, doc_id, in_folder, size in entries:
        kind = file_kind(Path(path) if not is_url(path) else PurePosixPath(path), in_folder)
        if kind is None:
            report(unsupported(where))
        elif kind == "table":
            report(not_articles(where))
        else:
            warc = kind == "web" and path.lower().endswith(WARC_SUFFIXES)
            yield Piece(path, where, doc_id, "warc" if warc else kind, size)


def _local_files(name: str, label: str | None, report: Report,
                 skip: set, seen: set) -> Iterator[tuple[str, str, str, bool, int]]:
    for path, doc_id, in_folder in local_files(name, report, label, skip, seen):
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the worker reports why it cannot read it
        yield os.path.abspath(path), str(path), doc_id, in_folder, size


def _url_files(url: str, label: str | None, report: Report) -> Iterator[tuple[str, str, str, bool, int]]:
    """The files of an fsspec URL: a folder is listed recursively and sorted by relative path,
    hidden files left out, as `read_documents` walks a local folder."""
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{url}: reading URLs needs fsspec: pip install 'belsignal[dask]'") from None
    try:
        fs, root = fsspec.core.url_to_fs(url)
        if not fs.exists(root):
            raise InputError(f"{url}: no such file or folder")
        if not fs.isdir(root):
            yield url, url, label or posixpath.basename(root.rstrip("/")), False, fs.size(root)
            return
        found = fs.find(root, detail=True)
    except (ImportError, ValueError, OSError) as error:  # an unknown protocol, a library it needs, no access
        raise InputError(f"{url}: {error}") from None
    base = root.rstrip("/") + "/"
    entries = []
    for path, info in found.items():
        rel = path[len(base):] if path.startswith(base) else posixpath.basename(path)
        parts = rel.split("/")
        if not any(part.startswith(".") for part in parts):
            entries.append((rel, path, info.get("size") or 0))
        elif parts[-1].startswith(".") and not any(part.startswith(".") for part in parts[:-1]):
            report(Ignored(fs.unstrip_protocol(path), "hidden"))  # as a folder walk says of its hidden files
    for rel, path, size in sorted(entries):
        full = fs.unstrip_protocol(path)
        yield full, full, f"{label}/{rel}" if label else rel, True, size


def is_url(name: str) -> bool:
    return bool(_URL.match(name))


# --------------------------------------------------------------------------- reading


def read_partition(partition: Partition, *, published: str = "", report: Report | None = None) -> Iterator[Document]:
    """The documents of one partition, in order; published: an ISO date overriding every document's."""
    report = report or (lambda problem: None)
    for piece in partition.pieces:
        for document in READERS[piece.kind].read(piece, report):
            yield dated(document, published)


def _open(path: str):
    if is_url(path):
        import fsspec

        return fsspec.open(path, "rb").open()
    return open(path, "rb")
