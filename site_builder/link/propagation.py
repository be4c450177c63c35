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
    starts = _Starts(by_start)
    hits = [_unmarked(article, starts, written) for article in articles]
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


def _unmarked(article: Article, starts: "_Starts", written: frozenset[str]) -> list[tuple]:
    """(word index, size, proclitic cut, name words, type) of agreed names the article leaves unmarked."""
    words = WORD.findall(article.text)
    if written.isdisjoint(words):  # one set operation, no Python loop
        return []
    # The recogniser already marks every recurrence of a name it found in the
    # article, so only names the article has not marked at all are new.
    known = {tuple(m.key.split()) for m in article.mentions}
    hits = []
    after = 0
    last = len(words) - 1
    for i in [i for i, word in enumerate(words) if word in written]:  # the scan at C speed
        if i >= after and i < last:
            options = starts.of(words[i]).get(normalize_word(words[i + 1]))
            hit = _match(words, i, options) if options else None
            if hit is not None:
                after = i + hit[0]
                if hit[2] not in known:
                    hits.append((i, *hit))
    return hits


class _Starts:
    """The agreed names by the first word as written and the second word's matching form,
    the other words in a tree: most of an archive's «محمد» and «الأمم» are followed by no
    agreed second word, and «محمد بن» by hundreds of names, which the tree reads in one
    step a word instead of one comparison a name."""

    def __init__(self, by_start):
        self._by_first: dict[str, dict[str, dict]] = defaultdict(dict)
        for (first, second), options in by_start.items():
            tree: dict = {}
            for rest, kind in options:
                node = tree
                for part in rest:
                    node = node.setdefault(part, {})
                node.setdefault(None, kind)  # the name ends here
            self._by_first[first][second] = tree
        self._of: dict[str, dict[str, list]] = {}

    def of(self, word: str) -> dict[str, list]:
        """Second word -> (proclitic cut, first word's form, tree of the other words), in
        the order they are tried: the word's readings in turn."""
        found = self._of.get(word)
        if found is None:
            found = {}
            for reading in readings(word):
                for second, tree in self._by_first.get(reading.form, {}).items():
                    found.setdefault(second, []).append((reading.cut, reading.form, tree))
            self._of[word] = found
        return found


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


def _match(words: list[str], i: int, options: list):
    """(size in words, proclitic cut, name words, type) of the longest agreed name at word
    ``i`` for the first reading of it that begins one (``_Starts.of``)."""
    second = normalize_word(words[i + 1])
    for cut, first, tree in options:
        node, k, best = tree, i + 2, None
        if None in node:
            best = (k, node[None])
        while k < len(words):
            node = node.get(normalize_word(words[k]))
            if node is None:
                break
            k += 1
            if None in node:
                best = (k, node[None])
        if best is not None:
            stop, kind = best
            return stop - i, cut, (first, second, *(normalize_word(w) for w in words[i + 2:stop])), kind
    return None


def _one_phrase(text: str, spans, first: int, stop: int) -> bool:
    """No punctuation or line break between the words of a name."""
    return all(not text[spans[j - 1][1]:spans[j][0]].strip() and "\n" not in text[spans[j - 1][1]:spans[j][0]]
               for j in range(first + 1, stop))
