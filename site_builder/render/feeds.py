"""For feed readers and crawlers: the Atom feed of the newest articles, and the sitemaps."""

from __future__ import annotations

from typing import Iterator, Sequence

from site_builder.model import PlannedFile
from site_builder.render.keys import versions
from site_builder.render.renderer import Renderer

FEED_SIZE = 50
SITEMAP_LIMIT = 50_000
"""Addresses per sitemap file, the most the sitemap protocol allows."""


def feed(r: Renderer) -> PlannedFile:
    """feed.xml; its entries change only with the newest articles' source files."""
    slugs = r.graph.order[:FEED_SIZE]

    def render() -> bytes:
        entries = [r.graph.articles[s] for s in slugs]
        dated = [a.meta.date for a in entries if a.meta.date]
        updated = f"{max(dated).isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"
        return r.text("feed.xml", entries=entries, updated=updated).encode()
    return PlannedFile("feed.xml", ("feed", versions(r.graph, slugs)), render)


def sitemaps(r: Renderer, rows: Sequence[tuple[str, str]]) -> Iterator[PlannedFile]:
    """sitemap.xml of (address, lastmod) rows; past SITEMAP_LIMIT it becomes an index of numbered sitemaps."""
    if len(rows) <= SITEMAP_LIMIT:
        yield PlannedFile("sitemap.xml", repr(rows), lambda: r.text("sitemap.xml", rows=rows).encode())
        return
    parts = []
    for number, start in enumerate(range(0, len(rows), SITEMAP_LIMIT), 1):
        name = f"sitemap-{number}.xml"
        parts.append(name)
        chunk = rows[start:start + SITEMAP_LIMIT]
        yield PlannedFile(name, repr(chunk), lambda chunk=chunk: r.text("sitemap.xml", rows=chunk).encode())
    yield PlannedFile("sitemap.xml", repr(parts), lambda: r.text("sitemap-index.xml", parts=parts).encode())
