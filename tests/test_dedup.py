"""--dedup: near-duplicate documents (a wire story reprinted, a page saved twice) are dropped."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from belsignal.documents import Document

from .conftest import SEEDS, SHARED, need

need("datasketch", "--dedup needs datasketch: pip install -e '.[dedup]'")

from belsignal.dedup import THRESHOLD, NearDuplicates, drop_near_duplicates  # noqa: E402

SEED = (SEEDS / "000_193a5e913a49cda4.txt").read_text(encoding="utf-8")
OTHER = (SEEDS / "003_da4913be09e2de50.txt").read_text(encoding="utf-8")


def reprint(text: str) -> str:
    """The story as another outlet runs it: its own headline and credit line, the last paragraph cut."""
    paragraphs = text.split("\n\n")
    return ("Lukashenko's debt to the Kremlin may come due, analysts say\n\n" + "\n\n".join(paragraphs[1:-1])
            + "\n\n(Reporting by the wire service; editing by the desk)")


def test_reprint_is_a_near_duplicate_and_other_stories_are_not():
    seen = NearDuplicates()
    assert seen.duplicate_of("a", SEED) is None
    assert seen.duplicate_of("b", OTHER) is None
    assert seen.duplicate_of("c", reprint(SEED)) == "a"
    assert seen.duplicate_of("d", SEED) == "a"  # saved twice
    half = "\n\n".join(SEED.split("\n\n")[: len(SEED.split("\n\n")) // 2])
    assert seen.duplicate_of("e", half) is None  # half the story shares too few shingles
    assert seen.duplicate_of("f", "") is None and seen.duplicate_of("g", "") is None
    assert seen.signature(SEED).jaccard(seen.signature(reprint(SEED))) >= THRESHOLD > \
           seen.signature(SEED).jaccard(seen.signature(half))


def test_drop_near_duplicates_keeps_the_first_and_tells_about_the_rest():
    docs = [Document("a", SEED), Document("b", OTHER), Document("c", reprint(SEED))]
    dropped = []
    kept = list(drop_near_duplicates(docs, on_duplicate=lambda doc, other: dropped.append((doc.id, other))))
    assert [d.id for d in kept] == ["a", "b"] and dropped == [("c", "a")]


@pytest.fixture
def batch(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(reprint(SEED), encoding="utf-8")
    (tmp_path / "c.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path


def test_cli_dedup_drops_and_names_duplicates(run_cli, batch):
    plain = run_cli("extract", batch, "-f", "jsonl")
    deduped = run_cli("extract", batch, "-f", "jsonl", "--dedup", "-v")
    docs = lambda result: sorted({json.loads(line)["doc"] for line in result.stdout.splitlines()})  # noqa: E731
    assert docs(plain) == ["a.txt", "b.txt", "c.txt"]
    assert docs(deduped) == ["a.txt", "c.txt"]
    assert "b.txt: duplicate of a.txt\n" in deduped.stderr
    assert "--dedup dropped 1 near-duplicate document\n" in deduped.stderr
    quiet = run_cli("extract", batch, "-f", "jsonl", "--dedup")
    assert "duplicate of" not in quiet.stderr and "(-v names them)" in quiet.stderr


def test_the_same_real_page_saved_twice(run_cli, tmp_path):
    need("trafilatura", "reading HTML needs trafilatura: pip install -e '.[html]'")
    for name in ("first.html", "again.html"):
        shutil.copyfile(SHARED / "html" / "reuters.com.parasite.html", tmp_path / name)
    shutil.copyfile(SHARED / "html" / "dw.com.colonial.html", tmp_path / "other.html")
    result = run_cli("extract", tmp_path, "--dedup", "-v", "--show-text", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["again.html", "other.html"]
    assert "first.html: duplicate of again.html" in result.stderr


def test_missing_datasketch_is_one_clear_error(run_cli, batch, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasketch", None)
    result = run_cli("extract", batch, "--dedup")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --dedup needs the 'dedup' extra (datasketch is not installed): "
                             "pip install 'belsignal[dedup]'\n")
