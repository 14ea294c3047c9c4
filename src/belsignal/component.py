"""The spaCy component: number phrases and rule matches on a Doc -> signal rows in `doc._.signals`.

    nlp = spacy.blank("en"); nlp.add_pipe("sentencizer"); nlp.add_pipe("belsignal")
    doc = nlp("Russia sent about 30,000 troops into Belarus.")
    doc._.signals[0].value  # 30000

Matching comes entirely from the YAML rules (belsignal.rules); this module only wires it up.
"""
from __future__ import annotations

import dataclasses
import re
import traceback
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import numbers, spacing
from .anaphora import DocumentState
from .context import DocContext
from .errors import RuleError, RuleSetError
from .pipeline import COLUMNS, token_columns
from .rules import Rule, RuleSet, load_rules
from .triggers import TriggeredMatcher, bounded_written_out, required_words
from .signals import Signal

for _name, _default in (("bs_num", False), ("bs_counts", ""), ("bs_unit", "")):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)
def token_key(name: str, idx: int) -> tuple:
    """Where `token._.name` lives: spaCy keeps a token's extension values in Doc.user_data under
    this key (spacy/tokens/underscore.py, `_get_key`). Written straight, a number phrase's flags
    cost no Token and no Underscore object per token (tests/test_identity.py reads them back)."""
    return ("._.", name, idx, None)


for _name, _default in (("signals", None), ("published", ""), ("text", None)):
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
        self.matcher = TriggeredMatcher(self.nlp, ruleset.rules,
                                        frequent=[n for names in ruleset.actors.values() for n in names])
        # per rule, the word sets each exclude pattern needs (none: it may match anywhere); None: try them all
        self.exclude_needs: dict[str, list[list[frozenset[int]]] | None] = {}
        self.excluders: dict[tuple[str, tuple[int, ...]], Matcher] = {}  # (rule, patterns tried) -> their Matcher
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        errors = []
        for rule in ruleset.rules:
            try:
                if rule.exclude:
                    Matcher(vocab).add(rule.id, rule.exclude)  # spaCy's validation
                    self.exclude_needs[rule.id] = [required_words(vocab.strings, p) for p in rule.exclude]
            except ValueError as exc:  # spaCy's MatchPatternError
                errors.append(RuleError(f"spaCy rejects an exclude pattern: {' '.join(str(exc).split())}",
                                        rule.file, rule.line, rule.id))
            if rule.phrases:
                self.phrases.add(rule.id, list(self.nlp.tokenizer.pipe(rule.phrases)))
        if errors:
            raise RuleSetError(errors)
        self.context_matchers = DocContext.build_matchers(self.nlp, ruleset)
        self.state = DocumentState(ruleset.rules, [n for names in ruleset.actors.values() for n in names if " " not in n],
                                   ruleset.cue("not_names") + ruleset.cue("titles") + ruleset.cue("source_nouns"))

    def __call__(self, doc: Doc) -> Doc:
        if self.ruleset is None:
            self.initialize()
        try:
            text = doc._.text or doc.text  # Doc.text joins every token: read it once, or take it given
            tokenized = doc.user_data.get(TOKENIZED, text)  # the text the tokens were made from
            lower, _, starts, _, _ = token_columns(doc)
            sents = Sentences(doc, _paragraph_starts(doc, text, starts), starts)
            number_at, number_spans = self._mark_numbers(doc, text, starts)
            ctx = DocContext(doc, text, self.ruleset, self.context_matchers, doc._.published, sents, number_spans)
            candidates = self._candidates(doc, text, number_at, number_spans, starts, lower, sents, ctx)
            doc._.signals = [self._signal(doc, text, tokenized, ctx, c, sents) for c in candidates]
        except Exception as exc:  # one bad document must not stop a batch; extract() reports it
            doc._.signals = []
            doc.user_data["belsignal_error"] = f"{type(exc).__name__}: {exc}"
            doc.user_data["belsignal_traceback"] = traceback.format_exc()  # for -v
        doc.user_data.pop(COLUMNS, None)  # read by the last of its readers: not kept with the Doc
        return doc

    def _mark_numbers(self, doc: Doc, text: str, starts: list[int]) -> tuple[dict, list[tuple]]:
        """Flag the tokens of every number phrase so rules can match them (NUMBER, COUNTS, NUM_UNIT)."""
        number_at: dict[int, numbers.NumberPhrase] = {}
        spans = []
        data = doc.user_data
        for phrase in numbers.find_numbers(text):
            i, j = _token_range(starts, phrase.start, phrase.end)
            spans.append((i, j, phrase))
            for k in range(i, j):
                data[token_key("bs_num", starts[k])] = True
                data[token_key("bs_counts", starts[k])] = phrase.noun
                data[token_key("bs_unit", starts[k])] = phrase.unit
                number_at[k] = phrase
        return number_at, spans

    def _candidates(self, doc: Doc, text: str, number_at: dict, number_spans: list, starts: list[int],
                    lower: list[int], sents: "Sentences", ctx: DocContext) -> list[Candidate]:
        strings = self.nlp.vocab.strings
        matches = self.matcher(doc, number_spans, sents, lower)
        if len(self.phrases):
            matches += [(strings[k], s, e) for k, s, e in self.phrases(doc)]
        found = []
        words_of: dict[int, set[str]] = {}  # sentence start -> its lower-case words, for `requires`
        for rule_id, s, e in matches:
            rule = self.rules[rule_id]
            cand = self._anchor(doc, text, rule, s, e, number_at, starts)
            if cand is None:
                continue
            sent = sents.of(s)
            if ctx.boilerplate(sent):  # "Read more: ...", a photo caption: another article's figures
                continue
            if rule.requires:  # a set test, before the exclude patterns' Matcher call
                if sent.start not in words_of:
                    words_of[sent.start] = set(ctx.lowers[sent.start:sent.end])
                if words_of[sent.start].isdisjoint(rule.requires):
                    continue
            if rule.exclude and self._excluded(doc, rule.id, min(cand.start, s) - 1, max(cand.np_end, e) + 1, lower):
                continue
            if rule.within and not ctx.within(rule.within, sent):
                continue
            if rule.speaker and not ctx.spoken(rule.speaker, sent, cand.start):
                continue
            cand.sent_start = sent.start
            found.append(cand)
        kept = _drop_nouns_before_names(self._resolve_overlaps(found), ctx.orths)
        if self.state.active:  # rows that refer back to what the document established
            kept = self.state.apply(ctx, kept, lambda rule, s, e: Candidate(rule, s, e, None, e, sents.of(s).start))
        return kept

    def _excluded(self, doc: Doc, rule_id: str, start: int, end: int, lower: list[int]) -> bool:
        """Does one of the rule's exclude patterns overlap [start, end)? Checked on a small window, with
        only the patterns whose needed words it holds (lower: the doc's LOWER ids)."""
        ws, we = max(0, start - EXCLUDE_REACH), min(len(doc), end + EXCLUDE_REACH)
        needs, patterns = self.exclude_needs[rule_id], self.rules[rule_id].exclude
        if needs is None:
            tried = tuple(range(len(patterns)))
        else:
            present = set(lower[ws:we])
            tried = tuple(i for i, need in enumerate(needs) if all(not words.isdisjoint(present) for words in need))
            if not tried:
                return False
        matcher = self.excluders.get((rule_id, tried))
        if matcher is None:  # bounded repeats written out, as for the rules' own patterns (triggers)
            matcher = self.excluders[rule_id, tried] = Matcher(self.nlp.vocab, validate=False)
            for i in tried:
                matcher.add(rule_id, bounded_written_out(patterns[i]))
        return any(s + ws < end and e + ws > start for _, s, e in matcher(doc[ws:we]))

    def _anchor(self, doc: Doc, text: str, rule: Rule, s: int, e: int, number_at: dict, starts: list[int]) -> Candidate | None:
        """The row's text: the number phrase inside the match, or the match itself."""
        if rule.anchor != "number":
            return Candidate(rule, _after_dash(doc, s, e), e, None, e)
        # the phrase that closes the match ("support for the war fell 5 points to 12%": the level the pattern
        # ends on, not the change), else the first token's in a phrase
        phrase = number_at.get(e - 1) or next(filter(None, map(number_at.get, range(s, e))), None)
        if phrase is None:  # "a battalion", "some units": quantities find_numbers leaves alone
            # the first token from which a quantity reads: "there are [no Russian troops] left";
            # a rule with a `count` reads only from its start ("the Polonez multiple launch ... battalion")
            starts_at = [s] if rule.count is not None else [
                k for k in range(s, e) if k == s or doc[k].like_num or doc[k].lower_ in numbers.QUANTITY_STARTS]
            phrase = next((q for q in (numbers.parse_quantity(doc[k:e].text, doc[k].idx) for k in starts_at)
                           if q is not None), None)
            if phrase is None and rule.count is not None:  # "deployed the 38th brigade": one brigade
                span, noun = doc[s:e], doc[e - 1]
                phrase = numbers.NumberPhrase(span.start_char, span.end_char, span.text, rule.count, rule.count,
                                              rule.count, "exact", "", noun.lower_, noun.idx, noun.idx + len(noun))
            if phrase is None:
                return None
            if phrase.noun_end > phrase.end:  # the row's text reads "a battalion", not "a"
                phrase = dataclasses.replace(phrase, end=phrase.noun_end,
                                             text=text[phrase.start:phrase.noun_end])
        if rule.kind == "poll" and not _possible_share(phrase):
            return None  # "150% of Belarusians": a share of people lies within 0-100%
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

    def _signal(self, doc: Doc, text: str, tokenized: str, ctx: DocContext, cand: Candidate,
                sents: "Sentences") -> Signal:
        rule, phrase = cand.rule, cand.number
        if phrase is not None:
            start, end = phrase.start, phrase.end
        else:  # the match's characters, as doc[cand.start:cand.end] spans them
            start, end = ctx.idx[cand.start], ctx.idx[cand.end - 1] + len(ctx.orths[cand.end - 1])
        sent = sents.of(cand.start)
        sig = Signal(
            kind=rule.kind, text=text[start:end], start=start, end=end, rule=rule.id,
            sentence=" ".join(tokenized[sent.start_char:sent.end_char].split()),  # Span.text, without a Token per word
        )
        if phrase is not None:
            sig.value, sig.low, sig.high, sig.qualifier = phrase.value, phrase.low, phrase.high, phrase.qualifier
            sig.unit = rule.unit or ctx.unit_for(doc[cand.start:cand.np_end], phrase)
            if not sig.unit and not phrase.noun and rule.kind == "equipment":
                sig.unit = ctx.unit_before(cand.start)  # "20 tanks arrived in May and another 15 in June"
            elif rule.kind == "troops" and not phrase.noun and ctx.part_of_before(cand.start):
                # "some 20 battalion tactical groups ..., of which at least 10 crossed": a share of the formations
                sig.unit = ctx.unit_before(cand.start, formations_only=True) or sig.unit
        ctx.fill(sig, cand.start, cand.end, cand.np_end)
        return sig


EXCLUDE_REACH = 6  # tokens beyond a candidate's scope an exclude pattern may start or end
TOKENIZED = "belsignal_tokenized"  # Doc.user_data: the text tokenized, where it is not doc._.text


class Sentence:
    """A sentence's tokens [start, end) and characters [start_char, end_char): all the heuristics
    read of its Span, without making one."""

    __slots__ = ("start", "end", "start_char", "end_char")

    def __init__(self, start: int, end: int, start_char: int, end_char: int) -> None:
        self.start, self.end, self.start_char, self.end_char = start, end, start_char, end_char

    def __len__(self) -> int:
        return self.end - self.start


class Sentences:
    """Token index -> sentence, in log time (Token.sent walks the whole Doc on every call).
    Sentences are the pipeline's, also cut at paragraph breaks: headlines carry no full stop."""

    def __init__(self, doc: Doc, extra_starts: list[int] = (), idx: list[int] | None = None) -> None:
        self.doc = doc
        flagged = (doc.to_array("SENT_START") == 1).nonzero()[0].tolist()
        self.starts = sorted({0, *extra_starts, *flagged})
        self.idx = doc.to_array("IDX").tolist() if idx is None else idx  # each token's first character
        self._sents: dict[int, Sentence | Span] = {}

    def of(self, i: int) -> Sentence | Span:
        k = bisect_right(self.starts, i) - 1
        sent = self._sents.get(k)
        if sent is None:
            start = self.starts[k]
            end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.doc)
            if end > start:
                last = self.doc[end - 1]
                sent = Sentence(start, end, self.idx[start], last.idx + len(last))
            else:  # the one sentence of an empty Doc
                sent = self.doc[start:end]
            self._sents[k] = sent
        return sent


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _token_range(starts: list[int], start_char: int, end_char: int) -> tuple[int, int]:
    """Tokens covering [start_char, end_char): like Doc.char_span(alignment_mode="expand"), in log time."""
    return max(0, bisect_right(starts, start_char) - 1), max(bisect_left(starts, end_char), 1)


def _paragraph_starts(doc: Doc, text: str, starts: list[int]) -> list[int]:
    """Indices of the first token of each paragraph after a blank line, and of each line after a
    heading, dateline or list item (a short line with no full stop)."""
    found = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)] + spacing.line_breaks(text)
    return [i for i in (bisect_left(starts, c) for c in found) if i < len(doc)]


def _after_dash(doc: Doc, s: int, e: int) -> int:
    """Where a row of words starts: after a dash set off by spaces or opening it ("Monday - exercises",
    "- drills"); the exercise modifiers let in a hyphen for "large-scale", not a dash between phrases."""
    for j in range(e - 2, s - 1, -1):
        if doc[j].text in ("-", "–", "—") and (j == s or doc[j - 1].whitespace_ and doc[j].whitespace_):
            return j + 1
    return s


def _possible_share(phrase: numbers.NumberPhrase) -> bool:
    return all(x is None or 0 <= x <= 100 for x in (phrase.value, phrase.low, phrase.high))


_QUOTES = frozenset('"“”«»‘’\'')


def _drop_nouns_before_names(kept: list[Candidate], orths: list[str]) -> list[Candidate]:
    """'the air force drills Allied Resolve', 'the exercise “Zapad”': a noun right before a name
    is the name's; the name's row says it (one mention, one row)."""
    named = {(c.rule.kind, c.start) for c in kept if c.rule.names}
    if not named:
        return kept

    def before_name(c: Candidate) -> bool:
        end = c.end + (c.end < len(orths) and orths[c.end] in _QUOTES)
        return c.number is None and not c.rule.names and (c.rule.kind, end) in named

    return [c for c in kept if not before_name(c)]


def _clash(a: Candidate, b: Candidate) -> bool:
    """Two candidates overlap and say the same thing: same kind, or both read one number."""
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.rule.kind == b.rule.kind or (a.number is not None and b.number is not None))


