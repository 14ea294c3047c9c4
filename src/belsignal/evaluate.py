"""Score predicted signals against gold annotations, exactly as ../shared/tools/score.py does.

A prediction matches a gold row when `doc` and `kind` are equal and its [start, end) overlaps
the gold text's span (the `occurrence`-th occurrence of `text` in the document); each gold
row and each prediction match at most once. Field accuracy is over matched pairs.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .errors import InputError

FIELDS = ("value", "low", "high", "qualifier", "unit", "actor", "modality", "date", "source")


def read_jsonl(path: str | Path) -> list[dict]:
    """The objects of a JSONL file (gold or predictions). A FIFO (`--pred <(belsignal extract
    ...)`) is read to its end, never waited on for ever; binary or endless input is an error."""
    from .documents import SNIFF_BYTES, binary_kind, read_bytes

    problems: list = []
    data = read_bytes(Path(path), problems.append)
    kind = binary_kind(data[:SNIFF_BYTES]) if data is not None else ""
    if data is None or kind or problems:  # problems: endless, or a FIFO with nothing to read
        raise InputError(f"{path}: " + (f"binary file ({kind})" if kind else problems[0].reason))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    rows = []
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 may sit inside a string
        line = line.strip()
        if not line:
            continue
        try:
            rows.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise InputError(f"{path}:{n}: not JSON: {exc}") from None
    return rows


def gold_spans(gold: list[dict], docs: str | Path) -> list[dict]:
    """Add start/end to each gold row by finding its text in the document."""
    texts: dict[str, str] = {}
    out = []
    for g in gold:
        doc = g["doc"]
        if doc not in texts:
            try:
                texts[doc] = (Path(docs) / doc).read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(f"gold: {doc}: cannot read document: {exc.strerror}") from None
        text, needle, k = texts[doc], g["text"], int(g.get("occurrence", 1))
        pos = -1
        for _ in range(k):
            pos = text.find(needle, pos + 1)
            if pos < 0:
                raise InputError(f"gold: {doc}: {needle!r} occurrence {k} not found")
        out.append({**g, "start": pos, "end": pos + len(needle)})
    return out


def same(field: str, gold, pred) -> bool:
    if field in ("value", "low", "high"):
        if gold in (None, ""):
            return pred in (None, "")
        try:
            g, p = float(gold), float(pred)
        except (TypeError, ValueError):
            return False
        return abs(g - p) <= 0.005 * max(abs(g), 1.0)
    g, p = str(gold or "").strip().lower(), str(pred or "").strip().lower()
    if field == "source" and g and p:
        return g in p or p in g
    return g == p


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Per-kind and overall P/R/F1, field accuracy, and the misses, extras and wrong fields."""
    by_key = defaultdict(list)
    for i, p in enumerate(pred):
        by_key[(p.get("doc"), p.get("kind"))].append(i)
    used: set[int] = set()
    pairs, misses = [], []
    for g in gold:
        best = None
        for i in by_key[(g["doc"], g["kind"])]:
            if i in used:
                continue
            try:
                ps, pe = int(pred[i]["start"]), int(pred[i]["end"])
            except (KeyError, TypeError, ValueError):
                continue
            overlap = min(pe, g["end"]) - max(ps, g["start"])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, i)
        if best is None:
            misses.append(g)
        else:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    extra = [p for i, p in enumerate(pred) if i not in used]
    kinds = sorted({g["kind"] for g in gold} | {p.get("kind") for p in pred if p.get("kind")})
    per_kind = {k: _prf(k, pairs, misses, extra) for k in kinds + ["ALL"]}
    fields = {}
    for f in FIELDS:
        scored = [(g, p) for g, p in pairs if f in g]
        ok = sum(1 for g, p in scored if same(f, g[f], p.get(f)))
        fields[f] = {"n": len(scored), "accuracy": round(ok / len(scored), 3) if scored else None}
    wrong = [(g, p) for g, p in pairs if any(f in g and not same(f, g[f], p.get(f)) for f in FIELDS)]
    return {"kinds": per_kind, "fields": fields, "misses": misses, "extra": extra, "wrong": wrong}


def _prf(kind: str, pairs, misses, extra) -> dict:
    tp = sum(1 for g, _ in pairs if kind in ("ALL", g["kind"]))
    fn = sum(1 for g in misses if kind in ("ALL", g["kind"]))
    fp = sum(1 for p in extra if kind in ("ALL", p.get("kind")))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}


def report(result: dict, show_misses: bool = False) -> str:
    """The score as text, line for line as score.py prints it."""
    lines = [f"{'kind':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}"]
    for k, s in result["kinds"].items():
        lines.append(f"{k:<10} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>6} {s['recall']:>6} {s['f1']:>6}")
    lines.append("field accuracy on matched signals:")
    for f, s in result["fields"].items():
        lines.append(f"  {f:<10} {s['accuracy'] if s['accuracy'] is not None else '-':>6}  (n={s['n']})")
    if show_misses:
        for g in result["misses"]:
            lines.append(f"MISS  {g['doc']} {g['kind']:<9} {g['text']!r}")
        for p in result["extra"]:
            lines.append(f"EXTRA {p.get('doc')} {p.get('kind'):<9} {p.get('text')!r}")
        for g, p in result["wrong"]:
            diffs = {f: (g[f], p.get(f)) for f in FIELDS if f in g and not same(f, g[f], p.get(f))}
            lines.append(f"WRONG {g['doc']} {g['kind']:<9} {g['text']!r} gold/pred: {diffs}")
    return "\n".join(lines)
