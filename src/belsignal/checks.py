"""Run every rule's own examples: sentences that must match (with the fields they must
produce) and sentences that must not. Used by `belsignal rules check` and by the tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .evaluate import same
from .rules import Example, Rule, RuleSet
from .signals import Signal


@dataclass
class ExampleResult:
    rule: str
    label: str  # "match:0", "no_match:1"
    text: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_examples(ruleset: RuleSet, only_dirs: list[Path] | None = None) -> list[ExampleResult]:
    """Check the examples of every rule (or of the rules from `only_dirs`). A rule without a
    `match` example fails: nothing shows what it matches; and one without a `no_match` example:
    nothing shows that it does not match everything (`{TEXT: {REGEX: "."}}` would)."""
    rules = [r for r in ruleset.rules if only_dirs is None or _in_dirs(r, only_dirs)]
    cases = [(rule, f"match:{i}", ex) for rule in rules for i, ex in enumerate(rule.matches)]
    cases += [(rule, f"no_match:{i}", ex) for rule in rules for i, ex in enumerate(rule.no_matches)]
    rows = _extract_each(ruleset, [ex for _, _, ex in cases])
    results = [_judge(rule, label, ex, found) for (rule, label, ex), found in zip(cases, rows)]
    return results + [ExampleResult(rule.id, "examples", "", [f"{rule.where}: the rule has no '{key}' example"])
                      for rule in rules for key, given in (("match", rule.matches), ("no_match", rule.no_matches))
                      if not given]


def _in_dirs(rule: Rule, dirs: list[Path]) -> bool:
    path = Path(rule.file).resolve()
    return any(path.is_relative_to(Path(d).resolve()) for d in dirs)


def _extract_each(ruleset: RuleSet, examples: list[Example]) -> list[list[Signal]]:
    from .documents import Document
    from .extract import extract

    docs = [Document(id=str(i), text=ex.text, published=str(ex.expect.get("published", "")))
            for i, ex in enumerate(examples)]
    rows: list[list[Signal]] = [[] for _ in examples]
    for sig in extract(docs, ruleset):
        rows[int(sig.doc)].append(sig)
    return rows


def _judge(rule: Rule, label: str, ex: Example, rows: list[Signal]) -> ExampleResult:
    result = ExampleResult(rule.id, label, ex.text)
    mine = [s for s in rows if s.rule == rule.id]
    if label.startswith("no_match"):
        if mine:
            result.problems.append(f"expected no match, got {[s.text for s in mine]}")
        return result
    span = ex.expect.get("span")
    if span is not None:
        mine = [s for s in mine if s.text == span]
    if not mine:
        got = [f"{s.text!r} ({s.rule})" for s in rows]
        result.problems.append(f"expected a match{f' on {span!r}' if span else ''}, got {got or 'nothing'}")
        return result
    row = mine[0].to_dict()
    for key, want in ex.expect.items():
        if key in ("span", "text", "published"):
            continue
        if not same(key, want, row.get(key)) if key in ("value", "low", "high", "source") else \
                str(want).lower() != str(row.get(key) or "").lower():
            result.problems.append(f"{key}: expected {want!r}, got {row.get(key)!r}")
    return result
