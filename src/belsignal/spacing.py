"""Whitespace as the tokenizer and the number reader should see it, with every offset unchanged.

Scraped news is full of no-break and thin spaces (spaCy's tokenizer does not split on them,
and "30 000" is written with U+00A0, U+202F or U+2009), and text from PDFs and e-mails is
hard-wrapped: "said 1,000\\nsoldiers". `normalize` maps each odd space and each lone line
break to one plain space, character for character, so offsets into the result are offsets
into the text as read. A blank line stays: it is a paragraph break. A line break before a
list item ("- ", "• ", "2) ") stays too: an item is not the continuation of a sentence; and so
does one after a headline or a dateline, a line much shorter than the text's longest or one that
opens with a label ("Read more: ...") with no full stop, before a line that opens like a sentence
(`line_breaks` lists both kinds).
"""
from __future__ import annotations

import re

# Spaces the tokenizer does not split on, and the form feed and vertical tab of text from PDFs
# (pdftotext starts each page with "\f", often in the middle of a sentence).
ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff\f\v"
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
# A line break (\r\n, \n or \r) right after no other break and followed by text: a lone break
# unless blanks and a break come before it (a blank line) or a list item follows.
_BREAK = re.compile(r"\r\n(?<![\r\n]\r\n)(?![ \t\f\v]*[\r\n])|[\r\n](?<![\r\n][\r\n])(?![ \t\f\v]*[\r\n])")
# The same for a text without "\r": a pattern that starts with one literal character lets re
# jump from one "\n" to the next (ten times faster than the two alternatives above).
_LF_BREAK = re.compile(r"\n(?<![\r\n]\n)(?![ \t\f\v]*[\r\n])")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•▪‣◦]|[0-9]{1,2}[.)]|\([0-9a-z]\))[ \t]")


_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*[ \t]+")
_LABELLED = re.compile(r"[ \t]*[A-Z][A-Za-z'’-]*(?:[ \t]+[A-Za-z'’-]+){0,2}[ \t]*:[ \t]")
_OPENS_SENTENCE = re.compile(r"[ \t]*[A-Z0-9“\"‘'«(\[]")
_HEADING_SHARE = 0.6  # a heading line is at most this share of the longest line


def normalize(text: str) -> str:
    """`text` with odd spaces and lone line breaks as plain spaces (same length, same offsets)."""
    if any(space in text for space in ODD_SPACES):  # faster than a regex scan where there is none
        text = _ODD_SPACE.sub(" ", text)  # one for one (str.translate is ten times slower)
    if "\n" in text or "\r" in text:
        longest = _Longest(text)
        joined = _breaks(text).sub(lambda m: m.group() if _kept(m, text, longest) else " " * len(m.group()), text)
        if joined != text:  # keep the very object when nothing changed: callers test `is`
            text = joined
    return text


def line_breaks(text: str) -> list[int]:
    """Offsets where a line begins that is not the continuation of the line before: after a
    headline or dateline, or at a list item."""
    if "\n" not in text and "\r" not in text:
        return []
    longest = _Longest(text)
    return [m.end() for m in _breaks(text).finditer(text) if _kept(m, text, longest, lone_only=True)]


def _breaks(text: str) -> re.Pattern:
    """The pattern of lone line breaks for `text`: the faster one where there is no carriage return."""
    return _BREAK if "\r" in text else _LF_BREAK


class _Longest:
    """The length of a text's longest line, measured only if a line break needs it."""

    def __init__(self, text: str) -> None:
        self.text, self.value = text, None

    def __call__(self) -> int:
        if self.value is None:
            self.value = max(map(len, self.text.splitlines()))
        return self.value


def _kept(m: re.Match, text: str, longest: _Longest, lone_only: bool = False) -> bool:
    """Does this lone line break end a line (list item, headline, dateline) rather than wrap one?"""
    i = m.start() - 1
    while i >= 0 and text[i] in " \t\f\v":
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return not lone_only
    if _LIST_ITEM.match(text, m.end()):
        return True
    if text[i] in ".!?…" or not _OPENS_SENTENCE.match(text, m.end()):
        return False
    line_start = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1
    if i + 1 - line_start <= _HEADING_SHARE * longest():
        return True
    # a labelled line ("Read more: ...", "Photo: ...") with no full stop is a headline too; where the break
    # before it was joined, it starts after the full stop of the sentence before
    last = None
    for last in _SENTENCE_END.finditer(text, line_start, i):
        pass
    return _LABELLED.match(text, last.end() if last else line_start) is not None
