"""Long lists split into numbered pages, and the links between them."""

from __future__ import annotations

import math
from typing import Callable, Iterator, Sequence

NEARBY = 2
"""Pages linked on each side of the current one, besides the first and the last."""


class Pagination:
    """Where a listing page sits among its siblings; addresses, not hrefs."""

    def __init__(self, page: int, pages: int, address: Callable[[int], str]):
        self.page = page
        self.pages = pages
        self.address = address
        self.prev = address(page - 1) if page > 1 else None
        """Newer articles ("الأحدث")."""
        self.next = address(page + 1) if page < pages else None
        """Older articles ("الأقدم")."""
        self.numbers: tuple[tuple[int, str] | None, ...] = tuple(
            None if n is None else (n, address(n)) for n in page_numbers(page, pages))
        """(page, address) of the pages to link by number, ``None`` where pages are left out."""

    @property
    def head_links(self) -> tuple[tuple[str, str], ...]:
        links = (("prev", self.prev), ("next", self.next))
        return tuple((rel, addr) for rel, addr in links if addr is not None)


def page_numbers(page: int, pages: int, nearby: int = NEARBY) -> list[int | None]:
    """The first page, the last, and ``nearby`` on each side of ``page``; ``None`` for a gap.

    A gap of a single page shows that page instead, so the list never says "…"
    where one number would do: 1 2 3 4 5 … 40, 1 … 8 9 10 11 12 … 40.
    """
    shown = sorted({1, pages, *range(max(1, page - nearby), min(pages, page + nearby) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


def paginate(items: Sequence[str], size: int) -> Iterator[tuple[int, int, Sequence[str]]]:
    """(page, pages, items on that page); an empty list still has one page."""
    pages = max(1, math.ceil(len(items) / size))
    for page in range(1, pages + 1):
        yield page, pages, items[(page - 1) * size: page * size]
