"""The first letter of a name, as an index of the Arabic alphabet files it.

An index by letter lets a reader find a name among tens of thousands without
loading them all. A name is filed under its first letter with the spelling
differences a reader does not see as another letter forgotten: every alef
with hamza (and a bare hamza) under ا, the Persian letters under the Arabic
ones they are read as. Names that begin with anything else (Latin, digits)
share one place after the alphabet.
"""

from __future__ import annotations

from site_builder.text.fold import fold

ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
"""The letters in their dictionary (hijāʾī) order."""
OTHER = ""
"""The letter of a name that does not begin with an Arabic letter."""

_READ_AS = str.maketrans({"ء": "ا", "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "گ": "ك", "ک": "ك", "ی": "ي"})


def first_letter(name: str) -> str:
    """The letter of ``ALPHABET`` that ``name`` is filed under, or ``OTHER``."""
    folded = fold(name.strip(), "search").translate(_READ_AS)
    return folded[0] if folded and folded[0] in ALPHABET else OTHER


def name_order(name: str) -> str:
    """Sort key of names under one letter: alphabetical, whatever the spelling of hamza, ة and ى."""
    return fold(name, "search").translate(_READ_AS)
