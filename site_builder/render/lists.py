"""The numbered pages of one list of articles: home, a source, a day, the undated ones."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

from site_builder.model import PlannedFile
from site_builder.render.keys import versions
from site_builder.render.pagination import Pagination, paginate
from site_builder.render.renderer import Renderer


def list_pages(r: Renderer, kind: str, address: Callable[[int], str], slugs: Sequence[str],
               heading: str, nav: str, shown: tuple, **context: Any) -> Iterator[PlannedFile]:
    """``list.html`` pages of ``slugs``; ``shown`` is the key of what ``context`` adds to
    every page (heading, breadcrumbs, neighbouring days, a source's facts)."""
    for page, pages, chunk in paginate(slugs, r.config.per_page):
        pagination = Pagination(page, pages, address)
        key = (kind, heading, shown, page, pages, len(slugs), versions(r.graph, chunk))
        yield r.page("list.html", address(page), key, lambda chunk=chunk, pagination=pagination: dict(
            kind=kind, heading=heading, articles=[r.graph.articles[s] for s in chunk], total=len(slugs),
            pagination=pagination, head_links=pagination.head_links, nav=nav,
            description=f"{heading} — {r.config.title}", **context))
