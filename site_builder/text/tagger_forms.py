"""Spelling normalisation and clitic splitting for the statistical tagger.

News text spells the same name several ways (hamza on or off the alef, final
ى or ي, final ة or ه, diacritics, tatweel), so every lexical feature and every
word-cluster lookup goes through one normalised form; otherwise a name seen in
training under one spelling would be a stranger under another.
"""

from __future__ import annotations

from functools import lru_cache

from pyarabic import araby

_DELETE = "".join(araby.TASHKEEL) + araby.TATWEEL + araby.MINI_ALEF + "\u200c\u200d\u200e\u200f"
_MAP = {
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,
    araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF,
    araby.ALEF_WASLA: araby.ALEF,
    araby.ALEF_MAKSURA: araby.YEH,
    araby.TEH_MARBUTA: araby.HEH,
}
_DIGITS = "0123456789" + "".join(araby.NUMBERS_EAST) + "۰۱۲۳۴۵۶۷۸۹"
_TABLE = str.maketrans({**{c: None for c in _DELETE}, **_MAP, **{d: "0" for d in _DIGITS}})

# Proclitics, longest first so that "وال" wins over "و". Stripping is greedy
# but always leaves a stem of at least two letters, because short words such
# as "بل" or "لن" are words, not clitic plus stem.
_PROCLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل",
               "لل", "ال", "و", "ف", "ب", "ل", "ك")
_MIN_STEM = 2


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """Fold spelling variants; digits become 0 so numbers share features."""
    return word.translate(_TABLE).lower()


@lru_cache(maxsize=200_000)
def split_proclitics(norm: str) -> tuple[str, str]:
    """Return (clitics, stem) for an already normalised word."""
    for clitic in _PROCLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= _MIN_STEM:
            return clitic, norm[len(clitic):]
    return "", norm
