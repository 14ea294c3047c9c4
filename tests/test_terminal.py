"""The installed `belsignal` command in real processes and a real pseudo-terminal: data on
stdout whatever stderr is, Ctrl-C, SIGTERM, a killed worker, a closed pipe, a full disk
(issue 10, items 1, 4, 6, 7, 14 and 19)."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import resource
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

import belsignal
from belsignal.documents import read_documents
from belsignal.tables import json_line

from .conftest import SEEDS, need

BELSIGNAL = Path(sys.executable).parent / "belsignal"
if not BELSIGNAL.exists():
    BELSIGNAL = Path(shutil.which("belsignal") or "belsignal")
pytestmark = pytest.mark.skipif(not Path(BELSIGNAL).exists() or not os.path.exists("/proc"),
                                reason="needs the installed belsignal command and /proc (Linux)")


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(BELSIGNAL), *map(str, args)], capture_output=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def reference() -> dict[str, bytes]:
    """What `extract seeds/` writes to stdout when no terminal is involved, per format."""
    return {fmt: run("extract", SEEDS, "-f", fmt, "-q").stdout for fmt in ("csv", "jsonl")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Seeds copied 300 times: a run of several seconds, long enough to interrupt."""
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(300):
        for seed in SEEDS.glob("*.txt"):
            (folder / f"{n:03d}-{seed.name}").write_bytes(seed.read_bytes())
    return folder


class Terminal:
    """A pseudo-terminal that is the process's controlling terminal, stdin and stderr."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:  # EIO: the other side is closed
                return
            if not data:
                return
            self.chunks.append(data)

    def start(self, *args, stdout, cwd=None) -> subprocess.Popen:
        slave = self.slave

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

        process = subprocess.Popen([str(BELSIGNAL), *map(str, args)], stdin=slave, stdout=stdout, stderr=slave,
                                   preexec_fn=controlling_terminal, cwd=cwd)
        os.close(slave)
        self.reader.start()
        return process

    def output(self) -> str:
        self.reader.join(10)
        os.close(self.master)
        return b"".join(self.chunks).decode("utf-8", "replace")


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def wait_for_workers(process: subprocess.Popen, count: int = 2) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        workers = children(process.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.05)
    pytest.fail(f"belsignal did not start {count} worker processes")


# --------------------------------------------------------------------------- item 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_stdout_redirected_to_a_file_gets_every_row_while_stderr_is_a_terminal(tmp_path, reference, fmt):
    out = tmp_path / f"out.{fmt}"
    terminal = Terminal()
    with out.open("wb") as stdout:
        process = terminal.start("extract", SEEDS, "-f", fmt, stdout=stdout)
        assert process.wait(timeout=300) == 0
    shown = terminal.output()
    assert out.read_bytes() == reference[fmt]
    assert "5 documents, 55 signals" in shown  # the summary (and the bar) went to the terminal
    assert '"kind"' not in shown and "troops.count" not in shown  # no data did


def test_stdout_piped_gets_every_row_while_stderr_is_a_terminal(reference):
    terminal = Terminal()
    process = terminal.start("extract", SEEDS, "-f", "csv", stdout=subprocess.PIPE)
    data = process.stdout.read()
    assert process.wait(timeout=300) == 0
    terminal.output()
    assert data == reference["csv"]


# --------------------------------------------------------------------------- item 19


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ctrl_c_with_two_workers_prints_one_message_and_leaves_no_file(tmp_path, tmp_path_factory, corpus, engine):
    if engine == "dask":
        need("distributed", "dask.distributed is not installed (pip install -e '.[dev]' installs the dask extra)")
        # the cluster shows progress only once it runs: a corpus three times larger is still running then
        bigger = tmp_path_factory.mktemp("bigger")
        for n in range(3):
            shutil.copytree(corpus, bigger / str(n))
        corpus = bigger
    out = tmp_path / "out.jsonl"
    terminal = Terminal()
    process = terminal.start("extract", corpus, "--jobs", "2", "--engine", engine, "-o", out, stdout=subprocess.DEVNULL)
    workers = wait_for_workers(process) if engine == "local" else wait_for_partitions(process, terminal)
    os.write(terminal.master, b"\x03")  # Ctrl-C: SIGINT to the whole foreground process group
    assert process.wait(timeout=60) == 130
    shown = terminal.output()
    assert shown.count("interrupted: no output file was written") == 1, shown
    assert "Traceback" not in shown and "KeyboardInterrupt" not in shown, shown
    assert list(tmp_path.iterdir()) == []
    time.sleep(0.5)
    assert all(gone(pid) for pid in workers)


def wait_for_partitions(process: subprocess.Popen, terminal: Terminal) -> list[int]:
    """Wait until a Dask run has extracted its first documents (its cluster is up: while it starts,
    Ctrl-C is ignored so that the workers, which inherit that, print no traceback); its processes."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if re.search(rb"[1-9][0-9,]* documents", b"".join(terminal.chunks)):
            return descendants(process.pid)
        time.sleep(0.05)
    pytest.fail("belsignal --engine dask showed no progress")


def descendants(pid: int) -> list[int]:
    """The processes pid started, from any of its threads (Dask starts its workers from another)."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(FileNotFoundError):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
    return found + [grandchild for child in found for grandchild in descendants(child)
                    if os.path.exists(f"/proc/{child}")]


@pytest.mark.parametrize("command", [
    ["extract", SEEDS, "-f", "csv"],
    ["extract", SEEDS, "-f", "table"],
    ["extract", SEEDS, "--show-text"],
    ["claims", SEEDS, "-f", "table"],
    ["diff", SEEDS, SEEDS, "-f", "table"],
    ["rules", "list"],
])  # fmt: skip
def test_stdout_closed_before_the_first_write_exits_quietly_with_141(command):
    """Every command and output (rich tables included, which exit 1 by themselves) ends a closed
    pipe the same way."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone: any write fails with EPIPE
    try:
        process = subprocess.run([str(BELSIGNAL), *map(str, command)], stdout=write, stderr=subprocess.PIPE,
                                 timeout=300)
    finally:
        os.close(write)
    stderr = process.stderr.decode()
    assert process.returncode == 141, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "Error" not in stderr, stderr


def test_show_text_on_a_terminal_shows_escape_sequences_as_text(tmp_path):
    """--show-text writes the text as read, but on a terminal an article (or its file name) must
    not drive the terminal: ESC and its kin are shown as escapes; line breaks stay."""
    if shutil.which("script") is None:
        pytest.skip("script(1) is not installed (Debian package bsdutils)")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b[2J.txt").write_text("Belarus sent 500 soldiers.\x1b]0;PWNED\x07\nNext line.", encoding="utf-8")
    (folder / "b.txt").write_text("Second.", encoding="utf-8")
    done = subprocess.run(["script", "-qec", f"{BELSIGNAL} extract {folder} --show-text", "/dev/null"],
                          capture_output=True, timeout=300, env={**os.environ, "TERM": "xterm"})
    shown = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert "==> a\\x1b[2J.txt <==" in shown and "soldiers.\\x1b]0;PWNED\\x07\r\nNext line." in shown
    piped = run("extract", folder / "a\x1b[2J.txt", "--show-text").stdout  # not a terminal: as read
    assert piped == "Belarus sent 500 soldiers.\x1b]0;PWNED\x07\nNext line.\n".encode()


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_broken_pipe_exits_quietly_with_141(corpus, engine):
    """With Dask, the run's results must be closed before its cluster (else: "Exception ignored
    ... IOLoop is closed")."""
    if engine == "dask":
        need("distributed", "dask.distributed is not installed (pip install -e '.[dev]' installs the dask extra)")
    # far more output than a pipe holds, so the writer is still writing when the reader leaves
    process = subprocess.Popen([str(BELSIGNAL), "extract", corpus, "-f", "csv", "--jobs", "2", "--engine", engine],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # `| head -1`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=300) == 141
    assert first.startswith(b"id,doc,")
    assert stderr == ""


# --------------------------------------------------------------------------- items 6 and 7


def test_sigterm_ends_the_workers_and_removes_the_temp_file(tmp_path, corpus):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    process = subprocess.Popen([str(BELSIGNAL), "extract", corpus, "--jobs", "2", "-o", out],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers = wait_for_workers(process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    stderr = process.stderr.read().decode()
    assert "terminated: no output file was written" in stderr and "Traceback" not in stderr
    time.sleep(0.2)
    assert all(gone(pid) for pid in workers), workers
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_workers_die_with_a_parent_killed_outright(corpus):
    process = subprocess.Popen([str(BELSIGNAL), "extract", corpus, "--jobs", "2", "-f", "jsonl"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for_workers(process)
    process.kill()  # SIGKILL: no handler runs; the kernel ends the workers (PR_SET_PDEATHSIG)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(gone(pid) for pid in workers)


def test_a_killed_worker_costs_nothing(tmp_path, corpus):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(corpus.iterdir())[:150]:
        (folder / path.name).symlink_to(path)
    expected = "".join(json_line(s.to_dict(missing=None)) + "\n" for s in belsignal.extract(read_documents([folder]))).encode()
    process = subprocess.Popen([str(BELSIGNAL), "extract", folder, "--jobs", "2", "-f", "jsonl", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killer = threading.Thread(target=lambda: os.kill(wait_for_workers(process)[0], signal.SIGKILL))
    killer.start()
    stdout, stderr = process.communicate(timeout=300)
    killer.join()
    assert process.returncode == 0, stderr
    assert stderr == b""  # the document it was on was retried, not skipped
    assert stdout == expected


def test_jobs_beyond_the_cores_are_capped_and_said_so(tmp_path):
    result = run("extract", SEEDS / "000_193a5e913a49cda4.txt", "--jobs", "100000", "-f", "jsonl")
    assert result.returncode == 0
    assert f"note: --jobs 100000 is more than the {len(os.sched_getaffinity(0))} cores available" in result.stderr.decode()


# --------------------------------------------------------------------------- item 14


def test_a_document_past_the_time_bound_is_skipped_by_the_cli(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_193a5e913a49cda4.txt", folder / "a.txt")
    (folder / "b.txt").write_text("Belarus moved 3,000 troops to the border.\n\n" * 500_000, encoding="utf-8")  # 22 MB
    shutil.copy(SEEDS / "004_8e11682b8b698c9f.txt", folder / "c.txt")
    result = run("extract", folder, "--doc-timeout", "2", "-f", "jsonl")
    assert result.returncode == 0, result.stderr
    assert f"{'b.txt'}: skipped: took longer than 2 s (see --doc-timeout)" in result.stderr.decode()
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {"a.txt", "c.txt"}


# --------------------------------------------------------------------------- item 4


@pytest.mark.parametrize("command, written", [
    (["extract", SEEDS, "-o", "out.jsonl"], "out.jsonl"),
    (["extract", SEEDS, "-o", "out.parquet"], "out.parquet"),
    (["report", "table.jsonl", "-o", "out.png"], "out-forces.png"),
])  # fmt: skip
def test_a_full_disk_is_one_error_line_and_no_temp_file(tmp_path, reference, command, written):
    if written.endswith(".parquet"):
        need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")
    if written.endswith(".png"):
        need("vl_convert", "the report needs vl-convert: pip install -e '.[report]'")
        (tmp_path / "table.jsonl").write_bytes(reference["jsonl"])
    out = tmp_path / written
    out.write_text("previous\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    def small_files():  # writes past 4 kB fail with EFBIG, as a full disk fails with ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))

    result = subprocess.run([str(BELSIGNAL), *map(str, command)], capture_output=True, timeout=300,
                            preexec_fn=small_files, cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith(f"Error: {written}: cannot write: File too large"), stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temp file left
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_stdout_on_a_full_device_is_one_error_line():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = subprocess.run([str(BELSIGNAL), "extract", SEEDS, "-f", "jsonl"], stdout=full,
                                stderr=subprocess.PIPE, timeout=300)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert stderr.startswith("Error: stdout: cannot write: No space left on device"), stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_output_to_dev_stdout_and_dev_null_is_written_in_place(reference):
    result = run("extract", SEEDS, "-f", "csv", "-q", "-o", "/dev/stdout")
    assert (result.returncode, result.stdout) == (0, reference["csv"])
    assert run("extract", SEEDS, "-q", "-o", "/dev/null").returncode == 0
    assert Path("/dev/null").is_char_device()  # not replaced by a file
