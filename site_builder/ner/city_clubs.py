"""Clubs named after their city: «ليون», «بورتو», «فيردر بريمن».

Sports pages name most foreign clubs by their city, and the lists and the
tagger read those words as the city. Three contexts in the sentence say
"club" instead, so a place found there is an organisation:

- a masculine adjective of a country right after it: a city is feminine in
  Arabic, a club masculine like «نادي» («برشلونة الإسباني» against «برشلونة
  الإسبانية»; ``club_nationalities.txt``);
- a word of the game right before it («لاعب ليون», «فاز بورتو»), or a result's
  verb and its preposition («تغلب على كوبنهاغن»); the crowd and the match are
  left out: «جماهير القاهرة» are its people, «مباراة القاهرة» is played there;
- a fixture list: the city, its country in brackets, and a dash to the other
  side («سلتيك ( اسكتلندا ) - كوبنهاغن ( الدنمارك )»).

A country or a continent is never retyped («فاز المغرب» is its national team, which ANERcorp
and readers take for the country), nor a place that is also an ordinary word.
"""

from __future__ import annotations

import dataclasses
import re

from site_builder.ner.candidates import Candidate
from site_builder.ner.document import Document
from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.tokens import known_reading

_NOT_A_CLUB_AFTER = frozenset({"جماهير", "جمهور", "مباراه"})
"""Sport words after which a city is still the city, as matching forms."""
_RESULTS = frozenset({"على", "امام", "ضد", "مع"})
"""Prepositions between a result's verb and the other side («فاز على», «خسر أمام»)."""
_RESULT_NOUNS = frozenset({"فوزه", "فوزها", "بفوزه", "بفوزها", "خسارته", "خسارتها", "تعادله", "تعادلها",
                           "فوز", "الفوز", "خساره", "الخساره", "تعادل", "التعادل"})
"""A result named by a noun («بفوزه على كوبنهاغن»), as matching forms."""
_BRACKETED = re.compile(r"\s*\(\s*$")
_DASH = re.compile(r"[-–—]")


def club_of_city(doc: Document, c: Candidate, gaz: Gazetteer) -> Candidate:
    """``c`` as an organisation where it is a city that the sentence makes a club."""
    if c.type != "place" or c.stop - c.first > 2 or c.form in gaz.countries or c.form in gaz.regions:
        return c
    if c.stop - c.first == 1 and c.form in gaz.ordinary:
        return c
    if _nationality_after(doc, c, gaz) or _game_before(doc, c, gaz) or _fixture(doc, c, gaz):
        return dataclasses.replace(c, type="organization")
    return c


def _nationality_after(doc: Document, c: Candidate, gaz: Gazetteer) -> bool:
    j = c.stop
    return j < doc.stop[c.first] and gaz.club_nationalities.match(doc.forms, j, doc.stop[j]) > 0


def _game_before(doc: Document, c: Candidate, gaz: Gazetteer) -> bool:
    i = c.first
    if i == 0 or doc.stop[i - 1] != doc.stop[i]:
        return False
    reading = known_reading(doc.tokens[i - 1].text, gaz.sport)
    if reading is not None:
        return reading.form not in _NOT_A_CLUB_AFTER
    if doc.forms[i - 1] not in _RESULTS or i < 2 or doc.stop[i - 2] != doc.stop[i]:
        return False
    before = doc.tokens[i - 2].text
    reading = known_reading(before, gaz.sport)
    return (reading is not None and reading.form not in _NOT_A_CLUB_AFTER) or doc.forms[i - 2] in _RESULT_NOUNS


def _fixture(doc: Document, c: Candidate, gaz: Gazetteer) -> bool:
    """«X ( بلد ) - Y ( بلد )»: the city, its country in brackets, a dash on one side."""
    j = c.stop
    if j + 1 >= len(doc.tokens) or not (doc.forms[j] in gaz.countries or _place(doc, j, gaz)):
        return False
    text, tokens = doc.text, doc.tokens
    if not _BRACKETED.fullmatch(text[tokens[j - 1].end:tokens[j].start]):
        return False
    after = text[tokens[j].end:tokens[j + 1].start]
    if not after.lstrip().startswith(")"):
        return False
    before = text[tokens[c.first - 1].end:tokens[c.first].start] if c.first else ""
    return bool(_DASH.search(after) or _DASH.search(before))


def _place(doc: Document, j: int, gaz: Gazetteer) -> bool:
    found = gaz.lookup(doc.tokens, doc.forms, j, j + 1)
    return found is not None and found.entry.type == "place"
