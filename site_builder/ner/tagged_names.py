"""Names the statistical tagger finds in an article, as candidates of the recogniser.

The recogniser's rules are precise but only see names their lists or their
context announce; the CRF tagger (``tagger.py``) generalises from annotated
news to names no list holds. It is given the article the way it was trained
(words and punctuation as tokens, one sentence per line or full stop) and
its PERS/LOC/ORG spans are mapped back onto the recogniser's word tokens, so
the rules can keep precedence and the usual echo pass can find the name
again elsewhere in the article. A name the tagger is unsure of (the CRF's
marginals: no word of it is inside a name with probability ``SURE``
or more) is left to the rules, unless the article has it twice or once
surely, or every word of it is a known name word: those guesses were wrong
about as often as right. MISC is left out: the tagger is least sure
of it. Only the tagger's first pass runs: in a site the echoes and the
archive's agreement already do what the second pass does (site-level F1
0.759 either way, ``bench/site_ner.py``), and it costs two fifths of the
tagging time.

The tagger (and numpy with it) is imported only when a site sets a model,
so a build with the rules alone never loads it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from site_builder.ner.candidates import TAGGED, Candidate, candidate
from site_builder.ner.conll import spans
from site_builder.ner.document import Document
from site_builder.ner.gazetteer import Gazetteer
from site_builder.ner.person_edges import function_word, indefinite
from site_builder.ner.word_shapes import LEAD
from site_builder.text.tokens import ARTICLE, Reading, Token, readings

TYPES = {"PERS": "person", "LOC": "place", "ORG": "organization"}
_PUNCT = re.compile(r"[^\w\s]")
_SENTENCE_END = frozenset(".!?؟")
SURE = 0.95
"""Probability (the CRF's marginal, ``crf.entity_odds``) that a word of a tagged name is
inside a name, from which the tagger counts as sure of the name: at least one of its words
must reach it. (Every word is too strict: the tagger is often unsure where a name begins,
«[تشوي] سون هوي» at 0.52, and not that it is one.) Measured by ``bench/site_ner.py`` against
keeping every tagged name: precision 0.819 → 0.834, recall 0.741 → 0.729, F1 0.778 either way."""


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    first: int
    """Index of the first word in the recogniser's token list."""
    stop: int
    type: str
    sure: bool = True
    """Whether some word of it is inside a name with probability ``SURE`` or more."""


@lru_cache(maxsize=4)
def load_tagger(path: Path):
    """One loaded model per file and process (workers load it once)."""
    from site_builder.ner.tagger import Tagger
    return Tagger.load(Path(path))


def tagged_candidates(gaz: Gazetteer, doc: Document, found: list[TaggedSpan]) -> list[Candidate]:
    """The tagger's names ``found`` in ``doc`` (``tagged_spans``) as candidates (the rules'
    ones win overlaps); a name the tagger is unsure of only if every word of it is a known
    name word (``_unsure_kept``)."""
    return [candidate(doc, span.first, span.stop, _clitics(gaz, doc.tokens[span.first].text, span.type),
                      span.type, TAGGED)
            for span in found
            if span.sure or _unsure_kept(gaz, doc.tokens[span.first:span.stop])
            or (span.type == "person" and _full_name(gaz, doc.tokens[span.first:span.stop]))]


def _unsure_kept(gaz: Gazetteer, tokens: Sequence[Token]) -> bool:
    """A name the tagger is unsure of stays when each of its words begins a listed name, is
    a given name or a word of people's names: the lists vouch for it («فلاديمير بوتين»
    said in a sentence the tagger reads poorly). Its other unsure names are as often
    wrong as right (about half, ``bench/site_ner.py``), so they are left to the rules."""
    words = gaz.name_words
    return all(any(r.form in gaz.first_len or r.form in gaz.given or r.form in words for r in readings(t.text))
               for t in tokens)  # «وأحمد» is و + a given name


def _full_name(gaz: Gazetteer, tokens: Sequence[Token]) -> bool:
    """A person's name of two words or more the tagger is unsure of stays when it begins with
    a given name and no word of it reads as anything but a name: no article, no dictionary
    word (bare, after a proclitic or before a pronoun), no particle, no tanween («جين
    شاركوه», «برند جوتشولك»: a known first name and a family name no list holds). Measured
    on the unsure persons of ``bench/site_ner.py``: 19 right for 6 wrong, where the rest
    are right one time in two."""
    if len(tokens) < 2 or not any(r.form in gaz.given or r.form in gaz.name_words for r in readings(tokens[0].text)):
        return False
    for token in tokens:
        for r in readings(token.text):
            if (r.form.startswith(ARTICLE) or r.form in gaz.ordinary or r.form in gaz.common
                    or function_word(r.form) or indefinite(token.text) or _with_pronoun(gaz, r.form)):
                return False
    return True


def _with_pronoun(gaz: Gazetteer, form: str) -> bool:
    """A dictionary word with a possessive pronoun («زوجته», «مرافقنا»), or with the
    accusative's alif («مبكرا»): a noun or an adverb of the sentence, not a name."""
    for ending in ("هما", "هم", "ها", "نا", "ه", "ا"):
        if form.endswith(ending) and len(form) - len(ending) >= 3:
            stem = form[:-len(ending)]
            if stem in gaz.ordinary or (stem.endswith("ت") and stem[:-1] + "ه" in gaz.ordinary):
                return True
    return False


def _clitics(gaz: Gazetteer, word: str, kind: str) -> Reading | None:
    """Where the tagger's name starts inside its first word ("وروسيا" → "روسيا").

    The tagger marks whole words, proclitics included; a prefix is cut off
    only when the whole word is no known name and what remains is one or starts
    with the article, so "فلاديمير" and "وليد" stay whole. For a person, a word of
    people's names in Wikidata counts as known («وبدر النخلي» is و + «بدر النخلي»);
    for other names it would cut «لجنة» and «بنك» into ل + «جنة», ب + «نك». A rest of
    three letters after a preposition must be a listed name, or a given name for a person
    («ليون» the club is Lyon, not ل + the given name «يون»; «وبدر» is و + «بدر»), and
    the article after ك does not make one («كاليفورنيا»).
    """
    options = readings(word)
    people = kind == "person"
    if _known(gaz, options[0].form, people) or options[0].form in gaz.ordinary:
        return None  # «بترول» is petroleum, not ب + the Antarctic station «ترول»
    for reading in sorted(options[1:], key=lambda r: r.cut):  # the shortest prefix first: و + «بدر», not وب + «در»
        if reading.prefix not in LEAD:
            continue
        if len(reading.form) <= 3 and reading.prefix not in ("و", "ف"):
            if reading.form in gaz.first_len or (people and reading.form in gaz.given):
                return reading  # ب + «قطر», ل + «علي»; not ل + «يون» in the club «ليون»
        elif _known(gaz, reading.form, people) or (reading.form.startswith(ARTICLE) and "ك" not in reading.prefix):
            return reading  # not ك + «اليفورنيا»: ك + the article begins few names
    return None


def _known(gaz: Gazetteer, form: str, people: bool) -> bool:
    """A listed name's first word, a given name, or (``people``) a word of people's names in
    Wikidata."""
    return form in gaz.first_len or form in gaz.given or (people and form in gaz.name_words)


def tagged_spans(tagger, docs: Sequence[Document]) -> list[list[TaggedSpan]]:
    """Each document's person, place and organisation spans over its tokens; the
    documents are tagged together (``Tagger.tag_many_with_odds``), as a build's batch."""
    laid = [_sentences(doc.text, doc.tokens) for doc in docs]
    results = tagger.tag_many_with_odds([sentences for sentences, _ in laid])
    out = []
    for doc, (_, words), (tagged, odds) in zip(docs, laid, results):
        found = []
        for where, tags, inside in zip(words, tagged, odds):
            for start, stop, kind in sorted(spans(tags)):
                first, last = where[start], where[stop - 1]
                if kind in TYPES and first >= 0 and last >= 0:
                    found.append(TaggedSpan(first, last + 1, TYPES[kind], float(inside[start:stop].max()) >= SURE))
        out.append(_repeated_are_sure(_doubled(found, doc.tokens), doc.tokens))
    return out


def _doubled(found: list[TaggedSpan], tokens: Sequence[Token]) -> list[TaggedSpan]:
    """A name written twice in a row is two mentions of it, not one longer name: a heading
    and the text that repeats it («سيغموند فرويد سيغموند فرويد (1856 - 1939)»)."""
    out = []
    for span in found:
        words = [t.text for t in tokens[span.first:span.stop]]
        half = len(words) // 2
        if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
            middle = span.first + half
            out += [dataclasses.replace(span, stop=middle), dataclasses.replace(span, first=middle)]
        else:
            out.append(span)
    return out


def _repeated_are_sure(found: list[TaggedSpan], tokens: Sequence[Token]) -> list[TaggedSpan]:
    """A name the tagger marks twice in the article, or once surely, is sure wherever the
    article writes it: each mention of «فرويد» may be read from thin context, but a
    tagger that keeps finding it is not guessing."""
    def key(span: TaggedSpan) -> tuple[str, ...]:
        return tuple(t.text for t in tokens[span.first:span.stop])

    times = Counter(key(span) for span in found)
    sure = {key(span) for span in found if span.sure}
    return [span if span.sure or not (key(span) in sure or times[key(span)] >= 2)
            else dataclasses.replace(span, sure=True) for span in found]


def _sentences(text: str, tokens: Sequence[Token]) -> tuple[list[list[str]], list[list[int]]]:
    """Tagger input: words and punctuation marks, split into sentences; and for
    each item the index of its word in ``tokens`` (-1 for punctuation)."""
    sentences: list[list[str]] = []
    where: list[list[int]] = []
    items: list[str] = []
    index: list[int] = []

    def close() -> None:
        if items:
            sentences.append(items[:])
            where.append(index[:])
        items.clear()
        index.clear()

    previous_end = 0
    for i, token in enumerate(tokens):
        gap = text[previous_end:token.start]
        if gap != " ":  # most words are one space apart
            _gap(gap, items, index, close)
        items.append(token.text)
        index.append(i)
        previous_end = token.end
    _gap(text[previous_end:], items, index, close)
    close()
    return sentences, where


def _gap(gap: str, items: list[str], index: list[int], close) -> None:
    for mark in _PUNCT.findall(gap):
        items.append(mark)
        index.append(-1)
        if mark in _SENTENCE_END:
            close()
    if "\n" in gap:
        close()
