"""Context for a matched signal: actor, source, modality, date, location and subject.

Works on a tokenized, sentence-split Doc with no trained model: the knowledge is in the
YAML cue lists and the actor gazetteer (rules/cues.yaml, rules/actors.yaml); this module
holds only the heuristics that combine them (the source column lives in
belsignal.attribution). The expensive steps (attribution, quotes, dates) run only for
sentences that already hold a candidate signal.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import dates
from .attribution import CALENDAR_WORDS, CONNECTORS, NAME_PREPOSITIONS, SKIP_BEFORE_VERB, Attribution
from .pipeline import TOKENIZED, token_columns
from .surveys import Surveys
from .numbers import NumberPhrase
from .rules import RuleSet
from .signals import Signal

if TYPE_CHECKING:
    from .component import Sentence

CLAUSE_MARKS = {";", ":", "—", "–", "(", ")", "“", "”", '"', "«", "»", "[", "]"}
CLAUSE_CONJUNCTIONS = {"and", "but", "while", "whereas", "although", "though", "yet"}
_BREAK_WORDS = CLAUSE_MARKS | CLAUSE_CONJUNCTIONS
SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we"}
_JOINERS = {"and", "-", "–", "/", "&", ","}  # words that join two sides into one force
_OWN_WORDS = {"its", "their", "our", "we", "it", "they"}  # a speaker's own forces: not another country's exercise
NEGATION_WINDOW = 6  # tokens before the signal a negator may stand and still scope over it
MODAL_AFTER_WINDOW = 3
FRONT_REACH = 4  # tokens before a time that still stands before its clause's verb ("But the September drills")
SPEECH_EVENT_REACH = 4
LEAD_REACH = 4  # tokens before a lead that opens a sentence ("Less than a week after")  # words between a statement's occasion and its time ("Speaking to reporters in Minsk on")  # "100,000 Belarusians would ... be called up"
CUE_FAMILIES = ("reported", "negated", "hypothetical", "attribution", "participles", "according",
                "allegiance", "border_words", "reported_governing", "reported_weak", "reported_by", "announced",
                "unverified", "denied", "past_markers", "speech_events", "event_leads",
                "simultaneous_leads")
# Words a subject phrase should not start or end with, and the marks and spaces around it.
_EDGE_WORDS = {"of", "and", "or", "but", "that", "the", "a", "an", "as", "is", "are", "was", "were", "in", "to", "be",
               "will", "would", "once"}
_EDGE_MARKS = ",.;:-“”\"'’"
_LEADING_WORDS = r"^(?:(?:of|and|or|but|that|as|is|are|was|were|in|to)\b[\s,]*)+"
_TRAILING_WORDS = r"(?:[\s,]*\b(?:of|and|or|but|that|the|a|an|as|is|are|was|were|in|to|be|will|would|once)\b)+[\s,.;:]*$"
_LEADING_MARKS, _TRAILING_MARKS = r"^[\s,.;:\-“”\"'’]+", r"[\s,.;:\-“”\"'’]+$"
_SUBJECT_EDGES = re.compile("|".join((_LEADING_WORDS, _TRAILING_WORDS, _LEADING_MARKS, _TRAILING_MARKS)), re.IGNORECASE)
_SUBJECT_END = re.compile(f"{_TRAILING_WORDS}|{_TRAILING_MARKS}", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_PHOTO_CREDIT = r"\s*(?:[A-Z]{2,}(?: Photo)?/[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}\s+)?"  # "REUTERS/Vasily Fedosenko"
_STRONG = re.compile(r"^(?:\w+-)*strong\s+")
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class DocContext(Attribution, Surveys):
    """Lazily computed facts about one Doc that the context heuristics share."""

    @staticmethod
    def build_matchers(nlp, ruleset: RuleSet) -> dict:
        """PhraseMatchers for the cue lists and the actor gazetteer (built once per rule set)."""
        strings = nlp.vocab.strings
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")  # the cues and the actors' loose names: one pass
        labels = {}  # match id -> (cue family, or "" for an actor; actor)
        for family in CUE_FAMILIES:
            if ruleset.cue(family):
                lower.add(family, list(nlp.tokenizer.pipe(ruleset.cue(family))))
                labels[strings.add(family)] = (family, "")
        actors_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for actor, names in ruleset.actors.items():
            exact = [n for n in names if sum(ch.isupper() for ch in n) >= 2]
            loose = [n for n in names if n not in exact]
            if loose:  # keyed apart from a cue family of the same name
                lower.add(f"actor {actor}", list(nlp.tokenizer.pipe(loose)))
                labels[strings.add(f"actor {actor}")] = ("", actor)
            if exact:
                actors_exact.add(actor, list(nlp.tokenizer.pipe(exact)))
        words = {name: {w.lower() for w in ruleset.cue(name)} for name in
                 ("source_nouns", "group_anaphora", "org_markers", "not_names", "titles",
                  "place_prepositions", "study_nouns", "place_modifiers", "directions",
                  "place_before", "territory_nouns", "territory_owners", "departure_verbs",
                  "official_sources", "speech_settings", "day_parts", "giving_verbs")}
        words["imagery_nouns"] = ruleset.words("imagery_nouns")  # pictures are seen, not a speaker
        words["place_lead"] = (words["place_modifiers"] | words["directions"]
                               | {w for phrase in ruleset.cue("place_nouns") for w in phrase.lower().split()})
        word_ids = {name: {_word_id(strings, w) for w in words[name]}
                    for name in ("place_before", "directions", "territory_nouns", "territory_owners",
                                 "departure_verbs", "giving_verbs")}
        word_ids.update(skip_before_place={_word_id(strings, w) for w in _SKIP_BEFORE_PLACE},
                        skip_after_place={_word_id(strings, w) for w in _SKIP_AFTER_PLACE},
                        of_with={strings.add("of"), strings.add("with")})
        word_ids["and"], word_ids["from"] = strings.add("and"), strings.add("from")
        word_ids["possessive"] = {strings.add("'s"), strings.add("’s")}
        unit_names = {}
        for unit, names in ruleset.units.items():
            for name in names:
                unit_names.setdefault(name.lower(), unit)
        return {"lower": lower, "labels": labels, "actors_exact": actors_exact, "words": words, "units": unit_names,
                "word_ids": word_ids, "strings": StringTable(nlp.vocab.strings)}

    def __init__(self, doc: Doc, text: str, ruleset: RuleSet, matchers: dict, published: str = "", sents=None,
                 numbers: list = ()) -> None:
        self.doc, self.text, self.ruleset, self.m, self.published = doc, text, ruleset, matchers, published
        self.tokenized = doc.user_data.get(TOKENIZED, text)  # doc.text: what Span.text reads
        self.sents = sents
        self.numbers = numbers  # (start, end, NumberPhrase) token ranges of the number phrases
        self.words = matchers["words"]
        self.last_actor: dict[str, str] = {}  # kind -> actor of the previous row of that kind
        self.last_force: tuple[int, int, str] | None = None  # (paragraph, sentence, actor) of the last force row
        self.actor_of_text: dict[tuple[str, str], str] = {}  # a name's first row gives its later mentions' actor
        self.last_subject: dict[tuple[str, int], str] = {}
        self.last_source: dict[tuple[str, int], str] = {}  # (kind, paragraph) -> source
        self._attributions: dict[int, list[tuple[int, str, str]]] = {}
        self._quote_cache: dict[int, list[re.Match]] = {}
        self._times: dict[int, tuple[list, list]] = {}
        self._breaks: dict[int, list[int]] = {}
        self._places: dict[tuple[int, int, str], bool] = {}
        self._speakers: dict[int, list[tuple[int, int]]] = {}

    # ---- doc-wide lookups (computed once, on first use) ----

    @cached_property
    def _lower_matches(self) -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int, str]]]:
        """The cue spans per family and the actors' loose mentions, in the matcher's order."""
        cues: dict[str, list[tuple[int, int]]] = {f: [] for f in CUE_FAMILIES}
        actors, labels = [], self.m["labels"]
        for key, s, e in self.m["lower"](self.doc):
            family, actor = labels[key]
            if actor:
                actors.append((s, e, actor))
            elif family != "hypothetical" or self.orths[s] != "May":  # "May": the month
                cues[family].append((s, e))
        return cues, actors

    @cached_property
    def cues(self) -> dict[str, list[tuple[int, int]]]:
        out = self._lower_matches[0]
        for spans in out.values():
            spans.sort()
        return out

    @cached_property
    def _cue_index(self) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
        """Per cue family, the starts of its spans (to bisect) and the spans."""
        return {family: ([s for s, _ in spans], spans) for family, spans in self.cues.items()}

    @cached_property
    def actor_mentions(self) -> list[tuple[int, int, str]]:
        strings = self.m["strings"]
        found = self._lower_matches[1] + [(s, e, strings[k]) for k, s, e in self.m["actors_exact"](self.doc)]
        found.sort(key=lambda m: (m[0], -m[1]))
        out, last_end = [], -1
        for s, e, actor in found:  # longest match wins: "Russian Federation" over "Russian"
            if s >= last_end:
                out.append((s, e, actor))
                last_end = e
        return [m for m in out if not self._part_of_name(m[0], m[1])]

    def _part_of_name(self, s: int, e: int) -> bool:
        """Is the name only part of another word or name: the maker of 'Russian-made tanks', 'Soviet-era
        jets', a past state ('a former Soviet republic', 'post-Soviet'), or the city of an outlet or
        institute ('the Kyiv Independent', 'the Warsaw Institute')? None names a side."""
        orths = self.orths
        if s > 0 and self.lowers[s - 1 - (orths[s - 1] == "-" and s > 1)] in ("former", "post", "ex") \
                and self._force_words().isdisjoint(self.lowers[e:e + 3]):  # but "former Wagner PMC troops"
            return True
        if e + 1 < len(orths) and orths[e] in ("-", "–") and orths[e + 1].lower() in self._cue_words("maker_words"):
            return True
        return e < len(orths) and orths[e][:1].isupper() and orths[e].lower() in self._cue_words("outlet_heads")

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [m[0] for m in self.actor_mentions]

    @cached_property
    def default_actor(self) -> str:
        """The actor the article is about: the one most named other than as a place."""
        counts = Counter(m[2] for m in self.actor_mentions if not self._is_place(m)) \
            or Counter(m[2] for m in self.actor_mentions if not self._at_border(m))  # "Drills near the Polish border"
        return counts.most_common(1)[0][0] if counts else ""

    def boilerplate(self, sent: Sentence) -> bool:
        """Is the sentence no article text: a link to another article ("Read more: ..."), a caption
        ("Photo: ...", a gallery's "1 of 5 ...", after the photo credit that ends the caption before)?
        Its figures belong to another article or a picture. Labels: cue list boilerplate_labels."""
        found = self.m.get("boilerplate_label")
        if found is None:
            labels = "|".join(sorted((r"\s+".join(map(re.escape, w.split())) for w in self.ruleset.cue("boilerplate_labels")),
                                     key=len, reverse=True)) or "(?!)"
            found = self.m["boilerplate_label"] = re.compile(
                rf"{_PHOTO_CREDIT}(?:(?:{labels})\s*[:|»]|\d+\s+of\s+\d+\b)", re.IGNORECASE)
        cache = self.__dict__.setdefault("_boilerplate", {})  # asked for each candidate of the sentence
        if sent.start_char not in cache:
            cache[sent.start_char] = found.match(self.text, sent.start_char, sent.end_char) is not None
        return cache[sent.start_char]

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(self.text)]

    def paragraph_of(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def paragraph_span(self, char: int) -> tuple[int, int]:
        """Token range of the paragraph holding `char`."""
        p = self.paragraph_of(char)
        starts = self.paragraph_starts
        start_char = starts[p]
        end_char = starts[p + 1] if p + 1 < len(starts) else len(self.text)
        span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, len(self.doc))

    def within(self, passage: str, sent: Sentence) -> bool:
        """Does `sent` lie in a passage of this type (`within:` of a rule)? "war": the sentence, or
        the one before it in its paragraph, names war or forces (lexicon war_topic): a loose
        dismissal ("played down fears", "was a fake") denies something only there. "troop_count":
        the sentence before counts soldiers; "troop_topic": a force is what a figure can refer back
        to (_about_troops); "survey": see Surveys.within. rules/README.md describes each."""
        if passage == "troop_count":
            return self._counts_troops(self.sentence_before(sent))
        if passage == "troop_topic":
            return self._about_troops(sent)
        if passage != "war":
            return Surveys.within(self, passage, sent)
        if "war_topic" not in self.m:
            self.m["war_topic"] = frozenset(_word_id(self.doc.vocab.strings, w) for w in self.ruleset.words("war_topic"))
        topic, lower = self.m["war_topic"], self._lower_ids
        if not topic.isdisjoint(lower[sent.start:sent.end]):
            return True
        before = self.sentence_before(sent)
        return before is not None and not topic.isdisjoint(lower[before.start:before.end])

    def _counts_troops(self, sent: Sentence | None) -> bool:
        """Does `sent` hold a figure counting personnel (a number phrase whose noun is in the lexicon
        list troop_nouns): what "another 3,000", "the remaining 1,000" in the next sentence count?"""
        if sent is None:
            return False
        nouns = self.ruleset.words("troop_nouns")
        for start, _, phrase in self.numbers[bisect.bisect_left(self.numbers, (sent.start,)):]:
            if start >= sent.end:
                break
            if phrase.noun in nouns:
                return True
        return False

    def _about_troops(self, sent: Sentence) -> bool:
        """Is a force what "they", "their number" or "the total" in `sent` can refer back to? The
        sentence or the one before it in its paragraph names soldiers or a force (lexicon troop_topic), neither
        names another countable crowd or sum (lexicon other_referents: refugees, votes, money,
        casualties), and the last figure before `sent`, if it counts anything, counts soldiers:
        after "200 tanks" a bare "the total" is the tanks'."""
        before = self.sentence_before(sent)
        start = before.start if before is not None else sent.start
        words = set(self.lowers[start:sent.end])
        topic, nouns, others = (self.ruleset.words(name) for name in ("troop_topic", "troop_nouns", "other_referents"))
        if words.isdisjoint(topic) or not words.isdisjoint(others):
            return False
        i = bisect.bisect_left(self.numbers, (sent.start,)) - 1
        while i >= 0 and self.numbers[i][0] >= start:
            noun = self.numbers[i][2].noun
            if noun or self.numbers[i][2].unit:
                return noun in nouns
            i -= 1
        return True

    def sentence_before(self, sent: Sentence) -> Sentence | None:
        """The sentence before `sent` in its paragraph, if any."""
        if sent.start == 0:
            return None
        prev = self.sents.of(sent.start - 1)
        return prev if self.paragraph_of(self._first_char(prev)) == self.paragraph_of(self._first_char(sent)) else None

    def sentence_after(self, sent: Sentence) -> Sentence | None:
        """The sentence after `sent` in its paragraph, if any."""
        if sent.end >= len(self.orths):
            return None
        nxt = self.sents.of(sent.end)
        return nxt if self.paragraph_of(self._first_char(nxt)) == self.paragraph_of(self._first_char(sent)) else None

    # ---- filling a row ----

    def fill(self, sig: Signal, start: int, end: int, np_end: int) -> None:
        sent = self.sents.of(start)
        clause = self.clause(sent, start)
        sig.modality = self.modality(sig.kind, sent, clause, start, np_end)
        if sig.kind == "poll":
            self.share_of_passage(sig, sent)  # "the same proportion said": the figure before
        sig.source = self.source(sig.kind, sent, start)
        sig.actor = self.actor(sig, sent, clause, start, end, np_end)
        sig.date_text, sig.date, sig.date_end = self.date(sig.kind, sent, clause, start)
        sig.location = self.location(clause, start, np_end) if sig.kind not in ("poll", "denial") else ""
        sig.subject = self.subject(sig, clause, start, end, np_end)
        self.last_actor[sig.kind] = sig.actor
        if sig.kind not in ("denial", "poll") and sig.actor:
            self.last_force = (self.paragraph_of(self._first_char(sent)), sent.start, sig.actor)
            self.actor_of_text.setdefault((sig.kind, sig.text), sig.actor)
        if sig.subject:
            self.last_subject[(sig.kind, self.paragraph_of(self.idx[start]))] = sig.subject
        if sig.source:
            self.last_source[(sig.kind, self.paragraph_of(self.idx[start]))] = sig.source

    def _clause_break(self, j: int) -> bool:
        if self.orths[j] in CLAUSE_MARKS:
            return not (self.quotes[j] and self._scare_quote(j))
        return self.lowers[j] in CLAUSE_CONJUNCTIONS and j > 0 and self.orths[j - 1] == ","

    def _clause_breaks(self, sent: Sentence) -> list[int]:
        """The tokens of the sentence that end a clause, found once for all its rows."""
        found = self._breaks.get(sent.start)
        if found is None:
            start = sent.start  # a mark is punctuation: its lower case is its text
            found = self._breaks[start] = [start + k for k, low in enumerate(self.lowers[start:sent.end])
                                           if low in _BREAK_WORDS and self._clause_break(start + k)]
        return found

    def _scare_quote(self, j: int) -> bool:
        """A quote mark around one or two words ('“mobilization” exercises') does not end a clause."""
        quotes, puncts = self.quotes, self.puncts
        for k in list(range(j + 1, min(len(quotes), j + 4))) + list(range(j - 1, max(-1, j - 4), -1)):
            if quotes[k]:
                return abs(k - j) <= 3 and not any(puncts[t] and not quotes[t] for t in range(min(j, k), max(j, k)))
        return False

    def clause(self, sent: Sentence, i: int) -> tuple[int, int]:
        """Token range of the clause around token i: bounded by ; : dashes quotes brackets and ', and'."""
        if sent.start <= i < sent.end:
            breaks = self._clause_breaks(sent)
        else:  # a number phrase that begins in another sentence than its match
            breaks = [j for j in range(min(i, sent.start), max(i + 1, sent.end)) if self._clause_break(j)]
        before, after = bisect.bisect_left(breaks, i) - 1, bisect.bisect_right(breaks, i)
        start = breaks[before] + 1 if before >= 0 and breaks[before] >= sent.start else sent.start
        end = breaks[after] if after < len(breaks) and breaks[after] < sent.end else sent.end
        return start, end

    # modality

    def modality(self, kind: str, sent: Sentence, clause: tuple[int, int], start: int, np_end: int) -> str:
        """A hedge in the clause (or one governing the sentence, "Kyiv has alleged that") makes a row
        `reported`, a negator just before it `negated`, a modal before it (or right after a counted
        noun, up to punctuation) `hypothetical`. A denial's or a poll's own words (the claim denied,
        the stance polled) are not hedges on the row."""
        cs, ce = clause
        own_words = kind in ("denial", "poll")
        # a poll's figure is measured: "the pollster reported that 52% ..." names who measured it
        if self._hedge_in(cs, start if own_words else ce, start) or kind != "poll" and self._unofficial_report(
                sent, cs, start if own_words else ce) or (
                not own_words and (self._cue_in("reported_governing", sent.start, start) or self._unverified(sent))):
            return "reported"
        if kind != "denial" and any(  # "did not rule out that ..." hedges, it does not negate
                not any(hs <= s and e <= he for hs, he in self._cues_between("hypothetical", s - 3, e + 4))
                and not self._new_predicate(e, start)
                for s, e in self._cues_between("negated", max(cs, start - NEGATION_WINDOW), start)):
            return "negated"
        if kind in _EVENT_KINDS and any("," not in self.orths[e:start] and self.lowers[e] not in _DENIED_GOODS
                                        for _, e in self._cues_between("denied", max(cs, start - NEGATION_WINDOW), start)):
            return "negated"  # "Moscow denied it had sent 10,000 troops" (not "Kyiv, which denied any role, said")
        after = np_end
        while after < min(ce, np_end + MODAL_AFTER_WINDOW) and not self.puncts[after]:
            after += 1
        # "its 45,000-strong army could be sent": the size of a force that exists is a fact ("a 5,000-strong
        # contingent could be deployed" is not)
        sized = "strong" in self.lowers[start:np_end] and not (start > cs and self.lowers[start - 1] in ("a", "an"))
        # "has about 70,000 reservists who could be called up": the modal is the relative clause's, not the count's
        relative = np_end < ce and self.lowers[np_end] in ("who", "which", "that", "whom")
        # a poll measures a share; a modal in its clause is the stance polled ("those who believe Belarus
        # should stay neutral", "13% would back"), not a hedge on the figure
        if kind != "poll" and (self._modal_in(sent, cs, start) or (not own_words and not sized and not relative
                                                                   and self._modal_in(sent, np_end, after))):
            return "hypothetical"
        if self._cue_in("reported_weak", cs, start if own_words else ce):
            return "reported"
        return "asserted"

    def _new_predicate(self, j: int, start: int) -> bool:
        """Does a second verb, joined by 'and'/'but', stand between a negator's verb and the signal
        ("has not changed and remains at about 1,000": the figure is not negated)?"""
        lowers = self.lowers
        return any(lowers[k] in ("and", "but") and lowers[k + 1] in _PREDICATES for k in range(j, start - 1))

    def _unverified(self, sent: Sentence) -> bool:
        """Could the reporter not check the sentence ("Reuters could not verify reports that ..."), or
        does the next sentence of its paragraph say so of it, with no figure of its own ("The report
        could not be independently verified.")?"""
        if self._cue_in("unverified", sent.start, sent.end):
            return True
        nxt = self.sentence_after(sent)
        return nxt is not None and self._cue_in("unverified", nxt.start, nxt.end) and not any(
            ch.isdigit() for o in self.orths[nxt.start:nxt.end] for ch in o)

    def _hedge_in(self, start: int, end: int, signal: int) -> bool:
        """A 'reported' cue in [start, end) that hedges the clause, not one inside a noun phrase of
        its own ("citing a purportedly complex situation") unless that phrase is about the signal
        ("the alleged concentration of 3,000 troops")."""
        lowers = self.lowers
        return any(s == 0 or lowers[s - 1] not in ("a", "an", "the")
                   or (e < signal <= e + 3 and "of" in lowers[e:signal])
                   for s, e in self._cues_between("reported", start, end))

    def _unofficial_report(self, sent: Sentence, start: int, end: int) -> bool:
        """'X reported' in [start, end) where X is not an official body: a monitoring group, the
        media, or nobody named ("Also reported, two battalions ...")."""
        for s, e in self._cues_between("reported_by", start, end):
            if not self._verb_reading(s, sent):  # "denying reports that ...": a noun
                continue
            if not any(a <= s < b for a, b in self._cues_between("according", s - 3, s + 4)):  # "as reported by X"
                names = [name for verb, name, _ in self.attributions(sent) if verb == s]
                if not names or not ({w.lower() for w in names[0].split()} & self.words["official_sources"]):
                    return True
        return False

    def _modal_in(self, sent: Sentence, start: int, end: int) -> bool:
        """A hypothetical cue in [start, end); a bare 'would' after a reporting verb is the future of
        reported speech ("Shoigu said 300,000 reservists would be called up"), not a condition."""
        spans = self._cues_between("hypothetical", start, end)
        for s, e in spans:
            bare = self.lowers[s] in ("would", "'d") and e - s == 1
            if bare and not any(s2 == s and e2 > e for s2, e2 in spans) and self._cue_in("attribution", sent.start, s):
                continue
            if self._asked_question(s, sent.start, end):
                continue  # "Asked whether the army should join, a majority said no": the question's modal
            if self._cue_in("participles", e, end):
                continue  # "... are unlikely to join, noting that only 10,000 troops are ready": another statement
            return True
        return False

    def _asked_question(self, cue: int, floor: int, end: int) -> bool:
        """Is the cue inside an embedded question ('whether ...', 'asked if ...') closed by a comma
        before `end`?"""
        for k in range(cue, max(floor, cue - 8) - 1, -1):
            if k < cue and self.puncts[k]:
                return False
            low = self.lowers[k]
            if low == "whether" or (low == "if" and k > floor and self.lowers[k - 1] in ("asked", "ask", "asking")):
                return "," in self.orths[cue:end]
        return False

    def _cue_in(self, family: str, start: int, end: int) -> bool:
        return bool(self._cues_between(family, start, end))

    def _cues_between(self, family: str, start: int, end: int) -> list[tuple[int, int]]:
        """The cue spans of a family that lie within [start, end), found by bisection."""
        starts, spans = self._cue_index[family]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        return [(s, e) for s, e in spans[lo:hi] if e <= end] if hi > lo else []

    # actor

    def actor(self, sig: Signal, sent: Sentence, clause: tuple[int, int], start: int, end: int, np_end: int) -> str:
        if sig.kind in ("denial", "poll"):
            return self._speech_actor(sig, sent, clause, start, np_end)
        return self._force_actor(sig, sent, clause, start, end, np_end)

    def _speech_actor(self, sig: Signal, sent: Sentence, clause: tuple[int, int], start: int, np_end: int) -> str:
        """Whose denial or whose opinion: named in the phrase, the speaker, or the article's people."""
        cs, ce = clause
        if sig.kind == "poll":  # the polled people, not a country the question names (belsignal.surveys)
            return self.poll_actor(sent, start, self._tail_end(np_end, ce))
        verb = start  # "Kyiv did not see any signs": the subject stands before the auxiliaries
        while verb > cs and self.lowers[verb - 1] in SKIP_BEFORE_VERB:
            verb -= 1
        subject = [m for m in self._mentions(max(cs, verb - 2), start + 1) if not self._is_place(m)  # "Belarus will not send"
                   and (m[0] == 0 or self.lowers[m[0] - 1] not in ("of", "and", "with", "to", "from", "by"))]
        if sig.kind == "denial" and subject:  # "..., but Kyiv sees no threat": the denier is the subject
            return subject[-1][2]
        if sig.kind == "denial" and sig.source:  # the denier's side, not the side the claim names
            by_source = self._source_actor(sig.source, sent)
            if by_source:
                return by_source
        tail = self._tail_end(np_end, ce)
        if sig.kind == "denial":  # "rejected Lithuania's accusations": who accuses is not who denies
            in_phrase = next((m[2] for m in self._mentions(start, tail) if not self._accuser(m)), "")
        else:
            in_phrase = self._actor_in(start, tail)
        if in_phrase:
            return in_phrase
        return (
            self._actor_in(cs, start, nearest_to=start)
            or self._actor_in(np_end, ce)
            or self._actor_in(sent.start, sent.end)
            or (self._source_actor(sig.source, sent) if sig.source and self._in_quote(start) else "")
            or self._paragraph_actor(sent)
            or self.default_actor
        )

    def _force_actor(self, sig: Signal, sent: Sentence, clause: tuple[int, int], start: int, end: int,
                     np_end: int) -> str:
        """Whose troops, hardware or exercise. A country named as the place ("troops in Belarus",
        "along the Ukrainian border") or as the speaker ("Kyiv said ...") is not the actor while
        another is named; a sentence that names none continues the rows before it."""
        cs, ce = clause
        if sig.kind == "troops":
            loyal = self._allegiance(sent, start)
            if loyal:
                return loyal
        of_tail = self._of_tail_end(np_end, ce)
        tail = self._tail_end(np_end, ce)
        origin = self._origin(of_tail, tail)  # "ammunition sent from Minsk"
        if sig.kind == "equipment":  # "Poland bought 250 US-made tanks": the buyer's, not the maker's
            buyer = self._verb_subject(sent, start, "acquire_verbs")
            if buyer:  # but "Russia received 12,000 tons of ammunition from Belarus": the sender's
                return origin[0][2] if origin else buyer[2]
        inside = self._mentions(start, of_tail)  # "30,000 Russian troops", "units of the Russian army"
        if inside:
            return "" if self._joint(inside[:2]) else inside[0][2]
        adjacent = [m for m in self._mentions(max(cs, start - 2), start)
                    if (not self._is_place(m) or self._lower_ids[m[1]] in self.m["word_ids"]["possessive"])
                    and not any(a <= m[0] < b for a, b in self._speaker_tokens(sent))]  # "Zelenskyy called the drills" 
        # "Belarus' special forces, estimated at ...", "in response to NATO's Steadfast Defender"; a subject
        # with its verb ("Belarus got 12 jets from Moscow") gives way to where the hardware came from
        if adjacent and not (origin and any(o.isalpha() and o.islower() for o in self.orths[adjacent[-1][1]:start])):
            return "" if self._joint(self._mentions(cs, adjacent[-1][1])[-2:]) else adjacent[-1][2]
        owner = self._possessive_owner(cs, start)
        if owner:
            return owner
        if sig.kind == "exercise":
            holder = self._verb_subject(sent, start, "exercise_verbs")
            if holder:  # "Poland protested after Belarus announced new drills": who announced them
                return "" if self._joint(self._mentions(sent.start, holder[1])[-2:]) else holder[2]
        if (sig.kind, sig.text) in self.actor_of_text and self.orths[start].istitle():  # "Zapad-2021" again
            return self.actor_of_text[(sig.kind, sig.text)]
        speakers = self._speaker_tokens(sent) + self._colon_credit(sent)
        if sig.kind == "exercise":  # "the German army said the exercises ...": a force that speaks may hold them
            speakers = [(a, b) for a, b in speakers if self._force_words().isdisjoint(self.lowers[max(a, b - 2):b])]

        def actors(lo: int, hi: int) -> list[tuple[int, int, str]]:
            return [m for m in self._mentions(lo, hi) if not self._is_place(m)
                    and not any(a <= m[0] < b for a, b in speakers)]

        before = actors(cs, start)
        if before and any(w in ("its", "their") for w in self.lowers[start:np_end]):
            return before[0][2]  # "Belarus ... concentrates a number of its units", "Wagner moved 500 of its fighters from Belarus"
        if origin and not (before and before[-1][2] != origin[0][2] and not self._cue_words("movement_verbs").isdisjoint(
                self.lowers[before[-1][1]:start])):  # "Russia has moved 10,000 soldiers from Belarus": Russia's
            return "" if self._joint(origin[:2]) else origin[0][2]
        if sig.rule.endswith(".elliptic") and self.last_force and self.last_force[1] == sent.start:
            return self.last_force[2]  # "received four jets from Russia, bringing the total to 12": the same side
        host = self._exercise_host(np_end, ce) if sig.kind == "exercise" else ""
        if host and (self._reacts_to(before[-1][1] if before else cs, start) or (
                (not before or self._speaks_of(before[-1][1], start))
                and _OWN_WORDS.isdisjoint(self.lowers[sent.start:start]))):  # "Warsaw said its troops would hold"
            return host  # "Kyiv said the drills in Belarus ...", "Vilnius reacted to the drills in Belarus"
        if before and sig.kind == "exercise" and self._bare_definite(start, end) and "exercise" in self.last_actor \
                and not self._cue_words("exercise_verbs").intersection(self.lowers[before[-1][1]:start]):
            return self.last_actor["exercise"]  # "Vilnius raised its readiness in response to the drills"
        if before and sig.kind != "exercise" and self._observed(before[-1][1], start):
            # "Ukrainian border guards spotted about 200 soldiers in Belarus": the observer's side is not theirs
            return self._other_side(sent, before[-1][2])
        if before:  # the subject: "Russia has stationed tens of thousands of troops in Belarus"
            return "" if self._joint(before[-2:]) else before[-1][2]
        if sig.kind == "exercise" and self._bare_definite(start, end) and "exercise" in self.last_actor:
            return self.last_actor["exercise"]  # "the drills": the exercise reported before
        comma = next((j for j in range(of_tail, ce) if self.orths[j] == ","), ce)
        after = actors(of_tail, min(comma, of_tail + 4))  # "troops loyal to Putin", "drills by Belarusian units"
        if after:  # "drills involve Belarusian, Russian and Kazakh troops": no one side's
            return "" if self._joint(self._mentions(after[0][0], min(ce, after[0][1] + 3))[:2]) else after[0][2]
        spoken = self._pronoun_actor(sent, start) if self._pronoun_subject(cs, start) else ""
        if spoken:  # "Warsaw said it was moving 1,000 soldiers"
            return spoken
        prior = actors(sent.start, cs)
        if self._pronoun_subject(cs, start) and self._joint(prior[-2:]):
            return ""  # "Putin and Lukashenko met in Sochi; they said 5,000 troops would ...": both sides
        outside = list(reversed(prior)) + actors(comma, sent.end)
        if any(self._joint(self._mentions(a, b)[:2]) for a, b in speakers) and not outside:
            return ""  # "Minsk and Moscow said they would hold drills": the two sides together, no one's
        own_drill = next((m[2] for a, b in speakers for m in self._mentions(a, b)), "")
        if own_drill and sig.kind != "exercise" and (  # "Kyiv's intelligence recorded ...", "... said the enemy had"
                self._observed(cs, ce) or not self._cue_words("enemy_words").isdisjoint(self.lowers[cs:np_end])):
            # "Demchenko said 170 tanks had been spotted near the border": the observer's side is
            # not whose tanks they are; the other side the passage names is, else nobody's
            return (outside[0][2] if outside else "") or self._chained_actor(sent) or self._other_side(sent, own_drill)
        # "Nine battalion tactical groups remain in Belarus, the Ukrainian General Staff said": an observer's
        # side does not own a force it places in another country (unless it says "its troops"); nor does
        # that country
        abroad = bool(own_drill) and _OWN_WORDS.isdisjoint(self.lowers[cs:of_tail]) \
            and self._stationed_abroad(clause, own_drill) and any(  # not "Russia's defence ministry said"
                not self._cue_words("observer_sources").isdisjoint(self.lowers[a:b]) for a, b in speakers)
        found = (
            (outside[0][2] if outside else "")
            or (self._source_actor(sig.source, sent) if sig.source and self._in_quote(start) else "")
            or (own_drill if sig.kind == "exercise" and not abroad else "")  # "the Belarusian ministry reported a check"
            or self._chained_actor(sent)
            or (self._previous_subject(sent) if self._refers_back(cs, of_tail) else "")
        )
        if found or abroad:
            return found or self._paragraph_actor(sent, places=False)
        return (
            own_drill
            or self._paragraph_actor(sent, places=False)
            or (self._named_source_actor(sig.source, sent) if sig.kind == "exercise" and sig.source else "")
            or self.default_actor
        )

    def _colon_credit(self, sent: Sentence) -> list[tuple[int, int]]:
        """A live blog's credit before a colon ('Ukrainian border guards: about 5,000 troops remain in
        Belarus'): an observer heading the sentence speaks; it is no side of the figure."""
        colon = next((j for j in range(sent.start, min(sent.end, sent.start + 6)) if self.orths[j] == ":"), None)
        if colon is None or self._cue_words("observer_sources").isdisjoint(self.lowers[sent.start:colon]):
            return []
        return [(sent.start, colon)]

    def _stationed_abroad(self, clause: tuple[int, int], side: str) -> bool:
        """Does the clause place the force in a country other than `side` ('remain in Belarus', 'on
        Belarusian soil', 'at Belarusian training grounds'; not 'sent to the Ukrainian border')?"""
        for m in self._mentions(*clause):
            if m[2] == side or not self._is_place(m) or self._at_border(m):
                continue
            j = m[0] - 1 - (m[0] > 0 and self.lowers[m[0] - 1] in ("the", "a"))
            if self.lowers[j] in _STANDING_AT or (m[1] < len(self.lowers) and self.lowers[m[1]] in _STANDING_ON):
                return True
        return False

    def _origin(self, of_tail: int, tail: int) -> list[tuple[int, int, str]]:
        """The sides the row's hardware or troops come from: 'tanks transported from Minsk' (not a place
        they leave: 'withdrawn from Belarus')."""
        frm = next((j for j in range(of_tail, tail) if self.lowers[j] == "from"), tail)
        return [m for m in self._mentions(frm, tail) if not self._is_place(m)]

    def _joint(self, mentions: list[tuple[int, int, str]]) -> bool:
        """Do two mentions name two sides together ('Russian and Belarusian troops', 'the joint
        Belarusian-Russian grouping', 'paratroopers from Belarus and Russia')? A joint force or
        exercise is no one side's: its actor is left empty."""
        if len(mentions) < 2:
            return False
        (_, end, first), (start, _, second) = mentions
        return first != second and 0 < start - end <= 2 and all(
            self.lowers[k] in _JOINERS for k in range(end, start))

    def _possessive_owner(self, cs: int, start: int) -> str:
        """The side whose action the figure measures: "NATO's buildup of 40,000 soldiers", "Russia's
        transfer of some 20 jets"."""
        if start - 1 < cs or self.lowers[start - 1] != "of":
            return ""
        for k in (start - 3, start - 4):
            if k > cs and self.orths[k] in ("'s", "’s", "'", "’"):
                owners = [m for m in self._mentions(max(cs, k - 4), k) if m[1] == k]
                return owners[-1][2] if owners else ""
        return ""

    def _verb_subject(self, sent: Sentence, start: int, verbs: str) -> tuple[int, int, str] | None:
        """The side named right before a verb of the cue list `verbs` whose object is the row: a verb of
        holding or announcing for an exercise ('after Belarus announced its own exercises', 'when Minsk
        began the drills'), even where that verb also reports speech; a verb of buying for hardware
        ('Minsk bought four Russian jets')."""
        j = start - 1
        while j > sent.start and j > start - 3 and self.lowers[j] in _OBJECT_LEAD:
            j -= 1
        if j <= sent.start or self.lowers[j] not in self._cue_words(verbs):
            return None
        k = j - 1
        while k > sent.start and self.lowers[k] in SKIP_BEFORE_VERB:
            k -= 1
        subject = [m for m in self._mentions(max(sent.start, k - 3), k + 1) if m[1] == k + 1 and not self._is_place(m)]
        return subject[-1] if subject else None

    def _exercise_host(self, np_end: int, ce: int) -> str:
        """The country an exercise is held in, named right after it ('the drills in Belarus', 'exercises
        on Belarusian territory'): its side where the sentence names no one holding it."""
        for s, e, actor in self._mentions(np_end, min(ce, np_end + 4)):
            j = s - 1 - (s > 1 and self.lowers[s - 1] == "the")
            if self.lowers[j] in self._cue_words("host_before") or (
                    self.lowers[j] in ("in", "on") and e < ce and self.lowers[e] in self._cue_words("host_nouns")):
                return actor
            return ""
        return ""

    def _reacts_to(self, lo: int, start: int) -> bool:
        """Does a word of reaction lead from the subject to the exercise ('raised its readiness in
        response to the drills', 'closed crossings because of the exercises')? Then the subject reacts
        to the exercise rather than holding it."""
        return not self._cue_words("reaction_leads").isdisjoint(self.lowers[max(lo, start - 5):start])

    def _speaks_of(self, lo: int, start: int) -> bool:
        """Is the subject before the exercise only its reporter ("Estonia's foreign minister said the
        drills")? A force that speaks ("the German army said the exercises") may be holding them."""
        return not self._cue_words("attribution").isdisjoint(self.lowers[lo:start]) \
            and self.lowers[lo] not in self._force_words()

    def _force_words(self) -> frozenset[str]:
        """Nouns of a force ('army', 'troops'): lexicon force_nouns and personnel."""
        forces = self.m.get("force_words")
        if forces is None:
            forces = self.m["force_words"] = self.ruleset.words("force_nouns") | self.ruleset.words("personnel")
        return forces

    def _at_border(self, mention: tuple[int, int, str]) -> bool:
        """'the Ukrainian border', 'Poland's frontier', 'the border with Lithuania': a country named
        by its border is where something happens, never whose it is."""
        s, e, _ = mention
        borders = self._cue_words("border_words")
        k = e + (e < len(self.lowers) and self.lowers[e] in ("'s", "’s", "'", "’"))
        return (k < len(self.lowers) and self.lowers[k] in borders) or (
            s >= 2 and self.lowers[s - 1] in ("with", "of") and self.lowers[s - 2] in borders)

    def _observed(self, start: int, end: int) -> bool:
        """Is the row what someone saw: 'had been spotted', 'were seen', 'recorded' in its clause?"""
        return any(self.lowers[j] in self._cue_words("observation_words") for j in range(start, end))

    def _other_side(self, sent: Sentence, side: str) -> str:
        """The actor nearest before the sentence in its paragraph, or the article's, that is not `side`:
        one named as a side ('Russia keeps forces in Belarus. The aggressor has ...': Russia), else as a
        place ('no sign of a force forming in Belarus')."""
        ps, _ = self.paragraph_span(self._first_char(sent))
        before = [m for m in self._mentions(ps, sent.end) if m[2] != side]
        sides = [m for m in before if not self._is_place(m)]
        if before:
            return (sides or before)[-1][2]
        counts = Counter(m[2] for m in self.actor_mentions if m[2] != side)
        return counts.most_common(1)[0][0] if counts else ""

    def _named_source_actor(self, source: str, sent: Sentence) -> str:
        """The side of a source the sentence names only by reference ('the ministry said it had begun
        an inspection'): the actor beside its last full mention before ('..., the Defence Ministry said'
        in a sentence about Belarus)."""
        at = self.text.rfind(source, 0, self._first_char(sent))
        return self._source_actor(source, self.sents.of(self.doc.char_span(at, at + len(source),
                                  alignment_mode="expand").start)) if at >= 0 else ""

    def _mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.actor_mentions[lo:hi] if m[1] <= end]

    def _is_place(self, mention: tuple[int, int, str]) -> bool:
        """'in Belarus', 'along the Ukrainian border', 'the territory of Belarus', 'against Ukraine'."""
        if mention not in self._places:
            self._places[mention] = self._place_role(mention)
        return self._places[mention]

    def _place_role(self, mention: tuple[int, int, str]) -> bool:
        low, ids = self._lower_ids, self.m["word_ids"]
        s, e, _ = mention
        j = s - 1
        while j >= 0 and j > s - 4 and (low[j] in ids["skip_before_place"] or low[j] in ids["directions"]
                                        or (low[j] == ids["and"] and j > s - 3)):
            j -= 1
        adjective = e - s == 1 and self.lowers[s].endswith(_DEMONYM_ENDINGS)  # "an increase in Belarusian activity"
        if " ".join(self.lowers[max(0, s - 3):s]).endswith(tuple(self._cue_words("member_leads"))):
            return True  # "a regiment made up of Belarusian volunteers": where its men come from, not its side
        if j >= 0:
            prev = low[j]
            if not adjective and (prev in ids["place_before"] or (j > 0 and (low[j - 1], prev) in ids["place_before"])):
                return True
            if prev in ids["of_with"] and j > 0 and low[j - 1] in ids["territory_nouns"]:
                return True  # "the territory of Belarus", "the border with Ukraine"
            if prev == ids["from"] and any(low[i] in ids["departure_verbs"] for i in range(max(0, j - 8), j)):
                return True  # "withdrawn 300 units of equipment from Belarus"
            if prev in ids["giving_verbs"] and not adjective:
                return True  # "has given Russia 130 tanks": the recipient, as "to Russia"
        k, n = e, len(low)
        while k < min(n, e + 4) and (low[k] in ids["skip_after_place"] or low[k] in ids["directions"]
                                     or self._starts_mention(k)):
            k += 1
        if k < n and low[k] in ids["territory_nouns"]:
            return not (k + 1 < n and low[k + 1] in ids["territory_owners"])
        return False

    # Each token's lower-case text, text, offset and punctuation flags, read for the whole doc at
    # once (one to_array): the heuristics look at tokens many times, and a Token object per look
    # costs more.

    @cached_property
    def _token_arrays(self) -> list[list[int]]:
        return token_columns(self.doc)

    @cached_property
    def _lower_ids(self) -> list[int]:
        return self._token_arrays[0]

    @cached_property
    def lowers(self) -> list[str]:
        return list(map(self.m["strings"].__getitem__, self._lower_ids))

    @cached_property
    def orths(self) -> list[str]:
        return list(map(self.m["strings"].__getitem__, self._token_arrays[1]))

    @cached_property
    def idx(self) -> list[int]:
        return self._token_arrays[2]

    @cached_property
    def puncts(self) -> list[int]:  # 1 or 0
        return self._token_arrays[3]

    @cached_property
    def quotes(self) -> list[int]:
        return self._token_arrays[4]

    def _starts_mention(self, i: int) -> bool:
        k = bisect.bisect_left(self._mention_starts, i)
        return k < len(self._mention_starts) and self._mention_starts[k] == i

    def _speaker_tokens(self, sent: Sentence) -> list[tuple[int, int]]:
        """Token ranges of the sources named in the sentence ('Ukraine has alleged', 'said the Kyiv
        Independent'): the country that speaks is not, by speaking, the actor."""
        if sent.start not in self._speakers:
            self._speakers[sent.start] = self._find_speakers(sent)
        return self._speakers[sent.start]

    def _find_speakers(self, sent: Sentence) -> list[tuple[int, int]]:
        found = []
        text, base = self._text_of(sent), sent.start_char
        for verb, name, _ in self.attributions(sent):
            at = self.idx[verb] - base
            pos, best = text.find(name), None
            while pos >= 0:
                if best is None or abs(pos - at) < abs(best - at):
                    best = pos
                pos = text.find(name, pos + 1)
            if best is not None:
                span = self.doc.char_span(base + best, base + best + len(name), alignment_mode="expand")
                if span is None:
                    continue
                if span.start < verb:  # the whole subject: "Hromov, deputy director of the ... Army, said"
                    first = span.start  # and its owner: "Ukraine's border service said"
                    for j in range(span.start - 1, max(sent.start, span.start - 4), -1):
                        if self.puncts[j]:
                            break
                        if self._lower_ids[j] in self.m["word_ids"]["possessive"]:
                            first = j - 1
                            break
                    role = self.m.get("role_words") or self.m.setdefault(  # once per rule set
                        "role_words", self.words["titles"] | self.words["source_nouns"] | self._cue_words("source_modifiers"))
                    while first - 1 >= sent.start and self.lowers[first - 1] in role and self.lowers[first - 1] not in \
                            self._countries:  # "Ukrainian border guard spokesman X": the role and its country
                        first -= 1
                    if first - 1 >= sent.start and self._starts_mention(first - 1) and first < span.start:
                        first -= 1
                    found.append((first, self._listener_end(verb, sent)))
                else:  # "..., said Viktor Gulevich, chief of the General Staff of the Belarusian military"
                    end = span.end
                    if end + 2 < sent.end and self.orths[end] == ",":
                        k = end + 1 + (self.lowers[end + 1] in ("the", "a", "an"))
                        if self.lowers[k] in self.words["titles"] or self.lowers[k] == "head":
                            end = next((j for j in range(k, sent.end) if self.orths[j] == ","
                                        or self._clause_break(j)), sent.end)
                    found.append((verb, end))
        return found

    def _listener_end(self, verb: int, sent: Sentence) -> int:
        """The end of a speaker's frame: past whom it told ('X told his Belarusian counterpart that ...',
        cue list listener_verbs), who no more owns what is said than the speaker does."""
        if self.lowers[verb] in self._cue_words("listener_verbs"):
            that = next((k for k in range(verb + 1, min(sent.end, verb + 8)) if self.lowers[k] == "that"
                         or self.puncts[k]), None)
            if that is not None and self.lowers[that] == "that":
                return that
        return verb + 1

    def _pronoun_subject(self, start: int, end: int) -> bool:
        return any(w in SUBJECT_PRONOUNS for w in self.lowers[start:end])

    def _pronoun_actor(self, sent: Sentence, start: int) -> str:
        """'Warsaw said it was moving ...': the speaker's actor; 'he ordered a check': the person
        quoted last before."""
        spoken = [name for verb, name, _ in self.attributions(sent) if verb < start]
        if spoken:
            return self._source_actor(spoken[-1], sent)
        if not any(w in ("he", "she") for w in self.lowers[sent.start:start]):
            return ""
        person = self._resolve_pronoun(sent)
        return self._source_actor(person, sent) if person else ""

    def _refers_back(self, start: int, end: int) -> bool:
        """'several hundred of them', 'they were deployed', 'its troops there number': a pronoun
        before the row ends that points back to a side named before."""
        return any(w in ("them", "they", "these", "those", "its", "their") for w in self.lowers[start:end])

    def _previous_subject(self, sent: Sentence) -> str:
        """The first actor the sentence before names other than as a place, on the same paragraph
        ("The Wagner mercenaries have largely left. Officials said several hundred of them stayed")."""
        prev = self.sentence_before(sent)
        if prev is None:
            return ""
        sides = [m for m in self._mentions(prev.start, prev.end) if not self._is_place(m)]
        # "Ukraine's border guards say Russian troops have thinned out. They now number ...": the
        # side named with a force ("Russian troops") before the first one; a possessive more often
        # owns a speaking body ("Ukraine's border guards say")
        forces = self._force_words()
        named = [m for m in sides if not forces.isdisjoint(self.lowers[m[1]:min(prev.end, m[1] + 3)])
                 and self.lowers[m[1]] not in ("'s", "’s")]
        return (named or sides or [("", "", "")])[0][2]

    def _chained_actor(self, sent: Sentence) -> str:
        """The actor of the last troops/equipment/exercise row of this sentence or the one before
        ("As many as 9,000 Russian servicemen are arriving. They're due to carry out drills")."""
        last = self.last_force
        if last is None:
            return ""
        _, sent_start, actor = last
        previous = sent.start
        while previous > 0:  # the sentence before, passing over the blank line between paragraphs
            previous = self.sents.of(previous - 1).start
            if not all(orth.isspace() for orth in self.orths[previous:self.sents.of(previous).end]):
                break
        return actor if sent_start in (sent.start, previous) else ""

    def _actor_in(self, start: int, end: int, nearest_to: int | None = None) -> str:
        mentions = self.actor_mentions
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        inside = [m for m in mentions[lo:hi] if m[1] <= end]
        if not inside:
            return ""
        return inside[-1][2] if nearest_to is not None else inside[0][2]

    def _of_tail_end(self, np_end: int, limit: int) -> int:
        """The end of an 'of ...' tail after a noun phrase ('units of the Russian armed forces')."""
        if np_end < limit and self.lowers[np_end] == "of":
            end = np_end + 1
            while end < min(limit, np_end + 6) and not self.puncts[end] and not (
                    self.lowers[end] in self.words["place_before"] or self.lowers[end] in _TAIL_STOPS):
                end += 1
            return end
        return np_end

    def _tail_end(self, np_end: int, limit: int) -> int:
        """Extend a noun phrase over an 'of/from ...' tail: 'units of the Russian armed forces'."""
        if np_end < limit and self.lowers[np_end] in ("of", "from"):
            end = np_end + 1
            while end < min(limit, np_end + 6) and not self.puncts[end]:
                end += 1
            return end
        j = np_end
        # "200 vehicles and about 1,000 troops had entered Belarus from Russia": the figures share the verb
        reach = 10 if np_end < limit and self.lowers[np_end] == "and" and any(
            ch.isdigit() for o in self.orths[np_end + 1:min(limit, np_end + 4)] for ch in o) else 4
        while j < min(limit, np_end + reach) and (not self.puncts[j] or self._inner_hyphen(j)):
            if self.lowers[j] == "from" and j + 1 < limit:  # "tanks being transported from Minsk"
                return min(limit, j + 3)
            j += 1
        return np_end

    def _allegiance(self, sent: Sentence, start: int) -> str:
        """'Belarusian exiles formed a battalion to join the Ukrainian defense': the side joined, not
        a force joined ('2,000 Russian paratroopers joined 5,000 Belarusian soldiers')."""
        for s, e in self.cues["allegiance"]:
            if sent.start <= s and e <= sent.end and s > start:
                who = next((m for m in self._mentions(e, min(sent.end, e + 3))), None)
                if who and not any(self.doc[k].like_num for k in range(e, who[0])):
                    return who[2]
        return ""

    def _source_actor(self, source: str, sent: Sentence) -> str:
        """The actor a source speaks for: named in the gazetteer, or mentioned beside the name."""
        names = self._actor_names
        sides = [names[word] for word in [source.lower()] + source.lower().split() if word in names]
        if len(set(sides)) > 1 and source.lower() not in names:
            return ""  # "Minsk and Moscow said they would ...": two sides together speak for neither
        if sides:
            return sides[0]
        # the appositive around the name: "Viktor Gulevich, chief of the General Staff of the Belarusian military"
        text = self._text_of(sent)
        pos = text.find(source)
        if pos < 0:
            return ""
        at = sent.start_char + pos
        best = None
        for s, e, actor in self.actor_mentions:
            if sent.start <= s and e <= sent.end and not self._accuser((s, e, actor)):
                dist = abs(self.idx[s] - at)
                if best is None or dist < best[0]:
                    best = (dist, actor)
        return best[1] if best else ""

    def _bare_definite(self, start: int, end: int) -> bool:
        words = self.lowers[start:end]
        return len(words) == 2 and words[0] in ("the", "this", "these", "that", "those")

    def _paragraph_actor(self, sent: Sentence, places: bool = True) -> str:
        ps, pe = self.paragraph_span(self._first_char(sent))
        before = [m for m in self._mentions(ps, sent.start) if places or not self._is_place(m)]
        if before:
            return before[-1][2]
        after = [m for m in self._mentions(sent.end, pe) if places or not self._is_place(m)]
        return after[0][2] if after else ""

    # date, location, subject, unit

    def date(self, kind: str, sent: Sentence, clause: tuple[int, int], start: int) -> tuple[str, str, str]:
        """(date_text, date, date_end) of the time expression nearest the signal in its clause."""
        found, times = self._times_of(sent)
        named = self._year_named(clause)
        if not named[1]:
            named = self._year_named((sent.start, sent.end), prepositional=True)
        if not found:
            return named if named[1] else self._scene_time(kind, sent)
        base, idx = sent.start_char, self.idx
        anchor = idx[start]
        cs, ce = idx[clause[0]], idx[clause[1] - 1] + len(self.orths[clause[1] - 1])
        times = [t for t in times if not _after_compared_figure(self.text, anchor, base + t.start)
                 and not (kind in ("troops", "equipment") and _in_other_relative_clause(self.text, anchor, base + t.start))
                 and not (kind in _EVENT_KINDS and self._of_other_event(start, base + t.start, found, base))
                 and not self._dateline(base + t.start, base + t.end)]
        if kind in _EVENT_KINDS:
            times = self._outside_leading_clause(sent, found, times, anchor)
        in_clause = [t for t in times if base + t.start >= cs and base + t.end <= ce]
        pool = in_clause or (times if kind in ("exercise", "poll") else self._elaborated_times(times, base, clause))
        if not pool:
            return named
        spoken = []
        if kind in _DATED_BY_EVENT and len(pool) > 1:  # "said on Monday that ... from 15 to 30 March": the event's
            spoken = [t for t in pool if self._speech_time(base + t.start, base + t.end)]
            pool = [t for t in pool if t not in spoken] or pool
        best = min(pool, key=lambda t: min(abs(base + t.start - anchor), abs(base + t.end - anchor)))
        # a denial is dated when it was made: never ahead ("denied plans to join the war, most recently on 3 July")
        tense, published = "done" if kind == "denial" else self._tense(clause, base + best.start), self.published
        if dates.counted_from_event(best.text):  # "two days later": from the event dated before it, if any
            published = self._time_before(sent, found, best)
            if not published:
                return best.text, "", ""  # no clear event to count from: undated rather than guessed
        elif dates.day_alone(best.text):  # "ends on the 16th": the month of a time just before, else published
            before = self._time_before(sent, found, best)
            published = before if len(before) == 10 else (before + "-01" if len(before) == 7 else published)
        elif tense == "future" and spoken and best not in spoken:
            # "On 5 May the ministry said drills would start on 12 May": what is to come is after the statement
            said_on = dates.resolve_period(spoken[0].text, published)[0]
            published = said_on if len(said_on) == 10 else published
        resolved, end = dates.resolve_period(best.text, published, tense)
        if end and _moved_from(best, self._text_of(sent)):
            resolved, end = end, ""  # "moved from May to late July": the new time is a point
        year = self._named_year(clause)
        if year and resolved and resolved[:4] != year and not _A_YEAR.search(best.text):
            # "Zapad-2025, scheduled for September": that year's September
            resolved, end = year + resolved[4:], (year + end[4:] if end else end)
        if kind == "exercise" and resolved and not end:
            end = self._stated_end(sent, times, best, resolved) or self._lasting_end(sent, clause, start, resolved)
        if resolved and not end and self._lone_end(sent, found, best):
            return best.text, "", resolved  # "drills which will end on 19 July": an end, its start unstated
        return best.text, resolved, end

    def _of_other_event(self, start: int, time_start: int, found: list, base: int) -> bool:
        """Is the time after an event's signal told of another event, one the signal is set after or before
        ("Russia sent 1,000 troops, months after the drills in March", "The exercises come after Minsk said
        in May"; cue list event_leads), not of a time of day ("before dawn on Monday": day_parts)?"""
        k = bisect.bisect_left(self.idx, time_start)
        same_day = self._cues_between("simultaneous_leads", start + 1, k)  # "hours after": the same time
        for s, e in self._cues_between("event_leads", start + 1, k):
            if e < len(self.lowers) and self.lowers[e] not in self.words["day_parts"] and not _in_time(
                    found, base, self.idx[s]) and not any(ss <= s and e <= se for ss, se in same_day):
                return True  # not "since March", "the following week": a time, not an event
        return False

    def _outside_leading_clause(self, sent: Sentence, found: list, times: list, anchor: int) -> list:
        """The times not of a clause that opens the sentence with another event before a comma ("Three weeks
        after Russia invaded on 24 February 2022, Belarus moved 1,000 troops"; cue list event_leads), where
        the signal follows it; a clause of what happened meanwhile ("While Belarus held drills on Monday,";
        simultaneous_leads) gives way only to a time of the signal's own."""
        lead = self._leading_clause(sent, found)
        if lead is None or anchor < lead[0]:
            return times
        end, simultaneous = lead
        rest = [t for t in times if sent.start_char + t.end > end]
        return rest if rest or not simultaneous else times

    def _leading_clause(self, sent: Sentence, found: list) -> tuple[int, bool] | None:
        """(where its comma stands, is it simultaneous) of a clause opening the sentence with an event lead
        ("A day after ...,", "While ...,"); a time that opens the sentence ("After 10 March,", "The following
        week,") is none."""
        first = bisect.bisect_left(self.idx, self._first_char(sent))
        for family, simultaneous in (("simultaneous_leads", True), ("event_leads", False)):  # "hours after" first
            for s, e in self._cues_between(family, first, first + LEAD_REACH):
                if any(self.puncts[j] for j in range(first, s)) or _in_time(found, sent.start_char, self.idx[s]):
                    continue
                comma = next((j for j in range(e, sent.end) if self.orths[j] == ","), None)
                return (self.idx[comma], simultaneous) if comma is not None else None
        return None

    def _lone_end(self, sent: Sentence, found: list, best) -> bool:
        """Is the time the end of a period whose start the sentence does not give ("will last until
        25 July", "which ends on Friday")?"""
        lead = self.text[sent.start_char + max(0, best.start - 25):sent.start_char + best.start]
        if not (_UNTIL.match(best.text) or _END_VERB_BEFORE.search(lead)) or _PUT_OFF_BEFORE.search(lead):
            return False  # "postponed until September": the new start
        return not any(t.end <= best.start for t in found)

    def _time_before(self, sent: Sentence, found: list, best) -> str:
        """The date of the time named last before `best`: earlier in its sentence, else in the sentence
        before it in the same paragraph; "" when there is none or it is itself counted from another."""
        before = [t for t in found if t.end <= best.start]
        base = sent.start_char
        if not before and sent.start > 0:
            prev = self.sents.of(sent.start - 1)
            if "\n\n" in self.text[prev.end_char:self._first_char(sent)]:
                return ""
            before, base = self._times_of(prev)[0], prev.start_char
        if not before or dates.counted_from_event(before[-1].text):
            return ""
        last = before[-1]
        tense = self._tense((self.sents.of(bisect.bisect_left(self.idx, base + last.start)).start,
                             bisect.bisect_left(self.idx, base + last.end)), base + last.start)
        return dates.resolve_period(last.text, self.published, tense)[0]

    def _dateline(self, char: int, end_char: int) -> bool:
        """Is the time at [char, end_char) a dateline's: "KYIV, Feb 10 (AFP) -", "Minsk [Belarus], August 26 :"?
        It dates the report, never the event in it."""
        k, after = bisect.bisect_left(self.idx, char), bisect.bisect_left(self.idx, end_char)
        sent = self.sents.of(k)
        return after < sent.end and self.orths[after] in _DATELINE_MARKS and k - sent.start <= 6

    def _speech_time(self, char: int, end_char: int) -> bool:
        """Is the time at [char, end_char) the statement's, right after its verb ("said on Monday",
        "told reporters on Friday") or opening the sentence before it ("On Tuesday, the ministry said")?"""
        k = bisect.bisect_left(self.idx, char)
        if any(e >= k - 1 for _, e in self._cues_between("attribution", max(0, k - 3), k)):
            return True
        if self._speech_event_before(k) or self._dateline(char, end_char):
            return True
        sent = self.sents.of(k)
        after = bisect.bisect_left(self.idx, end_char)
        # "On Tuesday(,) the ministry announced that ...": a sentence that opens with the statement's time
        if any(not o.isspace() for o in self.orths[sent.start:k]) or self.lowers[k] not in _SPEECH_TIME_OPENERS:
            return False
        if after < sent.end and self.orths[after] == ",":
            after += 1
        for j in range(after, min(sent.end, after + 6)):  # the speaker and the verb, before any figure or clause
            if self._cue_in("attribution", j, j + 1):
                return True
            if self.lowers[j] in ("that", ":", ";", ",") or any(ch.isdigit() for ch in self.orths[j]):
                return False
        return False

    def _speech_event_before(self, k: int) -> bool:
        """Does a statement's occasion lead up to token k ("In an interview on Sunday", "Speaking to
        reporters on Thursday", "In a report dated 1 July"), with only its setting between (cue list
        speech_settings, names)?"""
        for _, e in self._cues_between("speech_events", max(0, k - SPEECH_EVENT_REACH - 2), k):
            if k - e <= SPEECH_EVENT_REACH and all(
                    self.lowers[j] in self.words["speech_settings"] or self._capitalised(j) for j in range(e, k)):
                return True
        return False

    def _stated_end(self, sent: Sentence, times: list, start_time, start: str) -> str:
        """The end of an exercise given after its start in the sentence: 'began on 4 July and will last
        until 13 July', 'started on Monday and ends on Friday'; an end before the start is none."""
        base = sent.start_char
        for t in times:
            if t.start < start_time.end:
                continue
            lead = self.text[base + max(start_time.end, t.start - 25):base + t.start]
            if not (_UNTIL.match(t.text) or _END_VERB_BEFORE.search(lead)):
                continue
            if dates.counted_from_event(t.text) or (len(start) == 10 and not _A_YEAR.search(t.text)):
                # "and ended two days later", "and ends on the 16th", "began on 2 February, will end on
                # 9 February": from the start, the first such day after it (not the publication's)
                end = dates.resolve_period(t.text, start, "future")[0]
            else:
                end = dates.resolve_period(t.text, self.published, self._tense((sent.start, sent.end), base + t.start))[0]
            n = min(len(end), len(start))
            return end if end and end[:n] >= start[:n] else ""
        return ""

    def _lasting_end(self, sent: Sentence, clause: tuple[int, int], start: int, begins: str) -> str:
        """The end of an exercise whose start day its clause gives with its length ("began on 8 July and
        will last ten days", "for two weeks from 3 March", "The five-day exercise that began on Tuesday")."""
        before = self.text[max(sent.start_char, self.idx[start] - 25):self.idx[start] + len(self.orths[start])]
        days = dates.stated_length(self._span_text(*clause)) or dates.stated_length(before, adjective=True)
        return dates.end_after(begins, days)

    def _tense(self, clause: tuple[int, int], time_start: int) -> str:
        """"future" when the clause announces what is to come before its time ("will be held in
        March", "scheduled for September"): a date without a year is then the coming one."""
        idx = self.idx
        announced = [e for s, e in self._cues_between("announced", clause[0], clause[1]) if idx[s] < time_start]
        if not announced and self._fronted_future(clause, time_start):
            return "future"  # "In September, Belarus will hold drills": the time opens the clause it dates
        if not announced:  # "troops arrived in late August", published in July: last August
            return "done" if any(idx[s] < time_start for s, _ in self._cues_between("past_markers", *clause)) else "past"
        # "it will be recalled that the ministry announced drills from June 22": the time is the speech's
        said = [s for s, _ in self._cues_between("attribution", announced[-1], clause[1]) if idx[s] < time_start]
        return "past" if said else "future"

    def _fronted_future(self, clause: tuple[int, int], time_start: int) -> bool:
        """Does the time stand before the clause's verb ("In September, Belarus will ...", "The September
        drills will ...", "But next spring the drills are to ...") and the verb announce what is to come?
        A verb of saying or of what happened first makes it another time ("In March, Lukashenko said troops
        would come", "Soldiers who arrived in May will stay")."""
        k = bisect.bisect_left(self.idx, time_start)
        if time_start < self.idx[clause[0]] or k - clause[0] > FRONT_REACH or any(
                self.lowers[s] != "during" for lead in ("event_leads", "simultaneous_leads")
                for s, _ in self._cues_between(lead, clause[0], k)):
            return False  # "After drills in March, Belarus will ...": another event's time ("During the period from" is not)
        later = self._cues_between("announced", k, clause[1])
        if not later:
            return False
        return not any(self._cues_between(family, clause[0], later[0][0]) for family in ("attribution", "past_markers"))

    def _elaborated_times(self, times: list, base: int, clause: tuple[int, int]) -> list:
        """A clause after a colon spells out the one before it: "two echelons arrived on
        November 18: one carried 18 tanks" dates the tanks by the echelons' time."""
        colon = clause[0] - 1
        if colon <= 0 or self.orths[colon] != ":":
            return []
        return [t for t in times if base + t.end <= self.idx[colon]]

    def _text_of(self, sent: Sentence) -> str:
        """A sentence's text read from the document text (Span.text builds it token by token)."""
        return self.text[sent.start_char:sent.end_char]

    def _span_text(self, start: int, end: int) -> str:
        """doc[start:end].text, read from the text the tokens were made from."""
        idx = self.idx
        if not 0 <= start < end <= len(idx):  # read as doc[start:end] reads it: clipped, maybe empty
            tokens = range(len(idx))[start:end]
            if not tokens:
                return ""
            start, end = tokens[0], tokens[-1] + 1
        return self.tokenized[idx[start]:idx[end - 1] + len(self.orths[end - 1])]

    def _first_char(self, sent: Sentence) -> int:
        """Where a sentence's text begins: sentences may start with the blank line before them."""
        if not self.orths[sent.start].isspace():
            return self.idx[sent.start]
        return next((self.idx[j] for j in range(sent.start, sent.end) if not self.orths[j].isspace()), sent.start_char)

    def _capitalised(self, j: int) -> bool:
        orth = self.orths[j]
        if orth == "-":  # the hyphen of a double name ("Kosiniak-Kamysz") is part of it
            return self._inner_hyphen(j) and self._capitalised(j - 1) and self._capitalised(j + 1)
        return orth.isalpha() and orth[:1].isupper() or orth in ("U.S.", "U.K.")

    def _inner_hyphen(self, j: int) -> bool:
        """Is token j a hyphen inside a word ('Su-30SM', 'Kosiniak-Kamysz'), with no space around it?"""
        return self.orths[j] == "-" and 0 < j < len(self.orths) - 1 \
            and self.idx[j - 1] + len(self.orths[j - 1]) == self.idx[j] and self.idx[j + 1] == self.idx[j] + 1

    def _times_of(self, sent: Sentence) -> tuple[list, list]:
        """The sentence's time expressions: all of them, and those that are not background."""
        if sent.start not in self._times:
            text = self._text_of(sent)
            found = dates.find_times(text)
            self._times[sent.start] = found, [t for t in found if not _background_time(t, text)]
        return self._times[sent.start]

    def _scene_time(self, kind: str, sent: Sentence) -> tuple[str, str, str]:
        """A count with no time of its own, right after a sentence on the same line that opens by
        setting one ("On 20 December, an echelon left Polonka. The platforms carried 23 tanks")."""
        if kind not in ("troops", "equipment") or sent.start == 0:
            return "", "", ""
        prev = self.sents.of(sent.start - 1)
        if len(prev) < 8 or "\n" in self.text[self._first_char(prev):self._first_char(sent)].rstrip():
            return "", "", ""  # a dateline ("March 17, Pozirk."), or another line
        offset = self._first_char(prev) - prev.start_char
        opening = [t for t in self._times_of(prev)[1] if t.start <= offset + 3]
        if not opening:
            return "", "", ""
        base = self.published
        if dates.counted_from_event(opening[0].text):  # "Two days later, an echelon left ...": from the time before
            base = self._time_before(prev, self._times_of(prev)[0], opening[0])
            if not base:
                return opening[0].text, "", ""
        return (opening[0].text, *dates.resolve_period(opening[0].text, base))

    @cached_property
    def _year_names(self) -> list[tuple[int, str]]:
        """(token, year) of every event named for a year ("Zapad-2021", "Union Shield-2023")."""
        found, text = [], self.text
        for m in _YEAR_AFTER_HYPHEN.finditer(text):  # "Zapad-2021": the name and its year are one token
            name = _capitalised_from(text, m.start())
            if name < 0 or (name and (text[name - 1].isalnum() or text[name - 1] in "-_")):
                continue
            span = self.doc.char_span(name, m.end())
            if span is not None and len(span) == 1:
                found.append((span.start, m.group(1)))
        for m in _YEAR_BEFORE_EXERCISE.finditer(text):  # "the Zapad 2021 exercises": the year's token
            name = _capitalised_from(text, m.start())
            if name < 0 or m.start() - name < 2 or (name and _WORD_CHAR.match(text, name - 1)):
                continue  # the name must be a whole word
            span = self.doc.char_span(m.start(1), m.end(1))
            if span is not None and text[name:m.start()].lower() not in CALENDAR_WORDS:
                found.append((span.start, m.group(1)))
        return sorted(found)

    def _named_year_at(self, clause: tuple[int, int]) -> tuple[int, str] | None:
        if not self._year_names:
            return None
        return next(((i, y) for i, y in self._year_names if clause[0] <= i < clause[1]), None)

    def _named_year(self, clause: tuple[int, int]) -> str:
        found = self._named_year_at(clause)
        return found[1] if found else ""

    def _year_named(self, clause: tuple[int, int], prepositional: bool = False) -> tuple[str, str, str]:
        """An event named for another year than the article's is dated by it ("in Zapad-2021");
        `prepositional`: only where the name stands as a time ("in", "during")."""
        found = self._named_year_at(clause)
        if not found or not self.published or self.published.startswith(found[1]):
            return "", "", ""
        tok, year = found
        prev = self.lowers[tok - 1] if tok > clause[0] else None
        if prepositional and prev not in ("in", "during", "at"):
            return "", "", ""
        text = f"{self.orths[tok - 1]} {self.orths[tok]}" if prev in ("in", "during", "at") else self.orths[tok]
        return text, year, ""

    def location(self, clause: tuple[int, int], start: int, np_end: int) -> str:
        w = self.words
        cs, ce = clause
        for s, e in self.cues["border_words"]:
            if cs <= s < ce and e < ce and self.lowers[e] in ("with", "between"):
                j = e + 1
                while j < ce and (self._capitalised(j) or self.lowers[j] in ("and", "the")):
                    j += 1
                if j > e + 1:
                    return _collapse(self._span_text(s, j))
        best = ""
        for j in range(cs, ce - 1):
            if self.lowers[j] in w["place_prepositions"] and not (start <= j < np_end):
                k = j + 1  # "in the city of Yelsk", "at a large air base in Machulishchi"
                while k < ce and self.lowers[k] in w["place_lead"]:
                    k += 1
                name = self._capitalised_run_from(k, ce)
                if name and not self._is_actor_adjective(name) and not (
                        {x.lower() for x in name.split()} & self.words["org_markers"]):
                    prefix = [self.orths[i] for i in range(j + 1, k) if self.lowers[i] in w["directions"]]
                    candidate = " ".join(prefix + [name])
                    if j >= np_end:
                        return candidate
                    best = best or candidate
        return best

    def _capitalised_run_from(self, k: int, limit: int, connectors: bool = False) -> str:
        w = self.words
        j = k
        lowers = self.lowers
        while j < limit:
            if self._capitalised(j) and (lowers[j] not in w["not_names"] or (connectors and (
                    j > k and lowers[j - 1] in CONNECTORS or self._names_through(j, limit)))):
                j += 1  # a title word inside a name is part of it: "Ministry of Defence", "Minister of Defence"
                continue
            # connectors inside a name: "Ministry of Defence", "Institute for the Study of War"
            gap = 2 if j + 1 < limit and lowers[j + 1] == "the" else 1
            if not (connectors and j > k and lowers[j] in CONNECTORS and j + gap < limit
                    and self._capitalised(j + gap) and lowers[j + gap] not in CALENDAR_WORDS):
                break
            j += gap
        return self._span_text(k, j)

    def _names_through(self, j: int, limit: int) -> bool:
        """Does the word at j head a name through a preposition ('Minister of Defence', 'Chief of the
        General Staff')?"""
        gap = 3 if j + 2 < limit and self.lowers[j + 2] == "the" else 2
        return j + gap < limit and self.lowers[j + 1] in NAME_PREPOSITIONS and self._capitalised(j + gap) \
            and self.lowers[j + gap] not in CALENDAR_WORDS

    def _is_actor_adjective(self, name: str) -> bool:
        return name.lower().endswith(_DEMONYM_ENDINGS) and " " not in name

    def subject(self, sig: Signal, clause: tuple[int, int], start: int, end: int, np_end: int) -> str:
        """A short phrase of what the row is about: the force counted, the stance polled,
        the exercise, or what is denied."""
        cs, ce = clause
        stop = self._attribution_start(end, ce)
        if sig.kind == "poll":
            verb = next((j for j in range(end, stop) if self.lowers[j] in self._stance_verbs), None)
            first, last = (verb, min(stop, verb + 10)) if verb is not None else (end, min(stop, end + 8))
        elif sig.kind == "exercise":
            first, last = start, min(stop, self._tail_end(end, stop))
        elif sig.kind in ("troops", "equipment"):
            first, last = end, min(stop, max(np_end, self._tail_end(np_end, stop)))
            if last <= first:  # "a few battalions": the counted noun is inside the text
                first, last = start, end
        else:
            first, last = end, min(stop, end + 16)
        text = _collapse(self._span_text(first, last))
        text = _STRONG.sub("", text.lstrip("-‑ "))  # "-man-strong Belarusian military"
        text = _trim_edges(text)
        if not text and sig.kind == "denial":  # "These are pipe dreams": what the paragraph's denial was about
            return self.last_subject.get(("denial", self.paragraph_of(self.idx[start])), "")
        return text

    def _attribution_start(self, i: int, limit: int) -> int:
        """Where ', according to X' or ', he said' begins after token i: a subject ends there."""
        for s, _ in self.cues["according"]:
            if i < s < limit:
                limit = s
                break
        for s, _ in self.cues["attribution"]:
            if i < s < limit:
                j = s - 1
                if self.lowers[j] in ("he", "she", "they", "it"):
                    j -= 1
                if j > i and (self.puncts[j] or self.quotes[j]):
                    limit = j
                    break
        return limit

    def _accuser(self, mention: tuple[int, int, str]) -> bool:
        """Does an actor mention own the claim a denial rejects: 'Lithuania's accusations', 'the
        Belarusian claims', 'accusations by Warsaw'?"""
        s, e, _ = mention
        claims = self._claim_nouns
        k = e + 1 if e < len(self.lowers) and self.orths[e] in ("'s", "’s", "'", "’") else e
        if k < len(self.lowers) and self.lowers[k] in claims:
            return True
        return s >= 2 and self.lowers[s - 1] in ("by", "from") and self.lowers[s - 2] in claims

    @property
    def _claim_nouns(self) -> set[str]:
        if "claim_nouns" not in self.m:  # once per rule set
            self.m["claim_nouns"] = self.ruleset.words("claim_nouns") | self.ruleset.words("claims")
        return self.m["claim_nouns"]

    @property
    def _model_families(self) -> frozenset[str]:
        return self.ruleset.words("model_families")

    @property
    def _stance_verbs(self) -> frozenset[str]:
        return self.ruleset.words("opinion_verbs")

    def unit_for(self, phrase_span: Span, phrase: NumberPhrase) -> str:
        """A row's unit: the measure the number carries ('tons'), else its counted noun's unit."""
        units = self.m["units"]
        if phrase.unit and phrase.unit != "percent":
            return phrase.unit
        words = [t.lower_ for t in phrase_span if t.is_alpha]
        unit = next((units[" ".join(words[-n:])] for n in (2, 1)
                     if len(words) >= n and " ".join(words[-n:]) in units), None)
        if unit is None:
            unit = units.get(phrase.noun.lower(), phrase.unit or "")
        if unit in GENERIC_UNITS:  # "two Tor-M2 systems", "20 BMP-2": the model's family says more
            unit = self._family_unit([t.lower_ for t in phrase_span] + [phrase.noun.lower()]) or unit
        return unit

    def unit_before(self, i: int, formations_only: bool = False) -> str:
        """The unit of the nearest counted noun before token i in its sentence: what a figure standing
        away from its noun counts ("the number of Russian aircraft ... has increased to 40"); with
        `formations_only`, that of the nearest formation, or "" if a noun of people comes first."""
        units, lowers = self.m["units"], self.lowers
        for j in range(i - 1, self.sents.of(i).start - 1, -1):
            unit = units.get(" ".join(lowers[j - 1:j + 1])) if j > 0 else None  # "tactical groups"
            unit = unit or units.get(lowers[j])
            if not unit or unit == "percent":
                continue
            if formations_only:
                return unit if unit in FORMATION_UNITS else ""
            return unit
        return ""

    def part_of_before(self, i: int) -> bool:
        """Does the figure at token i count a part of what was named before ("..., of which 10", "of them")?"""
        return i >= 2 and self.lowers[i - 2] == "of" and self.lowers[i - 1] in ("which", "them", "whom") or (
            i >= 3 and self.lowers[i - 3] == "of" and self.lowers[i - 2] in ("which", "them", "whom"))

    def _family_unit(self, words: list[str]) -> str:
        """The unit of the last model designator or family name among `words` ("su-30sm" -> "su-")."""
        units = self.m["units"]
        for i in range(len(words) - 1, -1, -1):
            m = _FAMILY.match(words[i])
            if not m or not (any(ch.isdigit() for ch in words[i]) or words[i] in self._model_families):
                continue
            hyphen = words[i][m.end():m.end() + 1] == "-" or (i + 1 < len(words) and words[i + 1] == "-")
            for key in ((m.group() + "-", m.group()) if hyphen else (words[i],)):
                if key in units and units[key] not in GENERIC_UNITS:
                    return units[key]
        return ""


GENERIC_UNITS = {"", "system", "vehicle", "unit", "personnel", "percent"}
_SKIP_BEFORE_PLACE = {"the", "a", "an", "its", "their", "-", "–"}
# Units of formations: a figure "of which" a count of them is named counts formations too.
FORMATION_UNITS = {"battalion", "brigade", "regiment", "division", "company", "battalion_tactical_group",
                   "battlegroup", "squadron", "platoon", "corps", "battery"}
# What is refused, not denied as untrue: "Vilnius denied entry to 20 Belarusian trucks".
_STANDING_AT = {"in", "inside", "within", "at", "on"}  # where a force stands, not where it goes ("to", "into")
_STANDING_ON = {"soil", "territory", "training", "military", "bases", "base", "airfields", "airfield"}
_DENIED_GOODS = {"entry", "access", "visa", "visas", "permission", "passage", "transit", "bail", "admission"}
# Verbs that state a level anew after a negated one ("has not changed and remains at 1,000").
_PREDICATES = {"remains", "remained", "stands", "stood", "is", "was", "are", "were", "stays", "stayed", "still",
               "totals", "numbers", "amounts", "sits"}
# Words a sentence-initial time of a statement opens with ("On Tuesday, the ministry said").
_SPEECH_TIME_OPENERS = ("on", "last", "earlier", "yesterday", "today")
# What ends a dateline's time: "Feb 10 (AFP) -", "August 26 :".
_DATELINE_MARKS = (":", "-", "–", "—", "(")
# Kinds whose date is the event's, not the statement's (a denial is dated when it is made).
_EVENT_KINDS = ("troops", "equipment", "exercise")
# Kinds dated by what is told rather than the telling: a poll by its fieldwork, not its publication.
_DATED_BY_EVENT = _EVENT_KINDS + ("poll",)
_DEMONYM_ENDINGS = ("ian", "ians", "ish", "ese")
# Words that end an "of" phrase: "an inspection of the army [as] Russian troops leave".
_TAIL_STOPS = {"from", "as", "while", "when", "after", "before", "because", "that", "which", "who", "whom",
               "where", "since", "until", "if", "but", "and", "or", "than", "amid", "despite"}
_SKIP_AFTER_PLACE = {"-", "–", "’s", "'s", "’", "'", "and", "military", "training"}  # "Belarusian training grounds"
# A year after a name: "Zapad-2021" ([A-Z][A-Za-z]*-YEAR), "Zapad 2021 exercises" (\b[A-Z][A-Za-z]+ YEAR).
# Found year first (a rarer opening than a capital letter), then the name read back from it.
_YEAR_AFTER_HYPHEN = re.compile(r"-((?:19|20)\d\d)(?![\w-])")
_YEAR_BEFORE_EXERCISE = re.compile(r" ((?:19|20)\d\d)(?=\s+(?:(?:joint|military|strategic|command-staff)\s+)*"
                                   r"(?:exercises?|drills?|manoeuvres|maneuvers|war\s+games|wargames)\b)")
_WORD_CHAR = re.compile(r"\w")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _capitalised_from(text: str, end: int) -> int:
    """Where a name of ASCII letters ending at `end` begins at its first capital (as a regex
    [A-Z][A-Za-z]* ending there finds it), or -1 if the letters before `end` hold no capital."""
    start = end
    while start > 0 and text[start - 1] in _ASCII_LETTERS:
        start -= 1
    return next((i for i in range(start, end) if text[i].isupper()), -1)
_FAMILY = re.compile(r"[a-z]+")
# The end of a period stated apart from its start: "... and will last until 13 July", "... ends on Friday".
_UNTIL = re.compile(r"(?:until|till|through|into)\b", re.IGNORECASE)  # "will run into early August": its end
_END_VERB_BEFORE = re.compile(r"\b(?:end|ends|ended|ending|finish|finishes|finished|conclude|concludes|concluded"
                              r"|close|closes|closed|wrap\s+up|wraps\s+up)\s+$", re.IGNORECASE)
_PUT_OFF_BEFORE = re.compile(r"\b(?:postponed?|postpones|delay(?:ed|s)?|defer(?:red|s)?|put\s+off|pushed\s+back"
                             r"|rescheduled|moved)\s+$", re.IGNORECASE)
# Words between a verb and its exercise object that the row's text may leave out ("its own exercises").
_OBJECT_LEAD = {"its", "their", "his", "her", "own", "the", "a", "an"}
_BACKGROUND = re.compile(r"^(?:since|after|before|until|till|by)\s+\d{4}\b", re.IGNORECASE)
_BACKGROUND_BEFORE = re.compile(r"\b(?:unlike|than|compared\s+(?:to|with)|like|since)\s*$"
                                # a time given up: "originally scheduled for June, will now take place in August"
                                r"|\b(?:originally|initially|previously|first)\s+(?:scheduled|planned|set|slated|due|expected"
                                r"|intended|meant)(?:\s+to\s+(?:take\s+place|be\s+held|start|begin|end|run|open))?"
                                r"(?:\s+for)?\s*$"
                                # the first of a series: "the drills, first held in 2009, will resume in August"
                                r"|\bfirst\s+(?:held|staged|conducted|organi[sz]ed|hosted|launched)\s*$"
                                # a force's founding told in passing: "the regional group, formed in October 2022,"
                                r"|,\s*(?:\w+\s+)?(?:formed|created|established|founded|set\s+up)\s*$", re.IGNORECASE)


# A record set against a time: "the drills, the first since March", "the largest since 2020".
_RECORD_BEFORE = re.compile(r"\b(?:first|only|largest|biggest|most|highest|lowest|longest|heaviest|strongest|worst)"
                            r"(?:\s+[\w-]+){0,3}\s+$", re.IGNORECASE)


def _in_time(times: list, base: int, char: int) -> bool:
    """Is the character at `char` part of one of the sentence's times (found at offset `base`)?"""
    return any(base + t.start <= char < base + t.end for t in times)


# A move of an event from one time to another: "postponed from June", "moved from May to late July".
_MOVED_BEFORE = re.compile(r"\b(?:postponed|moved|shifted|rescheduled|pushed\s+back|brought\s+forward|delayed"
                           r"|put\s+off)\s+$", re.IGNORECASE)


def _moved_from(t, sentence: str) -> bool:
    """Is the time the one an event was moved from ("postponed from June", "moved from May to late July")?"""
    return t.text[:5].lower() == "from " and _MOVED_BEFORE.search(sentence, max(0, t.start - 30), t.start) is not None


def _background_time(t, sentence: str) -> bool:
    """'in power since 1994', 'unlike in 2022', 'originally planned for May', 'first held in 2009', ', formed
    in 2022,', 'the largest since March', 'postponed from June': a time that frames, not the event's own."""
    return bool(_BACKGROUND.match(t.text) or _BACKGROUND_BEFORE.search(sentence[:t.start])
                or (t.text[:6].lower() == "since " and _RECORD_BEFORE.search(sentence, max(0, t.start - 60), t.start))
                or (_moved_from(t, sentence) and not dates.is_period(t.text)))


_COMPARED_FIGURE = re.compile(r"\b(?:(?:down|up|rising|falling|fell|rose|grown|dropped|increased|decreased"
                              r"|reduced)\s+from|compared\s+(?:to|with)|versus|vs\.?)\s+(?:[A-Za-z]+\s+){0,2}\d",
                              re.IGNORECASE)


_RELATIVE_OPENING = re.compile(r",\s*(?:which|who|whose|that)\b[^,;.]*$", re.IGNORECASE)


def _in_other_relative_clause(text: str, anchor: int, time_start: int) -> bool:
    """'The exercise, which runs through Feb. 20, involves 30,000 troops': the time is the
    exercise's, told in a relative clause about something before the figure (or well before the
    clause: '30,000 troops are at the range, which opened in 2020'), not the figure's own."""
    m = _RELATIVE_OPENING.search(text, max(0, time_start - 120), time_start)
    if m is None:
        return False
    close = text.find(",", time_start)
    return anchor > (close if close >= 0 else len(text)) or (anchor < m.start() and m.start() - anchor > 40)


def _after_compared_figure(text: str, anchor: int, time_start: int) -> bool:
    """'9,000 troops, down from 12,000 in January': a time after the figure a signal is compared
    with dates that figure, not the signal."""
    return anchor < time_start and _COMPARED_FIGURE.search(text, anchor, time_start) is not None


def _word_id(strings, phrase: str):
    """The id of a lower-case word, or the pair of ids of a two-word phrase ("north of")."""
    parts = phrase.split()
    return tuple(strings.add(p) for p in parts) if len(parts) > 1 else strings.add(phrase)


def _trim_edges(text: str) -> str:
    """_SUBJECT_EDGES.sub("", text), without trying its end-anchored alternatives at every character:
    an edge at the start is matched there, one at the end is looked for from where the marks, spaces
    and edge words that end the text begin (a word not in ASCII may be one to IGNORECASE)."""
    lead = _SUBJECT_EDGES.match(text)
    start, end = (lead.end() if lead else 0), len(text)
    while end:
        if text[end - 1].isspace() or text[end - 1] in _EDGE_MARKS:
            end -= 1
            continue
        word = end
        while word and (text[word - 1].isalnum() or text[word - 1] == "_"):
            word -= 1
        if word == end or (text[word:end].lower() not in _EDGE_WORDS and text[word:end].isascii()):
            break
        end = word
    tail = _SUBJECT_END.search(text, max(start, end))
    return text[start:tail.start() if tail else len(text)]


def _collapse(text: str) -> str:
    return " ".join(text.split())


class StringTable(dict):
    """Word id -> string, filled as words are met (a StringStore lookup per token costs more)."""

    LIMIT = 1_000_000  # distinct words kept; a corpus with more starts over

    def __init__(self, strings) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[key] = self.strings[key]
        return value
