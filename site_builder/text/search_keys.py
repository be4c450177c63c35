"""Arabic search forms: one key for every spelling of a word.

Pagefind stems each word with the Snowball Arabic light stemmer after
dropping combining marks. That stemmer leaves three kinds of spellings apart:
letters that vary in writing (ة/ه, ى/ي, ؤ/ئ), و/ف before ال (which it does not
strip), and a word-initial و/ف, which it strips from the bare word (وزير →
زير) but keeps after ال (الوزير → وزير). So «وزير» and «الوزير» never meet.

We give every word a *search key*: the letters folded and the attached
article with its particles (و ف ب ك ل before ال) removed, so that وزير,
الوزير, والوزير and للوزير all become «وزير». The search page turns each query
word into its key (``normalizeQuery`` in ``static/search/normalize.js``, which
must agree with ``search_key``), and each article page lists, in a search-only
metadata field, the keys of its words. Pagefind then stems the key on both
sides in the same way, whatever the stemmer does with it.

A key is listed only when Pagefind would not already index its stem for that
page (we run the same stemmer here), which keeps the index small: most keys
stem like the word itself (الكتاب and كتاب both stem to كتاب).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from site_builder.text.fold import fold
from site_builder.text.tokens import ARTICLE, PROCLITICS

try:  # the stemmer Pagefind runs; without it every changed key is listed
    import snowballstemmer
    _STEMMER = snowballstemmer.stemmer("arabic")
except ImportError:  # pragma: no cover - the dependency is declared
    _STEMMER = None

# The proclitics that carry the article: و/ف, then ب/ك, then ال; or و/ف then
# لل (ل + ال); normalize.js writes them as ^[وف]?(?:[بك]?ال|لل). None of them
# starts another, so at most one fits. The rest is the word.
_ARTICLE = re.compile("^(?:" + "|".join(p for p, restored in PROCLITICS
                                        if restored or p.endswith(ARTICLE)) + ")(?=(.+)$)")
# Below three letters the rest is too short to stand alone (الله → له, الآن →
# ان, والد → د), and these words only look as if they carried the article.
_MIN_REST = 3
_KEEP = frozenset(["اللهم", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي", "اللاءي"])
_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u0670-\u06d3\u0640\u064b-\u065f]+")


def search_key(word: str) -> str:
    """The form under which any spelling of ``word`` is searched."""
    word = fold(word, "search")
    match = _ARTICLE.match(word)
    if not match or len(match.group(1)) < _MIN_REST or word in _KEEP:
        return word
    return match.group(1)


@lru_cache(maxsize=1 << 18)
def pagefind_stem(word: str) -> str:
    """The stem Pagefind indexes for ``word``: marks dropped (NFD), lower case, Snowball."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return _STEMMER.stemWord(plain) if _STEMMER else plain


@lru_cache(maxsize=1 << 18)
def _key_and_stem(word: str) -> tuple[str, str]:
    key = search_key(word)
    return key, pagefind_stem(key)


def variant_terms(text: str) -> str:
    """Keys of the words in ``text`` whose stem Pagefind would not index already.

    Listed once each, in the order they first occur, so a page's field is the
    same from one build to the next.
    """
    words = _WORD.findall(text)
    stems = {pagefind_stem(word) for word in words}
    extra: dict[str, None] = {}
    for word in words:
        key, stem = _key_and_stem(word)
        if stem not in stems:
            stems.add(stem)
            extra[key] = None
    return " ".join(extra)
