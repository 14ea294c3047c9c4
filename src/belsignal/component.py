"""The spaCy component: number phrases and rule matches on a Doc -> signal rows in `doc._.signals`.

    nlp = spacy.blank("en"); nlp.add_pipe("sentencizer"); nlp.add_pipe("belsignal")
    doc = nlp("Russia sent about 30,000 troops into Belarus.")
    doc._.signals[0].value  # 30000

Matching comes entirely from the YAML rules (belsignal.rules); this module only wires it up.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import numbers
from .context import DocContext
from .errors import RuleError, RuleSetError
from .rules import Rule, RuleSet, load_rules
from .signals import Signal

for _name, _default in (("bs_num", False), ("bs_counts", ""), ("bs_unit", "")):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
for _name, _default in (("signals", None), ("published", "")):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory(
    "belsignal",
    default_config={"rules_dirs": [], "builtin_rules": True},
)
def make_belsignal(nlp: Language, name: str, rules_dirs: list[str], builtin_rules: bool) -> "SignalRuler":
    return SignalRuler(nlp, name, rules_dirs=rules_dirs, builtin_rules=builtin_rules)


@dataclass
class Candidate:
    rule: Rule
    start: int  # token span of the row's `text`
    end: int
    number: numbers.NumberPhrase | None
    np_end: int  # token after the counted noun (or after the match), for context
    sent_start: int = 0


class SignalRuler:
    """Finds signals with matchers built from a RuleSet. Rules load on first use or via add_rules()."""

    def __init__(self, nlp: Language, name: str = "belsignal", *, rules_dirs=(), builtin_rules=True):
        self.nlp, self.name = nlp, name
        self.rules_dirs, self.builtin_rules = list(rules_dirs), builtin_rules
        self.ruleset: RuleSet | None = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        self.add_rules(load_rules(self.rules_dirs, self.builtin_rules))

    def add_rules(self, ruleset: RuleSet) -> None:
        """Build the matchers for `ruleset` (once per rule set and process)."""
        vocab = self.nlp.vocab
        self.ruleset = ruleset
        self.rules = {r.id: r for r in ruleset.rules}
        self.order = {r.id: i for i, r in enumerate(ruleset.rules)}
        self.matcher = Matcher(vocab, validate=True)
        self.excluder = Matcher(vocab)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        errors = []
        for rule in ruleset.rules:
            try:
                if rule.patterns:
                    self.matcher.add(rule.id, rule.patterns, greedy="LONGEST")
                if rule.exclude:
                    self.excluder.add(rule.id, rule.exclude)
            except ValueError as exc:  # spaCy's MatchPatternError
                errors.append(RuleError(f"spaCy rejects a pattern: {' '.join(str(exc).split())}",
                                        rule.file, rule.line, rule.id))
            if rule.phrases:
                self.phrases.add(rule.id, list(self.nlp.tokenizer.pipe(rule.phrases)))
        if errors:
            raise RuleSetError(errors)
        self.context_matchers = DocContext.build_matchers(self.nlp, ruleset)

    def __call__(self, doc: Doc) -> Doc:
        if self.ruleset is None:
            self.initialize()
        try:
            starts = doc.to_array("IDX").tolist()
            _paragraphs_end_sentences(doc, starts)
            number_at = self._mark_numbers(doc, starts)
            candidates = self._candidates(doc, number_at, starts)
            ctx = DocContext(doc, self.ruleset, self.context_matchers, doc._.published)
            doc._.signals = [self._signal(doc, ctx, c) for c in candidates]
        except Exception as exc:  # one bad document must not stop a batch; extract() reports it
            doc._.signals = []
            doc.user_data["belsignal_error"] = f"{type(exc).__name__}: {exc}"
        return doc

    def _mark_numbers(self, doc: Doc, starts: list[int]) -> dict[int, numbers.NumberPhrase]:
        """Flag the tokens of every number phrase so rules can match them (NUMBER, COUNTS, NUM_UNIT)."""
        number_at: dict[int, numbers.NumberPhrase] = {}
        for phrase in numbers.find_numbers(doc.text):
            i, j = _token_range(starts, phrase.start, phrase.end)
            for token in doc[i:j]:
                token._.bs_num = True
                token._.bs_counts = phrase.noun
                token._.bs_unit = phrase.unit
                number_at[token.i] = phrase
        return number_at

    def _candidates(self, doc: Doc, number_at: dict, starts: list[int]) -> list[Candidate]:
        matches = self.matcher(doc) + self.phrases(doc)
        excluded: dict[str, list[tuple[int, int]]] = {}
        for key, s, e in self.excluder(doc):
            excluded.setdefault(self.nlp.vocab.strings[key], []).append((s, e))
        found = []
        for key, s, e in matches:
            rule = self.rules[self.nlp.vocab.strings[key]]
            cand = self._anchor(doc, rule, s, e, number_at, starts)
            if cand is None:
                continue
            scope = (max(cand.start, s) - 1, max(cand.np_end, e) + 1)
            if any(xs < scope[1] and xe > scope[0] for xs, xe in excluded.get(rule.id, ())):
                continue
            sent = doc[s].sent
            if rule.requires and not _sentence_has(sent, rule.requires):
                continue
            cand.sent_start = sent.start
            found.append(cand)
        return self._resolve_overlaps(found)

    def _anchor(self, doc: Doc, rule: Rule, s: int, e: int, number_at: dict, starts: list[int]) -> Candidate | None:
        """The row's text: the number phrase inside the match, or the match itself."""
        if rule.anchor != "number":
            return Candidate(rule, s, e, None, e)
        phrase = next((number_at[i] for i in range(s, e) if i in number_at), None)
        if phrase is None:  # "a battalion", "some units": quantities find_numbers leaves alone
            span = doc[s:e]
            phrase = numbers.parse_quantity(span.text, span.start_char)
            if phrase is None:
                return None
            if phrase.noun_end > phrase.end:  # the row's text reads "a battalion", not "a"
                phrase = dataclasses.replace(phrase, end=phrase.noun_end,
                                             text=doc.text[phrase.start:phrase.noun_end])
        i, j = _token_range(starts, phrase.start, phrase.end)
        np_end = _token_range(starts, phrase.noun_start, phrase.noun_end)[1] if phrase.noun_start >= 0 else j
        return Candidate(rule, i, j, phrase, max(j, np_end))

    def _resolve_overlaps(self, found: list[Candidate]) -> list[Candidate]:
        """One row per number phrase (earlier rules win); overlapping matches of a kind keep the
        longest; a secondary rule yields only where nothing else of its kind matched the sentence,
        and once per sentence."""
        kept: list[Candidate] = []
        for cand in sorted(found, key=lambda c: (c.rule.secondary, self.order[c.rule.id], -(c.end - c.start))):
            if any(_clash(k, cand) for k in kept):
                continue
            if cand.rule.secondary and any(
                k.rule.kind == cand.rule.kind and k.sent_start == cand.sent_start for k in kept
            ):
                continue
            kept.append(cand)
        return sorted(kept, key=lambda c: (c.start, c.end, self.order[c.rule.id]))

    def _signal(self, doc: Doc, ctx: DocContext, cand: Candidate) -> Signal:
        rule, phrase = cand.rule, cand.number
        span = doc[cand.start:cand.end]
        start, end = (phrase.start, phrase.end) if phrase is not None else (span.start_char, span.end_char)
        sig = Signal(
            kind=rule.kind, text=doc.text[start:end], start=start, end=end, rule=rule.id,
            sentence=" ".join(span.sent.text.split()),
        )
        if phrase is not None:
            sig.value, sig.low, sig.high, sig.qualifier = phrase.value, phrase.low, phrase.high, phrase.qualifier
            sig.unit = rule.unit or ctx.unit_for(doc[cand.start:cand.np_end], phrase)
        ctx.fill(sig, cand.start, cand.end, cand.np_end)
        return sig


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _token_range(starts: list[int], start_char: int, end_char: int) -> tuple[int, int]:
    """Tokens covering [start_char, end_char): like Doc.char_span(alignment_mode="expand"), in log time."""
    return max(0, bisect_right(starts, start_char) - 1), max(bisect_left(starts, end_char), 1)


def _paragraphs_end_sentences(doc: Doc, starts: list[int]) -> None:
    """A blank line ends a sentence: headlines and captions carry no full stop."""
    if doc.has_annotation("DEP"):
        return  # a trained parser owns the sentence boundaries
    for m in _PARAGRAPH_BREAK.finditer(doc.text):
        i = bisect_left(starts, m.end())
        if i < len(doc):
            doc[i].is_sent_start = True


def _clash(a: Candidate, b: Candidate) -> bool:
    """Two candidates overlap and say the same thing: same kind, or both read one number."""
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.rule.kind == b.rule.kind or (a.number is not None and b.number is not None))


def _sentence_has(sent: Span, words: list[str]) -> bool:
    lowered = {t.lower_ for t in sent}
    return any(w in lowered for w in words)
