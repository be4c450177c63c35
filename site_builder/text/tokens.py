"""Arabic text for matching names: normalised keys, tokens and proclitics.

Normalisation here builds *matching keys* only; displayed text is never
rewritten. Every token keeps exact offsets into the original text, so a
mention can cover "بوتين" inside "وبوتين" while the key forgets the "و".

Proclitics are never stripped blindly: ``readings`` lists the ways a word
*could* split, and the caller keeps a split only when the remainder is a
known name (or a rule's context asks for it). That keeps "لبنان" and
"فلاديمير" whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from pyarabic import araby

# Letters folded for matching beyond pyarabic's alef normalisation.
_FOLD = str.maketrans({
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    "\u200c": None, "\u200d": None, "\u200e": None, "\u200f": None,
})
_FOLD_SEATS = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a"})  # ؤ→و ئ→ي

# A word: letters/digits with their diacritics and tatweel; a hyphen may join
# parts ("كوفيد-19").
_MARK_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD = re.compile(rf"[\w{_MARK_CLASS}]+(?:-[\w{_MARK_CLASS}]+)*")
WORD = _WORD
"""A word as ``tokenize`` finds it: letters, digits and marks, hyphenated parts kept together."""
_MARK = re.compile(f"[{_MARK_CLASS}]")
MARKS = _MARK
"""Diacritics, Quranic marks and tatweel: what slugs and search keys drop."""

ARTICLE = "ال"
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ك", "ل")
NAME_PREFIXES = tuple(conj + prep for conj in _CONJ for prep in _PREP)
"""Proclitics a name may carry in front of it ("", "و", "بـ", "وبـ" …), the article aside."""


class Token(NamedTuple):
    """A word of the original text with its matching form (a tuple: articles hold thousands)."""

    start: int
    end: int
    text: str
    norm: str


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word: ``cut`` original characters of proclitics
    stay outside the name, ``form`` is the normalised rest.

    ``form`` may start with a restored "ال" when the word carried "لل"
    (ل + ال): "للأمم" reads as "الامم" with the span starting after "لل".
    """

    cut: int
    form: str
    prefix: str


def normalize(text: str, fold_seats: bool = False) -> str:
    """Matching form: no diacritics or tatweel, one alef, ى→ي, ة→ه.

    ``fold_seats`` also writes ؤ/ئ as و/ي, for the looser variant keys.
    """
    text = araby.strip_tashkeel(araby.strip_tatweel(text)).translate(_FOLD)
    text = araby.normalize_alef(text)  # after ى→ي: pyarabic would make it ا
    if fold_seats:
        text = text.translate(_FOLD_SEATS)
    return text


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """``normalize`` for one word type, cached: names repeat a lot."""
    return normalize(word)


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets into ``text`` (punctuation is skipped)."""
    norm = normalize_word
    return [Token(m.start(), m.end(), word, norm(word))
            for m in _WORD.finditer(text) for word in (m.group(),)]


def _proclitic_prefixes() -> tuple[tuple[str, str], ...]:
    """(written prefix, restored article) pairs, longest first.

    و/ف may precede ب/ك/ل, which may precede ال; ل + ال is written لل.
    """
    out: set[tuple[str, str]] = set()
    for conj in _CONJ:
        for prep in _PREP:
            out.add((conj + prep, ""))
            if prep == "ل":
                out.add((conj + "لل", ARTICLE))
            else:
                out.add((conj + prep + ARTICLE, ""))
    out.discard(("", ""))
    return tuple(sorted(out, key=lambda p: (-len(p[0]), p)))


PROCLITICS = _proclitic_prefixes()
_MIN_REST = 2


def _original_cut(word: str, n_letters: int) -> int:
    """Original-text length of the first ``n_letters`` letters of ``word``
    (diacritics and tatweel after a letter belong to it)."""
    seen = 0
    for i, ch in enumerate(word):
        if _MARK.match(ch):
            continue
        if seen == n_letters:
            return i
        seen += 1
    return len(word)


@lru_cache(maxsize=200_000)
def readings(word: str) -> tuple[Reading, ...]:
    """Every reading of ``word``: whole first, then each proclitic split.

    The article stays with the word ("بالبيت" reads "البيت", never "بيت"),
    except in "لل", where it is restored ("للبيت" reads "البيت").
    """
    norm = normalize_word(word)
    out = [Reading(0, norm, "")]
    for prefix, restored in PROCLITICS:
        if not norm.startswith(prefix) or len(norm) - len(prefix) < _MIN_REST:
            continue
        rest = norm[len(prefix):]
        if prefix.endswith(ARTICLE) and not restored:
            continue  # the article belongs to the word: "البيت" stays "البيت"
        out.append(Reading(_original_cut(word, len(prefix)), restored + rest, prefix))
    return tuple(out)


def split_proclitics(word: str, known: frozenset[str] | set[str]) -> Reading | None:
    """The first reading of ``word`` whose form is in ``known``, if any."""
    for reading in readings(word):
        if reading.form in known:
            return reading
    return None


def name_key(text: str) -> str:
    """Matching key of a multi-word name as written (spaces collapsed)."""
    return " ".join(normalize_word(w) for w in _WORD.findall(text))
