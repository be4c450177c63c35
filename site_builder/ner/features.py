"""Feature templates for the named-entity tagger.

Every feature belongs to exactly one word of the window (or to the pair of
the word and a neighbour), so the tagger can precompute, once per word type,
what that word contributes to the score of every label at every window
offset. Tagging then costs a few array lookups per token instead of building
and hashing ~50 strings per token.
"""

from __future__ import annotations

import gzip
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Callable

from site_builder.text.fold import tagger_key
from site_builder.text.tokens import strip_proclitics
from site_builder.errors import SiteError

OFFSETS = (-2, -1, 0, 1, 2)
PAD_LEFT = "<s>"
PAD_RIGHT = "</s>"

Clusters = dict[str, tuple[str, ...]]
Lexicon = dict[str, tuple[str, ...]]

# The project's hand-written name lists (see data/README.md) and the short
# code each gives its words. Membership is a feature, not a decision: the CRF
# learns how much each list is worth.
LEXICON_FILES = {
    "places.txt": "pl", "cldr_cities.tsv": "pl", "cldr_territories.tsv": "pl",
    "geonames_places.tsv": "gpl",
    "organizations.txt": "or", "persons.txt": "pe", "misc.txt": "mi",
    "given_names.txt": "gn", "foreign_given_names.txt": "gn", "surname_first.txt": "gn",
    "titles.txt": "ti", "org_heads.txt": "oh", "org_domains.txt": "od",
    "place_heads.txt": "ph", "nisba.txt": "ni", "reporting_verbs.txt": "rv",
    "common_words.txt": "cw",
}
# Word lists whose second column names each word's classes, one code per class.
CLASSED_FILES = {
    "arramooz_words.tsv": {"name": "ap", "frequent": "ap:f", "word": "ac"},
    "wikidata_names.tsv": {"given": "wg", "surname": "ws", "name": "wu", "part": "wn:m"},
}


def load_clusters(path: Path) -> Clusters:
    """Read ``word<TAB>id<TAB>id...`` lines (gzip; coarse to fine), ``#`` comments."""
    table: Clusters = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                word, *ids = line.rstrip("\n").split("\t")
                table[word] = tuple(ids)
    except OSError as exc:
        raise SiteError(f"cannot read word clusters: {exc}", path) from None
    return table


def load_lexicon(data_dir: Path) -> Lexicon:
    """Word -> list codes from the shipped word lists; missing files are skipped.

    A word of a multi-word entry is marked with the list code and ':m', so
    "كوريا" in "كوريا الشمالية" is told apart from a one-word place.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for name, code in LEXICON_FILES.items():
        path = Path(data_dir) / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            entries = [line.split("\t")[0]] if name.endswith(".tsv") else line.split("|")
            for entry in entries:
                words = [tagger_key(w) for w in entry.split()]
                tag = code if len(words) == 1 else code + ":m"
                for w in words:
                    found[w].add(tag)
    for name, codes in CLASSED_FILES.items():
        path = Path(data_dir) / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                word, classes = line.split("\t")
                found[tagger_key(word)].update(codes[c] for c in classes.split(","))
    return {w: tuple(sorted(codes)) for w, codes in found.items()}


_SHAPE_TABLE = str.maketrans(
    {**{chr(c): "ع" for c in range(0x0621, 0x064B)}, **{chr(c): "ع" for c in range(0x0671, 0x06D4)},
     **{d: "0" for d in "0123456789٠١٢٣٤٥٦٧٨٩"},
     **{c: "a" for c in "abcdefghijklmnopqrstuvwxyz"},
     **{c: "A" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}})


def shape(word: str) -> str:
    """Character classes with runs collapsed: 'ع' Arabic, 'a'/'A' Latin, '0' digit."""
    classes = word.translate(_SHAPE_TABLE)
    if not classes.strip(classes[:1]):  # the common case: one class throughout
        return classes[:1]
    return "".join(c for c, _ in groupby(classes))[:6]


@dataclass
class WordFeatures:
    """What one word type contributes at each window offset.

    ``base[o]`` holds the feature names without their offset; the model
    keeps one index per offset, so tagging never builds the prefixed names.
    """

    base: dict[int, tuple[str, ...]]
    norm: str
    stem: str
    _named: dict[int, tuple[str, ...]] | None = None

    @property
    def by_offset(self) -> dict[int, tuple[str, ...]]:
        """Full feature names, offset first (as the trainer sees them)."""
        if self._named is None:
            self._named = {o: tuple(offset_name(o, f) for f in feats)
                           for o, feats in self.base.items()}
        return self._named


def offset_name(offset: int, feature: str) -> str:
    return f"{offset}{feature}" if offset else feature


def split_offset(name: str) -> tuple[int, str]:
    """Inverse of ``offset_name``: own features never start with a digit or '-'."""
    if name[:1] == "-":
        return int(name[:2]), name[2:]
    if name[:1] in ("1", "2"):
        return int(name[:1]), name[1:]
    return 0, name


WORD_CACHE_LIMIT = 500_000
"""Word types whose features are kept (the cache is emptied when full). A type's features
take about 1.5 KB, and every new word of an archive adds one (130,000 types after 4,000
news articles), so without a bound the cache of a long preview or a very large archive
grows without end; this one holds it under about 750 MB. A much smaller bound costs
speed: at 50,000 types the tagger was about a tenth slower (``bench/ner_speed.py``)."""


class FeatureExtractor:
    def __init__(self, clusters: Clusters | None = None, lexicon: Lexicon | None = None,
                 priors: dict[str, tuple[str, ...]] | None = None):
        self.clusters = clusters or {}
        self.lexicon = lexicon or {}
        self.priors = priors or {}  # type_prior codes per word
        self.width = len(next(iter(self.clusters.values()))) if self.clusters else 0
        self._cache: dict[str, WordFeatures] = {}

    def word(self, token: str) -> WordFeatures:
        found = self._cache.get(token)
        if found is None:
            if len(self._cache) >= WORD_CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[token] = self._extract(token)
        return found

    def _cluster(self, norm: str, stem: str) -> tuple[str, ...]:
        ids = self.clusters.get(norm)
        if ids is not None:
            return ids
        ids = self.clusters.get(stem)
        return tuple("s" + i for i in ids) if ids is not None else ("?",) * self.width

    def _lexicon(self, norm: str, clitic: str, stem: str) -> tuple[str, ...]:
        if not self.lexicon:
            return ()
        found = self.lexicon.get(norm)
        if found is None and clitic:
            found = self.lexicon.get("ال" + stem) if clitic.endswith(("ال", "لل")) else None
            found = found or self.lexicon.get(stem)
        return found or ()

    def _extract(self, token: str) -> WordFeatures:
        if token in (PAD_LEFT, PAD_RIGHT):
            feats = (f"w={token}",)
            return WordFeatures({o: feats for o in OFFSETS}, token, token)
        n = tagger_key(token)
        clitic, stem = strip_proclitics(n)
        k = self._cluster(n, stem)
        sh = shape(token)
        kf = [f"k{i}={c}" for i, c in enumerate(k)]
        near = [f"w={n}", f"s={stem}", f"c={clitic}", f"sh={sh}", f"x2={stem[-2:]}"] + kf
        far = [f"w={n}", f"s={stem}"] + kf[1:2]
        own = list(near) + [f"p1={stem[:1]}", f"p2={stem[:2]}", f"p3={stem[:3]}",
                            f"x1={stem[-1:]}", f"x3={stem[-3:]}", f"x4={stem[-4:]}",
                            f"len={min(len(stem), 9)}"]
        if k:
            own.append(f"ck={clitic}|{k[-1]}")
        lex = self._lexicon(n, clitic, stem)
        near += [f"g={g}" for g in lex]
        own += [f"g={g}" for g in lex]
        if self.priors:
            prior = [f"tp={c}" for c in self.priors.get(n) or self.priors.get(stem, ())]
            near += prior
            own += prior
        if token != n and "ع" in sh and len(token) == len(n):
            own.append("spelt")  # hamza or final-letter variant: a hint of careful (name) spelling
        near_t, far_t = tuple(near), tuple(far)
        return WordFeatures({-2: far_t, -1: near_t, 0: tuple(own), 1: near_t, 2: far_t}, n, stem)


PAIR_LEFT, PAIR_RIGHT = "b+=", "b-="


def pair_features(left: WordFeatures, right: WordFeatures) -> tuple[str, str]:
    """Bigram of tagger keys; returned once as seen from each side."""
    key = pair_key(left, right)
    return PAIR_LEFT + key, PAIR_RIGHT + key


def pair_key(left: WordFeatures, right: WordFeatures) -> str:
    """What both of a bigram's features name (``CRFWeights.pairs`` is keyed by it)."""
    return f"{left.norm}|{right.norm}"


# --- document-level propagation ------------------------------------------------

def entity_types_by_stem(sentences: list[list[str]], tags: list[list[str]],
                         stem_of: Callable[[str], str]) -> dict[str, dict[str, int]]:
    """How often each stem carries each entity type (B or I) in a document."""
    seen: dict[str, dict[str, int]] = {}
    for words, labels in zip(sentences, tags):
        for w, tag in zip(words, labels):
            stem = stem_of(w)
            if len(stem) < 2:
                continue
            counts = seen.get(stem)
            if counts is None:
                counts = seen[stem] = {}
            kind = tag[2:] if tag != "O" else "O"
            counts[kind] = counts.get(kind, 0) + 1
    return seen


def doc_features(stem: str, seen: dict[str, dict[str, int]]) -> tuple[str, ...]:
    """Features saying what the first pass called this stem elsewhere in the document."""
    counts = seen.get(stem)
    if not counts:
        return ()
    total = sum(counts.values())
    feats = []
    for kind, n in counts.items():
        if kind == "O":
            continue
        share = n / total
        feats.append(f"d={kind}")
        feats.append(f"d={kind}:{'all' if share > 0.99 else 'most' if share >= 0.5 else 'some'}")
    return tuple(feats)


MAX_SPAN = 6


def entity_spans_by_stems(sentences: list[list[str]], tags: list[list[str]],
                          extractor: FeatureExtractor) -> dict[tuple[str, ...], Counter]:
    """Entity types the first pass gave each multi-word stem sequence."""
    found: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for words, labels in zip(sentences, tags):
        start = None
        for i, tag in enumerate(list(labels) + ["O"]):
            if start is not None and not (tag.startswith("I-") and tag[2:] == labels[start][2:]):
                if 2 <= i - start <= MAX_SPAN:
                    key = tuple(extractor.word(w).stem for w in words[start:i])
                    found[key][labels[start][2:]] += 1
                start = None
            if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                start = i
    return found


def span_features(stems: list[str], spans: dict[tuple[str, ...], Counter]) -> list[tuple[str, ...]]:
    """Mark tokens that repeat a multi-word entity found elsewhere in the document."""
    feats: list[list[str]] = [[] for _ in stems]
    if not spans:
        return [()] * len(stems)
    for i in range(len(stems)):
        for length in range(min(MAX_SPAN, len(stems) - i), 1, -1):
            kinds = spans.get(tuple(stems[i:i + length]))
            if kinds:
                kind = kinds.most_common(1)[0][0]
                feats[i].append(f"ds=B-{kind}")
                for j in range(i + 1, i + length):
                    feats[j].append(f"ds=I-{kind}")
                break
    return [tuple(f) for f in feats]
