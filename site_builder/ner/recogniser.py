"""Named-entity recognition for one article: which passes run, in which order.

Over the article's words (``document.Document``), each pass proposes
candidates and ``candidates.select`` keeps the leftmost-longest ones among
the words no earlier pass took, so earlier passes take precedence:

0. The names of the site's curation file (``entities.toml``), before anything else.
1. *Tagger* (``tagged_names``), unless the site turned it off: the statistical
   tagger's names it is sure of, which read the words around a name better than any rule;
   but a listed name that begins with the same word and goes on further wins
   («كيم جونغ [أون]», «وزارة الخارجية [الأمريكية]»), a name ends before a word
   with the preposition ب («مجلس الأمن القومي بالبيت الأبيض»), a listed
   name keeps its listed type, and a person's name ends where its words
   stop being a name (``person_edges``: «نزار [يكتب]», «بلير [و]أولمرت»).
2. *Rules* (``rules``) on the words the tagger left: the longest gazetteer
   name at each word, and the names an organisation or place head announces
   («وزارة الداخلية», «منطقة عسير», which a tagger trained on other news
   misses). Without the tagger, also the persons context announces (a title,
   a reporting verb, a known given name): next to the tagger those rules add
   more wrong names than right ones («اتصالا تليفونيا», «مما آثار» as
   persons), as ``bench/site_ner.py`` measures.
3. *Echoes* (``echoes``): a name found once is found wherever it recurs in
   the article, and so is a person's family name alone; before them, two people
   the tagger read as one («يزود [بوتين] [كيم]») are two (``person_edges.two_people``),
   and a person's name inside an institution's («مركز الملك [فهد] الثقافي», «دوري
   [عبداللطيف جميل]») gives way to the institution (``named_after``), and a city the
   sentence makes a club («فاز [ليون]», «[بورتو] البرتغالي») is the club (``city_clubs``).

Last, a bare given name or a lone common word is dropped (also after و or ف: «وأين»): it
names no one in particular; so is a Hijri month («ربيع الأول») and a phrase of piety
(«بحمد الله»); nor does a preposition typed with ي for ى before a noun (``_preposition``:
«القضاء علي جذور الفتنة»), nor a place's adjective (``_is_adjective``: «الشركة السعودية»), nor a
dictionary word that only context made a person (``_dictionary_word``). Before all
passes, a media name in quotation marks is an organisation (``_quoted_media``). Data flows one way: word shapes and the document feed the
passes, the passes feed this module, and nothing imports it back.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from site_builder.errors import SiteError
from site_builder.model import Mention
from site_builder.ner import gazetteer
from site_builder.ner.candidates import GAZETTEER, ORG, TAGGED, TITLE, VERB, Candidate, candidate, select
from site_builder.ner.city_clubs import club_of_city
from site_builder.ner.coordinated import two_names
from site_builder.ner.document import Document
from site_builder.ner.echoes import echoes, given_names
from site_builder.ner.named_after import named_after
from site_builder.ner.person_edges import (FUNCTION_WORDS, PersonEdges, function_word, indefinite,
                                           named_after_a_nationality, two_people)
from site_builder.ner.rules import CLUB_HEADS, Rules
from site_builder.ner.tagged_names import TaggedSpan, load_tagger, tagged_candidates, tagged_spans
from site_builder.ner.word_shapes import WordShapes, plain
from site_builder.state.tables_cache import cached_tables
from site_builder.text.tokens import ARTICLE, known_reading, name_key, readings, tokenize

if TYPE_CHECKING:
    from site_builder.link.curation import Curation

CODE_VERSION = "entities-29"


def _model_digest(model: Path) -> str:
    try:
        return hashlib.sha256(Path(model).read_bytes()).hexdigest()
    except FileNotFoundError:
        raise SiteError("model file not found", model, None, "check the path") from None
    except OSError as exc:
        raise SiteError(f"cannot read the model ({exc.strerror})", model, None, "check the path") from None


def _tables(curation: "Curation | None", model: Path | None, curated) -> dict:
    """What a recogniser reads its texts with, built from the lists and the model (about
    1.4 s; ``cached_tables`` keeps it between processes)."""
    gaz = gazetteer.for_curation(curation)
    return {"_gaz": gaz, "_rules": Rules(gaz, WordShapes(gaz)), "_edges": PersonEdges(gaz),
            "_tagger": load_tagger(model) if model is not None else None, "_towns": gazetteer.town_phrases(),
            "_curated": frozenset(tuple(name_key(form).split()) for _, forms in curated for form in forms)}


class Recogniser:
    """Finds names in article text; picklable (rebuilds its tables on load)."""

    def __init__(self, curation: "Curation | None" = None, model: Path | None = None):
        self.curation = curation
        self.model = model
        model_digest = _model_digest(model) if model is not None else ""
        curated = curation.recogniser_names() if curation is not None else ()
        inputs = f"{CODE_VERSION}:{model_digest}:{model}:{curation.digest if curation else ''}:{curated!r}"
        tables = cached_tables("recogniser", inputs, lambda: _tables(curation, model, curated))
        self.__dict__.update(tables)
        self.version = hashlib.sha256(
            f"{CODE_VERSION}:{self._gaz.digest}:{model_digest}".encode()).hexdigest()[:12]

    def __getstate__(self) -> dict:
        return {"curation": self.curation, "model": self.model}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["curation"], state["model"])

    def recognise(self, text: str) -> tuple[Mention, ...]:
        return self.recognise_many([text])[0]

    def recognise_many(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
        """``recognise`` for each text, the tagger reading them all at once: the same
        mentions as text by text, in a fraction of the tagger's time (``Tagger.tag_many_with_odds``)."""
        docs = [Document(text, tokenize(text)) for text in texts]
        found = tagged_spans(self._tagger, docs) if self._tagger is not None else [[] for _ in docs]
        return [self._recognise(doc, spans) for doc, spans in zip(docs, found)]

    def _recognise(self, doc: Document, found: list[TaggedSpan]) -> tuple[Mention, ...]:
        """One document's mentions, given the tagger's spans in it (``found``)."""
        taken: set[int] = set()
        chosen = select(list(self._quoted_media(doc)), taken)
        if self._tagger is None:
            chosen += select(self._rules.candidates(doc), taken)
        else:
            rules = self._rules.candidates(doc, persons=False)
            chosen += select([g for g in rules if g.source == GAZETTEER and tuple(g.form.split()) in self._curated],
                             taken)  # the site owner's own names come before any guess
            chosen += select(self._edges.regnal(doc), taken)  # «عبدالله الثاني»
            tagged = [_named_by_kind(doc, self._listed_type(doc, _before_preposition(doc, c)))
                      for c in tagged_candidates(self._gaz, doc, found)]
            tagged = [part for c in tagged for shaped in self._edges.shape(doc, c)
                      for part in two_names(doc, shaped, self._gaz)  # «[النصر] و[الهلال]»
                      if not self._dictionary_word(doc, part)]  # leave its words to the rules
            tagged = named_after_a_nationality(doc, tagged)  # «والإسباني [أندير هيريرا]»
            listed = {}  # word -> the longest listed name over it
            for g in rules:
                if g.source == GAZETTEER:
                    for k in range(g.first, g.stop):
                        if k not in listed or g.stop - g.first > listed[k].stop - listed[k].first:
                            listed[k] = g
            chosen += select([c for c in tagged if not _inside_longer(listed.get(c.first), c, self._gaz)], taken)
            chosen += select(rules, taken)
        chosen = [c for c in two_people(doc, chosen)  # before it is echoed
                  if not self._dictionary_word(doc, c) and not self._honorific(c)]
        chosen = [self._named_after(doc, c, taken) for c in chosen]  # «مركز الملك [فهد] الثقافي»
        chosen = [club_of_city(doc, c, self._gaz) for c in chosen]  # «فاز [ليون]», «[بورتو] البرتغالي»
        chosen = [_without_kind(doc, c, self._gaz) for c in chosen]  # «قناة [الجزيرة]», «نادي [الهلال]»
        chosen = _nationality_of_the_person(chosen, self._gaz)  # «الاتحاد الأفريقي [الكاميروني عيسى حياتو]»
        chosen += select(echoes(doc, chosen, self._gaz), taken)
        full = given_names(chosen, self._gaz)
        chosen = [dataclasses.replace(c, form=full[c.form]) if c.type == "person" and c.form in full else c
                  for c in chosen]  # «ماجد» after «ماجد الحربي» is his
        mentions = (self._mention(doc, c) for c in chosen)
        return tuple(sorted((m for m in mentions if m is not None), key=lambda m: m.start))

    def _by_god(self, doc: Document, c: Candidate) -> bool:
        """A name «X الله» whose first word is ب and a word, cut off or not («بحمد»)."""
        word = doc.tokens[c.first].text
        if c.cut:
            return plain(word[:c.cut]).endswith("ب")
        return doc.forms[c.first] not in self._gaz.given and any(
            r.prefix.endswith("ب") for r in readings(word) if r.cut)

    def _prose(self, doc: Document, c: Candidate) -> bool:
        """``c`` is a phrase of prose (``prose_phrases.txt``), its first word read with or
        without proclitics («لحسن الحظ»)."""
        rest = tuple(doc.forms[c.first + 1:c.stop])
        return any((r.form, *rest) in self._gaz.prose for r in readings(doc.tokens[c.first].text))

    @staticmethod
    def _beside_a_month(doc: Document, c: Candidate) -> bool:
        """A Gregorian month's name is the word before or after ``c``, across brackets."""
        near = [doc.forms[j] for j in (c.first - 1, c.stop) if 0 <= j < len(doc.forms)]
        return any(form.removeprefix("و") in _MONTHS_OF_THE_YEAR for form in near)

    def _joined_common(self, word: str, form: str) -> bool:
        """A word that is و or ف and a common word, and no given name itself: «وأين» is
        "and where", which the tagger reads as a name at the start of a question. A word of
        people's names in Wikidata stays unless its hamza says otherwise: «واين» may be
        Wayne, «وأين» is not."""
        if form in self._gaz.given or (form in self._gaz.name_words and plain(word)[1:2] not in "أإآ"):
            return False
        return any(r.prefix in ("و", "ف") and r.form in self._gaz.common for r in readings(word))

    def _named_after(self, doc: Document, c: Candidate, taken: set[int]) -> Candidate:
        """``c``, or the institution named after that person, when its other words are free."""
        whole = named_after(doc, c, self._gaz)
        if whole is None:
            return c
        more = set(range(whole.first, c.first)) | set(range(c.stop, whole.stop))
        if more & taken:
            return c
        taken |= more
        return whole

    def _quoted_media(self, doc: Document):
        """A newspaper, channel or magazine named in quotation marks: after its kind
        («لصحيفة «الوئام»», «قناة «العربية»») or after a reporting verb and لـ («وقال
        لـ«الشرق الأوسط»»). It is an organisation, even when its name is a place's. The
        quotation marks end the phrase, so the name is the phrase that begins after «."""
        tokens = doc.tokens
        for i in _after_opening_quotes(doc):
            j = i - 1 if doc.forms[i - 1] or i < 2 else i - 2  # «لـ» may be typed «ل ـ»
            kind = _read_as(tokens[j].text, _MEDIA, "لبوف")
            said = doc.forms[j] == "ل" and j >= 1 and _read_as(tokens[j - 1].text, self._gaz.reporting, "وف")
            stop = doc.stop[i]
            closed = doc.text[tokens[stop - 1].end:tokens[stop - 1].end + 3].lstrip().startswith("»")
            if (kind or said) and closed and stop - i <= _QUOTED_WORDS:
                yield candidate(doc, i, stop, None, "organization", ORG)

    def _listed_type(self, doc: Document, c: Candidate) -> Candidate:
        """A name the tagger found and the gazetteer lists with exactly these words takes
        the list's type: the lists are curated, the tagger guesses from context (a phone
        named in a sentence about someone's habits is not a person). A person whose words
        are a town of GeoNames (``gazetteer.town_phrases``) is that town."""
        found = self._gaz.lookup(doc.tokens, doc.forms, c.first, c.stop)
        if found is not None and found.size == c.stop - c.first and found.entry.type != c.type:
            return dataclasses.replace(c, type=found.entry.type)
        if c.type == "person" and tuple(c.form.split()) in self._towns:
            return dataclasses.replace(c, type="place")  # «[خان يونس]», «حتى [ديار بكر]»
        return c

    def _honorific(self, c: Candidate) -> bool:
        """A one-word person that is a title with a pronoun («سموه», «معاليه», «سعادته»):
        his Highness, not a name."""
        if c.type != "person" or c.stop - c.first != 1 or not c.form.endswith("ه") or len(c.form) < 4:
            return False
        stem = c.form[:-1]
        if stem.endswith("ت"):
            stem = stem[:-1] + "ه"  # سعادة + ه is written سعادته
        return (stem,) in self._gaz.titles.items

    def _dictionary_word(self, doc: Document, c: Candidate) -> bool:
        """A one-word person that context alone announced (a title, a reporting verb, the
        tagger) and that is an ordinary word of the dictionary and no known given name, or
        a word with tanween: «الفريق جاهز» is a team that is ready, not General Jahiz, and
        «وقال فلان كلامًا» said words. A name the tagger alone found that is an ordinary
        noun with the article is none either («لكرة [القدم]», «[الشعر]»), nor a place or body
        the tagger alone found that is one ordinary word («محطة [عبور]», «ثورة [بركان]»), nor a
        kind of body and ordinary words without the article («منظمة حقوق»)."""
        words = c.form.split()
        if c.type == "place" and c.source == TAGGED and len(words) == 1 and self._article_on_a_place(c.form):
            return True  # «السيول» are floods: Seoul, «سيول», takes no article
        if c.type == "organization" and c.source == TAGGED and len(words) > 1 and words[0] in self._gaz.org_heads:
            return all(w in self._gaz.ordinary for w in words[1:])  # «منظمة حقوق»: a kind of body
        if c.stop - c.first != 1 or c.source not in (TITLE, VERB, TAGGED):
            return False
        if c.type != "person" or c.form.startswith("ال"):
            if c.source != TAGGED or (c.form,) in self._gaz.names:
                return False
            if c.form.startswith("ال"):
                return c.form[2:] in self._gaz.ordinary
            return c.type != "person" and c.form in self._gaz.ordinary  # «محطة [عبور]», «ثورة [بركان]»
        return indefinite(doc.tokens[c.first].text) or (c.form in self._gaz.ordinary and c.form not in self._gaz.given)

    def _indefinite_nisba(self, form: str) -> bool:
        """A feminine adjective without the article whose form with the article is a listed
        place («سعودية» beside «السعودية»): the country's name always has the article, so
        the bare word describes something Saudi («شركة سعودية», «المصانع سعودية»)."""
        return (form.endswith("يه") and not form.startswith(ARTICLE) and (form,) not in self._gaz.names
                and self._listed_place(ARTICLE + form))

    def _article_on_a_place(self, form: str) -> bool:
        """A word that is the article and a place listed without it, and that no list holds
        with the article: a place written bare («سيول», «لندن») never takes the article, so
        the word is something else («السيول», the floods)."""
        return (form.startswith(ARTICLE) and (form,) not in self._gaz.names
                and self._listed_place(form[len(ARTICLE):]))

    def _listed_place(self, form: str) -> bool:
        """A one-word form the lists give as a place."""
        entry = self._gaz.names.get((form,))
        return entry is not None and entry.type == "place"

    def _verb_with_pronoun(self, doc: Document, c: Candidate) -> bool:
        """A one-word place read after «و» from a word that ends in ه where the place is
        written with ة («جدة» typed «جده»), and whose letters before the ه are an ordinary
        word: «وجده» is «he found it» far more often than «and Jeddah»."""
        if c.stop - c.first != 1 or c.cut != 1:
            return False  # the cheap tests first: this runs for every place found
        word = plain(doc.tokens[c.first].text)
        return word.startswith("و") and word.endswith("ه") and c.form[:-1] in self._gaz.ordinary

    def _preposition(self, doc: Document, i: int) -> bool:
        """Word ``i`` is a preposition written with ي for ى («علي» for «على», as many type
        it), which is also a given name: it is the preposition when a noun follows in the
        same phrase (a word with the article or a pronoun, an ordinary word, or any word that is
        no name word, conjunction, particle or «أن») and no title comes before it. «الإمام علي
        ورجاله», «قال علي إن …» stay Ali."""
        form = doc.forms[i]
        if not form.endswith("ي") or form[:-1] + "ى" not in FUNCTION_WORDS or doc.stop[i] <= i + 1:
            return False
        if i > 0 and doc.stop[i - 1] > i - 1 and doc.forms[i - 1] in self._edges.titles:
            return False
        after = doc.forms[i + 1]
        if after.startswith(ARTICLE) or after.endswith(_PRONOUNS) or indefinite(doc.tokens[i + 1].text):
            return True
        joined = after[:1] in ("و", "ف") or after.startswith("لل")  # «علي ورجاله», «علي للخروج»
        return after in self._gaz.ordinary or not (after in self._gaz.name_words or joined or function_word(after)
                                               or after in _THAT)

    def _mention(self, doc: Document, c: Candidate) -> Mention | None:
        start = doc.tokens[c.first].start + c.cut
        end = doc.tokens[c.stop - 1].end
        if c.stop - c.first == 1 and c.source != ORG and (c.form,) not in self._gaz.names and (
                c.form in self._gaz.common or self._joined_common(doc.tokens[c.first].text, c.form)):
            return None  # a lone common word; a quoted media name («العربية») is a name
        if self._prose(doc, c):
            return None  # «لحسن الحظ»: fortunately
        if c.form in _MONTHS or (c.form in _LEVANTINE_MONTHS and self._beside_a_month(doc, c)):
            return None  # «ربيع الأول», «نيسان (أبريل)»: a month
        if c.type == "person" and c.form.endswith(" الله") and c.stop - c.first == 2 and self._by_god(doc, c):
            return None  # «بحمد الله», «بتوفيق الله»: by God's grace, not Hamdallah
        if c.type == "person" and c.form in self._gaz.given and c.form not in self._gaz.surname_first:
            return None  # a bare given name: which of the many?
        if c.type == "place" and _is_adjective(doc, c):
            return None  # «الخطوط السعودية»: the adjective, not the country
        if c.type != "person" and c.stop - c.first == 1 and self._indefinite_nisba(c.form):
            return None  # «شركة سعودية»: a Saudi company
        if c.type == "place" and self._verb_with_pronoun(doc, c):
            return None  # «ما وجده»: what he found, not «و» and Jeddah typed «جده»
        if c.stop - c.first == 1 and self._preposition(doc, c.first):
            return None  # «القضاء علي جذور الفتنة»: على written with ي, not Ali
        text = doc.text[start:end]
        if _LATIN_LOWER.fullmatch(text):
            return None  # «webkit-gradient»: code or an address; Latin names are capitalised
        return Mention(start, end, text, c.type, c.form)


def _after_opening_quotes(doc: Document) -> list[int]:
    """Indices ``i >= 1`` of the words with an opening quotation mark («) between them and
    word ``i - 1``, in order: found from the marks in the text, not by reading every gap."""
    tokens, text = doc.tokens, doc.text
    if "«" not in text:
        return []
    starts = [t.start for t in tokens]
    found: list[int] = []
    at = text.find("«")
    while at >= 0:
        i = bisect.bisect_right(starts, at)
        if 1 <= i < len(tokens) and tokens[i - 1].end <= at and (not found or found[-1] != i):
            found.append(i)
        at = text.find("«", at + 1)
    return found


def _inside_longer(g: Candidate | None, c: Candidate, gaz: gazetteer.Gazetteer) -> bool:
    """Listed name ``g`` holds tagged name ``c`` and goes on further: «كيم جونغ [أون]»; or
    begins before the organisation ``c`` that no list holds («[مجلس] الأعمال السعودي
    الأمريكي»; but «حركة [طالبان]» keeps the listed «طالبان», as ANERcorp marks it), or
    before the place ``c`` and is a country («[جنوب] أفريقيا», «[غينيا] الاستوائية»; a
    region, «شرق أفريقيا», leaves the place, as ANERcorp marks it), or is a listed
    organisation holding the place or person ``c`` («وكالة أنباء [الشرق الأوسط]»,
    «اتحاد [أميركا] الجنوبية لكرة القدم»: the body, not the region or the country)."""
    if g is None or g.first > c.first or g.stop < c.stop:
        return False
    if g.first == c.first:
        return g.stop > c.stop
    if g.type == c.type == "place" and g.form in gaz.countries:
        return True  # «[جنوب] أفريقيا»: the country, not the continent (but «شرق [أفريقيا]»)
    if g.type == "organization" and c.type in ("place", "person"):
        return True  # «وكالة أنباء [الشرق الأوسط]», «اتحاد [أميركا] الجنوبية لكرة القدم»
    return g.type == c.type == "organization" and tuple(c.form.split()) not in gaz.names


def _named_by_kind(doc: Document, c: Candidate) -> Candidate:
    """A name right after «نادي», «صحيفة», «جريدة» or «مجلة», or beginning with one and a word
    with the article, is that club or paper, whatever the tagger took it for: «صحيفة
    [الرياض]» is no city, «[نادي الهلال]» no person. (Where the tagger leaves the kind
    outside the name, so does this.)"""
    if c.type == "organization":
        return c
    inside = c.stop - c.first >= 2 and c.form.split()[0] in CLUB_HEADS and (
        doc.forms[c.first + 1].startswith(ARTICLE) or c.type == "person")  # «[نادي رضوى]» is no person
    before = c.first > 0 and doc.stop[c.first - 1] > c.first and \
        known_reading(doc.tokens[c.first - 1].text, CLUB_HEADS) is not None
    return dataclasses.replace(c, type="organization") if inside or before else c


_KIND_WORDS = CLUB_HEADS | {"قناه", "فضائيه", "اذاعه"}
"""Words naming the kind of a club, paper or channel, as matching forms."""
_KIND_PREFIXES = frozenset({"", "و", "ف", "ل", "ب", "ول", "وب", "فل"})
"""Proclitics such a kind word may carry («ولنادي», «بصحيفة»)."""


def _without_kind(doc: Document, c: Candidate, gaz: gazetteer.Gazetteer) -> Candidate:
    """A club, paper or channel named with its kind («نادي الهلال», «قناة الجزيرة») is
    marked from its name on: the kind stays outside, like a title («الرئيس [فلان]»), so
    «الهلال» written alone is the same name, and alias resolution reads the kind
    before the name to keep «نادي الجزيرة» and «قناة الجزيرة» apart (as ANERcorp marks
    them: its heads are outside the name nine times in ten)."""
    if c.type != "organization" or c.stop - c.first < 2:
        return c
    reading = known_reading(doc.tokens[c.first].text, _KIND_WORDS)
    if reading is None or reading.prefix not in _KIND_PREFIXES:
        return c
    if reading.form == "قناه":
        place = gaz.lookup(doc.tokens, doc.forms, c.first + 1, c.stop)
        if place is not None and place.entry.type == "place":
            return dataclasses.replace(c, type="place")  # «قناة السويس»: the canal, not a channel
    return candidate(doc, c.first + 1, c.stop, None, "organization", ORG)


def _nationality_of_the_person(chosen: list[Candidate], gaz: gazetteer.Gazetteer) -> list[Candidate]:
    """A body's name of three words or more that ends with a country's masculine adjective
    right before a person's name gives the adjective back: it is the person's
    («رئيس الاتحاد الأفريقي الكاميروني عيسى حياتو» is the Cameroonian Issa Hayatou, president of
    the African federation). The word then belongs to neither name."""
    starts = {c.first for c in chosen if c.type == "person"}
    out = []
    for c in chosen:
        words = c.form.split()
        if (c.type == "organization" and len(words) >= 3 and c.stop in starts
                and _country_adjective(gaz, words[-1])):
            c = dataclasses.replace(c, stop=c.stop - 1, form=" ".join(words[:-1]))
        out.append(c)
    return out


def _country_adjective(gaz: gazetteer.Gazetteer, form: str) -> bool:
    """A masculine adjective of a country, as a matching form: «الكاميروني» of «الكاميرون»,
    «المصري» of «مصر», «الفرنسي» of «فرنسا», «الألماني» of «ألمانيا»."""
    if not (form.startswith("ال") and form.endswith("ي")) or len(form) < 5:
        return False
    stem = form[2:-1]
    return any(name in gaz.countries for name in (
        "ال" + stem, stem, stem + "ا", stem + "يا", "ال" + stem + "ا", "ال" + stem + "يه"))


def _before_preposition(doc: Document, c: Candidate) -> Candidate:
    """A tagged name ends before a word that takes the preposition ب with the article: «مجلس
    الأمن القومي [بالبيت الأبيض]» is the council at the White House, «معهد البراكين
    [بالفلبين]» the institute in the Philippines; or with the kind of a club, paper or
    channel: «فريق كرة القدم [بنادي الاتحاد]» is the team at the club."""
    for j in range(c.first + 1, c.stop):
        word = doc.tokens[j].text
        if word.startswith("ب") and any(r.prefix == "ب" and (r.form.startswith(ARTICLE) or r.form in _KIND_WORDS)
                                        for r in readings(word)):
            return dataclasses.replace(c, stop=j, form=" ".join(c.form.split()[:j - c.first]))
    return c


_LATIN_LOWER = re.compile(r"[a-z0-9][a-z0-9 ._-]*")
"""Latin text without a capital letter."""

_PLURALS = frozenset("""الخطوط الاسهم البنوك الاسواق المصارف الموانيء الموانئ الحدود الاراضي المدارس الصحف
الانباء الشؤون الجهود المنتخبات القوات الشركات الجامعات السلطات الجهات الطائرات""".split())
"""Plurals of things, which take a feminine adjective (الأسهم السعودية), written as matching forms."""


def _is_adjective(doc: Document, c: Candidate) -> bool:
    """A one-word place that is also its people's adjective (السعودية, the feminine nisba),
    written without a particle right after a definite noun it can agree with: a feminine
    noun (الشركة، الحكومة، القوات) or a plural of things (الخطوط، الأسهم). After a verb, a
    preposition, a masculine noun (زار الملك السعودية) or with a particle (والسعودية) it is
    the country."""
    form = c.form
    if c.stop - c.first != 1 or c.cut or c.first == 0 or not (form.startswith("ال") and form.endswith("يه")):
        return False
    if doc.stop[c.first - 1] <= c.first:
        return False  # punctuation between: not one phrase
    noun = doc.forms[c.first - 1]
    for particle in ("و", "ف", "ب", "ك"):
        if noun.startswith(particle + "ال"):
            noun = noun[1:]
    if noun.startswith("لل"):
        noun = "ال" + noun[2:]
    return noun.startswith("ال") and len(noun) > 3 and (noun.endswith(("ه", "ات")) or noun in _PLURALS)


_THAT = frozenset({"ان", "انه", "انها", "انهم"})
_MONTHS = frozenset({"ربيع الاول", "ربيع الثاني", "ربيع الاخر", "جمادي الاولي", "جمادي الاول", "جمادي الاخره",
                     "جمادي الثانيه", "جمادي الاخر", "جمادي الثاني"})
"""Hijri months whose names read as a given name and an ordinal («في [ربيع الأول] 1435هـ»),
as matching forms: a date, not King Rabi the First."""
_LEVANTINE_MONTHS = frozenset({"كانون الثاني", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول",
                               "تشرين الاول", "تشرين الثاني", "كانون الاول"})
_MONTHS_OF_THE_YEAR = frozenset("يناير فبراير مارس ابريل مايو يونيو يونيه يوليو يوليه اغسطس سبتمبر اكتوبر نوفمبر "
                                "ديسمبر".split())
"""The Syriac month names and the Gregorian ones the press writes beside them, as matching
forms: «في نيسان (أبريل)» and «أبريل (نيسان)» are dates, whatever Nissan the carmaker is."""
"""«قال علي إن …»: a conjunction after a speaker, never after the preposition."""
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")
"""Endings of a noun with a possessive pronoun («وصوله», «دراجته»)."""

_MEDIA = frozenset({"صحيفه", "جريده", "مجله", "قناه", "اذاعه"})
"""Kinds of media whose name follows in quotation marks, as matching forms."""
_QUOTED_WORDS = 4
"""Words a quoted media name may have («الشرق الأوسط», «الحياة الجديدة»)."""


def _read_as(word: str, known: frozenset[str], particles: str) -> bool:
    """Whether ``word`` is one of ``known``, bare or after one of the one-letter ``particles``."""
    reading = known_reading(word, known)
    return reading is not None and (reading.prefix == "" or reading.prefix in tuple(particles))
