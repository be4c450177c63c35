"""Copies of one story: the same wire story printed by several papers, found by its shingles.

Each article's MinHash signature (computed with its analysis, ``text.shingles``) is cut
into ``BANDS`` bands of ``ROWS`` values. Two articles whose signatures agree on a whole
band meet in that band's bucket and become a candidate pair; articles whose shingle sets
have Jaccard similarity J meet with probability 1 − (1 − J^ROWS)^BANDS: 0.9998 at
J = 0.7, 0.87 at 0.5, 0.23 at 0.3. So the work grows with the archive, not with its
square. Each candidate pair is then verified on the exact shingle sets, recomputed for
the candidates only, and a pair at ``THRESHOLD`` or above joins the two articles'
groups (union-find: a copy of a copy is in the same group).

``THRESHOLD`` was chosen by reading pairs of the SaudiNewsNet archive: from 0.7 up
they are copies (edited, cut, with another dateline or an extra paragraph); between
0.5 and 0.7 stories written to one template start to appear — the same royal cable to
two countries, two days' weather forecasts, two executions — and, through union-find,
chain into groups of different stories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Sequence

import numpy as np

from site_builder.model import Article, Sources, Syndication
from site_builder.text.shingles import PERMUTATIONS, shingles

THRESHOLD = 0.7
BANDS, ROWS = 32, 4
assert BANDS * ROWS <= PERMUTATIONS
_UNLIKELY = THRESHOLD - 0.15
"""Pairs whose signatures estimate less are not verified: a pair at THRESHOLD estimates
that low about once in 10,000 (3.7 standard errors), and verifying means re-reading the text."""
_MIX = np.uint64(0x9E3779B97F4A7C15)


def find_copies(articles: Sequence[Article], sources: Sources) -> Syndication:
    """The groups of copies among ``articles``; the same articles give the same groups."""
    ordered = sorted((a for a in articles if a.signature), key=lambda a: a.slug)
    signatures = np.frombuffer(b"".join(a.signature for a in ordered), dtype="<u4").reshape(-1, PERMUTATIONS)
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sets: dict[int, np.ndarray] = {}

    def shingle_set(i: int) -> np.ndarray:
        if i not in sets:
            sets[i] = shingles(ordered[i].text)
        return sets[i]

    verified: set[tuple[int, int]] = set()
    for bucket in _buckets(signatures):
        for at, i in enumerate(bucket):
            for j in bucket[:at]:
                root_i, root_j = find(i), find(j)
                if root_i == root_j or (j, i) in verified:
                    continue
                verified.add((j, i))
                if (_estimate(signatures, i, j) >= _UNLIKELY
                        and jaccard(shingle_set(j), shingle_set(i)) >= THRESHOLD):
                    parent[max(root_i, root_j)] = min(root_i, root_j)
    members: dict[int, list[Article]] = defaultdict(list)
    for i, article in enumerate(ordered):
        members[find(i)].append(article)
    groups: dict[str, tuple[str, ...]] = {}
    for group in members.values():
        if len(group) > 1:
            slugs = tuple(a.slug for a in sorted(group, key=lambda a: _first_printed(a, sources)))
            groups[slugs[0]] = slugs
    groups = dict(sorted(groups.items()))
    return Syndication(groups, {slug: gid for gid, slugs in groups.items() for slug in slugs})


def _buckets(signatures: np.ndarray) -> list[list[int]]:
    """Rows of ``signatures`` (in ascending order) that agree on a whole band, bucket by bucket."""
    buckets = []
    for band in range(BANDS):
        columns = signatures[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        key = columns[:, 0]
        for k in range(1, ROWS):  # one 64-bit key per band; a collision is only an extra candidate
            key = key * _MIX + columns[:, k]
        order = np.argsort(key, kind="stable")
        ranked = key[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        ends = np.r_[starts[1:], ranked.size]
        shared = ends - starts > 1
        buckets += [order[start:end].tolist() for start, end in zip(starts[shared], ends[shared])]
    return buckets


def _estimate(signatures: np.ndarray, i: int, j: int) -> float:
    """The Jaccard similarity the two signatures estimate (standard error 0.04 or less)."""
    return np.count_nonzero(signatures[i] == signatures[j]) / PERMUTATIONS


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted arrays of distinct shingles."""
    common = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - common
    return common / union if union else 0.0


def _first_printed(article: Article, sources: Sources) -> tuple:
    """Copies in the order they were printed: date, time of day, then source and slug."""
    meta = article.meta
    return (meta.date is None, meta.date or dt.date.min, meta.time is None, meta.time or dt.time(),
            sources.ids.get(meta.source, ""), article.slug)


def collapse(slugs: Sequence[str], syndication: Syndication) -> list[tuple[str, tuple[str, ...]]]:
    """A list of articles with each story once: (slug, its other copies) in the list's order.

    A story several of the listed articles are copies of is shown by the first printed
    of them, where that one stands in the list; its other copies (listed or not) follow it.
    """
    listed = set(slugs)
    shown: dict[str, str] = {}
    out = []
    for slug in slugs:
        group = syndication.group_of.get(slug)
        if group is None:
            out.append((slug, ()))
            continue
        if group not in shown:
            shown[group] = next(s for s in syndication.groups[group] if s in listed)
        if shown[group] == slug:
            out.append((slug, syndication.copies(slug)))
    return out
