"""Survey passages: which survey a share belongs to, who ran it and whom it polled.

A survey write-up names its poll once ("the latest poll by the institute", "according to the
survey") and then reports shares for paragraphs: "17% backed the idea", "a quarter", "the
majority (58%)". A share belongs to the survey of its passage: the run of sentences around it in
which no more than SURVEY_GAP sentences in a row go by without a poll word or a share, and which
does not cross a heading. In that passage,

- the pollster is the author the text gives the survey ("the Chatham House poll", "a survey by X",
  "X conducted its ninth survey", "his latest poll"), an organisation before a person; failing
  that, the speaker nearest before the share (or after it) who presents the figures;
- a survey introduced anew ("a survey conducted in Ukraine", "several polls") starts a new
  survey: walking back from a share stops there;
- the actor is the polled population ("Belarusians", "Belarusian citizens"), never a country
  the question names ("support for Russia").

A mixin of belsignal.context.DocContext. The words are in rules/: lexicon `poll_words`, cues
`study_nouns`, `conduct_verbs`, `study_modifiers`, `new_study_determiners`, `titles`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import cached_property
from itertools import compress, count
from typing import TYPE_CHECKING

from .attribution import DETERMINERS, POSSESSIVE, _clean_name
from .numbers import qualified_before

if TYPE_CHECKING:
    from .component import Sentence

_SHARE_ENDS = {"%", "percent", "cent"}  # "64% in Finland": the people are where the share is
SURVEY_GAP = 3  # sentences in a row without a poll word or a share that a passage spans
SURVEY_REACH = 40  # sentences a passage is followed at most, each way
POPULACE_AFTER = {"citizens", "people", "society", "public", "respondents", "urbanites", "voters",
                  "adults", "population", "youth", "residents", "nationals"}
FUNCTION_WORDS = {"in", "by", "of", "from", "to", "with", "for", "at", "on", "about", "over", "after",
                  "before", "under", "among", "across", "through", "and", "or", "but", "that", "which",
                  "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "as", "than"}
WHEN_WORDS = {"out", "in", "on", "during", "last", "early", "late", "mid", "this", "year", "month", "week"}
DEFINITE = DETERMINERS | {"both", "our", "your", "my", "each", "every", "all"}
_SENTENCE_END = re.compile(r"[.!?:;\"“”'’)\]]\s*$")

class Surveys:
    """Survey passages over a DocContext's sentences, cues and attributions."""

    def within(self, passage: str, sent: Sentence) -> bool:
        """Does `sent` lie in a passage of this type (`within:` of a rule)?"""
        if passage != "survey" or not self._poll_tokens:
            return False
        cache = self.__dict__.setdefault("_within_cache", {})
        if sent.start not in cache:
            cache[sent.start] = self._poll_sentence(sent) or any(  # the passages only when needed
                self._poll_sentence(s) for d in (False, True) for s in self._passage(sent, d))
        return cache[sent.start]

    def share_of_passage(self, sig, sent: Sentence) -> None:
        """A poll row without a figure of its own ('the same proportion said') repeats the figure of
        the poll row before it in its survey passage; a row with a figure becomes that figure."""
        last = self.__dict__.get("_last_share")
        if sig.value is not None or sig.low is not None or sig.high is not None:
            self.__dict__["_last_share"] = (sent.start, sig.value, sig.low, sig.high, sig.qualifier, sig.unit)
        elif last is not None and any(s.start == last[0] for s in self._passage(sent)):
            sig.value, sig.low, sig.high, sig.qualifier, sig.unit = last[1:]
            bounds = qualified_before(sig.value, self.text, sig.start) if sig.value is not None else None
            if bounds:  # "roughly the same share"
                sig.low, sig.high, sig.qualifier = bounds

    # ---- the pollster: the source of every poll row of its survey ----

    def poll_source(self, sent: Sentence, start: int) -> str:
        """The pollster of a poll row, asked for its source and again for its actor: found once."""
        cache = self.__dict__.setdefault("_poll_source_cache", {})
        key = (sent.start, start)
        if key not in cache:
            cache[key] = self._find_poll_source(sent, start)
        return cache[key]

    def _find_poll_source(self, sent: Sentence, start: int) -> str:
        own = self._pollsters(sent)
        if own:
            before = [c for c in own if c[0] <= start]
            return (before[-1] if before else own[0])[1]
        said = self._poll_speaker(sent, start) or self._quote_source(start)
        if said:
            return said
        if self._new_unnamed_study(sent):
            return ""  # "according to a survey conducted in Ukraine": a survey of its own, unnamed
        back = self._passage(sent)[1:]
        found: list[tuple[int, str]] = []
        for s in back:
            found += reversed(self._pollsters(s))
            if self._new_study(s):
                break  # the survey begins here: earlier pollsters ran other surveys
        if found:
            orgs = [c for c in found if self._name_type(c[1]) == "org"]
            return (orgs or found)[0][1]
        for s in back:  # the speaker presenting the figures: nearest before, else after
            speakers = [a for a in self.attributions(s) if self._usable_speaker(a[1])]
            if speakers:
                return speakers[-1][1]
            if self._new_study(s):
                break
        for s in self._passage(sent, True)[1:]:
            if self._new_study(s):
                break  # a survey introduced later is not the source of figures before it
            speakers = [a for a in self.attributions(s) if self._usable_speaker(a[1])]
            if speakers:
                return speakers[0][1]
        return self.declared_source(self.idx[start])

    def _poll_speaker(self, sent: Sentence, start: int) -> str:
        """Who reports the share in its own sentence; a verb after the share whose subject is not
        named after it is the respondents' ('most citizens ... said they were against')."""
        # a country or people is where a survey polled, not who ran it ("a survey of 1,500 adults in Belarus found")
        found = [a for a in self.attributions(sent) if (a[0] < start or self._speaker_follows(a, sent)
                 or any(s == a[0] for s, _ in self.cues["according"])) and not self._is_people(a[1])]
        if not found:
            return ""
        named = [a for a in found if any(ch.isupper() for ch in a[1])] or found
        before = [a for a in named if a[0] <= start]
        at, name, _ = before[-1] if before else named[0]
        return self.resolve_vague(name, at, sent)

    def _speaker_follows(self, found: tuple[int, str, str], sent: Sentence) -> bool:
        """'..., said the pollster X': the speaker is named after the verb."""
        return self.text.find(found[1], self.idx[found[0]], sent.end_char) >= 0

    def _by_after(self, k: int, sent: Sentence) -> str:
        """The name after 'by' that follows a verb of conducting ('carried out by X', 'conducted
        in May by X')."""
        doc = self.doc
        for j in range(k + 1, min(sent.end - 1, k + 6)):
            if self.lowers[j] != "by" and not (self.lowers[j] in WHEN_WORDS or doc[j].like_num
                                              or self.lowers[j] in self.words["not_names"]):
                return ""  # "those surveyed are against the use by Moscow": no author
            if self.lowers[j] == "by":
                m = j + 1
                while m < sent.end and (self.quotes[m] or self.lowers[m] in ("the", "a", "an")):
                    m += 1
                return _clean_name(self._capitalised_run_from(m, min(sent.end, m + 8), connectors=True))
        return ""

    def _usable_speaker(self, name: str) -> bool:
        return any(ch.isupper() for ch in name) and not self._is_generic(name)

    def _pollsters(self, sent: Sentence) -> list[tuple[int, str]]:
        """(token, name) for each survey author the sentence names: the author of a study noun,
        the subject of 'conducted', or who it was 'carried out by'."""
        cache = self.__dict__.setdefault("_pollster_cache", {})
        if sent.start in cache:
            return cache[sent.start]
        cache[sent.start] = []
        found = []
        studies, conduct = self.words["study_nouns"], self._cue_words("conduct_verbs")
        for k in self._survey_words_in(sent):
            low = self.lowers[k]
            name = ""
            if low in studies:
                name = self.study_author(k, sent)
            elif low in conduct and self._by_after(k, sent):  # "carried out by Sociological Group Rating"
                name = self._by_after(k, sent)
            elif low in conduct:  # "X conducted"; in "X's latest survey, conducted ..." the study's author is X
                subject = self._subject_of(k, sent)
                if subject and any(ch.isupper() for ch in subject) and not self._is_generic(subject) \
                        and not self._is_study(subject) and subject.split()[-1] not in studies \
                        and not self._is_population(subject) and subject.lower() not in self._actor_names:
                    name = subject
            if name:
                found.append((k, name))
        cache[sent.start] = found
        return found

    def _new_study(self, sent: Sentence) -> bool:
        """Does the sentence introduce a survey ('a new poll', 'several surveys')? (Asked of the
        sentences of a passage for each of its rows: answered once a sentence.)"""
        cache = self.__dict__.setdefault("_new_study_cache", {})
        if sent.start not in cache:
            cache[sent.start] = any(self._introduces(k, sent) for k in self._studies_in(sent))
        return cache[sent.start]

    def _new_unnamed_study(self, sent: Sentence) -> bool:
        return any(self._introduces(k, sent) and not self.study_author(k, sent) for k in self._studies_in(sent))

    def _studies_in(self, sent: Sentence) -> list[int]:
        """The study nouns of the sentence ('poll', 'surveys')."""
        return [k for k in self._survey_words_in(sent) if self.lowers[k] in self.words["study_nouns"]]

    def _survey_words_in(self, sent: Sentence) -> list[int]:
        """The study nouns and verbs of conducting of the sentence, by a doc-wide index: they are
        looked for in every sentence of a passage, and few sentences hold one."""
        found = self._survey_words
        return found[bisect_left(found, sent.start):bisect_left(found, sent.end)]

    @cached_property
    def _survey_words(self) -> list[int]:
        words = self._words_of("study_nouns", "conduct_verbs")
        return list(compress(count(), map(words.__contains__, self.lowers)))

    def _introduces(self, k: int, sent: Sentence) -> bool:
        """Is the study noun at k a survey introduced here: 'a new poll', 'several surveys', or a
        bare plural ('recent polls suggest'), unless it points back ('the previous polls',
        'surveys by both centres')? Words between the determiner and the noun are passed over."""
        new = self._cue_words("new_study_determiners")
        before = ""
        for j in range(k - 1, max(sent.start - 1, k - 6), -1):
            low = self.lowers[j]
            if low in new or low in DEFINITE or low in FUNCTION_WORDS or (self.puncts[j] and self.orths[j] != "-"):
                before = low
                break
        if before in new:
            return True
        if before in DEFINITE or not self.lowers[k].endswith("s"):
            return False
        after = self.lowers[k + 1:k + 3]
        return not (len(after) == 2 and after[0] in ("by", "of", "from") and after[1] in DEFINITE)

    # ---- the polled population: the actor of a poll row ----

    def poll_actor(self, sent: Sentence, start: int, tail_end: int) -> str:
        """The people whose views the share counts: named with the share ('40% of Belarusians'),
        else the population the passage speaks of, else the one the document speaks of most."""
        own = self._populations(start, tail_end) or self._people_in(start, min(sent.end, tail_end + 4))
        if own:
            return own[0]
        named_here = self.poll_source(sent, start)  # "in a survey by the Belarusian Analytical Workroom, ..."
        if named_here and named_here in self.text[sent.start_char:sent.end_char] and self._country_of(named_here):
            return self._country_of(named_here)
        for s in self._passage(sent):
            found = self._populations(s.start, min(s.end, start) if s.start == sent.start else s.end)
            if found:
                return found[-1]
        if self._main_population:
            return self._main_population
        pollster = self._country_of(self.poll_source(sent, start))  # a Belarusian pollster asks Belarusians
        if pollster:
            return pollster
        # a country named before the share, not as the owner of the stance ("support for Russia's war")
        named = [a for s, e, a in self._mentions(sent.start, start) if (e >= len(self.orths) or self.orths[e] not in POSSESSIVE)
                 and not self._stance_object(s)]
        guess = (named[0] if named else "") or self._answering_actor
        return "" if guess and guess == self._actor_in(start, sent.end) else guess  # not the question's country

    def _people_in(self, start: int, end: int) -> list[str]:
        """The country the people counted are in: '80 percent of respondents in Belarus'."""
        people = self.ruleset.words("share_holders")  # respondents, people, Belarusians ...
        for k in range(start + 1, end - 1):
            if self.lowers[k] == "in" and (self.lowers[k - 1] in people or self.lowers[k - 1] in _SHARE_ENDS):
                found = self._mentions(k + 1, min(end, k + 4))
                return [found[0][2]] if found and found[0][0] == k + 1 else []
        return []


    def _stance_object(self, s: int) -> bool:
        """Is the country what the question asks about ('closer ties with the EU', 'joining NATO',
        'support for Russia') rather than who answers it?"""
        j = s - 1 - (s > 1 and self.lowers[s - 1] == "the")
        return j >= 0 and self.lowers[j] in self._cue_words("stance_objects")

    def _country_of(self, name: str) -> str:
        """The actor a name's own words name: 'Belarusian Analytical Workroom' -> belarus."""
        found = {self._actor_names.get(word.strip("“”\"'’").lower()) for word in name.split()} - {None}
        return found.pop() if len(found) == 1 else ""

    def _populations(self, start: int, end: int) -> list[str]:
        found = self._population_mentions
        i = bisect_left(found, (start,))
        out = []
        while i < len(found) and found[i][0] < end:
            if found[i][1] <= end:
                out.append(found[i][2])
            i += 1
        return out

    @cached_property
    def _population_mentions(self) -> list[tuple[int, int, str]]:
        """Mentions of a people: 'Belarusians', 'Belarusian citizens'."""
        mentions = self.actor_mentions
        if not mentions:
            return []
        lowers, out = self.lowers, []
        names = self._actor_names
        for s, e, actor in mentions:
            word = lowers[s] if e == s + 1 else ""
            whole = " ".join(lowers[s:e])  # "Americans", "North Koreans", "Britons"
            plural = (word.endswith("s") and self._is_actor_adjective(word)) or (
                whole.endswith("s") and whole[:-1] in names)
            counted = s >= 2 and lowers[s - 1] == "of" and lowers[s - 2] in _SHARE_ENDS and (
                e >= len(lowers) or self.orths[e] not in POSSESSIVE)  # "41% of Poles", not "5% of Russia's budget"
            if plural or counted or (e < len(lowers) and lowers[e] in POPULACE_AFTER):
                out.append((s, e, actor))
        return out

    @cached_property
    def _answering_actor(self) -> str:
        """The article's actor most named other than as a place or as what a question asks about."""
        asked = [m for m in self.actor_mentions if not self._stance_object(m[0])]
        counts = Counter(m[2] for m in asked if not self._is_place(m)) or Counter(m[2] for m in asked)
        return counts.most_common(1)[0][0] if counts else ""

    @cached_property
    def _main_population(self) -> str:
        counts = Counter(a for _, _, a in self._population_mentions)
        return counts.most_common(1)[0][0] if counts else ""

    # ---- passages ----

    def _passage(self, sent: Sentence, forward: bool = False) -> list[Sentence]:
        """The sentences of the survey passage from `sent` backwards (or forwards), `sent` first."""
        cache = self.__dict__.setdefault("_passage_cache", {})
        key = (sent.start, forward)
        if key in cache:
            return cache[key]
        out, gap, cur = [sent], 0, sent
        heading = self._is_heading(sent)
        while len(out) < SURVEY_REACH and not heading:
            i = cur.end if forward else cur.start - 1
            if i < 0 or i >= len(self.doc):
                break
            cur = self.sents.of(i)
            if self.text[cur.start_char:cur.end_char].isspace():
                continue
            if self._is_heading(cur):
                break
            gap = 0 if self._poll_sentence(cur) or self._share_sentence(cur) else gap + 1
            if gap > SURVEY_GAP:
                break
            out.append(cur)
        cache[key] = out
        return out

    def _poll_sentence(self, sent: Sentence) -> bool:
        return _any_in(self._poll_tokens, sent.start, sent.end)

    def _share_sentence(self, sent: Sentence) -> bool:
        return _any_in(self._share_tokens, sent.start, sent.end)

    @cached_property
    def _poll_tokens(self) -> list[int]:
        """Indices of the tokens that are poll words ("survey", "respondents"), in order."""
        found = list(compress(count(), map(self.ruleset.words("poll_words").__contains__, self.lowers)))  # a loop in C
        waves = [k for k in compress(count(), map(self.ruleset.words("survey_waves").__contains__, self.lowers))
                 if self._survey_wave(k)]
        return sorted(found + waves) if waves else found

    def _survey_wave(self, k: int) -> bool:
        """A survey's round: "in the latest wave", "between the two waves", but not "a new wave of arrests"
        (a wave of something) nor "fears of a new wave" (a wave that is not one of a series)."""
        lw = self.lowers
        return (k > 1 and lw[k - 1] in self.ruleset.words("wave_orders") and lw[k - 2] not in ("a", "an")
                and (k + 1 >= len(lw) or lw[k + 1] != "of"))

    @cached_property
    def _share_tokens(self) -> list[int]:
        """Token starts of the percentages and shares ("17%", "the majority"), in order."""
        return sorted(s for s, _, phrase in self.numbers if phrase.unit == "percent")

    def _is_heading(self, sent: Sentence) -> bool:
        """A title or section heading: a short paragraph of its own without closing punctuation."""
        p = self.paragraph_of(sent.start_char)
        cache = self.__dict__.setdefault("_heading_cache", {})
        if p not in cache:
            starts = self.paragraph_starts
            end = starts[p + 1] if p + 1 < len(starts) else len(self.text)
            para = self.text[starts[p]:end].strip()
            cache[p] = 0 < len(para.split()) <= 14 and not _SENTENCE_END.search(para)
        return cache[p]


def _any_in(sorted_items: list[int], start: int, end: int) -> bool:
    i = bisect_left(sorted_items, start)
    return i < len(sorted_items) and sorted_items[i] < end
