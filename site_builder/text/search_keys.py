"""Arabic search forms: one key for every spelling of a word.

Pagefind stems each word with the Snowball Arabic light stemmer after
dropping combining marks (so a hamza seat becomes its letter: مؤتمر →
موتمر). That stemmer leaves four kinds of spellings apart: letters that vary
in writing (ة/ه, ى/ي, ؤ/ئ for one hamza), و/ف before ال (which it does not
strip), a word-initial و/ف, which it strips from the bare word (وزير →
زير) but keeps after ال (الوزير → وزير), and a single ل or a short word after
ب (لموسكو, بدبي), which it keeps. So «وزير» and «الوزير» never meet, nor
«موسكو» and «لموسكو».

We give every word a *search key*: the letters folded and the attached
article with its particles (و ف ب ك ل before ال) removed, so that وزير,
الوزير, والوزير and للوزير all become «وزير». The search page turns each query
word into its key (``normalizeQuery`` in ``static/search/normalize.js``, which
must agree with ``search_key``), and each article page lists, in a search-only
metadata field, the keys of its words. Pagefind then stems the key on both
sides in the same way, whatever the stemmer does with it.

Particles without the article (و ف ب ك ل, one or two) are removed only from
names: a word is read as particles + name when the rest is one of the
archive's names and the whole word is neither a name nor an ordinary word
(لموسكو → موسكو, but لبنان stays لبنان, and وزير or فريق are never cut even
if زير or ريق were a name). The names are the words of the entities the
archive links (``NameList``); the search page fetches the same list, a
file per first letter (``search/names/``), when a query word may carry particles.

A word written with ؤ also gets the key of its spelling with ئ and the other
way round (مسؤول / مسئول), since both spellings of one word are in use.

A key is listed only when Pagefind would not already index its stem for that
page (we run the same stemmer here), which keeps the index small: most keys
stem like the word itself (الكتاب and كتاب both stem to كتاب).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Iterable

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
_LETTER = r"[\u0621-\u064a\u0660-\u0669\u0670-\u06d3\u0640\u064b-\u065f]"
_WORD = re.compile(_LETTER + "+")
_PARTICLE_WORD = re.compile(f"(?<!{_LETTER})[وفبكل]{_LETTER}+")


_MISREAD = 5
"""How many times more often the bare name must be mentioned for particles + name to be a misreading."""
_FREQUENT_NAME = 500
"""Mentions from which a name wins over a dictionary word that writes it with particles."""
# One or two particles before a name, the single ones first, so the longer
# name wins when both readings are names («ولبنان»: و + «لبنان», not ول +
# «بنان»); normalize.js lists the same.
_PARTICLES = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
_SEAT_SWAP = str.maketrans({"ؤ": "ئ", "ئ": "ؤ"})


@dataclass(eq=False)
class NameList:
    """The archive's names as search keys, for particles written before a name."""

    names: frozenset[str] = frozenset()
    ordinary: frozenset[str] = frozenset()
    """Ordinary words that read as particles + one of ``names`` (وزير if زير were a
    name): never cut."""
    _keys: dict[str, str | None] = field(default_factory=dict, repr=False)
    """``name_key`` of every word type seen so far: articles repeat their words."""

    @classmethod
    def of(cls, names: Iterable[str | tuple[str, int]], ordinary_words: Iterable[str] = ()) -> "NameList":
        """From entity names and aliases (each alone, or with its mention count) and a
        dictionary of ordinary words.

        Two readings are settled by counts. A name that is particles plus a name
        mentioned far more often is that name misread with its particles
        («وأوباما» beside «أوباما»), and is left out. A dictionary word that is
        particles plus a name mentioned very often is read as the name («بجدة»:
        «in Jeddah» rather than «with seriousness»); other such words stay whole.
        """
        weight: Counter[str] = Counter()
        for item in names:
            name, mentions = (item, 1) if isinstance(item, str) else item
            for word in _WORD.findall(name):
                # a name with a hamza seat is a name in its other spelling too (الشؤون, الشئون)
                for spelling in {word, word.translate(_SEAT_SWAP)}:
                    if len(key := search_key(spelling)) >= _MIN_REST:
                        weight[key] += mentions
        keys = {key for key, n in weight.items()
                if not any(key.startswith(p) and weight.get(key[len(p):], 0) > _MISREAD * n for p in _PARTICLES)}
        ordinary = {fold(word, "search") for word in ordinary_words}
        protected = {p + key for key in keys for p in _PARTICLES
                     if p + key in ordinary and weight[key] < _FREQUENT_NAME}
        return cls(frozenset(keys), frozenset(protected))

    def rest_of(self, folded: str) -> str | None:
        """The name ``folded`` (a search-folded word) writes with particles, if any."""
        if folded in self.names or folded in self.ordinary:
            return None
        for particles in _PARTICLES:
            rest = folded[len(particles):]
            if folded.startswith(particles) and len(rest) >= _MIN_REST and rest in self.names:
                return rest
        return None

    def name_key(self, word: str) -> str | None:
        """The key of the name ``word`` writes with particles (لموسكو → موسكو), if it does."""
        try:
            return self._keys[word]
        except KeyError:
            key = search_key(word, self)
            self._keys[word] = found = key if key != search_key(word) else None
            return found

    def shards(self) -> dict[str, dict[str, list[str]]]:
        """The list split by first letter, so the search page fetches only the few
        letters a query needs: {letter: {"names": [...], "ordinary": [...]}}."""
        out: dict[str, dict[str, list[str]]] = {}
        for field_name in ("names", "ordinary"):
            for word in sorted(getattr(self, field_name)):
                out.setdefault(word[0], {"names": [], "ordinary": []})[field_name].append(word)
        return dict(sorted(out.items()))


def search_key(word: str, names: NameList | None = None) -> str:
    """The form under which any spelling of ``word`` is searched (``names``: the
    archive's names, for particles before a name)."""
    word = fold(word, "search")
    match = _ARTICLE.match(word)
    if match and len(match.group(1)) >= _MIN_REST and word not in _KEEP:
        return match.group(1)
    if names is not None:
        return names.rest_of(word) or word
    return word


@lru_cache(maxsize=1 << 18)
def pagefind_stem(word: str) -> str:
    """The stem Pagefind indexes for ``word``: marks dropped (NFD), lower case, Snowball."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return _STEMMER.stemWord(plain) if _STEMMER else plain


_PARTICLE_LETTERS = frozenset("وفبكل")


@lru_cache(maxsize=1 << 18)
def _keys_and_stems(word: str) -> tuple[tuple[str, str], ...]:
    """The word's key, and the key of its other hamza spelling if it has a seat."""
    keys = [search_key(word)]
    if "ؤ" in word or "ئ" in word:
        keys.append(search_key(word.translate(_SEAT_SWAP)))
    return tuple((key, pagefind_stem(key)) for key in keys)


def variant_terms(text: str) -> str:
    """Keys of the words in ``text`` whose stem Pagefind would not index already.

    Listed once each, in the order they first occur, so a page's field is the
    same from one build to the next.
    """
    words = dict.fromkeys(_WORD.findall(text))  # each word once, in order: a repeat adds nothing
    stems = set(map(pagefind_stem, words))
    # Most keys stem to a stem the page has anyway; only the others are walked in order.
    new = [pair for pair in chain.from_iterable(map(_keys_and_stems, words)) if pair[1] not in stems]
    extra: dict[str, None] = {}
    for key, stem in new:
        if stem not in stems:
            stems.add(stem)
            extra[key] = None
    return " ".join(extra)


def name_terms(text: str, names: NameList, listed: str = "") -> str:
    """Keys of the names in ``text`` written with particles (لموسكو → موسكو), unless
    the page also writes the name bare or ``listed`` has the key already.

    Runs at render time for every article (the names are the archive's, known
    only once it is linked), so it looks only at words that start with a
    particle and avoids the stemmer: a key whose stem Pagefind indexes anyway
    costs one extra word in the field, no more.
    """
    found: dict[str, None] = {}
    seen, name_key = names._keys, names.name_key  # a cache hit per word, no call
    for word in _PARTICLE_WORD.findall(text):
        key = seen[word] if word in seen else name_key(word)
        if key:
            found[key] = None
            if "ؤ" in word or "ئ" in word:  # and the name's other hamza spelling (لشؤون: شوون, شيون)
                other = fold(word.translate(_SEAT_SWAP), "search")
                found[other[len(other) - len(key):]] = None
    if not found:
        return ""
    present = set(_WORD.findall(text)) | set(listed.split())
    return " ".join(key for key in found if key not in present)
