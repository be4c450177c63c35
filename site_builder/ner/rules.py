"""The recogniser's first pass: names the gazetteer lists or context announces.

At each word, the longest listed name, and the names that the words around
an unknown name announce:

- a title or office before a person ("الرئيس فلاديمير بوتين", "الفرنسي
  أرنو كليمان");
- a reporting verb before one ("وقال ديمتري بيسكوف:");
- an organisation head ("وكالة كيودو", "وزارة الخارجية الأمريكية");
- a place head ("مدينة فلاديفوستوك");
- a known given name followed by name-like words, or an East Asian family
  name first ("كيم جونغ أون");
- a word of the game before a club named by one ordinary word ("لاعب الهلال",
  "فاز الهلال على النصر").

Unknown words are only ever taken as names when context asks for them, so a
common word the lists forgot is still left alone in ordinary prose. Most
words can start no rule at all; which rules a word can start is worked out
once per word type, so the pass costs little more than a dictionary lookup
per word.
"""

from __future__ import annotations

from site_builder.ner import gazetteer
from site_builder.ner.candidates import GAZETTEER, GIVEN, ORG, PLACE, TITLE, VERB, Candidate, candidate
from site_builder.ner.document import Document
from site_builder.ner.person_edges import verb_after_a_place
from site_builder.ner.word_shapes import CACHE_LIMIT, LEAD, WordShapes, maksura_word
from site_builder.text.tokens import ARTICLE, Reading, known_reading, name_readings, readings

_MAX_NAME = 6
CLUB_HEADS = frozenset({"نادي", "صحيفه", "جريده", "مجله"})
"""Heads whose name is often one ordinary word with the article (نادي الهلال، نادي الشباب،
صحيفة الوطن، جريدة الرياض), as matching forms."""
_COMPOUND_HEADS = frozenset({"عبد", "ابو"})
_COMMA_GAPS = {"،", ","}
_THAT = {"ان", "انه", "انها"}
_T_GAZ, _T_ORG, _T_TITLE, _T_PLACE, _T_GIVEN, _T_VERB, _T_CLUB = (1, 2, 4, 8, 16, 32, 64)
_FIXTURE = frozenset({"على", "امام", "ضد", "مع"})
"""Words between the two clubs of a match ("فاز الهلال على النصر"), as matching forms."""
_CONJ_LEAD = frozenset({"", "و", "ف"})


class Rules:
    """The first pass, for one gazetteer; remembers which rules each word type can start."""

    def __init__(self, gaz: gazetteer.Gazetteer, shapes: WordShapes):
        self._gaz = gaz
        self._shapes = shapes
        self._triggers: dict[str, int] = {}
        self._ordinary = gaz.ordinary

    def candidates(self, doc: Document, persons: bool = True) -> list[Candidate]:
        """Every name the lists and the context rules propose in ``doc``, overlaps
        included; without ``persons``, not the rules that announce a person (a title,
        a reporting verb, a given name)."""
        out: list[Candidate] = []
        rules = ((_T_ORG, self._org_rule), (_T_PLACE, self._place_rule), (_T_CLUB, self._club_rule))
        if persons:
            rules += ((_T_TITLE, self._title_rule), (_T_GIVEN, self._given_rule), (_T_VERB, self._verb_rule))
        triggers = self._triggers
        for i, token in enumerate(doc.tokens):
            mask = triggers.get(token.text)
            if mask is None:
                if len(triggers) > CACHE_LIMIT:
                    triggers.clear()
                mask = 0 if maksura_word(token.text) else self._trigger_mask(token.text)
                triggers[token.text] = mask
            if not mask:
                continue
            if mask & _T_GAZ:
                found = self._gaz.lookup(doc.tokens, doc.forms, i, doc.stop[i])
                if found is not None:
                    out.append(candidate(doc, i, i + found.size, found.reading, found.entry.type, GAZETTEER))
            for bit, rule in rules:
                if mask & bit:
                    cand = rule(doc, i)
                    if cand is not None:
                        out.append(cand)
        return out

    def _trigger_mask(self, word: str) -> int:
        """Which rules can start at ``word`` (most words start none)."""
        gaz = self._gaz
        mask = _T_GAZ * any(r.form in gaz.first_len for r in name_readings(word))  # as ``lookup`` reads
        for r in readings(word):
            lead = r.prefix in LEAD
            mask |= _T_ORG * (lead and r.form in gaz.org_heads)
            mask |= _T_TITLE * (lead and (r.form in gaz.titles.longest or r.form in gaz.nisba.longest))
            mask |= _T_PLACE * (lead and r.form in gaz.place_heads.longest)
            mask |= _T_GIVEN * (lead and (r.form in gaz.given_phrases.longest
                                          or r.form in gaz.surname_first))
            mask |= _T_VERB * (r.prefix in _CONJ_LEAD and r.form in gaz.reporting)
            mask |= _T_CLUB * (lead and r.form in gaz.clubs)
        return mask

    def _club_rule(self, doc: Document, i: int) -> Candidate | None:
        """A club named by an ordinary word, where the game announces it."""
        reading = known_reading(doc.tokens[i].text, self._gaz.clubs)
        if reading is None or not self._announced_club(doc, i, reading):
            return None
        return candidate(doc, i, i + 1, reading, "organization", ORG)

    def _announced_club(self, doc: Document, i: int, reading: Reading, depth: int = 0) -> bool:
        """Whether the word before club word ``i`` (in its phrase) is a word of the game, or
        joins it to a club so announced: "[فاز] الهلال على النصر", "مباراة الأهلي والزمالك"."""
        if i == 0 or doc.stop[i - 1] != doc.stop[i] or depth > 2:
            return False
        before = doc.tokens[i - 1].text
        if known_reading(before, self._gaz.sport) is not None:
            return True
        if reading.prefix == "و":
            joined = known_reading(before, self._gaz.clubs)
            return joined is not None and self._announced_club(doc, i - 1, joined, depth + 1)
        if doc.forms[i - 1] in _FIXTURE and i >= 2:
            joined = known_reading(doc.tokens[i - 2].text, self._gaz.clubs)
            return joined is not None and self._announced_club(doc, i - 2, joined, depth + 1)
        return False

    def _org_rule(self, doc: Document, i: int) -> Candidate | None:
        reading = known_reading(doc.tokens[i].text, self._gaz.org_heads)
        if reading is None or doc.stop[i] == i + 1:
            return None
        j, stop = i + 1, doc.stop[i]
        size = self._gaz.domains.match(doc.forms, j, stop)
        if size:
            return candidate(doc, i, self._domain_end(doc, j + size, stop), reading, "organization", ORG)
        place = self._gaz.lookup(doc.tokens, doc.forms, j, stop)
        if place is not None and place.reading.cut == 0 and place.entry.type == "place":
            return candidate(doc, i, j + place.size, reading, "organization", ORG)
        if reading.form in CLUB_HEADS and doc.forms[j].startswith(ARTICLE) and len(doc.forms[j]) > 4:
            return candidate(doc, i, j + 1, reading, "organization", ORG)  # "نادي الهلال", "صحيفة الوطن"
        end = self._name_run(doc, j, 3)
        if end == j or (end < stop and doc.forms[end].startswith(ARTICLE)
                        and not self._gaz.nisba.match(doc.forms, end, stop)):
            return None  # "قيادة حرس الحدود": a common noun in a construct
        if doc.forms[j] in self._ordinary:
            return None  # "منظمة حقوق إنسان", "شركة نفط": a kind of body, not its name
        return candidate(doc, i, end, reading, "organization", ORG)

    def _domain_end(self, doc: Document, end: int, stop: int) -> int:
        """Where a body's name that names its field («وزارة [الشؤون]») ends: through the
        adjectives with the article that follow it («كلية الدراسات [التطبيقية]», «وكالة
        المخابرات [الداخلية الألمانية]»), three words at most. (Not a second field after «و»:
        «وزارة الداخلية والدفاع» is two ministries.)"""
        for _ in range(3):
            if end >= stop:
                break
            size = self._gaz.nisba.match(doc.forms, end, stop)
            form = doc.forms[end]
            if size:
                end += size
            elif _adjective(form):
                end += 1
            else:
                break
        return end

    def _place_rule(self, doc: Document, i: int) -> Candidate | None:
        size = self._phrase_at(self._gaz.place_heads, doc, i)
        j = i + size
        if not size or j >= doc.stop[i] or self._gaz.lookup(doc.tokens, doc.forms, j, doc.stop[i]):
            return None
        if doc.forms[j] in self._ordinary:
            return None  # «محطة عبور», «منطقة سكنية»: a kind of place, not its name
        end = self._name_run(doc, j, 2)
        return candidate(doc, j, end, None, "place", PLACE, trigger=i) if end > j else None

    def _title_rule(self, doc: Document, i: int) -> Candidate | None:
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
        if end > j and doc.forms[j] not in self._gaz.given and not self._shapes.lone_name(doc.tokens[j].text):
            return None
        if by_nationality and end - j < 2:
            return None  # "الفرنسي أرنو كليمان", but not "الأمريكي ضمن"
        return candidate(doc, j, end, None, "person", TITLE, trigger=i) if end > j else None

    def _given_rule(self, doc: Document, i: int) -> Candidate | None:
        for reading in readings(doc.tokens[i].text):
            if reading.prefix not in LEAD:
                continue
            if reading.form in self._gaz.surname_first:
                end = self._family_first(doc, i + 1, doc.stop[i])
            elif self._gaz.given_phrases.match(doc.forms, i, doc.stop[i], reading.form):
                end = self._person_run(doc, i, doc.stop[i], unknown_start=False,
                                       tail=(2, 0), first=reading.form)
            else:
                continue
            if end > i + 1 and not self._only_given(doc, i, end, reading.form):
                return candidate(doc, i, end, reading, "person", GIVEN)
            return None
        return None

    def _family_first(self, doc: Document, j: int, stop: int) -> int:
        """East Asian order: the family name, then exactly two name words
        ("كيم جونغ أون", "جو تشون ريونغ")."""
        if j + 2 > stop:
            return j
        for k in (j, j + 1):
            form = doc.forms[k]
            if self._known_other(doc, k) or not (form in self._gaz.given or self._shapes.nameish(doc.tokens[k].text)):
                return j
        return j + 2

    def _only_given(self, doc: Document, i: int, end: int, first: str) -> bool:
        """Whether the run is a single (possibly two-word) given name."""
        return self._gaz.given_phrases.match(doc.forms, i, end, first) == end - i

    def _verb_rule(self, doc: Document, i: int) -> Candidate | None:
        reading = known_reading(doc.tokens[i].text, self._gaz.reporting)
        if reading is None or reading.prefix not in _CONJ_LEAD:
            return None
        j = i + 1
        end = self._person_run(doc, j, doc.stop[i], unknown_start=True, tail=(2, 1))
        if end == j or (end == j + 1 and not self._shapes.lone_name(doc.tokens[j].text)):
            return None
        closes = end < len(doc.tokens) and (end == doc.stop[j] or doc.forms[end] in _THAT)
        return candidate(doc, j, end, None, "person", VERB, trigger=i) if closes else None

    # -- name runs ---------------------------------------------------------

    def _phrase_at(self, phrases: gazetteer.Phrases, doc: Document, i: int) -> int:
        """Length of a listed phrase at ``i``, its first word possibly prefixed."""
        for reading in readings(doc.tokens[i].text):
            if reading.prefix in LEAD:
                size = phrases.match(doc.forms, i, doc.stop[i], reading.form)
                if size:
                    return size
        return 0

    def _name_run(self, doc: Document, j: int, limit: int) -> int:
        """End of up to ``limit`` unknown name words from ``j`` (``j`` if none),
        for the name after an organisation or place head ("مركز ستيمسون").

        A particle ("بن", "آل") counts only when a name word follows; a
        later word starting with و is the conjunction unless it reads like a
        foreign name ("واتسون"); a listed place or organisation, or a verb
        ("ولاية أوكلاهوما [ارتفعت]"), ends the run.
        """
        gaz, shapes = self._gaz, self._shapes
        if j >= len(doc.tokens):
            return j
        stop, end, k, count = doc.stop[j], j, j, 0
        while k < stop and count < limit:
            form = doc.forms[k]
            if form in gaz.particles and k + 1 < stop:
                k += 1
                continue
            if k > j and (not shapes.surname_word(form, doc.tokens[k].text) or self._known_other(doc, k)
                          or verb_after_a_place(form)):
                break
            if not shapes.nameish(doc.tokens[k].text):
                break
            k += 1
            end, count = k, count + 1
        return end

    def _given_at(self, doc: Document, k: int, stop: int, first: str | None = None) -> int:
        """Size of a given name at ``k``: a listed one or "عبد"/"أبو" + a word."""
        if k >= stop:
            return 0
        size = self._gaz.given_phrases.match(doc.forms, k, stop, first)
        if size:
            return size
        if doc.forms[k] in _COMPOUND_HEADS and k + 1 < stop:
            nxt = doc.tokens[k + 1].text
            if self._shapes.nameish(nxt) or self._shapes.al_surname(nxt) or doc.forms[k + 1] in self._gaz.given:
                return 2
        return 0

    def _person_run(self, doc: Document, j: int, stop: int, *, unknown_start: bool,
                    tail: tuple[int, int], first: str | None = None) -> int:
        """End of a person's name from ``j`` (``j`` if none).

        Shape: a given name (or, when context announced a person, an unknown
        word), more given names joined by particles ("بن", "آل"), then a few
        unknown words — ``tail`` gives how many after a foreign and after an
        Arabic given name — and possibly a family name with the article
        ("خالد الفيصل"). Arabic given names are too often common words
        ("سالم", "عادل") to trust an unknown word after them without context.
        """
        gaz, shapes = self._gaz, self._shapes
        size = self._given_at(doc, j, stop, first)
        if size:
            foreign = (first or doc.forms[j]) in gaz.foreign_given
        elif unknown_start and j < stop and shapes.nameish(doc.tokens[j].text):
            size, foreign = 1, True
        else:
            return j
        given = size and not (unknown_start and not self._given_at(doc, j, stop, first))
        k = end = j + size
        while k < stop and end - j < _MAX_NAME:
            if doc.forms[k] in gaz.particles and k + 1 < stop:
                nxt = self._given_at(doc, k + 1, stop) or int(
                    shapes.nameish(doc.tokens[k + 1].text) or shapes.al_surname(doc.tokens[k + 1].text))
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
            if budget and shapes.surname_word(doc.forms[k], word):
                k = end = k + 1
                budget -= 1
                announced = False
                continue
            if shapes.al_surname(word, announced=announced):
                end = k + 1
            break
        return end

    def _known_other(self, doc: Document, k: int) -> bool:
        """Whether a listed place/organisation/other name starts at ``k``."""
        found = self._gaz.lookup(doc.tokens, doc.forms, k, doc.stop[k])
        return found is not None and found.entry.type != "person"


def _after_definite(doc: Document, i: int) -> bool:
    """Whether token ``i`` follows a definite word in the same phrase."""
    return i > 0 and doc.stop[i - 1] > i and doc.forms[i - 1].startswith(ARTICLE)


_DESCRIPTIONS = frozenset("الرسمي الرسميه الحكومي الحكوميه المحلي المحليه الحالي الحاليه الاعلامي الاعلاميه "
                          "الشهري الشهريه الاسبوعي الاسبوعيه اليومي اليوميه".split())
"""Adjectives that describe a body rather than name it («وكالة الأنباء المركزية الكورية
[الرسمية]»), as matching forms."""


def _adjective(form: str) -> bool:
    """An adjective with the article that can end a body's name, as a matching form: a nisba
    («التطبيقيه», «الداخليه»), not a description («الرسميه»)."""
    return form.startswith(ARTICLE) and len(form) > 5 and form.endswith(("ي", "يه")) and form not in _DESCRIPTIONS
