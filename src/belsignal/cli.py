"""The `belsignal` command: a thin layer over the library. Data goes to stdout, messages to stderr.

Exit codes: 0 success; 1 --strict and some input was skipped (diff: differences found);
2 usage error, missing input, broken rules or an output that cannot be written;
130 Ctrl-C, 143 SIGTERM (no output file is left half-written); 141 stdout closed early.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import os
import platform
import signal
import sys
import time
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core

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
from .progress import plural
from .render import FORMATS as VIEW_FORMATS
from .tables import FORMATS as TABLE_FORMATS

EXIT_CODES = """Exit codes: 0 success; 1 --strict and some input was skipped or no document was found;
2 usage error, missing input, broken rules or an output that cannot be written; 70 internal
error (a bug: -v shows the traceback); 130 Ctrl-C; 141 stdout closed early (| head); 143 SIGTERM."""
DEFAULT_TIMEOUT = 60.0  # seconds one document may take when articles are extracted
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug, not the user's input
# The terminal table holds every row to size its columns (about 10 KB a row with rich's cells):
# past this many it says so, while the rows are still coming, so a user can stop and stream a file.
TABLE_WARN_ROWS = 100_000


class _Command(typer.core.TyperCommand):
    """Help that reads the same on every typer version pyproject allows: arguments by name,
    options by their metavar (FILE, N, [csv|json]), never a Python type. (typer 0.29 prints
    `<list[str]>` after an argument and `{OLD}` in the usage line; older ones do not.)"""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [_usage(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]

    def format_options(self, ctx, formatter) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [(_usage(p), getattr(p, "help", None) or "") for p in params if p.param_type_name == "argument"]
        options = [record for p in params if p.param_type_name == "option" and (record := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _usage(argument) -> str:
    name = argument.metavar or argument.name.upper()
    if argument.nargs != 1:
        return f"{name}..." if argument.required else f"[{name}]..."
    return name if argument.required else f"[{name}]"


def _choices(name: str, values) -> type[Enum]:
    """An Enum of choices for typer, its members printed as their value."""
    return Enum(name, [(v, v) for v in values], type=str, module=__name__)


def _metavar(choices: type[Enum]) -> str:
    return "[" + "|".join(c.value for c in choices) + "]"


# What each command writes: extract writes the signal table (a terminal table, a stream format,
# or a file format such as the store); diff and claims write a view (render.py).
ExtractFormat = _choices("ExtractFormat", ["table", *TABLE_FORMATS])
ViewFormat = _choices("ViewFormat", VIEW_FORMATS)
ReportFormat = _choices("ReportFormat", ["html", "png", "svg"])
EngineName = _choices("EngineName", ["local", "dask"])  # belsignal.engines.ENGINES, without importing it for --help

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,  # an internal error is one line, or a plain traceback with -v
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

Shell completion: belsignal --install-completion (bash, zsh, fish or PowerShell).

{EXIT_CODES}""",
)
rules_app = typer.Typer(no_args_is_help=True, help="Check and list the YAML rules.")
app.add_typer(rules_app, name="rules")
command = functools.partial(app.command, cls=_Command)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from . import __version__

        try:
            spacy = version("spacy")
        except PackageNotFoundError:
            spacy = "not installed"
        print(f"belsignal {__version__} (spaCy {spacy}, Python {platform.python_version()})")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                               help="Print the version of belsignal and of spaCy, and exit.")] = False,
) -> None:
    """The options every command shares are given after the command: belsignal extract -v ..."""


# Options several commands share.
Rules = Annotated[Optional[list[Path]], typer.Option("--rules", "-r", metavar="DIR",
                                                     help="Extra rule folder (repeatable); also $BELSIGNAL_RULES.")]
NoBuiltin = Annotated[bool, typer.Option("--no-builtin", help="Use only the rule folders given (--rules, $BELSIGNAL_RULES).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                help="Write to FILE (atomically) instead of stdout; never one of the inputs.")]
RawCsv = Annotated[bool, typer.Option(
    "--raw-csv", help="Write CSV cells as they are. By default a cell that starts with =, +, -, @, a tab or a carriage "
                      "return, which a spreadsheet may run as a formula (OWASP: CSV injection), gets a leading ' "
                      "(plain numbers such as -5 excepted); diff and claims read such cells back as they were.")]
Bom = Annotated[bool, typer.Option("--bom", help="Start CSV output with a UTF-8 byte-order mark, so that Excel on "
                                                 "Windows reads accents and curly quotes right (csvkit's --add-bom).")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Say what is ignored (hidden, empty files) or dropped, "
                                                               "the traceback of a document that failed, and of an "
                                                               "internal error.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display, summary or notes on stderr "
                                                           "(errors and skipped inputs are still said).")]
Kinds = Annotated[Optional[list[str]], typer.Option("--kind", "-k", metavar="KIND",
                                                    help="Only signals of this kind (repeatable): troops, equipment, "
                                                         "poll, exercise, denial, or a kind your rules add.")]
Actors = Annotated[Optional[list[str]], typer.Option("--actor", "-a", metavar="ACTOR",
                                                     help="Only signals of this actor (repeatable): belarus, russia, ...")]
Since = Annotated[Optional[str], typer.Option("--since", metavar="DATE",
                                              help="Only signals on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD): the "
                                                   "event date, else the publication date; an undated row is left out.")]
Until = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only signals on or before DATE (as --since).")]
ViewFormatOption = Annotated[Optional[ViewFormat], typer.Option(
    "--format", "-f", metavar=_metavar(ViewFormat), show_default=False,
    help="Default: table on a terminal, else markdown; with -o, from the file's suffix.")]
Source = Annotated[str, typer.Argument(
    metavar="SOURCE", show_default=False,
    help="A store (.db), a table belsignal exported (CSV/JSONL/JSON/Parquet), or articles.")]


def _say(message: str) -> None:
    from .render import printable  # a file name or article must not drive the terminal

    sys.stderr.write(printable(message.rstrip("\n")) + "\n")


def _said(problem, verbose: bool) -> bool:
    """Say a reading or extraction problem on stderr (an ignored input only with -v); whether
    it was said."""
    from .documents import Ignored

    if isinstance(problem, Ignored) and not verbose:
        return False
    _say(str(problem))
    if verbose and problem.detail:
        sys.stderr.write(problem.detail.rstrip("\n") + "\n")
    return True


# Exceptions by which typer and click end a command on purpose (exit, abort, usage errors).
_CLI_EXITS = (typer.Exit, typer.Abort, *[c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"])


def _handled(command):
    """A command whose errors end as one line on stderr and a documented exit code; an
    internal error (a bug) as one line too, or its traceback with -v."""

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
        except _CLI_EXITS:
            raise
        except Exception as exc:
            if kwargs.get("verbose"):
                traceback.print_exc()
            _say(f"Error: internal error: {type(exc).__name__}: {exc}"
                 + ("" if kwargs.get("verbose") else " (-v shows the traceback; please report it)"))
            raise typer.Exit(EXIT_INTERNAL) from None

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


def _row_filter(kinds, actors, since, until, ruleset=None):
    """The --kind/--actor/--since/--until filter; a kind no rule has is a usage error (a typo)."""
    from .filters import RowFilter

    keep = RowFilter.of(kinds, actors, since, until)
    if ruleset is not None:
        known = {rule.kind for rule in ruleset.rules}
        for kind in sorted(keep.kinds - known):
            raise InputError(f"--kind {kind}: no rule has this kind (kinds: {', '.join(sorted(known))})")
    return keep


def _check_kinds(keep, rows: list[dict], rules, builtin: bool = True) -> None:
    """A --kind that neither the rules nor the rows read (a table may come from other rules)
    have is a usage error, as for extract: a typo must not look like "nothing found"."""
    unknown = keep.kinds - {row["kind"] for row in rows}
    if unknown:
        from .rules import load_rules

        known = {rule.kind for rule in load_rules(list(rules or []), builtin=builtin).rules}
        known |= {row["kind"] for row in rows}
        for kind in sorted(unknown - known):
            raise InputError(f"--kind {kind}: no rule or row has this kind (kinds: {', '.join(sorted(known))})")


def _check_model(model: Optional[str]) -> None:
    """An uninstalled --model fails here, before any output is written."""
    import importlib.util

    if model is None or model.startswith("blank:") or os.path.exists(model):
        return
    try:
        found = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise InputError(f"--model {model}: no spaCy pipeline of that name is installed (pip install it, "
                         "give its folder, or leave --model out for blank English)")


def _csv_start(out, fmt: str, bom: bool) -> None:
    if bom and fmt == "csv":
        out.write("\ufeff")


def _check_bom(bom: bool, fmt: str) -> None:
    if bom and fmt != "csv":
        raise InputError(f"--bom is for CSV output (for Excel), not --format {fmt}")


def _check_format_matches_output(asked: str | None, output, show_text: bool) -> None:
    """-f csv -o signals.db would write CSV into a file every reader takes for a store: refuse
    a format that the output's suffix contradicts (exit 2), before any work."""
    from .tables import format_of

    named = format_of(output) if asked and output not in (None, "-") and not show_text else None
    if named and named != asked:
        raise InputError(f"-f {asked} contradicts -o {output} (a {named} file): drop -f, or name the file "
                         f"for {asked}")


def _default_format(output: Optional[str]) -> str:
    if output is not None and str(output) != "-":
        from .parts import is_folder
        from .tables import format_of

        return "parquet" if is_folder(str(output)) else format_of(output) or "csv"
    return "table" if sys.stdout.isatty() else "csv"


@command()
@_handled
def extract(
    inputs: Annotated[Optional[list[str]], typer.Argument(
        metavar="INPUTS", show_default=False,
        help="Folders (read recursively), .txt/.md/.jsonl/.html/.warc.gz files, quoted globs ('news/*.txt', "
             "'news/**/*.md'), http(s) links, or - for stdin.")] = None,
    fmt: Annotated[Optional[ExtractFormat], typer.Option(
        "--format", "-f", metavar=_metavar(ExtractFormat), show_default=False,
        help="Default: table on a terminal, else csv; with -o, from the file's suffix (.db/.sqlite: a store).")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE (atomically) instead of stdout, never one of the inputs; a store (.db) "
             "accumulates, one transaction per batch of documents. With --engine dask, OUT_DIR/ gets one "
             "part file per partition, a manifest.json and a _SUCCESS marker.")] = None,
    kinds: Kinds = None,
    actors: Actors = None,
    since: Since = None,
    until: Until = None,
    rules: Rules = None,
    no_builtin: NoBuiltin = False,
    model: Annotated[Optional[str], typer.Option(
        "--model", metavar="NAME", help="An installed trained spaCy pipeline to use instead of blank English.")] = None,
    published: Annotated[Optional[str], typer.Option(
        "--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for every input.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 if any input was skipped (after extracting the rest), or if no document was found.")] = False,
    raw_csv: RawCsv = False,
    bom: Bom = False,
    quiet: Quiet = False,
    verbose: Verbose = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, metavar="N",
        help="Worker processes (0, the default: one per core; at most the cores); same output, byte for byte, "
             "as --jobs 1.")] = 0,
    doc_timeout: Annotated[float, typer.Option(
        "--doc-timeout", min=0, metavar="SECONDS",
        help="Seconds one document may take to extract; a slower one is skipped and reported (0 = no limit).")
    ] = DEFAULT_TIMEOUT,
    commit_every: Annotated[int, typer.Option(
        "--commit-every", min=1, metavar="N", help="Store (.db) only: documents per transaction.")] = 100,
    urls: Annotated[Optional[list[Path]], typer.Option(
        "--urls", metavar="FILE", help="A file of links to download and read, one a line (repeatable).")] = None,
    save_pages: Annotated[Optional[Path], typer.Option(
        "--save-pages", metavar="DIR", help="Keep the downloaded pages in DIR: `belsignal extract DIR` re-runs offline.")
    ] = None,
    delay: Annotated[float, typer.Option(
        "--delay", min=0, metavar="SECONDS", help="Seconds between two requests to the same host.")] = 1.0,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, metavar="SECONDS", help="Seconds allowed for one download.")] = 20.0,
    dedup: Annotated[bool, typer.Option(
        "--dedup", help="Drop documents that nearly repeat one read before (MinHash, Jaccard >= 0.8); -v names them.")
    ] = False,
    show_text: Annotated[bool, typer.Option(
        "--show-text", help="Print each document's text as read (what start/end count in) instead of signals.")] = False,
    engine: Annotated[EngineName, typer.Option(
        "--engine", "-e", metavar=_metavar(EngineName),
        help="local (this machine: --jobs processes) or dask (a Dask cluster: a LocalCluster of --jobs workers, "
             "or --scheduler; needs belsignal[dask]).")] = EngineName.local,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", metavar="ADDRESS", help="--engine dask: a running Dask scheduler (tcp://host:8786).")] = None,
    partitions: Annotated[Optional[int], typer.Option(
        "--partitions", min=1, metavar="N",
        help="--engine dask: about how many partitions to cut the inputs into (default: 16 per worker).")] = None,
    dashboard: Annotated[bool, typer.Option(
        "--dashboard", help="--engine dask: serve the LocalCluster's dashboard (its address goes to stderr).")] = False,
) -> None:
    """Extract signals from articles into one table, or into a store that grows run after run.

    Examples:

      belsignal extract seeds/

      belsignal extract seeds/ --format csv -o seeds.csv

      belsignal extract 'news/**/*.md' --kind troops --since 2022-02

      belsignal extract news.jsonl -f jsonl --published 2024-06-19 > signals.jsonl

      cat article.txt | belsignal extract -

      belsignal extract corpus/ --jobs 0 -f jsonl -o signals.jsonl

      belsignal extract this_week/ -o signals.db

      belsignal extract seeds/ -o signals.csv --bom        # for Excel on Windows

      belsignal extract saved_pages/ --dedup

      belsignal extract CC-NEWS-20240601.warc.gz -f jsonl -o signals.jsonl

      belsignal extract --urls links.txt --save-pages pages/

      belsignal extract page.html --show-text

      belsignal extract corpus/ --engine dask --jobs 2 -o signals/ -f parquet

      belsignal extract s3://bucket/news/ --engine dask --scheduler tcp://head:8786 -o s3://bucket/signals/
    """
    from .export import atomic_output, check_output
    from .parts import is_folder
    from .progress import Tally

    asked = fmt.value if fmt else None
    _check_format_matches_output(asked, output, show_text)
    fmt = asked or _default_format(output)
    file_format = not TABLE_FORMATS[fmt].stream if fmt in TABLE_FORMATS else False  # sqlite: writes its file itself
    if file_format and (output is None or str(output) == "-"):
        raise InputError(f"--format {fmt} writes a file: give it with -o FILE")
    _check_bom(bom, fmt)
    _check_model(model)
    engine = engine.value
    on_cluster = {"scheduler": scheduler, "partitions": partitions, "dashboard": dashboard}
    local_only = {"urls": urls, "save-pages": save_pages, "dedup": dedup, "show-text": show_text,
                  "doc-timeout": doc_timeout != DEFAULT_TIMEOUT}
    wrong = [k for k, v in (on_cluster if engine != "dask" else local_only).items() if v]
    if wrong:
        raise InputError(f"--{wrong[0]} needs --engine {'dask' if engine != 'dask' else 'local'}")
    folder = output is not None and is_folder(output)
    if folder and engine != "dask" and output.endswith(("/", os.sep)):
        raise InputError(f"-o {output}: a folder of part files is written by --engine dask; give a file name")
    _note_jobs(jobs, quiet)
    everything = [*(inputs or []), *map(str, urls or [])]
    if engine == "dask":
        return _extract_on_cluster(inputs or [], output, fmt, folder, _ruleset(rules, not no_builtin), jobs=jobs,
                                   model=model, published=published, raw_csv=raw_csv, bom=bom, quiet=quiet, verbose=verbose,
                                   strict=strict, keep_args=(kinds, actors, since, until), **on_cluster)
    check_output(output, everything)
    ruleset = None if show_text else _ruleset(rules, not no_builtin)
    keep = _row_filter(kinds, actors, since, until, ruleset)
    began = time.monotonic()
    skipped: list[str] = []
    tally = Tally()

    def problem(p) -> None:
        _said(p, verbose)
        if p.skipped:
            skipped.append(p.where)

    def read_problem(p) -> None:
        problem(p)
        if _a_file_left_out(p):
            tally.skip()

    duplicates: list[str] = []

    def duplicate(doc, original: str) -> None:
        duplicates.append(doc.id)
        if verbose:
            _say(f"{doc.id}: duplicate of {original}")

    from .readers import news_documents

    docs = news_documents(inputs or [], urls or [], published=published, on_problem=read_problem,
                          delay=delay, timeout=timeout, save_pages=save_pages,
                          on_duplicate=duplicate if dedup else None, exclude=[output] if output else ())
    if show_text:
        from .readers.show import write_texts
        from .tables import format_of

        named = asked or (format_of(output) if output not in (None, "-") else None)  # -f, or -o's suffix
        if named not in (None, "table", "jsonl", "json") or bom:
            raise InputError("--show-text writes plain text (or a record per document with -f jsonl or json), not "
                             + ("--bom" if named in (None, "table", "jsonl", "json") else named))

        with atomic_output(output) as out:
            write_texts(docs, fmt, out)
        return
    show = not quiet and sys.stderr.isatty()
    total = None
    if show and not dedup:
        from .documents import count_documents

        total = count_documents(everything, exclude=[output] if output else ())
    options = dict(model=model, on_problem=problem, jobs=jobs, timeout=doc_timeout or None,
                   keep=keep, tally=tally, show=show, total=total)
    if file_format:
        try:
            counts = _extract_into(output, fmt, docs, ruleset, everything, commit_every=commit_every,
                                   skipped=skipped, **options)
        except (KeyboardInterrupt, Stopped) as stop:
            _say(f"{'terminated' if isinstance(stop, Stopped) else 'interrupted'}: "
                 "the store keeps the batches committed so far")
            raise typer.Exit(getattr(stop, "exit_code", 130)) from None
    else:
        with atomic_output(output, newline="" if fmt == "csv" else None) as out:
            _csv_start(out, fmt, bom)
            counts = _write_extraction(docs, ruleset, out, fmt, raw_csv=raw_csv,
                                              to_stdout=output in (None, "-"), **options)
    dropped = duplicates and f"--dedup dropped {plural(len(duplicates), 'near-duplicate document')}" + (
        "" if verbose else " (-v names them)")
    _end_of_run(tally.documents, counts, began, skipped, everything, quiet=quiet, verbose=verbose, strict=strict,
                note=dropped)


@contextlib.contextmanager
def _start_up():
    """Start-up (spaCy's imports, the pipeline) makes objects that live as long as the process,
    which the cyclic garbage collector would scan over and over, and once more at exit: a quarter
    of the CPU time of a run on one file. So it is off meanwhile, and what start-up made is then
    frozen: never scanned again, here or in the workers forked from here, whose memory pages those
    scans would also copy (the recipe of the docs of `gc.freeze`)."""
    enabled = gc.isenabled()  # a caller that runs with gc off keeps it off
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _end_of_run(documents: int, counts, began: float, skipped: list[str], inputs: list[str], *, quiet: bool,
                verbose: bool, strict: bool, note: str = "") -> None:
    """The summary (and a note) unless quiet; then the exit: 2 when nothing could be read, a
    warning when no document was found, 1 for either or a skipped input with --strict."""
    if not quiet:
        _say(_summary(documents, counts, time.monotonic() - began))
        if note:
            _say(note)
    if documents == 0 and skipped:
        _say("Error: nothing could be read")
        raise typer.Exit(EXIT_USAGE)
    if documents == 0:
        _say(f"warning: no documents found in {', '.join(inputs) or 'the input'}"
             + ("" if verbose else " (-v says what was ignored)"))
    if strict and (skipped or documents == 0):
        raise typer.Exit(EXIT_SKIPPED)


def _extract_on_cluster(inputs: list[str], output: Optional[str], fmt: str, folder: bool, ruleset, *, jobs: int,
                        model: Optional[str], published: Optional[str], raw_csv: bool, bom: bool, quiet: bool,
                        verbose: bool,
                        strict: bool, keep_args: tuple, scheduler: Optional[str], partitions: Optional[int],
                        dashboard: bool) -> None:
    """--engine dask: partitions read and extracted on the workers; their rows written by the
    workers to OUT_DIR/ (part files, manifest, _SUCCESS), or gathered here in input order."""
    from .documents import published_override
    from .engines import Settings, create
    from .export import atomic_output, check_output, write_signals
    from .partitions import check, plan
    from .parts import PartsOutput, manifest
    from .progress import Tally, partition_progress
    from collections import Counter

    from .rules import rules_hash
    from .tables import write_table

    keep = _row_filter(*keep_args, ruleset)
    if folder and any(keep_args):
        raise InputError("--kind, --actor, --since and --until are not applied to part files; write one file")
    if folder and bom:
        raise InputError("--bom is for one CSV file (for Excel), not part files; write one file")
    override = published_override(published)
    check(inputs)  # before a cluster starts: that takes seconds
    parts_output = PartsOutput(output, fmt, raw_csv) if folder else None
    if parts_output is not None:
        parts_output.check()
    else:
        check_output(output, inputs)
    began = time.monotonic()
    skipped: list[str] = []

    def problem(p) -> None:
        _said(p, verbose)
        if p.skipped:
            skipped.append(p.where)

    tally = Tally()
    try:
        with create("dask", jobs=jobs, scheduler=scheduler, dashboard=dashboard) as cluster:
            if cluster.dashboard_link:
                _say(f"Dask dashboard: {cluster.dashboard_link}")
            pieces = plan(inputs, partitions=partitions, workers=cluster.workers, report=problem,
                          exclude=[output] if output and parts_output is None else ())
            if parts_output is not None:
                parts_output.prepare()
            to_terminal = output in (None, "-") and fmt != "table" and sys.stdout.isatty()
            # closing(): the partitions still out are cancelled while the cluster is up, even when
            # writing stops early (stdout closed: `| head -1`)
            with partition_progress(len(pieces), not quiet and sys.stderr.isatty() and not to_terminal) as bar, \
                    contextlib.closing(cluster.run(pieces, Settings(ruleset, model), published=override,
                                                   output=parts_output, on_progress=bar.partitions)) as results:
                tally.bar = bar

                def taken(results):
                    for result in results:
                        for _ in range(result.documents):
                            tally.done()
                        for p in result.problems:
                            problem(p)
                        yield result

                rows = counts = None
                if parts_output is None:
                    rows = tally.signals_of(keep.rows(row for result in taken(results) for row in result.rows))
                    if fmt in TABLE_FORMATS and not TABLE_FORMATS[fmt].stream:
                        counts = write_table(rows, fmt, output, inputs=inputs, ruleset=ruleset)
                    elif fmt != "table":
                        with atomic_output(output, newline="" if fmt == "csv" else None) as out:
                            _csv_start(out, fmt, bom)
                            counts = write_signals(rows, fmt, out, raw_csv=raw_csv)
                    else:
                        rows = _held_for_table(rows)
                else:
                    done = list(taken(results))
                    where = {"name": "dask", "scheduler": scheduler or "LocalCluster", "workers": cluster.workers}
                    parts_output.finish(manifest(inputs=inputs, output=parts_output, partitions=pieces, results=done,
                                                 ruleset_hash=rules_hash(ruleset), engine=where))
                    counts = sum((result.counts for result in done), Counter())
        if counts is None:  # a table is drawn once the progress display is gone
            with atomic_output(output) as out:
                counts = write_signals(rows, fmt, out)
    except (KeyboardInterrupt, Stopped) as stop:
        if not folder:
            raise
        _say(f"{'terminated' if isinstance(stop, Stopped) else 'interrupted'}: "
             "the part files written so far are kept, with no _SUCCESS marker")
        raise typer.Exit(getattr(stop, "exit_code", 130)) from None
    _end_of_run(tally.documents, counts, began, skipped, inputs, quiet=quiet, verbose=verbose, strict=strict)


def _summary(documents: int, counts, seconds: float) -> str:
    """ "5 documents, 55 signals (denial 8, exercise 21, ...) in 2.1 s"."""
    per_kind = ", ".join(f"{k} {n:,}" for k, n in sorted(counts.items()))
    return (f"{plural(documents, 'document')}, {plural(sum(counts.values()), 'signal')}"
            + (f" ({per_kind})" if per_kind else "") + f" in {seconds:.1f} s")


def _note_jobs(jobs: int, quiet: bool) -> None:
    from .engines.pool import available_cores

    cores = available_cores()
    if jobs > cores and not quiet:
        _say(f"note: --jobs {jobs} is more than the {cores} cores available; using {cores}")


def _a_file_left_out(problem) -> bool:
    """Is this reading problem a whole file skipped or ignored (one the progress bar's total
    counted, as `count_documents` does: no folder, link, JSONL line or hidden file)?"""
    from .documents import Ignored

    return ((problem.skipped or isinstance(problem, Ignored)) and os.path.isfile(problem.where)
            and not os.path.basename(problem.where).startswith("."))


@contextlib.contextmanager
def _extraction(docs, ruleset, *, keep, tally, show: bool, total: Optional[int], **options):
    """The rows to write (those `keep` accepts), counted by `tally`, which drives the progress
    display on stderr when `show` (a bar when the `total` of documents is known). The
    workers end when the block does, whatever happens."""
    from .extract import extract as run
    from .pipeline import warm_up
    from .progress import progress

    with progress(show, total) as bar:
        tally.bar = bar
        with _start_up():  # the pipeline, built here before workers are forked from this process
            warm_up(ruleset, options.get("model"))
        extraction = run(docs, ruleset, on_done=tally.done, **options)
        with contextlib.closing(extraction):
            yield tally.signals_of(keep.rows(extraction))
        tally.show()  # the last counts, which the display keeps on its way out


def _write_extraction(docs, ruleset, out, fmt: str, *, to_stdout: bool, raw_csv: bool, **options):
    """Extract and write to a stream. The progress display never touches stdout, and is left
    out when rows stream to the same terminal; a table is drawn only once the display is gone."""
    from .export import write_signals

    if to_stdout and fmt != "table" and sys.stdout.isatty():
        options["show"] = False
    with _extraction(docs, ruleset, **options) as rows:
        if fmt != "table":
            return write_signals(rows, fmt, out, raw_csv=raw_csv)
        rows = _held_for_table(rows)
    return write_signals(rows, fmt, out)


def _held_for_table(rows) -> list:
    held = []
    for row in rows:
        held.append(row)
        if len(held) == TABLE_WARN_ROWS:
            _say(f"warning: the table holds every row in memory (about 10 KB each) and has passed "
                 f"{TABLE_WARN_ROWS:,} rows; -f csv, -f jsonl or -f json stream them instead")
    return held


def _extract_into(output: Path, fmt: str, docs, ruleset, inputs: list[str], *, commit_every: int,
                  skipped: list[str] = (), **options):
    """Extract into a file format that manages its own file (a store: upserts, one transaction per batch)."""
    from .store import DocumentLog
    from .tables import write_table

    log = DocumentLog(failed=skipped)
    with _extraction(log.record(docs), ruleset, **options) as rows:
        return write_table(rows, fmt, output, documents=log, inputs=inputs, ruleset=ruleset,
                           commit_every=commit_every)


@command("eval")
@_handled
def evaluate(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", show_default=False,
                                         help="Gold annotations (JSONL, see SIGNALS.md).")],
    docs: Annotated[Path, typer.Option("--docs", metavar="DIR", help="Folder the gold 'doc' paths are relative to.")],
    pred: Annotated[Optional[Path], typer.Option(
        "--pred", metavar="FILE", help="Score this exported JSONL instead of extracting from --docs.")] = None,
    rules: Rules = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    show_misses: Annotated[bool, typer.Option("--show-misses", help="List missed, extra and wrong-field signals.")] = False,
    verbose: Verbose = False,
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

            problem = functools.partial(_said, verbose=verbose)
            articles = read_documents([str(docs)], on_problem=problem, exclude=[gold])  # gold is no article
            predicted = [s.to_dict() for s in run(articles, _ruleset(rules), on_problem=problem,
                                                  timeout=DEFAULT_TIMEOUT)]
        result = ev.score(gold_rows, predicted)
    except OSError as exc:
        raise BelsignalError(f"{exc.filename}: {exc.strerror}") from None
    if as_json:
        print(json.dumps({"kinds": result["kinds"], "fields": result["fields"]}))
    else:
        print(ev.report(result, show_misses))


@command()
@_handled
def diff(
    old: Annotated[str, typer.Argument(
        metavar="OLD", show_default=False,
        help="Last batch: a folder or file of articles, a table belsignal exported (CSV/JSONL/JSON/Parquet), "
             "or a store (.db).")],
    new: Annotated[str, typer.Argument(metavar="NEW", show_default=False, help="This batch: the same choices.")],
    fmt: ViewFormatOption = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout; never OLD or NEW.")] = None,
    kinds: Kinds = None,
    actors: Actors = None,
    since: Since = None,
    until: Until = None,
    rules: Rules = None,
    no_builtin: NoBuiltin = False,
    raw_csv: RawCsv = False,
    bom: Bom = False,
    run: Annotated[Optional[int], typer.Option(
        "--run", min=1, metavar="N", help="Read the store as it was after run N (with two stores: OLD).")] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Show what changed between two batches: new, gone and changed indicators.

    Exit status like diff(1): 0 no differences, 1 differences, 2 trouble.
    The filters (--kind, --actor, --since, --until) apply to both batches.

    Examples:

      belsignal diff last_week.csv this_week/

      belsignal diff old/ new/ --format markdown -o weekly.md

      belsignal diff signals.db this_week/

      belsignal diff signals.db this_week/ --kind troops --actor russia

      belsignal diff signals.db signals.db --run 3     # what moved since run 3
    """
    from . import diff as diffing
    from .export import atomic_output, check_output
    from .sources import load_rows, source_kind

    fmt = _human_format(fmt, output)
    _check_bom(bom, fmt)
    check_output(output, [old, new])
    kinds_of = [source_kind(side) for side in (old, new)]
    ruleset = _ruleset(rules, not no_builtin) if "articles" in kinds_of else None
    keep = _row_filter(kinds, actors, since, until, ruleset)
    if run is not None and "sqlite" not in kinds_of:
        raise InputError("--run needs a store (.db) as OLD or NEW")
    at_run = [run if kind == "sqlite" else None for kind in kinds_of]
    if at_run == [run, run]:
        at_run[1] = None  # two stores: OLD as after run N, NEW as it is now
    problem = functools.partial(_said, verbose=verbose)
    old_rows, new_rows = (list(load_rows(side, ruleset, run=at, on_problem=problem, timeout=DEFAULT_TIMEOUT))
                          for side, at in zip((old, new), at_run))
    _check_kinds(keep, [*old_rows, *new_rows], rules, not no_builtin)
    report = diffing.diff_batches(list(keep.rows(old_rows)), list(keep.rows(new_rows)))
    if report.rules_differ and not quiet:
        _say(f"note: OLD and NEW were extracted with different rules ({report.rules_differ})")
    with atomic_output(output, newline="" if fmt == "csv" else None) as out:
        _csv_start(out, fmt, bom)
        diffing.render(report, fmt, out, raw_csv=raw_csv)
    raise typer.Exit(EXIT_SKIPPED if report.has_differences else EXIT_OK)


def _human_format(fmt: Optional[Enum], output: Optional[Path]) -> str:
    """--format, else from -o's suffix, else a table on a terminal and markdown in a pipe."""
    suffixes = {".md": "markdown", ".csv": "csv", ".jsonl": "jsonl", ".json": "json"}
    if fmt is not None:
        return fmt.value
    if output is not None and str(output) != "-":
        return suffixes.get(output.suffix.lower(), "markdown")
    return "table" if sys.stdout.isatty() else "markdown"


def _source_rows(source: str, rules, run: Optional[int], verbose: bool, keep=None) -> list[dict]:
    from .sources import load_rows, source_kind

    ruleset = _ruleset(rules) if source_kind(source) == "articles" else None
    rows = load_rows(source, ruleset, run=run, on_problem=functools.partial(_said, verbose=verbose),
                     timeout=DEFAULT_TIMEOUT)
    if not keep:
        return rows
    _check_kinds(keep, rows, rules)
    return list(keep.rows(rows))


@command()
@_handled
def claims(
    source: Source,
    fmt: ViewFormatOption = None,
    output: Output = None,
    kinds: Kinds = None,
    actors: Actors = None,
    since: Since = None,
    until: Until = None,
    rules: Rules = None,
    run: Annotated[Optional[int], typer.Option(
        "--run", min=1, metavar="N", help="Read the store as it was after run N.")] = None,
    raw_csv: RawCsv = False,
    bom: Bom = False,
    verbose: Verbose = False,
) -> None:
    """List claims: the mentions of one figure, reprints and repeats merged, with their counts.

    A claim groups mentions of the same kind, actor, unit and subject whose numbers agree
    within 0.5% and whose sentences are near-identical or were published within 14 days.
    The filters (--kind, --actor, --since, --until) choose the mentions claims are made of.

    Examples:

      belsignal claims signals.db

      belsignal claims signals.db -f csv -o claims.csv

      belsignal claims seeds/ --kind troops

      belsignal claims signals.db --actor russia --since 2024-06
    """
    from . import claims as claiming
    from .export import atomic_output, check_output
    from .filters import RowFilter

    fmt = _human_format(fmt, output)
    _check_bom(bom, fmt)
    check_output(output, [source])
    rows = _source_rows(source, rules, run, verbose, RowFilter.of(kinds, actors, since, until))
    with atomic_output(output, newline="" if fmt == "csv" else None) as out:
        _csv_start(out, fmt, bom)
        claiming.render(rows, fmt, out, raw_csv=raw_csv)


@command()
@_handled
def report(
    source: Source,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="report.html; with --format png|svg a folder, or a name whose stem prefixes each chart "
             "(report.png -> report-forces.png, ...).")],
    fmt: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", metavar=_metavar(ReportFormat), show_default=False,
        help="Default: from -o's suffix, else html.")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="DATE", help="What moved: compare with the signals published before DATE.")] = None,
    run: Annotated[Optional[int], typer.Option(
        "--run", min=1, metavar="N", help="A store as it was after run N (what moved: against run N-1).")] = None,
    kinds: Kinds = None,
    actors: Actors = None,
    rules: Rules = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Write the forecaster's report: force levels, polls, exercises and denials over time, what
    moved, and the latest claims. One self-contained HTML file that works offline.

    Examples:

      belsignal report signals.db -o report.html

      belsignal report signals.db -o charts/ --format png

      belsignal report this_week.csv -o report.html --since 2024-06-01

      belsignal report signals.db -o russia.html --actor russia
    """
    from . import report as reporting
    from .documents import normalize_date
    from .export import atomic_output, check_output
    from .filters import RowFilter
    from .sources import source_kind

    fmt = fmt.value if fmt else {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}.get(output.suffix.lower())
    if fmt is None:
        raise InputError(f"{output}: name a .html, .png or .svg file, or give --format html|png|svg")
    if fmt == "html":
        check_output(output, [source])
    else:
        reporting.check_images_output(output)
    if since is not None and not normalize_date(since):
        raise InputError(f"--since: not a date: {since!r} (use YYYY-MM-DD)")
    keep = RowFilter.of(kinds, actors)
    rows = _source_rows(source, rules, run, verbose, keep)
    previous, label = None, ""
    if since is not None:
        previous, label = reporting.before(rows, normalize_date(since)), f"since {normalize_date(since)}"
    elif source_kind(source) == "sqlite":
        from .store import read_rows, runs

        latest = run or max((r["id"] for r in runs(source)), default=0)
        if latest >= 2:
            previous, label = list(keep.rows(read_rows(source, run=latest - 1))), f"run {latest} against run {latest - 1}"
    data = reporting.build(rows, source=source, previous=previous, moved_label=label)
    if fmt == "html":
        with atomic_output(output) as out:
            reporting.write_html(data, out)
        if not quiet:
            _say(f"wrote {output}: {plural(len(data.claims), 'claim')}")
    else:
        for path in reporting.write_images(data, output, fmt):
            if not quiet:
                _say(f"wrote {path}")


@rules_app.command("check", cls=_Command)
@_handled
def rules_check(
    dirs: Annotated[Optional[list[Path]], typer.Argument(
        metavar="DIR", show_default=False, help="Rule folders to check (default: the built-in rules).")] = None,
    no_builtin: Annotated[bool, typer.Option(
        "--no-builtin", help="Check the folders alone, without the built-in rules.")] = False,
    verbose: Verbose = False,
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
    from rich.table import Table

    from .render import console_for

    per_rule: dict[str, list] = {}
    for r in results:
        per_rule.setdefault(r.rule, []).append(r)
    table = Table("rule", "examples", "passed", "result")
    for rule, rs in per_rule.items():
        ok = sum(r.ok for r in rs)
        table.add_row(rule, str(len(rs)), str(ok), "pass" if ok == len(rs) else "FAIL")
    console_for().print(table)


@rules_app.command("list", cls=_Command)
@_handled
def rules_list(rules: Rules = None, no_builtin: NoBuiltin = False, verbose: Verbose = False) -> None:
    """List the rules: id, kind, file, pattern count and example count.

    Example:

      belsignal rules list --rules my_rules/
    """
    ruleset = _ruleset(rules, not no_builtin)
    from rich.table import Table

    from .render import console_for, printable

    table = Table("id", "kind", "file", "patterns", "examples", "status")
    for r in ruleset.rules:
        table.add_row(r.id, r.kind, printable(r.where), str(len(r.patterns) + len(r.phrases)),
                      str(len(r.matches) + len(r.no_matches)), r.status)
    console_for().print(table)


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
