"""Throughput and memory benchmark for belsignal (issues 6 and 16). Not a test: run it by hand.

Usage:

    python bench/throughput.py [FOLDER] [--quick] [--words N] [--repeat N] [--no-10x]
                               [--no-dask | --dask-only] [--dask-docs N] [--results FILE]

FOLDER    the corpus (anything `belsignal extract` reads). Default: real news (the 30 passages
          of ../shared/dev and the seeds) copied by bench/corpus.py until the corpus has
          1,000,000 words (200,000 with --quick), each copy with other digits, dates, month and
          weekday names, and one in three with front matter (a `published` date), so that no
          cache sees the same number or date more often than in a corpus of distinct articles.
--quick   200k-word corpus, a 20,000-word quantulum3 sample, one round: a smoke run.
--repeat  interleaved rounds of (a), (b), (c) (default 3, 1 with --quick); each figure is the
          median of the rounds, with the range beside it. Also the rounds of (e).
--no-10x  skip the peak-memory run on the 10x corpus.
--no-dask / --dask-only  skip the Dask section (e) / run only it.
--dask-docs  documents in the Dask corpus (default 100,000; 10,000 with --quick).
--results where to write the markdown table (default: bench/results.md).

On one corpus it measures words/s of (a) spaCy blank English + sentencizer, (b) the
`belsignal.extract` library call, (c) the `belsignal extract` CLI with --jobs 1 and 2 (whole
processes), (d) quantulum3's parser (on a sample), plus the CLI's peak RSS on the 1x and 10x
corpus and `belsignal --help` wall time, and compares the ratios with the project's targets.

Every run is timed twice: wall time, and CPU time (user + system: of this process for the
in-process runs, of the CLI process and the workers it ran for the CLI). On a machine shared
with other work, CPU time is what other processes do not inflate, so the library target
(b / a) is judged on CPU time; the --jobs 2 speed-up can only show in wall time, so that
target is judged on wall time (the load average, printed, says how quiet the machine was).

(e) compares the engines on one JSONL corpus of 100,000 short documents (two paragraphs of the
seeds each): `--engine local --jobs 2` against `--engine dask` on a LocalCluster of 2 workers
(rows gathered into one file, and part files), and a scaling table from 1 to 2 workers of
each. Every run is a whole CLI process, cluster start-up included. From the Dask rate per
worker it estimates the CC-NEWS backfill (one month of English news: about 5 million
articles, 3 billion words).
Words are whitespace-separated tokens of each document's body (`len(text.split())`),
counted the same way for every measurement. Each measurement is warmed up once on a
small slice first, so imports and pipeline construction are not counted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from importlib import metadata
from pathlib import Path

import belsignal

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as real_corpus  # noqa: E402  (bench/corpus.py)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
RESULTS = Path(__file__).resolve().parent / "results.md"
CORPUS_WORDS, QUICK_CORPUS_WORDS = 1_000_000, 200_000
SAMPLE_WORDS, QUICK_SAMPLE_WORDS = 200_000, 20_000  # quantulum3 is slow: (d) runs on a sample
REPEAT, QUICK_REPEAT = 3, 1
WARMUP_DOCS = 5
TIMES_10X = 10
HELP_RUNS = 5
DASK_DOCS, QUICK_DASK_DOCS = 100_000, 10_000
PARAGRAPHS_PER_DOC = 2
CC_NEWS_MONTH_WORDS = 3_000_000_000  # one month of CC-NEWS English: about 5 million articles
DASK_TARGET = 0.85  # Dask LocalCluster 2 workers / local --jobs 2, in documents per second

# (label, ratio key, comparison, threshold, shown target)
TARGETS = [
    ("b / a  (library vs spaCy tokenizer+sentencizer, CPU time)", "b_over_a", ">=", 0.35, ">= 0.35"),
    ("c2 / c1  (CLI --jobs 2 vs --jobs 1, wall time)", "jobs2_over_jobs1", ">=", 1.6, ">= 1.6"),
    ("b / d  (belsignal vs quantulum3, same sample, CPU time)", "b_over_d", ">=", 5.0, ">= 5"),
    ("10x peak RSS / 1x peak RSS  (CLI --jobs 1)", "rss_ratio", "<=", 1.2, "<= 1.2"),
    ("`belsignal --help` wall time, median of 5 (s)", "help_s", "<", 0.4, "< 0.4 s"),
]
RUNS = {  # key: label of the interleaved runs
    "a": "(a) spaCy blank en + sentencizer, in process",
    "b": "(b) `belsignal.extract`, in process",
    "c1": "(c1) `belsignal extract --jobs 1` (CLI process)",
    "c2": "(c2) `belsignal extract --jobs 2` (CLI process and workers)",
}


def say(message: str) -> None:
    print(message, flush=True)


def words(text: str) -> int:
    return len(text.split())


class Timing:
    """Wall and CPU seconds of the rounds of one run."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, wall: float, cpu: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)

    def median(self, clock: str) -> float:
        return statistics.median(getattr(self, clock))

    def spread(self, clock: str) -> str:
        values = getattr(self, clock)
        return f"{self.median(clock):.2f} s [{min(values):.2f}-{max(values):.2f}]"


# ---------------------------------------------------------------- corpus

def load_documents(folder: Path) -> list:
    docs = list(belsignal.read_documents([folder]))
    if not docs:
        sys.exit(f"error: no readable documents in {folder}")
    return docs


def body(doc) -> str:
    return doc.text[doc.body_start:]


def head(docs: list, max_words: int) -> list:
    """The first documents of `docs` holding about `max_words` words (at least one)."""
    out, total = [], 0
    for doc in docs:
        if out and total >= max_words:
            break
        out.append(doc)
        total += words(body(doc))
    return out


def write_texts(docs: list, dest: Path) -> Path:
    """A small folder of .txt files, for warming up the CLI."""
    dest.mkdir(parents=True)
    for i, doc in enumerate(docs):
        (dest / f"{i:03d}.txt").write_text(doc.text, encoding="utf-8")
    return dest


def replicate(folder: Path, dest: Path, times: int) -> None:
    """`times` copies of `folder` as subfolders of `dest`. Real copies: belsignal reads a file that
    two inputs hold (a hard link) once, so linked copies would not be read."""
    for i in range(times):
        shutil.copytree(folder, dest / f"copy{i:02d}")


# ---------------------------------------------------------------- in-process measurements

def clocked(fn, arg) -> tuple[float, float]:
    """(wall, CPU) seconds of fn(arg) in this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(arg)
    return time.perf_counter() - wall, time.process_time() - cpu


def spacy_run():
    """(a) blank English tokenizer + sentencizer alone."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")

    def run(ds):
        for _ in nlp.pipe((body(d) for d in ds), batch_size=64):
            pass

    return run


def library_run(ds) -> None:
    """(b) belsignal.extract over the Document objects (already read from disk)."""
    for _ in belsignal.extract(ds):
        pass


def import_quantulum():
    """quantulum3's parser and a note on its set-up, or (None, reason) if it is missing."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from quantulum3 import parser
    except ImportError:
        return None, "quantulum3 is not installed (`pip install quantulum3`): (d) skipped"
    classifier = any("Classifier" in str(w.message) for w in caught)
    note = ("quantulum3 " + metadata.version("quantulum3")
            + (" without its optional `classifier` extra (its default install: units are "
               "disambiguated without the scikit-learn classifier)" if classifier else " with its classifier"))
    return parser, note


def quantulum_run(parser):
    """(d) quantulum3's quantity parser, one call per document."""
    def run(ds):
        for d in ds:
            parser.parse(body(d))

    return run


# ---------------------------------------------------------------- subprocess measurements

def belsignal_command() -> list[str]:
    exe = shutil.which("belsignal")
    return [exe] if exe else [sys.executable, "-c", "from belsignal.cli import main; main()"]


def run_child(cmd: list[str], label: str = "", heartbeat: float = 30.0) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in bytes) of one child process; prints a line every
    `heartbeat` seconds while it runs. os.wait4 gives this child's own rusage, which on Linux
    includes the CPU time of the worker processes it started and waited for."""
    done = threading.Event()

    def beat():
        while not done.wait(heartbeat):
            say(f"    ... {label} still running ({time.perf_counter() - start:.0f} s)")

    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a full pipe would stop the child
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        if label:
            threading.Thread(target=beat, daemon=True).start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            done.set()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        stderr.seek(0)
        err = stderr.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited {proc.returncode}\n{err}")
    if err.strip():  # with --quiet, only what went wrong: the run may not have read everything
        say(f"    stderr ({err.count(chr(10))} lines): {err.splitlines()[0]}")
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return seconds, usage.ru_utime + usage.ru_stime, rss


def cli_extract(folder: Path, out: Path, jobs: int, label: str = "") -> tuple[float, float, int]:
    cmd = belsignal_command() + ["extract", str(folder), "-f", "jsonl", "-o", str(out),
                                 "--quiet", "--jobs", str(jobs)]
    return run_child(cmd, label)


def help_time() -> float:
    """Median wall time of `belsignal --help` over HELP_RUNS runs, after one warm-up run."""
    cmd = belsignal_command() + ["--help"]
    run_child(cmd)
    return statistics.median(run_child(cmd)[0] for _ in range(HELP_RUNS))


# ---------------------------------------------------------------- (e) engines: local pool and Dask

def build_jsonl_corpus(path: Path, n_docs: int) -> int:
    """A JSONL of n_docs documents of PARAGRAPHS_PER_DOC seed paragraphs each; returns its words."""
    paragraphs = [p.strip() for seed in sorted(SEEDS.glob("*.txt"))
                  for p in re.split(r"\n\s*\n", seed.read_text(encoding="utf-8")) if len(p.split()) >= 20]
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_docs):
            text = "\n\n".join(paragraphs[(i * PARAGRAPHS_PER_DOC + k) % len(paragraphs)]
                                for k in range(PARAGRAPHS_PER_DOC))
            total += words(text)
            out.write(json.dumps({"id": f"d{i}", "published": "2024-06-19", "text": text}) + "\n")
    return total


def cli_engine(corpus: Path, out: str, engine: str, workers: int, fmt: str, label: str) -> float:
    """Wall seconds of one `belsignal extract` run (a cluster's start-up and shutdown included).
    out: a file, or a folder for part files when it ends with a slash."""
    cmd = belsignal_command() + ["extract", str(corpus), "--engine", engine, "--jobs", str(workers), "-f", fmt,
                                 "-o", out, "--quiet"]
    return run_child(cmd, label)[0]


def measure_dask(args: argparse.Namespace, tmp: Path) -> dict:
    n_docs = args.dask_docs or (QUICK_DASK_DOCS if args.quick else DASK_DOCS)
    corpus, warm = tmp / "dask_corpus.jsonl", tmp / "dask_warm.jsonl"
    say(f"(e) building a JSONL of {n_docs:,} documents ({PARAGRAPHS_PER_DOC} seed paragraphs each) ...")
    e = {"docs": n_docs, "words": build_jsonl_corpus(corpus, n_docs), "bytes": 0}
    e["bytes"] = corpus.stat().st_size
    build_jsonl_corpus(warm, 200)
    say(f"    {e['words']:,} words, {e['bytes'] / 1024 ** 2:.1f} MiB")
    runs = [("local2", "local", 2, "jsonl", "file"), ("dask2", "dask", 2, "jsonl", "file"),
            ("dask2_parts", "dask", 2, "parquet", "folder"),
            ("local1", "local", 1, "jsonl", "file"), ("dask1", "dask", 1, "jsonl", "file")]
    e["repeat"] = repeat = args.repeat or 1
    for round_ in range(repeat):  # rounds interleave the engines; each keeps its fastest run
        for key, engine, workers, fmt, shape in runs:
            label = f"--engine {engine} --jobs {workers} -f {fmt} ({'part files' if shape == 'folder' else 'one file'})"
            say(f"(e) {label}{f', round {round_ + 1}' if repeat > 1 else ''} ...")
            for name, source in ((f"{key}_warm", warm), (key, corpus)):
                out = f"{tmp / name}/" if shape == "folder" else str(tmp / f"{name}.{fmt}")
                seconds = cli_engine(source, out, engine, workers, fmt, label if source == corpus else "")
                shutil.rmtree(out, ignore_errors=True) if shape == "folder" else os.unlink(out)
            e[key] = min(seconds, e.get(key, seconds))
            say(f"    {seconds:.1f} s, {n_docs / seconds:,.0f} documents/s, {e['words'] / seconds:,.0f} words/s")
    return e


def dask_tables(e: dict) -> list[str]:
    n, w = e["docs"], e["words"]

    def rate(key):
        return f"{e[key]:.1f} s | {n / e[key]:,.0f} | {w / e[key]:,.0f}"

    ratio = e["local2"] / e["dask2"]  # throughput ratio: (n / dask2) / (n / local2)
    ratio_parts = e["local2"] / e["dask2_parts"]
    per_worker = w / e["dask1"]  # a worker has a core of its own on a cluster: the 1-worker rate
    core_hours = CC_NEWS_MONTH_WORDS / per_worker / 3600
    lines = [
        f"### (e) Engines on {n:,} documents ({w:,} words, {e['bytes'] / 1024 ** 2:.1f} MiB of JSONL)", "",
        f"Each figure is the fastest of {e['repeat']} interleaved run(s)." if e["repeat"] > 1 else
        "Each figure is one run.", "",
        "| run (whole CLI process, wall) | time | documents/s | words/s |", "|---|---|---|---|",
        f"| `--engine local --jobs 2 -o out.jsonl` | {rate('local2')} |",
        f"| `--engine dask --jobs 2 -o out.jsonl` (LocalCluster, 2 workers; rows gathered) | {rate('dask2')} |",
        f"| `--engine dask --jobs 2 -o out/ -f parquet` (part files written by the workers) | {rate('dask2_parts')} |",
        "", "| ratio | value | target | pass/fail |", "|---|---|---|---|",
        f"| Dask 2 workers / local --jobs 2 (rows gathered) | {ratio:.3f} | >= {DASK_TARGET} | "
        f"{verdict(ratio, '>=', DASK_TARGET)} |",
        f"| Dask 2 workers, part files / local --jobs 2 | {ratio_parts:.3f} | | |",
        "", "Scaling from 1 to 2 workers (documents/s; speed-up over 1 worker):", "",
        "| workers | local `--jobs N` | Dask LocalCluster, N workers |", "|---|---|---|",
        f"| 1 | {n / e['local1']:,.0f} (1.00x) | {n / e['dask1']:,.0f} (1.00x) |",
        f"| 2 | {n / e['local2']:,.0f} ({e['local1'] / e['local2']:.2f}x) | "
        f"{n / e['dask2']:,.0f} ({e['dask1'] / e['dask2']:.2f}x) |",
        "", f"CC-NEWS backfill estimate, from the rate of one Dask worker above ({per_worker:,.0f} words/s; "
        "a whole CLI run, start-up included): "
        f"one month of English CC-NEWS (about {CC_NEWS_MONTH_WORDS / 1e9:.0f} billion words) is about "
        f"{core_hours:,.1f} worker-hours; a year about {12 * core_hours:,.0f} worker-hours, i.e. about "
        f"{12 * core_hours / 64:,.1f} hours on 64 workers.",
    ]
    return lines


# ---------------------------------------------------------------- report

def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "CPU": cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": mem_total(),
        "load average at start (1/5/15 min)": load_average(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "versions": ", ".join(f"{p} {version(p)}" for p in ("belsignal", "spacy", "quantulum3")),
        "belsignal commit": git_commit(),
    }
    return info


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_commit() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "rules"],
                               capture_output=True, text=True).stdout.strip()
        return rev + (" (with uncommitted changes in src/ or rules/)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def verdict(value, op: str, threshold: float) -> str:
    if value is None:
        return "skipped"
    ok = {">=": value >= threshold, "<=": value <= threshold, "<": value < threshold}[op]
    return "pass" if ok else "FAIL"


def fmt_rate(n_words: int, seconds: float | None) -> str:
    return "skipped" if seconds is None else f"{n_words / seconds:,.0f} words/s ({seconds:.2f} s)"


def fmt_mb(rss: int | None) -> str:
    return "skipped" if rss is None else f"{rss / 1024 ** 2:,.0f} MiB"


def runs_table(r: dict) -> list[str]:
    n, t = r["words"], r["timings"]
    lines = [f"| run ({r['repeat']} interleaved round(s)) | words/s, CPU | CPU time, median [range] "
             "| words/s, wall | wall time, median [range] |", "|---|---|---|---|---|"]
    for key, label in RUNS.items():
        lines.append(f"| {label} | {n / t[key].median('cpu'):,.0f} | {t[key].spread('cpu')} "
                     f"| {n / t[key].median('wall'):,.0f} | {t[key].spread('wall')} |")
    return lines


def measurement_rows(r: dict) -> list[tuple[str, str]]:
    ns = r["sample_words"]
    t = r["timings"]
    rows = [
        ("b / a  (library vs spaCy), wall time", f"{t['a'].median('wall') / t['b'].median('wall'):.3f}"),
        ("c1 / b  (CLI --jobs 1 vs library), CPU time", f"{t['b'].median('cpu') / t['c1'].median('cpu'):.3f}"),
        ("c1 / b  (CLI --jobs 1 vs library), wall time", f"{t['b'].median('wall') / t['c1'].median('wall'):.3f}"),
        ("c2 / c1  (CLI --jobs 2 vs --jobs 1), CPU time (work added by the second worker)",
         f"{t['c1'].median('cpu') / t['c2'].median('cpu'):.3f}"),
        (f"(d) quantulum3 `parser.parse`, {ns:,}-word sample (CPU)", fmt_rate(ns, r["d"])),
        (f"(b) on the same {ns:,}-word sample (CPU)", fmt_rate(ns, r["b_sample"])),
        ("peak RSS, CLI --jobs 1, 1x corpus", fmt_mb(r["rss1"])),
        (f"peak RSS, CLI --jobs 1, 10x corpus ({TIMES_10X * r['words']:,} words)", fmt_mb(r["rss10"])),
        ("(c1) on the 10x corpus (wall)", fmt_rate(TIMES_10X * r["words"], r["c10"])),
    ]
    if r["d"] is not None:
        # words/s ratio d/b = (ns / d_seconds) / (ns / b_seconds)
        rows.append(("d / b  (quantulum3 vs belsignal, same sample)", f"{r['b_sample'] / r['d']:.4f}"))
    return rows


def ratios(r: dict) -> dict:
    def ratio(x, y):
        return None if x is None or y is None else x / y

    t = r["timings"]
    return {
        "b_over_a": ratio(t["a"].median("cpu"), t["b"].median("cpu")),  # rates: words/b_s over words/a_s
        "jobs2_over_jobs1": ratio(t["c1"].median("wall"), t["c2"].median("wall")),
        "b_over_d": ratio(r["d"], r["b_sample"]),
        "rss_ratio": ratio(r["rss10"], r["rss1"]),
        "help_s": r["help"],
    }


def table(r: dict) -> list[str]:
    lines = runs_table(r) + ["", "| measurement | value | target | pass/fail |", "|---|---|---|---|"]
    values = ratios(r)
    for label, key, op, threshold, shown in TARGETS:
        v = values[key]
        text = "skipped" if v is None else (f"{v:.3f} s" if key == "help_s" else f"{v:.3f}")
        lines.append(f"| {label} | {text} | {shown} | {verdict(v, op, threshold)} |")
    lines += [f"| {name} | {value} | | |" for name, value in measurement_rows(r)]
    return lines


def report(r: dict, info: dict, notes: list[str], path: Path) -> None:
    md = ["# belsignal throughput benchmark", "",
          f"Produced by `python bench/throughput.py{r['argv']}`. Words are whitespace-separated tokens "
          "of each document's body, counted the same way for every row. Figures are medians of "
          "interleaved rounds, ranges in brackets; the library target (b / a) is judged on CPU time, "
          "the --jobs 2 speed-up on wall time (see the notes).", ""]
    if "timings" in r:
        rows = table(r)
        say("\n" + "\n".join(rows))
        md += [*rows, "", "## Corpus", "",
               f"- {r['corpus']}",
               f"- {r['docs']:,} documents, {r['words']:,} words, {r['bytes'] / 1024 ** 2:.1f} MiB",
               f"- 10x corpus: {r['ten_x']}", ""]
    if "dask" in r:
        rows = dask_tables(r["dask"])
        say("\n" + "\n".join(rows))
        md += ["## Engines: local pool and Dask", "", *rows, ""]
    md += ["## Machine", "", *[f"- {k}: {v}" for k, v in info.items()], "",
           "## Notes", "", *[f"- {n}" for n in notes], ""]
    path.write_text("\n".join(md) + kept_sections(path), encoding="utf-8")
    say(f"\nwrote {path}")


def kept_sections(path: Path) -> str:
    """The sections other scripts wrote into the results file (between their
    `<!-- bench/NAME.py: start -->` and `end` markers), kept when this table is rewritten."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    blocks = re.findall(r"<!-- bench/[\w.]+: start -->.*?<!-- bench/[\w.]+: end -->", old, re.S)
    return "".join(f"\n{block}\n" for block in blocks)


# ---------------------------------------------------------------- main

def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", nargs="?", type=Path, help="corpus folder (default: real news copied to 1M words)")
    p.add_argument("--quick", action="store_true", help="200k-word corpus, 20k-word quantulum3 sample, one round")
    p.add_argument("--words", type=int, help="words in the default corpus (default 1,000,000; 200,000 with --quick)")
    p.add_argument("--repeat", type=int, help=f"interleaved rounds (default {REPEAT}, {QUICK_REPEAT} with --quick; "
                                              "(e): 1); medians are reported")
    p.add_argument("--no-10x", dest="ten_x", action="store_false", help="skip the 10x peak-memory run")
    p.add_argument("--no-dask", dest="dask", action="store_false", help="skip the engines section (e)")
    p.add_argument("--dask-only", action="store_true", help="run only the engines section (e)")
    p.add_argument("--dask-docs", type=int, help=f"documents in the (e) corpus (default {DASK_DOCS:,})")
    p.add_argument("--results", type=Path, default=RESULTS, help=f"markdown output (default: {RESULTS})")
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    info = machine()
    cmd = belsignal_command()
    notes = [f"CLI command: `{' '.join(cmd)}` (console script found on PATH)" if len(cmd) == 1
             else f"CLI command: `{' '.join(cmd)}` (no `belsignal` on PATH)",
             "(a), (b), (d) time in-process calls on documents already in memory: wall time, and the CPU "
             "time of this process (`time.process_time`). (c) is a whole `belsignal extract FOLDER -f jsonl "
             "-o OUT --quiet --jobs N` process (start-up, reading, worker processes, writing included): wall "
             "time, and the user + system CPU time `os.wait4` reports for it, which on Linux includes the "
             "worker processes it waited for. Each is warmed up once on a small slice first.",
             "Rounds are interleaved (a, b, c1, c2, then again starting one run later), so a burst of other "
             "work on the machine falls on every run alike; a figure is the median of the rounds.",
             "Which clock a target uses: b / a on CPU time, which other processes on a shared machine do not "
             "inflate (both runs are one thread in this process); c2 / c1 on wall time, the only clock in "
             "which a second worker shows (its CPU time is the same work, plus overhead). A wall-time "
             "speed-up needs both cores free: compare the load averages below.",
             "Peak RSS is the child's `ru_maxrss` from `os.wait4` (the largest of the process and its workers)."]
    notes.append(compile_package())
    with tempfile.TemporaryDirectory(prefix="belsignal-bench-") as tmp:
        tmp = Path(tmp)
        r = {} if args.dask_only else measure(args, tmp, notes)
        if args.dask or args.dask_only:
            notes.append("(e) runs are whole `belsignal extract CORPUS.jsonl --engine E --jobs N -f F -o OUT --quiet` "
                         "processes, each warmed up once on 200 documents; a Dask run starts its LocalCluster "
                         "(N worker processes, one thread each) and stops it within the measured time; each figure "
                         "is the fastest of the rounds. "
                         f"Versions: dask {version('dask')}, distributed {version('distributed')}, "
                         f"pyarrow {version('pyarrow')}.")
            r["dask"] = measure_dask(args, tmp)
    info["load average at end (1/5/15 min)"] = load_average()
    r["argv"] = "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    report(r, info, notes, args.results)


def compile_package() -> str:
    """Compile belsignal's modules to bytecode, as pip does for an installed package, so that the
    CLI runs do not compile them at each start (an editable install under PYTHONDONTWRITEBYTECODE
    never caches them: about 0.3 s of every start-up). Returns the note for the results."""
    import compileall

    package = Path(belsignal.__file__).resolve().parent
    ok = compileall.compile_dir(str(package), quiet=1)
    return (f"belsignal's modules were compiled to bytecode first (`compileall {package.name}/`), as an "
            "installed package's are, so the CLI runs do not compile them at each start" if ok else
            "compiling belsignal's modules to bytecode failed: the CLI runs compile them at each start")


def measure(args: argparse.Namespace, tmp: Path, notes: list[str]) -> dict:
    r: dict = {"b_sample": None, "d": None, "rss10": None, "c10": None}
    if args.folder:
        folder = args.folder
        r["corpus"] = f"folder `{folder}`"
    else:
        target = args.words or (QUICK_CORPUS_WORDS if args.quick else CORPUS_WORDS)
        folder = tmp / "corpus"
        say(f"building corpus: real news (../shared/dev and the seeds) copied and perturbed to >= {target:,} words")
        built = real_corpus.build(folder, target)
        r["corpus"] = (f"bench/corpus.py: the {built['sources']} real articles of ../shared/dev/articles and the "
                       f"seeds, copied round-robin until >= {target:,} words; each copy with other digits, ISO "
                       "dates, month and weekday names, one in three with YAML front matter (a random `published` "
                       "date, so relative dates resolve against many bases)")
    docs = load_documents(folder)
    r["docs"], r["words"] = len(docs), sum(words(body(d)) for d in docs)
    r["bytes"] = sum(len(d.text.encode("utf-8")) for d in docs)
    say(f"corpus: {r['docs']:,} documents, {r['words']:,} words")
    warm = write_texts(docs[:WARMUP_DOCS], tmp / "warmup")
    out = tmp / "out.jsonl"

    spacy = spacy_run()
    in_process = {"a": spacy, "b": library_run}
    for key, fn in in_process.items():  # warm-up: imports, pipeline construction
        fn(docs[:WARMUP_DOCS])
    for jobs in (1, 2):
        cli_extract(warm, out, jobs)
    r["repeat"] = repeat = args.repeat or (QUICK_REPEAT if args.quick else REPEAT)
    timings = r["timings"] = {key: Timing() for key in RUNS}
    r["rss1"] = 0
    keys = list(RUNS)
    for round_ in range(repeat):
        for key in keys[round_ % len(keys):] + keys[:round_ % len(keys)]:
            say(f"{RUNS[key]}, round {round_ + 1} of {repeat} ...")
            if key in in_process:
                wall, cpu = clocked(in_process[key], docs)
            else:
                wall, cpu, rss = cli_extract(folder, out, int(key[1:]), key)
                if key == "c1":
                    r["rss1"] = max(r["rss1"], rss)
            timings[key].add(wall, cpu)
            say(f"    wall {wall:.2f} s ({r['words'] / wall:,.0f} words/s), CPU {cpu:.2f} s "
                f"({r['words'] / cpu:,.0f} words/s)")

    sample = head(docs, QUICK_SAMPLE_WORDS if args.quick else SAMPLE_WORDS)
    r["sample_words"] = sum(words(body(d)) for d in sample)
    parser, note = import_quantulum()
    notes.append(note)
    if parser is None:
        say(f"(d) {note}")
    else:
        say(f"(d) quantulum3 on the first {r['sample_words']:,} words (slow) ...")
        run = quantulum_run(parser)
        run(sample[:1])
        r["d"] = clocked(run, sample)[1]
        r["b_sample"] = clocked(library_run, sample)[1]
        say(f"    quantulum3 {r['sample_words'] / r['d']:,.0f} words/s, "
            f"belsignal {r['sample_words'] / r['b_sample']:,.0f} words/s on the same sample (CPU)")

    say("belsignal --help ...")
    r["help"] = help_time()
    say(f"    median {r['help']:.3f} s")

    if args.ten_x:
        big = tmp / "ten_x"
        replicate(folder, big, TIMES_10X)
        r["ten_x"] = f"the corpus folder copied into {TIMES_10X} subfolders ({TIMES_10X * r['words']:,} words)"
        c1 = timings["c1"].median("wall")
        say(f"10x corpus ({TIMES_10X * r['words']:,} words): CLI --jobs 1 for peak RSS "
            f"(about {TIMES_10X * c1 / 60:.0f} min) ...")
        r["c10"], _, r["rss10"] = cli_extract(big, out, 1, "10x CLI --jobs 1")
        say(f"    {TIMES_10X * r['words'] / r['c10']:,.0f} words/s, peak RSS {fmt_mb(r['rss10'])}")
    else:
        r["ten_x"] = "skipped (--no-10x)"
    return r


if __name__ == "__main__":
    main()
