"""Word shingles of an article's text and their MinHash signature.

Two papers that print the same wire story differ in a dateline, a credit, a
paragraph cut or added; their runs of five consecutive words are still mostly
the same. An article's *shingles* are those runs (hashed to 64 bits), on the
"match" fold of its words, so a hamza or a final ى/ي written differently does
not make two copies differ. The *signature* keeps, for each of ``PERMUTATIONS``
hash functions, the smallest hashed shingle: the share of positions where two
signatures agree estimates the Jaccard similarity of the two shingle sets,
which is what lets ``link.syndication`` find near-copies by banding instead of
comparing every pair of articles.

Every hash is fixed (BLAKE2b of the word; hash functions from constants), so a
signature depends only on the text: it is computed once per article with the
analysis, and the same text gives the same bytes in any process.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from site_builder.text.fold import DAGGER_ALEF, FORMAT_CONTROLS, HARAKAT, TATWEEL, fold

SHINGLE_WORDS = 5
PERMUTATIONS = 128
MIN_SHINGLES = 20
"""A text with fewer distinct shingles (about 24 words: a caption, a contact line) has
no signature: so little text cannot tell a copy from a different story in the same words."""
_FOLDED_AWAY = HARAKAT + DAGGER_ALEF + TATWEEL + FORMAT_CONTROLS
"""What the "match" fold drops (or, for the dagger alef, makes a letter) inside a word."""
_WORD = re.compile(rf"[{_FOLDED_AWAY}]*[^\W{TATWEEL}][\w{_FOLDED_AWAY}]*")
"""A word: a letter or digit, with what the fold drops around it (a lone tatweel is a dash)."""
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial that combines the words of a run


def _constants(name: str, count: int) -> np.ndarray:
    """``count`` fixed 64-bit numbers, the same on every machine and every run."""
    out = [int.from_bytes(hashlib.blake2b(f"{name}-{i}".encode(), digest_size=8).digest(), "little")
           for i in range(count)]
    return np.array(out, dtype=np.uint64)


# h_i(x) = (a_i·x + b_i) mod 2^64, its high 32 bits kept: a family of multiply-shift hashes.
_A = _constants("minhash-a", PERMUTATIONS) | np.uint64(1)
_B = _constants("minhash-b", PERMUTATIONS)


@lru_cache(maxsize=1 << 18)  # news repeats its words: most words are hashed once per process
def _word_hash(word: str) -> int:
    """The 64-bit hash of the word's "match" fold."""
    return int.from_bytes(hashlib.blake2b(fold(word, "match").encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str) -> np.ndarray:
    """The distinct 64-bit hashes of the text's runs of ``SHINGLE_WORDS`` words, sorted
    (a text shorter than one run has none)."""
    found = _WORD.findall(text)
    if len(found) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint64)
    hashes = np.array(list(map(_word_hash, found)), dtype=np.uint64)
    n = len(found) - SHINGLE_WORDS + 1
    combined = hashes[:n].copy()
    for k in range(1, SHINGLE_WORDS):
        combined = combined * _MULTIPLIER + hashes[k:k + n]  # wraps modulo 2^64, as intended
    return np.unique(combined)


def signature(text: str) -> bytes:
    """The MinHash signature of the text's shingles: ``PERMUTATIONS`` 32-bit minima as
    bytes (little-endian), or b"" for a text of fewer than ``MIN_SHINGLES`` shingles."""
    found = shingles(text)
    if found.size < MIN_SHINGLES:
        return b""
    minima = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, found.size, 4096):  # bounded memory for a very long text
        block = found[start:start + 4096]
        hashed = (block[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
        np.minimum(minima, hashed.min(axis=0), out=minima)
    return minima.astype("<u4").tobytes()
