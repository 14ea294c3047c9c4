"""The `belsignal` command: a thin layer over the library. Data goes to stdout, messages to stderr.

Exit codes: 0 success; 1 --strict and some input was skipped (diff: differences found);
2 usage error, missing input, broken rules or an output that cannot be written;
130 Ctrl-C, 143 SIGTERM (no output file is left half-written); 141 stdout closed early.
"""
from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    BelsignalError,
    InputError,
    RuleSetError,
    Stopped,
)

EXIT_CODES = """Exit codes: 0 success; 1 --strict and some input was skipped; 2 usage error,
missing input, broken rules or an output that cannot be written; 130 Ctrl-C; 141 stdout
closed early (| head); 143 SIGTERM."""
DEFAULT_TIMEOUT = 60.0  # seconds one document may take when articles are extracted

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=f"""Extract Belarus war-entry signals (troop counts, equipment, polls, exercises,
denials) from news articles into one normalized table.

Examples:

  belsignal extract seeds/

  belsignal extract seeds/ --format csv -o seeds.csv

  belsignal eval gold.jsonl --docs seeds/

  belsignal diff last_week.csv this_week/

  belsignal extract this_week/ -o signals.db

  belsignal claims signals.db

  belsignal report signals.db -o report.html

  belsignal rules check

{EXIT_CODES}""",
)
rules_app = typer.Typer(no_args_is_help=True, help="Check and list the YAML rules.")
app.add_typer(rules_app, name="rules")

RULES_OPTION = typer.Option(None, "--rules", "-r", help="Extra rule folder (repeatable); also $BELSIGNAL_RULES.")
NO_BUILTIN_OPTION = typer.Option(False, "--no-builtin", help="Use only the rule folders given (--rules, $BELSIGNAL_RULES).")


def _say(message: str) -> None:
    from .render import printable  # a file name or article must not drive the terminal

    sys.stderr.write(printable(message.rstrip("\n")) + "\n")


def _handled(command):
    """A command whose errors end as one line on stderr and a documented exit code."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BelsignalError as exc:
            raise _fail(exc) from None
        except (KeyboardInterrupt, Stopped) as stop:
            _say(f"{'terminated' if isinstance(stop, Stopped) else 'interrupted'}: no output file was written")
            raise typer.Exit(getattr(stop, "exit_code", 130)) from None
        except BrokenPipeError:  # `| head`: the reader has all it wants; exit quietly
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None

    return run


def _fail(exc: BelsignalError) -> typer.Exit:
    if isinstance(exc, RuleSetError):
        for err in exc.errors:
            _say(f"Error: {err}")
    else:
        _say(f"Error: {exc}")
    return typer.Exit(exc.exit_code)


def _ruleset(rules: list[Path] | None, builtin: bool = True):
    from .rules import load_rules

    ruleset = load_rules(list(rules or []), builtin=builtin)
    for rid in ruleset.replaced:
        _say(f"note: rule '{rid}' from {ruleset.by_id(rid).where} replaces the built-in rule")
    return ruleset


def _default_format(output: Optional[Path]) -> str:
    if output is not None and str(output) != "-":
        from .tables import format_of

        return format_of(output) or "csv"
    return "table" if sys.stdout.isatty() else "csv"


@app.command()
@_handled
def extract(
    inputs: Optional[list[str]] = typer.Argument(
        None, help="Folders (read recursively), .txt/.md/.jsonl/.html/.warc.gz files, http(s) links, or - for stdin."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="table, csv, jsonl, json or sqlite (default: table on a terminal, else csv; "
                                           "with -o, from the file's suffix: .db/.sqlite is a store)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write to FILE (atomically) instead of stdout, never one of the inputs; "
                                               "a store (.db) accumulates, one transaction per batch of documents."),
    rules: Optional[list[Path]] = RULES_OPTION,
    no_builtin: bool = NO_BUILTIN_OPTION,
    model: Optional[str] = typer.Option(None, "--model", help="An installed trained spaCy pipeline to use instead of blank English."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every input."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any input was skipped (after extracting the rest)."),
    raw_csv: bool = typer.Option(False, "--raw-csv", help="Do not neutralize cells a spreadsheet would read as formulas."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary line on stderr."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Worker processes (0 = one per core; at most the cores); same output order."),
    doc_timeout: float = typer.Option(DEFAULT_TIMEOUT, "--doc-timeout", min=0,
                                      help="Seconds one document may take to extract; a slower one is skipped and "
                                           "reported (0 = no limit)."),
    commit_every: int = typer.Option(100, "--commit-every", min=1,
                                     help="Store (.db) only: documents per transaction."),
    urls: Optional[list[Path]] = typer.Option(None, "--urls", help="A file of links to download and read, one a line (repeatable)."),
    save_pages: Optional[Path] = typer.Option(None, "--save-pages", help="Keep the downloaded pages in DIR: `belsignal extract DIR` re-runs offline."),
    delay: float = typer.Option(1.0, "--delay", min=0, help="Seconds between two requests to the same host."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds allowed for one download."),
    dedup: bool = typer.Option(False, "--dedup", help="Drop documents that nearly repeat one read before (MinHash, Jaccard >= 0.8)."),
    show_text: bool = typer.Option(False, "--show-text", help="Print each document's text as read (what start/end count in) instead of signals."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also name each duplicate --dedup drops."),
) -> None:
    """Extract signals from articles into one table, or into a store that grows run after run.

    Examples:

      belsignal extract seeds/

      belsignal extract seeds/ --format csv -o seeds.csv

      belsignal extract news.jsonl -f jsonl --published 2024-06-19 > signals.jsonl

      cat article.txt | belsignal extract -

      belsignal extract corpus/ --jobs 0 -f jsonl -o signals.jsonl

      belsignal extract this_week/ -o signals.db

      belsignal extract saved_pages/ --dedup

      belsignal extract CC-NEWS-20240601.warc.gz -f jsonl -o signals.jsonl

      belsignal extract --urls links.txt --save-pages pages/

      belsignal extract page.html --show-text
    """
    from .export import FORMATS, atomic_output, check_output
    from .tables import FORMATS as TABLE_FORMATS

    fmt = fmt or _default_format(output)
    file_format = fmt in TABLE_FORMATS and not TABLE_FORMATS[fmt].stream  # sqlite: writes its file itself
    if fmt not in FORMATS and not file_format:
        _say(f"Error: unknown format '{fmt}' (choose from {', '.join([*FORMATS, 'sqlite'])})")
        raise typer.Exit(EXIT_USAGE)
    if file_format and (output is None or str(output) == "-"):
        _say(f"Error: --format {fmt} writes a file: give it with -o FILE")
        raise typer.Exit(EXIT_USAGE)
    _note_jobs(jobs)
    skipped: list[str] = []

    def problem(p) -> None:
        _say(str(p))
        if p.skipped:
            skipped.append(p.where)

    began = time.monotonic()
    duplicates: list[str] = []

    def duplicate(doc, original: str) -> None:
        duplicates.append(doc.id)
        if verbose:
            _say(f"{doc.id}: duplicate of {original}")

    from .readers import news_documents

    check_output(output, [*(inputs or []), *map(str, urls or [])])
    ruleset = None if show_text else _ruleset(rules, not no_builtin)
    docs = news_documents(inputs or [], urls or [], published=published, on_problem=problem,
                          delay=delay, timeout=timeout, save_pages=save_pages,
                          on_duplicate=duplicate if dedup else None, exclude=[output] if output else ())
    if show_text:
        from .readers.show import write_texts

        with atomic_output(output) as out:
            write_texts(docs, fmt, out)
        return
    options = dict(model=model, on_problem=problem, jobs=jobs, timeout=doc_timeout or None)
    if file_format:
        try:
            tally, counts = _extract_into(output, fmt, docs, ruleset, [*(inputs or []), *map(str, urls or [])],
                                          quiet=quiet, commit_every=commit_every, **options)
        except (KeyboardInterrupt, Stopped) as stop:
            _say(f"{'terminated' if isinstance(stop, Stopped) else 'interrupted'}: "
                 "the store keeps the batches committed so far")
            raise typer.Exit(getattr(stop, "exit_code", 130)) from None
    else:
        with atomic_output(output, newline="" if fmt == "csv" else None) as out:
            tally, counts = _write_extraction(docs, ruleset, out, fmt, quiet=quiet, raw_csv=raw_csv,
                                              to_stdout=output in (None, Path("-")), **options)
    if not quiet:
        per_kind = ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) or "none"
        _say(f"{tally.documents} documents, {sum(counts.values())} signals ({per_kind}) "
             f"in {time.monotonic() - began:.1f} s")
        if duplicates:
            _say(f"--dedup dropped {len(duplicates)} near-duplicate documents" + ("" if verbose else " (-v names them)"))
    if tally.documents == 0 and skipped:
        _say("Error: nothing could be read")
        raise typer.Exit(EXIT_USAGE)
    if strict and skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _note_jobs(jobs: int) -> None:
    from .parallel import available_cores

    cores = available_cores()
    if jobs > cores:
        _say(f"note: --jobs {jobs} is more than the {cores} cores available; using {cores}")


def _write_extraction(docs, ruleset, out, fmt: str, *, quiet: bool, to_stdout: bool, raw_csv: bool, **options):
    """Extract and write to a stream, with a progress display on stderr when it is a terminal.
    The display never touches stdout, and is left out when rows stream to the same terminal;
    a table is drawn only once the display is gone."""
    from .export import write_signals
    from .extract import extract as run
    from .progress import Tally, progress

    tally = Tally(None)
    show = not quiet and sys.stderr.isatty() and not (to_stdout and fmt != "table" and sys.stdout.isatty())
    with progress(show) as bar:
        tally.bar = bar
        extraction = run(tally.documents_of(docs), ruleset, **options)
        with contextlib.closing(extraction):  # workers end here, whatever happens
            rows = tally.signals_of(extraction)
            if fmt == "table":
                rows = list(rows)
            else:
                return tally, write_signals(rows, fmt, out, raw_csv=raw_csv)
    return tally, write_signals(rows, fmt, out)


def _extract_into(output: Path, fmt: str, docs, ruleset, inputs: list[str], *, quiet: bool, commit_every: int,
                  **options):
    """Extract into a file format that manages its own file (a store: upserts, one transaction per batch)."""
    from .extract import extract as run
    from .progress import Tally, progress
    from .store import DocumentLog
    from .tables import write_table

    log = DocumentLog()
    tally = Tally(None)
    with progress(not quiet and sys.stderr.isatty()) as bar:
        tally.bar = bar
        extraction = run(tally.documents_of(log.record(docs)), ruleset, **options)
        with contextlib.closing(extraction):
            return tally, write_table(tally.signals_of(extraction), fmt, output, documents=log, inputs=inputs,
                                      ruleset=ruleset, commit_every=commit_every)


@app.command("eval")
@_handled
def evaluate(
    gold: Path = typer.Argument(..., help="Gold annotations (JSONL, see SIGNALS.md)."),
    docs: Path = typer.Option(..., "--docs", help="Folder the gold 'doc' paths are relative to."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score this exported JSONL instead of extracting from --docs."),
    rules: Optional[list[Path]] = RULES_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    show_misses: bool = typer.Option(False, "--show-misses", help="List missed, extra and wrong-field signals."),
) -> None:
    """Score extraction against gold annotations (same numbers as shared/tools/score.py).

    Examples:

      belsignal eval ../shared/gold/seeds.jsonl --docs seeds

      belsignal eval gold.jsonl --docs seeds --pred out.jsonl --show-misses
    """
    import json

    from . import evaluate as ev

    try:
        gold_rows = ev.gold_spans(ev.read_jsonl(gold), docs)
        if pred is not None:
            predicted = ev.read_jsonl(pred)
        else:
            from .documents import read_documents
            from .extract import extract as run

            predicted = [s.to_dict() for s in run(read_documents([str(docs)], on_problem=lambda p: _say(str(p))),
                                                  _ruleset(rules))]
        result = ev.score(gold_rows, predicted)
    except OSError as exc:
        raise BelsignalError(f"{exc.filename}: {exc.strerror}") from None
    if as_json:
        print(json.dumps({"kinds": result["kinds"], "fields": result["fields"]}))
    else:
        print(ev.report(result, show_misses))


@app.command()
@_handled
def diff(
    old: str = typer.Argument(..., help="Last batch: a folder or file of articles, a table belsignal exported "
                                        "(CSV/JSONL/JSON), or a store (.db)."),
    new: str = typer.Argument(..., help="This batch: the same choices."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="table, csv, jsonl, json or markdown (default: table on a terminal, "
                                           "else markdown; with -o, from the file's suffix)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write to FILE (atomically) instead of stdout; never OLD or NEW."),
    rules: Optional[list[Path]] = RULES_OPTION,
    no_builtin: bool = NO_BUILTIN_OPTION,
    raw_csv: bool = typer.Option(False, "--raw-csv", help="Do not neutralize cells a spreadsheet would read as formulas."),
    run: Optional[int] = typer.Option(None, "--run", min=1,
                                      help="Read the store as it was after run N (with two stores: OLD)."),
) -> None:
    """Show what changed between two batches: new, gone and changed indicators.

    Exit status like diff(1): 0 no differences, 1 differences, 2 trouble.

    Examples:

      belsignal diff last_week.csv this_week/

      belsignal diff old/ new/ --format markdown -o weekly.md

      belsignal diff signals.db this_week/

      belsignal diff signals.db signals.db --run 3     # what moved since run 3
    """
    from . import diff as diffing
    from .export import atomic_output, check_output
    from .sources import load_rows, source_kind

    fmt = _human_format(fmt, output, diffing.FORMATS)
    check_output(output, [old, new])
    kinds = [source_kind(side) for side in (old, new)]
    ruleset = _ruleset(rules, not no_builtin) if "articles" in kinds else None
    if run is not None and "sqlite" not in kinds:
        raise InputError("--run needs a store (.db) as OLD or NEW")
    at_run = [run if kind == "sqlite" else None for kind in kinds]
    if at_run == [run, run]:
        at_run[1] = None  # two stores: OLD as after run N, NEW as it is now
    problem = lambda p: _say(str(p))  # noqa: E731
    report = diffing.diff_batches(
        load_rows(old, ruleset, run=at_run[0], on_problem=problem, timeout=DEFAULT_TIMEOUT),
        load_rows(new, ruleset, run=at_run[1], on_problem=problem, timeout=DEFAULT_TIMEOUT))
    if report.rules_differ:
        _say(f"note: OLD and NEW were extracted with different rules ({report.rules_differ})")
    with atomic_output(output, newline="" if fmt == "csv" else None) as out:
        diffing.render(report, fmt, out, raw_csv=raw_csv)
    raise typer.Exit(EXIT_SKIPPED if report.has_differences else EXIT_OK)


def _human_format(fmt: Optional[str], output: Optional[Path], formats: tuple[str, ...]) -> str:
    """--format, else from -o's suffix, else a table on a terminal and markdown in a pipe."""
    suffixes = {".md": "markdown", ".csv": "csv", ".jsonl": "jsonl", ".json": "json"}
    if fmt is None:
        if output is not None and str(output) != "-":
            fmt = suffixes.get(output.suffix.lower(), "markdown")
        else:
            fmt = "table" if sys.stdout.isatty() else "markdown"
    if fmt not in formats:
        _say(f"Error: unknown format '{fmt}' (choose from {', '.join(formats)})")
        raise typer.Exit(EXIT_USAGE)
    return fmt


def _source_rows(source: str, rules, run: Optional[int]) -> list[dict]:
    from .sources import load_rows, source_kind

    ruleset = _ruleset(rules) if source_kind(source) == "articles" else None
    return load_rows(source, ruleset, run=run, on_problem=lambda p: _say(str(p)), timeout=DEFAULT_TIMEOUT)


@app.command()
@_handled
def claims(
    source: str = typer.Argument(..., help="A store (.db), a table belsignal exported (CSV/JSONL/JSON), or articles."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="table, csv, jsonl, json or markdown (default: table on a terminal, "
                                           "else markdown; with -o, from the file's suffix)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    kind: Optional[list[str]] = typer.Option(None, "--kind", "-k", help="Only claims of this kind (repeatable)."),
    rules: Optional[list[Path]] = RULES_OPTION,
    run: Optional[int] = typer.Option(None, "--run", min=1, help="Read the store as it was after run N."),
    raw_csv: bool = typer.Option(False, "--raw-csv", help="Do not neutralize cells a spreadsheet would read as formulas."),
) -> None:
    """List claims: the mentions of one figure, reprints and repeats merged, with their counts.

    A claim groups mentions of the same kind, actor, unit and subject whose numbers agree
    within 0.5% and whose sentences are near-identical or were published within 14 days.

    Examples:

      belsignal claims signals.db

      belsignal claims signals.db -f csv -o claims.csv

      belsignal claims seeds/ --kind troops
    """
    from . import claims as claiming
    from .export import atomic_output, check_output
    from .render import FORMATS

    fmt = _human_format(fmt, output, FORMATS)
    check_output(output, [source])
    rows = _source_rows(source, rules, run)
    if kind:
        rows = [r for r in rows if r["kind"] in kind]
    with atomic_output(output, newline="" if fmt == "csv" else None) as out:
        claiming.render(rows, fmt, out, raw_csv=raw_csv)


@app.command()
@_handled
def report(
    source: str = typer.Argument(..., help="A store (.db), a table belsignal exported (CSV/JSONL/JSON), or articles."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="report.html; with --format png|svg a folder, or a name whose stem "
                                     "prefixes each chart (report.png -> report-forces.png, ...)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="html, png or svg (default: from -o's suffix, else html)."),
    since: Optional[str] = typer.Option(None, "--since", help="What moved: compare with the signals published before DATE."),
    run: Optional[int] = typer.Option(None, "--run", min=1, help="A store as it was after run N (what moved: against run N-1)."),
    rules: Optional[list[Path]] = RULES_OPTION,
) -> None:
    """Write the forecaster's report: force levels, polls, exercises and denials over time, what
    moved, and the latest claims. One self-contained HTML file that works offline.

    Examples:

      belsignal report signals.db -o report.html

      belsignal report signals.db -o charts/ --format png

      belsignal report this_week.csv -o report.html --since 2024-06-01
    """
    from . import report as reporting
    from .documents import normalize_date
    from .export import atomic_output, check_output
    from .sources import source_kind

    fmt = fmt or {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}.get(output.suffix.lower())
    if fmt is None:
        _say(f"Error: {output}: name a .html, .png or .svg file, or give --format html|png|svg")
        raise typer.Exit(EXIT_USAGE)
    if fmt not in ("html", *reporting.IMAGE_FORMATS):
        _say(f"Error: unknown format '{fmt}' (choose from html, {', '.join(reporting.IMAGE_FORMATS)})")
        raise typer.Exit(EXIT_USAGE)
    if fmt == "html":
        check_output(output, [source])
    if since is not None and not normalize_date(since):
        raise InputError(f"--since: not a date: {since!r} (use YYYY-MM-DD)")
    rows = _source_rows(source, rules, run)
    previous, label = None, ""
    if since is not None:
        previous, label = reporting.before(rows, normalize_date(since)), f"since {normalize_date(since)}"
    elif source_kind(source) == "sqlite":
        from .store import read_rows, runs

        latest = run or max((r["id"] for r in runs(source)), default=0)
        if latest >= 2:
            previous, label = read_rows(source, run=latest - 1), f"run {latest} against run {latest - 1}"
    data = reporting.build(rows, source=source, previous=previous, moved_label=label)
    if fmt == "html":
        with atomic_output(output) as out:
            reporting.write_html(data, out)
        _say(f"wrote {output}: {len(data.claims)} claims")
    else:
        for path in reporting.write_images(data, output, fmt):
            _say(f"wrote {path}")


@rules_app.command("check")
@_handled
def rules_check(
    dirs: Optional[list[Path]] = typer.Argument(None, help="Rule folders to check (default: the built-in rules)."),
    no_builtin: bool = typer.Option(False, "--no-builtin", help="Check the folders alone, without the built-in rules."),
) -> None:
    """Validate rule files and run every rule's examples (a rule without any fails).

    Examples:

      belsignal rules check

      belsignal rules check my_rules/

      belsignal rules check --no-builtin my_rules/
    """
    from .checks import run_examples
    from .rules import loaded_as, rule_dirs

    ruleset = _ruleset(dirs, not no_builtin)
    loaded = rule_dirs(dirs, not no_builtin)
    only = [loaded_as(d, loaded) or d for d in dirs] if dirs else None  # `rules/` is the built-in folder
    results = run_examples(ruleset, only_dirs=only)
    failed = [r for r in results if not r.ok]
    _print_check_table(results)
    for r in failed:
        _say(f"FAIL {r.rule} {r.label}: {r.text!r}")
        for problem in r.problems:
            _say(f"     {problem}")
    _say(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(EXIT_SKIPPED if failed else EXIT_OK)


def _print_check_table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    per_rule: dict[str, list] = {}
    for r in results:
        per_rule.setdefault(r.rule, []).append(r)
    table = Table("rule", "examples", "passed", "result")
    for rule, rs in per_rule.items():
        ok = sum(r.ok for r in rs)
        table.add_row(rule, str(len(rs)), str(ok), "pass" if ok == len(rs) else "FAIL")
    Console(markup=False, highlight=False).print(table)


@rules_app.command("list")
@_handled
def rules_list(rules: Optional[list[Path]] = RULES_OPTION, no_builtin: bool = NO_BUILTIN_OPTION) -> None:
    """List the rules: id, kind, file, pattern count and example count.

    Example:

      belsignal rules list --rules my_rules/
    """
    ruleset = _ruleset(rules, not no_builtin)
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "kind", "file", "patterns", "examples", "status")
    for r in ruleset.rules:
        table.add_row(r.id, r.kind, r.where, str(len(r.patterns) + len(r.phrases)),
                      str(len(r.matches) + len(r.no_matches)), r.status)
    Console(markup=False, highlight=False).print(table)


def _terminate(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough: let the cleanup finish
    raise Stopped(signum, "SIGTERM")


def main() -> None:
    # SIGTERM stops a run the way Ctrl-C does: the temp output file is removed, workers ended.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except BelsignalError as exc:  # raised outside a command's own handling
        _say(f"Error: {exc}")
        sys.exit(exc.exit_code)
    except Stopped as stop:
        sys.exit(stop.exit_code)
