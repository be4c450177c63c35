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

from collections import Counter
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from markupsafe import Markup

from site_builder.config import SiteConfig
from site_builder.model import ENTITY_TYPES, Article, Entity, Link, PlannedFile, SiteGraph
from site_builder.render import feeds, structured_data
from site_builder.render.data import data_files
from site_builder.render.entity_index import entity_index_pages, list_addresses, type_lists
from site_builder.render.entity_links import article_body
from site_builder.render.environment import excerpt
from site_builder.render.keys import entity_key, quote_key, versions
from site_builder.render.pagination import Pagination, paginate
from site_builder.render.renderer import Renderer
from site_builder.render.urls import Urls
from site_builder.text import dates

ENTITY_PAGE_SIZE = 50
_FILTERED_TYPES = ("person", "place", "organization")
"""Entity types that are search filters (named by their labels)."""


def render_site(graph: SiteGraph, config: SiteConfig) -> Iterator[PlannedFile]:
    """Every generated file of the site, one at a time (static files are copied elsewhere).

    Pages are rendered only when the caller calls ``PlannedFile.render``, so a
    rebuild can skip every page whose key did not change.
    """
    r = Renderer(graph, config)
    entity_lists = type_lists(graph)
    yield from _home_pages(r)
    for slug in graph.order:
        yield article_page(r, graph.articles[slug])
    yield from entity_index_pages(r, entity_lists)
    for entity_id in sorted(graph.entities):
        yield from _entity_pages(r, graph.entities[entity_id])
    yield _sources_index(r)
    for name in sorted(graph.by_source):
        yield from _list_pages(r, "source", Urls.source, name, graph.by_source[name])
    yield _archive_index(r)
    for month in sorted(graph.by_month, reverse=True):
        yield from _list_pages(r, "month", Urls.month, month, graph.by_month[month])
    yield r.page("search.html", "search/", "search", lambda: {"nav": "search"})
    yield r.page("404.html", "404.html", "404", dict, canonical=False)
    yield from feeds.sitemaps(r, list(_sitemap_rows(graph, config, list_addresses(entity_lists))))
    yield feeds.feed(r)
    yield PlannedFile(".nojekyll", "", lambda: b"")
    yield from data_files(graph)


def _sitemap_rows(graph: SiteGraph, config: SiteConfig, entity_lists: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(address, lastmod) of every indexable page."""
    yield "", graph.articles[graph.order[0]].meta.date.isoformat() if graph.order and \
        graph.articles[graph.order[0]].meta.date else ""
    for page, _, _ in list(paginate(graph.order, config.per_page))[1:]:
        yield Urls.home(page), ""
    for slug in graph.order:
        date = graph.articles[slug].meta.date
        yield Urls.article(slug), date.isoformat() if date else ""
    for address in ("entities/", "sources/", "archive/", "search/"):
        yield address, ""
    for address in entity_lists:
        yield address, ""
    for entity_id in sorted(graph.entities):
        stats = graph.entity_stats.get(entity_id)
        for page, _, _ in paginate(stats.articles if stats else (), ENTITY_PAGE_SIZE):
            yield Urls.entity(entity_id, page), ""
    for name in sorted(graph.by_source):
        for page, _, _ in paginate(graph.by_source[name], config.per_page):
            yield Urls.source(name, page), ""
    for month in sorted(graph.by_month, reverse=True):
        for page, _, _ in paginate(graph.by_month[month], config.per_page):
            yield Urls.month(month, page), ""


# ---------------------------------------------------------------- lists

def _home_pages(r: Renderer) -> Iterator[PlannedFile]:
    graph = r.graph
    sources = sorted(_source_rows(graph), key=lambda row: (-row[2], row[0]))[:12]
    months = [(m, Urls.month(m), len(graph.by_month[m])) for m in sorted(graph.by_month, reverse=True)]
    for page, pages, slugs in paginate(graph.order, r.config.per_page):
        pagination = Pagination(page, pages, Urls.home)
        key = ("home", page, pages, len(graph.order), versions(graph, slugs), tuple(sources),
               tuple(months[:12]), len(months))
        yield r.page("list.html", Urls.home(page), key, lambda slugs=slugs, pagination=pagination: dict(
            kind="home", name="", heading=r.config.title, articles=[graph.articles[s] for s in slugs],
            total=len(graph.order), pagination=pagination, head_links=pagination.head_links,
            nav="home" if pagination.page == 1 else "", sources=sources, months=months[:12],
            all_months=len(months)))


def _list_pages(r: Renderer, kind: str, address: Callable[[str, int], str], name: str,
                slugs: Sequence[str]) -> Iterator[PlannedFile]:
    """Paginated lists of one source or one month."""
    heading = name if kind == "source" else dates.format_month(name)
    for page, pages, chunk in paginate(slugs, r.config.per_page):
        pagination = Pagination(page, pages, lambda n: address(name, n))
        key = (kind, name, page, pages, len(slugs), versions(r.graph, chunk))
        yield r.page("list.html", address(name, page), key, lambda chunk=chunk, pagination=pagination: dict(
            kind=kind, name=name, heading=heading, articles=[r.graph.articles[s] for s in chunk],
            total=len(slugs), pagination=pagination, head_links=pagination.head_links,
            nav="sources" if kind == "source" else "archive", sources=(), months=(), all_months=0,
            description=f"{heading} — {r.config.title}"))


def _source_rows(graph: SiteGraph) -> list[tuple[str, str, int]]:
    return [(name, Urls.source(name), len(graph.by_source[name])) for name in sorted(graph.by_source)]


def _sources_index(r: Renderer) -> PlannedFile:
    rows = _source_rows(r.graph)
    key = ("sources", tuple(rows))
    return r.page("sources.html", "sources/", key, lambda: dict(nav="sources", sources=rows))


def _archive_index(r: Renderer) -> PlannedFile:
    graph = r.graph
    years: dict[str, list[tuple[str, str, int]]] = {}
    for month in sorted(graph.by_month, reverse=True):
        years.setdefault(month[:4], []).append((month, Urls.month(month), len(graph.by_month[month])))
    undated = sum(1 for slug in graph.order if graph.articles[slug].meta.date is None)
    key = ("archive", repr(years), undated)
    return r.page("archive.html", "archive/", key,
                  lambda: dict(nav="archive", years=list(years.items()), undated=undated))


# ---------------------------------------------------------------- articles

def article_page(r: Renderer, article: Article) -> PlannedFile:
    graph = r.graph
    links = graph.links.get(article.slug, ())
    named = tuple(graph.entities[i] for i in sorted({link.entity for link in links if link.entity in graph.entities}))
    related = [s for s in graph.related.get(article.slug, ()) if s in graph.articles]
    key = ("article", article.slug, article.digest, [(l.start, l.end, l.entity) for l in links],
           [entity_key(e) for e in named], versions(graph, related))
    return r.page("article.html", Urls.article(article.slug), key,
                  lambda: _article_context(r, article, links, related))


def _article_context(r: Renderer, article: Article, links: Sequence[Link], related: Sequence[str]) -> dict[str, Any]:
    graph = r.graph
    counts = Counter(link.entity for link in links if link.entity in graph.entities)
    groups = _entity_groups(counts, graph.entities)
    return dict(
        article=article,
        body=Markup(article_body(article, links, r.entity_links, graph.entities)),
        entity_groups=groups,
        legend=[kind for kind in ENTITY_TYPES if any(k == kind for k, _ in groups)],
        related=[graph.articles[s] for s in related],
        filters=_filters(r, article, groups),
        variants=article.search_terms,  # computed with the analysis (per article, in parallel, cached)
        json_ld=Markup(structured_data.news_article(article, groups, r.urls, r.config.language)),
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


def _filters(r: Renderer, article: Article, groups) -> list[tuple[str, str]]:
    """Pagefind filters: the source and the people, places and organisations named."""
    labels = r.labels
    pairs = [(labels.source, article.meta.source)] if article.meta.source else []
    for kind, rows in groups:
        if kind in _FILTERED_TYPES:
            pairs += [(labels.types[kind], name) for name in sorted({e.name for e, _ in rows})]
    return pairs


# ---------------------------------------------------------------- entities

def _entity_pages(r: Renderer, entity: Entity) -> Iterator[PlannedFile]:
    """An entity's pages, from the site's ``entity-<type>.html`` if it has one, else ``entity.html``.

    Entities named beside it are listed when they share two articles or more: those
    of a single shared article are that article's own list, one link away.
    """
    graph = r.graph
    stats = graph.entity_stats.get(entity.id)
    slugs = stats.articles if stats else ()
    quotes = {q.article: q for q in stats.quotes} if stats else {}
    cooccurring = [(graph.entities[i], n) for i, n in (stats.cooccurring if stats else ())
                   if n > 1 and i in graph.entities]
    types = r.labels.types
    description = f"{entity.name} ({types.get(entity.type, types['misc'])}) — {r.config.title}"
    template = (f"entity-{entity.type}.html", "entity.html")
    for page, pages, chunk in paginate(slugs, ENTITY_PAGE_SIZE):
        pagination = Pagination(page, pages, lambda n: Urls.entity(entity.id, n))
        shown = [s for s in chunk if s in graph.articles]
        key = ("entity", entity_key(entity), page, pages, stats.mentions if stats else 0,
               stats.first_seen if stats else None, stats.last_seen if stats else None, len(slugs),
               versions(graph, shown), [quote_key(quotes.get(s)) for s in shown],
               [(entity_key(e), n) for e, n in cooccurring])
        yield r.page(template, Urls.entity(entity.id, page), key, lambda shown=shown, pagination=pagination: dict(
            nav="entities", entity=entity, stats=stats,
            items=[(graph.articles[s], quotes.get(s)) for s in shown], cooccurring=cooccurring,
            pagination=pagination, head_links=pagination.head_links, description=description))


# Renderer (from render.renderer) is named here too: the build and the preview plan pages with it.
__all__ = ["render_site", "article_page", "Renderer", "ENTITY_PAGE_SIZE"]
