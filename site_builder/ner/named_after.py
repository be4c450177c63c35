"""Institutions, places and competitions named after a person.

Saudi news names half its universities, centres, parks and cups after kings and
princes: «جامعة الإمام محمد بن سعود الإسلامية», «مركز الملك فهد الثقافي», «منتزه
الأمير محمد بن سعود», «دوري عبداللطيف جميل». The tagger reads the person inside and
stops there («[فهد الثقافي]» as a person, «دوري [عبداللطيف جميل]» as the league's
patron), so the person's page fills with the building's events. When a person's name
follows a head word (a kind of body, place or competition) and, for bodies and places,
a title (الملك، الأمير، الإمام، الشيخ …), the whole phrase is the institution's name,
with the adjectives that end it («الثقافي», «الإسلامية»), and takes the head's type. A
competition, a stadium or an airport needs no title: «دوري عبداللطيف جميل», «استاد جاسم
بن حمد».
The place heads of ``place_heads.txt`` count, and the heads written here.
"""

from __future__ import annotations

import dataclasses

from site_builder.ner.candidates import Candidate
from site_builder.ner.document import Document
from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.tokens import NAME_PREFIXES, readings

TITLES = frozenset("الملك الامير الاميره الامام الشيخ السلطان".split())
"""Titles between a head and the person an institution is named after, as matching forms."""
BODIES = frozenset("جامعه مركز مؤسسه موسسه معهد اكاديميه جمعيه صندوق مستشفي مدرسه كليه مكتبه مسجد جامع "
                   "برنامج".split())
"""Heads of institutions named after people, as matching forms (not every head of
``org_heads.txt``: «إدارة الأمير فهد بن خالد» is the prince's board, «مجلس» a council he
sits in)."""
PLACES = frozenset("منتزه متنزه قاعده قصر طريق شارع ميدان حي ميناء جسر".split())
"""Heads of places, besides ``place_heads.txt``."""
VENUES = frozenset("ملعب استاد ستاد مطار".split())
"""Heads of places that need no title before the person: «استاد جاسم بن حمد», «مطار رفيق
الحريري» are always the stadium and the airport."""
COMPETITIONS = frozenset("دوري كاس جائزه بطوله مسابقه".split())
"""Heads of competitions and prizes: what follows is the competition's name, title or not."""


def named_after(doc: Document, c: Candidate, gaz: Gazetteer) -> Candidate | None:
    """The institution whose name holds person ``c`` («مركز الملك [فهد] الثقافي»), or a name
    the tagger began with the title («مستشفى [الملك فيصل]»), or None."""
    if c.first == 0 or c.cut:
        return None
    at = c.first - 1
    titled = doc.forms[at] in TITLES
    if doc.forms[c.first] in TITLES and c.stop - c.first > 1:
        titled, at = True, c.first  # the tagger's «[الملك فيصل]» after «مستشفى»
    elif c.type != "person":
        return None
    if titled:
        if at == 0:
            return None
        at -= 1
    if doc.stop[at] < c.stop:
        return None  # punctuation between the head and the name
    kind = _head(doc, at, gaz)
    if kind is None or not (titled or kind == "misc" or _untitled(doc.tokens[at].text)):
        return None
    stop = c.stop
    while stop < doc.stop[at] and _adjective(doc.forms[stop]):
        stop += 1  # «الثقافي», «الإسلامية»
    reading = next((r for r in readings(doc.tokens[at].text) if r.cut and _kind(r.form, gaz)), None)
    cut = reading.cut if reading is not None else 0
    head = reading.form if reading is not None else doc.forms[at]
    return dataclasses.replace(c, first=at, stop=stop, cut=cut, type=kind, source=c.source,
                               form=" ".join([head, *doc.forms[at + 1:stop]]))


def _head(doc: Document, i: int, gaz: Gazetteer) -> str | None:
    for r in readings(doc.tokens[i].text):
        if r.prefix in NAME_PREFIXES:
            kind = _kind(r.form, gaz)
            if kind is not None:
                return kind
    return None


def _kind(form: str, gaz: Gazetteer) -> str | None:
    if form in COMPETITIONS:
        return "misc"
    if form in BODIES:
        return "organization"
    if (form,) in gaz.place_heads.items or form in PLACES or form in VENUES:
        return "place"
    return None


def _untitled(word: str) -> bool:
    return any(r.form in VENUES for r in readings(word) if r.prefix in NAME_PREFIXES)


def _adjective(form: str) -> bool:
    """A nisba adjective with the article, as a matching form («الثقافي», «الاسلاميه»)."""
    return form.startswith("ال") and len(form) > 4 and form.endswith(("ي", "يه"))
