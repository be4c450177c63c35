"""Scraped page furniture in SaudiNewsNet bodies: what is cut, and why it is safe to cut.

The scraper kept parts of each paper's page around the article. They were
found by counting, per paper, the paragraphs and the first and last words that
recur verbatim in many articles (``bench/recurring_lines.py``); news text does
not repeat itself across hundreds of articles, page furniture does. Cut:

- ``slideshow links``: "Next Previous", the buttons of a photo gallery
  (عين اليوم, 270 articles), wherever it stands;
- ``share bars``: "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك" opening the text (عكاظ);
- ``tag lists``: the "سمات" tag box glued to the end of the last paragraph
  (عين اليوم only, where it closes most articles; at most 20 words and no comma,
  so a sentence that uses the word سمات is kept);
- ``article links``: "رابط الخبر بصحيفة الوئام: <title>" closing every الوئام article;
- ``read-more links``: a last paragraph "...المزيد" (الشرق الأوسط);
- ``SMS boxes``: a columnist's "للتواصل … SMS …" box and its operator numbers
  closing the text (المدينة, عكاظ), when it is short;
- ``wire markers``: "// انتهى //", "// يتبع //" and the "20:26 ت م" time stamp
  closing an agency dispatch (واس);
- ``empty paragraphs``: paragraphs with no letter, digit or "*" (a lone "." or
  invisible direction marks); "* * *" section breaks are text and stay.

Kept although they recur: syndication credits ("* خدمة «نيويورك تايمز»"), a
columnist's sign-off or e-mail address, and recurring news sentences (weather
reports, royal cables): they are written by the paper for the reader.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

TAG_BOX_SOURCES = frozenset({"3alyoum"})
TAG_BOX_WORDS = 20
SMS_BOX_WORDS = 60

_SLIDESHOW = re.compile(r"\s*\bNext Previous\b\s*")
_SHARE_BAR = re.compile(r"^شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك\s*")
_TAG_BOX = re.compile(r"(?:^|\s)سمات\s")
_ARTICLE_LINK = re.compile(r"\s*رابط الخبر بصحيفة الوئام\s*:.*$")
_READ_MORE = re.compile(r"^(?:\.{2,}|…)\s*المزيد$")
_SMS_BOX = re.compile(r"للتواصل.*\bsms\b", re.IGNORECASE)
_WIRE_MARKER = re.compile(r"^(?://\s*(?:انتهى|إنتهى|يتبع)\s*//)?\s*(?:\d{1,2}:\d{2}\s*ت\s*م(?:\s*\d+)?)?$")
_SOME_TEXT = re.compile(r"[\w*]")


@dataclass
class Cleaned:
    paragraphs: list[str]
    removed: Counter = field(default_factory=Counter)
    """Kind of furniture → how many times it was cut."""


def clean_body(paragraphs: list[str], source: str = "") -> Cleaned:
    """The paragraphs without page furniture (see the module's list); ``source`` is the paper's id."""
    out = Cleaned(list(paragraphs))
    _each(out, "slideshow links", lambda p: _SLIDESHOW.sub(" ", p).strip())
    if out.paragraphs:
        out.paragraphs[0] = _cut(out, "share bars", _SHARE_BAR.sub("", out.paragraphs[0]), out.paragraphs[0])
    tails: list[tuple[str, Callable[[list[str]], list[str] | None]]] = [
        ("article links", _article_link), ("read-more links", _read_more), ("SMS boxes", _sms_box),
        ("wire markers", _wire_marker)]
    if source in TAG_BOX_SOURCES:
        tails.append(("tag lists", _tag_box))
    changed = True
    while changed and out.paragraphs:
        changed = False
        for kind, rule in tails:
            shorter = rule(out.paragraphs) if out.paragraphs else None
            if shorter is not None:
                out.paragraphs = shorter
                out.removed[kind] += 1
                changed = True
    kept = [p for p in out.paragraphs if _SOME_TEXT.search(p)]
    if len(kept) < len(out.paragraphs):
        out.removed["empty paragraphs"] += len(out.paragraphs) - len(kept)
    out.paragraphs = kept
    return out


def _each(out: Cleaned, kind: str, rule: Callable[[str], str]) -> None:
    paragraphs = []
    for paragraph in out.paragraphs:
        cleaned = _cut(out, kind, rule(paragraph), paragraph)
        if cleaned:
            paragraphs.append(cleaned)
    out.paragraphs = paragraphs


def _cut(out: Cleaned, kind: str, cleaned: str, paragraph: str) -> str:
    if cleaned != paragraph:
        out.removed[kind] += 1
    return cleaned


def _last(paragraphs: list[str], text: str) -> list[str]:
    """The paragraphs with the last one replaced by ``text`` (dropped when empty)."""
    return paragraphs[:-1] + ([text] if text else [])


def _tag_box(paragraphs: list[str]) -> list[str] | None:
    """The last "سمات" of the last paragraph starts the tag box when only a few words follow."""
    last = paragraphs[-1]
    starts = [m.start() for m in _TAG_BOX.finditer(last)]
    if not starts:
        return None
    tags = last[starts[-1]:].split()[1:]
    if not tags or len(tags) > TAG_BOX_WORDS or any(c in last[starts[-1]:] for c in "،,"):
        return None
    return _last(paragraphs, last[:starts[-1]].strip())


def _article_link(paragraphs: list[str]) -> list[str] | None:
    cut = _ARTICLE_LINK.sub("", paragraphs[-1])
    return None if cut == paragraphs[-1] else _last(paragraphs, cut.strip())


def _read_more(paragraphs: list[str]) -> list[str] | None:
    return paragraphs[:-1] if _READ_MORE.match(paragraphs[-1]) else None


def _sms_box(paragraphs: list[str]) -> list[str] | None:
    """A box in the last five paragraphs, cut to the end (an address glued before it stays)."""
    for start in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 6), -1):
        match = _SMS_BOX.search(paragraphs[start])
        if match:
            box = [paragraphs[start][match.start():]] + paragraphs[start + 1:]
            if sum(len(p.split()) for p in box) > SMS_BOX_WORDS:
                return None
            before = paragraphs[start][:match.start()].strip()
            return paragraphs[:start] + ([before] if before else [])
    return None


def _wire_marker(paragraphs: list[str]) -> list[str] | None:
    return paragraphs[:-1] if _WIRE_MARKER.match(paragraphs[-1]) and paragraphs[-1] else None
