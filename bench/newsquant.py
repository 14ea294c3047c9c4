"""Score `belsignal.numbers` on NewsQuant, the external check of number parsing (issue 11).

Usage:

    python bench/newsquant.py [NEWSQUANT_JSON] [--misses]

NEWSQUANT_JSON  default: ../shared/bench/newsquant/NewsQuant.json beside the project root.
                It is a third-party data set: read from there, never copied into the project.
--misses        also print every sentence where a gold quantity was not found or a
                prediction was not paired, and every qualifier disagreement.

The convention is the CQE paper's (see the README beside NewsQuant.json): `find_numbers`
reads each whole sentence; its numbers are paired one-to-one with the gold quantities of
the sentence by value (relative tolerance 1e-5; a range pairs on both ends); value
precision = pairs / predicted, recall = pairs / gold. Qualifier accuracy is over the pairs,
with the gold's `change` mapped `=`, `up`, `down` -> exact, `~` -> approx, `>` -> at_least,
`<` -> at_most, and a gold range `a-b` -> range.

How a belsignal number phrase is written as a NewsQuant value (the two conventions differ
only in form, never in what was read):
- exact/approx/at_least/at_most: its `value`; a range: (`low`, `high`), ends compared in
  increasing order (NewsQuant writes "from 36,040 to 34,935" as 36040-34935);
- a vague magnitude ("thousands", low 1000): NewsQuant writes the order of magnitude it
  names, 1000-10000, so low L becomes the range L..10L, and `vague` agrees with `range`;
- a share written as a fraction ("a third of", "1/16 of": 33.3333 and 6.25 percent):
  NewsQuant writes the fraction, so the value is divided by 100; a vague share ("the
  majority") names no number and is not a prediction.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from belsignal.numbers import NumberPhrase, find_numbers

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "newsquant" / "NewsQuant.json"
TARGETS = {"value_f1": 0.90, "qualifier_accuracy": 0.95}
CHANGE_QUALIFIER = {"=": "exact", "up": "exact", "down": "exact", "~": "approx", ">": "at_least", "<": "at_most"}
_RANGE = re.compile(r"\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*-\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*")
_WRITTEN_SHARE = re.compile(r"%|percent|per\s*cent|pct|pc\b", re.IGNORECASE)


def gold_value(q: dict) -> float | tuple[float, float]:
    """A gold value: a float, or a (low, high) range for "a-b" (a leading minus is a sign)."""
    m = _RANGE.fullmatch(q["value"])
    if m and not q["value"].strip().startswith("-"):
        return tuple(sorted((float(m.group(1)), float(m.group(2)))))
    return float(q["value"])


def gold_qualifier(q: dict) -> str:
    return "range" if isinstance(gold_value(q), tuple) else CHANGE_QUALIFIER[q["change"]]


def predicted_value(p: NumberPhrase) -> float | tuple[float, float] | None:
    """The phrase as a NewsQuant value (see the module docs); None when it names no number."""
    if p.qualifier == "range":
        return (p.low, p.high)
    if p.qualifier == "vague":
        return None if p.low is None or p.unit == "percent" else (p.low, 10 * p.low)
    if p.unit == "percent" and not _WRITTEN_SHARE.search(p.text):
        return p.value / 100  # "a third of" -> 1/3
    return p.value


def same_value(a, b) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-8) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def same_qualifier(predicted: str, gold: str) -> bool:
    return predicted == gold or (predicted == "vague" and gold == "range")


def pair(golds: list[dict], preds: list[NumberPhrase]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs by value; a pair that also agrees on
    the qualifier is preferred when a value occurs more than once."""
    used: set[int] = set()
    pairs = []
    for gi, q in enumerate(golds):
        want = gold_value(q)
        fits = [pi for pi, p in enumerate(preds) if pi not in used and same_value(predicted_value(p), want)]
        if fits:
            best = next((pi for pi in fits if same_qualifier(preds[pi].qualifier, gold_qualifier(q))), fits[0])
            used.add(best)
            pairs.append((gi, best))
    return pairs


def score(path: Path = DEFAULT, misses=None) -> dict:
    """Value P/R/F1 and qualifier accuracy of find_numbers on the NewsQuant file at `path`.

    `misses`, if given, is called with (sentence, unpaired gold, unpaired predictions,
    qualifier disagreements) for every sentence that has any."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    n_gold = n_pred = n_pairs = n_qual = 0
    for item in data:
        golds = item["quantities"]
        preds = [p for p in find_numbers(item["text"]) if predicted_value(p) is not None]
        pairs = pair(golds, preds)
        n_gold, n_pred, n_pairs = n_gold + len(golds), n_pred + len(preds), n_pairs + len(pairs)
        wrong_qual = [(golds[g], preds[p]) for g, p in pairs
                      if not same_qualifier(preds[p].qualifier, gold_qualifier(golds[g]))]
        n_qual += len(pairs) - len(wrong_qual)
        if misses is not None:
            paired_g, paired_p = {g for g, _ in pairs}, {p for _, p in pairs}
            lost = [q for i, q in enumerate(golds) if i not in paired_g]
            extra = [p for i, p in enumerate(preds) if i not in paired_p]
            if lost or extra or wrong_qual:
                misses(item["text"], lost, extra, wrong_qual)
    precision = n_pairs / n_pred if n_pred else 0.0
    recall = n_pairs / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sentences": len(data), "gold": n_gold, "predicted": n_pred, "pairs": n_pairs,
            "value_precision": precision, "value_recall": recall, "value_f1": f1,
            "qualifier_accuracy": n_qual / n_pairs if n_pairs else 0.0}


def _print_misses(text: str, lost: list[dict], extra: list[NumberPhrase], wrong_qual: list) -> None:
    print(text)
    for q in lost:
        print(f"  missed    {q['value']} ({q['change']} {q['unit']})")
    for p in extra:
        print(f"  extra     {p.text!r} -> {predicted_value(p)} {p.qualifier}")
    for q, p in wrong_qual:
        print(f"  qualifier {p.text!r}: {p.qualifier}, gold {gold_qualifier(q)} ({q['change']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="print what was missed, extra or mis-qualified")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"Error: {args.path}: no such file (NewsQuant lives in ../shared/bench/newsquant)", file=sys.stderr)
        return 2
    s = score(args.path, _print_misses if args.misses else None)
    print(f"NewsQuant: {s['sentences']} sentences, {s['gold']} gold quantities, {s['predicted']} predicted, "
          f"{s['pairs']} paired")
    print(f"value      P {s['value_precision']:.3f}  R {s['value_recall']:.3f}  F1 {s['value_f1']:.3f}"
          f"   (target F1 >= {TARGETS['value_f1']:.2f})")
    print(f"qualifier  accuracy on pairs {s['qualifier_accuracy']:.3f}"
          f"   (target >= {TARGETS['qualifier_accuracy']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
