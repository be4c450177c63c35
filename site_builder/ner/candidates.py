"""Names the recogniser's passes propose, and how overlapping ones are settled.

The gazetteer and context rules, the statistical tagger and the echo pass
each propose spans of the document's words, and proposals overlap (a listed
place inside an organisation's name, a name both listed and announced by a
title). Within a pass the leftmost, then longest, proposal wins, and on a
tie the source listed first below, so a listed name beats one that context
only guessed. Words taken stay taken from pass to pass: the tagger only
fills words the rules left, and echoes come last.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.ner.document import Document
from site_builder.text.tokens import Reading

GAZETTEER, TITLE, ORG, PLACE, GIVEN, VERB, TAGGED = range(7)
"""Where a candidate comes from, in the order that breaks ties."""


@dataclass(frozen=True, slots=True)
class Candidate:
    first: int
    stop: int
    cut: int
    form: str
    type: str
    source: int
    trigger: int = -1
    """Token of the title or verb that announced the name, if any: a name
    announced by a word inside another name is dropped with it."""


def candidate(doc: Document, first: int, stop: int, reading: Reading | None, etype: str,
              source: int, trigger: int = -1) -> Candidate:
    """Tokens ``first:stop`` as a name, its first word read as ``reading`` (whole if ``None``)."""
    head = reading.form if reading is not None else doc.forms[first]
    form = " ".join([head, *doc.forms[first + 1:stop]])
    return Candidate(first, stop, reading.cut if reading is not None else 0, form, etype,
                     source, trigger)


def select(cands: list[Candidate], taken: set[int]) -> list[Candidate]:
    """Leftmost-longest non-overlapping candidates (gazetteer wins ties)."""
    chosen = []
    for c in sorted(cands, key=lambda c: (c.first, -(c.stop - c.first), c.source)):
        span = range(c.first, c.stop)
        if any(k in taken for k in span) or c.trigger in taken:
            continue
        taken.update(span)
        chosen.append(c)
    return chosen
