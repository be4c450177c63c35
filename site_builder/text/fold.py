"""Arabic spelling folds: every key the site builds from a word, in one table.

News text writes one word several ways: with or without diacritics and
tatweel, hamza on the alef or not, final ى or ي, final ة or ه, ؤ or ئ for
the same hamza. Each layer that compares words forgets some of these
differences, and not the same ones: name matching keeps ؤ and ئ apart, alias
grouping writes both as ء, the tagger also folds digits and case, search must
agree letter for letter with the browser's ``static/search/normalize.js``,
slugs and the importer's duplicate check only drop marks. ``PROFILES`` lists,
for each of these keys, the steps it applies, so a difference between two
keys is a difference between two rows of one table;
``tests/test_text_profiles.py`` shows the keys of sample words side by side.

A profile's steps are composed once into a single ``str.translate`` table
(step after step, so a character an earlier step drops never reaches a later
one). A profile that only drops characters is applied with one regular
expression instead, which skips the untouched runs of a long text several
times faster than ``translate`` looks up each character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from pyarabic import araby


def _span(first: int, last: int) -> str:
    return "".join(map(chr, range(first, last + 1)))


HARAKAT = "".join(sorted(araby.TASHKEEL))
"""The eight vowel signs, shadda and sukun among them (U+064B–U+0652)."""
DAGGER_ALEF = "\u0670"
COMBINING_MARKS = _span(0x0610, 0x061A) + _span(0x064B, 0x065F) + DAGGER_ALEF
"""Every combining mark of the Arabic block outside the Quranic signs."""
QURANIC_MARKS = _span(0x06D6, 0x06ED)
TATWEEL = "\u0640"
MARKS = COMBINING_MARKS + QURANIC_MARKS + TATWEEL
"""What a word may carry beyond its letters: tokens keep these inside a word."""
FORMAT_CONTROLS = "\u200c\u200d\u200e\u200f"  # ZWNJ, ZWJ, LRM, RLM
ALEF_FORMS = "أإآٱ"
HAMZA_SEATS = "ؤئ\u0654\u0655"  # hamza on و, on ي, and the combining hamza above and below
DIGITS = "0123456789" + _span(0x0660, 0x0669) + _span(0x06F0, 0x06F9)


@dataclass(frozen=True)
class Step:
    """One spelling difference a key forgets: each of ``chars`` becomes ``to``."""

    chars: str
    to: str = ""

    @property
    def table(self) -> dict[int, str | None]:
        return {ord(c): self.to or None for c in self.chars}


DROP_HARAKAT = Step(HARAKAT)
DROP_COMBINING_MARKS = Step(COMBINING_MARKS)
DROP_QURANIC_MARKS = Step(QURANIC_MARKS)
DROP_TATWEEL = Step(TATWEEL)
DROP_DAGGER_ALEF = Step(DAGGER_ALEF)
DROP_FORMAT_CONTROLS = Step(FORMAT_CONTROLS)
ONE_ALEF = Step(ALEF_FORMS, "ا")
DAGGER_AS_ALEF = Step(DAGGER_ALEF, "ا")  # the long ā it writes: "الرحمٰن" → "الرحمان"
MAKSURA_AS_YEH = Step("ى", "ي")
MARBUTA_AS_HEH = Step("ة", "ه")
SEATS_AS_HAMZA = Step(HAMZA_SEATS, "ء")
SEAT_OF_WAW = Step("ؤ", "و")  # the letter that carries the hamza, as Pagefind's NFD folding leaves it
SEAT_OF_YEH = Step("ئ", "ي")
HYPHEN_AS_SPACE = Step("-", " ")
DIGITS_AS_ZERO = Step(DIGITS, "0")


@dataclass(frozen=True)
class Profile:
    """A key: NFC composition first if ``compose``, then ``steps`` in order, then ``case``."""

    steps: tuple[Step, ...]
    compose: bool = False
    case: Callable[[str], str] | None = None


_MATCH = (DROP_TATWEEL, DROP_HARAKAT, DROP_FORMAT_CONTROLS, MAKSURA_AS_YEH, MARBUTA_AS_HEH,
          ONE_ALEF, DAGGER_AS_ALEF)
_SEARCH_MARKS = (DROP_COMBINING_MARKS, DROP_QURANIC_MARKS, DROP_TATWEEL)

PROFILES: dict[str, Profile] = {
    # Names as the recogniser and the gazetteer match them; ؤ and ئ stay apart.
    "match": Profile(_MATCH),
    # Alias grouping: the match key with every hamza seat alike, hyphens as spaces.
    "alias": Profile(_MATCH + (SEATS_AS_HAMZA, HYPHEN_AS_SPACE)),
    # The tagger's features and word clusters: every digit 0, so numbers share
    # features, and Latin lower-cased. The shipped model was trained on these keys.
    "tagger": Profile((DROP_HARAKAT, DROP_TATWEEL, DROP_DAGGER_ALEF, DROP_FORMAT_CONTROLS,
                       ONE_ALEF, MAKSURA_AS_YEH, MARBUTA_AS_HEH, DIGITS_AS_ZERO), case=str.lower),
    # Search keys; normalize.js's foldLetters applies the same steps. A hamza
    # seat keeps its letter (مؤتمر → موتمر), as Pagefind indexes it, so the
    # spelling without hamza finds it too.
    "search": Profile(_SEARCH_MARKS + (ONE_ALEF, SEAT_OF_WAW, SEAT_OF_YEH, MARBUTA_AS_HEH, MAKSURA_AS_YEH),
                      compose=True),
    # The word with its letters as written (ة, ى and hamza seats kept).
    "plain": Profile((DROP_TATWEEL, DROP_HARAKAT)),
    # Slugs: marks go, Latin is lower-cased.
    "slug": Profile(_SEARCH_MARKS, compose=True, case=str.lower),
    # Importer duplicates: the same text up to marks and case (Quranic signs kept).
    "dedupe": Profile((DROP_COMBINING_MARKS, DROP_TATWEEL), case=str.casefold),
}


def _composed(steps: tuple[Step, ...]) -> dict[int, str | None]:
    """One table doing what ``steps`` do one after the other."""
    out: dict[int, str | None] = {}
    for code in sorted({ord(c) for step in steps for c in step.chars}):
        text = chr(code)
        for step in steps:
            text = text.translate(step.table)
        out[code] = text or None
    return out


def _compile(profile: Profile) -> Callable[[str], str]:
    table = _composed(profile.steps)
    if all(v is None for v in table.values()):
        drop = re.compile("[" + "".join(map(re.escape, map(chr, table))) + "]")

        def apply(text: str) -> str:
            return drop.sub("", text)
    else:
        def apply(text: str) -> str:
            return text.translate(table)
    compose, case = profile.compose, profile.case

    def folded(text: str) -> str:
        text = apply(unicodedata.normalize("NFC", text) if compose else text)
        return case(text) if case else text
    return folded


_FOLDS = {name: _compile(profile) for name, profile in PROFILES.items()}


def fold(text: str, profile: str) -> str:
    """``text`` under the key ``profile`` (a name in ``PROFILES``)."""
    return _FOLDS[profile](text)


def spelling_key(name: str) -> str:
    """Two ways of writing one name (a source's) meet here: marks, tatweel, case and spacing aside."""
    return " ".join(_FOLDS["dedupe"](name).split())


@lru_cache(maxsize=200_000)
def tagger_key(word: str) -> str:
    """``fold(word, "tagger")`` for one word type, cached: every token goes through it."""
    return _FOLDS["tagger"](word)
