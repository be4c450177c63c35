"""Writing direction and Open Graph locale of the site's language.

Pages take ``dir`` and ``og:locale`` from the ``language`` option, so a site in
Persian or Hebrew is right-to-left like an Arabic one, and a site in English
is left-to-right, without editing a template.
"""

from __future__ import annotations

import re

_TERRITORIES = {"ar": "AR", "fa": "IR", "ur": "PK", "he": "IL"}
"""The right-to-left languages, with the territory of their usual Open Graph locale."""

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?(?:[-_].*)?")


def _subtags(language: str) -> tuple[str, str]:
    """("ar", "") for "ar", ("ar", "SA") for "ar-SA" or "ar_SA"; ("", "") for anything else."""
    match = _TAG.fullmatch(language.strip())
    return (match.group(1).lower(), (match.group(2) or "").upper()) if match else ("", "")


def direction(language: str) -> str:
    """"rtl" for Arabic, Persian, Urdu and Hebrew, "ltr" for every other language."""
    return "rtl" if _subtags(language)[0] in _TERRITORIES else "ltr"


def og_locale(language: str) -> str:
    """``ar_AR`` for "ar", ``en_GB`` for "en-GB"; "" when the language names no territory we know."""
    primary, territory = _subtags(language)
    territory = territory or _TERRITORIES.get(primary, "")
    return f"{primary}_{territory}" if primary and territory else ""
