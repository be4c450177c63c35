"""Arabic-aware full-text search with Pagefind.

Pagefind's Arabic stemmer folds diacritics and hamza on alef, and strips most
attached prefixes, but it keeps ة/ه, ى/ي and ؤ/ئ apart and does not strip
و/ف before ال. We close that gap on both sides with one folding rule:
each article page lists, in a Pagefind metadata field, the folded form of
every word that folding changes, and the search page folds the query the same
way (``static/search/normalize.js`` mirrors ``fold_word``).
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from pathlib import Path

from site_builder.errors import SearchIndexError
from site_builder.pagefind_bundle import canonicalise

log = logging.getLogger(__name__)

_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء", "ة": "ه", "ى": "ي"})
_CONJ_AL = re.compile(r"^[وف](?=ال.{3,})")
_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0670-\u06d3\u0640\u064b-\u065f]+")
_NEEDS_FOLD = re.compile(r"[ةىؤئ\u0640\u064b-\u065f\u0670]|^[وف]ال")


def fold_word(word: str) -> str:
    """The search form of one Arabic word (see ``normalizeQuery`` in normalize.js)."""
    word = _MARKS.sub("", word).translate(_FOLD)
    return _CONJ_AL.sub("", word)


def variant_terms(text: str) -> str:
    """Folded forms of the words in ``text`` that folding changes, once each."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if _NEEDS_FOLD.search(word):
            folded = fold_word(word)
            if folded != word:
                seen.setdefault(folded, None)
    return " ".join(seen)


def index_site(site: Path, quiet: bool = True) -> float:
    """Run the Pagefind binary over the built articles; returns seconds taken.

    The bundled binary indexes a folder far faster than the Python API's
    per-record calls. Only article pages carry ``data-pagefind-body``.
    """
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind",
               "--glob", "articles/**/*.html", "--force-language", "ar"]
    if quiet:
        command.append("--silent")
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[bin]'") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise SearchIndexError("Pagefind failed: " + " / ".join(detail))
    canonicalise(site / "pagefind")
    return time.perf_counter() - started
