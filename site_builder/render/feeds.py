"""For feed readers and crawlers: the Atom feeds of the newest articles, and the sitemaps.

Besides the site's feed, every source and every entity named in two articles
or more has a feed of its own, so a reader can follow a newspaper or a name.
There are tens of thousands of those, so each is as small as valid Atom
allows: no summary, links relative to the feed's ``xml:base``, and the source
of each article as its author.
"""

from __future__ import annotations

from typing import Hashable, Iterator, Sequence

from site_builder.model import Article, PlannedFile
from site_builder.render.keys import versions
from site_builder.render.renderer import Renderer

FEED_SIZE = 50
TOPIC_FEED_SIZE = 10
"""Entries of a source's or an entity's feed, the newest: a feed reader asks for what is new since
it last looked, and the archive's tens of thousands of feeds stay small (about 15 MB at 30,000
articles, against 24 MB with twenty entries)."""
ENTITY_FEED_MIN_ARTICLES = 2
"""An entity named in a single article has no feed: that article is its whole page, and the
18,483 such names of a 30,000-article archive would weigh 15 MB of one-entry feeds."""
SITEMAP_LIMIT = 50_000
"""Addresses per sitemap file, the most the sitemap protocol allows."""


def feed(r: Renderer) -> PlannedFile:
    """feed.xml; its entries change only with the newest articles' source files."""
    slugs = r.graph.order[:FEED_SIZE]

    def render() -> bytes:
        entries = [r.graph.articles[s] for s in slugs]
        return r.text("feed.xml", entries=entries, updated=_updated(entries)).encode()
    return PlannedFile("feed.xml", ("feed", versions(r.graph, slugs)), render)


def feed_address(page_address: str) -> str:
    """The feed of a source's or an entity's page: ``entities/x/`` → ``entities/x/feed.xml``."""
    return page_address + "feed.xml"


def topic_feed(r: Renderer, page_address: str, title: str, slugs: Sequence[str], key: Hashable,
               author: str = "") -> PlannedFile:
    """The feed of the page at ``page_address``: its newest TOPIC_FEED_SIZE articles.

    ``author`` is the feed's author (a source's own feed); without it each entry names
    its article's source and the feed is the site's. ``key`` is what the feed shows of the
    page (its title and author); the entries' files are added to it here.
    """
    slugs = slugs[:TOPIC_FEED_SIZE]
    address = feed_address(page_address)

    def render() -> bytes:
        entries = [r.graph.articles[s] for s in slugs]
        return r.text("topic-feed.xml", title=title, page_address=page_address, feed=address, author=author,
                      entries=entries, updated=_updated(entries)).encode()
    return PlannedFile(address, ("topic-feed", key, versions(r.graph, slugs)), render)


def _updated(entries: Sequence[Article]) -> str:
    """The feed's date: its newest article's (a fixed date when none has one, never the clock)."""
    dated = [a.meta.date for a in entries if a.meta.date]
    return f"{max(dated).isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"


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
