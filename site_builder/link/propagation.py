"""Names marked across the archive: a full name that articles marked is
marked in the other articles that write it.

The recogniser only marks a name where a list or its context announces it
("الرئيس فلاديمير بوتين", "وزارة الخارجية"); an article that mentions the same
full name without such a clue would leave it plain. After every article is
analysed, the full names (two words or more) the archive agrees on — every
article that marked one gave it the same type, or nearly — are looked for in
all articles, and each unmarked occurrence becomes a mention too. One-word
names are left out: "عباس" or "سلمان" alone name too many people.

``site_builder.ner.agreement`` spreads names too, but only within one input
to the statistical tagger (one article), on its tags, and also makes their
types agree. This module works on the finished mentions of every article
(rules, tagger and echoes alike), spreads only full names marked by at least
``MIN_ARTICLES`` articles, and never changes a type.

Cheap enough to run on every build: one pass over each article's words with
cached word readings. It runs before alias resolution, so curation (suppress,
merge, retype) applies to the new mentions like to any other.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from typing import Sequence

from site_builder.text.tokens import NAME_PREFIXES, WORD, normalize_word, readings
from site_builder.model import Article, Mention

AGREEMENT = 0.9
"""Share of a name's mentions that must carry its most common type."""
SHARE = 0.2
"""Share of the articles using a name that must have marked it themselves."""
MIN_ARTICLES = 2
"""A name marked in a single article may be that article's mistake: it is not spread."""
_TYPES = ("person", "place", "organization")


def propagate(articles: Sequence[Article]) -> list[Article]:
    """The articles, each with the archive's agreed full names it mentions added."""
    names, firsts, marked_in = agreed_names(articles)
    if not names:
        return list(articles)
    by_start: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for words, kind in sorted(names.items()):
        by_start[words[:2]].append((words[2:], kind))  # every name has two words at least
    for options in by_start.values():
        options.sort(key=lambda option: -len(option[0]))  # longest name first
    written = _as_written(firsts)
    hits = [_unmarked(article, by_start, written) for article in articles]
    # A phrase the rules marked in a handful of articles but that hundreds of
    # others use unmarked ("مما أدى") was a mistake of the rules, not a name.
    unmarked_in = Counter(name for found in hits for name in {hit[3] for hit in found})
    trusted = {name for name, n in unmarked_in.items()
               if marked_in[name] >= MIN_ARTICLES and marked_in[name] >= SHARE * (marked_in[name] + n)}
    return [_with_names(article, [hit for hit in found if hit[3] in trusted]) if found else article
            for article, found in zip(articles, hits)]


def agreed_names(articles: Sequence[Article]):
    """Full names (as matching-key words) with the type the archive agrees on; the
    first words of those names as the articles write them; and how many articles
    mark each name."""
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    spelt: dict[tuple[str, ...], set[str]] = defaultdict(set)
    marked_in: Counter = Counter()
    for article in articles:
        here = set()
        for mention in article.mentions:
            words = tuple(mention.key.split())
            if len(words) >= 2:
                votes[words][mention.type] += 1
                spelt[words].add(mention.text.split()[0])
                here.add(words)
        marked_in.update(here)
    agreed = {}
    firsts: set[str] = set()
    for words, counts in votes.items():
        kind, n = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if kind in _TYPES and n >= AGREEMENT * sum(counts.values()):
            agreed[words] = kind
            firsts |= spelt[words]
    return agreed, firsts, marked_in


def _as_written(firsts: set[str]) -> frozenset[str]:
    """Each first word also with the proclitics a name can carry ("وفلاديمير", "للأمم")."""
    out = set()
    for word in firsts:
        out.update(prefix + word for prefix in NAME_PREFIXES)
        if word.startswith(("ال", "أل", "إل")):
            out.update(prefix + word[2:] for prefix in ("لل", "ولل", "فلل"))
    return frozenset(out)


def _unmarked(article: Article, by_start, written: frozenset[str]) -> list[tuple]:
    """(word index, size, proclitic cut, name words, type) of agreed names the article leaves unmarked."""
    words = WORD.findall(article.text)
    if written.isdisjoint(words):  # one set operation, no Python loop
        return []
    # The recogniser already marks every recurrence of a name it found in the
    # article, so only names the article has not marked at all are new.
    known = {tuple(m.key.split()) for m in article.mentions}
    hits = []
    after = 0
    for i, word in enumerate(words):
        if i >= after and word in written:
            hit = _match(words, i, by_start)
            if hit is not None:
                after = i + hit[0]
                if hit[2] not in known:
                    hits.append((i, *hit))
    return hits


def _with_names(article: Article, hits: list[tuple]) -> Article:
    if not hits:
        return article
    text = article.text
    spans = [m.span() for m in WORD.finditer(text)]  # only now: few articles get here
    marked = [(m.start, m.end) for m in article.mentions]
    found: list[Mention] = []
    for i, size, cut, name, kind in hits:
        start, end = spans[i][0] + cut, spans[i + size - 1][1]
        if _one_phrase(text, spans, i, i + size) and not any(s < end and start < e for s, e in marked):
            found.append(Mention(start, end, text[start:end], kind, " ".join(name)))
    if not found:
        return article
    mentions = tuple(sorted((*article.mentions, *found), key=lambda m: (m.start, m.end)))
    return dataclasses.replace(article, mentions=mentions)


def _match(words: list[str], i: int, by_start):
    """(size in words, proclitic cut, name words, type) of the longest agreed name at word ``i``."""
    if i + 1 >= len(words):
        return None
    second = normalize_word(words[i + 1])
    for reading in readings(words[i]):
        for rest, kind in by_start.get((reading.form, second), ()):
            stop = i + 2 + len(rest)
            if stop <= len(words) and all(normalize_word(words[i + 2 + k]) == part for k, part in enumerate(rest)):
                return len(rest) + 2, reading.cut, (reading.form, second, *rest), kind
    return None


def _one_phrase(text: str, spans, first: int, stop: int) -> bool:
    """No punctuation or line break between the words of a name."""
    return all(not text[spans[j - 1][1]:spans[j][0]].strip() and "\n" not in text[spans[j - 1][1]:spans[j][0]]
               for j in range(first + 1, stop))
