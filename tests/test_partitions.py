"""Partitions (`belsignal.partitions`): cutting a corpus for a cluster and reading each piece gives
exactly the documents `read_documents` gives; large JSONL is cut at line boundaries; fsspec URLs."""
from __future__ import annotations

import json
import shutil

import pytest

from belsignal.documents import read_documents
from belsignal.errors import InputError
from belsignal.partitions import MIN_BYTES, PER_WORKER, plan, read_partition

from .conftest import SEEDS, SHARED, need

DEV = SHARED / "dev" / "articles"


def documents(inputs, **options) -> tuple[list[tuple], list[str]]:
    """(id, text, published) of every document read, and the problems reported, in order."""
    problems: list = []
    docs = read_documents(inputs, on_problem=problems.append, **options)
    return [(d.id, d.text, d.published, d.title, d.url) for d in docs], [str(p) for p in problems]


def partitioned(inputs, published: str = "", **options) -> tuple[list[tuple], list[str], list]:
    problems: list = []
    parts = plan(inputs, report=problems.append, **options)
    docs = [d for part in parts for d in read_partition(part, published=published, report=problems.append)]
    return [(d.id, d.text, d.published, d.title, d.url) for d in docs], [str(p) for p in problems], parts


@pytest.mark.parametrize("count", [1, 3, 8, 100])
def test_partitions_of_folders_read_back_as_the_same_documents(count):
    inputs = [str(SEEDS), str(DEV)]
    want, _ = documents(inputs)
    got, problems, parts = partitioned(inputs, partitions=count)
    assert got == want and len(want) == 35
    assert problems == []
    assert len(parts) == min(count, 35)  # text files are never cut
    assert [p.index for p in parts] == list(range(len(parts)))


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory):
    """A JSONL of 600 records: with and without ids, blank lines, bad lines, no text, non-ASCII."""
    path = tmp_path_factory.mktemp("jsonl") / "news.jsonl"
    lines = []
    for n in range(600):
        if n % 97 == 5:
            lines.append("{not json")
        elif n % 89 == 7:
            lines.append("")
        elif n % 83 == 11:
            lines.append(json.dumps({"id": f"n{n}"}))
        elif n % 2:
            lines.append(json.dumps({"text": f"Minsk — About {n},000 troops and {n} tanks moved.", "published": "2024-03-01"},
                                    ensure_ascii=False))
        else:  # ids repeated far apart: a later piece must name them as the whole file does (id@LINE)
            record_id = "r10" if n in (590, 594) else f"r{n}@12" if n == 596 else f"r{n}"
            lines.append(json.dumps({"id": record_id, "text": f"Russia sent {n} soldiers. " * (1 + n % 5)}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("count", [2, 7, 40])
def test_a_large_jsonl_is_cut_at_line_boundaries_keeping_line_numbers(big_jsonl, count):
    want, want_problems = documents([big_jsonl])
    got, problems, parts = partitioned([big_jsonl], partitions=count)
    assert got == want and problems == want_problems
    assert any(doc_id.endswith("#2") for doc_id, *_ in got)  # records without an id are path#LINE
    assert len({doc_id for doc_id, *_ in got}) == len(got)  # unique, as in a run over the whole file
    assert any("malformed JSON" in p for p in problems)
    data = big_jsonl.read_bytes()
    ranges = [(p.pieces[0].start, p.pieces[0].end) for p in parts]
    assert len(parts) == count and all(len(p.pieces) == 1 for p in parts)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(end == start for (_, end), (start, _) in zip(ranges, ranges[1:]))  # no gap, no overlap
    for part in parts:
        piece = part.pieces[0]
        assert piece.start == 0 or data[piece.start - 1:piece.start] == b"\n"
        assert piece.first_line == data[:piece.start].count(b"\n") + 1


def test_a_file_two_inputs_hold_is_read_once_as_by_read_documents(tmp_path):
    folder = tmp_path / "wk1"
    shutil.copytree(SEEDS, folder)
    inputs = [str(folder), str(folder / "000_193a5e913a49cda4.txt"), f"{tmp_path}/wk*"]
    want, want_problems = documents(inputs)
    got, problems, _ = partitioned(inputs, partitions=3)
    assert got == want and problems == want_problems
    assert len(got) == 5 and len(problems) == 6  # each file once; each repeat said


def test_published_overrides_every_document():
    got, _, _ = partitioned([str(SEEDS)], published="2024-06-19", partitions=2)
    want, _ = documents([str(SEEDS)], published="2024-06-19")
    assert got == want and {published for _, _, published, *_ in got} == {"2024-06-19"}


def test_default_size_gives_each_worker_many_partitions_but_not_tiny_ones(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(200):  # 200 x 40 KiB = 8 MiB
        (folder / f"{n:03d}.txt").write_text("Belarus sent 500 soldiers.\n" * 1500, encoding="utf-8")
    parts = plan([str(folder)], workers=2)
    assert len(parts) in range(PER_WORKER * 2 - 2, PER_WORKER * 2 + 1)
    assert len(plan([str(SEEDS), str(DEV)], workers=2)) == 1  # 160 KB in all: below MIN_BYTES
    assert sum(p.size for p in plan([str(SEEDS), str(DEV)])) < MIN_BYTES


def test_standard_input_and_missing_paths_are_refused(tmp_path):
    with pytest.raises(InputError, match="standard input cannot be shared out to a cluster"):
        plan(["-"])
    with pytest.raises(InputError, match="no such file or folder"):
        plan([str(tmp_path / "nope")])


def test_unsupported_files_are_reported_at_planning(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "empty.txt").write_bytes(b"")
    got, problems, _ = partitioned([str(folder)], partitions=3)
    want, want_problems = documents([str(folder)])
    assert got == want and sorted(problems) == sorted(want_problems)
    assert f"{folder / 'scan.pdf'}: skipped: unsupported file type .pdf" in problems  # at planning


# --------------------------------------------------------------------------- fsspec URLs


def test_a_memory_url_folder_reads_like_the_same_local_folder(tmp_path, big_jsonl):
    fsspec = need("fsspec", "fsspec is not installed (pip install -e '.[dev]' installs the dask extra)")
    fs = fsspec.filesystem("memory")
    local = tmp_path / "corpus"
    shutil.copytree(SEEDS, local / "seeds")
    shutil.copy(big_jsonl, local / "news.jsonl")
    (local / ".hidden.txt").write_text("Russia sent 5 troops.", encoding="utf-8")
    (local / "notes.pdf").write_bytes(b"%PDF-1.4")
    for path in local.rglob("*"):
        if path.is_file():
            fs.pipe(f"/corpus/{path.relative_to(local).as_posix()}", path.read_bytes())
    try:
        got, problems, parts = partitioned(["memory://corpus/"], partitions=6)
        want, want_problems = documents([str(local)])
        assert got == want and len(got) > 500
        assert sorted(p.replace(str(local), "memory:///corpus") for p in want_problems) == sorted(problems)
        assert any(p.pieces[0].end is not None for p in parts)  # news.jsonl was cut by byte range
        one, _, _ = partitioned(["memory://corpus/seeds/001_94086817458596b5.txt"])
        assert [doc_id for doc_id, *_ in one] == ["001_94086817458596b5.txt"]
        with pytest.raises(InputError, match="memory://nowhere/: no such file or folder"):
            plan(["memory://nowhere/"])
    finally:
        fs.rm("/corpus", recursive=True)


def test_the_runs_own_output_file_is_never_an_input(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "out.jsonl").write_text('{"text": "Russia sent 5,000 troops."}\n', encoding="utf-8")
    got, _, _ = partitioned([str(folder)], partitions=2, exclude=[str(folder / "out.jsonl")])
    want, _ = documents([str(folder)], exclude=[folder / "out.jsonl"])
    assert got == want and not any(doc_id.startswith("out.jsonl") for doc_id, *_ in got)
