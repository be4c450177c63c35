"""Two names joined by «و» that the tagger reads as one: «بين [النصر والهلال]».

A tagger trained on news sees «X وY» between two names often enough to read it as one
name, and the archive then has a page for «النصر والهلال» with every derby on it. Where
each side is a name the lists know on its own (a listed name, or a club named by one
word), the two are two names; a listed name that holds the «و» itself («البوسنة
والهرسك», «ترينيداد وتوباغو») stays one. Persons have their own rule
(``person_edges.two_people``), which reads the article's other names.
"""

from __future__ import annotations

import dataclasses

from site_builder.ner.candidates import Candidate, candidate
from site_builder.ner.document import Document
from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.tokens import readings


def two_names(doc: Document, c: Candidate, gaz: Gazetteer) -> list[Candidate]:
    """``c``, or its two sides when it is two listed places or bodies joined by «و»."""
    words = c.form.split()
    if c.type == "person" or len(words) < 2 or tuple(words) in gaz.names:
        return [c]
    for j in range(c.first + 1, c.stop):
        joined = next((r for r in readings(doc.tokens[j].text) if r.prefix == "و"), None)
        if joined is None:
            continue
        left = _listed_type(gaz, words[:j - c.first])
        right = _listed_type(gaz, [joined.form, *doc.forms[j + 1:c.stop]])
        if left and right:
            return [dataclasses.replace(c, stop=j, form=" ".join(words[:j - c.first]), type=left),
                    candidate(doc, j, c.stop, joined, right, c.source)]
    return [c]


def _listed_type(gaz: Gazetteer, words: list[str]) -> str | None:
    """The type of a name the lists give with exactly these words, if any."""
    entry = gaz.names.get(tuple(words))
    if entry is not None:
        return entry.type
    if len(words) == 1 and words[0] in gaz.clubs:
        return "organization"  # «الهلال»: a club where the game, here the other club, says so
    return None
