"""Slugs: the part of a page's address made from a file, source or entity name."""

from __future__ import annotations

import re

from site_builder.text.fold import fold

_UNSAFE = re.compile(r"[^\w\-]+", re.UNICODE)
_DASHES = re.compile(r"-{2,}")


def slugify(text: str, fallback: str = "x") -> str:
    """A stable, URL-safe slug that keeps Arabic letters (no transliteration).

    Diacritics and tatweel are dropped, anything but letters, digits, ``-`` and
    ``_`` becomes ``-``, Latin is lowercased. Never returns an empty string.
    """
    text = fold(text, "slug")
    text = _UNSAFE.sub("-", text.replace("_", "-"))
    text = _DASHES.sub("-", text).strip("-")
    return text[:80].strip("-") or fallback
