"""The command line as a user meets it: help, exit codes, bad input, diff, jobs, speed of start."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import SEEDS, SHARED, need, read_only

COMMANDS = [["extract"], ["eval"], ["diff"], ["claims"], ["report"], ["rules", "check"], ["rules", "list"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_examples(run_cli, command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_top_level_help_documents_exit_codes(run_cli):
    result = run_cli("--help")
    assert ("Exit codes: 0 success; 1 --strict and some input was skipped or no document was found; 2 usage error"
            in " ".join(result.stdout.split()))


def test_help_does_not_import_spacy_or_dateparser():
    code = ("import sys; from belsignal.cli import app; from belsignal.rules import load_rules; load_rules(); "
            "print(any(m.startswith(('spacy', 'dateparser')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_start_up_leaves_the_garbage_collector_on_and_what_it_made_frozen():
    """extract's start-up runs without the cyclic collector (cli._start_up); it must come back on,
    even when start-up fails (bad rules), or a long run would never collect a cycle."""
    import gc

    from belsignal import cli

    before = gc.get_freeze_count()
    with pytest.raises(ValueError), cli._start_up():
        assert not gc.isenabled()
        made = [[]]  # made during start-up: frozen with it
        raise ValueError
    assert gc.isenabled() and gc.get_freeze_count() > before and made


def test_unknown_format_is_a_usage_error(run_cli):
    result = run_cli("extract", SEEDS, "-f", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'csv', 'jsonl', 'json', 'sqlite', 'parquet'" in result.stderr


def test_jobs_two_gives_the_same_rows_in_the_same_order(run_cli):
    one = run_cli("extract", SEEDS, "-f", "jsonl", "--jobs", "1")
    two = run_cli("extract", SEEDS, "-f", "jsonl", "--jobs", "2")
    assert one.stdout == two.stdout and one.stdout.count("\n") > 40


def test_all_cores_is_the_default_and_writes_what_one_job_writes(run_cli, monkeypatch):
    from belsignal.engines import pool

    dev = SHARED / "dev" / "articles"
    if not dev.is_dir():
        pytest.skip(f"{dev} not found")
    workers = []
    start = pool.PoolEngine.__init__
    monkeypatch.setattr(pool.PoolEngine, "__init__", lambda self, jobs, *a, **k: (workers.append(jobs),
                                                                                   start(self, jobs, *a, **k))[1])
    default = run_cli("extract", SEEDS, dev, "-f", "jsonl", "-q")
    one = run_cli("extract", SEEDS, dev, "-f", "jsonl", "-q", "--jobs", "1")
    assert workers == [pool.available_cores(), 1]
    assert default.stdout == one.stdout and default.stdout.count("\n") > 200


def test_a_table_past_the_row_limit_warns_once_and_streamed_formats_never(run_cli, monkeypatch):
    from belsignal import cli

    warning = "warning: the table holds every row in memory"
    rows = run_cli("extract", SEEDS, "-f", "jsonl").stdout.count("\n")
    monkeypatch.setattr(cli, "TABLE_WARN_ROWS", rows // 2)
    table = run_cli("extract", SEEDS, "-f", "table", "-q")
    assert table.exit_code == 0 and table.stderr.count(warning) == 1
    assert f"has passed {rows // 2:,} rows; -f csv, -f jsonl or -f json stream them" in table.stderr
    assert "Peskov" in table.stdout  # the table is still drawn
    for fmt in ("jsonl", "json", "csv"):
        assert warning not in run_cli("extract", SEEDS, "-f", fmt, "-q").stderr
    monkeypatch.setattr(cli, "TABLE_WARN_ROWS", rows + 1)
    assert warning not in run_cli("extract", SEEDS, "-f", "table", "-q").stderr


def test_quiet_drops_the_summary_line(run_cli):
    loud = run_cli("extract", SEEDS, "-f", "jsonl")
    quiet = run_cli("extract", SEEDS, "-f", "jsonl", "--quiet")
    assert "5 documents, " in loud.stderr and " signals (" in loud.stderr
    assert quiet.stderr == ""


@pytest.fixture
def messy_folder(tmp_path):
    """Good articles beside every kind of bad input a scraped news folder holds."""
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEEDS / "004_8e11682b8b698c9f.txt", folder / "good.txt")
    (folder / "cp1252.txt").write_bytes(b"Minsk said 3,000 Russian troops arrived \x93today\x94.")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (folder / "nul.txt").write_bytes(b"abc\x00def")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "a", "text": "Belarus sent 500 soldiers to the border."}) + "\n"
        + '{"id": "b", "text": "cut in ha\n'
        + json.dumps({"id": "c", "title": "no text"}) + "\n"
        + json.dumps({"id": "d", "text": "Peskov denied the reports."}) + "\n", encoding="utf-8")
    (folder / "broken-link.txt").symlink_to(tmp_path / "nowhere.txt")
    return folder


def test_messy_folder_extracts_every_good_input_and_names_each_bad_one(run_cli, messy_folder):
    result = run_cli("extract", messy_folder, "-f", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    docs = {r["doc"] for r in rows}
    assert docs == {"good.txt", "cp1252.txt", "feed.jsonl#a", "feed.jsonl#d"}
    cp = next(r for r in rows if r["doc"] == "cp1252.txt")
    assert (cp["value"], cp["actor"]) == (3000, "russia")
    err = result.stderr
    for line in ("report.pdf: skipped:", "nul.txt: skipped: binary", "feed.jsonl:2: skipped: malformed JSON",
                 "feed.jsonl:3: skipped: record has no 'text'", "broken-link.txt: skipped:",
                 "cp1252.txt: warning:"):
        assert err.count(line) == 1, (line, err)
    assert "empty.txt" not in err


def test_strict_exits_1_after_extracting_the_rest(run_cli, messy_folder):
    result = run_cli("extract", messy_folder, "-f", "jsonl", "--strict")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(run_cli("extract", messy_folder, "-f", "jsonl").stdout.splitlines())


def test_failed_run_leaves_no_partial_output(run_cli, tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_text("previous\n", encoding="utf-8")
    import belsignal.export

    real = belsignal.export.write_signals

    def boom(signals, *args, **kwargs):
        real(iter(list(signals)[:3]), *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(belsignal.export, "write_signals", boom)
    result = run_cli("extract", SEEDS, "-o", out)
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_hostile_sentence_reaches_the_spreadsheet_only_as_text(run_cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('=HYPERLINK("http://evil","x") Peskov denied the reports.\n\n'
                       '@SUM(A1) Belarus sent 500 soldiers.', encoding="utf-8")
    out = tmp_path / "a.csv"
    assert run_cli("extract", article, "-o", out).exit_code == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sentences = sorted(r["sentence"] for r in rows)
    assert sentences == ["'=HYPERLINK(\"http://evil\",\"x\") Peskov denied the reports.", "'@SUM(A1) Belarus sent 500 soldiers."]
    assert next(r for r in rows if r["kind"] == "troops")["value"] == "500"
    raw = tmp_path / "raw.csv"
    run_cli("extract", article, "-o", raw, "--raw-csv")
    assert "\n=HYPERLINK" in raw.read_text(encoding="utf-8").replace('"=HYPERLINK', "\n=HYPERLINK")


def test_diff_exit_codes_and_markdown(run_cli, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    for name in ("000_193a5e913a49cda4.txt", "003_da4913be09e2de50.txt"):
        shutil.copy(SEEDS / name, old / name)
        shutil.copy(SEEDS / name, new / name)
    table = tmp_path / "old.csv"
    assert run_cli("extract", old, "-o", table, "-q").exit_code == 0
    same = run_cli("diff", table, new, "-f", "markdown")
    assert same.exit_code == 0, same.stderr
    assert "0 new, 0 changed, 0 gone" in same.stdout
    text = (new / "003_da4913be09e2de50.txt").read_text(encoding="utf-8")
    (new / "003_da4913be09e2de50.txt").write_text(text.replace("up to 7k", "up to 9k"), encoding="utf-8")
    changed = run_cli("diff", table, new, "-f", "markdown")
    assert changed.exit_code == 1
    assert "7,000" in changed.stdout and "9,000" in changed.stdout and "## Changed" in changed.stdout
    missing = run_cli("diff", tmp_path / "nope.csv", new)
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: ")


def test_stdin_jsonl(run_cli):
    feed = io.StringIO()
    feed.write(json.dumps({"id": "x1", "text": "About 70% of Belarusians said they opposed joining the war."}) + "\n")
    result = run_cli("extract", "-", "-f", "jsonl", input=feed.getvalue())
    (row,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (row["doc"], row["kind"], row["value"], row["qualifier"]) == ("<stdin>#x1", "poll", 70, "approx")


def test_broken_user_rules_exit_2_naming_file_line_and_rule(run_cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text("rules:\n  - id: my.rule\n    kind: troops\n    patterns:\n"
                                    "      - [{LOWR: troops}]\n", encoding="utf-8")
    result = run_cli("extract", SEEDS, "--rules", rules)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad.yaml:5: rule 'my.rule': unknown token attribute 'LOWR'" in result.stderr
    assert result.stderr.startswith("Error: ")


def test_a_crash_in_one_document_is_reported_and_the_others_extracted(run_cli, tmp_path, fragile_numbers):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia sent about 30,000 troops.", encoding="utf-8")
    (folder / "b.txt").write_text("BOOM: 5,000 soldiers.", encoding="utf-8")
    (folder / "c.txt").write_text("Belarus sent 500 soldiers.", encoding="utf-8")
    result = run_cli("extract", folder, "-f", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(x)["doc"] for x in result.stdout.splitlines()] == ["a.txt", "c.txt"]
    assert "b.txt: skipped: extraction failed: RuntimeError: simulated failure" in result.stderr


# --------------------------------------------------------------------------- issue 10: outputs


@pytest.mark.parametrize("name", ["news.jsonl", "art.txt"])
def test_output_that_is_an_input_is_refused_before_any_work(run_cli, tmp_path, name):
    source = tmp_path / name
    content = (json.dumps({"id": "a", "text": "Belarus sent 500 soldiers."}) + "\n" if name.endswith(".jsonl")
               else "Belarus sent 500 soldiers.")
    source.write_text(content, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(source)
    for output in (source, tmp_path / "link.txt"):
        result = run_cli("extract", source, "-o", output)
        assert result.exit_code == 2
        assert result.stderr == f"Error: {output}: is also an input; refusing to overwrite it\n"
    assert source.read_text(encoding="utf-8") == content


def test_diff_output_that_is_an_input_is_refused(run_cli, tmp_path):
    table = tmp_path / "last.csv"
    assert run_cli("extract", SEEDS, "-o", table, "-q").exit_code == 0
    before = table.read_bytes()
    result = run_cli("diff", table, SEEDS, "-o", table)
    assert (result.exit_code, result.stderr) == (2, f"Error: {table}: is also an input; refusing to overwrite it\n")
    assert table.read_bytes() == before


def test_output_in_the_input_folder_is_not_read_back(run_cli, tmp_path):
    folder = tmp_path / "dir"
    shutil.copytree(SEEDS, folder)
    out = folder / "out.jsonl"
    counts = []
    for _ in range(3):
        result = run_cli("extract", folder, "-o", out, "-q")
        assert result.exit_code == 0, result.stderr
        counts.append(len(out.read_text(encoding="utf-8").splitlines()))
    assert counts == [55, 55, 55]
    (folder / "out.jsonl").rename(folder / "last_week.jsonl")  # another table: never an article
    result = run_cli("extract", folder, "-f", "jsonl", "-q")
    assert len(result.stdout.splitlines()) == 55
    assert "last_week.jsonl: skipped: a belsignal signal table, not articles" in result.stderr


def test_output_naming_an_article_of_an_input_folder_is_refused(run_cli, tmp_path):
    """An article found in an input folder is an input too: -o must not replace it (the run
    would leave it out of its reading, then write its table over the article)."""
    folder = tmp_path / "dir"
    shutil.copytree(SEEDS, folder)
    article = sorted(folder.glob("*.txt"))[0]
    before = article.read_bytes()
    for args in (["extract", folder], ["extract", f"{folder}/*.txt"], ["claims", folder], ["diff", SEEDS, folder]):
        result = run_cli(*args, "-o", article)
        assert result.exit_code == 2, (args, result.stderr)
        # the input as given (a glob, not the match it is)
        assert result.stderr.startswith(f"Error: {article}: is read as an article of the input {args[-1]} ")
        assert "documents," not in result.stderr  # before any work
    assert article.read_bytes() == before
    (folder / ".notes.txt").write_text("mine", encoding="utf-8")  # hidden: never read, so not an input
    assert run_cli("extract", folder, "-o", folder / ".notes.txt", "-f", "csv", "-q").exit_code == 0


def test_a_report_written_into_the_articles_folder_is_not_overwritten_by_the_next_run(run_cli, tmp_path):
    """claims/diff write markdown, which a later run would read as an article of the folder: the
    second run says so rather than reading its own report or replacing it."""
    folder = tmp_path / "dir"
    shutil.copytree(SEEDS, folder)
    for args in (["claims", folder], ["diff", SEEDS, folder]):
        out = folder / "report.md"
        assert run_cli(*args, "-o", out).exit_code in (0, 1)
        first = out.read_text(encoding="utf-8")
        result = run_cli(*args, "-o", out)
        assert (result.exit_code, result.stderr) == (2, f"Error: {out}: is read as an article of the input {folder} "
                                                        "(write it elsewhere); refusing to overwrite it\n")
        assert out.read_text(encoding="utf-8") == first
        out.unlink()


@pytest.mark.parametrize("where, message", [
    ("missing/out.csv", "out.csv: no such folder: "),
    ("folder", "folder: is a folder; give a file name"),
    ("a-file/out.csv", "out.csv: no such folder: "),
])  # fmt: skip
def test_impossible_output_is_refused_before_any_work(run_cli, tmp_path, where, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = run_cli("extract", SEEDS, "-o", tmp_path / where)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "documents," not in result.stderr  # no extraction happened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "folder"]


@pytest.mark.parametrize("command, output, shown", [
    (["extract", SEEDS], "out.csv", "out.csv"),
    (["extract", SEEDS], "out.parquet", "out.parquet"),
    (["report", "TABLE"], "out.svg", "out-forces.svg"),
    (["report", "TABLE", "-f", "svg"], "charts/", "charts"),
])  # fmt: skip
def test_read_only_folder_is_one_error_line_and_no_temp_file(run_cli, tmp_path, seed_rows, command, output, shown):
    if output.endswith(".parquet"):
        need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")
    if command[0] == "report":
        need("vl_convert", "the report needs vl-convert: pip install -e '.[report]'")
        table = tmp_path / "table.jsonl"
        table.write_text("".join(json.dumps(row) + "\n" for row in seed_rows), encoding="utf-8")
        command = [table if part == "TABLE" else part for part in command]
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        result = run_cli(*command, "-o", f"{folder}/{output}")
        assert list(folder.iterdir()) == []
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"Error: {folder / shown}: cannot write: "), result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- issue 10: the run goes on


def test_bad_articles_are_reported_and_the_run_goes_on(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\npublished: 2022-02-30\n---\nBelarus sent 500 soldiers.\n", encoding="utf-8")
    (folder / "b.md").write_text('---\ndate: !!timestamp "x"\n---\nRussia sent 3,000 troops.\n', encoding="utf-8")
    (folder / "c.jsonl").write_text('{"id": "s", "text": "Belarus sent 700 soldiers.\\udc80"}\n', encoding="utf-8")
    with open(os.fsencode(folder) + b"/d\xff.txt", "wb") as f:
        f.write(b"Ukraine moved 900 troops.")
    result = run_cli("extract", folder, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["doc"], r["value"]) for r in rows] == [("a.md", "500"), ("b.md", "3000"), ("c.jsonl#s", "700"),
                                                      ("d\\xff.txt", "900")]
    assert "Traceback" not in result.stderr and ": skipped:" not in result.stderr


# --------------------------------------------------------------------------- issue 10: ids


def test_several_inputs_have_distinct_doc_names_and_ids(run_cli, tmp_path):
    for week, number in (("wk1", "500"), ("wk2", "700")):
        (tmp_path / week).mkdir()
        (tmp_path / week / "a.txt").write_text(f"Belarus sent {number} soldiers.", encoding="utf-8")
    result = run_cli("extract", tmp_path / "wk1", tmp_path / "wk2", "-f", "jsonl")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["doc"], r["value"]) for r in rows] == [("wk1/a.txt", 500), ("wk2/a.txt", 700)]
    assert len({r["id"] for r in rows}) == 2


def test_the_same_input_twice_gives_each_row_once(run_cli, seed_rows):
    result = run_cli("extract", SEEDS, SEEDS, "-f", "jsonl")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in seed_rows]
    assert "given more than once; read once" in result.stderr


# --------------------------------------------------------------------------- issue 10: escaping


def test_escape_sequences_never_reach_the_terminal_or_a_table_file(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J\x07.pdf").write_bytes(b"%PDF")
    (folder / "a\x1b[31m.txt").write_text("Belarus sent 500 soldiers.", encoding="utf-8")
    out = tmp_path / "t.txt"
    result = run_cli("extract", folder, "-f", "table", "-o", out)
    assert "evil\\x1b[2J\\x07.pdf: skipped" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    table = out.read_text(encoding="utf-8")
    assert "a\\x1b[31m.txt" in table and "500" in table and "\x1b" not in table


def test_rules_list_shows_a_file_name_with_escape_sequences_as_text(run_cli, tmp_path):
    folder = tmp_path / "r\x1b[31m"
    folder.mkdir()
    (folder / "r.yaml").write_text(RULE_WITH_EXAMPLES, encoding="utf-8")
    result = run_cli("rules", "list", "--no-builtin", "-r", folder)
    assert result.exit_code == 0, result.stderr
    assert "r\\x1b[31m" in result.stdout.replace("\n", "") and "\x1b" not in result.stdout


RULE_WITH_EXAMPLES = """rules:
  - id: mob.call-up
    kind: exercise
    patterns:
      - [{LOWER: call}, {LOWER: "-"}, {LOWER: up}]
    examples:
      match: [{text: "Minsk announced a call-up.", span: "call-up"}]
      no_match: ["They called up."]
"""


def test_stdin_article_starting_with_a_brace(run_cli):
    result = run_cli("extract", "-", "-f", "jsonl", input="{Update} Belarus sent 500 soldiers.\n")
    assert result.exit_code == 0 and result.stderr.count("skipped") == 0
    assert [(r["doc"], r["value"]) for r in map(json.loads, result.stdout.splitlines())] == [("<stdin>", 500)]


def test_diff_says_once_that_the_rules_differ(run_cli, tmp_path):
    old = tmp_path / "old.csv"
    assert run_cli("extract", SEEDS, "-o", old, "-q").exit_code == 0
    new = tmp_path / "new.csv"
    with old.open(newline="", encoding="utf-8") as source, new.open("w", newline="", encoding="utf-8") as target:
        rows = list(csv.DictReader(source))
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "rule": r["rule"] + "-v2" if r["rule"] == "troops.count" else r["rule"]} for r in rows)
    result = run_cli("diff", old, new, "-f", "markdown")
    assert result.stderr.count("note: OLD and NEW were extracted with different rules") == 1
    assert "'troops.count' in OLD, 'troops.count-v2' in NEW" in result.stderr


def test_output_through_a_symlink_replaces_the_file_it_points_to(run_cli, tmp_path):
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "signals.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    assert run_cli("extract", SEEDS, "-o", link, "-q").exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("id,doc,")
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["signals.csv"]


@pytest.mark.parametrize("fmt, name", [("csv", "signals.db"), ("jsonl", "out.csv"), ("sqlite", "out.jsonl")])
def test_a_format_the_output_name_contradicts_is_refused_before_any_work(tmp_path, run_cli, fmt, name):
    out = tmp_path / name
    result = run_cli("extract", SEEDS, "-f", fmt, "-o", out)
    assert result.exit_code == 2
    assert f"-f {fmt} contradicts -o {out}" in result.stderr and not out.exists()
