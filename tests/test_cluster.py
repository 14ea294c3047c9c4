"""`--engine dask` on a real LocalCluster: two worker processes on 127.0.0.1, shared by the module.

The rows must be those of `--engine local` (the same set, and gathered, the same order); part
files, manifest and _SUCCESS; skipped documents; Dask's retries; a worker killed mid-run; a
worker with another belsignal refused; progress on a terminal.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import belsignal
from belsignal.errors import BelsignalError
from belsignal.tables import read_table

from .conftest import SEEDS, missing, need

distributed = need("distributed", "dask.distributed is not installed (pip install -e '.[dev]' installs the dask extra)")
need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")
need("fsspec", "fsspec is not installed (pip install -e '.[dev]' installs the dask extra)")

from fsspec.implementations.local import LocalFileSystem  # noqa: E402

from belsignal.engines import Settings  # noqa: E402
from belsignal.engines.cluster import DaskEngine, WorkerMismatch, _checked, expect, fingerprint  # noqa: E402
from belsignal.partitions import plan  # noqa: E402
from belsignal.parts import PartsOutput  # noqa: E402
from belsignal.rules import load_rules  # noqa: E402


@pytest.fixture(scope="module")
def engine():
    """The Dask engine with the LocalCluster it starts by default: 2 workers."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the helpers below run on the workers
    with DaskEngine(workers=2) as started:
        started.client.wait_for_workers(2)
        yield started


@pytest.fixture(scope="module")
def settings():
    return Settings(load_rules())


def typed(rows: list[dict]) -> list[dict]:
    """Rows as a table reads them back: numbers as floats."""
    return [{k: float(v) if k in ("value", "low", "high") and v is not None else v for k, v in r.items()} for r in rows]


def by_id(rows: list[dict]) -> list[dict]:
    """Typed rows sorted by id: two sets of rows compare equal or not."""
    return sorted(typed(rows), key=lambda r: r["id"])


def part_rows(folder: Path) -> list[dict]:
    return [row for part in sorted(folder.glob("part-*")) for row in read_table(part)]


def test_the_default_cluster_is_worker_processes_of_one_thread_without_dashboard(engine):
    threads = engine.client.nthreads()
    assert sorted(threads.values()) == [1, 1]
    assert all(address.startswith("tcp://127.0.0.1:") for address in threads)
    pids = engine.client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    assert engine.dashboard_link is None


def test_partitions_read_on_the_workers_give_the_local_rows_in_order(engine, settings, corpus_rows):
    inputs, local = corpus_rows
    results = list(engine.run(plan(inputs, partitions=7), settings))
    assert [r.index for r in results] == list(range(7))
    assert len({r.worker for r in results}) == 2  # both workers took part
    assert [row.to_dict() for r in results for row in r.rows] == local


def test_the_library_call_on_the_cluster_gives_the_local_rows(engine, corpus_rows):
    from belsignal.documents import read_documents

    inputs, local = corpus_rows
    rows = belsignal.extract(read_documents(inputs), engine=engine, batch_size=4)
    assert [row.to_dict() for row in rows] == local


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
def test_a_folder_gets_one_part_file_per_partition_then_the_manifest_then_success(engine, run_cli, corpus_rows,
                                                                                tmp_path, fmt):
    inputs, local = corpus_rows
    out = tmp_path / "signals"
    result = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", engine.client.scheduler.address,
                     "--partitions", "5", "-f", fmt, "-o", f"{out}/")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["_SUCCESS", "manifest.json", *(f"part-{i:05d}.{fmt}" for i in range(5))]
    assert by_id(part_rows(out)) == by_id(local)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == inputs and manifest["format"] == fmt
    assert (manifest["belsignal"], manifest["rules"]) == (belsignal.__version__, expect(Settings(load_rules()))["rules"])
    assert (manifest["documents"], manifest["rows"]) == (35, len(local))
    assert manifest["kinds"] == dict(sorted(Counter(r["kind"] for r in local).items()))
    assert [p["rows"] for p in manifest["partitions"]] == [len(read_table(out / p["file"])) for p in manifest["partitions"]]
    assert sum(len(p["inputs"]) for p in manifest["partitions"]) == 35
    assert manifest["skipped"] == [] and manifest["engine"]["workers"] == 2
    assert (out / "_SUCCESS").stat().st_mtime_ns >= (out / "manifest.json").stat().st_mtime_ns
    assert f"35 documents, {len(local)} signals" in result.stderr


def test_without_a_folder_the_rows_are_gathered_in_input_order(engine, run_cli, corpus_rows, tmp_path):
    inputs, local = corpus_rows
    address = engine.client.scheduler.address
    out = tmp_path / "all.parquet"
    result = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", address, "--partitions", "6", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert read_table(out) == typed(local)
    on_cluster = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", address, "-f", "jsonl", "-q").stdout
    here = run_cli("extract", *inputs, "-f", "jsonl", "-q").stdout
    assert on_cluster == here


def test_running_again_replaces_the_part_files_and_a_foreign_folder_is_refused(engine, settings, run_cli,
                                                                               corpus_rows, tmp_path):
    inputs, local = corpus_rows
    address = engine.client.scheduler.address
    out = tmp_path / "again"
    for count in ("6", "2"):
        result = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", address, "--partitions", count,
                         "-o", f"{out}/")
        assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.parquet", "part-00001.parquet"]
    assert by_id(part_rows(out)) == by_id(local)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"PK")
    result = run_cli("extract", SEEDS, "--engine", "dask", "--scheduler", address, "-o", f"{tmp_path / 'mine'}/")
    assert result.exit_code == 2
    assert "holds files that are not belsignal part files (thesis.docx)" in result.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.docx"]


def _fragile() -> None:
    """On a worker: a document containing BOOM makes the number parser raise."""
    import belsignal.numbers

    real = belsignal.numbers.find_numbers

    def fragile(text, *args, **kwargs):
        if "BOOM" in text:
            raise RuntimeError("simulated failure")
        return real(text, *args, **kwargs)

    fragile.real = real
    belsignal.numbers.find_numbers = fragile


def _robust() -> None:
    import belsignal.numbers

    belsignal.numbers.find_numbers = getattr(belsignal.numbers.find_numbers, "real", belsignal.numbers.find_numbers)


def test_skipped_documents_are_in_the_manifest_and_on_stderr(engine, run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia sent about 30,000 troops.", encoding="utf-8")
    (folder / "b.txt").write_text("BOOM: 5,000 soldiers.", encoding="utf-8")
    (folder / "c.jsonl").write_text('{"text": "Belarus sent 500 soldiers."}\n{broken\n{"id": "x"}\n', encoding="utf-8")
    out = tmp_path / "out"
    engine.client.run(_fragile)
    try:
        result = run_cli("extract", folder, "--engine", "dask", "--scheduler", engine.client.scheduler.address,
                         "--partitions", "3", "-o", f"{out}/", "--strict")
    finally:
        engine.client.run(_robust)
    assert result.exit_code == 1  # --strict: skipped documents, the rest extracted
    skipped = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["skipped"]
    assert skipped == [
        {"where": "b.txt", "reason": "extraction failed: RuntimeError: simulated failure"},
        {"where": f"{folder / 'c.jsonl'}:2", "reason": "malformed JSON: Expecting property name enclosed in double "
                                                       "quotes (column 2)"},
        {"where": f"{folder / 'c.jsonl'}:3", "reason": "record has no 'text'"},
    ]
    for problem in skipped:
        assert f"{problem['where']}: skipped: {problem['reason']}" in result.stderr
    assert sorted(r["doc"] for r in part_rows(out)) == ["a.txt", "c.jsonl#1"]


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(engine, settings, corpus_rows, tmp_path):
    inputs, local = corpus_rows
    client = engine.client
    parts = plan(inputs, partitions=100)  # a file each: 35
    out = PartsOutput(str(tmp_path / "killed"))
    out.prepare()
    killed: list[tuple[int, int]] = []

    def kill_one(done: int, total: int) -> None:
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        address = (busy or sorted(client.nthreads()))[0]
        pid = client.run(os.getpid, workers=[address])[address]
        os.kill(pid, signal.SIGKILL)
        killed.append((pid, done))

    results = list(engine.run(parts, settings, output=out, on_progress=kill_one))
    [(pid, done_then)] = killed
    assert done_then < len(parts)  # killed mid-run
    assert pid not in client.run(os.getpid).values()
    assert [r.index for r in results] == list(range(35))
    rows = part_rows(tmp_path / "killed")
    assert len({r["id"] for r in rows}) == len(rows) == len(local)  # nothing duplicated, nothing lost
    assert by_id(rows) == by_id(local)
    assert [sum(r.counts.values()) for r in results] == [len(read_table(tmp_path / "killed" / out.name(i)))
                                                         for i in range(35)]
    client.wait_for_workers(2, timeout=60)


class FlakyFileSystem(LocalFileSystem):
    """Local files behind a flaky network: the first read of each file drops the connection;
    a file named always-* drops it every time."""

    protocol = ("flaky",)

    def _open(self, path, mode="rb", **kwargs):
        tried = Path(path + ".tried")
        if "always-" in path or not tried.exists():
            tried.touch()
            raise ConnectionResetError(f"connection reset reading {path}")
        return super()._open(path, mode, **kwargs)


def test_a_partition_that_fails_is_retried_and_one_that_keeps_failing_stops_the_run(engine, settings, tmp_path):
    import fsspec

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for client_or_here in (engine.client.run, lambda f, *a: f(*a)):
        client_or_here(fsspec.register_implementation, "flaky", FlakyFileSystem, True)
    url = f"flaky://{corpus}/"
    results = list(engine.run(plan([url], partitions=5), settings))  # a file each
    local = [s.to_dict() for s in belsignal.extract(belsignal.read_documents([corpus]))]
    assert [row.to_dict() for r in results for row in r.rows] == local
    assert all(r.problems == [] for r in results)
    assert len(list(corpus.glob("*.tried"))) == 5  # every file failed once, and its partition was run again
    (corpus / "always-down.txt").write_text("Russia sent 30,000 troops.", encoding="utf-8")
    with pytest.raises(BelsignalError, match=r"partition \d \(.*always-down.txt.*\) failed on the cluster \(3 tries\): "
                                             r"ConnectionResetError: connection reset reading"):
        list(engine.run(plan([url], partitions=2), settings))


def test_warc_archives_are_a_partition_each_and_give_the_local_rows(engine, settings, tmp_path):
    from .test_warc import members  # skips without warcio and trafilatura

    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.warc.gz", "b.warc.gz"):
        (folder / name).write_bytes(b"".join(members()))
    shutil.copy(SEEDS / "000_193a5e913a49cda4.txt", folder / "c.txt")
    parts = plan([str(folder)], partitions=1)
    assert [[piece.doc_id for piece in part.pieces] for part in parts] == [["a.warc.gz"], ["b.warc.gz"], ["c.txt"]]
    local = [s.to_dict() for s in belsignal.extract(belsignal.read_documents([folder]))]
    assert [row.to_dict() for result in engine.run(parts, settings) for row in result.rows] == local
    assert {row["doc"].split("#")[0] for row in local} == {"a.warc.gz", "b.warc.gz", "c.txt"}


def test_bom_and_an_empty_input_as_with_the_local_engine(engine, run_cli, tmp_path):
    """The shell conventions of issue 12 hold on the cluster too: --bom starts the gathered CSV
    (part files refuse it), and an input with no documents warns, or exits 1 with --strict."""
    address = engine.client.scheduler.address
    out = tmp_path / "excel.csv"
    one = SEEDS / "000_193a5e913a49cda4.txt"
    result = run_cli("extract", one, "--engine", "dask", "--scheduler", address, "-o", out, "--bom", "-q")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,doc,")
    parts = run_cli("extract", one, "--engine", "dask", "--scheduler", address, "-o", f"{tmp_path}/parts/", "-f", "csv",
                    "--bom")
    assert (parts.exit_code, parts.stderr) == (2, "Error: --bom is for one CSV file (for Excel), not part files; "
                                                  "write one file\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    for strict, code in (((), 0), (("--strict",), 1)):
        result = run_cli("extract", empty, "--engine", "dask", "--scheduler", address, "-f", "csv", *strict)
        assert result.exit_code == code
        assert f"warning: no documents found in {empty}" in result.stderr


def test_options_of_one_engine_are_refused_with_the_other(run_cli):
    for args, message in ((["--doc-timeout", "5"], "--doc-timeout needs --engine local"),
                          (["--dedup"], "--dedup needs --engine local")):
        result = run_cli("extract", SEEDS, "--engine", "dask", *args)
        assert (result.exit_code, result.stderr.strip()) == (2, f"Error: {message}")
    result = run_cli("extract", SEEDS, "--scheduler", "tcp://127.0.0.1:8786")
    assert (result.exit_code, result.stderr.strip()) == (2, "Error: --scheduler needs --engine dask")


class _Poison(distributed.WorkerPlugin):
    """Registers poison:// on every worker, the restarted ones too: local files, but reading one
    named poison* kills the worker process (as the OOM killer would)."""

    def setup(self, worker=None) -> None:
        import fsspec
        from fsspec.implementations.local import LocalFileSystem

        class PoisonFileSystem(LocalFileSystem):
            protocol = ("poison",)

            def _open(self, path, mode="rb", **kwargs):
                if os.path.basename(path).startswith("poison"):
                    os.kill(os.getpid(), signal.SIGKILL)
                return super()._open(path, mode, **kwargs)

        fsspec.register_implementation("poison", PoisonFileSystem, clobber=True)


def test_a_partition_whose_workers_keep_dying_is_skipped_and_the_run_goes_on(engine, settings, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "poison.txt").write_text("Russia sent 30,000 troops.", encoding="utf-8")
    _Poison().setup()
    engine.client.register_plugin(_Poison(), name="poison")
    try:
        results = list(engine.run(plan([f"poison://{corpus}/"], partitions=100), settings))
    finally:
        engine.client.unregister_worker_plugin("poison")
        engine.client.wait_for_workers(2, timeout=60)
    local = [s.to_dict() for s in belsignal.extract(belsignal.read_documents([SEEDS]))]
    assert [row.to_dict() for r in results for row in r.rows] == local  # every other partition extracted
    [lost] = [r for r in results if r.lost]
    assert [str(p) for p in lost.problems] == [
        f"partition {lost.index} (poison://{corpus}/poison.txt): skipped: the worker processes extracting it died "
        "again and again (out of memory?); its documents are not extracted"]


def _pretend_version(version: str) -> None:
    """On a worker: be another belsignal."""
    belsignal.__version__ = version
    fingerprint.cache_clear()


def test_a_worker_with_another_belsignal_is_refused(engine, run_cli, settings):
    """Checked before any work (the CLI), and again in every task (a worker that joined later)."""
    client = engine.client
    first, second = sorted(client.nthreads())
    client.run(_pretend_version, "0.0.9", workers=[first])
    try:
        result = run_cli("extract", SEEDS, "--engine", "dask", "--scheduler", client.scheduler.address, "-q")
        client.run(_pretend_version, "0.0.9", workers=[second])  # wherever a task runs, it is refused
        with pytest.raises(BelsignalError) as refused:
            list(engine.run(plan([str(SEEDS)], partitions=5), settings))
    finally:
        client.run(_pretend_version, belsignal.__version__)
    build = fingerprint()["build"]
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        f"Error: worker {first} runs belsignal 0.0.9 (build {build}), not {belsignal.__version__} "
        f"(build {build}) as this client does: install the same belsignal on every worker")
    assert str(refused.value).startswith("worker tcp://127.0.0.1:")
    assert str(refused.value).endswith(f" runs belsignal 0.0.9 (build {build}), not {belsignal.__version__} "
                                       f"(build {build}) as this client does: install the same belsignal on every worker")


def test_a_rule_set_read_to_another_hash_is_refused(settings):
    expected = {"belsignal": fingerprint(), "rules": "0123456789abcdef"}
    with pytest.raises(WorkerMismatch, match=r"reads the rule set as [0-9a-f]{16}, not 0123456789abcdef"):
        _checked(settings, expected)


def test_the_cli_asks_for_a_local_cluster_of_jobs_workers_at_most_the_cores():
    from belsignal.engines import create
    from belsignal.engines.pool import available_cores

    engine = create("dask", jobs=1)  # connects on first use only
    assert isinstance(engine, DaskEngine) and (engine.wanted, engine.scheduler, engine.dashboard) == (1, None, False)
    assert create("dask", jobs=0).wanted == create("dask", jobs=999).wanted == available_cores()
    with pytest.raises(BelsignalError, match="--doc-timeout. works with --engine local only"):
        create("dask", jobs=2, timeout=60)


def test_progress_on_a_terminal(engine, tmp_path, corpus_rows):
    """The installed command in a pseudo-terminal (script(1)): partitions done out of all, with
    documents, signals and the time left."""
    if shutil.which("script") is None:
        missing("script(1) is not installed (Debian package bsdutils)")
    inputs, local = corpus_rows
    belsignal_cli = Path(sys.executable).parent / "belsignal"
    out = tmp_path / "out"
    command = " ".join([str(belsignal_cli), "extract", *inputs, "--engine", "dask", "--scheduler",
                        engine.client.scheduler.address, "--partitions", "12", "-o", f"{out}/"])
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, timeout=300,
                          env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", done.stdout.decode("utf-8", "replace"))
    assert done.returncode == 0, screen
    frames = set(re.findall(r"partitions \S+ +(\d+)/(\d+) (\d+) documents?, (\d+) signals?, ETA", screen))
    total = {int(t) for _, t, _, _ in frames}
    assert len(total) == 1 and total.pop() == len(list(out.glob("part-*")))  # out of all the partitions
    assert len(frames) >= 2 and max(int(d) for d, *_ in frames) == len(list(out.glob("part-*")))
    assert f"35 documents, {len(local)} signals" in screen
    assert by_id(part_rows(out)) == by_id(local)


def test_stdout_closed_early_exits_quietly_with_141(engine, corpus_rows):
    """`belsignal extract ... --engine dask | head -1`: the partitions still out are cancelled
    while the cluster is up, so nothing is printed about them."""
    inputs, local = corpus_rows
    belsignal_cli = Path(sys.executable).parent / "belsignal"
    process = subprocess.Popen([str(belsignal_cli), "extract", *inputs, "--engine", "dask", "--scheduler",
                                engine.client.scheduler.address, "--partitions", "6", "-f", "jsonl", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # `| head -1`: far more rows follow than a pipe holds
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) == 141
    assert json.loads(first)["id"] == local[0]["id"]
    assert stderr == ""


def test_rows_gathered_into_a_store(engine, run_cli, corpus_rows, tmp_path):
    """-o signals.db with --engine dask: the store gets the local rows (in one transaction at the end)."""
    need("sqlite_utils", "the store needs sqlite-utils: pip install -e '.[store]'")
    import sqlite3

    inputs, local = corpus_rows
    db = tmp_path / "signals.db"
    for _ in range(2):  # the same batch twice changes nothing
        result = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", engine.client.scheduler.address,
                         "--partitions", "4", "-o", db, "-q")
        assert result.exit_code == 0, result.stderr
    assert read_table(db) == typed(local)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, signals, new_signals FROM runs").fetchall() == [(1, len(local), len(local)),
                                                                                       (2, len(local), 0)]
        docs = conn.execute("SELECT doc, sha256 FROM documents ORDER BY doc").fetchall()
    assert [d for d, _ in docs] == sorted({r["doc"] for r in local}) and {h for _, h in docs} == {None}


def test_rows_redirected_to_a_file_while_stderr_is_a_terminal(engine, tmp_path, run_cli):
    """Issue 10 item 1 on this engine: `extract ... > out.csv` from a terminal writes every row
    to the file (the progress display must not capture stdout)."""
    if shutil.which("script") is None:
        missing("script(1) is not installed (Debian package bsdutils)")
    belsignal_cli = Path(sys.executable).parent / "belsignal"
    out = tmp_path / "out.csv"
    command = " ".join([str(belsignal_cli), "extract", str(SEEDS), "--engine", "dask", "--scheduler",
                        engine.client.scheduler.address, "-f", "csv", ">", str(out)])
    done = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, timeout=300,
                          env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    screen = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, screen
    local = run_cli("extract", SEEDS, "-f", "jsonl", "-q").stdout.splitlines()
    assert "partitions" in screen and f"5 documents, {len(local)} signals" in screen  # the display was on the terminal
    assert out.read_text(encoding="utf-8") == run_cli("extract", SEEDS, "-f", "csv", "-q").stdout
