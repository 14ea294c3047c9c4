"""`--engine dask --scheduler ADDRESS` on a cluster run the way users run one: a `dask scheduler`
and two `dask worker` processes, started on 127.0.0.1 by this module."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from belsignal.tables import read_table

from .conftest import SEEDS, need

distributed = need("distributed", "dask.distributed is not installed (pip install -e '.[dev]' installs the dask extra)")
need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")
# `dask scheduler` / `dask worker`, run by this interpreter (a venv that sees dask installed
# elsewhere has no `dask` script of its own)
DASK = [sys.executable, "-m", "dask"]
STARTUP = 120  # seconds: two cores shared by everything


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a running `dask scheduler` with two `dask worker`s of one thread each."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    log = (folder / "cluster.log").open("wb")
    processes = [subprocess.Popen([*DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(info)], stdout=log, stderr=log, cwd=folder)]
    try:
        deadline = time.monotonic() + STARTUP
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        processes += [subprocess.Popen([*DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                        "--no-dashboard", "--name", f"worker-{n}"], stdout=log, stderr=log, cwd=folder)
                      for n in range(2)]
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=STARTUP)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def test_a_running_cluster_gives_the_local_rows_in_input_order(scheduler, run_cli, corpus_rows):
    inputs, _ = corpus_rows
    on_cluster = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", scheduler, "--partitions", "6",
                         "-f", "jsonl")
    here = run_cli("extract", *inputs, "-f", "jsonl", "-q")
    assert on_cluster.exit_code == 0, on_cluster.stderr
    assert on_cluster.stdout == here.stdout and len(here.stdout.splitlines()) > 150


def test_the_workers_write_the_part_files(scheduler, run_cli, corpus_rows, tmp_path):
    inputs, local = corpus_rows
    out = tmp_path / "signals"
    result = run_cli("extract", *inputs, "--engine", "dask", "--scheduler", scheduler, "--partitions", "4",
                     "-o", f"{out}/", "-q")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == {"name": "dask", "scheduler": scheduler, "workers": 2}
    rows = [row for part in manifest["partitions"] for row in read_table(out / part["file"])]
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in local)
    assert (out / "_SUCCESS").exists()


def test_a_scheduler_that_does_not_answer_is_one_error_line(run_cli, monkeypatch):
    from belsignal.engines import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    result = run_cli("extract", SEEDS, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(result.stderr.strip().splitlines()) == 1
