"""The benchmark corpus: real news articles copied until the corpus is large, each copy changed
so that no cache (spaCy's tokenizer, the date resolver, the number parser) sees the same
number, date or publication date twice as often as it would in one corpus of distinct articles.

    python bench/corpus.py OUT_DIR [--words N]      # write it, to profile or time by hand

The articles are read from `../shared/dev/articles` (30 real news passages) and the seeds
(`../shared/seeds`, or the project's `seeds/`). They are third-party texts: they are read from
there at run time and the corpus goes to a folder the caller names (a temporary one in
`bench/throughput.py`), never into the project.

Each copy (round-robin over the articles, a random.Random seeded by its number, so the corpus
is the same on every run):
- every run of digits becomes another of the same length: a year 19xx/20xx another year
  (2014-2026), a day or small number (up to 31) another from 1 to 28, others any number of
  as many digits (so "48,000", "3.5 percent" and "10-20 February" keep their form);
- ISO dates (the dev articles' first line) become another valid date;
- month and weekday names are rotated (February -> May, ...), keeping their case;
- one copy in three gets YAML front matter (`published:` a random date, `title:` its first
  line): its dates then resolve against that date, the others' against their dateline, if any.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "dev" / "articles"
SEEDS = [SHARED / "seeds", REPO / "seeds"]
CORPUS_WORDS = 1_000_000
FRONT_MATTER_EVERY = 3

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NAMES = re.compile(r"\b(" + "|".join(MONTHS + WEEKDAYS) + r")\b", re.IGNORECASE)
_ISO = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
_DIGITS = re.compile(r"\d+")


def words(text: str) -> int:
    return len(text.split())


def articles() -> list[tuple[str, str]]:
    """(file name, text) of every source article: the dev passages, then the seeds."""
    seeds = next((folder for folder in SEEDS if folder.is_dir()), None)
    if not DEV.is_dir() or seeds is None:
        raise SystemExit(f"error: the benchmark reads real articles from {DEV} and {SEEDS[0]}: not found")
    paths = sorted(DEV.glob("*.txt")) + sorted(seeds.glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def random_date(rng: random.Random) -> dt.date:
    return dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))


def perturb(text: str, rng: random.Random) -> str:
    """text with its digits, ISO dates, month and weekday names changed (see the module doc)."""
    text = _ISO.sub(lambda m: random_date(rng).isoformat(), text)
    month_shift, day_shift = rng.randrange(1, 12), rng.randrange(1, 7)

    def rename(m: re.Match) -> str:
        word = m.group(0)
        names = MONTHS if word.capitalize() in MONTHS else WEEKDAYS
        new = names[(names.index(word.capitalize()) + (month_shift if names is MONTHS else day_shift)) % len(names)]
        return new.upper() if word.isupper() else new if word[0].isupper() else new.lower()

    def renumber(m: re.Match) -> str:
        digits = m.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randrange(2014, 2027))
        if int(digits) <= 31 and not digits.startswith("0"):
            return str(rng.randrange(1, 29)) if len(digits) == 2 else str(rng.randrange(1, 10))
        first = "0" if digits.startswith("0") else str(rng.randrange(1, 10))
        return first + "".join(str(rng.randrange(10)) for _ in digits[1:])

    text = _NAMES.sub(rename, text)
    return _non_iso(text, renumber)


def _non_iso(text: str, renumber) -> str:
    """Apply renumber to every digit run outside the ISO dates (those are already new)."""
    out, at = [], 0
    for iso in _ISO.finditer(text):
        out.append(_DIGITS.sub(renumber, text[at:iso.start()]))
        out.append(iso.group(0))
        at = iso.end()
    out.append(_DIGITS.sub(renumber, text[at:]))
    return "".join(out)


def front_matter(text: str, rng: random.Random) -> str:
    lines = [line.strip() for line in text.splitlines() if len(line.split()) >= 4]
    title = next((line for line in lines if not line.startswith("undated") and not line[0].isdigit()), "untitled")
    title = title.replace('"', "'")
    return f'---\npublished: {random_date(rng).isoformat()}\ntitle: "{title[:120]}"\n---\n'


def copy(n: int, sources: list[tuple[str, str]]) -> tuple[str, str]:
    """(file name, text) of the corpus's document number n."""
    name, text = sources[n % len(sources)]
    rng = random.Random(n)
    text = perturb(text, rng)
    if n % FRONT_MATTER_EVERY == FRONT_MATTER_EVERY - 1:
        text = front_matter(text, rng) + text
    return f"{n:06d}_{name}", text


def build(dest: Path, min_words: int = CORPUS_WORDS) -> dict:
    """Write the corpus into `dest` (which must not exist): copies of the articles until it has
    at least `min_words` words. Returns its size: documents, words, bytes, sources."""
    sources = articles()
    dest.mkdir(parents=True)
    total = size = n = 0
    while total < min_words:
        name, text = copy(n, sources)
        (dest / name).write_text(text, encoding="utf-8")
        total += words(text)
        size += len(text.encode("utf-8"))
        n += 1
    return {"docs": n, "words": total, "bytes": size, "sources": len(sources)}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dest", type=Path, help="folder to create")
    p.add_argument("--words", type=int, default=CORPUS_WORDS, help=f"at least this many words (default {CORPUS_WORDS:,})")
    args = p.parse_args(argv)
    info = build(args.dest, args.words)
    print(f"{args.dest}: {info['docs']:,} documents, {info['words']:,} words, {info['bytes'] / 2**20:.1f} MiB "
          f"(copies of {info['sources']} articles)")


if __name__ == "__main__":
    main()
