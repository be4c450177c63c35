"""What kind of name a word's distributional vector suggests, learned per model.

Word clusters tell the tagger which words behave alike; they do not tell it
which of those behaviours mean "person" or "place". Here a softmax
regression learns that mapping from the labelled words (each word type's
share of O, PERS, LOC, ORG and MISC tags) and applies it to every word of a
vector table learned from unlabelled news. The result is a few coarse codes
per word (``PERS2``: person with probability 0.5 to 0.8), which the CRF uses
as features like any name list: a foreign name never seen in training but
used by the news the way names are used arrives with a hint of its type.

The codes of the training words themselves come from regressions that did
not see them (cross-fitting); otherwise the CRF would learn to trust codes
that, for new words, are much less sure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from site_builder.text.fold import tagger_key
from site_builder.text.tokens import strip_proclitics
from site_builder.errors import SiteError

TYPES = ("O", "PERS", "LOC", "ORG", "MISC")
MIN_SHARE = 0.2  # below this a type gets no code
L2 = 1e-6
FOLDS = 5

Priors = dict[str, tuple[str, ...]]


def load_vectors(path: Path) -> tuple[list[str], np.ndarray]:
    """(words, unit vectors) from ``bench/build_vectors.py``'s ``.npz``."""
    try:
        with np.load(path, allow_pickle=False) as data:
            words = data["words"].tolist()
            vectors = data["vectors"].astype(np.float64)
    except (OSError, KeyError, ValueError) as exc:
        raise SiteError(f"cannot read word vectors ({exc})", path, None,
                        "rebuild them with bench/build_vectors.py") from None
    if vectors.ndim != 2 or len(words) != len(vectors):
        raise SiteError("word vectors do not match their word list", path, None,
                        "rebuild them with bench/build_vectors.py")
    return words, vectors


def lookup_key(norm: str, index: dict[str, int]) -> str | None:
    """The vector table's form of a tagger key: itself, else its stem."""
    if norm in index:
        return norm
    stem = strip_proclitics(norm)[1]
    return stem if stem in index else None


def learn(sentences: list[list[str]], tags: list[list[str]],
          words: list[str], vectors: np.ndarray) -> Priors:
    """Codes for every word of the vector table that some type suits."""
    index = {w: i for i, w in enumerate(words)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for sentence, labels in zip(sentences, tags):
        for word, tag in zip(sentence, labels):
            key = lookup_key(tagger_key(word), index)
            if key is not None:
                counts[key][tag[2:] if tag != "O" else "O"] += 1
    if not counts:
        return {}
    seen = sorted(counts)
    x = vectors[[index[w] for w in seen]]
    y = np.array([[counts[w][t] for t in TYPES] for w in seen], dtype=np.float64)
    y /= y.sum(axis=1, keepdims=True)
    probs = _fit_predict(x, y, vectors)
    part = np.arange(len(seen)) % FOLDS
    for k in range(FOLDS):
        if (part != k).any() and (part == k).any():
            probs[[index[w] for w in np.asarray(seen)[part == k]]] = \
                _fit_predict(x[part != k], y[part != k], x[part == k])
    return {w: c for w, p in zip(words, probs) if (c := codes(p))}


def codes(p: np.ndarray) -> tuple[str, ...]:
    return tuple(f"{t}{1 if share < 0.5 else 2 if share < 0.8 else 3}"
                 for t, share in zip(TYPES[1:], p[1:]) if share >= MIN_SHARE)


def _fit_predict(x: np.ndarray, y: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Softmax regression with soft targets (L-BFGS), applied to ``targets``."""
    from scipy.optimize import minimize  # training only

    n, d = x.shape
    k = y.shape[1]

    def loss(theta):
        w, b = theta[:d * k].reshape(d, k), theta[d * k:]
        p = _softmax(x @ w + b)
        grad = (p - y) / n
        value = -(y * np.log(p + 1e-12)).sum() / n + L2 * (w ** 2).sum()
        return value, np.concatenate([(x.T @ grad + 2 * L2 * w).ravel(), grad.sum(axis=0)])

    theta = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                     options={"maxiter": 300}).x
    return _softmax(targets @ theta[:d * k].reshape(d, k) + theta[d * k:])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
