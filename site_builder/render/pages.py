"""Turn the linked archive into pages: which pages exist, where they go and when they change.

``render_site`` is a generator that plans one page at a time, so a build of
tens of thousands of articles never holds more than one page's HTML. Each
plan gathers what its page shows, and builds the page's key from exactly
those values, next to the context the template gets: an unchanged key lets a
rebuild keep the page from the previous build. Every link goes through
``Urls`` so the site works at a domain root and under a project sub-path.
Output depends only on the input: no clock, no locale, and every collection
is sorted before it is shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.link.syndication import collapse
from site_builder.model import ENTITY_TYPES, Article, Entity, Link, PlannedFile, SiteGraph, Source
from site_builder.render import feeds, structured_data
from site_builder.render.archive import archive_addresses, archive_pages
from site_builder.render.data import DATABASE, data_files
from site_builder.render.data_tables import TABLE_NAMES
from site_builder.render.entity_index import entity_index_pages, list_addresses, type_lists
from site_builder.render.entity_links import article_body
from site_builder.render.environment import excerpt
from site_builder.render.keys import entity_key, quote_key, versions
from site_builder.render.lists import list_pages
from site_builder.render.pagination import Pagination, paginate
from site_builder.render.renderer import Renderer
from site_builder.render.timeline import Bar, Chart, chart
from site_builder.render.urls import Urls
from site_builder.search.documents import FILTERED_TYPES
from site_builder.search.names import name_files

ENTITY_PAGE_SIZE = 50
SOURCE_DAYS = 31
"""Days whose article count a source page shows, the newest first."""


def render_site(graph: SiteGraph, config: SiteConfig, renderer: Renderer | None = None) -> Iterator[PlannedFile]:
    """Every generated file of the site, one at a time (static files are copied elsewhere).

    Pages are rendered only when the caller calls ``PlannedFile.render``, so a
    rebuild can skip every page whose key did not change.
    """
    r = renderer or Renderer(graph, config)
    entity_lists = type_lists(graph)
    yield from _home_pages(r)
    for slug in graph.order:
        yield article_page(r, graph.articles[slug])
    yield from entity_index_pages(r, entity_lists)
    for entity_id in sorted(graph.entities):
        if graph.entities[entity_id].page:
            yield from _entity_pages(r, graph.entities[entity_id])
    yield from _source_pages(r)
    yield from archive_pages(r)
    names = name_files(r.search_names) if config.search else {}
    letters = "".join(letter for letter, _ in names)
    yield r.page("search.html", "search/", ("search", letters),
                 lambda: {"nav": "search", "name_letters": letters})
    for (_, path), data in names.items():
        yield PlannedFile(path, ("names", data), lambda data=data: data)
    yield r.page("404.html", "404.html", "404", dict, canonical=False)
    database = DATABASE if config.data.archive else ""
    tables = TABLE_NAMES if config.data.archive and config.data.csv else ()
    yield r.page("data.html", "data/", ("data", database, tables), lambda: {"database": database, "tables": tables})
    yield from feeds.sitemaps(r, list(_sitemap_rows(graph, config, list_addresses(entity_lists))))
    yield feeds.feed(r)
    yield PlannedFile(".nojekyll", "", lambda: b"")
    yield from data_files(graph, config.data.archive, config.data.csv)


def _sitemap_rows(graph: SiteGraph, config: SiteConfig, entity_lists: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(address, lastmod) of every indexable page."""
    yield "", graph.articles[graph.order[0]].meta.date.isoformat() if graph.order and \
        graph.articles[graph.order[0]].meta.date else ""
    for page, _, _ in list(paginate(home_articles(graph), config.per_page))[1:]:
        yield Urls.home(page), ""
    for slug in graph.order:
        date = graph.articles[slug].meta.date
        yield Urls.article(slug), date.isoformat() if date else ""
    for address in ("entities/", "sources/", "archive/", "search/", "data/"):
        yield address, ""
    for address in entity_lists:
        yield address, ""
    for entity_id in sorted(i for i, entity in graph.entities.items() if entity.page):
        for page, _, _ in paginate(entity_listing(graph, entity_id), ENTITY_PAGE_SIZE):
            yield Urls.entity(entity_id, page), ""
    for source_id in sorted(graph.by_source):
        for page, _, _ in paginate(graph.by_source[source_id], config.per_page):
            yield Urls.source(source_id, page), ""
    yield from archive_addresses(graph, config.per_page)


# ---------------------------------------------------------------- lists

def home_articles(graph: SiteGraph) -> Sequence[str]:
    """What the home page lists: the dated articles, newest first (the undated ones have a
    page of their own), or every article of an archive that has no dates at all."""
    undated = graph.undated
    return graph.order[:len(graph.order) - len(undated)] or undated


def _home_pages(r: Renderer) -> Iterator[PlannedFile]:
    graph = r.graph
    listed = home_articles(graph)
    undated = len(graph.undated) if len(listed) < len(graph.order) else 0
    sources = sorted(source_rows(graph), key=lambda row: (-row[2], row[0].name, row[0].id))[:12]
    months = [(m, Urls.month(m), len(graph.by_month[m])) for m in sorted(graph.by_month, reverse=True)]
    sources_key = tuple((source.id, source.name, count) for source, _, count, _, _ in sources)
    for page, pages, slugs in paginate(listed, r.config.per_page):
        pagination = Pagination(page, pages, Urls.home)
        key = ("home", page, pages, len(listed), undated, versions(graph, slugs), sources_key,
               tuple(months[:12]), len(months))
        yield r.page("list.html", Urls.home(page), key, lambda slugs=slugs, pagination=pagination: dict(
            kind="home", heading=r.config.title, articles=[graph.articles[s] for s in slugs],
            total=len(listed), undated=undated, pagination=pagination, head_links=pagination.head_links,
            nav="home" if pagination.page == 1 else "", sources=sources, months=months[:12],
            all_months=len(months)))


def source_rows(graph: SiteGraph) -> list[tuple[Source, str, int, dt.date | None, dt.date | None]]:
    """(source, address, articles, first day, last day) of every source."""
    rows = []
    for source_id in sorted(graph.by_source):
        slugs = graph.by_source[source_id]
        days = [graph.articles[s].meta.date for s in slugs if graph.articles[s].meta.date]
        rows.append((graph.sources.by_id[source_id], Urls.source(source_id), len(slugs),
                     min(days, default=None), max(days, default=None)))
    return rows


def _source_pages(r: Renderer) -> Iterator[PlannedFile]:
    """The index of sources, and each source's name, dates, days and articles."""
    graph = r.graph
    rows = sorted(source_rows(graph), key=lambda row: (row[0].name, row[0].id))  # as a reader looks one up
    key = ("sources", tuple((source.id, source.name, source.url, n, first, last)
                            for source, _, n, first, last in rows))
    yield r.page("sources.html", "sources/", key, lambda: dict(nav="sources", sources=rows))
    for source, _, _, first, last in rows:
        slugs = graph.by_source[source.id]
        days = _source_days(graph, slugs, source.id, r.config.per_page)
        address = functools.partial(Urls.source, source.id)
        timeline = _chart(r, [(graph.articles[s].meta.date, 1) for s in slugs])
        anchors = {slugs[i]: anchor for i, anchor in timeline.anchors(range(len(slugs))).items()} if timeline else {}
        shown = (source.id, source.name, source.url, first, last, tuple(days), timeline.key() if timeline else None)
        feed = feeds.feed_address(Urls.source(source.id))
        yield from list_pages(r, "source", address, slugs, source.name, "sources", shown, source=source,
                              first=first, last=last, days=days, timeline=timeline, anchors=anchors,
                              bars=_bar_links(timeline, address, r.config.per_page), feed=feed)
        yield feeds.topic_feed(r, Urls.source(source.id), source.name, slugs, (source.id, source.name),
                               author=source.name)


def _source_days(graph: SiteGraph, slugs: Sequence[str], source_id: str, per_page: int
                 ) -> list[tuple[dt.date, int, str]]:
    """(day, articles, address of the page where that day begins) of the source's newest
    SOURCE_DAYS days: the count per day stays a short table however old the source."""
    days: list[tuple[dt.date, int, str]] = []
    for index, slug in enumerate(slugs):
        date = graph.articles[slug].meta.date
        if date is None:
            break
        if days and days[-1][0] == date:
            days[-1] = (date, days[-1][1] + 1, days[-1][2])
        elif len(days) == SOURCE_DAYS:
            break
        else:
            days.append((date, 1, Urls.source(source_id, index // per_page + 1)))
    return days


# ---------------------------------------------------------------- articles

def article_page(r: Renderer, article: Article) -> PlannedFile:
    graph = r.graph
    links = graph.links.get(article.slug, ())
    named = tuple(graph.entities[i] for i in sorted({link.entity for link in links if link.entity in graph.entities}))
    related = [s for s in graph.related.get(article.slug, ()) if s in graph.articles]
    copies = also_published(graph, article.slug)
    key = ("article", article.slug, article.digest, graph.sources.ids.get(article.meta.source, ""),
           [(l.start, l.end, l.entity) for l in links],
           [entity_key(e) for e in named], versions(graph, related),
           versions(graph, [slug for _, slug in copies]))
    return r.page("article.html", Urls.article(article.slug), key,
                  lambda: _article_context(r, article, links, related, copies))


def also_published(graph: SiteGraph, slug: str) -> list[tuple[Source, str]]:
    """(source, slug) of the copies of the article's story in other sources, each source
    once (its first printed copy), earliest first: what "also published by" names."""
    own = graph.articles[slug].meta.source if slug in graph.articles else ""
    seen = {graph.sources.ids.get(own, own)}
    out = []
    for other in graph.syndication.copies(slug):
        source = graph.sources.of(graph.articles[other].meta.source)
        if source is not None and source.id not in seen:
            seen.add(source.id)
            out.append((source, other))
    return out


def _article_context(r: Renderer, article: Article, links: Sequence[Link], related: Sequence[str],
                     copies: Sequence[tuple[Source, str]]) -> dict[str, Any]:
    graph = r.graph
    counts = Counter(link.entity for link in links if link.entity in graph.entities)
    groups = _entity_groups(counts, graph.entities)
    return dict(
        article=article,
        body=Markup(article_body(article, links, r.entity_links, graph.entities, r.direction)),
        entity_groups=groups,
        legend=[kind for kind in ENTITY_TYPES if any(k == kind for k, _ in groups)],
        related=[graph.articles[s] for s in related],
        copies=copies,
        json_ld=Markup(structured_data.news_article(article, r.config.language,
                                                    graph.sources.of(article.meta.source))),
        description=excerpt(article.text, 160) or r.config.description,
    )


def _entity_groups(counts: Counter, entities: Mapping[str, Entity]) -> list[tuple[str, list[tuple[Entity, int]]]]:
    """Entities of one article by type (theme order), most mentioned first."""
    groups = []
    for kind in ENTITY_TYPES:
        rows = [(entities[i], n) for i, n in counts.items() if entities[i].type == kind]
        rows.sort(key=lambda row: (-row[1], row[0].name, row[0].id))
        if rows:
            groups.append((kind, rows))
    return groups


# ---------------------------------------------------------------- entities

def entity_listing(graph: SiteGraph, entity_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """The articles an entity's pages list, newest first, each story once (``collapse``)."""
    stats = graph.entity_stats.get(entity_id)
    return collapse(stats.articles, graph.syndication) if stats else []


def _entity_pages(r: Renderer, entity: Entity) -> Iterator[PlannedFile]:
    """An entity's pages, from the site's ``entity-<type>.html`` if it has one, else ``entity.html``.

    The first page shows where the entity stands in the archive: its mentions
    over time, per source, and the entities named beside it in two articles or
    more (those of a single shared article are that article's own list); the
    later pages go on with the list of its articles. A story several papers
    printed is listed once, with links to its other copies.
    """
    graph = r.graph
    stats = graph.entity_stats.get(entity.id)
    slugs = stats.articles if stats else ()
    listing = entity_listing(graph, entity.id)
    quotes = {q.article: q for q in stats.quotes} if stats else {}
    counts = stats.article_mentions if stats else ()
    mentions = dict(zip(slugs, counts))
    # One bar position per listed story, weighing the mentions of all its copies, so the
    # bars add up to the mention count and each opens the list where its period begins.
    dated = [(graph.articles[s].meta.date if s in graph.articles else None,
              sum(mentions.get(c, 0) for c in (s, *others))) for s, others in listing]
    timeline = _chart(r, dated)
    bars = _bar_links(timeline, lambda n: Urls.entity(entity.id, n), ENTITY_PAGE_SIZE)
    reported = _reported_by(r, entity, slugs, counts, linked=len(slugs) > ENTITY_PAGE_SIZE)
    cooccurring = [(graph.entities[i], n, _shared_search(r, entity, graph.entities[i]))
                   for i, n in (stats.cooccurring if stats else ()) if n > 1 and i in graph.entities]
    first_page = (timeline.key() if timeline else None, tuple((s.id, s.name, n, a) for s, n, a in reported),
                  [(entity_key(e), n) for e, n, _ in cooccurring])
    types = r.labels.types
    description = f"{entity.name} ({types.get(entity.type, types['misc'])}) — {r.config.title}"
    template = (f"entity-{entity.type}.html", "entity.html")
    feed = feeds.feed_address(Urls.entity(entity.id)) if len(slugs) >= feeds.ENTITY_FEED_MIN_ARTICLES else ""
    if feed:
        yield feeds.topic_feed(r, Urls.entity(entity.id), entity.name, slugs, entity_key(entity))
    for page, pages, chunk in paginate(listing, ENTITY_PAGE_SIZE):
        pagination = Pagination(page, pages, lambda n: Urls.entity(entity.id, n))
        shown = [s for s, _ in chunk if s in graph.articles]
        copies = {s: also for s, others in chunk if others and s in graph.articles
                  and (also := also_published(graph, s))}
        start = (page - 1) * ENTITY_PAGE_SIZE
        anchors = {listing[i][0]: anchor for i, anchor in timeline.anchors(range(start, start + len(chunk))).items()} \
            if timeline else {}
        key = ("entity", entity_key(entity), page, pages, stats.mentions if stats else 0,
               stats.first_seen if stats else None, stats.last_seen if stats else None, len(slugs),
               versions(graph, shown), [quote_key(quotes.get(s)) for s in shown], sorted(anchors.items()),
               first_page if page == 1 else None,
               [(s, versions(graph, [c for _, c in also])) for s, also in copies.items()])
        yield r.page(template, Urls.entity(entity.id, page), key,
                     lambda shown=shown, pagination=pagination, anchors=anchors, page=page, copies=copies: dict(
            nav="entities", entity=entity, stats=stats,
            items=[(graph.articles[s], quotes.get(s)) for s in shown], anchors=anchors, copies=copies,
            timeline=timeline if page == 1 else None, bars=bars, reported_by=reported if page == 1 else [],
            cooccurring=cooccurring if page == 1 else [],
            pagination=pagination, head_links=pagination.head_links, description=description, feed=feed))


def _chart(r: Renderer, items: Sequence[tuple[dt.date | None, int]]) -> Chart | None:
    return chart(r.axis, items, r.dates, lambda day: r.labels.week_of.format(date=day))


def _bar_links(timeline: Chart | None, address: Callable[[int], str], size: int) -> list[tuple[Bar, str]]:
    """Each bar with the address of the list page where its period begins ("" for the first
    page, where the chart is)."""
    if timeline is None:
        return []
    return [(bar, "" if bar.first < size else address(bar.first // size + 1)) for bar in timeline.bars]


def _reported_by(r: Renderer, entity: Entity, slugs: Sequence[str], counts: Sequence[int], *,
                 linked: bool) -> list[tuple[Source, int, str]]:
    """(source, mentions, address) of the sources that name the entity, most mentions first;
    none when a single source does (each article names its own). When the entity's articles
    take several pages (``linked``), each source links to the search narrowed to the
    entity and that source."""
    graph = r.graph
    tally: Counter = Counter()
    for slug, n in zip(slugs, counts):
        article = graph.articles.get(slug)
        source_id = graph.sources.ids.get(article.meta.source, "") if article else ""
        if source_id:
            tally[source_id] += n
    if len(tally) < 2:
        return []
    searchable = linked and r.config.search and entity.type in FILTERED_TYPES
    rows = []
    for source_id, n in tally.items():
        source = graph.sources.by_id[source_id]
        address = Urls.search([_filter(r, entity)], [(r.labels.source, source.name)]) if searchable else ""
        rows.append((source, n, address))
    return sorted(rows, key=lambda row: (-row[1], row[0].name, row[0].id))


def _shared_search(r: Renderer, entity: Entity, other: Entity) -> str:
    """The search for the articles naming both entities, when both are search filters."""
    if r.config.search and entity.type in FILTERED_TYPES and other.type in FILTERED_TYPES:
        return Urls.search([_filter(r, entity), _filter(r, other)])
    return ""


def _filter(r: Renderer, entity: Entity) -> tuple[str, str]:
    return r.labels.types[entity.type], entity.name


# Renderer (from render.renderer) is named here too: the build and the preview plan pages with it.
__all__ = ["render_site", "article_page", "Renderer", "ENTITY_PAGE_SIZE"]
