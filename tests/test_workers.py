"""Extraction that nothing stops: worker processes that die or hang, documents that would take
for ever, punctuation floods, --jobs beyond the cores (issue 10, items 6, 7 and 14).

The supervisor is tested with real worker processes: a document that kills its worker
(SIGKILL, as the OOM killer does) or never finishes, through the `setup` parameter that
builds a worker's extraction function."""
from __future__ import annotations

import os
import signal
import time

import pytest

import belsignal
from belsignal.documents import Document, read_documents
from belsignal.engines.pool import available_cores, extract_supervised, usable_jobs
from belsignal.pipeline import MAX_RUN, break_long_runs, document_extractor
from belsignal.rules import load_rules

from .conftest import SEEDS

RULESET = load_rules()


def kill_on_poison(ruleset, model):
    """A worker's extraction that kills its own process on a document saying POISON."""
    extract_one = document_extractor(ruleset, model)

    def run(document, report):
        if "POISON" in document.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_one(document, report)

    return run


def hang_on_marker(ruleset, model):
    """A worker's extraction that never finishes a document saying HANG."""
    extract_one = document_extractor(ruleset, model)

    def run(document, report):
        if "HANG" in document.text:
            time.sleep(3600)
        return extract_one(document, report)

    return run


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    return list(read_documents([SEEDS]))


def supervised(docs, setup, jobs=2, timeout=None, batch_size=2):
    problems = []
    rows = [s.to_dict() for s in extract_supervised(docs, RULESET, None, jobs=jobs, timeout=timeout,
                                                     batch_size=batch_size, report=problems.append, setup=setup)]
    return rows, problems


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_kills_its_worker_twice_is_skipped_and_the_rest_extracted(seed_docs, seed_rows, jobs):
    poison = Document("poison.txt", "POISON. Belarus sent 500 soldiers.")
    docs = seed_docs[:2] + [poison] + seed_docs[2:]
    rows, problems = supervised(docs, kill_on_poison, jobs=jobs)
    assert rows == seed_rows  # every other document, in input order
    assert [str(p) for p in problems] == [
        "poison.txt: skipped: the worker process extracting it died twice (killed by SIGKILL)"]


def test_a_worker_killed_once_is_replaced_and_its_document_retried(seed_docs, seed_rows, tmp_path):
    flag = tmp_path / "killed-once"

    def kill_once(ruleset, model):
        extract_one = document_extractor(ruleset, model)

        def run(document, report):
            if document.id == seed_docs[3].id and not flag.exists():
                flag.touch()
                os.kill(os.getpid(), signal.SIGKILL)
            return extract_one(document, report)

        return run

    rows, problems = supervised(seed_docs, kill_once)
    assert flag.exists()
    assert (rows, problems) == (seed_rows, [])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_past_the_time_bound_is_skipped_and_the_run_goes_on(seed_docs, seed_rows, jobs):
    stuck = Document("stuck.txt", "HANG. Belarus sent 500 soldiers.")
    rows, problems = supervised(seed_docs[:1] + [stuck] + seed_docs[1:], hang_on_marker, jobs=jobs, timeout=3)
    assert rows == seed_rows
    assert [str(p) for p in problems] == ["stuck.txt: skipped: took longer than 3 s (see --doc-timeout)"]


def test_extract_with_a_timeout_gives_the_same_rows_as_in_process(seed_docs, seed_rows):
    assert [s.to_dict() for s in belsignal.extract(seed_docs, timeout=60)] == seed_rows


def test_workers_end_with_the_run_even_when_it_is_abandoned(seed_docs):
    before = set(_children(os.getpid()))  # not ours: e.g. multiprocessing's resource tracker, left by a Dask test
    rows = belsignal.extract(seed_docs * 20, jobs=2, batch_size=1)
    next(rows)
    children = [pid for pid in _children(os.getpid()) if pid not in before]
    assert children, "the run has worker processes"
    rows.close()  # an error, a broken pipe, SIGTERM: the generator is closed
    assert not [pid for pid in children if _alive(pid)]


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    if not os.path.exists(path):
        pytest.skip("needs /proc (Linux) to list child processes")
    with open(path) as f:
        return [int(p) for p in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_jobs_are_capped_at_the_cores():
    cores = available_cores()
    assert usable_jobs(100_000) == cores
    assert usable_jobs(0) == cores
    assert usable_jobs(1) == 1


# --------------------------------------------------------------------------- punctuation floods


@pytest.mark.parametrize("flood", ["(", '"', "“", "!?", "#"])
def test_a_punctuation_flood_is_extracted_around_not_hung_on(flood):
    # 200,000 characters without a space: before, spaCy's tokenizer would take hours on it.
    text = "Belarus sent 500 soldiers. " + flood * (200_000 // len(flood)) + " Russia sent 3,000 troops."
    problems = []
    rows = list(belsignal.extract([text], timeout=60, on_problem=problems.append))  # the bound is only a backstop
    assert problems == []
    assert [(r.value, text[r.start:r.end]) for r in rows] == [(500, "500"), (3000, "3,000")]


def test_long_runs_are_broken_without_moving_offsets():
    text = "troops " + "(" * 250 + " 3,000 " + "x" * MAX_RUN + "\u00a0end"
    broken = break_long_runs(text)
    assert break_long_runs(text, chunks=set(text.split())) == broken  # the chunks as the pipeline passes them
    assert len(broken) == len(text)
    assert max(len(run) for run in broken.split()) == MAX_RUN
    assert [i for i, (a, b) in enumerate(zip(text, broken)) if a != b] == [7 + MAX_RUN, 7 + 2 * MAX_RUN]
    assert break_long_runs("Belarus moved 48,000 troops.") == "Belarus moved 48,000 troops."
