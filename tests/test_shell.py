"""Feeling native in a shell and a spreadsheet (issue 12, items 4-14): version, help, filters,
completion, -v, globs, empty input, the terminal table, progress, --bom, the formula guard,
front matter, loading the date column."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import belsignal
from belsignal.documents import read_documents
from belsignal.export import write_signals
from belsignal.filters import RowFilter
from belsignal.render import column_widths
from belsignal.signals import Signal

from .conftest import ROOT, SEEDS, missing, need

COMMANDS = [[], ["extract"], ["eval"], ["diff"], ["claims"], ["report"], ["rules"], ["rules", "check"], ["rules", "list"]]
FORMATS = {"extract": "[table|csv|jsonl|json|sqlite|parquet]", "diff": "[table|csv|jsonl|json|markdown]",
           "claims": "[table|csv|jsonl|json|markdown]", "report": "[html|png|svg]"}
USAGE = {"extract": "[OPTIONS] [INPUTS]...", "eval": "[OPTIONS] GOLD", "diff": "[OPTIONS] OLD NEW",
         "claims": "[OPTIONS] SOURCE", "report": "[OPTIONS] SOURCE", "rules check": "[OPTIONS] [DIR]..."}
# Prints {command: help} as JSON, in whatever Python runs it (this one, or a venv with another typer).
HELP_SCRIPT = f"""
import json, typer
from typer.testing import CliRunner
from belsignal.cli import app
runner = CliRunner()
print(json.dumps({{" ".join(c): runner.invoke(app, [*c, "--help"]).stdout for c in {COMMANDS!r}}}))
"""


def article(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl_rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


# --------------------------------------------------------------------------- item 4: --version


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_belsignal_and_spacy(run_cli, flag):
    from importlib.metadata import version

    result = run_cli(flag)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"belsignal {belsignal.__version__} (spaCy {version('spacy')}, Python ")


# --------------------------------------------------------------------------- item 5: help


def check_help(helps: dict[str, str]) -> None:
    for command, text in helps.items():
        assert "Usage:" in text, (command, text)
        assert "<" not in text and "list[" not in text and "\\[" not in text, (command, text)
        usage = text.split("\n", 1)[0]
        assert "{" not in usage, (command, usage)
        if command in USAGE:
            assert usage.endswith(USAGE[command]), (command, usage)
        if command in FORMATS:
            assert f"--format {FORMATS[command]}" in text, (command, text)
        if command == "extract":
            assert "--engine [local|dask]" in text, text


def test_help_of_every_command_shows_no_python_types_and_lists_the_formats():
    out = subprocess.run([sys.executable, "-c", HELP_SCRIPT], capture_output=True, text=True, check=True,
                         env={**os.environ, "COLUMNS": "100"}).stdout
    check_help(json.loads(out))


@pytest.fixture(scope="module")
def lowest_typer(tmp_path_factory) -> Path:
    """A throwaway venv over this Python's packages with the oldest typer pyproject allows."""
    lowest = re.search(r'"typer>=([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))[1]
    venv = tmp_path_factory.mktemp("typer") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                          f"typer=={lowest}"], capture_output=True, text=True, timeout=600)
    if pip.returncode != 0:
        missing(f"could not install typer=={lowest} from the package registry: "
                f"{(pip.stderr.strip().splitlines() or ['?'])[-1]}")
    installed = subprocess.run([str(python), "-c", "import typer; print(typer.__version__)"],
                               capture_output=True, text=True, check=True).stdout.strip()
    assert installed == lowest
    return python


def test_help_on_the_oldest_typer_pyproject_allows(lowest_typer):
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT / "src")}  # this checkout's belsignal
    out = subprocess.run([str(lowest_typer), "-c", HELP_SCRIPT], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    check_help(json.loads(out.stdout))


def test_an_unknown_format_is_refused_by_the_choices(run_cli):
    result = run_cli("claims", SEEDS, "-f", "xlsx")
    assert result.exit_code == 2
    assert "'xlsx' is not one of 'table', 'csv', 'jsonl', 'json', 'markdown'" in result.stderr
    from belsignal.cli import EngineName
    from belsignal.engines import ENGINES

    assert [name.value for name in EngineName] == list(ENGINES)  # the choices are the engines there are
    result = run_cli("extract", SEEDS, "--engine", "spark")
    assert result.exit_code == 2 and "'spark' is not one of 'local', 'dask'" in result.stderr


# --------------------------------------------------------------------------- item 6: filters


@pytest.mark.parametrize("since, until, date, date_end, published, kept", [
    ("2022-05-10", None, "2022-05", "", "2023-01-02", True),  # May overlaps from the 10th on
    ("2022-06", None, "2022-05", "", "2023-01-02", False),  # the event, not the publication, counts
    ("2022-05-10", None, "", "", "2022-05-09", False),  # undated: the publication date counts
    ("2022-05-10", None, "", "", "2022-05-10", True),
    (None, "2022", "2022-12-31", "", "", True),  # --until 2022: to the last day of 2022
    (None, "2022-02-15", "2022-02-16", "", "2022-01-01", False),
    ("2022-02-18", "2022-02-19", "2022-02-10", "2022-02-20", "", True),  # a period overlapping the range
    ("2022-02-21", None, "2022-02-10", "2022-02-20", "", False),
    ("2022", None, "", "", "", False),  # no date at all: left out once a bound is given
])  # fmt: skip
def test_date_filters_read_each_precision_as_the_days_it_covers(since, until, date, date_end, published, kept):
    row = {"kind": "troops", "actor": "russia", "date": date, "date_end": date_end, "published": published}
    assert RowFilter.of(since=since, until=until)(row) is kept
    assert RowFilter.of(since=since, until=until)(Signal(**row)) is kept


@pytest.mark.parametrize("args, message", [
    (["--since", "2022-02-30"], "--since: not a date: '2022-02-30'"),
    (["--until", "last week"], "--until: not a date: 'last week'"),
    (["--since", "2023", "--until", "2022-12"], "--since 2023 is after --until 2022-12"),
    (["--kind", "troop"], "--kind troop: no rule has this kind (kinds: denial, equipment, exercise, poll, troops)"),
])  # fmt: skip
def test_bad_filters_are_usage_errors(run_cli, args, message):
    result = run_cli("extract", SEEDS, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {message}" + ("" if "kind" in message else " (use YYYY, YYYY-MM or YYYY-MM-DD)"
                                                    if "not a date" in message else "") + "\n"


def test_extract_filters_by_kind_actor_and_date(run_cli, seed_rows):
    result = run_cli("extract", SEEDS, "-f", "jsonl", "-q", "--kind", "troops", "--kind", "poll",
                     "--actor", "Belarus", "--since", "2024")
    rows = jsonl_rows(result)
    expected = [r for r in seed_rows if r["kind"] in ("troops", "poll") and r["actor"] == "belarus"
                and (r["date"] or r["published"]) >= "2024"]
    assert rows and [r["id"] for r in rows] == [r["id"] for r in expected]
    assert len(expected) < len([r for r in seed_rows if r["kind"] in ("troops", "poll")])


def test_diff_and_claims_filter_both_sides(run_cli, tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new"
    new.mkdir()
    for name in ("000_193a5e913a49cda4.txt", "003_da4913be09e2de50.txt"):
        shutil.copy(SEEDS / name, new / name)
    assert run_cli("extract", new, "-o", old, "-q").exit_code == 0
    text = (new / "003_da4913be09e2de50.txt").read_text(encoding="utf-8")
    (new / "003_da4913be09e2de50.txt").write_text(text.replace("up to 7k", "up to 9k"), encoding="utf-8")
    changed = run_cli("diff", old, new, "-f", "jsonl", "-q")
    assert changed.exit_code == 1 and '"troops"' in changed.stdout
    polls = run_cli("diff", old, new, "-f", "jsonl", "-q", "--kind", "poll")
    assert polls.exit_code == 0, polls.stdout  # the change is a troop figure
    claims = jsonl_rows(run_cli("claims", old, "-f", "jsonl", "--actor", "ukraine"))
    assert claims and {c["actor"] for c in claims} == {"ukraine"}


def test_a_kind_typo_is_an_error_on_every_command_and_a_table_may_bring_its_own_kinds(run_cli, tmp_path):
    table = tmp_path / "week.csv"
    assert run_cli("extract", SEEDS / "000_193a5e913a49cda4.txt", "-o", table, "-q").exit_code == 0
    known = "(kinds: denial, equipment, exercise, poll, troops)"
    for args in (["claims", table], ["claims", SEEDS / "000_193a5e913a49cda4.txt"], ["diff", table, table],
                 ["report", table, "-o", tmp_path / "r.html"]):
        result = run_cli(*args, "--kind", "troop")
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr == f"Error: --kind troop: no rule or row has this kind {known}\n", args
    # a kind no built-in rule has, in a table made with the user's own rules, is a kind
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["kind"] = "mobilisation"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    claims = jsonl_rows(run_cli("claims", table, "-f", "jsonl", "--kind", "mobilisation"))
    assert [c["kind"] for c in claims] == ["mobilisation"]
    assert run_cli("claims", table, "-f", "jsonl", "--kind", "denial").exit_code == 0  # none in the table: fine


def test_report_draws_only_the_kinds_and_actors_asked_for(run_cli, tmp_path):
    need("altair", "the report needs altair: pip install -e '.[dev]'")
    table = tmp_path / "week.csv"
    assert run_cli("extract", SEEDS, "-o", table, "-q").exit_code == 0
    claims = jsonl_rows(run_cli("claims", table, "-f", "jsonl", "--actor", "russia", "--kind", "troops"))
    result = run_cli("report", table, "-o", tmp_path / "r.html", "--actor", "russia", "--kind", "troops")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {tmp_path / 'r.html'}: {len(claims)} claims\n" and len(claims) > 1


# --------------------------------------------------------------------------- item 7: completion, -v, globs


def test_shell_completion_completes_commands_options_and_formats(tmp_path):
    belsignal_bin = Path(sys.executable).parent / "belsignal"
    if not belsignal_bin.exists() or not shutil.which("bash"):
        missing("needs bash and the installed belsignal command")
    script = subprocess.run([str(belsignal_bin), "--show-completion", "bash"], capture_output=True, text=True,
                            check=True).stdout
    (tmp_path / "completion.bash").write_text(script, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        words_list = " ".join(f"'{w}'" for w in words)
        code = (f"source {tmp_path / 'completion.bash'}; COMP_WORDS=(belsignal {words_list}); "
                f"COMP_CWORD={len(words)}; _belsignal_completion belsignal; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
        env = {**os.environ, "PATH": f"{belsignal_bin.parent}:{os.environ['PATH']}"}
        return subprocess.run(["bash", "-c", code], capture_output=True, text=True, env=env, timeout=60).stdout.split()

    assert complete("ex") == ["extract"]
    assert complete("extract", "--ki") == ["--kind"]
    assert complete("extract", "--format", "") == ["table", "csv", "jsonl", "json", "sqlite", "parquet"]
    assert complete("diff", "-f", "m") == ["markdown"]
    assert complete("extract", "--engine", "") == ["local", "dask"]
    home = tmp_path / "home"
    home.mkdir()
    installed = subprocess.run([str(belsignal_bin), "--install-completion", "bash"], capture_output=True, text=True,
                               env={**os.environ, "HOME": str(home)}, timeout=60)
    assert installed.returncode == 0, installed.stderr
    assert "belsignal" in (home / ".bashrc").read_text(encoding="utf-8")


def test_an_internal_error_is_one_line_and_its_traceback_with_v(run_cli, monkeypatch):
    import belsignal.export

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(belsignal.export, "write_signals", broken)
    quiet = run_cli("extract", SEEDS / "000_193a5e913a49cda4.txt", "-f", "csv")
    assert quiet.exit_code == 70
    assert quiet.stderr == "Error: internal error: RuntimeError: a bug (-v shows the traceback; please report it)\n"
    loud = run_cli("extract", SEEDS / "000_193a5e913a49cda4.txt", "-f", "csv", "-v")
    assert loud.exit_code == 70
    assert loud.stderr.startswith("Traceback (most recent call last):") and "in broken" in loud.stderr
    assert loud.stderr.endswith("Error: internal error: RuntimeError: a bug\n")


def test_v_adds_what_was_ignored_and_why_a_document_failed(run_cli, tmp_path, fragile_numbers):
    folder = tmp_path / "in"
    article(folder, "a.txt", "Russia sent about 30,000 troops.")
    article(folder, "b.txt", "BOOM: 5,000 soldiers.")
    article(folder, "empty.txt", "")
    article(folder, ".draft.txt", "Belarus sent 700 soldiers.")
    plain = run_cli("extract", folder, "-f", "jsonl", "-q")
    assert [r["doc"] for r in jsonl_rows(plain)] == ["a.txt"]
    assert plain.stderr == "b.txt: skipped: extraction failed: RuntimeError: simulated failure\n"
    loud = run_cli("extract", folder, "-f", "jsonl", "-q", "-v")
    lines = loud.stderr.splitlines()
    assert lines[0] == f"{folder / '.draft.txt'}: ignored: hidden"
    assert f"{folder / 'empty.txt'}: ignored: empty" in lines
    failure = loud.stderr.split("b.txt: skipped: extraction failed: RuntimeError: simulated failure\n", 1)[1]
    assert failure.startswith("Traceback (most recent call last):") and "in fragile" in failure
    assert (plain.exit_code, loud.exit_code) == (0, 0)


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    article(folder, "a.txt", "Belarus sent 500 soldiers.")
    article(folder, "b.md", "Russia sent 700 troops.")
    article(folder / "2024" / "06", "c.txt", "Ukraine moved 900 troops.")
    article(folder, ".hidden.txt", "Belarus sent 100 soldiers.")
    article(folder, "notes.text", "Belarus sent 300 soldiers.")
    return folder


@pytest.mark.parametrize("pattern, docs", [
    ("*.txt", ["a.txt"]),
    ("**/*.txt", ["2024/06/c.txt", "a.txt"]),
    ("**", ["2024/06/c.txt", "a.txt", "b.md", "notes.text"]),  # a folder matched is read as a folder
    ("[ab].*", ["a.txt", "b.md"]),
    ("2024/*/c.txt", ["06/c.txt"]),  # named from the last folder before a wildcard
])  # fmt: skip
def test_quoted_globs_expand_like_a_folder_walk(run_cli, news, pattern, docs):
    result = run_cli("extract", f"{news}/{pattern}", "-f", "jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    assert sorted({r["doc"] for r in jsonl_rows(result)}) == docs


def test_globs_in_several_inputs_and_a_glob_that_matches_nothing(run_cli, tmp_path, news):
    other = tmp_path / "other"
    article(other, "a.txt", "Russia sent 200 troops.")
    result = run_cli("extract", f"{news}/*.txt", f"{other}/*.txt", "-f", "jsonl", "-q")
    assert [r["doc"] for r in jsonl_rows(result)] == ["news/a.txt", "other/a.txt"]
    nothing = run_cli("extract", f"{news}/*.pdf")
    assert (nothing.exit_code, nothing.stderr) == (2, f"Error: {news}/*.pdf: no file or folder matches\n")
    literal = article(tmp_path, "odd[1].txt", "Belarus sent 800 soldiers.")  # a file so named is itself
    assert [r["value"] for r in jsonl_rows(run_cli("extract", literal, "-f", "jsonl", "-q"))] == [800]


# --------------------------------------------------------------------------- item 8: empty input, --model


@pytest.mark.parametrize("setup", ["empty folder", "only ignored files", "empty stdin"])
def test_an_empty_input_warns_and_strict_exits_1(run_cli, tmp_path, setup):
    folder = tmp_path / "in"
    folder.mkdir()
    if setup == "only ignored files":
        article(folder, "empty.txt", "")
        article(folder, ".hidden.txt", "Belarus sent 500 soldiers.")
    target = "-" if setup == "empty stdin" else folder
    result = run_cli("extract", target, "-f", "csv", input="")
    assert result.exit_code == 0
    assert result.stdout.startswith("id,doc,") and result.stdout.count("\n") == 1
    assert f"warning: no documents found in {target}" in result.stderr
    assert run_cli("extract", target, "-f", "csv", "--strict", input="").exit_code == 1


def test_diff_and_claims_say_an_empty_side_is_empty(run_cli, tmp_path):
    """An empty OLD folder would make every indicator "new" without a word."""
    empty = tmp_path / "last_week"
    empty.mkdir()
    diff = run_cli("diff", empty, SEEDS / "000_193a5e913a49cda4.txt", "-f", "jsonl")
    assert diff.exit_code == 1 and diff.stderr == f"{empty}: warning: no documents found\n"
    claims = run_cli("claims", empty, "-f", "csv")
    assert claims.exit_code == 0 and claims.stderr == f"{empty}: warning: no documents found\n"
    assert run_cli("claims", SEEDS / "000_193a5e913a49cda4.txt", "-f", "csv").stderr == ""


def test_an_uninstalled_model_is_reported_before_any_output(run_cli):
    result = run_cli("extract", SEEDS, "-f", "csv", "--model", "xx_no_such_pipeline_sm")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: --model xx_no_such_pipeline_sm: no spaCy pipeline of that name")


# --------------------------------------------------------------------------- item 9: the terminal table

HARD_ROWS = [
    Signal(doc="2024/06/very-long-article-name-from-an-outlet.html", kind="exercise",
           text="the Zapad-2021 strategic command-and-staff exercises", date="2021-09-10", date_end="2021-09-16",
           source="President Alexander Lukashenko", actor="belarus", modality="hypothetical", start=1, end=2),
    Signal(doc="b.txt", kind="troops", value=None, low=4000, high=6000, qualifier="range", unit="personnel",
           text="4,000-6,000 troops", actor="russia", source="the Ukrainian General Staff", modality="reported",
           date="2022-02", start=3, end=4),
]


@pytest.fixture(scope="module")
def table_rows(seed_rows) -> list[Signal]:
    return [Signal(**row) for row in seed_rows] + HARD_ROWS


def render_table(rows, width: int) -> list[str]:
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), markup=False, highlight=False, emoji=False)
    write_signals(rows, "table", console.file, console=console)
    return console.export_text().splitlines()


def table_cells(lines: list[str], docs=()) -> list[dict[str, str]]:
    """The rows of a rendered table, each cell's lines joined by spaces, columns found by where
    the header names start; a row under a doc heading (a line that is a name in `docs`) gets
    that doc."""
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    names = header.split()
    rows: list[dict[str, list[str]]] = []
    heading = None
    for line in lines[2:]:
        if not line.strip() or line.strip() in docs:
            heading = line.strip() or heading
            continue
        cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [None])]
        first = cells[names.index("kind")]
        if first and first in ("troops", "equipment", "poll", "exercise", "denial"):
            rows.append({name: [] for name in names} | ({"heading": [heading]} if heading else {}))
        for name, cell in zip(names, cells):
            if cell:
                rows[-1][name].append(cell)
    return [{name: " ".join(parts) for name, parts in row.items()} for row in rows]


@pytest.mark.parametrize("width", [80, 120, 200])
def test_the_table_fits_its_width_without_breaking_a_word(table_rows, width):
    lines = render_table(table_rows, width)
    assert max(len(line) for line in lines) <= width
    header = lines[0].split()
    # at 120 every column would fit only by cutting the long doc name: the narrow layout instead
    narrow = width <= 120
    assert header == (["kind", "text", "number", "actor", "source", "date"] if narrow else
                      ["doc", "kind", "text", "number", "unit", "actor", "source", "modality", "date"])
    shown = table_cells(lines, {signal.doc for signal in table_rows})
    assert len(shown) == len(table_rows)
    for signal, cells in zip(table_rows, shown):
        # every word arrives whole: the cell's lines joined give back its words
        assert cells["text"].split() == signal.text.split(), cells
        assert cells["source"].split() == signal.source.split(), cells
        if not narrow:
            assert (cells["doc"], cells["modality"], cells["unit"]) == (signal.doc, signal.modality, signal.unit)
        else:  # the unit after the number, a modality other than asserted under the kind, the doc above
            assert cells["heading"] == signal.doc
            assert cells["number"].endswith(signal.unit.replace("_", " "))
            assert cells["kind"] == signal.kind + ("" if signal.modality == "asserted" else f" {signal.modality}")
    assert "2021-09-10 – 2021-09-16" in [cells["date"] for cells in shown]
    assert ("4,000–6,000 personnel" if narrow else "4,000–6,000") in [cells["number"] for cells in shown]
    assert not any("signals" in line for line in lines)  # the summary is the command's, on stderr


def test_the_readme_shows_the_80_column_table_as_it_is(seed_rows):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("(`belsignal extract seeds/000_193a5e913a49cda4.txt` begins):\n\n```\n")[1].split("```")[0]
    rows = [Signal(**row) for row in seed_rows if row["doc"] == "000_193a5e913a49cda4.txt"]
    shown = [line.rstrip() for line in render_table(rows, 80)]
    assert shown[:len(block.splitlines())] == block.splitlines()


def test_the_spare_width_goes_by_weight_and_no_column_beyond_its_longest_line():
    columns = [["text", "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 4],
               ["source", "x y z " * 20], ["kind", "troops"]]
    widths = column_widths(columns, 6 + 6 + 6 + 40, [3, 1, 1])
    assert widths[2] == 6  # its longest line
    assert (widths[0] - 6, widths[1] - 6) == (30, 10)  # 3:1 of the 40 spare characters
    assert column_widths(columns, 10, [3, 1, 1]) is None  # the headers alone need 16
    # a word longer than the terminal allows is cut in a free-text column, never in the others
    assert column_widths([["text", "x" * 30], ["kind", "equipment"]], 20, [3, 1]) == [11, 9]


# --------------------------------------------------------------------------- items 9-10 in a pseudo-terminal


def pty_run(*args, columns: int = 80, cwd=None) -> bytes:
    """Run belsignal with stdin, stdout and stderr on one pseudo-terminal of `columns` columns."""
    import fcntl
    import struct
    import termios

    from .test_terminal import BELSIGNAL, Terminal

    terminal = Terminal()
    fcntl.ioctl(terminal.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 200, columns, 0, 0))
    process = terminal.start(*args, stdout=terminal.slave, cwd=cwd)
    assert process.wait(timeout=300) == 0
    assert BELSIGNAL
    return terminal.output().encode("utf-8")


def screen(output: bytes, columns: int = 80) -> list[str]:
    """What a terminal of `columns` columns shows once the command is done."""
    pyte = need("pyte", "the pseudo-terminal tests read the screen with pyte: pip install -e '.[dev]'")
    display = pyte.Screen(columns, 400)
    pyte.ByteStream(display).feed(output)
    lines = [line.rstrip() for line in display.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def frames(output: bytes) -> list[str]:
    """Every state the progress display was drawn in, escape sequences removed."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8", "replace"))
    return [frame.strip() for frame in re.split(r"[\r\n]+", text) if frame.strip()]


def test_on_an_80_column_terminal_the_table_comes_alone_and_the_summary_once():
    lines = screen(pty_run("extract", SEEDS))
    assert lines[0].split() == ["kind", "text", "number", "actor", "source", "date"]  # no line above it
    assert lines[1] == "─" * len(lines[1])
    summary = [line for line in lines if "signals" in line]
    assert len(summary) == 1 and summary[0].startswith("5 documents, 55 signals (")
    assert lines.index(summary[0]) == len(lines) - 1 or lines[-1].strip().startswith("in ")  # last (it may wrap)
    assert not any(spinner in "\n".join(lines) for spinner in ("docs/s", "⠋", "⠙", "━"))


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """1,200 one-line articles, one signal each."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(1, 1201):
        (folder / f"{n:04d}.txt").write_text(f"Belarus sent {n} soldiers to the border.", encoding="utf-8")
    return folder


def test_progress_is_a_bar_with_total_percentage_and_eta_when_the_documents_are_known(many, tmp_path):
    shown = frames(pty_run("extract", many, "--jobs", "2", "-o", tmp_path / "out.csv", columns=100))
    bars = [re.fullmatch(r"\S+\s+(\d+)% ([\d,]+)/1,200 documents, ([\d,]+) signals? ETA (\S+)", f) for f in shown]
    bars = [b for b in bars if b]
    assert bars and bars[-1].groups() == ("100", "1,200", "1,200", "0:00:00")
    for bar in bars:  # counted when done: a document is never ahead of its signal
        done, signals = (int(g.replace(",", "")) for g in bar.groups()[1:3])
        assert done <= signals <= done + 1, bar[0]
        assert abs(int(bar[1]) - done * 100 / 1200) <= 1
    assert shown[-1] .startswith("1,200 documents, 1,200 signals (troops 1,200) in ")


def test_progress_counts_and_shows_the_rate_when_the_total_is_unknown(many, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) + "\n"
                            for p in sorted(many.iterdir())), encoding="utf-8")
    shown = frames(pty_run("extract", feed, "-o", tmp_path / "out.csv", columns=100))
    counts = [f for f in shown if re.search(r"[\d,]+ documents?, [\d,]+ signals?", f)]
    assert not any("%" in f or "ETA" in f for f in counts)
    assert any(re.search(r"\d+ docs/s", f) for f in counts)
    assert any(f.startswith(("⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏")) for f in counts)
    assert "1,200 documents, 1,200 signals" in counts[-2]  # the display's last state, then the summary


def test_one_document_one_signal_is_said_in_the_singular(tmp_path):
    path = article(tmp_path, "a.txt", "Belarus sent 500 soldiers.")
    shown = frames(pty_run("extract", path, "-o", tmp_path / "out.csv"))
    assert any(f.endswith("100% 1/1 document, 1 signal ETA 0:00:00") for f in shown)
    assert shown[-1].startswith("1 document, 1 signal (troops 1) in ")


# --------------------------------------------------------------------------- item 11: --bom


def test_bom_starts_the_csv_for_excel_and_is_read_back(run_cli, tmp_path):
    path = article(tmp_path / "in", "a.txt", "Franak Viačorka said “about 3,000 Russian troops” arrived.")
    out = tmp_path / "excel.csv"
    assert run_cli("extract", path, "-o", out, "--bom", "-q").exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,doc,") and data.count(b"\xef\xbb\xbf") == 1
    assert "Viačorka" in data.decode("utf-8")
    assert run_cli("diff", out, tmp_path / "in", "-f", "markdown", "-q").exit_code == 0  # read back as a table
    claims = tmp_path / "claims.csv"
    assert run_cli("claims", out, "-o", claims, "--bom").exit_code == 0
    assert claims.read_bytes().startswith(b"\xef\xbb\xbf")
    refused = run_cli("extract", path, "-f", "jsonl", "--bom")
    assert (refused.exit_code, refused.stderr) == (2, "Error: --bom is for CSV output (for Excel), not --format jsonl\n")


# --------------------------------------------------------------------------- item 12: the formula guard


def test_the_formula_guard_in_a_real_spreadsheet(run_cli, tmp_path):
    """LibreOffice opens belsignal's CSV: with the guard no cell is run as a formula. It evaluates
    formulas in CSV (the '=' row, unguarded), yet leaves every cell starting with '-', '+' or '@'
    as text, "-1+2" included, which Excel runs: so it cannot show which dash cells Excel would
    leave alone, and the guard keeps OWASP's whole list."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        missing("the formula guard is checked in LibreOffice: apt-get install -y libreoffice-calc-nogui")
    sentences = ["=1+2 said Belarus sent 500 soldiers.", "- Russia moved 3,000 troops.", "-1+2 and 400 soldiers moved.",
                 "+7 and 600 soldiers moved.", "@SUM(1,2) Belarus sent 700 soldiers."]
    path = article(tmp_path, "a.txt", "\n\n".join(sentences))
    for name, extra in (("guarded", []), ("raw", ["--raw-csv"])):
        assert run_cli("extract", path, "-o", tmp_path / f"{name}.csv", "-q", *extra).exit_code == 0
    out = tmp_path / "calc"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--infilter=CSV:44,34,76,1,,1033,false,false,false,false,false,-1,true",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
                    str(tmp_path / "guarded.csv"), str(tmp_path / "raw.csv")],
                   capture_output=True, timeout=240, check=True)

    def sentences_as_shown(name: str) -> tuple[list[str], list[str]]:
        def column(path: Path) -> list[str]:
            with path.open(encoding="utf-8", newline="") as f:  # each sentence once, however many rows it gives
                return list(dict.fromkeys(row["sentence"] for row in csv.DictReader(f)))
        return column(tmp_path / f"{name}.csv"), column(out / f"{name}.csv")

    written, shown = sentences_as_shown("guarded")
    assert written == ["'" + s for s in sentences]  # every one neutralized (OWASP), dashes included
    assert shown == written  # ... and LibreOffice shows each one as the text it is
    written, shown = sentences_as_shown("raw")
    assert written == sentences
    assert shown[0] != sentences[0]  # unguarded, the '=' cell is run as a formula (an error here)
    assert shown[1:] == sentences[1:]  # LibreOffice runs no '-', '+' or '@' cell, not even "-1+2"


# --------------------------------------------------------------------------- item 13: front matter


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_front_matter_never_reaches_a_sentence(tmp_path, newline):
    text = newline.join(["---", "title: Troops at the border", "published: 2022-02-10", "---",
                         "Belarus sent 500 soldiers to the border.", ""])
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-8"))
    (row,) = belsignal.extract(read_documents([path]))
    assert row.sentence == "Belarus sent 500 soldiers to the border."
    assert text[row.start:row.end] == row.text == "500" and row.title == "Troops at the border"


# --------------------------------------------------------------------------- item 14: the date column


def readme_block(language: str, containing: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", readme, re.S)
    return next(block for block in blocks if containing in block)


@pytest.fixture
def mixed_dates(tmp_path, monkeypatch) -> Path:
    from belsignal.tables import write_table

    rows = [Signal(doc="a.txt", kind="troops", date=date, start=n, end=n + 1) for n, date in
            enumerate(["2022", "2022-05", "2022-05-03", ""])]
    with open(tmp_path / "signals.csv", "w", encoding="utf-8", newline="") as out:
        write_table(rows, "csv", out)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_line_loads_the_date_column_in_pandas(mixed_dates):
    pd = need("pandas", "the README's pandas line is run with pandas: pip install -e '.[dev]'")
    scope: dict = {}
    exec(readme_block("python", 'format="ISO8601"'), scope)
    assert list(scope["df"]["day"]) == [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-05-01"),
                                        pd.Timestamp("2022-05-03"), pd.NaT]


def test_the_readme_query_loads_the_date_column_in_duckdb(mixed_dates):
    import datetime as dt

    duckdb = need("duckdb", "the README's DuckDB query is run with duckdb: pip install -e '.[dev]'")
    rows = duckdb.sql(readme_block("sql", "try_strptime")).fetchall()
    assert [row[-1] for row in rows] == [dt.date(2022, 1, 1), dt.date(2022, 5, 1), dt.date(2022, 5, 3), None]
