"""Near-duplicate documents (`extract --dedup`): the same wire story reprinted by several
outlets, the same page saved twice. Only the first one read is kept.

Two documents are near-duplicates when the Jaccard similarity of their sets of 5-word
shingles (lower-cased words) is at least THRESHOLD (0.8), as estimated by MinHash with 128
permutations (datasketch); candidates come from MinHash LSH and are then checked against
the threshold. Memory grows by about 2 KB per distinct document kept.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .documents import Document
from .readers import require

THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+")


class NearDuplicates:
    """Remembers the documents seen; `duplicate_of` names the earlier one a new text repeats."""

    def __init__(self, threshold: float = THRESHOLD, shingle_words: int = SHINGLE_WORDS,
                 num_perm: int = NUM_PERM) -> None:
        datasketch = require("datasketch", "--dedup")
        self.threshold, self.shingle_words, self.num_perm = threshold, shingle_words, num_perm
        self._minhash, self._lean = datasketch.MinHash, datasketch.LeanMinHash
        self._lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._kept: list[tuple[str, object]] = []  # (doc id, LeanMinHash) by LSH key

    def duplicate_of(self, doc_id: str, text: str) -> str | None:
        """The id of an earlier document this text nearly repeats (the most similar one);
        else None, and the text is remembered under doc_id."""
        signature = self.signature(text)
        if signature is None:
            return None
        similar = [(signature.jaccard(self._kept[key][1]), -key) for key in self._lsh.query(signature)]
        best = max(similar, default=None)
        if best is not None and best[0] >= self.threshold:
            return self._kept[-best[1]][0]
        key = len(self._kept)
        self._lsh.insert(key, signature)
        self._kept.append((doc_id, self._lean(signature)))
        return None

    def signature(self, text: str):
        """The MinHash of the text's word shingles, or None for a text without words."""
        words = _WORD.findall(text.lower())
        if not words:
            return None
        k = min(self.shingle_words, len(words))
        shingles = {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}
        signature = self._minhash(num_perm=self.num_perm)
        signature.update_batch(list(shingles))
        return signature


def drop_near_duplicates(documents: Iterable[Document], threshold: float = THRESHOLD,
                         on_duplicate: Callable[[Document, str], None] | None = None) -> Iterator[Document]:
    """The documents, less those that nearly repeat one read before; on_duplicate(doc, other_id)
    is told about each one dropped."""
    seen = NearDuplicates(threshold)
    for doc in documents:
        original = seen.duplicate_of(doc.id, doc.text[doc.body_start:])
        if original is None:
            yield doc
        elif on_duplicate is not None:
            on_duplicate(doc, original)
