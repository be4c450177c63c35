"""Named-entity recognition for one article: gazetteer, context rules, echoes.

Three passes over the word tokens:

1. *Candidates*: the longest gazetteer name at each word, plus names that
   context announces — a title or reporting verb before unknown words
   ("الرئيس فلاديمير بوتين", "وقال ديمتري بيسكوف:"), an organisation head
   ("وكالة كيودو", "وزارة الخارجية الأمريكية"), a place head ("مدينة
   فلاديفوستوك") or a known given name followed by name-like words.
2. *Selection*: leftmost, then longest, candidates win; nothing overlaps.
3. *Echoes*: a name found once is found wherever it recurs in the article,
   and so is a person's family name alone ("بوتين" after "فلاديمير بوتين").

A word is *name-like* when no listed common word hides in it (with or
without proclitics) and its shape is not that of a common noun (feminine
ending, plural ending, pronoun suffix, definite article). Unknown words are
only ever taken as names when context asks for them, so a common word that
the lists forgot is still left alone in ordinary prose.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from pyarabic import araby

from site_builder.ner import gazetteer
from site_builder.text.tokens import ARTICLE, NAME_PREFIXES, Reading, Token, normalize_word, readings, tokenize
from site_builder.model import Mention
from site_builder.ner.tagged_names import tagged_spans

if TYPE_CHECKING:
    from site_builder.link.curation import Curation

CODE_VERSION = "entities-1"
_MAX_NAME = 6
_CACHE_LIMIT = 500_000  # word types remembered per process
_COMPOUND_HEADS = frozenset({"عبد", "ابو"})
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0610-\u061a\u064b-\u065f\u0670\u0640]+$")
_NOT_NAME_ENDINGS = ("ات", "يون", "يين", "ته", "تها", "تهم", "ها", "هم", "هما", "كم")
_COMMA_GAPS = {"،", ","}
_TANWIN = ("\u064b", "\u064c", "\u064d", "\u064bا", "ا\u064b")
_THAT = {"ان", "انه", "انها"}
_GAZ, _TITLE, _ORG, _PLACE, _GIVEN, _VERB, _TAGGED = range(7)
_T_GAZ, _T_ORG, _T_TITLE, _T_PLACE, _T_GIVEN, _T_VERB = (1, 2, 4, 8, 16, 32)
# Proclitics a head, title or given name may carry (not a stripped article).
_LEAD = frozenset(NAME_PREFIXES) | {"لل", "ولل", "فلل"}
_CONJ_LEAD = frozenset({"", "و", "ف"})
_ONE_LETTER = frozenset(p for p in NAME_PREFIXES if len(p) == 1)


@dataclass(frozen=True, slots=True)
class Candidate:
    first: int
    stop: int
    cut: int
    form: str
    type: str
    source: int
    trigger: int = -1
    """Token of the title or verb that announced the name, if any: a name
    announced by a word inside another name is dropped with it."""


class Recogniser:
    """Finds names in article text; picklable (rebuilds its tables on load)."""

    def __init__(self, curation: "Curation | None" = None, model: Path | None = None):
        self.curation = curation
        self.model = model
        self._gaz = gazetteer.for_curation(curation)
        self._tagger = _load_tagger(model) if model is not None else None
        model_digest = hashlib.sha256(Path(model).read_bytes()).hexdigest() if model is not None else ""
        self.version = hashlib.sha256(
            f"{CODE_VERSION}:{self._gaz.digest}:{model_digest}".encode()).hexdigest()[:12]
        self._nameish: dict[str, bool] = {}
        self._triggers: dict[str, int] = {}

    def __getstate__(self) -> dict:
        return {"curation": self.curation, "model": self.model}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["curation"], state["model"])

    def recognise(self, text: str) -> tuple[Mention, ...]:
        doc = _Doc(text, tokenize(text))
        taken: set[int] = set()
        chosen = _select(self._candidates(doc), taken)
        if self._tagger is not None:
            chosen += _select(self._tagged(doc), taken)
        chosen += _select(self._echoes(doc, chosen), taken)
        mentions = (self._mention(doc, c) for c in chosen)
        return tuple(sorted((m for m in mentions if m is not None), key=lambda m: m.start))

    # -- pass 1 ------------------------------------------------------------

    def _candidates(self, doc: "_Doc") -> list[Candidate]:
        out: list[Candidate] = []
        rules = ((_T_ORG, self._org_rule), (_T_TITLE, self._title_rule),
                 (_T_PLACE, self._place_rule), (_T_GIVEN, self._given_rule),
                 (_T_VERB, self._verb_rule))
        triggers = self._triggers
        for i, token in enumerate(doc.tokens):
            mask = triggers.get(token.text)
            if mask is None:
                if len(triggers) > _CACHE_LIMIT:
                    triggers.clear()
                mask = 0 if _maksura_word(token.text) else self._trigger_mask(token.text)
                triggers[token.text] = mask
            if not mask:
                continue
            if mask & _T_GAZ:
                found = self._gaz.lookup(doc.tokens, doc.forms, i, doc.stop[i])
                if found is not None:
                    out.append(_cand(doc, i, i + found.size, found.reading, found.entry.type, _GAZ))
            for bit, rule in rules:
                if mask & bit:
                    cand = rule(doc, i)
                    if cand is not None:
                        out.append(cand)
        return out

    def _trigger_mask(self, word: str) -> int:
        """Which rules can start at ``word`` (most words start none)."""
        gaz, mask = self._gaz, 0
        for r in readings(word):
            lead = r.prefix in _LEAD
            mask |= _T_GAZ * (r.form in gaz.first_len)
            mask |= _T_ORG * (lead and r.form in gaz.org_heads)
            mask |= _T_TITLE * (lead and (r.form in gaz.titles.longest or r.form in gaz.nisba.longest))
            mask |= _T_PLACE * (lead and r.form in gaz.place_heads.longest)
            mask |= _T_GIVEN * (lead and (r.form in gaz.given_phrases.longest
                                          or r.form in gaz.surname_first))
            mask |= _T_VERB * (r.prefix in _CONJ_LEAD and r.form in gaz.reporting)
        return mask

    def _org_rule(self, doc: "_Doc", i: int) -> Candidate | None:
        reading = _reading_in(doc.tokens[i].text, self._gaz.org_heads)
        if reading is None or doc.stop[i] == i + 1:
            return None
        j, stop = i + 1, doc.stop[i]
        size = self._gaz.domains.match(doc.forms, j, stop)
        if size:
            end = j + size
            end += self._gaz.nisba.match(doc.forms, end, stop) if end < stop else 0
            return _cand(doc, i, end, reading, "organization", _ORG)
        place = self._gaz.lookup(doc.tokens, doc.forms, j, stop)
        if place is not None and place.reading.cut == 0 and place.entry.type == "place":
            return _cand(doc, i, j + place.size, reading, "organization", _ORG)
        end = self._name_run(doc, j, 3)
        if end == j or (end < stop and doc.forms[end].startswith(ARTICLE)
                        and not self._gaz.nisba.match(doc.forms, end, stop)):
            return None  # "قيادة حرس الحدود": a common noun in a construct
        return _cand(doc, i, end, reading, "organization", _ORG)

    def _place_rule(self, doc: "_Doc", i: int) -> Candidate | None:
        size = self._phrase_at(self._gaz.place_heads, doc, i)
        j = i + size
        if not size or j >= doc.stop[i] or self._gaz.lookup(doc.tokens, doc.forms, j, doc.stop[i]):
            return None
        end = self._name_run(doc, j, 2)
        return _cand(doc, j, end, None, "place", _PLACE, trigger=i) if end > j else None

    def _title_rule(self, doc: "_Doc", i: int) -> Candidate | None:
        size = self._phrase_at(self._gaz.titles, doc, i)
        by_nationality = not size
        size = size or self._phrase_at(self._gaz.nisba, doc, i)
        if not size or (by_nationality and _after_definite(doc, i)):
            return None  # "الحدود التركية قرب …": an adjective, not a noun
        j = i + size
        if j < doc.stop[i]:
            j += self._gaz.domains.match(doc.forms, j, doc.stop[i])
        if j < doc.stop[i]:
            j += self._gaz.nisba.match(doc.forms, j, doc.stop[i])
        if j >= len(doc.tokens) or (j >= doc.stop[i] and doc.gap(j) not in _COMMA_GAPS):
            return None
        if self._gaz.lookup(doc.tokens, doc.forms, j, doc.stop[j]):
            return None  # "رئيس كوريا الشمالية": a known name, not a person
        end = self._person_run(doc, j, doc.stop[j], unknown_start=True, tail=(2, 1))
        if end > j and doc.forms[j] not in self._gaz.given and not self._lone_name(doc.tokens[j].text):
            return None
        if by_nationality and end - j < 2:
            return None  # "الفرنسي أرنو كليمان", but not "الأمريكي ضمن"
        return _cand(doc, j, end, None, "person", _TITLE, trigger=i) if end > j else None

    def _given_rule(self, doc: "_Doc", i: int) -> Candidate | None:
        for reading in readings(doc.tokens[i].text):
            if reading.prefix not in _LEAD:
                continue
            if reading.form in self._gaz.surname_first:
                end = self._family_first(doc, i + 1, doc.stop[i])
            elif self._gaz.given_phrases.match(doc.forms, i, doc.stop[i], reading.form):
                end = self._person_run(doc, i, doc.stop[i], unknown_start=False,
                                       tail=(2, 0), first=reading.form)
            else:
                continue
            if end > i + 1 and not self._only_given(doc, i, end, reading.form):
                return _cand(doc, i, end, reading, "person", _GIVEN)
            return None
        return None

    def _family_first(self, doc: "_Doc", j: int, stop: int) -> int:
        """East Asian order: the family name, then exactly two name words
        ("كيم جونغ أون", "جو تشون ريونغ")."""
        if j + 2 > stop:
            return j
        for k in (j, j + 1):
            form = doc.forms[k]
            if self._known_other(doc, k) or not (form in self._gaz.given or self.nameish(doc.tokens[k].text)):
                return j
        return j + 2

    def _only_given(self, doc: "_Doc", i: int, end: int, first: str) -> bool:
        """Whether the run is a single (possibly two-word) given name."""
        return self._gaz.given_phrases.match(doc.forms, i, end, first) == end - i

    def _verb_rule(self, doc: "_Doc", i: int) -> Candidate | None:
        reading = _reading_in(doc.tokens[i].text, self._gaz.reporting)
        if reading is None or reading.prefix not in _CONJ_LEAD:
            return None
        j = i + 1
        end = self._person_run(doc, j, doc.stop[i], unknown_start=True, tail=(2, 1))
        if end == j or (end == j + 1 and not self._lone_name(doc.tokens[j].text)):
            return None
        closes = end < len(doc.tokens) and (end == doc.stop[j] or doc.forms[end] in _THAT)
        return _cand(doc, j, end, None, "person", _VERB, trigger=i) if closes else None

    # -- pass 3 ------------------------------------------------------------

    def _tagged(self, doc: "_Doc") -> list[Candidate]:
        """Names the statistical tagger finds where the rules found none."""
        return [_cand(doc, span.first, span.stop, self._clitics(doc.tokens[span.first].text), span.type, _TAGGED)
                for span in tagged_spans(self._tagger, doc.text, doc.tokens)]

    def _clitics(self, word: str) -> Reading | None:
        """Where the tagger's name starts inside its first word ("وروسيا" → "روسيا").

        The tagger marks whole words, proclitics included; a prefix is cut off
        only when what remains is a listed name or starts with the article, so
        "فلاديمير" and "وليد" stay whole.
        """
        options = readings(word)
        if self._known(options[0].form):
            return None
        for reading in options[1:]:
            if reading.prefix in _LEAD and (self._known(reading.form) or reading.form.startswith(ARTICLE)):
                return reading
        return None

    def _known(self, form: str) -> bool:
        return form in self._gaz.first_len or form in self._gaz.given

    def _echoes(self, doc: "_Doc", chosen: Sequence[Candidate]) -> list[Candidate]:
        """Candidates for every later (or earlier) use of a name already found."""
        names: dict[tuple[str, ...], str] = {}
        for c in chosen:
            words = tuple(c.form.split())
            names.setdefault(words, c.type)
            for part in self._short_forms(words, c.type):
                names.setdefault((part,), c.type)
        first_len: dict[str, int] = {}
        for words in names:
            first_len[words[0]] = max(first_len.get(words[0], 0), len(words))
        out = []
        firsts = first_len.keys()
        for i, token in enumerate(doc.tokens):
            if doc.forms[i] != token.norm or firsts.isdisjoint(_reading_forms(token.text)):
                continue
            for reading in readings(token.text):
                top = min(first_len.get(reading.form, 0), doc.stop[i] - i)
                size = next((s for s in range(top, 0, -1)
                             if (reading.form, *doc.forms[i + 1:i + s]) in names), 0)
                if size:
                    etype = names[(reading.form, *doc.forms[i + 1:i + size])]
                    out.append(_cand(doc, i, i + size, reading, etype, _GAZ))
                    break
        return out

    def _short_forms(self, words: tuple[str, ...], etype: str) -> list[str]:
        """A person's family name: the last word, or the first for East
        Asian order ("كيم"); never a given name or a common word."""
        if etype != "person" or len(words) < 2:
            return []
        parts = []
        if words[0] in self._gaz.surname_first:
            parts.append(words[0])
        last = words[-1]
        if (len(last) >= 3 and last not in self._gaz.given and words[-2] not in self._gaz.particles
                and not any(r.form in self._gaz.common for r in readings(last))):
            parts.append(last)
        return parts

    # -- words -------------------------------------------------------------

    def _phrase_at(self, phrases: gazetteer.Phrases, doc: "_Doc", i: int) -> int:
        """Length of a listed phrase at ``i``, its first word possibly prefixed."""
        for reading in readings(doc.tokens[i].text):
            if reading.prefix in _LEAD:
                size = phrases.match(doc.forms, i, doc.stop[i], reading.form)
                if size:
                    return size
        return 0

    def _name_run(self, doc: "_Doc", j: int, limit: int) -> int:
        """End of up to ``limit`` unknown name words from ``j`` (``j`` if none),
        for the name after an organisation or place head ("مركز ستيمسون").

        A particle ("بن", "آل") counts only when a name word follows; a
        later word starting with و is the conjunction unless it reads like a
        foreign name ("واتسون"); a listed place or organisation ends the run.
        """
        gaz = self._gaz
        if j >= len(doc.tokens):
            return j
        stop, end, k, count = doc.stop[j], j, j, 0
        while k < stop and count < limit:
            form = doc.forms[k]
            if form in gaz.particles and k + 1 < stop:
                k += 1
                continue
            if k > j and (not self._surname_word(form, doc.tokens[k].text) or self._known_other(doc, k)):
                break
            if not self.nameish(doc.tokens[k].text):
                break
            k += 1
            end, count = k, count + 1
        return end

    def _given_at(self, doc: "_Doc", k: int, stop: int, first: str | None = None) -> int:
        """Size of a given name at ``k``: a listed one or "عبد"/"أبو" + a word."""
        if k >= stop:
            return 0
        size = self._gaz.given_phrases.match(doc.forms, k, stop, first)
        if size:
            return size
        if doc.forms[k] in _COMPOUND_HEADS and k + 1 < stop:
            nxt = doc.tokens[k + 1].text
            if self.nameish(nxt) or self._al_surname(nxt) or doc.forms[k + 1] in self._gaz.given:
                return 2
        return 0

    def _person_run(self, doc: "_Doc", j: int, stop: int, *, unknown_start: bool,
                    tail: tuple[int, int], first: str | None = None) -> int:
        """End of a person's name from ``j`` (``j`` if none).

        Shape: a given name (or, when context announced a person, an unknown
        word), more given names joined by particles ("بن", "آل"), then a few
        unknown words — ``tail`` gives how many after a foreign and after an
        Arabic given name — and possibly a family name with the article
        ("خالد الفيصل"). Arabic given names are too often common words
        ("سالم", "عادل") to trust an unknown word after them without context.
        """
        gaz = self._gaz
        size = self._given_at(doc, j, stop, first)
        if size:
            foreign = (first or doc.forms[j]) in gaz.foreign_given
        elif unknown_start and j < stop and self.nameish(doc.tokens[j].text):
            size, foreign = 1, True
        else:
            return j
        given = size and not (unknown_start and not self._given_at(doc, j, stop, first))
        k = end = j + size
        while k < stop and end - j < _MAX_NAME:
            if doc.forms[k] in gaz.particles and k + 1 < stop:
                nxt = self._given_at(doc, k + 1, stop) or int(
                    self.nameish(doc.tokens[k + 1].text) or self._al_surname(doc.tokens[k + 1].text))
                if not nxt:
                    break
                k = end = k + 1 + nxt
                continue
            size = self._given_at(doc, k, stop)
            if not size or self._known_other(doc, k):
                break
            k = end = k + size
        budget = tail[0] if foreign else tail[1]
        announced = unknown_start and given  # "الأمير خالد الفيصل"
        while k < stop and end - j < _MAX_NAME and not self._known_other(doc, k):
            word = doc.tokens[k].text
            if budget and self._surname_word(doc.forms[k], word):
                k = end = k + 1
                budget -= 1
                announced = False
                continue
            if self._al_surname(word, announced=announced):
                end = k + 1
            break
        return end

    def _surname_word(self, form: str, word: str) -> bool:
        if form.startswith("و") and form[1:2] not in ("ا", "ي"):
            return False  # the conjunction
        return self.nameish(word)

    def _lone_name(self, word: str) -> bool:
        """Whether an unknown word right after a title starts a name ("الرئيس
        بوتين") rather than a noun or verb ("زعيم تنظيم", "رئيس وزراء"):
        the usual shapes of those (تفعيل, استفعال, أفعال, مُفعِل, فُعَلاء,
        a verb's prefixes, a pronoun suffix) are refused."""
        form = normalize_word(word)
        if form in self._gaz.given or len(form) < 3:
            return False  # a bare given name: which of the many?
        # "وزير الدفاع، بتأمين طائرات": a preposition on a verbal noun
        stems = [r.form for r in readings(word)[1:] if r.prefix in _ONE_LETTER]
        return not (self._noun_shaped(form) or any(map(self._noun_shaped, stems))
                    or _plain(word).endswith("ه")
                    or (form[0] == "ي" and len(form) <= 5)
                    or (form[0] == "و" and form[1] in "يتن"))

    @staticmethod
    def _noun_shaped(form: str) -> bool:
        if form.endswith("اء") or form.startswith("است"):
            return True
        if len(form) == 5 and ((form[0] == "ت" and form[3] == "ي") or
                               (form[0] == "ا" and form[3] == "ا")):
            return True
        return form[0] == "م" and len(form) >= 4 and form[1] not in "اوي"

    def _known_other(self, doc: "_Doc", k: int) -> bool:
        """Whether a listed place/organisation/other name starts at ``k``."""
        found = self._gaz.lookup(doc.tokens, doc.forms, k, doc.stop[k])
        return found is not None and found.entry.type != "person"

    def nameish(self, word: str) -> bool:
        """Whether an unknown ``word`` could be (part of) a name."""
        known = self._nameish.get(word)
        if known is None:
            if len(self._nameish) > _CACHE_LIMIT:
                self._nameish.clear()
            known = self._nameish[word] = self._judge(word)
        return known

    def _judge(self, word: str) -> bool:
        if not _ARABIC_WORD.match(word) or _maksura_word(word):
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
        plain = _plain(word)
        if len(plain) >= 4 and plain.endswith(_NOT_NAME_ENDINGS):
            return False
        if plain.endswith("ة"):
            return False
        return not any(r.form in self._gaz.common for r in readings(word))

    def _al_surname(self, word: str, announced: bool = False) -> bool:
        """A family name with the article: nisba-shaped ("القحطاني",
        "الطريفي") or, when context announced a person, any such word
        ("الأمير خالد الفيصل") that is not a listed common word or nationality."""
        norm = normalize_word(word)
        if not norm.startswith(ARTICLE) or len(norm) < 5 or _plain(word).endswith("ة"):
            return False
        if not (announced or norm.endswith("ي")):
            return False
        if norm in self._gaz.common or (norm,) in self._gaz.nisba.items:
            return False
        return self.nameish(word[len(ARTICLE):]) if _ARABIC_WORD.match(word) else False

    # -- output ------------------------------------------------------------

    def _mention(self, doc: "_Doc", c: Candidate) -> Mention | None:
        start = doc.tokens[c.first].start + c.cut
        end = doc.tokens[c.stop - 1].end
        if c.stop - c.first == 1 and (c.form,) not in self._gaz.names and (
                c.form in self._gaz.common):
            return None
        if c.type == "person" and c.form in self._gaz.given and c.form not in self._gaz.surname_first:
            return None  # a bare given name: which of the many?
        return Mention(start, end, doc.text[start:end], c.type, c.form)


@lru_cache(maxsize=200_000)
def _reading_forms(word: str) -> frozenset[str]:
    return frozenset(r.form for r in readings(word))


@lru_cache(maxsize=4)
def _load_tagger(path: Path):
    """One loaded model per file and process (workers load it once)."""
    from site_builder.ner.tagger import Tagger
    return Tagger.load(Path(path))


class _Doc:
    """Tokens of one text with where each phrase (words without punctuation
    between them) ends.

    ``forms`` are the matching forms, except that "على", "إلى", "حتى" …
    keep their ى: folded, "على" would read as the name "علي".
    """

    __slots__ = ("text", "tokens", "forms", "stop")

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.forms = [_plain(t.text) if _maksura_word(t.text) else t.norm for t in tokens]
        self.stop = _phrase_stops(text, tokens)

    def gap(self, j: int) -> str:
        """Non-space text between token ``j - 1`` and token ``j``."""
        return self.text[self.tokens[j - 1].end:self.tokens[j].start].strip()


def _after_definite(doc: _Doc, i: int) -> bool:
    """Whether token ``i`` follows a definite word in the same phrase."""
    return i > 0 and doc.stop[i - 1] > i and doc.forms[i - 1].startswith(ARTICLE)


def _phrase_stops(text: str, tokens: list[Token]) -> list[int]:
    stops = [0] * len(tokens)
    stop = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        stops[i] = stop
        if i and (text[tokens[i - 1].end:tokens[i].start].strip() or
                  "\n" in text[tokens[i - 1].end:tokens[i].start]):
            stop = i
    return stops


_MAKSURA_WORDS = frozenset({"على", "إلى", "الى", "حتى", "لدى", "متى", "سوى", "مدى", "أنى"})


@lru_cache(maxsize=100_000)
def _maksura_word(word: str) -> bool:
    """Whether ``word`` is a particle written with ى ("على", "وإلى")."""
    plain = _plain(word)
    if not plain.endswith("ى"):
        return False
    return plain in _MAKSURA_WORDS or (plain[0] in "وف" and plain[1:] in _MAKSURA_WORDS)


def _plain(word: str) -> str:
    """The word without diacritics but with its letters (ة stays ة)."""
    return araby.strip_tashkeel(araby.strip_tatweel(word))


def _reading_in(word: str, words: frozenset[str]) -> Reading | None:
    for reading in readings(word):
        if reading.form in words:
            return reading
    return None


def _cand(doc: _Doc, first: int, stop: int, reading: Reading | None, etype: str,
          source: int, trigger: int = -1) -> Candidate:
    head = reading.form if reading is not None else doc.forms[first]
    form = " ".join([head, *doc.forms[first + 1:stop]])
    return Candidate(first, stop, reading.cut if reading is not None else 0, form, etype,
                     source, trigger)


def _select(cands: list[Candidate], taken: set[int]) -> list[Candidate]:
    """Leftmost-longest non-overlapping candidates (gazetteer wins ties)."""
    chosen = []
    for c in sorted(cands, key=lambda c: (c.first, -(c.stop - c.first), c.source)):
        span = range(c.first, c.stop)
        if any(k in taken for k in span) or c.trigger in taken:
            continue
        taken.update(span)
        chosen.append(c)
    return chosen
