"""A folder of part files: a cluster's output, one file per partition.

    OUT_DIR/part-00000.parquet   the rows of partition 0, written by the worker that made them
    OUT_DIR/part-00001.parquet   ...
    OUT_DIR/manifest.json        inputs, partitions, row counts, skipped documents, rule-set hash,
                                 belsignal version (written after every part file)
    OUT_DIR/_SUCCESS             empty; written last: the folder is complete

A part file goes to a hidden temp name and is renamed, so a worker killed while writing leaves
nothing behind, and a partition computed twice (its worker died after writing it) writes the
same file twice, never two files. Part files are written by the table writers
(`tables.write_table`) in any format with a suffix: parquet, jsonl, csv or json. The folder may
be local (shared by the workers) or an fsspec URL (`s3://bucket/signals/`).

Readers should wait for `_SUCCESS` (as Spark and Hadoop do): a run that stopped midway
leaves the part files it finished and no marker; running it again replaces them.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import InputError, OutputError
from .partitions import is_url
from .signals import Signal
from .tables import FORMATS

SUCCESS, MANIFEST = "_SUCCESS", "manifest.json"
PART_FORMATS = tuple(name for name, f in FORMATS.items() if f.stream or name == "parquet")
_OURS = re.compile(r"(?:part-\d{5,}\.\w+|\.part-\d{5,}\.\w+\.\w+\.tmp|_SUCCESS|manifest\.json|\.manifest\.json\.\w+\.tmp)")


def is_folder(output: str) -> bool:
    """Whether -o names a folder of part files: it ends with a slash or is a folder."""
    return output.endswith(("/", os.sep)) or (not is_url(output) and os.path.isdir(output))


@dataclass(frozen=True)
class PartsOutput:
    """Where and how the part files of one run are written. Picklable: workers write with it."""

    folder: str  # a local path or an fsspec URL
    fmt: str = "parquet"
    raw_csv: bool = False

    def __post_init__(self) -> None:
        if self.fmt not in PART_FORMATS:
            raise InputError(f"--format {self.fmt} cannot be written as part files "
                             f"(choose from {', '.join(PART_FORMATS)})")

    def name(self, index: int) -> str:
        return f"part-{index:05d}{FORMATS[self.fmt].suffixes[0]}"

    def write(self, index: int, signals: Iterable[Signal]) -> Counter:
        """Write one partition's rows (on the worker that made them); rows written per kind."""
        fs, root = _fs(self.folder)
        final = f"{root}/{self.name(index)}"
        temp = f"{root}/.{self.name(index)}.{uuid.uuid4().hex[:12]}.tmp"
        try:
            with fs.open(temp, "wb") as raw:
                counts = _write(signals, self.fmt, raw, raw_csv=self.raw_csv)
            fs.mv(temp, final)
        except BaseException:
            _remove(fs, temp)
            raise
        return counts

    def check(self) -> None:
        """Raise InputError unless the folder is new, empty, or an earlier output of ours."""
        fs, root = _fs(self.folder)
        if not fs.exists(root):
            return
        if not fs.isdir(root):
            raise InputError(f"{self.folder}: is a file, not a folder for part files")
        foreign = sorted(name for name in _names(fs, root) if not _OURS.fullmatch(name))
        if foreign:
            raise InputError(f"{self.folder}: holds files that are not belsignal part files ({', '.join(foreign[:3])}"
                             f"{', ...' if len(foreign) > 3 else ''}); give a new or empty folder")

    def prepare(self) -> None:
        """Check the folder, make it, and take an earlier run's _SUCCESS away: from now on it is
        incomplete until `finish`."""
        self.check()
        fs, root = _fs(self.folder)
        try:
            fs.makedirs(root, exist_ok=True)
            _remove(fs, f"{root}/{SUCCESS}")
        except OSError as error:  # a read-only folder, no permission
            raise OutputError(f"{self.folder}: cannot write: {error.strerror or error}") from None

    def finish(self, manifest: dict) -> None:
        """Drop part files this run did not write, then write manifest.json and, last, _SUCCESS."""
        fs, root = _fs(self.folder)
        keep = {part["file"] for part in manifest["partitions"]}
        for name in _names(fs, root):
            if name not in keep and name not in (SUCCESS, MANIFEST):
                _remove(fs, f"{root}/{name}")
        temp = f"{root}/.{MANIFEST}.{uuid.uuid4().hex[:12]}.tmp"
        with fs.open(temp, "wb") as out:
            out.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        fs.mv(temp, f"{root}/{MANIFEST}")
        with fs.open(f"{root}/{SUCCESS}", "wb"):
            pass


def manifest(*, inputs: list[str], output: PartsOutput, partitions: list, results: list, ruleset_hash: str,
             engine: dict) -> dict:
    """What a part-file folder holds: the partitions (partitions.Partition) and what the workers
    reported for each (engines.cluster.PartitionResult), in the same order."""
    from . import __version__

    kinds: Counter = Counter()
    for result in results:
        kinds.update(result.counts)
    problems = [p for result in results for p in result.problems]
    return {
        "belsignal": __version__,
        "rules": ruleset_hash,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": list(inputs),
        "format": output.fmt,
        "engine": engine,
        "documents": sum(r.documents for r in results),
        "rows": sum(kinds.values()),
        "kinds": dict(sorted(kinds.items())),
        "partitions": [{
            "index": r.index, "file": None if r.lost else output.name(r.index), "documents": r.documents,
            "rows": sum(r.counts.values()), "kinds": dict(sorted(r.counts.items())),
            "inputs": [_piece(piece) for piece in partition.pieces],
        } for partition, r in zip(partitions, results)],  # fmt: skip
        "skipped": [{"where": p.where, "reason": p.reason} for p in problems if p.skipped],
        "warnings": [{"where": p.where, "reason": p.reason} for p in problems if not p.skipped],
    }


def _piece(piece) -> dict | str:
    """A whole file as its path; a byte range with its offsets and first line."""
    if piece.end is None:
        return piece.where
    return {"path": piece.where, "start": piece.start, "end": piece.end, "first_line": piece.first_line}


def _write(signals: Iterable[Signal], fmt: str, raw, **options) -> Counter:
    from .tables import write_table

    if not FORMATS[fmt].stream:
        return write_table(signals, fmt, raw, **options)
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="" if fmt == "csv" else None)
    counts = write_table(signals, fmt, text, **options)
    text.flush()
    text.detach()
    return counts


def _fs(folder: str):
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise InputError("part files need fsspec: pip install 'belsignal[dask]'") from None
    fs, root = url_to_fs(folder)
    return fs, root.rstrip("/") or "/"


def _names(fs, root: str) -> list[str]:
    return [entry.rstrip("/").rsplit("/", 1)[-1] for entry in fs.ls(root, detail=False)]


def _remove(fs, path: str) -> None:
    try:
        if fs.exists(path):
            fs.rm(path)
    except FileNotFoundError:
        pass
