"""Speed-ups leave every row as it was (issue 16).

Two kinds of check, on real news (the seeds, the 30 passages of ../shared/dev and perturbed
copies of them, see tests/snapshot.py):
- against the snapshot tests/data/rows.sha256.json: one digest per document of the rows it
  gives. A change meant to change rows regenerates it deliberately: `python -m tests.snapshot`.
- against a reference path where one exists: a fast path must give what the slow, general path
  gives on the same input (below, and in tests/test_dates.py for date resolution).
"""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belsignal import dates

from . import snapshot

pytestmark = pytest.mark.skipif(not snapshot.DEV.is_dir(),
                                reason=f"{snapshot.DEV} is not beside the project: the real-news dev set is not available")


@pytest.fixture(scope="module")
def snapshot_rows() -> list[dict]:
    return snapshot.extract()


def test_rows_on_real_news_are_those_of_the_snapshot(snapshot_rows):
    expected = json.loads(snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    found = snapshot.digests(snapshot_rows)
    changed = sorted(doc for doc in expected.keys() | found.keys() if expected.get(doc) != found.get(doc))
    assert not changed, (
        f"{len(changed)} document(s) give other rows than tests/data/rows.sha256.json: {changed[:10]}. "
        "If the change is meant to change rows, check them and regenerate: python -m tests.snapshot")
    assert sum(d["rows"] for d in found.values()) > 900  # the corpus really was read and extracted


def test_the_tokenizer_as_spacy_gives_it_gives_the_same_rows(snapshot_rows, monkeypatch):
    """Reference: spaCy's tokenizer as it comes, with "\\n", " ", "\\t" and no-break space as special
    cases (they stop its cache for the rest of a document; belsignal drops them), and without the
    chunks new to the process tokenized ahead so that its cache takes them (pipeline.CachedTokens)."""
    import spacy
    from spacy.lang.en import English

    from belsignal import pipeline

    monkeypatch.setattr(pipeline, "blank_english", lambda: English)
    monkeypatch.setattr(pipeline, "drop_whitespace_special_cases", lambda tokenizer: None)
    monkeypatch.setattr(pipeline, "cached_tokens", lambda nlp: lambda text, chunks=None: nlp.make_doc(text))
    pipeline._pipeline.cache_clear()
    try:
        nlp = pipeline.pipeline(None, belsignal_rules())
        assert {"\n", " "} <= set(nlp.tokenizer.rules) == set(spacy.blank("en").tokenizer.rules)
        reference = snapshot.extract()
    finally:
        monkeypatch.undo()
        pipeline._pipeline.cache_clear()
    assert reference == snapshot_rows
    ours, theirs = pipeline.pipeline(None, belsignal_rules()).tokenizer.rules, spacy.blank("en").tokenizer.rules
    assert ours == {key: value for key, value in theirs.items() if not key.isspace()} and "\n" in theirs


def test_skipping_the_matcher_calls_that_cannot_match_gives_the_same_rows(snapshot_rows):
    """Reference: every rule of a trigger's group tried in every window of the trigger, and every
    exclude pattern tried around every candidate, whatever words the window holds."""
    from belsignal.pipeline import pipeline

    ruler = pipeline(None, belsignal_rules()).get_pipe("belsignal")
    saved = ruler.exclude_needs
    assert any(needs is not None for needs in saved.values())
    ruler.matcher.filtering, ruler.exclude_needs = False, dict.fromkeys(saved)
    try:
        reference = snapshot.extract()
    finally:
        ruler.matcher.filtering, ruler.exclude_needs = True, saved
    assert reference == snapshot_rows


def test_tokens_made_with_the_cache_kept_working_are_those_of_the_plain_tokenizer(snapshot_docs):
    """Every token of real news (text, offset, trailing space, norm) as spaCy's tokenizer makes it
    when no chunk was tokenized ahead (pipeline.CachedTokens)."""
    import spacy

    from belsignal.pipeline import CachedTokens, break_long_runs, drop_whitespace_special_cases
    from belsignal.spacing import normalize

    def blank():
        nlp = spacy.blank("en")
        drop_whitespace_special_cases(nlp.tokenizer)
        return nlp

    texts = [break_long_runs(normalize(d.text[d.body_start:])) for d in snapshot_docs] * 2
    cached, plain = CachedTokens(blank()), blank()
    assert cached.warm

    def tokens(doc):
        return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]

    assert [tokens(cached(t)) for t in texts] == [tokens(plain.make_doc(t)) for t in texts]
    assert len(cached.seen) > 3000


def test_sentences_are_those_of_spacys_sentencizer(snapshot_docs):
    import spacy

    from belsignal.pipeline import sentencizer_class

    nlp = spacy.blank("en")
    ours, theirs = sentencizer_class()(), nlp.add_pipe("sentencizer")
    texts = [d.text for d in snapshot_docs] + ["", "...", "Hi. ", "Is it? Yes!! No.) Then “quoted.” End", "a.b. c"]
    for text in texts:
        a, b = ours(nlp.make_doc(text)), theirs(nlp.make_doc(text))
        assert a.to_array("SENT_START").tolist() == b.to_array("SENT_START").tolist(), text[:80]
    assert sum(1 for d in snapshot_docs for _ in ours(nlp.make_doc(d.text)).sents) > 2000


def test_survey_words_found_by_their_index_give_the_rows_of_a_plain_scan(snapshot_rows, monkeypatch):
    """Reference: every token of a sentence looked at for a study noun or a verb of conducting,
    not the doc-wide index of them (surveys.Surveys._survey_words_in)."""
    from belsignal.surveys import Surveys

    def plain_scan(self, sent):
        words = self._words_of("study_nouns", "conduct_verbs")
        return [k for k in range(sent.start, sent.end) if self.lowers[k] in words]

    monkeypatch.setattr(Surveys, "_survey_words_in", plain_scan)
    assert snapshot.extract() == snapshot_rows


def belsignal_rules():
    from belsignal.rules import load_rules

    return load_rules([])


# ---- date resolution: the fast path against dateparser

EDGE_BASES = ["", "2022", "2022-05", "2022-03-15", "2024-02-29", "2023-12-31", "2021-01-01", "0001-01-01",
              "9999-12-31"]
EDGE_CORES = ["March", "march", "Sept.", "Sept", "Jan.", "May", "May 9", "9 May", "12th May", "May 12th",
              "May 31", "31 May", "29 February", "February 29", "31 April", "April 31", "May 32", "May 0",
              "Thursday, August 12", "Thursday August 12", "Thursday, August 12, 2022", "12 of May",
              "May 2022", "May, 2022", "May of 2022", "12 May 2022", "May 12, 2022", "May 12 2022",
              "2022-05-06", "2022-02-30", "2022-13-01", "today", "yesterday", "tomorrow", "Today",
              "this month", "This month", "last month", "next month", "this week", "next week", "coming days",
              "past few weeks", "next few months", "last few days", "this weekend", "coming weekend",
              "next Friday", "Mays", "Marchs 12"]


@pytest.fixture(scope="module")
def snapshot_docs(tmp_path_factory) -> list:
    import belsignal

    return list(belsignal.read_documents(snapshot.inputs(tmp_path_factory.mktemp("docs"))))


@pytest.fixture(scope="module")
def found_times(snapshot_docs) -> list[tuple[str, str]]:
    """(time expression, published date) of every time expression in the snapshot's documents."""
    found = {(t.text, d.published) for d in snapshot_docs for t in dates.find_times(d.text[d.body_start:])}
    assert len(found) > 500 and sum(bool(p) for _, p in found) > 300
    return sorted(found)


UNGUARDED_TIME_RE = re.compile(r"\b" + dates._TIME, re.IGNORECASE)


def spans(regex: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text)]


def found_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in dates._time_matches(text)]


def test_time_expressions_are_found_as_the_plain_regex_finds_them(snapshot_docs):
    """Reference: the time regex run over the whole text, with no look-ahead on the first letter
    and no anchors to say where it may match; on all of real news."""
    texts = [d.text for d in snapshot_docs]
    assert sum(len(found_spans(t)) for t in texts) > 700
    assert [found_spans(t) for t in texts] == [spans(UNGUARDED_TIME_RE, t) for t in texts]


@pytest.mark.parametrize("text", [
    "It held as of the beginning of 10 of March, officials said.",  # seven words before the month
    "between the start of 1 of May and the end of 9 of June 2022",
    "from 10 to 20 February", "in the coming few days", "over the weekend", "on 24/2", "on 2022-02-24",
    "Troops " * 30 + "as of the beginning of 10 of March, and then since the end of 2021",  # a window from afar
    "the drills at " + "Obuzlesnovskytraininggroundsnearbrest " * 6 + "from 10 to 20 of May"])  # long words
def test_the_longest_openings_before_an_anchor_are_found_whole(text):
    assert found_spans(text) == spans(UNGUARDED_TIME_RE, text) != []


GRAMMAR_WORDS = sorted({w for w in re.findall(r"[A-Za-z]{2,}", dates._TIME)} - {"st", "nd", "rd", "th"})


@given(st.lists(st.one_of(
    st.sampled_from(GRAMMAR_WORDS).flatmap(lambda w: st.sampled_from([w, w.lower(), w.upper(), w.capitalize()])),
    st.sampled_from(["12", "3", "2022", "1999", "24/2", "2022-05-06", "10th", "troops", "ſunday", "\u212aiev",
                     "ınvasion", "Mayday", "x"]),
    st.sampled_from([" ", " ", "-", " – ", ", ", ". ", "\n", "\n\n  ", " to ", " and ", "'s ", " / "])), max_size=20))
@settings(max_examples=600, deadline=None)
def test_anchors_and_the_opening_letter_test_never_change_what_the_time_regex_finds(parts):
    text = "".join(parts)
    assert found_spans(text) == spans(UNGUARDED_TIME_RE, text)


def by_dateparser_only(monkeypatch) -> None:
    monkeypatch.setattr(dates, "_fast", lambda core, published, prefer: None)


def test_every_time_expression_of_real_news_resolves_as_dateparser_resolves_it(found_times, monkeypatch):
    cases = [(text, published, prefer) for text, published in found_times for prefer in ("past", "future")]
    fast = [dates.resolve_period(*case) for case in cases]  # "future": an event announced ahead
    assert sum(bool(d) for d, _ in fast) > 600  # most of them are dates, not ""
    by_dateparser_only(monkeypatch)
    reference = [dates.resolve_period(*case) for case in cases]
    assert [case for case, a, b in zip(cases, fast, reference) if a != b] == []


def test_the_fast_forms_agree_with_dateparser_on_every_kind_of_base(found_times, monkeypatch):
    """Each shape of the cores found in real news (digits aside) and some odd ones, against bases
    of every precision, on leap days and at the ends of the calendar, looking back and ahead."""
    shapes = {}
    for text, _ in found_times:
        core = dates._reading(text)[1]
        shapes.setdefault(re.sub(r"\d", "9", core), core)
    cores = sorted(set(shapes.values()) | set(EDGE_CORES))
    cases = [(core, base, prefer) for core in cores for base in EDGE_BASES for prefer in ("past", "future")]
    fast = {case: dates._fast(*case) for case in cases}
    answered = [case for case in cases if fast[case] is not None]
    assert len(answered) > 0.6 * len(cases)  # the fast path answers most of them itself
    assert [(case, fast[case]) for case in answered if fast[case] != dates._dateparser(*case)] == []


def test_the_sentence_column_is_the_text_the_tokens_were_made_from():
    """A run of 150 characters is tokenized with a space after its 100th (pipeline.MAX_RUN): the
    sentence column shows it as the tokens' sentence did (Span.text), the offsets stay the text's."""
    import belsignal

    text = "Russia sent 30,000 troops to Belarus " + "x" * 150 + " last week."
    [row] = list(belsignal.extract([text]))
    assert row.sentence == "Russia sent 30,000 troops to Belarus " + "x" * 100 + " " + "x" * 49 + " last week."
    assert text[row.start:row.end] == row.text == "30,000"


def test_the_number_flags_written_into_user_data_are_those_token_attributes_write(snapshot_docs):
    """component.token_key is spaCy's own key for a token's extension value: what _mark_numbers
    writes there is what setting `token._.bs_num` (bs_counts, bs_unit) writes, and reads back."""
    from belsignal.pipeline import pipeline

    nlp = pipeline(None, belsignal_rules())
    ruler = nlp.get_pipe("belsignal")
    flagged = 0
    for d in snapshot_docs[:60]:
        text = d.text[d.body_start:]
        fast, plain = nlp.make_doc(text), nlp.make_doc(text)
        _, spans = ruler._mark_numbers(fast, text, fast.to_array("IDX").tolist())
        for i, j, phrase in spans:
            for token in plain[i:j]:
                token._.bs_num, token._.bs_counts, token._.bs_unit = True, phrase.noun, phrase.unit
        assert fast.user_data == plain.user_data
        assert [(t._.bs_num, t._.bs_counts, t._.bs_unit) for t in fast] == [
            (t._.bs_num, t._.bs_counts, t._.bs_unit) for t in plain]
        flagged += sum(t._.bs_num for t in fast)
    assert flagged > 500
