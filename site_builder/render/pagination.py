"""Long lists split into numbered pages, and the links between them."""

from __future__ import annotations

import math
from typing import Callable, Iterator, Sequence


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

    def numbers(self, nearby: int = 2) -> list[int | None]:
        """The pages a numbered pager links: the first, the last and those near this one;
        ``None`` where pages are left out between them."""
        shown = sorted({1, self.pages, *range(max(1, self.page - nearby), min(self.pages, self.page + nearby) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(number - 1 if number - numbers[-1] == 2 else None)
            numbers.append(number)
        return numbers

    @property
    def head_links(self) -> tuple[tuple[str, str], ...]:
        links = (("prev", self.prev), ("next", self.next))
        return tuple((rel, addr) for rel, addr in links if addr is not None)


def paginate(items: Sequence[str], size: int) -> Iterator[tuple[int, int, Sequence[str]]]:
    """(page, pages, items on that page); an empty list still has one page."""
    pages = max(1, math.ceil(len(items) / size))
    for page in range(1, pages + 1):
        yield page, pages, items[(page - 1) * size: page * size]
