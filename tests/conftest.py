"""Shared fixtures: the real seed articles, the shared gold, and a CLI runner."""
from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seeds.jsonl"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="session")
def seed_rows():
    """Every signal belsignal extracts from the seed articles (extracted once per test session)."""
    import belsignal
    from belsignal.documents import read_documents

    return [s.to_dict() for s in belsignal.extract(read_documents([str(SEEDS)]))]


@pytest.fixture(scope="session")
def corpus_rows() -> tuple[list[str], list[dict]]:
    """The seeds and the real dev articles as inputs, and every row the local engine extracts from
    them in order: what every other engine must give."""
    import belsignal
    from belsignal.documents import read_documents

    inputs = [str(SEEDS), str(SHARED / "dev" / "articles")]
    return inputs, [s.to_dict() for s in belsignal.extract(read_documents(inputs))]


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def run_cli():
    """Run the belsignal CLI in-process; returns typer's Result (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from belsignal.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def fragile_numbers(monkeypatch):
    """find_numbers raises on a text containing "BOOM": a crash inside one document's extraction
    (workers forked after the patch inherit it)."""
    import belsignal.numbers

    real = belsignal.numbers.find_numbers

    def fragile(text):
        if "BOOM" in text:
            raise RuntimeError("simulated failure")
        return real(text)

    monkeypatch.setattr(belsignal.numbers, "find_numbers", fragile)


def missing(reason: str):
    """Skip a test whose tool is absent, saying why; under CI=true fail instead (CI installs every tool)."""
    import os

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it)")
    pytest.skip(reason, allow_module_level=True)


@contextlib.contextmanager
def read_only(folder):
    """folder (which must exist) read-only for the block: chmod 555, or chattr +i for root, which
    writes anywhere a mode allows nothing (skipped where neither works)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("running as root without chattr +i: no way to make a read-only folder")
        undo = ["chattr", "-i", str(folder)]
    else:
        os.chmod(folder, 0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        yield folder
    finally:
        subprocess.run(undo, check=True)


def need(module: str, reason: str):
    """import module, or `missing(reason)`."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        missing(reason)


def one(rows: list, **where):
    """The single row matching all `where` fields; fails loudly if there are none or several."""
    found = [r for r in rows if all((r[k] if isinstance(r, dict) else getattr(r, k)) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one row with {where}, found {len(found)}: {found}"
    return found[0]

