"""Whitespace as the tokenizer and the number reader should see it, with every offset unchanged.

Scraped news is full of no-break and thin spaces (spaCy's tokenizer does not split on them,
and "30 000" is written with U+00A0, U+202F or U+2009), and text from PDFs and e-mails is
hard-wrapped: "said 1,000\\nsoldiers". `normalize` maps each odd space and each lone line
break to one plain space, character for character, so offsets into the result are offsets
into the text as read. A blank line stays: it is a paragraph break. A line break before a
list item ("- ", "• ", "2) ") stays too: an item is not the continuation of a sentence.
"""
from __future__ import annotations

import re

ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
# A line break (\r\n, \n or \r) right after no other break and followed by text: a lone break
# unless blanks and a break come before it (a blank line) or a list item follows.
_BREAK = re.compile(r"\r\n(?<![\r\n]\r\n)(?![ \t\f\v]*[\r\n])|[\r\n](?<![\r\n][\r\n])(?![ \t\f\v]*[\r\n])")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•▪‣◦]|[0-9]{1,2}[.)]|\([0-9a-z]\))[ \t]")


def normalize(text: str) -> str:
    """`text` with odd spaces and lone line breaks as plain spaces (same length, same offsets)."""
    text = _ODD_SPACE.sub(" ", text)  # one for one (str.translate is ten times slower)
    if "\n" in text or "\r" in text:
        joined = _BREAK.sub(lambda m: _join(m, text), text)
        if joined != text:  # keep the very object when nothing changed: callers test `is`
            text = joined
    return text


def _join(m: re.Match, text: str) -> str:
    i = m.start() - 1
    while i >= 0 and text[i] in " \t\f\v":
        i -= 1
    if i < 0 or text[i] in "\r\n" or _LIST_ITEM.match(text, m.end()):
        return m.group()
    return " " * len(m.group())
