"""HTML and WARC benchmark (issue 13). Not a test: run it by hand.

Usage:

    python bench/webpages.py [--pages N] [--quick] [--no-10x] [--results FILE]

Corpus: the ten real news pages of ../shared/html (read from there; their copies live only
in a temporary folder) repeated until N pages (default 500), the same pages as one
CC-NEWS-like WARC file (one gzip member per response record, written with warcio), and, for
the memory check, a WARC ten times as large. Words are those of the text trafilatura keeps
(`len(doc.text.split())`), the same words for every row, so the rows compare directly:

  (h) reading the HTML folder in process: `belsignal.read_documents` (decoding + trafilatura)
  (b) `belsignal.extract` in process on the extracted texts (plain text, already in memory)
  (r) reading and extracting the HTML folder in process: (h) then (b), the HTML path end to end
  (v) reading the same pages from one .warc.gz in process (warcio + decoding + trafilatura)
  (p) `belsignal extract TXT/ --jobs 1`: the extracted texts saved as .txt (plain text)
  (q) `belsignal extract HTML/ --jobs 1`: the same pages as HTML
  (w) `belsignal extract pages.warc.gz --jobs 1`, and its peak RSS on the 1x and the 10x WARC
(h), (b), (r), (v) are CPU seconds of this process (so that other work on a shared machine
does not count); (p), (q) and (w) are wall times of whole processes, start-up included.

The target: the 10x WARC within 1.2x the peak memory of the 1x one (records are streamed).
The table goes into bench/results.md between the markers below, after the plain-text table
that bench/throughput.py writes (which keeps this section when it rewrites the file).
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput as tp  # noqa: E402  (the sibling script: child processes, machine facts, formatting)

import belsignal  # noqa: E402

PAGES = tp.REPO.parent / "shared" / "html"
START, END = "<!-- bench/webpages.py: start -->", "<!-- bench/webpages.py: end -->"
DEFAULT_PAGES, QUICK_PAGES = 500, 100
RSS_TARGET = 1.2


def build(folder: Path, count: int) -> list[tuple[str, bytes]]:
    """`count` pages (the ten, round-robin) as NNNNN_site.html files in folder."""
    sources = sorted(PAGES.glob("*.html"))
    if not sources:
        sys.exit(f"error: no pages in {PAGES}")
    folder.mkdir(parents=True)
    pages = []
    for n in range(count):
        source = sources[n % len(sources)]
        data = source.read_bytes()
        (folder / f"{n:05d}_{source.name}").write_bytes(data)
        pages.append((f"https://{source.stem}/{n}", data))
    return pages


def write_warc(path: Path, pages: list[tuple[str, bytes]], times: int = 1) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for copy in range(times):
            for url, data in pages:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"{url}?copy={copy}", "response",
                                                              payload=io.BytesIO(data), http_headers=headers))


def cli(target: Path, out: Path, label: str) -> tuple[float, int]:
    cmd = tp.belsignal_command() + ["extract", str(target), "-f", "jsonl", "-o", str(out), "--quiet", "--jobs", "1"]
    return tp.run_child(cmd, label)


def cpu(fn):
    """(CPU seconds of this process, result) of fn()."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def measure(args: argparse.Namespace, tmp: Path) -> dict:
    count = args.pages or (QUICK_PAGES if args.quick else DEFAULT_PAGES)
    html_dir, txt_dir, out = tmp / "html", tmp / "txt", tmp / "out.jsonl"
    pages = build(html_dir, count)
    r: dict = {"pages": count, "bytes": sum(len(data) for _, data in pages), "rss10": None, "w10": None}

    tp.say(f"(h) reading {count} pages (decoding + trafilatura) ...")
    list(belsignal.read_documents([html_dir / next(p.name for p in sorted(html_dir.iterdir()))]))  # warm-up
    r["h"], docs = cpu(lambda: list(belsignal.read_documents([html_dir])))
    r["words"] = sum(len(d.text.split()) for d in docs)
    r["docs"] = len(docs)
    tp.say(f"    {r['words'] / r['h']:,.0f} words/s ({r['words']:,} words kept of {r['bytes'] / 2**20:.1f} MiB of HTML)")
    tp.say("(b) belsignal.extract on the extracted texts ...")
    list(belsignal.extract(docs[:tp.WARMUP_DOCS]))
    r["b"], _ = cpu(lambda: list(belsignal.extract(docs)))
    tp.say(f"    {r['words'] / r['b']:,.0f} words/s")
    tp.say("(r) reading and extracting the HTML pages ...")
    r["r"], _ = cpu(lambda: all(True for _ in belsignal.extract(belsignal.read_documents([html_dir]))))
    tp.say(f"    {r['words'] / r['r']:,.0f} words/s")

    txt_dir.mkdir()
    for doc in docs:
        (txt_dir / (Path(doc.id).stem + ".txt")).write_text(doc.text, encoding="utf-8")
    warm = tp.write_texts(docs[:tp.WARMUP_DOCS], tmp / "warmup")
    cli(warm, out, "")
    tp.say("(p) CLI on the extracted texts as .txt ...")
    r["p"], _ = cli(txt_dir, out, "plain text")
    tp.say(f"    {r['words'] / r['p']:,.0f} words/s")
    tp.say("(q) CLI on the HTML pages ...")
    r["q"], _ = cli(html_dir, out, "HTML")
    tp.say(f"    {r['words'] / r['q']:,.0f} words/s")

    warc = tmp / "pages.warc.gz"
    write_warc(warc, pages)
    tp.say("(v) reading the pages from one .warc.gz ...")
    r["v"], _ = cpu(lambda: all(True for _ in belsignal.read_documents([warc])))
    tp.say(f"    {r['words'] / r['v']:,.0f} words/s")
    tp.say("(w) CLI on the pages as one .warc.gz ...")
    r["w"], r["rss1"] = cli(warc, out, "WARC 1x")
    tp.say(f"    {r['words'] / r['w']:,.0f} words/s, peak RSS {tp.fmt_mb(r['rss1'])}")
    if args.ten_x:
        big = tmp / "pages-10x.warc.gz"
        write_warc(big, pages, tp.TIMES_10X)
        r["warc_sizes"] = (warc.stat().st_size, big.stat().st_size)
        tp.say(f"(w) CLI on the 10x WARC (about {tp.TIMES_10X * r['w'] / 60:.0f} min) ...")
        r["w10"], r["rss10"] = cli(big, out, "WARC 10x")
        tp.say(f"    {tp.TIMES_10X * r['words'] / r['w10']:,.0f} words/s, peak RSS {tp.fmt_mb(r['rss10'])}")
    else:
        r["warc_sizes"] = (warc.stat().st_size, None)
    return r


def section(r: dict, argv: str, info: dict) -> str:
    n = r["words"]
    ratio = None if r["rss10"] is None else r["rss10"] / r["rss1"]
    verdict = "skipped" if ratio is None else ("pass" if ratio <= RSS_TARGET else "FAIL")
    small, big = r["warc_sizes"]
    rows = [
        "| measurement | value | target | pass/fail |", "|---|---|---|---|",
        f"| (h) reading the HTML pages: decoding + trafilatura, in process (CPU) | {tp.fmt_rate(n, r['h'])} | | |",
        f"| (b) `belsignal.extract` on the extracted texts (plain text), in process (CPU) | {tp.fmt_rate(n, r['b'])} | | |",
        f"| (r) reading + extracting the HTML pages, in process (CPU) | {tp.fmt_rate(n, r['r'])} | | |",
        f"| r / b  (HTML vs plain text, in process, words/s) | {r['b'] / r['r']:.3f} | | |",
        f"| (v) reading the same pages from one .warc.gz: warcio + decoding + trafilatura, in process (CPU) "
        f"| {tp.fmt_rate(n, r['v'])} | | |",
        f"| v / h  (WARC vs HTML files, reading in process, words/s) | {r['h'] / r['v']:.3f} | | |",
        f"| (p) `belsignal extract --jobs 1` on the extracted texts as .txt (plain text) | {tp.fmt_rate(n, r['p'])} | | |",
        f"| (q) `belsignal extract --jobs 1` on the same pages as HTML | {tp.fmt_rate(n, r['q'])} | | |",
        f"| (w) `belsignal extract --jobs 1` on the same pages as one .warc.gz | {tp.fmt_rate(n, r['w'])} | | |",
        f"| q / p  (HTML vs plain text, words/s) | {r['p'] / r['q']:.3f} | | |",
        f"| peak RSS, WARC 1x ({small / 2**20:.1f} MiB) | {tp.fmt_mb(r['rss1'])} | | |",
        "| peak RSS, WARC 10x" + (f" ({big / 2**20:.1f} MiB) | {tp.fmt_mb(r['rss10'])}" if big else " | skipped")
        + " | | |",
        "| 10x peak RSS / 1x peak RSS  (WARC, CLI --jobs 1) | " + ("skipped" if ratio is None else f"{ratio:.3f}")
        + f" | <= {RSS_TARGET} | {verdict} |",
    ]
    lines = [START, "", "## HTML and WARC input (`bench/webpages.py`)", "",
             f"Produced by `python bench/webpages.py{argv}`: the ten real pages of `../shared/html` repeated to "
             f"{r['pages']:,} pages ({r['bytes'] / 2**20:.1f} MiB of HTML, {n:,} words of extracted text). "
             "Every row counts the same words (those trafilatura keeps), so the rows compare directly: "
             "r / b and q / p are the share of plain-text speed left once trafilatura's extraction is paid. "
             "(h), (b), (r), (v) are CPU seconds of the benchmark process, so that other work on a shared "
             "machine does not count; (p), (q) and (w) are wall times of whole processes, start-up included "
             "(compare them only within one run).",
             "", *rows, "",
             f"- machine: {info['CPU']}, {info['cores']} cores; load average at start {info['load']}; "
             f"load average at end {tp.load_average()}; {info['date']}; belsignal commit {info['commit']}",
             f"- versions: {info['versions']}", "", END]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace this script's section of results.md (or append it), leaving the rest as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        new = old[:old.index(START)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, help=f"how many pages (default {DEFAULT_PAGES}, {QUICK_PAGES} with --quick)")
    p.add_argument("--quick", action="store_true", help=f"{QUICK_PAGES} pages")
    p.add_argument("--no-10x", dest="ten_x", action="store_false", help="skip the 10x WARC memory run")
    p.add_argument("--results", type=Path, default=tp.RESULTS, help=f"markdown file (default: {tp.RESULTS})")
    args = p.parse_args(argv)
    info = {"CPU": tp.cpu_model(), "cores": tp.os.cpu_count(), "load": tp.load_average(),
            "date": tp.dt.datetime.now(tp.dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": tp.git_commit(),
            "versions": ", ".join(f"{name} {tp.version(name)}" for name in ("trafilatura", "warcio", "spacy"))}
    with tempfile.TemporaryDirectory(prefix="belsignal-html-bench-") as tmp:
        r = measure(args, Path(tmp))
    text = section(r, "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])), info)
    tp.say("\n" + text)
    write_section(args.results, text)
    tp.say(f"\nwrote {args.results}")


if __name__ == "__main__":
    main()
