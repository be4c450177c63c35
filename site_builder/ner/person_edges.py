"""Where a name that the tagger found begins and ends.

The tagger reads a name from the words around it, and at the edges it often
takes one word too many or too few: the verb after a name («نزار قباني
[يكتب] الشعر»), a title or a nisba before it («[ركن] أحمد عسيري»), two
people joined by «و» («بلير [و]أولمرت») or side by side («يزود [بوتين]
[كيم]»), or a name cut on a particle of names («ماركو فان», whose «باستن»
follows), or begun on the father's name («[علي] عبدالله صالح»). These rules move the edges to where a reader puts them. They only
cut words that no list of names holds (Wikidata's names of people, the given
names, the dictionary's proper nouns), and only for their shape: cutting
ordinary words at the edges too loses family names («القباع», «عبادة»,
«هوي» in «تشوي سون هوي») and F1 (``bench/site_ner.py``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import lru_cache

from site_builder.ner.candidates import GIVEN, Candidate, candidate
from site_builder.ner.document import Document
from site_builder.ner import gazetteer
from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.tokens import known_reading, name_key, readings

FUNCTION_WORDS = frozenset("في من على الى إلى عن مع حتى منذ لدى عند ليس لم لن قد لا الا إلا هو هي هم انا نحن انت لكي كي "
                           "رضي رحمه".split())
"""Prepositions, particles and pronouns, as the document's forms write them (على keeps its ى),
and the blessings that follow a name («علي بن أبي طالب [رضي] الله عنه»)."""
NAME_PARTICLES = frozenset("بن بنت ابن ابو ابي آل ال عبد دي دو دا فان فون لا".split())
"""Words inside names that never end one («سعد بن أبي [وقاص]», «جان مارك دو لا [سابليير]»)."""
_SON_OF = frozenset({"بن", "ابن", "بنت"})
ORDINALS = frozenset("الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الحادي".split())
"""Regnal numbers, as matching forms: a monarch's or pope's name goes on through them
(«عبدالله الثاني», «ألفونسو الثالث عشر»), and «عشر» after them."""
_ROYAL = frozenset("الملك الملكه البابا الامبراطور الامير السلطان القيصر الشاه".split())
"""Titles before a regnal name, as matching forms."""
_TANWEEN = ("\u064b", "\u064c", "\u064d")
_PRONOUN_ENDINGS = ("ته", "تها", "تهم", "هم", "هما")
"""A noun with a possessive pronoun («زوجته», «بلائهم») is no part of a name."""


def indefinite(word: str) -> bool:
    """A word written with tanween («كلامًا», «رجلٌ»): a common noun or an adverb."""
    return any(mark in word for mark in _TANWEEN)


def function_word(form: str) -> bool:
    """A preposition or particle, bare or after و or ف («وعلى», «وليس»)."""
    return form in FUNCTION_WORDS or (form[:1] in ("و", "ف") and form[1:] in FUNCTION_WORDS)


class PersonEdges:
    """The edge rules of one gazetteer (its given names and particles count as name words)."""

    def __init__(self, gaz: Gazetteer):
        self._names = gaz.name_words | gaz.given | gaz.particles | frozenset(
            word for words, entry in gaz.names.items() if entry.type == "person" for word in words)
        self.titles = frozenset(word for title in gaz.titles.items for word in title)
        """Every word of a title («الإمام», «ركن»)."""
        self._given = gaz.given
        self._ordinary = gaz.ordinary
        self._nationalities = nationalities()
        self._bodies_and_places = frozenset(
            words[0] for words, entry in gaz.names.items()
            if len(words) == 1 and entry.type in ("place", "organization")) - self._names
        """One-word places and bodies of the lists that no list holds as a word of a person's
        name: «بوريس يلتسين [الكرملين]» ends before the Kremlin."""

    def shape(self, doc: Document, c: Candidate) -> list[Candidate]:
        """``c`` with its edges moved, split in two where «و» joins two people; [] when
        nothing of a name is left. A place or organisation only ends before a verb
        («أوكلاهوما [ارتفعت]»)."""
        if c.type != "person":
            stop = next((j for j in range(c.first + 1, c.stop) if verb_after_a_place(doc.forms[j])
                         and doc.forms[j] not in self._names), c.stop)
            return [self._span(doc, c, c.first, stop)]
        first, stop = self._bounds(doc, c.first, c.stop)
        if first == stop:
            return []
        return [self._span(doc, c, a, b) for a, b in self._split(doc, first, stop)]

    def _bounds(self, doc: Document, first: int, stop: int) -> tuple[int, int]:
        """Where a person's name tagged over ``first:stop`` really begins and ends."""
        forms = doc.forms
        while first < stop and function_word(forms[first]):
            first += 1
        while stop > first and function_word(forms[stop - 1]):
            stop -= 1
        while stop - first > 1 and (self._not_in_a_name(doc, first) or self._before_a_name(forms[first])
                                    or forms[first] in self._nationalities):
            first += 1
        if first > 0 and forms[first] in _SON_OF and doc.stop[first - 1] > first and forms[first - 1] in self._names \
                and not self._before_a_name(forms[first - 1]) and not function_word(forms[first - 1]):
            first -= 1  # «[عبدالله] بن محمد البركاتي»: the name begins with the given name
        elif first > 0 and stop - first > 1 and doc.stop[first - 1] > first and forms[first] in self._given \
                and self._own_given(doc.tokens[first - 1].text):
            first -= 1  # «[علي] عبدالله صالح»: a given name before the father's is the person's own
        stop = next((j for j in range(first + 1, stop) if self._not_in_a_name(doc, j)), stop)
        while stop - first > 1 and self._described(forms[stop - 1]):
            stop -= 1
        while stop > first and forms[stop - 1] in NAME_PARTICLES and stop < doc.stop[first] \
                and not function_word(forms[stop]):
            stop += 1  # «ماركو فان [باستن]»
        if stop - first == 1 or " ".join(forms[first:stop]) in self._given:
            stop = regnal_end(doc, stop)  # «[عبدالله] الثاني»; not «طومي هامس الرابع عشر», a seed
        return first, stop

    def _own_given(self, word: str) -> bool:
        """A given name, alone or after «و» («وعلي»), that is no preposition or particle."""
        reading = known_reading(word, self._given)
        return reading is not None and reading.prefix in ("", "و") and not function_word(reading.form)

    def regnal(self, doc: Document) -> list[Candidate]:
        """Monarchs and popes named with a regnal number: a given name, or a name after a
        royal title, and the number («الملك [عبدالله الثاني]», «البابا [بنديكت السادس عشر]»).
        The tagger, trained on other news, often leaves them plain or keeps only the given
        name, which alone is no one in particular."""
        out = []
        for i in range(1, len(doc.forms)):
            if doc.forms[i] not in ORDINALS or doc.stop[i - 1] <= i:
                continue
            first = i - 1
            head = known_reading(doc.tokens[i - 2].text, self._given) if i >= 2 and doc.stop[i - 2] > i else None
            if head is not None and f"{head.form} {doc.forms[i - 1]}" in self._given:
                first = i - 2  # «عبد الله الثاني»
            reading = known_reading(doc.tokens[first].text, self._given)
            royal = first >= 1 and doc.stop[first - 1] > first and doc.forms[first - 1] in _ROYAL
            if reading is None and royal and doc.forms[first] in self._names:
                reading = readings(doc.tokens[first].text)[0]
            if reading is not None and reading.prefix in ("", "و", "ل", "ب"):
                out.append(candidate(doc, first, regnal_end(doc, i), reading, "person", GIVEN))
        return out

    def _split(self, doc: Document, first: int, stop: int) -> list[tuple[int, int]]:
        """Two names where a word inside begins with the conjunction «و» and is no name
        of its own («وليد», «وائل» are names; «وأولمرت» is و + a name)."""
        for j in range(first + 1, stop):
            form = doc.forms[j]
            if form.startswith("و") and len(form) > 3 and form not in self._names and \
                    doc.forms[j - 1] not in NAME_PARTICLES:
                return [(first, j), (j, stop)]
        return [(first, stop)]

    def _before_a_name(self, form: str) -> bool:
        """A word that stands before a name and is no part of it: a title («[ركن] أحمد
        عسيري»), a nisba adjective («[الأوروجوياني] فابيان»)."""
        if form in self.titles:
            return form not in self._given  # «ركن» is in «ركن الدين», but no given name
        return form not in self._names and form.startswith("ال") and form.endswith("ي") and len(form) > 5

    def _described(self, form: str) -> bool:
        """A last word that is the start of a title: «سعود [الناطق] باسم …». (Not any
        ordinary word: «القباع», «عبادة» end family names.)"""
        return form in self.titles and form not in self._names

    def _not_in_a_name(self, doc: Document, j: int) -> bool:
        """A word no name holds anywhere: a verb, a noun with a pronoun, a word with tanween
        (names are not written indefinite: «مبكرًا», «كلامًا»), a listed place or body that
        is no word of a person's name («[الكرملين]»), a word with the preposition
        لـ and the article («عبدالله [للدراسات]»), a number («[16] غيغابايت»), a preposition,
        particle or blessing («[رضي] الله عنه», «[لكي]»). The name ends before it («نزار
        [يكتب الشعر]»)."""
        form = doc.forms[j]
        if indefinite(doc.tokens[j].text) or form.startswith("لل") or _has_digit(form) or self._accusative(form):
            return True
        if function_word(form):
            return form not in NAME_PARTICLES  # «دو لا سابليير»
        return form not in self._names and (_verb_shape(form) or form.endswith(_PRONOUN_ENDINGS)
                                            or form in self._bodies_and_places)

    def _accusative(self, form: str) -> bool:
        """An indefinite noun in the accusative written without its tanween mark: a
        dictionary word and its alif («برنامجا», «اجتماعا», «مبكرا»), which no name is."""
        return len(form) >= 4 and form.endswith("ا") and form not in self._names and form[:-1] in self._ordinary

    @staticmethod
    def _span(doc: Document, c: Candidate, first: int, stop: int) -> Candidate:
        if (first, stop) == (c.first, c.stop):
            return c
        if first == c.first:
            return dataclasses.replace(c, stop=stop, form=" ".join([c.form.split()[0], *doc.forms[first + 1:stop]]))
        reading = None
        if doc.forms[first].startswith("و"):  # the second of two people joined by «و»
            reading = next((r for r in readings(doc.tokens[first].text) if r.prefix == "و"), None)
        return candidate(doc, first, stop, reading, c.type, c.source)


@lru_cache(maxsize=1)
def nationalities() -> frozenset[str]:
    """Nationality adjectives made from CLDR's country names, as matching forms: ال, the
    name without its article or its ending ا, ة or يا, and ي or ية («غانا» → «الغاني»,
    «إيطاليا» → «الإيطالية», «البرتغال» → «البرتغالي»), and the one-word adjectives of
    ``nisba.txt`` («الأمريكي»). Before a name they say where the
    person is from («[الغاني] سولي مونتاري»), even when Wikidata knows the word as a
    family name, which comes last, not first."""
    out = set()
    for line in gazetteer.data_lines("cldr_territories.tsv"):
        name = line.split("\t")[0]
        if " " in name:
            continue
        stem = name.removeprefix("ال")
        for ending in ("يا", "ا", "ة"):
            if stem.endswith(ending) and len(stem) - len(ending) >= 3:
                stem = stem[:-len(ending)]
                break
        stem = stem.removesuffix("ي")  # «السعودية» → «السعودي»
        out.update(name_key("ال" + stem + suffix) for suffix in ("ي", "ية"))
    out.update(name_key(line) for line in gazetteer.data_lines("nisba.txt") if " " not in line)  # «الأمريكي»
    return frozenset(out)


def regnal_end(doc: Document, stop: int) -> int:
    """Where a name ending at ``stop`` ends with the regnal number that may follow it."""
    if stop < len(doc.forms) and doc.stop[stop - 1] > stop and doc.forms[stop] in ORDINALS:
        stop += 1
        if stop < doc.stop[stop - 1] and doc.forms[stop] == "عشر":
            stop += 1
    return stop


def _has_digit(form: str) -> bool:
    return any(ch.isdigit() for ch in form)


def _verb_shape(form: str) -> bool:
    """A verb as a person's name is not written: in the present tense, third person, the
    prefix ي and a three-letter root («يكتب», «يغني»), a derived stem («يتحدث», «يستطيع»),
    or a dual or plural ending («يواصلان», «يقولون»), also in the future («سيترأس»). (Not
    ت or ن: «تشون», «نغوين» begin foreign names.)"""
    if form.startswith("سي") and len(form) >= 5:
        form = form[1:]
    return _present(form)


def verb_after_a_place(form: str) -> bool:
    """A verb after a place's or an organisation's name: in the present as for a person (not
    the future: «سيناء»), or a derived verb in the past with the feminine ت («ارتفعت»,
    «انطلقت», «تراجعت»; not after a person: «أنطوانيت»). The tagger's names and the rules'
    names after a head («بولاية أوكلاهوما [ارتفعت]») both end before it."""
    if form.startswith("ا") and not form.startswith("ال") and form.endswith("ت") and len(form) >= 5:
        return True
    if form.startswith("ت") and len(form) >= 6 and form[2] == "ا" and form.endswith("ت"):
        return True  # تفاعلت: «تراجعت», «تواصلت»
    return _present(form)


def _present(form: str) -> bool:
    if not form.startswith("ي"):
        return False
    return len(form) == 4 or form[1] == "ت" or form[1:3] == "ست" or (len(form) >= 5 and form.endswith(("ان", "ون")))


def two_people(doc: Document, chosen: list[Candidate]) -> list[Candidate]:
    """A tagged person's name that is two people of the article side by side: «يزود [بوتين]
    [كيم] بالتكنولوجيا» after «فلاديمير بوتين» and «كيم جونغ أون». The left part is a name or
    family name the article gives someone, the right part a name or given name."""
    people = [c.form.split() for c in chosen if c.type == "person" and c.stop - c.first > 1]
    whole = Counter(tuple(words) for words in people)
    family = {words[-1] for words in people}
    given = {words[0] for words in people}
    out = []
    for c in chosen:
        words = c.form.split()
        if c.type != "person" or len(words) < 2 or whole[tuple(words)] > 1:
            out.append(c)  # a name the article gives more than once is one name
            continue
        for j in range(1, len(words)):
            left, right = words[:j], words[j:]
            if (tuple(left) in whole or (j == 1 and left[0] in family)) and \
                    (tuple(right) in whole or (len(right) == 1 and right[0] in given)):
                out += [PersonEdges._span(doc, c, c.first, c.first + j),
                        candidate(doc, c.first + j, c.stop, None, c.type, c.source)]
                break
        else:
            out.append(c)
    return out


def named_after_a_nationality(doc: Document, tagged: list[Candidate]) -> list[Candidate]:
    """A one-word place the tagger reads between a nationality adjective and a person's
    name is the person's first name: «والإسباني [أندير] [هيريرا]» is Ander Herrera (and
    not the Russian town of Anadyr), since an adjective of nationality before a name says
    where a person is from («[الغاني] سولي مونتاري»)."""
    starts = {c.first: c for c in tagged if c.type == "person"}
    adjectives = nationalities()
    out, merged = [], set()
    for c in sorted(tagged, key=lambda c: c.first):
        if c.first in merged:
            continue
        after = starts.get(c.stop)
        if (c.type == "place" and c.stop - c.first == 1 and not c.cut and c.first > 0 and after is not None
                and doc.stop[c.first - 1] > c.first and _a_nationality(doc.tokens[c.first - 1].text, adjectives)):
            out.append(dataclasses.replace(after, first=c.first, cut=0, form=f"{c.form} {after.form}"))
            merged.add(after.first)
        else:
            out.append(c)
    return out


def _a_nationality(word: str, adjectives: frozenset[str]) -> bool:
    """``word`` is a nationality adjective, alone or after «و» («والإسباني»)."""
    return any(r.form in adjectives for r in readings(word) if r.prefix in ("", "و"))
