"""Who a signal is attributed to: the `source` column.

A mixin of belsignal.context.DocContext. It finds attributions in a sentence ("X said",
"said X, chief of ...", "according to X", "a survey by X found", "the ministry announced"),
resolves "he said" and "the group reported" to the last named speaker of the paragraph (or
the two before it), and gives a quoted signal the attribution of the sentence that opens or
closes its quotation. The verbs and nouns involved are cue lists in rules/cues.yaml.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .component import Sentence

CONNECTORS = {"of", "for", "the", "and", "on", "de", "al"}
NAME_PREPOSITIONS = {"of", "for", "on"}  # "Ministry of the Interior", "Institute for the Study of War"
NAME_PARTICLES = {"de", "von", "van", "der", "den", "da", "di", "du", "bin", "ibn"}  # "Ursula von der Leyen"
# Capitalised words a connector never joins into a name: "Lukashenko on Tuesday said"
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december"}
POSSESSIVE = {"’s", "'s", "’", "'"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
SKIP_BEFORE_VERB = {"has", "have", "had", "was", "were", "is", "are", "also", "later", "then",
                    "does", "do", "did", "will", "would", "can", "could", "may", "might",
                    "already", "again", "once", "not", "never", "earlier", "recently", "previously",
                    "himself", "herself", "itself", "themselves", "today", "yesterday", "tonight",
                    "now", "still"}
# a quotation; one left open at the end of a paragraph goes on in the next (news style)
_LINE_END = re.compile(r"[ \t]*(?:[\r\n]|$)")  # the rest of a line is blank
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]?[A-Z][A-Z]{0,4}$")  # ISW, MoD, CIT, IISS
_CONTRAST = re.compile(r",\s*(?:but|while|whereas|although|though|yet)\b|;", re.IGNORECASE)
_QUOTE_MARK = re.compile(r"[“”«»\"]")
_WORD = re.compile(r"\w+")
_OWNER_S = re.compile(r"[’']s$")
# "62% of Ukrainians believe ...", "most respondents think ...": what a poll found people think
_SHARE_OF_PEOPLE = re.compile(r"\d\s?(?:%|per\s?cent\b)|\b(?:majority|minority|most|half)\s+of\s+(?:the\s+)?"
                              r"(?:respondents|people|population|those\s+(?:polled|surveyed|asked))", re.IGNORECASE)
AUX_OR_NOT = {"will", "would", "is", "are", "was", "were", "has", "have", "had", "do", "does", "did", "wo", "ca",
              "can", "could", "shall", "must", "not", "n't", "n’t", "never", "am", "'s", "’s"}
# a name before one of these has a verb of its own ("said Minsk should ..."): it is a subject
CLAUSE_VERBS = (AUX_OR_NOT - {"not", "n't", "n’t", "never", "'s", "’s"}) | {"should", "might", "may"}
# words that end a noun phrase read backwards from its head
NP_STOP = {"of", "in", "on", "at", "by", "for", "from", "with", "to", "and", "or", "but", "that", "which",
           "who", "as", "than", "said", "says", "say", "told", "is", "are", "was", "were", "has", "have", "had",
           "will", "would", "not", "also", "despite", "after", "before", "during", "amid", "while", "since"}
# verbs of saying that attribute nothing when negated or refused ('did not say', 'declined to confirm')
UNSAID_VERBS = {"say", "said", "says", "tell", "told", "state", "stated", "specify", "specified", "disclose",
                "disclosed", "confirm", "confirmed", "reveal", "revealed", "announce", "announced", "indicate",
                "indicated", "report", "reported", "comment", "commented"}
REFUSALS = {"declined", "refused", "declines", "refuses", "declining", "refusing", "decline", "refuse", "unable"}
APPOSITIVE_ENDS = {"run", "based", "set", "founded", "created", "led", "who", "which", "whose"}
GOING_ON = {"went", "go", "goes", "going", "on", "continued", "continues", "proceeded", "wanted", "wants"}
OPENING_VERBS = {"are", "were", "is", "was", "have", "has", "had", "say", "says", "said", "claim", "claims"}
ANAPHORA_SENTENCES = 5  # sentences back a pronoun or 'the spokesperson' may reach for its speaker
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
PASSIVE_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being"}
FIRST_PERSON = {"we", "i", "us", "our", "me", "my", "ours"}
_OWN = {"its", "their", "his", "her", "our", "my"}  # "citing its own observers": the citer's own people


POINTERS = ("this", "that", "it", "these", "such")  # "This was stated by ...": the words before


class Attribution:
    """Source finding over a DocContext's doc, sentences, cues and paragraphs."""

    def source(self, kind: str, sent: Sentence, start: int) -> str:
        if kind == "poll":  # the pollster of the survey the share belongs to (belsignal.surveys)
            return self.poll_source(sent, start)
        if kind == "denial" and self.orths[start].islower() and self._contrasted(sent, start):
            own = self._denier(sent, start)  # "officials reported X, but ISW has not observed evidence"
            if own:
                return own
        return (self.sentence_source(sent, start) or self._quote_source(start)
                or (self._denier(sent, start) if kind == "denial" and self.orths[start].islower() else "")
                or self._colon_speaker(sent, start) or self._credit(sent) or self._carried_source(sent) or self._pointed_back_source(sent)
                or self.declared_source(self.idx[start]))

    def _credit(self, sent: Sentence) -> str:
        """A credit closing a line, as live blogs and bulletins give it: '... remain in Belarus
        (Hajun)', '... to the border – Ukrainian General Staff'. Not a place ('(Belarus)')."""
        words = [j for j in range(sent.start, sent.end) if not self.orths[j].isspace()]
        if len(words) < 5 or not _LINE_END.match(self.text, self.idx[words[-1]] + len(self.orths[words[-1]])):
            return ""  # a credit ends its line
        if self.orths[words[-1]] == ".":
            words.pop()
        closing = self.orths[words[-1]] == ")"
        body = words[:-1] if closing else words
        opener = next((k for k in range(len(body) - 1, max(len(body) - 7, 1), -1)
                       if self.orths[body[k]] in (("(",) if closing else ("–", "—"))
                       or not closing and self.orths[body[k]] == "-" and not self._inner_hyphen(body[k])), None)
        name = body[opener + 1:] if opener is not None else []
        if name and not closing and self._source_phrase_credit(name):  # "Belarus to put troops on alert - defence ministry"
            return _clean_name(self._span_text(name[0], name[-1] + 1))
        if not name or not self._capitalised(name[0]) or not all(  # "– Ukraine's General Staff"
                self._capitalised(j) or self.lowers[j] in CONNECTORS or self.orths[j] in POSSESSIVE for j in name):
            return ""
        found = self._trim_name(name[0], name[-1] + 1)
        # a bracket may hold a place ('(Belarus)', '(Minsk)'); a dash credits a speaker ('– Volfovich')
        return "" if self._is_people(found) or closing and found.lower() in self._actor_names else found

    def _source_phrase_credit(self, words: list[int]) -> bool:
        """Are the words of a credit a source phrase in lower case after its first word ('defence
        ministry', 'Ukrainian border guards'), not a vague one ('sources', 'media')?"""
        vague = self._words_of("generic_sources", "anonymous_sources")
        return all(self.orths[j].isalpha() and (self.orths[j].islower() or j == words[0]) for j in words) \
            and self.lowers[words[-1]] in self.words["source_nouns"] and self.lowers[words[-1]] not in vague

    def _colon_speaker(self, sent: Sentence, start: int) -> str:
        """A line of a live blog or a digest that opens with its speaker and a colon: 'Zelensky: Belarus
        will not join', '09:15 Belarusian Defence Ministry: reports ... are fake'. Not a label ('Update:',
        'Photo:') or a country heading a section ('Belarus:')."""
        k = sent.start
        while k < start and (self.orths[k].isspace() or self.orths[k][:1].isdigit()
                             or self.orths[k] in (":", "–", "—", "-", "|", "•", "*")):
            k += 1  # a time stamp or a bullet
        colon = next((j for j in range(k + 1, min(start, k + 8)) if self.orths[j] == ":"), None)
        if colon is None or not all(self._capitalised(j) or self.lowers[j] in CONNECTORS or self.orths[j] in POSSESSIVE
                                    for j in range(k, colon)):
            return ""
        rest = [self.orths[j] for j in range(colon + 1, sent.end) if self.orths[j].isalpha()]
        if len(rest) >= 3 and sum(w[:1].isupper() for w in rest) * 5 >= len(rest) * 3:
            return ""  # a headline in title case ('Union State Strong: Watch Joint Winter Drills')
        name = self._trim_name(k, colon)
        words = name.split()
        if not words or name.lower() in self._countries or self._is_actor_adjective(name):
            return ""
        known = len(words) >= 2 or name.lower() in self._actor_names \
            or words[-1].lower() in self._words_of("org_markers", "source_nouns")
        return name if known else ""

    def _pointed_back_source(self, sent: Sentence) -> str:
        """'... 10,000 troops are in Belarus. This was stated by Serhii Naiev.': a sentence of the
        same paragraph that opens by pointing back ('This was reported by', 'This is stated in the
        ISW report', 'The figure was given by X', 'That's what X told ...', 'The estimate comes from
        X'; cue list report_nouns) gives its source to the sentence before it."""
        doc = self.doc
        if sent.end >= len(doc):
            return ""
        nxt = self.sents.of(sent.end)
        words = [j for j in range(nxt.start, min(nxt.end, nxt.start + 6)) if not self.orths[j].isspace()]
        k = 1 + (len(words) > 1 and self.lowers[words[1]] in self._cue_words("report_nouns"))
        if len(words) < k + 2 or self.lowers[words[0]] not in POINTERS + ("the",) or (
                self.lowers[words[0]] == "the" and k == 1) \
                or self.lowers[words[k]] not in ("was", "is", "were", "has", "had", "'s", "’s", "comes", "came") \
                or self.paragraph_of(self._first_char(nxt)) != self.paragraph_of(self._first_char(sent)):
            return ""
        if self.lowers[words[k]] in ("comes", "came") and self.lowers[words[k + 1]] == "from":
            return self._according_name(words[k + 1] + 1, nxt, adjacent=True)  # "The estimate comes from X"
        found = [a for a in self.attributions(nxt) if a[0] - words[0] <= 6 and a[1].lower() not in POINTERS]
        return self.resolve_vague(found[0][1], found[0][0], nxt) if found else ""

    def _carried_source(self, sent: Sentence) -> str:
        """A sentence with no attribution of its own between two reports of one source: the
        ministry said so before it, and a later sentence of its paragraph closes with '...,
        reported the ministry.' The sentences between are the ministry's too."""
        doc, para = self.doc, self.paragraph_of(sent.start_char)
        nxt = sent
        while nxt.end < len(doc):
            nxt = self.sents.of(nxt.end)
            if self.paragraph_of(nxt.start_char) != para:
                return ""
            found = self.attributions(nxt)
            if found:
                break
        else:
            return ""
        closing = [a for a in found if self._closing(a[0], nxt)]
        if not closing:
            return ""
        name = self.resolve_vague(closing[-1][1], closing[-1][0], nxt)
        last = next((found[-1] for found in map(self.attributions, self._earlier_sentences(sent)) if found), None)
        if last and self.paragraph_of(last[0] and self.idx[last[0]]) >= para - 1 \
                and (last[1] in name or name in last[1]):
            return name
        return ""

    def _closing(self, verb: int, sent: Sentence, reach: int = 4) -> bool:
        """'..., the ministry reported.': a verb of saying that ends its sentence after a comma, with
        at most `reach` words on either side of it."""
        k = verb - 1
        while k > sent.start and not self.puncts[k] and verb - k <= reach:
            k -= 1
        tail = [orth for orth in self.orths[verb + 1:sent.end] if not orth.isspace()]
        return self.orths[k] == "," and len(tail) <= reach

    def _contrasted(self, sent: Sentence, start: int) -> bool:
        """Does a contrast (', but', ', while', ';') stand between the last attribution before
        token `start` and it, opening a clause with a subject of its own?"""
        before = [verb for verb, _, _ in self.attributions(sent) if verb < start]
        if not before:
            return False
        between = self.text[self.idx[before[-1]]:self.idx[start]]
        return _CONTRAST.search(between) is not None

    def _denier(self, sent: Sentence, start: int) -> str:
        """'Kovalenko called the reports fake', 'the border service does not record ...': the
        subject of the denial's own verb, unless it is a people ('a Russian disinformation ...',
        'Belarusians do not want ...'). Pictures that show nothing ('satellite images show no ...')
        have no denier: the words before them are their own modifiers."""
        if self.lowers[start] in self.words["imagery_nouns"]:
            return ""
        subject = self._subject_of(start, sent)  # a country denies ("Ukraine does not see any threat")
        return "" if self._is_actor_adjective(subject) or self._is_population(subject) else subject

    def sentence_source(self, sent: Sentence, start: int) -> str:
        """The attribution of the sentence that governs token `start`: a named source over a generic
        one ("a survey found ..., according to Ryhor Astapenia"); then the attribution before it
        (a denial's own verb counts); else the nearest after it."""
        found = self.attributions(sent)
        if not found:
            return ""
        relays = self.__dict__.get("_relays", {}).get(sent.start, ())  # the speaker an outlet cites, not the outlet
        found = [a for a in found if a[0] not in relays] or found
        named = [a for a in found if any(ch.isupper() for ch in a[1])] or found
        before = [a for a in named if a[0] <= start]
        unnamed = [v for v in self.__dict__.get("_unnamed_verbs", ()) if sent.start <= v <= start]
        if unnamed and not any(a[0] > max(unnamed) for a in before) and not any(
                a[0] > start and self._closing(a[0], sent)
                and not {"but", "while", "whereas", "though", "although", "yet"} & set(self.lowers[a[0] - 4:a[0]])
                for a in found):
            return ""  # "Two sources said 5,000 troops had arrived, but the ministry denied it"
        if before and self._breaks_report(before[-1][0], start):
            return ""  # "X insists he won't join, even as thousands of troops pour in": the writer's own
        owned = self.__dict__.get("_owned", ())  # "Kyiv rejected Lukashenko's claim that ...": the claim's
        while len(before) > 1 and self._nested(before[-2][0], before[-1][0]) and before[-1][0] not in owned:
            before = before[:-1]  # "He said Ukraine had recorded ...": who says so is the speaker
        at, name, _ = before[-1] if before else min(named, key=lambda a: abs(a[0] - start))
        if before and name.lower() in self._actor_names:
            # "Moscow denies any plans ..., Zakharova told a briefing": a side named by its country or
            # capital speaks through whoever the closing credit names
            closing = [a for a in found if a[0] > start and a[1] != name and self._closing(a[0], sent, 7)
                       and self._speaker_side(a[1]) in ("", self._actor_names[name.lower()])]  # not "..., an assertion Kyiv rejected"
            if closing:
                at, name = closing[-1][0], closing[-1][1]
        return self.resolve_vague(name, at, sent)

    def _nested(self, outer: int, inner: int) -> bool:
        """Is the report at `inner` part of what the verb at `outer` reports ('X said [that] Y had
        recorded ...'): no clause break between them?"""
        return not any(self.puncts[j] or self.lowers[j] in ("while", "whereas", "but", "and", "as")
                       for j in range(len(self.idx))[outer + 1:inner])

    def _breaks_report(self, verb: int, start: int) -> bool:
        """Does a clause of the writer's own ('even as', 'at a time when') stand between a verb of
        saying and token `start`?"""
        if start <= verb + 1:
            return False
        between = " " + " ".join(self.text[self.idx[verb + 1]:self.idx[start]].lower().split()) + " "
        return any(f" {phrase} " in between for phrase in self._cue_words("report_breaks"))

    def spoken(self, who: str, sent: Sentence, start: int) -> bool:
        """Is token `start` in reported speech (`speaker: any` of a rule), and for "own" does the
        speaker talk about their own side ('our forces', 'his military', Minsk about Belarus), not
        a commentator forecasting what others will do?"""
        if not self._reported_speech(sent, start):
            return False
        return who != "own" or self._about_own_side(sent, start)

    def _reported_speech(self, sent: Sentence, start: int) -> bool:
        """A quotation, words in the first person, or an attribution that governs the words: before
        them ('X said that ...', 'according to X, ...'), or closing the sentence after a comma
        ('..., the ministry said'), but not a participle added later ('..., at times saying')."""
        if self._in_quote(start) or self._colon_speaker(sent, start) or self._credit(sent):
            return True  # a headline's or a bulletin line's speaker: "Lukashenko: Belarus will not ..."
        cs, ce = self.clause(sent, start)
        last = self.idx[ce - 1] + len(self.orths[ce - 1])
        if any(w in FIRST_PERSON for w in _WORD.findall(self.text[self.idx[cs]:last].lower())):
            return True
        participles = set(self._cues_in("participles", sent))
        for fam in ("attribution", "according"):
            for s, e in self._cues_in(fam, sent):
                if s <= start:  # "Kyiv ruled out ...": the match may be the verb of saying itself
                    return True
                between = self.text[self.idx[start]:self.idx[s]]
                if (s, e) not in participles and any(ch in between for ch in ',"“”'):
                    return True
        return False

    def _about_own_side(self, sent: Sentence, start: int) -> bool:
        k = start - 1  # the subject: back to the clause's opening ('that', a comma, a quote) ...
        while k >= sent.start and not (self.puncts[k] or self.lowers[k] in ("that", "and", "but", "while")):
            k -= 1
        end = start  # ... and on to its verb when the match begins with it ('Belarus will not send'),
        # not when it begins after it ('Russia had [no intention of attacking Ukraine]')
        while end < min(sent.end, start + 5) and self.lowers[end] not in AUX_OR_NOT and not self.puncts[end] \
                and self.lowers[start] not in ("no", "not", "never", "nor"):
            end += 1
        words = set(self.lowers[k + 1:end])
        if words & FIRST_PERSON or words & {"his", "her", "its", "he", "she", "it"}:
            return True  # "we", "our army", "his military", "he would not", "it will not"
        if words & {"they", "them", "their"}:
            return False  # a third party
        mine = [a for _, _, a in self._mentions(k + 1, end)]
        if not mine:
            return True
        speaker = self.sentence_source(sent, start) or self._quote_source(start)
        if not speaker:  # a share of people believing it is a poll finding, not a side's denial
            return not _SHARE_OF_PEOPLE.search(self.text, self._first_char(sent), sent.end_char)
        if self._commentator(speaker, sent, start):
            return False
        side = self._speaker_side(speaker)
        return not side or side == mine[-1]

    def _speaker_side(self, name: str) -> str:
        """The side a speaker belongs to, where the text says so: a name in the gazetteer, the
        title before it ('Belarusian Defence Minister X') or an appositive after it ('X, spokesman
        for the Ukrainian Foreign Ministry'); '' when the text does not say."""
        names = self._actor_names
        for word in [name.lower()] + name.lower().split():
            if word in names:
                return names[word]
        roles = self._words_of("titles", "person_anaphora")
        for m in re.finditer(re.escape(name), self.text):
            title = re.split(r"[,.;:“”\"()]", self.text[max(0, m.start() - 60):m.start()])[-1].split()[-5:]
            appositive = ""
            after = re.match(r",\s+(?:a\s+|the\s+)?(\w+)([^,.;]*)", self.text[m.end():m.end() + 120])
            if after and after.group(1).lower() in roles:
                appositive = after.group(0)
            for word in title + appositive.split():
                actor = names.get(re.sub(r"[’']s?$", "", word.strip(",.")).lower())
                if actor:
                    return actor
        return ""

    def _commentator(self, name: str, sent: Sentence, start: int) -> bool:
        """Is the speaker described as an analyst, expert or a former official ('a retired colonel')?"""
        words = self._cue_words("commentator_words")
        for s in (sent, self.sents.of(self._quote_around(start).end() if self._in_quote(start) else sent.start)):
            text = self.text[s.start_char:s.end_char]
            at = text.find(name)
            if at >= 0 and any(w.lower().strip(",.;:") in words for w in text[max(0, at - 80):at + len(name) + 120].split()):
                return True
        return False

    def declared_source(self, char: int) -> str:
        """The source a label line names for the text around it ("Source: X, citing Y"): the
        label before `char`, else the first one of the document."""
        labels = self._source_labels
        if not labels:
            return self._headline_credit
        before = [name for at, name in labels if at <= char]
        return before[-1] if before else labels[0][1]

    @cached_property
    def _headline_credit(self) -> str:
        """The source a headline credits at its end ('Russia and Belarus scale back drills - ISW'), as
        Ukrainian and Russian outlets credit the report a story retells: the source of what the story
        tells with no attribution of its own. The headline is the first line with words (a date line
        before it has none)."""
        k = 0
        while k < len(self.doc):
            sent = self.sents.of(k)
            if any(ch.isalpha() for ch in self.text[sent.start_char:sent.end_char]):
                return self._credit(sent) if self.paragraph_of(self._first_char(sent)) <= 1 else ""
            k = sent.end
        return ""

    @cached_property
    def _source_labels(self) -> list[tuple[int, str]]:
        """(char, name) of each label ('Source: X') that opens a sentence after body text (a
        sentence of six words or more): straight under a headline, a label credits the outlet a
        text was taken from, not who reports its facts. Lines may have been joined (belsignal.
        spacing), so a label is found where a sentence or paragraph begins, not a line."""
        if "label_re" not in self.m:
            labels = [w for w in self.ruleset.cue("source_labels")]
            self.m["label_re"] = re.compile(
                "|".join(r"(?<![\w-])" + re.escape(lb[:1].upper() + lb[1:]) for lb in labels) or "(?!)")
        found = []
        if not any(lb[1:] in self.text for lb in self.ruleset.cue("source_labels")):
            return found  # a plain search first: most texts have no label
        for m in self.m["label_re"].finditer(self.text):
            before = self.text[self.paragraph_starts[self.paragraph_of(m.start())]:m.start()].rstrip()
            if before and before[-1] not in ".!?\"”":
                continue  # mid-sentence: "a source: ..." is no label
            if not self._body_before(m.start(), before):
                continue
            span = self.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if span is None:
                continue
            sent = self.sents.of(span.start)
            citing = [a for a in self.attributions(sent) if a[0] > span.start]
            name = citing[0][1] if citing else self._name_after(span.start, sent.end, adjacent=True)
            if self._platform_tail:  # "Belarus Watch on Telegram": where it publishes is not part of the name
                name = self._platform_tail.sub("", name)
            words = name.split()
            while words and words[-1].lower() in self.words["not_names"]:
                words.pop()  # "... Telegram The platforms": the next sentence begins
            if words:
                found.append((m.start(), " ".join(words)))
        return found

    def _body_before(self, char: int, before: str) -> bool:
        """Is there body text before a label: a sentence of six words or more, ending in a full stop
        or the like, in its paragraph or a paragraph before?"""
        chunks = [before] + [self.text[self.paragraph_starts[p]:self.paragraph_starts[p + 1]].strip()
                             for p in range(self.paragraph_of(char) - 1, -1, -1)]
        return any(len(c.split()) >= 6 and c[-1:] in ".!?\"”" for c in chunks if c)

    @property
    def _platform_tail(self) -> re.Pattern | None:
        """' on Telegram', ' via X' and what follows, at the end of a name (once per rule set)."""
        if "platform_tail" not in self.m:
            platforms = "|".join(map(re.escape, self.ruleset.cue("platforms")))
            self.m["platform_tail"] = re.compile(r"\s+(?:on|via)\s+(?:" + platforms + r")\b.*$") if platforms else None
        return self.m["platform_tail"]

    def attributions(self, sent: Sentence) -> list[tuple[int, str, str]]:
        """(verb token, source name, 'person'|'org') for every attribution in the sentence."""
        if sent.start in self._attributions:
            return self._attributions[sent.start]
        self._attributions[sent.start] = []  # guards the recursion through pronoun resolution
        found: list[tuple[int, str]] = []
        for s, e in self._cues_in("according", sent):
            # "data from Oryx shows that ... to Russia": a study's author is the name right after it;
            # "citing a threat from NATO" cites a reason, "citing NATO" a source
            credit = " ".join(self.lowers[s:e]) in self._cue_words("adjacent_credits")
            name = self._according_name(e + (credit and e < sent.end and self.lowers[e] == "the"), sent,
                                        adjacent=credit or self.lowers[s] in self.words["study_nouns"]
                                        or self.lowers[s] in ("figures", "estimates")
                                        or self.lowers[s] in self._cue_words("citing_cues"))
            if name and self._unnamed(e, min(sent.end, e + 6)) is None and not self._is_actor_adjective(name) \
                    and not (self.lowers[s] in self._cue_words("citing_cues") and self.lowers[e] in _OWN):
                found.append((s, name))  # not "according to two sources", "citing its own observers"
        found += self._possessive_credits(sent)
        according, spoken_by = len(found), set()
        participles = set(self._cues_in("participles", sent))
        for s, e in self._cues_in("attribution", sent):
            if not self._verb_reading(s, sent) or self._unsaid(s, sent):
                continue
            earlier = [a for a in found if a[0] < s]
            if (s, e) in participles and e < sent.end and self.lowers[e] == "to":
                continue  # "adding to tensions": not a verb of saying
            if (s, e) in participles:  # "..., said X, noting that": X again; else the clause's subject
                name = earlier[-1][1] if earlier else self._first_source_in(sent.start, s)
            elif self._quoted_as(e, sent) is not None:  # "BelTA quoted Khrenin as saying": the one quoted
                name = self._quoted_as(e, sent) or self._subject_of(s, sent)
            elif self._inverted(s, sent) and self.lowers[s] not in ("told", "tells"):
                # '..., informs the institute': the speaker follows the verb; who is told ('X, who
                # commands ..., told Ukrinform') never speaks
                name = self._unnamed_source(s, e, sent, self._speaker_after(e, sent) or self._subject_of(s, sent))
            else:
                name = self._unnamed_source(s, e, sent, self._subject_of(s, sent))
            if not name and earlier and self.lowers[s - 1] in ("and", ","):
                name = earlier[-1][1]  # "published video ..., and said that"
            if name and not self._is_population(name):
                found.append((s, name))
                spoken_by.add(s)
        # "X said in an interview with the Belarus 1 channel": a verb's own subject over the outlet
        # its "said in" would name
        found = [a for i, a in enumerate(found) if i >= according or a[0] not in spoken_by]
        found = [(at, self._canonical(name, at, sent)) for at, name in found  # "A Ukrainian estimate puts": no one
                 if not self._is_study(name) and not self._is_actor_adjective(name)]
        found = sorted((at, name, self._name_type(name, sent)) for at, name in found)
        self._attributions[sent.start] = found
        self.__dict__.setdefault("_relays", {})[sent.start] = self._relay_verbs(sent, found, spoken_by)
        return found

    def _possessive_credits(self, sent: Sentence) -> list[tuple[int, str]]:
        """'By Hajun's count, ...', 'In Kyiv's estimate, ...', 'the Pentagon's estimate of 30,000', 'rejected
        Lukashenko's claim that ...': the owner of the estimate or claim (cue lists estimate_nouns,
        claim_nouns) credits what it holds, however the sentence treats it."""
        found, estimates = [], self._cue_words("estimate_nouns")
        nouns = self._words_of("estimate_nouns", "claim_nouns")
        owned = self.__dict__.setdefault("_owned", set())
        if nouns.isdisjoint(self.lowers[sent.start + 2:sent.end]):  # most sentences: no token to look at
            return found
        for k in range(sent.start + 2, sent.end):
            if self.lowers[k] not in nouns:
                continue
            j = k - 1 - (self.lowers[k - 1] in ("own", "latest", "new", "official"))
            if self.orths[j] not in POSSESSIVE or not self._capitalised(j - 1):
                continue
            name = self._capitalised_run_ending(j - 1, sent.start)
            before = j - 1 - len(name.split())
            opening = self.lowers[k] in estimates and before >= sent.start and self.lowers[before] in ("by", "in")
            holding = k + 1 < sent.end and self.lowers[k + 1] in ("that", "of", "is", "was")
            if name and (opening or holding) and not self._is_actor_adjective(name):
                found.append((k, name))
        owned.update(k for k, _ in found)
        return found

    def _relay_verbs(self, sent: Sentence, found: list[tuple[int, str, str]], spoken_by: set[int]) -> set[int]:
        """The attributions that only relay another one of the sentence: the outlet that cites or
        quotes a named speaker ('Interfax reported, citing the defence ministry') and the credit of
        who quoted the speaker ('..., quoted by BelTA, said Khrenin')."""
        relays = set()
        for s, e in self._cues_in("according", sent):
            cue = " ".join(self.lowers[s:e])
            if cue in self._cue_words("relay_cues") and any(a[0] != s for a in found):
                relays.add(s)
            elif cue in self._cue_words("citing_cues") and self._according_name(e, sent, adjacent=True) \
                    and self._unnamed(e, min(sent.end, e + 6)) is None:
                citer = [a[0] for a in found if a[0] < s and a[0] in spoken_by]
                relays.update(citer[-1:])
        return relays

    def _quoted_as(self, e: int, sent: Sentence) -> str | None:
        """Who 'X quoted/cited ... as saying' names after the verb ending at e: the one quoted ('the
        agency quoted him as saying', 'TASS quoted the Russian Defence Ministry as saying'); '' for one
        the text does not name ('Zerkalo cited a source in the military as saying'); None when no
        'as saying' follows."""
        if e - 1 < sent.start or self.lowers[e - 1] not in self._cue_words("quoting_verbs"):
            return None
        at = next((k for k in range(e + 1, min(sent.end - 1, e + 9)) if self.lowers[k] == "as"
                   and self.lowers[k + 1] in self._cue_words("quoted_saying")), None)
        if at is None or any(self.puncts[k] for k in range(e, at)):
            return None
        if self.lowers[e] in ("him", "her"):
            return self._resolve_pronoun(sent)
        if self._unnamed(e, at) is not None:
            return ""
        k = e
        while k < at and self.lowers[k] in DETERMINERS:
            k += 1
        if k < at and self._capitalised(k):
            return self._name_after(k, at, adjacent=True)
        return self._source_phrase_ending(at - 1, e) if self.lowers[at - 1] in self.words["source_nouns"] else ""

    def _unnamed_source(self, verb: int, e: int, sent: Sentence, name: str) -> str:
        """The source for `name`, the speaker found for the verb at `verb`, when that speaker is not
        named ('two sources familiar with the matter told Reuters', '..., said a person briefed on the
        plans'): the outlet it spoke to or that cites it; else the words that say whose it is
        ('Kremlin sources'); else nobody."""
        if self._inverted(verb, sent):
            lo, hi = e, min(sent.end, e + 6)
        else:
            lo = verb - 1  # the subject: back to the clause's opening
            while lo > max(sent.start, verb - 12) and not (self.puncts[lo - 1] and self.orths[lo - 1] != "-") \
                    and self.lowers[lo - 1] not in ("that", "and", "but"):
                lo -= 1
            hi = verb
        described = self._unnamed(lo, hi)
        if described is None:
            return name
        found = self._outlet_told(verb, sent) or (name if described else "")
        if not found:  # no one to credit, yet the words are theirs, not the next speaker's
            self.__dict__.setdefault("_unnamed_verbs", set()).add(verb)
        return found

    def _unnamed(self, lo: int, hi: int) -> bool | None:
        """Does the noun phrase opening at token lo (up to hi) name no speaker: 'two sources', 'people
        close to the ministry', 'unnamed officials'? None if it names one (or is no such phrase); else
        whether words before its head say whose it is ('Ukrainian military sources': True)."""
        anonymous, markers = self._cue_words("anonymous_sources"), self._cue_words("anonymity_markers")
        heads, plain = self.m.get("unnamed_words") or self.m.setdefault("unnamed_words", (  # once per rule set
            anonymous | self.words["source_nouns"] | self._cue_words("person_anaphora"),
            self._words_of("speaker_quantifiers", "speaker_qualities") | markers | DETERMINERS))
        unnamed = False
        for k in range(lo, min(hi, lo + 5)):
            low = self.lowers[k]
            if not self.orths[k].isalpha() and not self.doc[k].like_num and self.orths[k] != "-":
                return None
            unnamed = unnamed or low in markers
            if low in anonymous or (unnamed and low in heads):
                return any(not (self.lowers[j] in plain or self.doc[j].like_num or self.orths[j] == "-")
                           for j in range(lo, k))
        return None

    def _outlet_told(self, verb: int, sent: Sentence) -> str:
        """The outlet an unnamed speaker talked to ('told Reuters', 'told the independent outlet
        Zerkalo') or that cites it ('sources cited by The Times')."""
        if self.lowers[verb] in ("told", "tells", "tell"):
            k = verb + 1
            while k < min(sent.end, verb + 5) and self.orths[k].isalpha() and self.orths[k].islower() \
                    and self.lowers[k] not in NP_STOP:
                k += 1
            name = self._name_after(k, sent.end, adjacent=True) if k < sent.end and self._capitalised(k) else ""
            if name and not self._is_people(name) and name.lower() not in self._actor_names:
                return name
        for s, e in self._cues_in("according", sent):
            if " ".join(self.lowers[s:e]) in self._cue_words("relay_cues"):
                name = self._according_name(e, sent, adjacent=True)
                if name:
                    return name
        return ""

    def _unsaid(self, s: int, sent: Sentence) -> bool:
        """'The Kremlin did not say how many ...', 'the ministry declined to confirm': a verb of saying
        negated or refused attributes nothing (a denial's own verbs, 'did not rule out', still do)."""
        if self.lowers[s] not in UNSAID_VERBS:
            return False
        j = s - 1
        while j > sent.start and self.lowers[j] in ("explicitly", "directly", "publicly", "officially", "immediately"):
            j -= 1
        return j >= sent.start and (self.lowers[j] in ("not", "n't", "n’t", "never") or (
            self.lowers[j] == "to" and j > sent.start and self.lowers[j - 1] in REFUSALS))

    def _verb_reading(self, s: int, sent: Sentence) -> bool:
        """'Hajun reports', 'the ministry claims', 'he notes': a word that is also a plural noun
        ('denying reports', 'the claims') attributes only right after a subject. 'put' attributes
        only a figure it is put at, 'dubbed' only a label that is not a name."""
        word = self.lowers[s]
        if self._passive_estimate(s, sent):
            return False
        if word in self._cue_words("figure_verbs"):  # "puts the number at 9,000", "as the ministry put it"
            return "at" in self.lowers[s + 1:min(sent.end, s + 10)] or (
                s + 1 < sent.end and self.lowers[s + 1] == "it" and "as" in self.lowers[max(sent.start, s - 6):s])
        if word in self._cue_words("naming_verbs"):
            k = s + 1 + (s + 1 < sent.end and bool(self.quotes[s + 1]))
            return not (k < sent.end and self._capitalised(k))
        if word not in self._cue_words("noun_like_verbs"):
            return True
        j = s - 1
        while j >= sent.start and (self.lowers[j] in SKIP_BEFORE_VERB or self.lowers[j].endswith("ly")):
            j -= 1
        if j < sent.start:
            return False
        return (self._capitalised(j) and self.lowers[j] not in self.words["not_names"]) or self.orths[j] == ")" \
            or self.lowers[j] in PRONOUNS or self.lowers[j] in self.words["source_nouns"] \
            or self.lowers[j] in self._cue_words("person_anaphora") or self.lowers[j] in self.words["group_anaphora"]

    def _passive_estimate(self, s: int, sent: Sentence) -> bool:
        """'the grouping is estimated at 9,000', 'Minsk is said to have ...', 'were believed to
        number', 'the army, estimated at 48,000 men,': a saying verb in the passive names no speaker
        (its subject is what is told of); 'Hajun, in a post, estimated at least 500' is active."""
        j = s - 1
        while j > sent.start and self.lowers[j].endswith("ly"):  # 'is widely believed to'
            j -= 1
        if j < sent.start or s + 1 >= sent.end or self.lowers[s + 1] not in ("at", "to"):
            return False
        if self.orths[j] == ",":  # set off after what it tells of
            return not (s + 2 < sent.end and self.lowers[s + 1] == "at" and self.lowers[s + 2] in ("least", "most"))
        return self.lowers[j] in PASSIVE_AUXILIARIES

    def _cues_in(self, family: str, sent: Sentence) -> list[tuple[int, int]]:
        """The (start, end) cues of a family inside the sentence."""
        return self._cues_between(family, sent.start, sent.end)

    def _speaker_after(self, i: int, sent: Sentence) -> str:
        """'..., said Viktor Gulevich', 'writes the Russian newspaper “Izvestia”', '..., said the
        sociologist' (the last person named)."""
        if self._subject_of_clause_after(i, sent):
            return ""  # "60 percent said Minsk should remain neutral": Minsk is what was said
        if i < sent.end and self.lowers[i] in ("on", "via", "in", "at"):
            return ""  # "..., wrote on X that": where it was said, not who said it
        name = self._name_after(i, sent.end, adjacent=True)
        if name and not self._is_people(name):
            return name
        j = i
        if i + 1 < sent.end and self.lowers[i] == "the" and self.lowers[i + 1] in self.words["group_anaphora"] \
                and not self._names_through(i + 1, sent.end):  # "the Ministry of Defence" names itself
            # "..., reported the ministry": the ministry named before, else the words themselves
            return self._resolve_group(sent, self.lowers[i + 1]) or self.orths[i + 1]
        while j < min(sent.end, i + 6) and (self.quotes[j] or self.lowers[j] in DETERMINERS or (
                self.orths[j].isalpha() and (self.orths[j].islower() or self._is_people(self.orths[j])))):
            if self.lowers[j] in self._cue_words("person_anaphora") and self.orths[j].islower():
                # "said the head of the laboratory": the person named before, else the body the role
                # is of ("said a spokesman for the Ministry of Defence"), else the role itself
                return self._resolve_pronoun(sent, role=self.lowers[j]) or self._body_of_role(j, sent.end) \
                    or self._named_next(sent) or _clean_name(" ".join(
                    self.orths[k] for k in range(i, j + 1) if self.lowers[k] not in DETERMINERS and not self.quotes[k]))
            j += 1
        name = self._capitalised_run_from(j, min(sent.end, j + 8), connectors=True) if j > i else ""
        return _clean_name(name) if name and not self._is_people(name) else ""

    def _named_next(self, sent: Sentence) -> str:
        """A role named only in the next sentence of its paragraph, which opens with the person and
        their verb of saying ('..., the spokesman said. Andriy Demchenko added that ...')."""
        nxt = self.sentence_after(sent)
        if nxt is None:
            return ""
        k = nxt.start
        while k < nxt.end and self.orths[k].isspace():
            k += 1
        name = self._capitalised_run_from(k, min(nxt.end, k + 4))
        n = len(name.split())
        if n < 2 or self.lowers[k] in self.words["not_names"]:
            return ""
        found = [a for a in self.attributions(nxt) if k + n <= a[0] <= k + n + 1 and a[2] == "person"]
        return found[0][1] if found else ""

    def _body_of_role(self, j: int, limit: int) -> str:
        """The named body a role word at j belongs to: 'spokesman for the Ministry of Defence'."""
        k = j + 1
        if k >= limit or self.lowers[k] not in NAME_PREPOSITIONS:
            return ""
        k += 1
        while k < limit and self.lowers[k] in DETERMINERS:
            k += 1
        return _clean_name(self._capitalised_run_from(k, min(limit, k + 8), connectors=True)) if k < limit else ""

    def _subject_of_clause_after(self, i: int, sent: Sentence) -> bool:
        """Is the name at token i followed by a verb of its own ('said Minsk should ...')?"""
        j = i
        while j < sent.end and (self._capitalised(j) or (j > i and self.lowers[j] in CONNECTORS)):
            j += 1
        return i < j < sent.end and self.lowers[j] in CLAUSE_VERBS

    def _is_study(self, name: str) -> bool:
        """'the poll', 'Both polls', 'latest survey': a study the text does not name; who ran it
        is a matter for its passage (belsignal.surveys), not a source."""
        words = name.split()
        return bool(words) and words[-1].lower() in self.words["study_nouns"] and not any(
            w[:1].isupper() and w.lower() not in self.words["not_names"] for w in words)

    def _according_name(self, i: int, sent: Sentence, adjacent: bool = False) -> str:
        """Who 'according to' names: a pronoun's referent ('according to him'), the author of a
        study ('according to a survey by X'), else the name before the clause ends."""
        if i < sent.end and self.lowers[i] in ("him", "her", "them"):
            return self._resolve_pronoun(sent, subjects=True) if self.lowers[i] != "them" else self._resolve_group(sent)
        if i + 1 < sent.end and self.lowers[i] == "the" and self.lowers[i + 1] in self._cue_words("person_anaphora") \
                and (i + 2 >= sent.end or self.puncts[i + 2]):
            return self._resolve_pronoun(sent)  # "according to the spokesman, ..."
        j = i
        while j < sent.end and j < i + 6 and (not self.puncts[j] or self.orths[j] == "-") \
                and self.lowers[j] not in self.words["study_nouns"]:
            j += 1
        if j < sent.end and self.lowers[j] in self.words["study_nouns"] and not any(
                self._capitalised(k) and self.lowers[k] not in self.words["not_names"] for k in range(i, j)):
            # "according to the latest poll", "according to a March survey conducted in Ukraine"
            return self.study_author(j, sent)
        name, phrase = self._name_after(i, sent.end, adjacent=adjacent), self._source_phrase_after(i, sent.end)
        return phrase if phrase and (not name or name in phrase) else name  # "the Belarusian defence ministry"

    def _source_phrase_after(self, i: int, limit: int) -> str:
        """'according to the defence ministry', 'as stated by the border service': a source
        phrase with no name, up to its last source noun before the clause ends."""
        nouns = self.words["source_nouns"]
        last = None
        for j in range(i, min(limit, i + 6)):
            low = self.lowers[j]
            if self.puncts[j] or (low not in nouns and last is not None and self.orths[j].islower()
                                  and low not in CONNECTORS and low not in self._cue_words("source_modifiers")):
                break
            if low in nouns:
                last = j
        return self._source_phrase_ending(last, i) if last is not None else ""

    def study_author(self, k: int, sent: Sentence) -> str:
        """The author of the study noun at token k: 'a survey by X', 'poll of “X”', 'the Chatham
        House poll', "X's latest survey", 'his latest poll' (the person speaking)."""
        doc, w = self.doc, self.words
        j = k + 1
        while j < min(sent.end, k + 5) and (self.lowers[j] in ("conducted", "carried", "out", "commissioned",
                                                             "published", "released", "run", "made", "done")
                                            or self.orths[j] == "," and j == k + 1):  # "The survey, conducted by X"
            j += 1
        j = self._after_time_phrase(j, sent.end) if j > k + 1 else j  # "a poll published on Tuesday by X"
        if j < sent.end and self.lowers[j] in ("by", "of", "from", "for"):
            m = j + 1
            while m < sent.end and (self.quotes[m] or self.lowers[m] in ("the", "a", "an")
                                    or self.lowers[m] in w["titles"] or self.lowers[m] in self._cue_words("person_anaphora")):
                m += 1
            name = _clean_name(self._capitalised_run_from(m, min(sent.end, m + 8), connectors=True))
            if name and (self.lowers[j] == "by" or not self._is_people(name)):
                return name
        j = k - 1
        modifiers = self._cue_words("study_modifiers")
        while j >= sent.start and (self.lowers[j] in modifiers or self.orths[j] in POSSESSIVE or doc[j].like_num
                                   or self.orths[j] == "-" or self.lowers[j] in w["not_names"] and self._capitalised(j)):
            j -= 1
        if j < sent.start:
            return ""
        if self._capitalised(j) and self.lowers[j] not in w["not_names"]:
            name = self._capitalised_run_ending(j, sent.start)
            return "" if not name or self._is_people(name) else name
        if self.lowers[j] in ("his", "her"):
            return self._resolve_pronoun(sent)
        return ""

    def _is_people(self, name: str) -> bool:
        """'Belarusian', 'Belarusians', 'Moldovans', 'Ukraine': a people or country, not an author or speaker."""
        return self._is_actor_adjective(name) or name.lower() in self._countries or self._is_population(name)

    @property
    def _countries(self) -> set[str]:
        """The first name of each actor in the gazetteer: its country or bloc."""
        if "countries" not in self.m:
            self.m["countries"] = {names[0].lower() for names in self.ruleset.actors.values() if names}
        return self.m["countries"]

    def _canonical(self, name: str, at: int, sent: Sentence) -> str:
        """An acronym spelled out from earlier in the text ('MoD' -> 'Ministry of Defense'); a
        person named after the body they serve ('Security Council Alexander Volfovich' -> the person)."""
        if _ACRONYM.match(name):
            return self._expand_acronym(name, self.idx[at]) or name
        words = name.split()
        markers, titles = self._words_of("org_markers", "titles"), self.words["titles"]
        # a marker that opens the name is part of it ("RIA Novosti"), unless a title ("Spokesman X"); a
        # body's word stands before a person's name of two words, not before its own last word ("Union State")
        marks = [i for i, w in enumerate(words) if w.lower() in markers and (i or w.lower() in titles)]
        if marks:
            rest = words[marks[-1] + 1:]
            if rest and all(w[:1].isupper() and w.lower() not in CONNECTORS and "(" not in w for w in rest) \
                    and (words[marks[-1]].lower() in titles or len(rest) >= 2):
                return " ".join(rest)
        return name

    def resolve_vague(self, name: str, at: int, sent: Sentence) -> str:
        """A vague speaker ('Reports say', 'Analysts believe', 'a monitoring group says') replaced
        by the source the text names for it, if it does."""
        if not self._is_generic(name):
            return name
        body = self._generic_at(name, at, sent)
        if body:
            return body
        return (self._resolve_generic(sent, at, name) or name) if self._bare(name, at, sent) else name

    def _generic_at(self, name: str, at: int, sent: Sentence) -> str:
        """The body a vague speaker belongs to: 'analysts at Rubikon', 'experts from the Centre for
        Eastern Studies' (not a side: 'experts of the Ukrainian side')."""
        head = name.split()[-1].lower()
        for k in range(max(sent.start, at - 15), min(sent.end, at + 4)):  # an appositive may stand between
            if self.lowers[k] == head and k + 2 < sent.end and self.lowers[k + 1] in ("at", "from", "with", "of"):
                j = k + 2 + (self.lowers[k + 2] == "the")
                body = _clean_name(self._capitalised_run_from(j, min(sent.end, j + 8), connectors=True)) if j < sent.end else ""
                return "" if not body or self._is_actor_adjective(body) or body.lower() in self._actor_names else body
        return ""

    def _is_generic(self, name: str) -> bool:
        """'Reports', 'Analysts', 'monitoring group': only words for a kind of speaker;
        'Western analysts' and 'the defence ministry' say who they are."""
        cache = self.__dict__.setdefault("_generic_cache", {})
        if name not in cache:
            words = [w.lower() for w in name.split()]
            vague = self._words_of("generic_sources", "platforms")  # "Telegram wrote"
            cache[name] = bool(words) and words[-1] in vague and all(w in vague or w in DETERMINERS for w in words)
        return cache[name]

    def _bare(self, name: str, at: int, sent: Sentence) -> bool:
        """Is the vague speaker bare in the text ('Analysts believe'), not described ('Belarusian
        opposition monitors', 'Experts of the Ukrainian side')?"""
        head = name.split()[-1].lower()
        for k in range(max(sent.start, at - 8), min(sent.end, at + 4)):
            if self.lowers[k] == head:
                before = self.lowers[k - 1] if k > sent.start else None
                after = self.lowers[k + 1] if k + 1 < sent.end else None
                described_before = before is not None and self.orths[k - 1].isalpha() and before not in DETERMINERS \
                    and before not in self._cue_words("generic_sources") and k - 1 != at
                described_after = after in ("of", "from", "at", "in", "with", "for")
                return not (described_before or described_after)
        return True

    def _resolve_generic(self, sent: Sentence, at: int, name: str) -> str:
        """The named source a vague speaker stands for: the text's declared source; for one just
        introduced ('a monitoring group says'), the one named in the next sentence; else the
        organisation the text cites most, if it has just cited it ('Analysts believe' in a think
        tank's write-up), or the one organisation cited in the sentence before."""
        declared = self.declared_source(self.idx[at])
        if declared:
            return declared
        if self._indefinite(name, at, sent):
            if sent.end < len(self.doc):
                nxt = self.sents.of(sent.end)
                later = [a for a in self.attributions(nxt) if self._named(a[1])]
                if later and self.paragraph_of(self._first_char(nxt)) - self.paragraph_of(self._first_char(sent)) <= 1:
                    return later[0][1]
            return ""
        floor = self.paragraph_starts[max(0, self.paragraph_of(self._first_char(sent)) - 1)]
        recent = [a[1] for s, _ in self.cues["according"] + self.cues["attribution"]  # this paragraph or the last
                  if floor <= self.idx[s] < self.idx[at] for a in self.attributions(self.sents.of(s))]
        cited = self._most_cited_org if recent else ""  # read over the whole text only when it can count
        return cited if cited and any(cited in name or name in cited for name in recent) \
            else self._previous_named_org(sent)

    def _indefinite(self, name: str, at: int, sent: Sentence) -> bool:
        """Is the vague speaker introduced with 'a'/'an' ('A monitoring group says')?"""
        first = name.split()[0].lower()
        for k in range(max(sent.start, at - 8), at):
            if self.lowers[k] == first:
                return k > sent.start and self.lowers[k - 1] in ("a", "an")
        return False

    def _previous_named_org(self, sent: Sentence) -> str:
        """The one organisation named as a source in the sentence before, same paragraph."""
        prev = self.sentence_before(sent)
        if prev is None:
            return ""
        orgs = {a[1] for a in self.attributions(prev) if a[2] == "org" and self._named(a[1])}
        return orgs.pop() if len(orgs) == 1 else ""

    def _named(self, name: str) -> bool:
        return any(ch.isupper() for ch in name) and not self._is_generic(name)

    @cached_property
    def _most_cited_org(self) -> str:
        """The organisation the text attributes to most often, if it does so at least twice."""
        counts: Counter = Counter()
        for sent_start in sorted({self.sents.of(s).start for s, _ in self.cues["according"] + self.cues["attribution"]}):
            counts.update(name for _, name, kind in self.attributions(self.sents.of(sent_start))
                          if kind == "org" and self._named(name))
        # "Belarusian Hajun" and "the Belarusian Hajun project" are one organisation cited twice
        merged = {name: sum(n for other, n in counts.items() if name in other or other in name) for name in counts}
        best = max(merged, key=lambda name: (merged[name], -len(name)), default="")
        return best if best and merged[best] >= 2 else ""

    def _expand_acronym(self, acronym: str, before: int) -> str:
        """The name an acronym stands for, from the text before it: 'ISW' -> 'Institute for the
        Study of War (ISW)' when the text introduced it so, 'MoD' -> 'Ministry of Defense'."""
        parts = []
        for ch in acronym:
            if ch.isupper():
                parts.append(ch + r"[\w’'-]*")
            elif ch.isalpha():
                parts.append(ch + r"\w*")
        if len(parts) < 2:
            return ""
        pattern = re.compile(r"\b" + r"\s+(?:(?:of|for|the|and|on|de)\s+)*".join(parts) + r"\b")
        found = [m for m in pattern.finditer(self.text, 0, before) if m.group(0) != acronym]
        if not found:
            return ""
        m = found[-1]
        introduced = re.match(r"\s*\(" + re.escape(acronym) + r"\)", self.text[m.end():m.end() + len(acronym) + 4])
        return f"{m.group(0)} ({acronym})" if introduced else m.group(0)

    def _words_of(self, *names: str) -> set[str]:
        """The union of several cue lists, built once per rule set."""
        cache = self.m.setdefault("cue_words", {})
        if names not in cache:
            cache[names] = set().union(*(self._cue_words(n) for n in names))
        return cache[names]

    def _cue_words(self, name: str) -> set[str]:
        """A cue list as a set of lower-case words, built once per rule set (kept with its matchers)."""
        cache = self.m.setdefault("cue_words", {})
        found = cache.get(name)
        if found is None:
            found = cache[name] = {w.lower() for w in self.ruleset.cue(name)}
        return found

    def _inverted(self, verb: int, sent: Sentence) -> bool:
        """'..., said Viktor Gulevich' / '“...,” says X': the speaker follows the verb."""
        j = verb - 1  # the word before it
        while j >= sent.start and self.orths[j].isspace():
            j -= 1
        # ("5% said they distrusted the EU": a share's sign ends the subject, it sets nothing off)
        return j < sent.start or (self.puncts[j] and self.orths[j] not in ("%", "‰")) or self.quotes[j]

    def _is_population(self, name: str) -> bool:
        """'Belarusians said they opposed': a people, not a source."""
        low = name.lower()
        return " " not in name and low in self._actor_names and low.endswith("s") and low not in self._countries

    @property
    def _actor_names(self) -> dict[str, str]:
        if "actor_names" not in self.m:  # once per rule set
            self.m["actor_names"] = {n.lower(): a for a, names in self.ruleset.actors.items() for n in names}
        return self.m["actor_names"]

    def _before_time_phrase(self, j: int, floor: int) -> int:
        """The token before a time phrase ending at j ("on Tuesday", "on 3 March", "last week"), else j."""
        lowers, k = self.lowers, j
        while k >= floor and (lowers[k] in CALENDAR_WORDS or self.orths[k] == "," or self.doc[k].like_num):
            k -= 1
        if k < j and k >= floor and lowers[k] in ("on", "last", "this", "in", "early", "late"):
            return k - 1
        if k == j and k > floor and lowers[k] in ("week", "month", "year") and lowers[k - 1] in ("last", "this"):
            return k - 2
        return j

    def _after_time_phrase(self, j: int, limit: int) -> int:
        """The token after a time phrase starting at j ("on Tuesday", "in March", "last week"), else j."""
        k = j + 1 if j < limit and self.lowers[j] in ("on", "in", "last", "this", "early", "late") else j
        while k < limit and (self.lowers[k] in CALENDAR_WORDS or self.doc[k].like_num or self.lowers[k] in ("week", "month")):
            k += 1
        return k if k > j + 1 or (k > j and self.lowers[j] in ("last", "this")) else j

    def _subject_of(self, verb: int, sent: Sentence) -> str:
        w = self.words
        j = verb - 1
        while j >= sent.start and (self.lowers[j] in SKIP_BEFORE_VERB or self.lowers[j].endswith("ly")):
            j -= 1
        j = self._before_time_phrase(j, sent.start)  # "Lukashenko on Tuesday said"
        if j < sent.start:
            return ""
        acronym = ""
        if self.orths[j] == ")":  # "The International Institute for Strategic Studies (IISS) puts"
            close = j
            while j > sent.start and self.orths[j] != "(":
                j -= 1
            acronym = self._span_text(j, close + 1) if close - j == 2 and self.orths[j + 1].isupper() else ""
            j -= 1
            if j < sent.start:
                return ""
        if self.lowers[j] == "to":  # "he went on to say", "she continued to insist"
            k = j - 1
            while k > max(sent.start, j - 4) and self.lowers[k] in GOING_ON:
                k -= 1
            j = k if k < j - 1 else j
        low = self.lowers[j]
        if self.quotes[j] or (self.puncts[j] and self.orths[j] != ","):
            return ""  # '“...,” said X': the speaker follows the verb
        relative = None if self._capitalised(j) or low in PRONOUNS or self._fresh_subject(j, sent) \
            else self._relative_clause_start(j, sent)
        if relative is not None:  # "the Conflict Intelligence Team (CIT), which is made up of ..., has said"
            return self._subject_of(relative, sent)
        if low in ("he", "she"):
            return self._resolve_pronoun(sent, subjects=True)
        if low in ("they", "it") and j > sent.start:  # "The military commissars are reassuring, they say"
            opening = self._opening_subject(sent, j)
            if opening:
                return opening
        if low in self._cue_words("person_anaphora") and self.orths[j].islower():
            k = j - 1  # "the spokesperson noted", "the Belarusian leader said": the person named before
            while k > sent.start and (self._is_people(self.orths[k]) or self.lowers[k] in self._cue_words("source_modifiers")):
                k -= 1
            if k >= sent.start and self.lowers[k] in ("the", "this", "that", "its", "his", "her", "their"):
                # "its defence minister has said": the person named before, else the role
                return self._resolve_pronoun(sent, role=low) or self._named_next(sent) \
                    or _clean_name(self._span_text(k + 1, j + 1))
            if k - 1 >= sent.start and self.orths[k] in POSSESSIVE and self.lowers[k - 1] in self._countries:
                # "Ukraine's foreign minister called ...": who holds the role, else the role itself
                return self._role_holder(self.lowers[j], self.orths[k - 1]) or _clean_name(self._span_text(k - 1, j + 1))
        role = self._role_of_before(j, sent)
        if role is not None:  # "the head of state stressed": the person named before, else the role
            return self._resolve_pronoun(sent) or _clean_name(self._span_text(role, j + 1))
        if low == "it" or (low in w["group_anaphora"] and j > sent.start and self.lowers[j - 1] == "the"):
            found = self._coordinated_subject(j, sent) or self._resolve_group(sent, "" if low == "it" else low)
            if found or low == "it":
                return found  # else 'the ministry' with no ministry named before: itself
        name = ""
        if self._capitalised(j):
            name = self._capitalised_run_ending(j, sent.start)
            k = j - len(name.split())  # "the defence ministry in Minsk said": the ministry speaks
            if name and k - 1 >= sent.start and self.lowers[k] in ("in", "at") \
                    and self.lowers[k - 1] in w["source_nouns"]:
                return self._source_phrase_ending(k - 1, sent.start)
            if name and acronym:
                return f"{name} {acronym}"
            if name.lower() in self._countries and j - 2 >= sent.start and self.lowers[j - 1] == "of" \
                    and self.lowers[j - 2] in self._cue_words("person_anaphora"):
                # "The president of Belarus insists": whoever the text names in that role
                person = self._resolve_pronoun(sent)  # one of another side does not hold the role
                if person and self._side_of(person) not in ("", self._actor_names[name.lower()]):
                    person = ""
                return person or self._role_holder(self.lowers[j - 2], name) or name
        elif low in w["source_nouns"]:
            name = self._source_phrase_ending(j, sent.start)
        elif self.orths[j] == ",":
            aside = self._aside_before(j, sent)
            if aside is not None:  # "Hajun, citing its own observers, said": the name before the aside
                return self._subject_of(aside, sent)
            name = self._appositive_name(j, sent)
        # "A Chatham House survey conducted in September found": the source noun further back
        return name or self._last_source_noun(sent.start, j)

    def _aside_before(self, comma: int, sent: Sentence) -> int | None:
        """The comma that opens an aside closed by the comma at `comma` ('X, citing its own observers,
        said'; cue list aside_openers), or None."""
        for k in range(comma - 1, max(sent.start, comma - 14), -1):
            if self.puncts[k] and not self._inner_hyphen(k):
                return k if self.orths[k] == "," and k + 1 < comma and \
                    self.lowers[k + 1] in self._cue_words("aside_openers") else None
        return None

    def _role_of_before(self, j: int, sent: Sentence) -> int | None:
        """The role word of 'the head of state', 'the chief of the general staff' ending at j (all
        lower case: a capitalised body is a name, read elsewhere), or None."""
        roles = self._cue_words("person_anaphora")
        for k in range(j - 1, max(sent.start, j - 4), -1):
            if not self.orths[k + 1].islower():
                return None
            if k - 2 >= sent.start and self.lowers[k] == "of" and self.lowers[k - 1] in roles \
                    and self.orths[k - 1].islower() and self.lowers[k - 2] in ("the", "this", "that"):
                return k - 1
        return None

    def _side_of(self, name: str) -> str:
        """The actor a person's name belongs to by the gazetteer ('Vladimir Putin': russia), or ''."""
        return next((self._actor_names[w] for w in name.lower().split() if w in self._actor_names), "")

    def _role_holder(self, role: str, country: str) -> str:
        """The person the text names in a country's role: 'Belarusian President Alexander
        Lukashenko', 'Belarus's President X', 'President of Belarus X'."""
        actor = self._actor_names.get(country.lower())
        for m in re.finditer(r"\b(?i:" + re.escape(role) + r")\b(?:\s+of\s+(\S+))?\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)",
                             self.text):
            if not self.text[m.start()].isupper():
                continue
            before = self.text[max(0, m.start() - 30):m.start()].split()
            owner = [m.group(1) or ""] + (before[-1:] if before else [])
            if any(self._actor_names.get(re.sub(r"[’']s?$", "", w).lower()) == actor for w in owner if w):
                return m.group(2)
        return ""

    def _fresh_subject(self, j: int, sent: Sentence) -> bool:
        """Does a short phrase that opens a clause end at j ("the drills, which end on Friday, the
        ministry said")? Then the verb after j has a subject of its own, not the one before 'which'."""
        k = j
        while k > max(sent.start, j - 4) and self.orths[k - 1].isalpha():
            k -= 1
        return k > sent.start and self.orths[k - 1] == ","

    def _relative_clause_start(self, j: int, sent: Sentence) -> int | None:
        """If token j ends a relative clause (', which/who ...') that stands between a subject and
        its verb, the token just before that clause's comma; else None."""
        for k in range(j, max(sent.start, j - 25), -1):
            if self.orths[k] in (";", ":", "—", "–") or self.quotes[k]:
                return None
            if self.lowers[k] in ("which", "who") and k - 1 > sent.start and self.orths[k - 1] == ",":
                after = self.lowers[k + 1]  # "which the ministry said": the clause has a subject of its own
                own_subject = after in DETERMINERS or after in PRONOUNS or self._capitalised(k + 1)
                return None if own_subject else k - 1
        return None

    def _opening_subject(self, sent: Sentence, limit: int) -> str:
        """The subject a sentence opens with, when a short noun phrase is followed by a verb of
        being or saying ('The military commissars are reassuring, they say'): who 'they' is."""
        k = sent.start
        while k < limit and self.orths[k].isspace():
            k += 1
        if k >= limit or self.lowers[k] not in ("the", "a", "an"):
            return ""
        for j in range(k + 1, min(limit, k + 6)):
            if self.lowers[j] in OPENING_VERBS:
                if j > k + 1 and all(orth.isalpha() for orth in self.orths[k + 1:j]) and self.lowers[j - 1].endswith("s"):
                    return _clean_name(self._span_text(k + 1, j))
                return ""
        return ""

    def _coordinated_subject(self, j: int, sent: Sentence) -> str:
        """'The activist group Belaruski Hajun tracks ... and it says': the name that opens the
        sentence is the subject 'it' continues."""
        if j - 1 <= sent.start or self.lowers[j - 1] not in ("and", "but"):
            return ""
        k = sent.start
        while k < j and (self.orths[k].isspace() or not self._capitalised(k) or self.lowers[k] in self.words["not_names"]):
            if self.puncts[k] and self.orths[k] != "-":
                return ""  # only a name in the opening clause
            k += 1
        name = self._capitalised_run_from(k, j, connectors=True) if k < j else ""
        return "" if not name or name.lower() in self._actor_names else _clean_name(name)

    def _last_source_noun(self, start: int, end: int) -> str:
        """The source phrase nearest before `end` in the clause: a subject with words after it."""
        floor = start
        for k in range(end, start - 1, -1):
            if self.orths[k] in (";", ":", "—", "–") or self.lowers[k] in ("that", "which", "who"):
                floor = k + 1
                break
        for k in range(end - 1, floor - 1, -1):
            if self.lowers[k] in self.words["source_nouns"]:
                return self._source_phrase_ending(k, floor)
        return ""

    def _source_phrase_ending(self, j: int, floor: int) -> str:
        """'the Belarusian authorities', 'military leaders'; 'Lukashenka and his generals' -> Lukashenka;
        'Poll of “Belarusian Analytical Workroom”' -> the name after 'of'/'by'."""
        doc, w = self.doc, self.words
        if self.lowers[j] in w["study_nouns"] and j + 2 < len(doc) and self.lowers[j + 1] in ("of", "by", "from"):
            k = j + 2
            while k < len(doc) and (self.quotes[k] or self.lowers[k] == "the"):
                k += 1
            owner = self._capitalised_run_from(k, min(len(doc), k + 8), connectors=True)
            if owner:
                return owner
        k = j
        while k - 1 >= floor and (self._capitalised(k - 1) or self.lowers[k - 1] in w["source_nouns"]
                                  or self.lowers[k - 1] in self._cue_words("source_modifiers")):
            k -= 1
        k = self._noun_phrase_start(k, floor)
        if k - 2 >= floor and self.lowers[k - 1] in ("his", "her", "their", "its") and self.lowers[k - 2] == "and" \
                and k - 3 >= floor and self._capitalised(k - 3):
            return self._capitalised_run_ending(k - 3, floor)
        while k < j and (self.lowers[k] in DETERMINERS or self.lowers[k] in self._cue_words("speaker_quantifiers")
                         or self.doc[k].like_num):  # "Two Western diplomats told AFP"
            k += 1
        return _clean_name(self._span_text(k, j + 1))

    def _noun_phrase_start(self, k: int, floor: int) -> int:
        """Extend a source phrase starting at k back over the words of its noun phrase: up to four
        lower-case words and an owner with 's ("Lukashenko's press service", "Ukraine's border
        guard service"), if a determiner, an owner or the clause's start closes them."""
        j = k
        while j - 1 >= max(floor, k - 4) and self.orths[j - 1].isalpha() and self.orths[j - 1].islower() \
                and self.lowers[j - 1] not in NP_STOP and self.lowers[j - 1] not in DETERMINERS:
            j -= 1
        if j - 1 >= floor and self.orths[j - 1] in POSSESSIVE and j - 2 >= floor and (
                self._capitalised(j - 2) or self.lowers[j - 2] in self._words_of("source_nouns", "person_anaphora")):
            # "the ministry's press service", "the Belarusian leader's office"
            owner = j - 2
            while owner - 1 >= floor and self._capitalised(owner - 1):
                owner -= 1
            return owner
        return j if j - 1 >= floor and self.lowers[j - 1] in DETERMINERS else k

    def _first_source_in(self, start: int, end: int) -> str:
        """The first name or source phrase in a stretch: the subject a participle refers to."""
        w = self.words
        for j in range(start, end):
            if self.lowers[j] in w["source_nouns"]:
                while j + 1 < end and self.lowers[j + 1] in w["source_nouns"]:  # "military leaders"
                    j += 1
                if j + 2 < end and self.orths[j + 1] in POSSESSIVE and self.lowers[j + 2] in w["source_nouns"]:
                    j += 2  # "the ministry's spokesman"
                # "The Kremlin spokesman, Dmitry Peskov, refused to comment, saying": the name set off after it
                return self._appositive_after(j, end) or self._source_phrase_ending(j, start)
            if self._capitalised(j) and self.lowers[j] not in w["not_names"] and (j == start or not self._capitalised(j - 1)) \
                    and not self._in_quote(j):  # a name quoted is in the words said, not who says them
                name = self._capitalised_run_from(j, end, connectors=True)  # "Peskov declined to comment, saying"
                after = j + len(name.split())
                if name and not self._is_actor_adjective(name) and not self._is_population(name) and after < end \
                        and (self.orths[after] == "," or self.orths[after].isalpha() and self.orths[after].islower()):
                    return _clean_name(name)  # a subject: a verb or an appositive follows ("Around 2,500 ...": none)
        return ""

    def _appositive_after(self, j: int, end: int) -> str:
        """The name of one to four capitalised words set off by commas right after token j."""
        if j + 2 >= end or self.orths[j + 1] != ",":
            return ""
        k = j + 2
        while k < end and self._capitalised(k) and k - j <= 6:
            k += 1
        return self._trim_name(j + 2, k) if k < end and self.orths[k] == "," and k > j + 2 else ""

    def _capitalised_run_ending(self, j: int, floor: int) -> str:
        """The name ending at token j: capitalised words, joined by a connector ('Centre for Eastern
        Studies') or by a preposition and 'the' ('Institute for the Study of War')."""
        k = j
        while k - 1 >= floor:
            if self._capitalised(k - 1) or (k - 2 >= floor and self._name_joint(k - 1)):
                k -= 1
                continue
            gap = 2 if k - 2 >= floor and self.lowers[k - 1] == "the" and self.lowers[k - 2] in NAME_PREPOSITIONS else 1
            if self.lowers[k - 1] not in CONNECTORS or k - gap - 1 < floor or not self._capitalised(k - gap - 1):
                break
            k -= gap
        return self._trim_name(k, j + 1)

    def _name_joint(self, j: int) -> bool:
        """Does token j join the parts of one name: a hyphen with no space around it between capitalised
        words ("Bretton-Gordon", "Jean-Pierre"), or a particle between them ("Hamish de Bretton-Gordon",
        "Ursula von der Leyen")?"""
        orths, n = self.orths, len(self.orths)
        if orths[j] in ("-", "‑"):
            return 0 < j < n - 1 and self._capitalised(j - 1) and self._capitalised(j + 1) \
                and self.idx[j] == self.idx[j - 1] + len(orths[j - 1]) and self.idx[j + 1] == self.idx[j] + 1
        if self.lowers[j] not in NAME_PARTICLES or not orths[j].islower():
            return False
        before, after = j - 1, j + 1
        while before >= 0 and self.lowers[before] in NAME_PARTICLES and orths[before].islower():
            before -= 1
        while after < n and self.lowers[after] in NAME_PARTICLES and orths[after].islower():
            after += 1
        return before >= 0 and after < n and self._capitalised(before) and self._capitalised(after)

    def _trim_name(self, start: int, end: int) -> str:
        """The name in tokens [start, end) without leading connectors and words that never start
        a name ('However', 'President')."""
        lowers = self.lowers
        words = [j for j in range(len(self.idx))[start:end] if not self.orths[j].isspace()]
        markers = self.words["org_markers"]
        titled = False
        while words and (lowers[words[0]] in CONNECTORS or lowers[words[0]] in self.words["not_names"]):
            if len(words) > 1 and lowers[words[1]] in markers and lowers[words[0]] not in CONNECTORS:
                break  # "Defence Ministry", "General Staff of Ukraine": the word names the body
            titled = titled or lowers[words[0]] not in CONNECTORS
            words = words[1:]
        if titled and len(words) > 2 and lowers[words[0]] in self._actor_names and lowers[words[1]] not in CONNECTORS:
            words = words[1:]  # "President of Russia Vladimir Putin": the person, not the country
        if not words:  # nothing but title words
            return self._office(start, end)
        return _clean_name(self._span_text(words[0], words[-1] + 1))

    def _office(self, start: int, end: int) -> str:
        """Title words that name an office: 'the Minister of Defence said', 'the Defence Minister
        said' (not 'However President said')."""
        lowers = self.lowers
        first = next((j for j in range(start, end) if lowers[j] not in CONNECTORS), end)
        if first == end:
            return ""
        title_words = self._words_of("titles", "source_modifiers")
        if self._names_through(first, end) or (end - first >= 2 and lowers[end - 1] in self.words["titles"] and all(
                self._capitalised(j) and lowers[j] in title_words for j in range(first, end))):
            return _clean_name(self._span_text(first, end))
        return ""

    def _appositive_name(self, comma: int, sent: Sentence) -> str:
        """'General Oleksii Hromov, deputy director of ..., said': the name-like comma segment."""
        end = comma
        for j in range(comma - 1, sent.start - 2, -1):
            if j < sent.start or self.orths[j] in (",", "”", "“", '"'):
                words = [k for k in range(j + 1, end) if not self.puncts[k] and not self.orths[k].isspace()]
                if 1 <= len(words) <= 5 and all(self._capitalised(k) or self.lowers[k] in CONNECTORS for k in words):
                    name = self._trim_name(j + 1, end)
                    if name:
                        return name
                if words and self._capitalised(words[-1]):
                    # "X reported that Aleksandr Lukashenko, speaking to journalists, stressed": the name
                    # that opens the clause after 'that'
                    name = self._capitalised_run_ending(words[-1], j + 1)
                    k = words[-1] - len(name.split())
                    if name and k >= sent.start and self.lowers[k] == "that":
                        return name
                if j < sent.start or self.orths[j] in ("”", "“", '"'):
                    return ""
                end = j
        return ""

    def _name_after(self, i: int, limit: int, adjacent: bool = False) -> str:
        """The name after 'according to' / 'said': the last capitalised run before punctuation
        (the first one, right after the verb, when `adjacent`)."""
        doc, w = self.doc, self.words
        j, runs, current = i, [], []
        while j < limit and not (self.puncts[j] and self.orths[j] not in ("’", "'", "-") and not self.quotes[j]):
            if self.quotes[j]:  # 'the “Belarusian Gayun” monitoring group'
                j += 1
                continue
            low = self.lowers[j]
            if self._capitalised(j) or (current and self._name_joint(j)):
                current.append(j)
            elif current and self.orths[j] in POSSESSIVE and not adjacent and j + 1 < limit and self.orths[j + 1].islower() \
                    and self.lowers[j + 1] not in self._words_of("titles", "person_anaphora", "source_modifiers"):
                # "citing Zelenskyy’s remarks at the summit", not "Ukraine’s deputy minister Hanna Malyar"
                return self._trim_name(current[0], current[-1] + 1) or self._name_after(j + 1, limit)
            elif current and low in CONNECTORS and j + 1 < limit and self._capitalised(j + 1) \
                    and self.lowers[j + 1] not in CALENDAR_WORDS:  # not "said X on Tuesday"
                current.append(j)
            elif current and low in CONNECTORS and j + 2 < limit and self.lowers[j + 1] == "the" \
                    and self._capitalised(j + 2):  # "Institute for the Study of War"
                current += [j, j + 1]
                j += 1
            else:
                if current:
                    runs.append(current)
                    current = []
                if adjacent and (runs or low not in w["titles"]):
                    break
            j += 1
        if current:
            runs.append(current)
        if not adjacent and j < limit and self.orths[j] == "," and any(
                self.orths[k].islower() and self.lowers[k] in self._words_of("titles", "person_anaphora")
                for k in range(i, j)):
            person = self._capitalised_run_from(j + 1, min(limit, j + 5))  # "by the commander of X, Serhii Naiev"
            after = j + 1 + len(person.split())
            if 2 <= len(person.split()) <= 4 and (
                    after >= len(doc) or self.puncts[after] or self.orths[after].islower()):
                return self._trim_name(j + 1, after) or person
        names = [n for n in (self._trim_name(r[0], r[-1] + 1) for r in runs) if n]
        if not names:
            return ""
        if adjacent:
            return names[0]
        end = runs[-1][-1] + 1  # "the Institute for the Study of War (ISW)": keep the acronym
        if end + 2 < len(doc) and self.orths[end] == "(" and self.orths[end + 2] == ")" and _ACRONYM.match(self.orths[end + 1]):
            return f"{names[-1]} ({self.orths[end + 1]})"
        return names[-1]

    def _name_type(self, name: str, sent: Sentence | None = None) -> str:
        """'org' or 'person': by the words of the name, or by a group noun the text puts next to
        it anywhere ('the monitoring group Belaruski Hajun', 'the “Belarusian Gayun” monitoring
        group', 'the Belarusian Hajun project')."""
        cache = self.__dict__.setdefault("_type_cache", {}) if sent is not None else {}
        if name in cache:
            return cache[name]
        if {x.lower() for x in name.split()} & self._words_of("org_markers", "source_nouns") or _ACRONYM.match(name):
            return "org"  # an acronym names a body, not a person: "ISW", "KIIS", "MoD"
        if sent is None:
            return "person"
        groups = self._words_of("group_anaphora", "generic_sources")
        cache[name] = "person"
        at = self.text.find(name)
        while at >= 0:
            end = at + len(name)
            if self.text[end:end + 2] not in ("’s", "'s"):  # "Lukashenka's media" is not Lukashenka
                before = self.text[max(0, at - 30):at].lower().split()[-1:]
                after = self.text[end:end + 30].lower().split()[:2]
                if self.text[end:end + 1] == ",":  # "Belaruski Hajun, a monitoring project run by ...": its head
                    words = re.split(r"[,.;:()]", self.text[end + 1:end + 50].lower())[0].split()[:5]
                    head = next((k for k, w in enumerate(words) if w in NP_STOP or w in APPOSITIVE_ENDS), len(words))
                    after = words[head - 1:head] if head else []
                if any(w.strip("“”\"'.,;:()[]") in groups for w in before + after):
                    cache[name] = "org"
                    break
            at = self.text.find(name, end)
        return cache[name]

    def _earlier_sentences(self, sent: Sentence) -> Iterator[Sentence]:
        """The sentences before `sent`, the nearest first: this paragraph and the two before it, or
        the last ANAPHORA_SENTENCES sentences where paragraphs are single sentences. Read lazily:
        most anaphors find their speaker in the first few."""
        floor_char = self.paragraph_starts[max(0, self.paragraph_of(sent.start_char) - 2)]
        s, n = sent.start - 1, 0
        while s >= 0:
            prev = self.sents.of(s)
            if prev.end_char <= floor_char and n >= ANAPHORA_SENTENCES:
                return
            yield prev
            s, n = prev.start - 1, n + (not self.text[prev.start_char:prev.end_char].isspace())

    def _resolve_pronoun(self, sent: Sentence, subjects: bool = False, role: str = "") -> str:
        """'he said': the first person speaking in the latest sentence that has one (the subject of
        the previous attribution, not the last name it mentions: 'X said Y told him. He added').
        With `subjects`, a person who opens a sentence as its subject counts too, speaking or not
        ('Lukashenko met the generals. "...," he said'); a role ('the spokesman') is not resolved
        that way unless the text gave the person that title ('Defence Minister X inspected the units.
        "...," the minister said'): the one who acts in a sentence is seldom the spokesman of the next."""
        for prev in self._earlier_sentences(sent):
            people = [name for _, name, kind in self.attributions(prev) if kind == "person"]
            if people:
                return people[0]
            opening = self._opening_person(prev, role) if subjects or role else ""
            if opening:
                return opening
        return ""

    def _opening_org(self, sent: Sentence) -> str:
        """The organisation whose name opens a sentence as its subject: 'The Belarusian Defence
        Ministry held a briefing', 'Belaruski Hajun published photos' (typed as one by its words or
        the text), not a country or a people."""
        k = sent.start
        while k < sent.end and (self.orths[k].isspace() or self.lowers[k] == "the"):
            k += 1
        j = k
        while j < sent.end and (self._capitalised(j) or (j > k and self.lowers[j] in CONNECTORS and j + 1 < sent.end
                                                           and self._capitalised(j + 1))):
            j += 1
        if j == k or j - k > 7 or j >= sent.end or not self.orths[j].isalpha() or not self.orths[j].islower():
            return ""
        name = self._trim_name(k, j)
        if not name or name.lower() in self._actor_names or self._is_actor_adjective(name) \
                or self._name_type(name, sent) != "org":
            return ""
        return name

    def _opening_person(self, sent: Sentence, role: str = "") -> str:
        """The person whose name opens a sentence as its subject: a capitalised run of up to four
        words followed by a lower-case word ('Alexander Lukashenko spoke to journalists'), without
        titles or a country before it, and not a country, a people or a body."""
        k = sent.start
        while k < sent.end and self.orths[k].isspace():
            k += 1
        j = k
        while j < sent.end and self._capitalised(j):
            j += 1
        if j == k or j - k > 4 or j >= sent.end or not self.orths[j].isalpha() or not self.orths[j].islower() \
                or (role and role not in self.lowers[k:j]):
            return ""
        words = self._trim_name(k, j).split()
        skip = self._words_of("titles", "not_names")
        while len(words) > 1 and (words[0].lower() in self._actor_names or words[0].lower() in skip):
            words = words[1:]  # "Belarusian President Alexander Lukashenko"
        name = " ".join(words)
        if not name or name.lower() in self._countries or self._is_actor_adjective(name) \
                or self._is_population(name) or self._name_type(name, sent) != "person":
            return ""
        return name

    def _resolve_group(self, sent: Sentence, noun: str = "") -> str:
        """'it said', 'the ministry said': the last organisation named as a source before, one
        whose name holds the same noun first ('the Belarusian Defense Ministry')."""
        latest = ""
        for prev in self._earlier_sentences(sent):
            orgs = [name for _, name, kind in self.attributions(prev) if kind == "org"]
            if not orgs:  # "The Belarusian Defence Ministry held a briefing. ..., it said."
                orgs = [name for name in [self._opening_org(prev)] if name]
            same = [name for name in orgs if noun and noun in name.lower().split()]
            if same:
                return same[-1]
            latest = latest or (orgs[-1] if orgs else "")
            if latest and not noun:
                return latest
        return latest

    def _quote_around(self, start: int) -> "Quote | None":
        char = self.idx[start]
        return next((q for q in self._quotes(self.paragraph_of(char)) if q.first < char < q.last), None)

    def _quotes(self, p: int) -> list["Quote"]:
        if p not in self._quote_cache:
            ps = self.paragraph_starts[p]
            pe = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(self.text)
            self._quote_cache[p] = quotations(self.text, ps, pe)
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
            outside = [a for a in self.attributions(self.sents.of(span.start)) if not m.start() <= self.idx[a[0]] < m.end()]
            if outside:
                return outside[0][1]
        after = self._speaker_after_question(m)
        if after:
            return after
        # a quotation with no verb of saying around it: the speaker of the sentence just before it
        # in its paragraph ('..., he went on to say. "They have everything ..."'); a name or label in
        # quotes ('the "Union Shield" drills') is nobody's words, a phrase in quotes may be theirs
        quoted = self.text[m.start() + 1:m.end() - 1].split()
        if 0 < len(quoted) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalnum() for w in quoted):
            return ""
        opening = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        sent = self.sents.of(opening.start if opening is not None else start)
        before = self.sentence_before(sent)
        earlier = self.attributions(before) if before is not None else []
        if earlier:
            return earlier[-1][1]
        return self._continued_quote_source(m, sent)

    def _speaker_after_question(self, m: "Quote") -> str:
        """'"... to die?" Lukashenko told reporters.': a quotation closing on a question or an
        exclamation ends its sentence, and the verb of saying opens the next one; one closing on a full
        stop, only where the next one says who made the remarks ('X made the statement on TV')."""
        closing = self.text[m.end() - 2:m.end() - 1]
        if closing not in ("?", "!", "."):
            return ""
        close = self.doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if close is None or close.end >= len(self.doc):
            return ""
        nxt = self.sents.of(close.end)
        if nxt.start != close.end or self.paragraph_of(self._first_char(nxt)) != self.paragraph_of(m.start()):
            return ""
        found = [a for a in self.attributions(nxt) if a[0] - nxt.start <= 6
                 and (closing != "." or self.lowers[a[0]] == "made")]  # '"...." X made the remarks on TV.'
        return found[0][1] if found else ""

    def _continued_quote_source(self, m: "Quote", sent: Sentence) -> str:
        """A quotation that opens its paragraph with no verb of saying goes on from a quotation that
        closed the paragraph before with one ('"...," X said.' / '"More words."'): X speaks again."""
        p = self.paragraph_of(m.start())
        if p == 0 or self.text[self.paragraph_starts[p]:m.start()].strip():
            return ""
        prev = next((s for s in self._earlier_sentences(sent) if not self.text[s.start_char:s.end_char].isspace()), None)
        if prev is None or self.paragraph_of(self._first_char(prev)) != p - 1 \
                or not _QUOTE_MARK.search(self.text, prev.start_char, prev.end_char):
            return ""
        quotes = self._quotes(p - 1)
        said = [a for a in self.attributions(prev)
                if not any(q.first <= self.idx[a[0]] < q.last for q in quotes)]
        return said[-1][1] if said else ""


@lru_cache(maxsize=4096)
def _clean_name(text: str) -> str:
    return " ".join(_OWNER_S.sub("", text).strip(" ,.;:’'\"“”").split())


class Quote(NamedTuple):
    """A quotation's character span [first, last) in the text (a tuple: many are made)."""
    first: int
    last: int

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.last


def quotations(text: str, start: int, end: int) -> list[Quote]:
    """The quotations in text[start:end]. A straight quote mark opens after a space or a bracket
    and closes after a word or punctuation; one left open runs to the next opening mark (news
    style: a quotation going on in the next paragraph opens it again, with no closing mark before)
    or to the end of the stretch. Stray closing marks are ignored."""
    found: list[Quote] = []
    opened = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch in "“«":
            opening = True
        elif ch in "”»":
            opening = False
        else:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            opening = (before.isspace() or before in "([{—–-/") and not after.isspace()
        if opening:
            if opened is not None:
                found.append(Quote(opened, i))
            opened = i
        elif opened is not None:
            found.append(Quote(opened, i + 1))
            opened = None
    if opened is not None:
        found.append(Quote(opened, end))
    return found
