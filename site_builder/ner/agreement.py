"""The tagger's names made consistent within one input: one type per name,
and its untagged repeats tagged too.

An input is what the tagger is given at once: one article in a site build,
the whole file on the command line (``ner tag``). The second CRF pass
already sees what the first said about the same stem elsewhere in it, but
only as evidence; it can still call a name a place in one sentence and an
organisation in the next, or leave one occurrence of it plain. This pass
settles that after decoding, on whole spans:

1. every span takes the type most spans with the same stems carry, when at
   least two thirds of them agree;
2. an untagged run of words spelling the stems of a tagged span becomes that
   entity too, when the input tagged it at least 30 % of the times it wrote
   it (so a word the tagger mostly leaves plain stays plain).

``site_builder.link.propagation`` spreads names too, but across the archive
and after recognition: it adds the full names that several articles marked
to the articles that left them plain, and changes no type. This pass never
looks beyond one input, changes types, and spreads one-word names as well.

Works on BIO tags and stems only, so the command-line tagger and the site
build share it. Cross-validated on ANERcorp (``bench/ner_cv.py``) it raised
micro F1 on every fold; the thresholds are the ones measured there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable, Sequence

from site_builder.ner.conll import spans as entity_spans

TYPE_AGREEMENT = 2 / 3
"""Share of a name's spans that must carry a type for the others to take it."""
TAGGED_SHARE = 0.3
"""Share of a name's occurrences that must be tagged for the rest to be."""
MIN_CHARS = 3
"""Shorter names (one- or two-letter stems) are never spread."""


def agree(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
          stem: Callable[[str], str]) -> list[list[str]]:
    """Tags with types made consistent, then recurring names marked (see module doc)."""
    out = [list(t) for t in tags]
    named = [i for i, labels in enumerate(out) if labels.count("O") != len(labels)]
    if not named:
        return out  # nothing to agree on or to spread
    stems = [list(map(stem, words)) for words in sentences]
    out = _retype(stems, out, named)
    return _spread(stems, out, named)


def _types(stems, tags, named: list[int]) -> dict[tuple[str, ...], Counter]:
    """Each tagged name's stems and how often each type was given to them, over the
    sentences ``named`` (the others have no name)."""
    found: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for i in named:
        st = stems[i]
        for a, b, kind in entity_spans(tags[i]):
            found[tuple(st[a:b])][kind] += 1
    return found


def _settled(counts: Counter) -> str | None:
    kind, n = counts.most_common(1)[0]
    return kind if n / sum(counts.values()) >= TYPE_AGREEMENT else None


def _mark(labels: list[str], a: int, b: int, kind: str) -> None:
    labels[a] = "B-" + kind
    labels[a + 1:b] = ["I-" + kind] * (b - a - 1)


def _retype(stems, tags, named: list[int]):
    types = _types(stems, tags, named)
    for i in named:
        st, labels = stems[i], tags[i]
        for a, b, kind in entity_spans(labels):
            settled = _settled(types[tuple(st[a:b])])
            if settled is not None and settled != kind:
                _mark(labels, a, b, settled)
    return tags


def _spread(stems, tags, named: list[int]):
    types = _types(stems, tags, named)
    lengths: dict[str, set[int]] = defaultdict(set)  # first stem -> name lengths
    for key in types:
        lengths[key[0]].add(len(key))
    by_first = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
    firsts = by_first.keys()
    holding = [k for k, st in enumerate(stems) if not firsts.isdisjoint(st)]  # the others have no name's stems
    written: Counter = Counter()
    for k in holding:
        st = stems[k]
        for i, s in enumerate(st):
            if s in by_first:
                written.update(key for n in by_first[s] if (key := tuple(st[i:i + n])) in types)
    for k in holding:
        st, labels = stems[k], tags[k]
        i = 0
        while i < len(st):
            first = by_first.get(st[i])
            i += _spread_at(st, labels, i, first, types, written) if first else 1
    return tags


def _spread_at(st, labels, i, lengths, types, written) -> int:
    """Mark the longest name starting at ``i`` if it may be; returns words consumed."""
    for n in lengths:
        key = tuple(st[i:i + n])
        counts = types.get(key) if len(key) == n else None
        if counts is None or any(t != "O" for t in labels[i:i + n]):
            continue
        if i + n < len(labels) and labels[i + n].startswith("I-"):
            continue  # would cut an entity that goes on after the run
        kind = _settled(counts)
        if (kind is not None and len("".join(key)) >= MIN_CHARS
                and sum(counts.values()) / written[key] >= TAGGED_SHARE):
            _mark(labels, i, i + n, kind)
            return n
    return 1
