"""The rows belsignal extracts from real news, kept as one digest per document: what a speed-up
must leave unchanged (issue 16). tests/test_identity.py compares a fresh extraction with it.

The corpus: the seeds, the 30 real passages of ../shared/dev, and the first COPIES perturbed
copies of them that bench/corpus.py writes (other digits, dates and month names; one in three
with front matter and so with a `published` date that every relative date resolves against).
Only digests are stored: the rows quote third-party sentences, which stay out of the project.

A change meant to change rows (a rule, a heuristic) makes the test fail; once the new rows are
checked (`belsignal eval`, the dev tests), regenerate the snapshot deliberately with

    python -m tests.snapshot

and commit tests/data/rows.sha256.json with the change that explains it.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "dev" / "articles"
SNAPSHOT = ROOT / "tests" / "data" / "rows.sha256.json"
COPIES = 105  # three perturbed copies of each of the 35 articles


def corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturbed_copies(dest: Path) -> Path:
    """bench/corpus.py's first COPIES documents, written into dest/perturbed."""
    corpus = corpus_module()
    folder = dest / "perturbed"
    folder.mkdir(parents=True)
    sources = corpus.articles()
    for n in range(COPIES):
        name, text = corpus.copy(n, sources)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def digests(rows: list[dict]) -> dict[str, dict]:
    """{doc: {"rows": n, "sha256": digest of its rows as sorted JSON lines}}."""
    lines: dict[str, list[str]] = {}
    for row in rows:
        lines.setdefault(row["doc"], []).append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return {doc: {"rows": len(found), "sha256": hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()}
            for doc, found in sorted(lines.items())}


def inputs(tmp: Path) -> list[str]:
    return [str(SEEDS), str(DEV), str(perturbed_copies(tmp))]


def extract(**options) -> list[dict]:
    """The rows this checkout extracts now from the snapshot's corpus (options go to belsignal.extract)."""
    import belsignal

    with tempfile.TemporaryDirectory() as tmp:
        docs = list(belsignal.read_documents(inputs(Path(tmp))))
        return [s.to_dict() for s in belsignal.extract(docs, **options)]


def main(argv: list[str] | None = None) -> None:
    """Regenerate the snapshot; `--rows FILE` writes the rows themselves instead (to diff two
    checkouts by hand; never commit them)."""
    argv = sys.argv[1:] if argv is None else argv
    if not DEV.is_dir():
        sys.exit(f"error: {DEV} not found: the snapshot is taken on the real dev articles")
    rows = extract()
    if argv[:1] == ["--rows"] and len(argv) == 2:
        lines = sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)
        Path(argv[1]).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return print(f"wrote {len(lines)} rows to {argv[1]}")
    if argv:
        sys.exit("usage: python -m tests.snapshot [--rows FILE]")
    found = digests(rows)
    old = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    changed = sorted(doc for doc in found.keys() | old.keys() if found.get(doc) != old.get(doc))
    SNAPSHOT.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(found)} documents, "
          f"{sum(d['rows'] for d in found.values())} rows; {len(changed)} document(s) changed"
          + "".join(f"\n  {doc}" for doc in changed[:40]))


if __name__ == "__main__":
    main()
