"""The recogniser's last pass: a name found once is found wherever it recurs.

An article usually gives a name in full, with the title or verb that
announces it, once, and then writes it bare or shortened ("ماثيو ميلر" …
"ثم قال ميلر"). So every name the earlier passes chose is looked for again
in the whole article, and so is a person's family name alone ("بوتين"
after "فلاديمير بوتين"), and a given name alone when one person of the article
bears it, linked to that person's full name. Only within one article: across
the archive, see ``site_builder.link.propagation``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from site_builder.ner.candidates import GAZETTEER, Candidate, candidate
from site_builder.ner.document import Document
from site_builder.ner.gazetteer import Gazetteer
from site_builder.text.tokens import readings


def echoes(doc: Document, chosen: Sequence[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Candidates for every later (or earlier) use of a name already found."""
    names: dict[tuple[str, ...], str] = {}
    for c in chosen:
        words = tuple(c.form.split())
        if _ordinary_body(gaz, words, c.type):
            continue  # «مجلة [الكتاب]» does not make every «الكتاب» of the article a magazine
        names.setdefault(words, c.type)
        for part in _short_forms(words, c.type, gaz):
            names.setdefault((part,), c.type)
    bare = set()  # given names that only stand for a person of the article, never found alone
    for first in given_names(chosen, gaz):
        if (first,) not in names:
            names[(first,)] = "person"
            bare.add(first)
    first_len: dict[str, int] = {}
    for words in names:
        first_len[words[0]] = max(first_len.get(words[0], 0), len(words))
    out = []
    firsts = first_len.keys()
    hits = {word for word in {t.text for t in doc.tokens} if not firsts.isdisjoint(_reading_forms(word))}
    for i, token in enumerate(doc.tokens):
        if token.text not in hits or doc.forms[i] != token.norm:
            continue
        for reading in readings(token.text):
            if reading.form in bare and (reading.prefix not in ("", "و") and len(reading.form) <= 3
                                         or _preposition_and_noun(gaz, token.text)):
                continue  # «لجان» is committees, not ل + «جان» after «جان الأسمر»; «[باسم] البنتاغون»
            top = min(first_len.get(reading.form, 0), doc.stop[i] - i)
            size = next((s for s in range(top, 0, -1)
                         if (reading.form, *doc.forms[i + 1:i + s]) in names), 0)
            if size:
                etype = names[(reading.form, *doc.forms[i + 1:i + size])]
                out.append(candidate(doc, i, i + size, reading, etype, GAZETTEER))
                break
    return out


def given_names(chosen: Sequence[Candidate], gaz: Gazetteer) -> dict[str, str]:
    """A given name alone stands for the one person of the article who bears it
    («علي» after «علي بن أبي طالب»): given name -> that person's full name, which the
    recogniser gives the bare given name as its key. A given name two of the article's
    persons share stands for neither."""
    people: dict[str, set[str]] = {}
    for c in chosen:
        words = c.form.split()
        if c.type == "person" and len(words) >= 2 and words[0] in gaz.given:
            people.setdefault(words[0], set()).add(c.form)
    return {first: next(iter(full)) for first, full in people.items() if len(full) == 1}


def _short_forms(words: tuple[str, ...], etype: str, gaz: Gazetteer) -> list[str]:
    """A person's family name: the last word, or the first for East
    Asian order ("كيم"); never a given name, a common word or an ordinary noun."""
    if etype != "person" or len(words) < 2:
        return []
    parts = []
    if words[0] in gaz.surname_first:
        parts.append(words[0])
    last = words[-1]
    if (len(last) >= 3 and last not in gaz.given and words[-2] not in gaz.particles
            and not any(r.form in gaz.common for r in readings(last)) and not _ordinary_noun(gaz, last)):
        parts.append(last)
    return parts


def _ordinary_body(gaz: Gazetteer, words: tuple[str, ...], etype: str) -> bool:
    """A body named by one dictionary word and no list («الكتاب» after «مجلة», «الشباب» after
    «نادي»): its kind announced it once; alone, the word is the word."""
    if etype != "organization" or len(words) != 1 or words in gaz.names:
        return False
    word = words[0]
    return word in gaz.ordinary or (word.startswith("ال") and word[2:] in gaz.ordinary)


def _preposition_and_noun(gaz: Gazetteer, word: str) -> bool:
    """A word that also reads as ب, ل or ك and an ordinary word: «باسم» is "in the name of"
    as often as Basim, so the given name alone is not echoed there."""
    return any(r.prefix[-1:] in ("ب", "ل", "ك") and r.form in gaz.ordinary for r in readings(word) if r.cut)


def _ordinary_noun(gaz: Gazetteer, word: str) -> bool:
    """An ordinary noun with the article, and no nisba: the dictionary knows «عيد» and «قيد»
    only as words, so the «العيد» of a misread «شمس العيد» is the feast wherever the article
    writes it, not someone's family name. («الأسد», «الفيصل» are names too; «المالكي» is a
    nisba.)"""
    return word.startswith("ال") and not word.endswith("ي") and word[2:] in gaz.ordinary


@lru_cache(maxsize=200_000)
def _reading_forms(word: str) -> frozenset[str]:
    return frozenset(r.form for r in readings(word))
