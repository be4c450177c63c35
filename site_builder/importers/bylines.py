"""Bylines of Arabic newspapers: the dateline (where the story was filed) and who wrote it.

A scraped byline mixes both, in each paper's own layout: "الرياض: بدر الخريف",
"لندن: «الشرق الأوسط»", "عبدالله البرقاوي- سبق- الرياض:", "عكاظ (جدة)",
"«الاقتصادية» من الرياض", "اليوم - الدمام", "الرياض - واس". The layouts
below cover them without a table per paper:

- ``PLACE: WHO`` — the text before a single colon is the dateline;
- ``WHO (PLACE)`` — a closing parenthesis holds it;
- ``WHO من PLACE`` — after "من", in one or two words;
- parts joined by dashes — the part that names a place: a place of the
  shipped gazetteers (Unicode CLDR, GeoNames, the curated list), or else the
  only one-word part that is not an agency or desk word ("واس", "متابعات").

The paper's own name ("«الشرق الأوسط»", "سبق", "اليوم") is not an author: the
page already names the source, so it is dropped from the author, which is
empty when nothing else is left. News agencies stay: they say where the text
comes from. A byline that fits no layout, or where two parts could be the
place, keeps its text as the author and gets no dateline: a wrong dateline
would be worse than none.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from site_builder.ner import gazetteer
from site_builder.text.tokens import name_key

HOUSE_NAMES: dict[str, tuple[str, ...]] = {
    "3alyoum": ("عين اليوم",),
    "aawsat": ("الشرق الأوسط",),
    "aleqtisadiya": ("الاقتصادية",),
    "aljazirah": ("الجزيرة",),
    "almadina": ("المدينة",),
    "alriyadh": ("الرياض",),
    "alwatan": ("الوطن",),
    "alweeam": ("الوئام",),
    "alyaum": ("اليوم",),
    "arreyadi": ("الرياضي",),
    "arriyadiyah": ("الرياضية",),
    "okaz": ("عكاظ",),
    "sabq": ("سبق",),
    "was": ("واس",),
}
"""How each SaudiNewsNet paper names itself in its bylines."""
CITY_NAMED = frozenset({"alriyadh"})
"""Papers named after a city: their bare name is the city, unless another part is the place
("الرياض - واس" is Riyadh, "دبي - الرياض" the paper in Dubai)."""
_HOUSE_AFFIXES = ("", " أونلاين", " الإلكتروني", " الإلكترونية", " الالكتروني", " الالكترونية")

NOT_PLACES = frozenset(name_key(w).lower() for w in (
    # agencies and channels
    "واس", "رويترز", "وكالات", "الوكالات", "الفرنسية", "أ ف ب", "د ب أ", "يو بي اي", "يو بي آي",
    "أ ش أ", "كونا", "بنا", "وام", "قنا", "الأناضول", "سبوتنيك", "سانا", "سكاي", "rt", "sky", "cnn", "bbc",
    # desks and kinds of piece
    "متابعة", "متابعات", "المحليات", "الاقتصاد", "الرياضة", "الثقافية", "المناطق", "كتب", "كتبت",
    "كتابة", "بقلم", "بواسطة", "إعداد", "تقرير", "حوار", "حاوره", "خاص", "تحليل", "قراءة", "إضاءة",
    "رصد", "تحقيق", "تغطية", "عرض", "استطلاع", "إشراف", "تصوير", "هاتفيا", "ترجمة", "الترجمة",
    "شعر", "نص", "فن", "رواية", "لقاء", "حاورها", "اختيار", "المنوعات", "المكاتب", "فريق العمل",
    "زائر", "المحرر", "المؤلف", "الخبراء", "مراسل", "مراسلنا",
    # days and months, which open some bylines
    "السبت", "الأحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "اغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
))
"""Words that fill the place's position in a byline but are not places."""

_DASH = re.compile(r"\s*[-–—_]+\s*|\s+ـ+\s*|\s*ـ+\s+")
_QUOTES = "«»\"“”'"
_TIMESTAMP = re.compile(r"\s*(?:\||^)\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,[^\u0600-\u06ff]*)?$")
"""A "| Tuesday, 11 August 2015 - 16:10 pm" tail: the date is in the front matter already."""
_UNWRAP = re.compile(r"^\((.*)\)$")
_PAREN = re.compile(r"^(?P<who>.+?)\s*\((?P<place>[^()]+)\)$")
_FROM = re.compile(r"^(?P<who>.+?)\s+من\s+(?P<place>\S+(?:\s\S+)?)$")
MAX_PLACE_WORDS = 3
MAX_PARTS = 3
"""More dashed parts are several reporters, each with a place: left as they are."""


@dataclass(frozen=True)
class Byline:
    dateline: str
    author: str


def split_byline(byline: str, source: str) -> Byline:
    """The dateline and the author of ``byline`` (of the paper ``source``, an id above)."""
    text = _TIMESTAMP.sub("", " ".join(html.unescape(byline).split())).strip(" :،")
    house = _house_keys(source)
    for layout in (_colon, _paren, _from):
        found = layout(text, house)
        if found is not None:
            return found
    return _dashed(text, house, _bare_name(source))


def _colon(text: str, house: frozenset[str]) -> Byline | None:
    if text.count(":") != 1:
        return None
    place, who = (p.strip() for p in text.split(":"))
    if not who or not _could_be_place(place, house, qualified=True) or _DASH.search(place):
        return None
    return Byline(place, _author([who], house))


def _paren(text: str, house: frozenset[str]) -> Byline | None:
    match = _PAREN.match(text)
    if match is None or not _could_be_place(match["place"].strip(), house):
        return None
    return Byline(match["place"].strip(), _author([match["who"]], house))


def _from(text: str, house: frozenset[str]) -> Byline | None:
    match = _FROM.match(text)
    if match is None or _DASH.search(text) or not _could_be_place(match["place"], house):
        return None
    return Byline(match["place"], _author([match["who"]], house))


def _dashed(text: str, house: frozenset[str], city_paper: str) -> Byline:
    parts = [p.strip() for p in _DASH.split(text) if p.strip(" :" + _QUOTES)]
    if len(parts) > MAX_PARTS:
        return Byline("", text)
    if len(parts) < 2:
        return Byline("", _author(parts, house))
    known = [p for p in parts if _known_place(p, house)]
    if len(known) == 2 and city_paper in {_key(p) for p in known}:
        house = house | {city_paper}
        known = [p for p in known if _key(p) != city_paper]
    lone = [p for p in parts if len(p.split()) == 1 and _could_be_place(p, house)]
    places = known if known else lone
    if len(places) != 1:
        return Byline("", _author(parts, house))
    return Byline(places[0], _author([p for p in parts if p is not places[0]], house))


def _author(parts: list[str], house: frozenset[str]) -> str:
    """The parts that are not the paper itself, joined as the paper joined them."""
    cleaned = (_UNWRAP.sub(r"\1", q.strip(" :،*")) for q in parts)
    return " - ".join(p for p in cleaned if p and _key(p) not in house)


def _could_be_place(text: str, house: frozenset[str], qualified: bool = False) -> bool:
    """Short, not the paper, no desk word, digit, quote or slash; ``qualified`` allows
    a country in parentheses ("طبرق (شرق ليبيا)"), as before a colon."""
    key = _key(text)
    words = key.split()
    marks = ":/" if qualified else ":/()"
    return (0 < len(words) <= MAX_PLACE_WORDS and key not in house and key.lower() not in NOT_PLACES
            and not any(word.lower() in NOT_PLACES for word in words)
            and not any(ch.isdigit() or ch in _QUOTES or ch in marks for ch in text.strip(_QUOTES)))


def _known_place(text: str, house: frozenset[str]) -> bool:
    return _could_be_place(text, house) and _key(text) in gazetteer.place_keys()


def _key(text: str) -> str:
    return name_key(text.strip(" :،" + _QUOTES))


@lru_cache(maxsize=None)
def _house_keys(source: str) -> frozenset[str]:
    names = HOUSE_NAMES.get(source, ())
    keys = {name_key(prefix + name + suffix) for name in names for suffix in _HOUSE_AFFIXES
            for prefix in ("", "صحيفة ", "جريدة ")}
    return frozenset(keys - {_bare_name(source)})


def _bare_name(source: str) -> str:
    """The paper's bare name when it is also a city's ("" for the others)."""
    return name_key(HOUSE_NAMES[source][0]) if source in CITY_NAMED else ""


_BODY_BYLINE_WORDS = 6
_BYLINE_MARK = re.compile(r"[:()\-–ـ]")
"""A byline repeated before the text ends with one of these; a bare name could open a sentence."""
_SENTENCE_MARKS = re.compile(r"[.،؛!؟?:«»\"“”()\d]")
_AGENCY_DATELINE = re.compile(
    r"^(?P<place>[^\d]{2,40}?)\s*\d{1,3}\s+\S+\s+\d{4}\s*هـ?\s+ل?الموافق\s.*م\s*\.?\s*واس$")


def take_byline(author: str, paragraphs: list[str], source: str) -> tuple[Byline, list[str], bool]:
    """The article's byline, split, and its paragraphs without a byline the scraper left in them.

    The body may repeat the byline as its opening words (سبق), or hold it when
    the byline field is empty: a first paragraph of a few words such as
    "عين اليوم – الرياض" or "عمر إبراهيم – عين اليوم" (one side the paper, an
    agency or a known place), or an agency dateline "الرياض 26 شوال 1436 هـ
    الموافق 11 أغسطس 2015 م واس". The third value says whether the body lost one.
    """
    author = " ".join(author.split())
    if not paragraphs:
        return split_byline(author, source), paragraphs, False
    first = paragraphs[0]
    if author and first.startswith(author) and (first == author or _BYLINE_MARK.search(author)):
        rest = first[len(author):].strip()
        return split_byline(author, source), ([rest] if rest else []) + paragraphs[1:], True
    if not author:
        dateline = _AGENCY_DATELINE.match(first)
        if dateline and name_key(dateline["place"]) not in NOT_PLACES:
            return Byline(dateline["place"].strip(), ""), paragraphs[1:], True
        if _looks_like_byline(first, source):
            return split_byline(first, source), paragraphs[1:], True
    return split_byline(author, source), paragraphs, False


def _looks_like_byline(paragraph: str, source: str) -> bool:
    """Two short sides joined by a dash: one the paper, an agency or a desk, or else a place
    beside a person's name (its first word a known given name)."""
    if len(paragraph.split()) > _BODY_BYLINE_WORDS or _SENTENCE_MARKS.search(paragraph):
        return False
    parts = [p.strip() for p in _DASH.split(paragraph) if p.strip()]
    if len(parts) != 2:
        return False
    house = _house_keys(source) | {_bare_name(source)}
    if any(_key(p) in house or _key(p).lower() in NOT_PLACES for p in parts):
        return True
    given = gazetteer.given_name_keys()
    return any((_known_place(place, house) or (len(place.split()) == 1 and _could_be_place(place, house)))
               and _key(person).split()[0] in given for place, person in (parts, parts[::-1]))
