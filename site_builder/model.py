"""The values that flow through the build: read → analyse → link → render.

Every stage returns new, complete values; relations between them are kept as
ids (article slugs, entity ids), never as object references, so each value can
be cached, pickled to a worker process and compared in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Literal, Mapping

from site_builder.text.slugs import slugify

EntityType = Literal["person", "place", "organization", "misc"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "place", "organization", "misc")


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What front matter (or the first line of a .txt file) says about an article."""

    title: str
    date: dt.date | None = None
    source: str = ""
    author: str = ""
    url: str = ""
    dateline: str = ""
    """Where the story was filed ("الرياض"), when the byline says so."""
    tags: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Front-matter keys the tool does not know; templates can read them."""
    time: dt.time | None = None
    """Time of day, when the front-matter date gives one (``2015-07-21 10:32``): it orders
    the articles of one day. Last, so analyses cached before it existed still load."""


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One article file as read from disk, before any analysis."""

    path: str
    """Path relative to the site root, as shown in messages."""
    slug: str
    meta: ArticleMeta
    body: str
    fmt: Literal["md", "txt"]
    body_line: int
    """1-based line of the file where ``body`` starts (for error messages)."""
    digest: str
    """Hash of the file's bytes: the analysis cache key."""
    warnings: tuple[str, ...] = ()
    """Problems that did not keep the article out (e.g. a dropped link)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised name in an article's plain text.

    ``start``/``end`` index ``Article.text`` and cover the name only: an
    attached prefix (و ف ب ل ك ال لل) stays outside the span.
    """

    start: int
    end: int
    text: str
    type: EntityType
    key: str
    """Matching key of the name (normalized, prefixes removed): mentions with
    the same key are candidates for the same entity."""


@dataclass(frozen=True, slots=True)
class Article:
    """An analysed article: sanitised body HTML, its plain text and mentions."""

    slug: str
    meta: ArticleMeta
    html: str
    """Sanitised body HTML without entity links (see ``markup.link_mentions``)."""
    text: str
    """Plain text of ``html`` (``markup.plain_text``); mention offsets index it."""
    mentions: tuple[Mention, ...]
    path: str
    digest: str
    search_terms: str = ""
    """Extra word forms for the search index (``text.search_keys.variant_terms``)."""
    signature: bytes = b""
    """MinHash signature of the text's word shingles (``text.shingles``): finds its copies."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, place, organization or other named thing in the archive."""

    id: str
    """URL-safe, stable id: the entity page is ``entities/<id>/``."""
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    """Other surface forms seen in the archive or given by the curation file."""
    page: bool = True
    """Whether the entity has a page of its own. One named in fewer articles than
    ``entities.page_articles`` has none: its page would only repeat the articles it is
    named in, so its links open the archive's search for its name instead."""


@dataclass(frozen=True, slots=True)
class Link:
    """A mention resolved to an entity: what becomes ``<a class="entity">``."""

    start: int
    end: int
    entity: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """Archive-wide result of alias resolution and curation."""

    entities: Mapping[str, Entity]
    links: Mapping[str, tuple[Link, ...]]
    """Article slug → links in text order."""
    warnings: tuple[str, ...] = ()
    """E.g. curation rules that matched nothing."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence around one mention, for the entity page."""

    article: str
    sentence: str
    start: int
    end: int
    """Offsets of the mention inside ``sentence``."""


@dataclass(frozen=True, slots=True)
class EntityStats:
    """What the entity page shows besides the entity itself."""

    mentions: int
    articles: tuple[str, ...]
    """Slugs, newest first."""
    quotes: tuple[Quote, ...]
    """One per article (its first mention), in the order of ``articles``."""
    first_seen: dt.date | None
    last_seen: dt.date | None
    cooccurring: tuple[tuple[str, int], ...]
    """(entity id, number of shared articles), most associated first (``link.association``)."""
    article_mentions: tuple[int, ...] = ()
    """Mentions in each of ``articles``: what the timeline and the count per source add up."""


@dataclass(frozen=True, slots=True)
class Source:
    """A newspaper, agency or site the articles come from."""

    id: str
    """URL-safe and unique: the source page is ``sources/<id>/``."""
    name: str
    """What readers see: on cards, article pages, source pages, feeds and data."""
    url: str = ""
    """The source's home page, when known."""


@dataclass(frozen=True, slots=True)
class Sources:
    """Every source of the archive, and which front-matter ``source`` value names which."""

    by_id: Mapping[str, Source] = field(default_factory=dict)
    ids: Mapping[str, str] = field(default_factory=dict)
    """Front-matter value (a name or an id) → source id."""
    warnings: tuple[str, ...] = ()
    """Names that wanted the same address and were given distinct ones."""

    def of(self, value: str) -> Source | None:
        """The source a front-matter value names; a value the archive did not have when
        it was linked (an article being edited in the preview) names itself."""
        if not value:
            return None
        known = self.ids.get(value)
        return self.by_id[known] if known is not None else Source(slugify(value, "unknown"), value)


@dataclass(frozen=True, slots=True)
class Syndication:
    """Articles that are copies of one story (a wire story several papers printed)."""

    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Group id (the slug of its earliest copy) → its slugs, by date, time, source, slug."""
    group_of: Mapping[str, str] = field(default_factory=dict)
    """Slug → group id, for every article that has a copy."""

    def copies(self, slug: str) -> tuple[str, ...]:
        """The other copies of the article's story, earliest first (none for most articles)."""
        group = self.group_of.get(slug)
        return tuple(s for s in self.groups[group] if s != slug) if group is not None else ()


@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Everything the renderer needs, computed after every article is read."""

    articles: Mapping[str, Article]
    order: tuple[str, ...]
    """All slugs, newest first by date and time; articles of the same moment in an order
    that mixes their sources; undated ones last (``link.graph.newest_first``)."""
    entities: Mapping[str, Entity]
    links: Mapping[str, tuple[Link, ...]]
    entity_stats: Mapping[str, EntityStats]
    related: Mapping[str, tuple[str, ...]]
    """Article slug → related article slugs, best first."""
    by_source: Mapping[str, tuple[str, ...]]
    """Source id → slugs newest first."""
    by_month: Mapping[str, tuple[str, ...]]
    """"YYYY-MM" → slugs newest first; undated articles are not listed."""
    by_day: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """"YYYY-MM-DD" → slugs newest first."""
    sources: Sources = field(default_factory=Sources)
    syndication: Syndication = field(default_factory=Syndication)

    @property
    def undated(self) -> tuple[str, ...]:
        """The slugs without a date (the end of ``order``)."""
        end = len(self.order)
        while end and self.articles[self.order[end - 1]].meta.date is None:
            end -= 1
        return self.order[end:]


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file to write, relative to the output folder (POSIX path)."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file the build may render, or keep from the previous build.

    ``key`` is everything the file shows that can change from one build to
    the next (templates and configuration are accounted for by the build);
    ``None`` means the file is always rendered afresh. A ``slow`` file spends
    its time in a C library that lets other threads run (compressing the
    archive database): it is rendered in a thread while the search index is
    built, instead of holding up a render worker.
    """

    path: str
    key: Hashable | None
    render: Callable[[], bytes]
    slow: bool = False
