"""Names the statistical tagger finds in an article, as word spans of the recogniser.

The recogniser's rules are precise but only see names their lists or their
context announce; the CRF tagger (``tagger.py``) generalises from annotated
news to names no list holds. It is given the article the way it was trained
(words and punctuation as tokens, one sentence per line or full stop) and
its PERS/LOC/ORG spans are mapped back onto the recogniser's word tokens, so
the rules can keep precedence and the usual echo pass can find the name
again elsewhere in the article. MISC is left out: the tagger is least sure
of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from site_builder.ner.conll import spans
from site_builder.text.tokens import Token

TYPES = {"PERS": "person", "LOC": "place", "ORG": "organization"}
_PUNCT = re.compile(r"[^\w\s]")
_SENTENCE_END = frozenset(".!?؟")


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    first: int
    """Index of the first word in the recogniser's token list."""
    stop: int
    type: str


def tagged_spans(tagger, text: str, tokens: Sequence[Token]) -> list[TaggedSpan]:
    """The tagger's person, place and organisation spans over ``tokens``."""
    sentences, words = _sentences(text, tokens)
    if not sentences:
        return []
    out = []
    for where, tags in zip(words, tagger.tag_sentences(sentences)):
        for start, stop, kind in sorted(spans(tags)):
            first, last = where[start], where[stop - 1]
            if kind in TYPES and first >= 0 and last >= 0:
                out.append(TaggedSpan(first, last + 1, TYPES[kind]))
    return out


def _sentences(text: str, tokens: Sequence[Token]) -> tuple[list[list[str]], list[list[int]]]:
    """Tagger input: words and punctuation marks, split into sentences; and for
    each item the index of its word in ``tokens`` (-1 for punctuation)."""
    sentences: list[list[str]] = []
    where: list[list[int]] = []
    items: list[str] = []
    index: list[int] = []

    def close() -> None:
        if items:
            sentences.append(items[:])
            where.append(index[:])
        items.clear()
        index.clear()

    previous_end = 0
    for i, token in enumerate(tokens):
        _gap(text[previous_end:token.start], items, index, close)
        items.append(token.text)
        index.append(i)
        previous_end = token.end
    _gap(text[previous_end:], items, index, close)
    close()
    return sentences, where


def _gap(gap: str, items: list[str], index: list[int], close) -> None:
    for mark in _PUNCT.findall(gap):
        items.append(mark)
        index.append(-1)
        if mark in _SENTENCE_END:
            close()
    if "\n" in gap:
        close()
