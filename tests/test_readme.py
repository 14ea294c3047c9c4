"""Every shell block of README.md runs as written (issue 12, "Done when").

Each ```sh block runs, line by line, in a folder of its own holding the files the README's
examples name (seeds/, this_week/, news.jsonl, a store of three runs, a saved page, a WARC
...), with ../shared beside it. A line runs when it is a belsignal command (`cat FILE |` and
`> FILE` included); lines that need the network (links, --urls) or are not belsignal (pip,
pytest) are listed as such, and a test checks no other line is left out.
"""
from __future__ import annotations

import io
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from belsignal.tables import read_table

from .conftest import ROOT, SEEDS, SHARED, need

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
NOT_RUN = {  # why a line is not run here
    "network": re.compile(r"https?://|--urls"),
    "installs the project (CI does)": re.compile(r"^pip install"),
    "the test command itself": re.compile(r"^python -m pytest"),
    "a Dask cluster on other machines": re.compile(r"^dask |--scheduler"),
}
WEEKLY = next(n for n, block in enumerate(BLOCKS) if "belsignal extract this_week/ -o signals.db" in block)


def commands(block: str) -> list[str]:
    """The lines of a block as commands (comments removed, `a && b` split)."""
    lines = []
    for line in block.splitlines():
        for part in shlex.split(line, comments=True) and line.split(" && "):
            if words := shlex.split(part, comments=True):
                lines.append(shlex.join(words))
    return lines


def not_run(command: str) -> str | None:
    return next((why for why, pattern in NOT_RUN.items() if pattern.search(command)), None)


def test_every_readme_command_line_is_run_or_says_why_not():
    for block in BLOCKS:
        for command in commands(block):
            words = shlex.split(command)
            runnable = words[0] == "belsignal" or words[:1] == ["cat"] and words[2:4] == ["|", "belsignal"]
            assert runnable or not_run(command), f"README line neither run nor excused: {command}"
    assert sum(not not_run(c) for b in BLOCKS for c in commands(b)) >= 30


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> Path:
    """The files the README's examples name."""
    need("sqlite_utils", "README examples use a store: pip install -e '.[dev]'")
    need("trafilatura", "README examples read web pages: pip install -e '.[dev]'")
    warcio = need("warcio.warcwriter", "README examples read a WARC: pip install -e '.[dev]'")
    import belsignal
    from belsignal.documents import read_documents
    from belsignal.tables import write_table

    from .test_rules import write_rules

    root = tmp_path_factory.mktemp("readme") / "work"
    root.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    for folder, chosen in (("seeds", seeds), ("this_week", seeds), ("corpus", seeds), ("last_week", seeds[:2])):
        (root / folder).mkdir()
        for path in chosen:
            shutil.copy(path, root / folder / path.name)
    (root / "news.jsonl").write_text("".join(json.dumps({"id": p.stem, "text": t}) + "\n" for p, t in zip(seeds, texts)),
                                     encoding="utf-8")
    (root / "article.md").write_text("---\ntitle: Troops\npublished: 2024-05-02\n---\nLast month Russia moved about "
                                     "3,000 troops to Belarus.\n", encoding="utf-8")
    (root / "article.txt").write_text(texts[0], encoding="utf-8")
    block = "kinds: [mobilisation]" + (ROOT / "rules" / "README.md").read_text(encoding="utf-8").split(
        "```yaml\nkinds: [mobilisation]")[1].split("```")[0]
    write_rules(root / "my_rules", block)
    pages = [f"<html><head><title>Seed {n}</title></head><body><article>"
             + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</article></body></html>"
             for n, text in enumerate(texts[:2])]
    (root / "saved_pages").mkdir()
    for n, html in enumerate([pages[0], pages[0], pages[1]]):  # the first saved twice: --dedup drops it
        (root / "saved_pages" / f"page{n}.html").write_text(html, encoding="utf-8")
    (root / "page.html").write_text(pages[1], encoding="utf-8")
    buffer = io.BytesIO()
    writer = warcio.WARCWriter(buffer, gzip=True)
    from warcio.statusandheaders import StatusAndHeaders

    for n, html in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers))
    (root / "CC-NEWS-20240601123456-00001.warc.gz").write_bytes(buffer.getvalue())
    (root / "cc-news").mkdir()
    shutil.copy(root / "CC-NEWS-20240601123456-00001.warc.gz", root / "cc-news")
    rows = list(belsignal.extract(read_documents([root / "seeds"])))
    with open(root / "out.jsonl", "w", encoding="utf-8") as out:
        write_table(rows, "jsonl", out)
    with open(root / "week.csv", "w", encoding="utf-8", newline="") as out:
        write_table(rows, "csv", out)
    for n in (2, 3, 4):  # a store of three runs; this_week/ adds the fifth seed
        write_table([r for r in rows if r.doc in {p.name for p in seeds[:n]}], "sqlite", root / "signals.db")
    return root


@pytest.mark.parametrize("number", range(len(BLOCKS)), ids=[commands(b)[0][:60] for b in BLOCKS])
def test_the_readme_block_runs_as_written(run_cli, world, tmp_path, monkeypatch, number):
    work = tmp_path / "work"
    shutil.copytree(world, work)
    (tmp_path / "shared").symlink_to(SHARED)  # ../shared, as beside the project
    monkeypatch.chdir(work)
    exits, outputs = [], []
    for command in commands(BLOCKS[number]):
        if not_run(command):
            continue
        words, stdin, stdout = shlex.split(command), None, None
        if words[0] == "cat":
            stdin, words = Path(words[1]).read_text(encoding="utf-8"), words[3:]
        if ">" in words:
            words, stdout = words[:words.index(">")], words[words.index(">") + 1]
        result = run_cli(*words[1:], input=stdin)
        if stdout:
            Path(stdout).write_text(result.stdout, encoding="utf-8")
        assert result.exit_code in ((0, 1) if words[1] == "diff" else (0,)), (command, result.stderr)
        assert "Error" not in result.stderr and "Traceback" not in result.stderr, (command, result.stderr)
        exits.append(result.exit_code)
        outputs.append(result.stdout)
    if number == WEEKLY:
        assert exits == [1, 0, 0, 0]  # diff: this week brings what the store has not seen
        new = outputs[0].split("## New\n", 1)[1].split("\n## ", 1)[0]  # diff's markdown (not a terminal)
        assert "| indicator |" in new and "None." not in new
        seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
        assert sorted({r["doc"] for r in read_table(world / "signals.db")}) == seeds[:4]
        assert sorted({r["doc"] for r in read_table(work / "signals.db")}) == seeds  # this week added
        html = (work / "report.html").read_text(encoding="utf-8")
        assert "run 4 against run 3" in html and html.count("<h3>New (0)</h3>") == 0
