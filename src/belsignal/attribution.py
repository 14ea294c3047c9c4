"""Who a signal is attributed to: the `source` column.

A mixin of belsignal.context.DocContext. It finds attributions in a sentence ("X said",
"said X, chief of ...", "according to X", "a survey by X found", "the ministry announced"),
resolves "he said" and "the group reported" to the last named speaker of the paragraph (or
the two before it), and gives a quoted signal the attribution of the sentence that opens or
closes its quotation. The verbs and nouns involved are cue lists in rules/cues.yaml.
"""
from __future__ import annotations

import re
from functools import cached_property

from spacy.tokens import Span

CONNECTORS = {"of", "for", "the", "and", "on", "de", "al"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
SKIP_BEFORE_VERB = {"has", "have", "had", "was", "were", "is", "are", "also", "later", "then",
                    "already", "again", "once", "not", "never", "earlier", "recently", "previously",
                    "himself", "herself", "itself", "themselves"}
SOURCE_MODIFIERS = {"military", "defence", "defense", "foreign", "state", "interior", "security", "top",
                    "senior", "local", "western", "ukrainian", "russian", "belarusian"}
_QUOTE = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*\"", re.MULTILINE)


class Attribution:
    """Source finding over a DocContext's doc, sentences, cues and paragraphs."""

    def source(self, kind: str, sent: Span, start: int) -> str:
        found = self.attributions(sent)
        if found:
            # a named source over a generic one ("a survey found ..., according to Ryhor Astapenia");
            # then the attribution governing the signal from before it; else the nearest after it
            named = [a for a in found if any(ch.isupper() for ch in a[1])] or found
            before = [a for a in named if a[0] <= start]  # a denial's own verb counts
            return before[-1][1] if before else min(named, key=lambda a: abs(a[0] - start))[1]
        quoted = self._quote_source(start)
        if quoted:
            return quoted
        if kind == "denial" and self.doc[start].is_lower:  # "Kovalenko called the reports fake"
            subject = self._subject_of(start, sent)
            if subject:
                return subject
        if kind == "poll":  # a poll's later figures come from the same survey
            return self.last_source.get((kind, self.paragraph_of(self.doc[start].idx)), "")
        return ""

    def attributions(self, sent: Span) -> list[tuple[int, str, str]]:
        """(verb token, source name, 'person'|'org') for every attribution in the sentence."""
        if sent.start in self._attributions:
            return self._attributions[sent.start]
        self._attributions[sent.start] = []  # guards the recursion through pronoun resolution
        found: list[tuple[int, str, str]] = []
        for s, e in self.cues["according"]:
            if sent.start <= s and e <= sent.end:
                name = self._name_after(e, sent.end)
                if name:
                    found.append((s, name, self._name_type(name)))
        participles = {(s, e) for s, e in self.cues["participles"]}
        for s, e in self.cues["attribution"]:
            if not (sent.start <= s and e <= sent.end):
                continue
            earlier = [a for a in found if a[0] < s]
            if (s, e) in participles:  # "..., said X, noting that": X again; else the clause's subject
                name = earlier[-1][1] if earlier else self._first_source_in(sent.start, s)
            else:
                name = self._subject_of(s, sent) or (self._name_after(e, sent.end, adjacent=True)
                                                     if self._inverted(s, sent) else "")
            if not name and earlier and self.doc[s - 1].lower_ in ("and", ","):
                name = earlier[-1][1]  # "published video ..., and said that"
            if name and not self._is_population(name):
                found.append((s, name, self._name_type(name)))
        found.sort()
        self._attributions[sent.start] = found
        return found

    def _inverted(self, verb: int, sent: Span) -> bool:
        """'..., said Viktor Gulevich' / '“...,” says X': the speaker follows the verb."""
        prev = self._previous_word(verb, sent)
        return prev is None or prev.is_punct or prev.is_quote

    def _previous_word(self, i: int, sent: Span):
        j = i - 1
        while j >= sent.start and self.doc[j].is_space:
            j -= 1
        return self.doc[j] if j >= sent.start else None

    def _is_population(self, name: str) -> bool:
        """'Belarusians said they opposed': a people, not a source."""
        return " " not in name and name.lower() in self._actor_names and name.lower().endswith("s")

    @cached_property
    def _actor_names(self) -> dict[str, str]:
        return {n.lower(): a for a, names in self.ruleset.actors.items() for n in names}

    def _subject_of(self, verb: int, sent: Span) -> str:
        doc, w = self.doc, self.words
        j = verb - 1
        while j >= sent.start and (doc[j].lower_ in SKIP_BEFORE_VERB or doc[j].lower_.endswith("ly")):
            j -= 1
        if j < sent.start:
            return ""
        acronym = ""
        if doc[j].text == ")":  # "The International Institute for Strategic Studies (IISS) puts"
            close = j
            while j > sent.start and doc[j].text != "(":
                j -= 1
            acronym = doc[j:close + 1].text if close - j == 2 and doc[j + 1].is_upper else ""
            j -= 1
            if j < sent.start:
                return ""
        tok = doc[j]
        if tok.is_quote or (tok.is_punct and tok.text != ","):
            return ""  # '“...,” said X': the speaker follows the verb
        if tok.lower_ in ("he", "she"):
            return self._resolve_pronoun(sent)
        if tok.lower_ == "it" or (tok.lower_ in w["group_anaphora"] and j > sent.start
                                  and doc[j - 1].lower_ == "the"):
            return self._resolve_group(sent)
        name = ""
        if is_capitalised(tok):
            name = self._capitalised_run_ending(j, sent.start)
            if name and acronym:
                return f"{name} {acronym}"
        elif tok.lower_ in w["source_nouns"]:
            name = self._source_phrase_ending(j, sent.start)
        elif tok.text == ",":
            name = self._appositive_name(j, sent)
        # "A Chatham House survey conducted in September found": the source noun further back
        return name or self._last_source_noun(sent.start, j)

    def _last_source_noun(self, start: int, end: int) -> str:
        """The source phrase nearest before `end` in the clause: a subject with words after it."""
        doc = self.doc
        floor = start
        for k in range(end, start - 1, -1):
            if doc[k].text in (";", ":", "—", "–") or doc[k].lower_ in ("that", "which", "who"):
                floor = k + 1
                break
        for k in range(end - 1, floor - 1, -1):
            if doc[k].lower_ in self.words["source_nouns"]:
                return self._source_phrase_ending(k, floor)
        return ""

    def _source_phrase_ending(self, j: int, floor: int) -> str:
        """'the Belarusian authorities', 'military leaders'; 'Lukashenka and his generals' -> Lukashenka;
        'Poll of “Belarusian Analytical Workroom”' -> the name after 'of'/'by'."""
        doc, w = self.doc, self.words
        if doc[j].lower_ in w["study_nouns"] and j + 2 < len(doc) and doc[j + 1].lower_ in ("of", "by", "from"):
            k = j + 2
            while k < len(doc) and (doc[k].is_quote or doc[k].lower_ == "the"):
                k += 1
            owner = self._capitalised_run_from(k, min(len(doc), k + 8), connectors=True)
            if owner:
                return owner
        k = j
        while k - 1 >= floor and (is_capitalised(doc[k - 1]) or doc[k - 1].lower_ in w["source_nouns"]
                                  or doc[k - 1].lower_ in SOURCE_MODIFIERS):
            k -= 1
        if k - 2 >= floor and doc[k - 1].lower_ in ("his", "her", "their", "its") and doc[k - 2].lower_ == "and" \
                and k - 3 >= floor and is_capitalised(doc[k - 3]):
            return self._capitalised_run_ending(k - 3, floor)
        while k < j and doc[k].lower_ in DETERMINERS:
            k += 1
        return _clean_name(doc[k:j + 1].text)

    def _first_source_in(self, start: int, end: int) -> str:
        """The first name or source phrase in a stretch: the subject a participle refers to."""
        doc, w = self.doc, self.words
        for j in range(start, end):
            if doc[j].lower_ in w["source_nouns"]:
                while j + 1 < end and doc[j + 1].lower_ in w["source_nouns"]:  # "military leaders"
                    j += 1
                return self._source_phrase_ending(j, start)
        return ""

    def _capitalised_run_ending(self, j: int, floor: int) -> str:
        doc = self.doc
        k = j
        while k - 1 >= floor and (
            is_capitalised(doc[k - 1])
            or (doc[k - 1].lower_ in CONNECTORS and k - 2 >= floor and is_capitalised(doc[k - 2]))
        ):
            k -= 1
        return self._trim_name(doc[k:j + 1])

    def _trim_name(self, span) -> str:
        """Drop leading connectors and words that never start a name ('However', 'President')."""
        words = [t for t in span if not t.is_space]
        while words and (words[0].lower_ in CONNECTORS or words[0].lower_ in self.words["not_names"]):
            words = words[1:]
        if not words:
            return ""
        return _clean_name(self.doc[words[0].i:words[-1].i + 1].text)

    def _appositive_name(self, comma: int, sent: Span) -> str:
        """'General Oleksii Hromov, deputy director of ..., said': the name-like comma segment."""
        doc = self.doc
        end = comma
        for j in range(comma - 1, sent.start - 2, -1):
            if j < sent.start or doc[j].text in (",", "”", "“", '"'):
                seg = doc[j + 1:end]
                words = [t for t in seg if not t.is_punct and not t.is_space]
                if 1 <= len(words) <= 5 and all(is_capitalised(t) or t.lower_ in CONNECTORS for t in words):
                    name = self._trim_name(seg)
                    if name:
                        return name
                if j < sent.start or doc[j].text in ("”", "“", '"'):
                    return ""
                end = j
        return ""

    def _name_after(self, i: int, limit: int, adjacent: bool = False) -> str:
        """The name after 'according to' / 'said': the last capitalised run before punctuation
        (the first one, right after the verb, when `adjacent`)."""
        doc, w = self.doc, self.words
        j, runs, current = i, [], []
        while j < limit and not (doc[j].is_punct and doc[j].text not in ("’", "'", "-")):
            tok = doc[j]
            if is_capitalised(tok):
                current.append(j)
            elif current and tok.lower_ in CONNECTORS and j + 1 < limit and is_capitalised(doc[j + 1]):
                current.append(j)
            else:
                if current:
                    runs.append(current)
                    current = []
                if adjacent and (runs or tok.lower_ not in w["titles"]):
                    break
            j += 1
        if current:
            runs.append(current)
        names = [n for n in (self._trim_name(doc[r[0]:r[-1] + 1]) for r in runs) if n]
        if not names:
            return ""
        return names[0] if adjacent else names[-1]

    def _name_type(self, name: str) -> str:
        words = {x.lower() for x in name.split()}
        if words & (self.words["org_markers"] | self.words["source_nouns"]):
            return "org"
        return "person"

    def _earlier_attributions(self, sent: Span) -> list[tuple[int, str, str]]:
        """Attributions in the sentences before `sent`, this paragraph and the two before it."""
        p = self.paragraph_of(first_char(sent))
        floor_char = self.paragraph_starts[max(0, p - 2)]
        found = []
        s = sent.start - 1
        while s >= 0 and self.doc[s].idx >= floor_char:
            prev = self.sents.of(s)
            found = self.attributions(prev) + found
            s = prev.start - 1
        return found

    def _resolve_pronoun(self, sent: Span) -> str:
        people = [a for a in self._earlier_attributions(sent) if a[2] == "person"]
        return people[-1][1] if people else ""

    def _resolve_group(self, sent: Span) -> str:
        orgs = [a for a in self._earlier_attributions(sent) if a[2] == "org"]
        return orgs[-1][1] if orgs else ""

    def _quote_around(self, start: int) -> re.Match | None:
        char = self.doc[start].idx
        return next((m for m in self._quotes(self.paragraph_of(char)) if m.start() < char < m.end()), None)

    def _quotes(self, p: int) -> list[re.Match]:
        if p not in self._quote_cache:
            ps = self.paragraph_starts[p]
            pe = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(self.text)
            self._quote_cache[p] = list(_QUOTE.finditer(self.text, ps, pe))
        return self._quote_cache[p]

    def _in_quote(self, start: int) -> bool:
        return self._quote_around(start) is not None

    def _quote_source(self, start: int) -> str:
        """A signal inside a quotation: the attribution of the sentence that opens or closes it."""
        doc = self.doc
        m = self._quote_around(start)
        if m is None:
            return ""
        for edge in (m.end() - 1, m.start()):
            span = doc.char_span(edge, edge + 1, alignment_mode="expand")
            if span is None:
                continue
            outside = [a for a in self.attributions(self.sents.of(span.start)) if not m.start() <= doc[a[0]].idx < m.end()]
            if outside:
                return outside[0][1]
        return ""


def first_char(sent: Span) -> int:
    """Where a sentence's text begins: sentences may start with the blank line before them."""
    return next((t.idx for t in sent if not t.is_space), sent.start_char)


def is_capitalised(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() or tok.text in ("U.S.", "U.K.")


def _clean_name(text: str) -> str:
    return " ".join(re.sub(r"[’']s$", "", text).strip(" ,.;:’'\"“”").split())
