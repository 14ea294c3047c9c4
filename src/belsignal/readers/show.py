"""`belsignal extract --show-text`: each document's text exactly as read, the string that
signal offsets (`start`, `end`) count in, with the metadata that goes with it.

Formats: `jsonl`/`json` write one record per document (`id`, `published`, `title`, `url`,
`text`), a JSONL file belsignal reads back as input with the same offsets; any other
format writes the plain text: one document's text alone, or several, each after a
`==> DOC <==` line (on a terminal, control characters such as ESC are shown as escapes).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain, islice
from typing import TextIO

from ..documents import Document
from ..render import is_terminal, printable


def record(doc: Document) -> dict:
    return {"id": doc.id, "published": doc.published or None, "title": doc.title or None,
            "url": doc.url or None, "text": doc.text}


def write_texts(documents: Iterable[Document], fmt: str, out: TextIO) -> int:
    """Write the documents (streamed, except for `json`); returns how many."""
    documents = iter(documents)
    count = 0
    if fmt == "json":
        records = [record(doc) for doc in documents]
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(records)
    if fmt == "jsonl":
        for count, doc in enumerate(documents, 1):
            out.write(json.dumps(record(doc), ensure_ascii=False) + "\n")
        return count
    first = list(islice(documents, 2))
    alone = len(first) == 1
    shown = _on_terminal if is_terminal(out) else str  # a file gets the text exactly as read
    for count, doc in enumerate(chain(first, documents), 1):
        if not alone:
            out.write(("\n" if count > 1 else "") + f"==> {shown(doc.id)} <==\n")
        out.write(shown(doc.text if doc.text.endswith("\n") else doc.text + "\n"))
    return count


def _on_terminal(text: str) -> str:
    """text with the control characters that would drive a terminal (ESC...) shown as escapes."""
    return printable(text, keep="\n\t")

