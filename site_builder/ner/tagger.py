"""Statistical named-entity tagger for Arabic news (PERS, LOC, ORG, MISC).

Two passes. The first pass is a CRF over lexical, clitic-split, shape and
word-cluster features of a ±2 window. The second pass is a CRF with the same
features plus what the first pass said about the same stem elsewhere in the
document: a name tagged confidently in one sentence is usually the same kind
of name in the next, even where that sentence gives little context.

The second pass learns how far to trust the first one from first-pass
predictions on held-out halves of the training data (never from gold tags,
which would teach it to trust the first pass blindly).

Word clusters learned from unlabelled news and membership in the shipped
word lists (hand-written, CLDR, GeoNames, the Arramooz dictionary, Wikidata's
names of people) give both passes a view of names that the labelled data
never showed. After both passes, ``agreement`` gives each name one type
across the input and tags the repeats the CRF left plain.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from pathlib import Path
from typing import Callable

import numpy as np

from site_builder.ner import agreement
from site_builder.ner import crf
from site_builder.ner import type_prior
from site_builder.errors import SiteError, requires
from site_builder.ner.features import (OFFSETS, PAD_LEFT, PAD_RIGHT, Clusters, FeatureExtractor,
                       doc_features, entity_spans_by_stems, entity_types_by_stem,
                       load_clusters, load_lexicon, pair_features, pair_key, span_features)

FORMAT = "site-builder-ner"
VERSION = 1
DATA_DIR = Path(__file__).parent / "data"
DEFAULT_CLUSTERS = DATA_DIR / "word-clusters.tsv.gz"
DEFAULT_VECTORS = DATA_DIR / "word-vectors.npz"
MODEL_GLOB = "ner-model.*"
_SCORE_CACHE_LIMIT = 300_000  # word types whose score rows are kept per pass
# (c1, c2) without and with the type prior: each recipe's best in a
# cross-validated grid (bench/ner_cv.py). With the prior's codes a denser,
# smoother model does better; without them, the sparser one does.
PENALTIES = {False: (0.05, 0.01), True: (0.02, 0.2)}


def default_model() -> Path | None:
    """The model shipped with the package, if this installation has one."""
    found = sorted(p for p in DATA_DIR.glob(MODEL_GLOB) if p.is_file() and p.suffix == ".gz")
    return found[0] if found else None


@dataclass
class DocContext:
    """What the first pass found in the document, as the second pass sees it."""

    stems: dict
    spans: dict

    @classmethod
    def build(cls, extractor: FeatureExtractor, sentences, tags, spans: bool = True,
              stem: Callable[[str], str] | None = None) -> "DocContext":
        """``stem`` looks a word's stem up faster than the extractor (a document's own table)."""
        stem = stem or (lambda word: extractor.word(word).stem)
        return cls(entity_types_by_stem(sentences, tags, stem),
                   entity_spans_by_stems(sentences, tags, extractor) if spans else {})

    def token_features(self, extractor: FeatureExtractor, words: list[str]) -> list[tuple[str, ...]]:
        return span_features([extractor.word(w).stem for w in words], self.spans)


class _TypeScores:
    """Word types' score rows for one set of weights, in one growing array: a document's
    table is one gather instead of a stack of a row per type."""

    def __init__(self, offsets: int, labels: int):
        self.index: dict[str, int] = {}
        self.rows = np.zeros((1024, offsets, labels), dtype=np.float32)

    def add(self, words: list[str], rows: np.ndarray) -> None:
        at = len(self.index)
        if at + len(words) > len(self.rows):
            grown = np.zeros((max(2 * len(self.rows), at + len(words)), *self.rows.shape[1:]), dtype=np.float32)
            grown[:at] = self.rows[:at]
            self.rows = grown
        self.rows[at:at + len(words)] = rows
        self.index.update(zip(words, range(at, at + len(words))))


@dataclass
class _Doc:
    """The input laid out once for both passes: word-type ids with two pads on
    each side of every sentence, and the bigram feature names."""

    sentences: list[list[str]]
    ids: np.ndarray
    features: list  # WordFeatures per type id
    starts: list[int]  # row of each sentence's first token in the flat score array
    pair_keys: list[str]  # each bigram's ``pair_key``, its left word at row ``pair_rows[k]``
    pair_rows: list[int]
    types: list[str]  # the word of each type id

    @classmethod
    def of(cls, extractor: FeatureExtractor, sentences: list[list[str]]) -> "_Doc":
        vocab: dict[str, int] = {PAD_LEFT: 0, PAD_RIGHT: 1}
        features = [extractor.word(PAD_LEFT), extractor.word(PAD_RIGHT)]
        ids: list[int] = []
        starts: list[int] = []
        keys: list[str] = []
        rows: list[int] = []
        word, known = extractor.word, vocab.get
        for words in sentences:
            start = len(ids)
            starts.append(start)
            here = []
            for w in words:
                i = known(w)
                if i is None:
                    i = vocab[w] = len(features)
                    features.append(word(w))
                here.append(i)
            ids += [0, 0, *here, 1, 1]
            if len(here) > 1:
                wfs = [features[i] for i in here]
                keys += map(pair_key, wfs, wfs[1:])
                rows += range(start, start + len(words) - 1)
        return cls(sentences, np.asarray(ids, dtype=np.int64), features, starts, keys, rows, list(vocab))

    def stem_of(self) -> dict[str, str]:
        """Each word's stem, looked up without the extractor."""
        return {word: wf.stem for word, wf in zip(self.types, self.features)}


@dataclass
class TrainConfig:
    c1: float | None = None  # L1 and L2 penalties; None: the recipe's own (PENALTIES)
    c2: float | None = None
    iterations: int = 150
    propagate: bool = True
    folds: int = 2  # held-out parts that supply the second pass's training input
    spans: bool = False  # second pass also sees repeated multi-word entities (no gain)
    lexicon: bool = True  # membership in the project's name lists as features


@dataclass
class Tagger:
    first: crf.CRFWeights
    second: crf.CRFWeights | None
    clusters: Clusters = field(default_factory=dict)
    clusters_name: str = ""
    clusters_sha256: str = ""
    lexicon: dict = field(default_factory=dict)
    priors: type_prior.Priors = field(default_factory=dict)
    agree: bool = True  # one type per name and every occurrence marked (``agreement``)

    def __post_init__(self):
        self.extractor = FeatureExtractor(self.clusters, self.lexicon, self.priors)
        self._spans: bool | None = None
        self._scores: dict[int, _TypeScores] = {}
        """Per weights, each word type's score rows at every offset: a site's articles
        are tagged one by one, and most of their words were seen in earlier ones."""

    # -- tagging -----------------------------------------------------------

    def tag_sentences(self, sentences: list[list[str]], second: bool = True) -> list[list[str]]:
        """Tag every sentence; the whole input counts as one document. ``second=False``
        leaves the second pass out (the first one's tags, made to agree)."""
        doc = _Doc.of(self.extractor, sentences)
        stem = doc.stem_of().__getitem__
        tags = self._decode(self.first, doc, None)
        if second and self.second is not None:
            context = DocContext.build(self.extractor, sentences, tags, self._uses_spans(), stem)
            tags = self._decode(self.second, doc, context)
        if self.agree:
            tags = agreement.agree(sentences, tags, stem)
        return tags

    def tag_with_odds(self, sentences: list[list[str]]) -> tuple[list[list[str]], list[np.ndarray]]:
        """The first pass's tags, made to agree, and each token's probability of being inside
        a name (``crf.entity_odds``): how sure the tagger is of what it marked."""
        return self.tag_many_with_odds([sentences])[0]

    def tag_many_with_odds(self, inputs: list[list[list[str]]]) -> list[tuple[list[list[str]], list[np.ndarray]]]:
        """``tag_with_odds`` for several inputs (a build's batch of articles) at once.

        The first pass reads each sentence alone, so every input's sentences are decoded
        together: numpy's per-call cost is paid once per batch, not once per article,
        and the result is the same as input by input (``crf`` computes each sentence's row
        apart from the others). Only agreement looks across sentences, and it stays
        within each input."""
        sentences = [s for one in inputs for s in one]
        if not sentences:
            return [([], []) for _ in inputs]
        doc = _Doc.of(self.extractor, sentences)
        emissions = self._emissions(self.first, doc, None)
        labels = self.first.labels
        outside = labels.index("O")
        paths = crf.viterbi(emissions, self.first.transitions)
        named = [i for i, path in enumerate(paths) if (path != outside).any()]
        odds = [np.zeros(len(words), dtype=np.float32) for words in sentences]
        for i, sure in zip(named, crf.entity_odds([emissions[i] for i in named], self.first.transitions, outside)):
            odds[i] = sure  # a sentence with no name needs no odds
        tags = [[labels[i] for i in path] for path in paths]
        stem = doc.stem_of().__getitem__
        out = []
        at = 0
        for one in inputs:
            here = tags[at:at + len(one)]
            if self.agree:
                here = agreement.agree(one, here, stem)
            out.append((here, odds[at:at + len(one)]))
            at += len(one)
        return out

    def _uses_spans(self) -> bool:
        """Whether the second pass was trained with span features (looked up once, not per document)."""
        if self._spans is None:
            self._spans = any(a.startswith("ds=") for a in self.second.attributes)
        return self._spans

    def _decode(self, weights: crf.CRFWeights, doc: "_Doc", context) -> list[list[str]]:
        emissions = self._emissions(weights, doc, context)
        labels = weights.labels
        return [[labels[i] for i in path] for path in crf.viterbi(emissions, weights.transitions)]

    def _emissions(self, weights: crf.CRFWeights, doc: "_Doc", context) -> list[np.ndarray]:
        """Per-token label scores, computed for the whole input in flat arrays."""
        table = self._type_table(weights, doc, context)
        span = len(OFFSETS) - 1
        arr = doc.ids
        total = table[0][arr[0:len(arr) - span]].copy()  # row j: token at padded position j + 2
        for k in range(1, len(OFFSETS)):
            total += table[k][arr[k:len(arr) - span + k]]
        targets: list[int] = []
        rows: list[int] = []
        pairs = weights.pairs
        for key, at in zip(doc.pair_keys, doc.pair_rows):
            found = pairs.get(key)
            if found is not None:
                targets += (at, at + 1)
                rows += found
        if context is not None and context.spans:
            for pos, words in zip(doc.starts, doc.sentences):
                for i, feats in enumerate(context.token_features(self.extractor, words)):
                    for r in weights.rows(feats):
                        targets.append(pos + i)
                        rows.append(r)
        if rows:
            np.add.at(total, np.asarray(targets), weights.state[rows])
        return [total[pos:pos + len(words)] for pos, words in zip(doc.starts, doc.sentences)]

    def _type_table(self, weights: crf.CRFWeights, doc: "_Doc", context) -> list[np.ndarray]:
        """Per offset, a (types, labels) array: each word type's score contribution.

        Rows of word types met before come from a cache; the others are summed
        from their features. Every word type has at least one feature at every
        offset, so the reduceat groups are never empty; unknown features hit the
        zero row.
        """
        scores = self._scores.get(id(weights))
        if scores is None or len(scores.index) > _SCORE_CACHE_LIMIT:
            scores = self._scores[id(weights)] = _TypeScores(len(OFFSETS), len(weights.labels))
        index = scores.index
        new = [t for t, word in enumerate(doc.types) if word not in index]
        if new:
            scores.add([doc.types[t] for t in new], self._sum_features(weights, [doc.features[t] for t in new]))
        table = scores.rows[[index[word] for word in doc.types]]  # (types, offsets, labels)
        out = [table[:, k] for k in range(len(OFFSETS))]
        if context is not None:
            stems = context.stems
            named = {stem for stem, counts in stems.items() if len(counts) > 1 or "O" not in counts}
            doc_rows = [weights.rows(doc_features(wf.stem, stems)) if wf.stem in named else ()
                        for wf in doc.features]
            targets = [t for t, rs in enumerate(doc_rows) for _ in rs]
            if targets:
                np.add.at(out[OFFSETS.index(0)], np.asarray(targets),
                          weights.state[[r for rs in doc_rows for r in rs]])
        return out

    @staticmethod
    def _sum_features(weights: crf.CRFWeights, features) -> np.ndarray:
        """(types, offsets, labels): each word type's feature weights summed per offset."""
        zero = weights.zero_row
        state = weights.state
        out = []
        for o in OFFSETS:
            get = weights.offset_index(o).get
            groups = [wf.base[o] for wf in features]
            flat = list(map(get, chain.from_iterable(groups), repeat(zero)))
            starts = np.zeros(len(groups), dtype=np.int64)
            np.cumsum(list(map(len, groups[:-1])), out=starts[1:])
            out.append(np.add.reduceat(state[flat], starts, axis=0))
        return np.stack(out, axis=1)

    # -- persistence -------------------------------------------------------

    def save(self, path: Path) -> None:
        data = {
            "format": FORMAT, "version": VERSION,
            "clusters": {"name": self.clusters_name, "sha256": self.clusters_sha256},
            "lexicon": bool(self.lexicon),
            "priors": {w: ",".join(c) for w, c in sorted(self.priors.items())},
            "first": self.first.to_json(),
            "second": self.second.to_json() if self.second else None,
        }
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with gzip.open(path, "wb", compresslevel=9) as fh:
            fh.write(raw)

    @classmethod
    def load(cls, path: Path) -> "Tagger":
        try:
            with gzip.open(path, "rb") as fh:
                data = json.loads(fh.read().decode("utf-8"))
        except FileNotFoundError:
            raise SiteError("model file not found", path, None, "check the path") from None
        except (OSError, EOFError, ValueError) as exc:
            raise SiteError(f"not a tagger model ({exc})", path, None,
                            "models are written by 'train'") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SiteError("not a tagger model", path, None, "models are written by 'train'")
        if data.get("version") != VERSION:
            raise SiteError(f"model version {data.get('version')} is not supported", path,
                            None, "retrain the model with this version")
        try:
            name, sha = str(data["clusters"]["name"]), str(data["clusters"]["sha256"])
            first = crf.CRFWeights.from_json(data["first"])
            second = crf.CRFWeights.from_json(data["second"]) if data["second"] else None
            priors = {str(w): tuple(str(c).split(",")) for w, c in data.get("priors", {}).items()}
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise SiteError(f"damaged tagger model ({type(exc).__name__}: {exc})", path, None,
                            "retrain it with 'train'") from None
        clusters = _clusters_for(name, sha, path)
        # The name lists may have grown since training; using the installed
        # ones is deliberate, so curating them helps without retraining.
        lexicon = load_lexicon(DATA_DIR) if data.get("lexicon") else {}
        return cls(first, second, clusters, name, sha, lexicon, priors)


def _clusters_for(name: str, sha: str, model_path: Path) -> Clusters:
    if not name:
        return {}
    path = DATA_DIR / name
    if not path.exists() or _sha256(path) != sha:
        raise SiteError(f"the model needs word clusters {name!r}, which this installation "
                        "does not have in that version", model_path, None,
                        "retrain the model with 'train'")
    return load_clusters(path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- training ------------------------------------------------------------------

def sentence_features(extractor: FeatureExtractor, words: list[str],
                      context: DocContext | None = None) -> list[list[str]]:
    """Feature strings per token, exactly the ones ``Tagger._emissions`` sums."""
    n = len(words)
    wfs = [extractor.word(w) for w in words]
    pad_l, pad_r = extractor.word(PAD_LEFT), extractor.word(PAD_RIGHT)
    out = []
    for i in range(n):
        feats: list[str] = []
        for o in OFFSETS:
            j = i + o
            wf = wfs[j] if 0 <= j < n else (pad_l if j < 0 else pad_r)
            feats.extend(wf.by_offset[o])
        if context is not None:
            feats.extend(doc_features(wfs[i].stem, context.stems))
        out.append(feats)
    if context is not None:
        for feats, extra in zip(out, context.token_features(extractor, words)):
            feats.extend(extra)
    for i in range(n - 1):
        left, right = pair_features(wfs[i], wfs[i + 1])
        out[i].append(left)
        out[i + 1].append(right)
    return out


def _fit(extractor, sentences, tags, config: TrainConfig, context=None) -> crf.CRFWeights:
    seqs = ((sentence_features(extractor, s, context), t) for s, t in zip(sentences, tags) if s)
    return crf.train(seqs, c1=config.c1, c2=config.c2, iterations=config.iterations)


def train(sentences: list[list[str]], tags: list[list[str]],
          config: TrainConfig | None = None, clusters_path: Path | None = DEFAULT_CLUSTERS,
          vectors_path: Path | None = DEFAULT_VECTORS) -> Tagger:
    """Word clusters and vectors are used when their files exist (neither is shipped)."""
    with_vectors = vectors_path is not None and Path(vectors_path).exists()
    requires("pycrfsuite", "python-crfsuite", "train", "training")
    if with_vectors:
        requires("scipy", "scipy", "train", "training with word vectors")
    config = config or TrainConfig()
    clusters, name, sha = {}, "", ""
    if clusters_path is not None and Path(clusters_path).exists():
        clusters, name, sha = load_clusters(clusters_path), Path(clusters_path).name, _sha256(clusters_path)
    priors = {}
    if with_vectors:
        priors = type_prior.learn(sentences, tags, *type_prior.load_vectors(vectors_path))
    lexicon = load_lexicon(DATA_DIR) if config.lexicon else {}
    c1, c2 = PENALTIES[bool(priors)]
    config = replace(config, c1=c1 if config.c1 is None else config.c1,
                     c2=c2 if config.c2 is None else config.c2)
    tagger = Tagger(_fit(FeatureExtractor(clusters, lexicon, priors), sentences, tags, config), None,
                    clusters, name, sha, lexicon, priors)
    if not config.propagate or len(sentences) < 2 * config.folds:
        return tagger  # too little data to hold parts out
    held_out = _held_out_predictions(tagger, sentences, tags, config)
    context = DocContext.build(tagger.extractor, sentences, held_out, config.spans)
    tagger.second = _fit(tagger.extractor, sentences, tags, config, context)
    return tagger


def _held_out_predictions(tagger: Tagger, sentences, tags, config: TrainConfig):
    """First-pass tags for each part of the training data from a model that
    did not see that part, so the second pass sees realistic mistakes."""
    n = len(sentences)
    bounds = [n * k // config.folds for k in range(config.folds + 1)]
    predicted: list[list[str]] = []
    for a, b in zip(bounds, bounds[1:]):
        rest_s = sentences[:a] + sentences[b:]
        rest_t = tags[:a] + tags[b:]
        part = Tagger(_fit(tagger.extractor, rest_s, rest_t, config), None, tagger.clusters,
                      lexicon=tagger.lexicon, priors=tagger.priors, agree=False)
        predicted.extend(part.tag_sentences(sentences[a:b]))
    return predicted
