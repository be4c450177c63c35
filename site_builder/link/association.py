"""How strongly two entities go together, beyond how often each is named.

Counting shared articles ranks the archive's most frequent names first on
every entity page: a country named in every other article shares the most
articles with everyone. Dunning's log-likelihood ratio (G²) compares the
shared articles with what the two entities' frequencies alone would give,
so a name that is everywhere scores near zero and a name that comes with this
entity scores high. It does not inflate rare pairs as pointwise mutual
information does, and a pair must still share ``MIN_SHARED`` articles to rank
at all: one shared article is that article's own list of names.
"""

from __future__ import annotations

import heapq
import math
from typing import Mapping

MIN_SHARED = 2
"""Shared articles below which a pair is not evidence of anything (it ranks last)."""


def log_likelihood(shared: int, first: int, second: int, total: int) -> float:
    """G² of the 2×2 table of articles with and without each entity; negative when the
    two meet less often than chance would have them (they avoid each other)."""
    cells = (shared, first - shared, second - shared, total - first - second + shared)
    rows = (first, total - first)
    cols = (second, total - second)
    score = 0.0
    for i, observed in enumerate(cells):
        if observed > 0:
            expected = rows[i // 2] * cols[i % 2] / total
            score += observed * math.log(observed / expected)
    score = 2 * score
    return score if shared * total >= first * second else -score


def ranked(entity: str, shared: Mapping[str, int], articles: Mapping[str, int], total: int,
           top: int) -> tuple[tuple[str, int], ...]:
    """(other entity, shared articles) of the ``top`` entities most associated with ``entity``;
    ``articles`` gives each entity's number of articles, ``total`` the archive's."""
    count = articles[entity]
    scored = ((-log_likelihood(n, count, articles[other], total), -n, other)
              for other, n in shared.items() if n >= MIN_SHARED)
    best = [(other, -n) for _, n, other in heapq.nsmallest(top, scored)]
    if len(best) < top:
        rest = ((-n, other) for other, n in shared.items() if n < MIN_SHARED)
        best += [(other, -n) for n, other in heapq.nsmallest(top - len(best), rest)]
    return tuple(best)
