"""A linear-chain CRF: trained by CRFsuite, decoded here with numpy.

CRFsuite's L-BFGS trainer is fast and well tested, so training borrows it; but
its tagger wants every token's feature strings, which is where the time goes.
After training, the weights are copied out into a plain matrix so decoding
can sum precomputed per-word-type scores (see ``features``) and run a batched
Viterbi, and so the saved model is ordinary data (no pickles, no native
model format to trust).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import numpy as np

BATCH = 512  # sentences decoded together; bounds memory, amortises numpy calls


@dataclass
class CRFWeights:
    labels: list[str]
    transitions: np.ndarray           # (L, L): score of label j following label i
    attributes: dict[str, int]        # feature string -> row of ``state``
    state: np.ndarray                 # (A + 1, L); the last row is all zeros

    def __post_init__(self):
        self._by_offset: dict[int, dict[str, int]] | None = None
        self.offset_index(0)  # build the per-offset indexes at load, not on first use
        self.pairs = self._pair_index()

    def _pair_index(self) -> dict[str, tuple[int, int]]:
        """Rows of the bigram features ("b+=A|B" seen from the left word, "b-=A|B" from the
        right one), keyed by "A|B": a bigram the model has no weight for is one failed lookup."""
        from site_builder.ner.features import PAIR_LEFT, PAIR_RIGHT

        zero = self.zero_row
        left = {name[len(PAIR_LEFT):]: row for name, row in self.attributes.items() if name.startswith(PAIR_LEFT)}
        right = {name[len(PAIR_RIGHT):]: row for name, row in self.attributes.items() if name.startswith(PAIR_RIGHT)}
        return {key: (left.get(key, zero), right.get(key, zero)) for key in left.keys() | right.keys()}

    def offset_index(self, offset: int) -> dict[str, int]:
        """Rows of the features at one window offset, keyed without the offset."""
        if self._by_offset is None:
            from site_builder.ner.features import split_offset

            split: dict[int, dict[str, int]] = {}
            for name, row in self.attributes.items():
                o, base = split_offset(name)
                split.setdefault(o, {})[base] = row
            self._by_offset = split
        return self._by_offset.get(offset, {})

    @property
    def zero_row(self) -> int:
        return len(self.state) - 1

    def rows(self, feats) -> list[int]:
        get = self.attributes.get
        return [r for r in map(get, feats) if r is not None]

    def to_json(self) -> dict:
        names = sorted(self.attributes, key=self.attributes.get)
        return {
            "labels": self.labels,
            # float64 first: a rounded float32 prints as a long decimal
            "transitions": np.round(self.transitions.astype(np.float64), 4).tolist(),
            "attributes": names,
            "state": np.round(self.state[:-1].astype(np.float64), 4).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict) -> "CRFWeights":
        labels = [str(x) for x in data["labels"]]
        n = len(labels)
        names = [str(x) for x in data["attributes"]]
        state = np.zeros((len(names) + 1, n), dtype=np.float32)
        if names:
            state[:-1] = np.asarray(data["state"], dtype=np.float32).reshape(len(names), n)
        trans = np.asarray(data["transitions"], dtype=np.float32).reshape(n, n)
        return cls(labels, trans, {a: i for i, a in enumerate(names)}, state)


def train(sequences, *, c1: float, c2: float, iterations: int) -> CRFWeights:
    """``sequences`` yields (list of feature lists, list of labels) pairs."""
    import pycrfsuite  # training only: tagging never needs the native library

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in sequences:
        trainer.append(feats, labels)
    trainer.select("lbfgs")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(path)
        return export(path)
    finally:
        os.unlink(path)


def export(model_path: str) -> CRFWeights:
    """Copy the weights out of a CRFsuite model file."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    try:
        info = tagger.info()
        labels = sorted(tagger.labels(), key=lambda t: (t != "O", t[2:], t))
    finally:
        tagger.close()
    index = {t: i for i, t in enumerate(labels)}
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[index[a], index[b]] = w
    attributes: dict[str, int] = {}
    rows: list[np.ndarray] = []
    for (attr, label), w in info.state_features.items():
        if w == 0:
            continue
        row = attributes.get(attr)
        if row is None:
            row = attributes[attr] = len(rows)
            rows.append(np.zeros(len(labels), dtype=np.float32))
        rows[row][index[label]] = w
    rows.append(np.zeros(len(labels), dtype=np.float32))
    return CRFWeights(labels, trans, attributes, np.vstack(rows))


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """Best label index sequence for each sentence's (n, L) emission scores."""
    return _in_batches(emissions, lambda batch: _viterbi_batch(batch, transitions), np.int64)


def _in_batches(emissions: list[np.ndarray], run, dtype) -> list[np.ndarray]:
    """``run`` over the sentences in batches of similar lengths, results in input order."""
    order = sorted(range(len(emissions)), key=lambda i: len(emissions[i]))
    result: list[np.ndarray] = [np.zeros(0, dtype=dtype)] * len(emissions)
    for start in range(0, len(order), BATCH):
        chunk = [i for i in order[start:start + BATCH] if len(emissions[i])]
        if chunk:
            for i, out in zip(chunk, run([emissions[i] for i in chunk])):
                result[i] = out
    return result


def _laid_out(batch: list[np.ndarray], dtype):
    """Sentences laid longest first, so the sentences still going at step ``t`` are the
    first rows and every step works on a shrinking prefix: their order, lengths, padded
    (b, t, L) scores, and for every ``t`` the number of sentences longer than ``t``."""
    order = sorted(range(len(batch)), key=lambda i: -len(batch[i]))
    lengths = np.array([len(batch[i]) for i in order])
    em = np.zeros((len(batch), int(lengths[0]), batch[0].shape[1]), dtype=dtype)
    for row, i in enumerate(order):
        em[row, :lengths[row]] = batch[i]
    alive = np.searchsorted(-lengths, -np.arange(int(lengths[0]) + 1), side="left").tolist()
    return order, lengths, em, alive


def _viterbi_batch(batch: list[np.ndarray], trans: np.ndarray) -> list[np.ndarray]:
    """Viterbi over sentences laid longest first (``_laid_out``)."""
    order, lengths, em, alive = _laid_out(batch, np.float32)
    b, t_max, n = em.shape
    back = np.zeros((b, t_max, n), dtype=np.int16)
    last = np.zeros(b, dtype=np.int64)
    delta = em[:, 0]
    for t in range(1, t_max):
        k = alive[t]
        if k < len(delta):
            last[k:len(delta)] = delta[k:].argmax(axis=1)  # these sentences ended at t - 1
            delta = delta[:k]
        cand = delta[:, :, None] + trans[None]
        back[:k, t] = cand.argmax(axis=1)
        delta = cand.max(axis=1) + em[:k, t]
    last[:len(delta)] = delta.argmax(axis=1)
    paths = np.zeros((b, t_max), dtype=np.int64)
    for t in range(t_max - 1, -1, -1):
        paths[alive[t + 1]:alive[t], t] = last[alive[t + 1]:alive[t]]  # each sentence's last label
        if t:
            k = alive[t]
            paths[:k, t - 1] = back[np.arange(k), t, paths[:k, t]]
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * b
    for row, i in enumerate(order):
        out[i] = paths[row, :lengths[row]]
    return out


def entity_odds(emissions: list[np.ndarray], transitions: np.ndarray, outside: int) -> list[np.ndarray]:
    """For each sentence's (n, L) emission scores, each token's probability of being
    inside some name (any label but ``outside``), from the CRF's marginals (forward-backward).

    Viterbi says what the best labelling is, not how sure it is: a name that
    wins by a hair and one that wins by a mile look the same. The marginal
    of a token summed over every labelling tells them apart."""
    return _in_batches(emissions, lambda batch: _odds_batch(batch, transitions, outside), np.float32)


def _odds_batch(batch: list[np.ndarray], trans: np.ndarray, outside: int) -> list[np.ndarray]:
    """Scaled forward-backward over sentences laid longest first (as in Viterbi): in
    probabilities, each step one product with the transition matrix normalised to sum 1,
    which is several times faster than the same sums in log space and as exact for
    marginals. The product is numpy's own ``einsum``, not ``@``: a matrix library
    may round a row differently with other rows beside it, and an article's odds must
    not depend on which articles were decoded with it."""
    order, lengths, em, alive = _laid_out(batch, np.float64)
    b, t_max, n = em.shape
    em = np.exp(em - em.max(axis=2, keepdims=True))  # each token's scores, scaled to ≤ 1
    step = np.exp(trans.astype(np.float64) - float(trans.max()))
    alpha = np.zeros((b, t_max, n))
    beta = np.ones((b, t_max, n))
    alpha[:, 0] = em[:, 0] / em[:, 0].sum(axis=1, keepdims=True)
    for t in range(1, t_max):
        k = alive[t]
        here = np.einsum("bi,ij->bj", alpha[:k, t - 1], step) * em[:k, t]
        alpha[:k, t] = here / here.sum(axis=1, keepdims=True)
    for t in range(t_max - 2, -1, -1):
        k = alive[t + 1]
        here = np.einsum("bj,ij->bi", em[:k, t + 1] * beta[:k, t + 1], step)
        beta[:k, t] = here / here.sum(axis=1, keepdims=True)
    both = alpha * beta
    inside = 1.0 - both[:, :, outside] / np.maximum(both.sum(axis=2), 1e-300)
    out: list[np.ndarray] = [np.zeros(0, dtype=np.float32)] * b
    for row, i in enumerate(order):
        out[i] = inside[row, :lengths[row]].astype(np.float32)
    return out
