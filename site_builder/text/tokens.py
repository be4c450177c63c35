"""Arabic words for matching names: tokens, their keys and their proclitics.

The keys (``fold.py``'s "match" profile) are for matching only; displayed
text is never rewritten. Every token keeps exact offsets into the original
text, so a mention can cover "بوتين" inside "وبوتين" while the key forgets
the "و".

Proclitics are never stripped blindly: ``readings`` lists the ways a word
*could* split, and the caller keeps a split only when the remainder is a
known name (or a rule's context asks for it). That keeps "لبنان" and
"فلاديمير" whole. Only the tagger's features, which have no names to check
against, strip greedily (``strip_proclitics``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from site_builder.text.fold import MARKS, fold

# A word: letters/digits with their diacritics and tatweel; a hyphen may join
# parts ("كوفيد-19").
WORD = re.compile(rf"[\w{MARKS}]+(?:-[\w{MARKS}]+)*")
"""A word as ``tokenize`` finds it: letters, digits and marks, hyphenated parts kept together."""
_MARK = re.compile(f"[{MARKS}]")

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
    stay outside the name, ``form`` is the matching key of the rest.

    ``form`` may start with a restored "ال" when the word carried "لل"
    (ل + ال): "للأمم" reads as "الامم" with the span starting after "لل".
    """

    cut: int
    form: str
    prefix: str


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """The matching key of one word type (``fold(word, "match")``), cached: names repeat a lot."""
    return fold(word, "match")


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets into ``text`` (punctuation is skipped)."""
    found = list(WORD.finditer(text))
    words = [m.group() for m in found]
    return list(map(_new_tuple, repeat(Token, len(found)),
                    zip([m.start() for m in found], [m.end() for m in found], words, map(normalize_word, words))))


_new_tuple = tuple.__new__
"""``Token``'s fields made at C speed: a named tuple's own constructor is Python code, and
an archive has millions of tokens."""


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


@lru_cache(maxsize=200_000)
def name_readings(word: str) -> tuple[Reading, ...]:
    """``readings``, and for a word that begins with ل + the article, the reading of a word
    that itself begins with ل: the article's alif and one ل are dropped in writing, so
    "للجنة" is ل + "اللجنة" as well as ل + "الجنة". Only for looking names up in the
    lists, where the longer form has to be listed to count ("للجنة الأولمبية الدولية"):
    read freely, "للجزيرة" would become ل + an unknown "اللجزيرة"."""
    base = readings(word)
    extra = tuple(Reading(_original_cut(word, len(r.prefix) - 1), ARTICLE + "ل" + r.form[len(ARTICLE):], r.prefix[:-1])
                  for r in base if r.prefix.endswith("لل"))
    return base + extra


def known_reading(word: str, known: frozenset[str] | set[str]) -> Reading | None:
    """The first reading of ``word`` whose form is in ``known``, if any."""
    for reading in readings(word):
        if reading.form in known:
            return reading
    return None


# ``strip_proclitics`` guesses once, greedily, with no list of names to check
# the rest against, so it strips fewer prefixes than ``readings`` tries: one
# particle, or particles before the article, which makes the split safe; never
# two bare particles ("وب" would cut "وبريطانيا" to "ريطانيا"). "فكال" is left
# out too: the shipped model was trained on stems cut without it.
GREEDY_PROCLITICS = tuple(p for p, _ in PROCLITICS
                          if (len(p) == 1 or p.endswith((ARTICLE, "لل"))) and p != "فكال")


@lru_cache(maxsize=200_000)
def strip_proclitics(key: str) -> tuple[str, str]:
    """(proclitics, stem) of a tagger key, longest proclitic first ("وال" before "و")."""
    for clitic in GREEDY_PROCLITICS:
        if key.startswith(clitic) and len(key) - len(clitic) >= _MIN_REST:
            return clitic, key[len(clitic):]
    return "", key


def name_key(text: str) -> str:
    """Matching key of a multi-word name as written (spaces collapsed)."""
    return " ".join(normalize_word(w) for w in WORD.findall(text))
