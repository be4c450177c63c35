"""Whether a word is shaped like a name, judged from its letters alone.

The context rules take unknown words as names only when a title, a verb or
a head announces one, and even then the words after it may be a common noun
or a verb ("رئيس وزراء", "زعيم تنظيم"). These tests read what a word's
letters say: a common noun's endings (feminine ة, plurals, pronoun
suffixes), the article, tanwin, the patterns of verbal nouns and
participles, or a listed common word hiding behind proclitics. They consult
the gazetteer's word lists but never the words around them, which is what
lets ``nameish`` be cached per word type.
"""

from __future__ import annotations

import re
from functools import lru_cache

from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.fold import fold
from site_builder.text.tokens import ARTICLE, NAME_PREFIXES, normalize_word, readings

CACHE_LIMIT = 500_000  # word types remembered per process
LEAD = frozenset(NAME_PREFIXES) | {"لل", "ولل", "فلل"}
"""Proclitics a head, title or given name may carry (not a stripped article)."""
_ONE_LETTER = frozenset(p for p in NAME_PREFIXES if len(p) == 1)
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0610-\u061a\u064b-\u065f\u0670\u0640]+$")
_NOT_NAME_ENDINGS = ("ات", "يون", "يين", "ته", "تها", "تهم", "ها", "هم", "هما", "كم")
_TANWIN = ("\u064b", "\u064c", "\u064d", "\u064bا", "ا\u064b")
_MAKSURA_WORDS = frozenset({"على", "إلى", "الى", "حتى", "لدى", "متى", "سوى", "مدى", "أنى"})


class WordShapes:
    """Name-shape tests against one gazetteer's lists, with ``nameish`` cached."""

    def __init__(self, gaz: Gazetteer):
        self._gaz = gaz
        self._nameish: dict[str, bool] = {}

    def nameish(self, word: str) -> bool:
        """Whether an unknown ``word`` could be (part of) a name."""
        known = self._nameish.get(word)
        if known is None:
            if len(self._nameish) > CACHE_LIMIT:
                self._nameish.clear()
            known = self._nameish[word] = self._judge(word)
        return known

    def _judge(self, word: str) -> bool:
        if not _ARABIC_WORD.match(word) or maksura_word(word):
            return False
        norm = normalize_word(word)
        if norm in self._gaz.given:
            return True
        if norm in self._gaz.particles:
            return False
        if len(norm) < 2 or norm.startswith(ARTICLE) or word.endswith(_TANWIN):
            return False
        if len(norm) >= 5 and norm.startswith(("لل", "بال", "وال", "فال")):
            return False
        plain_word = plain(word)
        if len(plain_word) >= 4 and plain_word.endswith(_NOT_NAME_ENDINGS):
            return False
        if plain_word.endswith("ة"):
            return False
        return not any(r.form in self._gaz.common for r in readings(word))

    def surname_word(self, form: str, word: str) -> bool:
        """Whether ``word`` may be a later word of a name: name-like and not the conjunction و."""
        if form.startswith("و") and form[1:2] not in ("ا", "ي"):
            return False  # the conjunction
        return self.nameish(word)

    def lone_name(self, word: str) -> bool:
        """Whether an unknown word right after a title starts a name ("الرئيس
        بوتين") rather than a noun or verb ("زعيم تنظيم", "رئيس وزراء"):
        the usual shapes of those (تفعيل, استفعال, أفعال, مُفعِل, فُعَلاء,
        a verb's prefixes, a pronoun suffix) are refused."""
        form = normalize_word(word)
        if form in self._gaz.given or len(form) < 3:
            return False  # a bare given name: which of the many?
        # "وزير الدفاع، بتأمين طائرات": a preposition on a verbal noun
        stems = [r.form for r in readings(word)[1:] if r.prefix in _ONE_LETTER]
        return not (noun_shaped(form) or any(map(noun_shaped, stems))
                    or plain(word).endswith("ه")
                    or (form[0] == "ي" and len(form) <= 5)
                    or (form[0] == "و" and form[1] in "يتن"))

    def al_surname(self, word: str, announced: bool = False) -> bool:
        """A family name with the article: nisba-shaped ("القحطاني",
        "الطريفي") or, when context announced a person, any such word
        ("الأمير خالد الفيصل") that is not a listed common word or nationality."""
        norm = normalize_word(word)
        if not norm.startswith(ARTICLE) or len(norm) < 5 or plain(word).endswith("ة"):
            return False
        if not (announced or norm.endswith("ي")):
            return False
        if norm in self._gaz.common or (norm,) in self._gaz.nisba.items:
            return False
        return self.nameish(word[len(ARTICLE):]) if _ARABIC_WORD.match(word) else False


def noun_shaped(form: str) -> bool:
    """Whether ``form`` has the pattern of a verbal noun, participle or
    broken plural (استفعال, تفعيل, أفعال, مُفعِل, فُعَلاء)."""
    if form.endswith("اء") or form.startswith("است"):
        return True
    if len(form) == 5 and ((form[0] == "ت" and form[3] == "ي") or
                           (form[0] == "ا" and form[3] == "ا")):
        return True
    return form[0] == "م" and len(form) >= 4 and form[1] not in "اوي"


@lru_cache(maxsize=100_000)
def maksura_word(word: str) -> bool:
    """Whether ``word`` is a particle written with ى ("على", "وإلى")."""
    if "ى" not in word:
        return False  # most words: ``plain`` only drops marks, it makes no ى
    plain_word = plain(word)
    if not plain_word.endswith("ى"):
        return False
    return plain_word in _MAKSURA_WORDS or (plain_word[0] in "وف" and plain_word[1:] in _MAKSURA_WORDS)


def plain(word: str) -> str:
    """The word without diacritics but with its letters (ة stays ة)."""
    return fold(word, "plain")
