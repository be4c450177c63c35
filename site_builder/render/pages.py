"""Turn the linked archive into pages: one Jinja2 template per kind of page.

``render_site`` is a generator that renders one page at a time, so a build of
tens of thousands of articles never holds more than one page's HTML. Every
link goes through ``Urls`` so the site works at a domain root and under a
project sub-path. Output depends only on the input: no clock, no locale, and
every collection is sorted before it is shown.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import traceback
from collections import Counter
from typing import Any, Callable, Hashable, Iterator, Mapping, Sequence
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from site_builder.text import dates
from site_builder.config import SiteConfig
from site_builder.errors import TemplateError
from site_builder.content.markup import link_mentions
from site_builder.model import ENTITY_TYPES, Article, Entity, Link, PlannedFile, SiteGraph
from site_builder.render.theme import default_template_dir
from site_builder.render.urls import Urls, output_file


TYPE_LABELS = {"person": "شخص", "place": "مكان", "organization": "منظمة", "misc": "أخرى"}
TYPE_GROUP_LABELS = {"person": "أشخاص", "place": "أماكن", "organization": "منظمات", "misc": "أخرى"}
FILTER_KEYS = {"person": "شخص", "place": "مكان", "organization": "منظمة"}
SOURCE_FILTER = "المصدر"
ENTITY_PAGE_SIZE = 50
FEED_SIZE = 50
SITEMAP_LIMIT = 50_000
EXCERPT_CHARS = 220

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2", ".jinja")
_BLOCK_OPEN = re.compile(r"<(p|li|h[2-6]|blockquote|td|th|dt|dd|figcaption)(?=[\s>])")


# ---------------------------------------------------------------- environment

def make_environment(config: SiteConfig) -> jinja2.Environment:
    """Site templates first, then the default theme (also reachable as "default:NAME")."""
    theme = jinja2.FileSystemLoader(str(default_template_dir()))
    loaders: list[jinja2.BaseLoader] = []
    site_dir = config.path(config.templates)
    if site_dir.is_dir() and site_dir != default_template_dir().resolve():
        loaders.append(jinja2.FileSystemLoader(str(site_dir)))
    loaders += [theme, jinja2.PrefixLoader({"default": theme}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    urls = Urls(config.base_url)
    env.filters.update(
        url=functools.lru_cache(maxsize=16384)(urls.path),
        absolute=functools.lru_cache(maxsize=1024)(urls.absolute),
        arabic_date=dates.format_date,
        month_name=dates.format_month,
        number=dates.format_number,
        digits=dates.arabic_digits,
        iso=lambda date: date.isoformat() if date else "",
        type_label=lambda kind: TYPE_LABELS.get(kind, TYPE_LABELS["misc"]),
        excerpt=excerpt,
        display_url=_display_url,
    )
    env.globals.update(
        site=config, urls=urls, base_path=urls.base_path,
        type_labels=TYPE_LABELS, type_group_labels=TYPE_GROUP_LABELS, entity_types=ENTITY_TYPES,
    )
    return env


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The opening of an article, cut at a word boundary, for lists and descriptions."""
    flat = " ".join(text[: limit * 2].split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip("،,.؛:") + "…"


def _display_url(url: str) -> str:
    """A link's address as a reader would type it: percent-escapes decoded."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


def _template_error(exc: BaseException, name: str) -> TemplateError:
    """Name the template file and line a site owner has to fix."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax error: {exc.message}", exc.filename or exc.name or name,
                             exc.lineno)
    where, line = name, None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and frame.filename.endswith(_TEMPLATE_SUFFIXES):
            where, line = frame.filename, frame.lineno
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template not found: {exc.name}", where, line,
                             hint="add it to the site's templates folder or name a theme template")
    message = getattr(exc, "message", None) or str(exc)
    return TemplateError(f"template error: {message}", where, line)


def _in_template(exc: BaseException) -> bool:
    """True when the innermost frame is template code (a mistake in a site template)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename.endswith(_TEMPLATE_SUFFIXES)


class Renderer:
    """Renders named templates with the shared context of one build."""

    def __init__(self, graph: SiteGraph, config: SiteConfig):
        self.graph = graph
        self.config = config
        self.env = make_environment(config)
        self.urls: Urls = self.env.globals["urls"]
        self._templates: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            try:
                self._templates[name] = self.env.get_template(name)
            except jinja2.TemplateError as exc:
                raise _template_error(exc, name) from None
        return self._templates[name]

    def text(self, template_name: str, /, **context: Any) -> str:
        template = self.template(template_name)
        try:
            return template.render(**context)
        except jinja2.TemplateError as exc:
            raise _template_error(exc, template.filename or template_name) from None
        except Exception as exc:  # noqa: BLE001 - only mistakes made inside a template
            if _in_template(exc):
                raise _template_error(exc, template.filename or template_name) from None
            raise

    def page(self, template_name: str, address: str, key: Hashable | None,
             context: Callable[[], dict[str, Any]]) -> PlannedFile:
        """An HTML page at ``address`` ("articles/x/"), rendered only when the build asks.

        ``key`` holds everything the page shows that can change between builds
        (besides templates and configuration): an unchanged key means the page
        from the previous build can be kept as it is.
        """
        def render() -> bytes:
            values = context()
            values.setdefault("description", self.config.description)
            values.setdefault("nav", "")
            values.setdefault("head_links", ())
            values.update(page_address=address, canonical=self.urls.absolute(address))
            return self.text(template_name, **values).encode("utf-8")
        return PlannedFile(output_file(address), key, render)


# ---------------------------------------------------------------- site

def render_site(graph: SiteGraph, config: SiteConfig) -> Iterator[PlannedFile]:
    """Every generated file of the site, one at a time (static files are copied elsewhere).

    Pages are rendered only when the caller calls ``PlannedFile.render``, so a
    rebuild can skip every page whose key did not change.
    """
    r = Renderer(graph, config)
    yield from _home_pages(r)
    for slug in graph.order:
        yield article_page(r, graph.articles[slug])
    yield _entities_index(r)
    for entity_id in sorted(graph.entities):
        yield from _entity_pages(r, graph.entities[entity_id])
    yield _sources_index(r)
    for name in sorted(graph.by_source):
        yield from _list_pages(r, "source", Urls.source, name, graph.by_source[name])
    yield _archive_index(r)
    for month in sorted(graph.by_month, reverse=True):
        yield from _list_pages(r, "month", Urls.month, month, graph.by_month[month])
    yield r.page("search.html", "search/", "search", lambda: {"nav": "search"})
    yield PlannedFile("404.html", "404", lambda: r.text(
        "404.html", description=config.description, nav="", head_links=(), page_address="404.html",
        canonical="").encode())
    yield from _sitemaps(r)
    yield PlannedFile("feed.xml", ("feed", _versions(graph, graph.order[:FEED_SIZE])), lambda: _feed(r))
    yield PlannedFile(".nojekyll", "", lambda: b"")
    entities = _entities_data(graph)
    yield PlannedFile("data/entities.json", repr(entities), lambda: _json_bytes(entities))
    articles = _articles_data(graph)
    yield PlannedFile("data/articles.json", repr(articles), lambda: _json_bytes(articles))


# ---------------------------------------------------------------- lists

class Pagination:
    """Where a listing page sits among its siblings; addresses, not hrefs."""

    def __init__(self, page: int, pages: int, address):
        self.page = page
        self.pages = pages
        self.prev = address(page - 1) if page > 1 else None
        """Newer articles ("الأحدث")."""
        self.next = address(page + 1) if page < pages else None
        """Older articles ("الأقدم")."""

    @property
    def head_links(self) -> tuple[tuple[str, str], ...]:
        links = (("prev", self.prev), ("next", self.next))
        return tuple((rel, addr) for rel, addr in links if addr is not None)


def _pages(items: Sequence[str], size: int) -> Iterator[tuple[int, int, Sequence[str]]]:
    pages = max(1, math.ceil(len(items) / size))
    for page in range(1, pages + 1):
        yield page, pages, items[(page - 1) * size: page * size]


def _entity_key(entity: Entity) -> tuple:
    """Plain values: page keys are hashed by ``repr``, which is slow on dataclasses."""
    return (entity.id, entity.name, entity.type, entity.aliases)


def _quote_key(quote) -> tuple | None:
    return None if quote is None else (quote.article, quote.sentence, quote.start, quote.end)


def _versions(graph: SiteGraph, slugs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """What a listing shows of its articles changes only with their source files."""
    return tuple((slug, graph.articles[slug].digest) for slug in slugs)


def _home_pages(r: Renderer) -> Iterator[PlannedFile]:
    sources = sorted(_source_rows(r.graph), key=lambda row: (-row[2], row[0]))[:12]
    months = [(m, Urls.month(m), len(r.graph.by_month[m])) for m in sorted(r.graph.by_month, reverse=True)]
    for page, pages, slugs in _pages(r.graph.order, r.config.per_page):
        pagination = Pagination(page, pages, Urls.home)
        key = ("home", page, pages, len(r.graph.order), _versions(r.graph, slugs), tuple(sources),
               tuple(months[:12]), len(months))
        yield r.page("list.html", Urls.home(page), key, lambda slugs=slugs, pagination=pagination: dict(
            kind="home", name="", heading=r.config.title, articles=[r.graph.articles[s] for s in slugs],
            total=len(r.graph.order), pagination=pagination, head_links=pagination.head_links,
            nav="home" if pagination.page == 1 else "", sources=sources, months=months[:12],
            all_months=len(months)))


def _list_pages(r: Renderer, kind: str, address, name: str, slugs: Sequence[str]) -> Iterator[PlannedFile]:
    """Paginated lists of one source or one month."""
    heading = name if kind == "source" else dates.format_month(name)
    for page, pages, chunk in _pages(slugs, r.config.per_page):
        pagination = Pagination(page, pages, lambda n: address(name, n))
        key = (kind, name, page, pages, len(slugs), _versions(r.graph, chunk))
        yield r.page("list.html", address(name, page), key, lambda chunk=chunk, pagination=pagination: dict(
            kind=kind, name=name, heading=heading, articles=[r.graph.articles[s] for s in chunk],
            total=len(slugs), pagination=pagination, head_links=pagination.head_links,
            nav="sources" if kind == "source" else "archive", sources=(), months=(), all_months=0,
            description=f"{heading} — {r.config.title}"))


def _source_rows(graph: SiteGraph) -> list[tuple[str, str, int]]:
    return [(name, Urls.source(name), len(graph.by_source[name])) for name in sorted(graph.by_source)]


def _sources_index(r: Renderer) -> PlannedFile:
    rows = _source_rows(r.graph)
    return r.page("sources.html", "sources/", ("sources", tuple(rows)), lambda: dict(nav="sources", sources=rows))


def _archive_index(r: Renderer) -> PlannedFile:
    years: dict[str, list[tuple[str, str, int]]] = {}
    for month in sorted(r.graph.by_month, reverse=True):
        years.setdefault(month[:4], []).append((month, Urls.month(month), len(r.graph.by_month[month])))
    undated = sum(1 for slug in r.graph.order if r.graph.articles[slug].meta.date is None)
    key = ("archive", repr(years), undated)
    return r.page("archive.html", "archive/", key,
                  lambda: dict(nav="archive", years=list(years.items()), undated=undated))


# ---------------------------------------------------------------- articles

def entity_anchor(urls: Urls, entities: Mapping[str, Entity]):
    """The ``anchor`` callback for ``link_mentions``: the entity link markup contract.

    Latin names are isolated in ``<bdi>`` so their order stays right inside
    Arabic text; Arabic names are not, because isolation would break the
    joining of a name with an attached prefix (ال، ب، ل …) in browsers.
    """
    def anchor(link: Link, inner: str) -> str:
        entity = entities[link.entity]
        kind = entity.type if entity.type in ENTITY_TYPES else "misc"
        ident = html.escape(entity.id, quote=True)
        href = html.escape(urls.path(Urls.entity(entity.id)), quote=True)
        markup = (f'<a class="entity entity-{kind}" data-entity="{ident}" data-entity-type="{kind}" '
                  f'href="{href}">{inner}</a>')
        return f"<bdi>{markup}</bdi>" if _LATIN.search(inner) else markup
    return anchor


def article_body(article: Article, links: Sequence[Link], urls: Urls, entities: Mapping[str, Entity]) -> str:
    """Body HTML with entity links; every block gets ``dir="auto"`` for Latin-led paragraphs."""
    known = [link for link in links if link.entity in entities]
    linked = link_mentions(article.html, known, entity_anchor(urls, entities))
    return _BLOCK_OPEN.sub(r'<\1 dir="auto"', linked)


def _entity_groups(counts: Counter, entities: Mapping[str, Entity]) -> list[tuple[str, list[tuple[Entity, int]]]]:
    """Entities of one article by type (theme order), most mentioned first."""
    groups = []
    for kind in ENTITY_TYPES:
        rows = [(entities[i], n) for i, n in counts.items() if entities[i].type == kind]
        rows.sort(key=lambda row: (-row[1], row[0].name, row[0].id))
        if rows:
            groups.append((kind, rows))
    return groups


def article_page(r: Renderer, article: Article) -> PlannedFile:
    graph = r.graph
    links = graph.links.get(article.slug, ())
    named = tuple(graph.entities[i] for i in sorted({link.entity for link in links if link.entity in graph.entities}))
    related = [s for s in graph.related.get(article.slug, ()) if s in graph.articles]
    key = ("article", article.slug, article.digest, [(l.start, l.end, l.entity) for l in links],
           [_entity_key(e) for e in named], _versions(graph, related))
    return r.page("article.html", Urls.article(article.slug), key, lambda: _article_context(r, article))


def _article_context(r: Renderer, article: Article) -> dict[str, Any]:
    graph = r.graph
    links = graph.links.get(article.slug, ())
    counts = Counter(link.entity for link in links if link.entity in graph.entities)
    groups = _entity_groups(counts, graph.entities)
    related = [graph.articles[s] for s in graph.related.get(article.slug, ()) if s in graph.articles]
    return dict(
        article=article,
        body=Markup(article_body(article, links, r.urls, graph.entities)),
        entity_groups=groups,
        legend=[kind for kind in ENTITY_TYPES if any(k == kind for k, _ in groups)],
        related=related,
        filters=_filters(article, groups),
        variants=_variants(article),
        json_ld=Markup(_json_ld(r, article, groups)),
        description=excerpt(article.text, 160) or r.config.description,
    )


def _filters(article: Article, groups) -> list[tuple[str, str]]:
    """Pagefind filters: the source and the people, places and organisations named."""
    pairs = [(SOURCE_FILTER, article.meta.source)] if article.meta.source else []
    for kind, rows in groups:
        if kind in FILTER_KEYS:
            pairs += [(FILTER_KEYS[kind], name) for name in sorted({e.name for e, _ in rows})]
    return pairs


def _variants(article: Article) -> str:
    """Computed with the analysis (per article, in parallel, cached)."""
    return article.search_terms


_SCHEMA_TYPES = {"person": "Person", "place": "Place", "organization": "Organization", "misc": "Thing"}


def _json_ld(r: Renderer, article: Article, groups) -> str:
    """schema.org NewsArticle, safe inside a <script> element."""
    meta = article.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "inLanguage": r.config.language,
        "url": r.urls.absolute(Urls.article(article.slug)),
        "mainEntityOfPage": r.urls.absolute(Urls.article(article.slug)),
    }
    if meta.date:
        data["datePublished"] = meta.date.isoformat()
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if meta.source:
        data["publisher"] = {"@type": "Organization", "name": meta.source}
    if meta.url:
        data["isBasedOn"] = meta.url
    mentions = [{"@type": _SCHEMA_TYPES[kind], "name": e.name, "url": r.urls.absolute(Urls.entity(e.id))}
                for kind, rows in groups for e, _ in rows]
    if mentions:
        data["mentions"] = mentions
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


# ---------------------------------------------------------------- entities

def _entities_index(r: Renderer) -> PlannedFile:
    context = _entities_index_context(r)
    key = ("entities", tuple((kind, tuple((e.id, e.name, n, a) for e, n, a in rows)) for kind, rows in context["groups"]))
    return r.page("entities.html", "entities/", key, lambda: dict(context))


def _entities_index_context(r: Renderer) -> dict[str, Any]:
    graph = r.graph
    groups = []
    for kind in ENTITY_TYPES:
        rows = []
        for entity in graph.entities.values():
            if entity.type == kind:
                stats = graph.entity_stats.get(entity.id)
                rows.append((entity, stats.mentions if stats else 0, len(stats.articles) if stats else 0))
        rows.sort(key=lambda row: (-row[1], row[0].name, row[0].id))
        if rows:
            groups.append((kind, rows))
    return dict(nav="entities", groups=groups, total=len(graph.entities))


def _entity_pages(r: Renderer, entity: Entity) -> Iterator[PlannedFile]:
    graph = r.graph
    stats = graph.entity_stats.get(entity.id)
    slugs = stats.articles if stats else ()
    quotes = {q.article: q for q in stats.quotes} if stats else {}
    cooccurring = [(graph.entities[i], n) for i, n in (stats.cooccurring if stats else ())
                   if i in graph.entities]
    for page, pages, chunk in _pages(slugs, ENTITY_PAGE_SIZE):
        pagination = Pagination(page, pages, lambda n: Urls.entity(entity.id, n))
        shown = [s for s in chunk if s in graph.articles]
        key = ("entity", _entity_key(entity), page, pages, stats.mentions if stats else 0,
               stats.first_seen if stats else None, stats.last_seen if stats else None, len(slugs),
               _versions(graph, shown), [_quote_key(quotes.get(s)) for s in shown],
               [(_entity_key(e), n) for e, n in cooccurring])
        yield r.page("entity.html", Urls.entity(entity.id, page), key,
                     lambda shown=shown, pagination=pagination: dict(
                         nav="entities", entity=entity, stats=stats,
                         items=[(graph.articles[s], quotes.get(s)) for s in shown], cooccurring=cooccurring,
                         pagination=pagination, head_links=pagination.head_links,
                         description=f"{entity.name} ({TYPE_LABELS.get(entity.type, 'أخرى')}) — {r.config.title}"))


# ---------------------------------------------------------------- feeds and data

def _sitemap_rows(graph: SiteGraph, config: SiteConfig) -> Iterator[tuple[str, str]]:
    """(address, lastmod) of every indexable page."""
    yield "", graph.articles[graph.order[0]].meta.date.isoformat() if graph.order and \
        graph.articles[graph.order[0]].meta.date else ""
    for page, _, _ in list(_pages(graph.order, config.per_page))[1:]:
        yield Urls.home(page), ""
    for slug in graph.order:
        date = graph.articles[slug].meta.date
        yield Urls.article(slug), date.isoformat() if date else ""
    for address in ("entities/", "sources/", "archive/", "search/"):
        yield address, ""
    for entity_id in sorted(graph.entities):
        stats = graph.entity_stats.get(entity_id)
        for page, _, _ in _pages(stats.articles if stats else (), ENTITY_PAGE_SIZE):
            yield Urls.entity(entity_id, page), ""
    for name in sorted(graph.by_source):
        for page, _, _ in _pages(graph.by_source[name], config.per_page):
            yield Urls.source(name, page), ""
    for month in sorted(graph.by_month, reverse=True):
        for page, _, _ in _pages(graph.by_month[month], config.per_page):
            yield Urls.month(month, page), ""


def _sitemaps(r: Renderer) -> Iterator[PlannedFile]:
    """sitemap.xml; past 50,000 addresses it becomes an index of numbered sitemaps."""
    rows = list(_sitemap_rows(r.graph, r.config))
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


def _feed(r: Renderer) -> bytes:
    entries = [r.graph.articles[s] for s in r.graph.order[:FEED_SIZE]]
    dated = [a.meta.date for a in entries if a.meta.date]
    updated = f"{max(dated).isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"
    return r.text("feed.xml", entries=entries, updated=updated).encode()


def _entities_data(graph: SiteGraph) -> list[dict[str, Any]]:
    rows = []
    for entity_id in sorted(graph.entities):
        entity = graph.entities[entity_id]
        stats = graph.entity_stats.get(entity_id)
        rows.append({"id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
                     "mentions": stats.mentions if stats else 0,
                     "articles": list(stats.articles) if stats else []})
    return rows


def _articles_data(graph: SiteGraph) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(graph.articles):
        article = graph.articles[slug]
        meta = article.meta
        ids = sorted({link.entity for link in graph.links.get(slug, ()) if link.entity in graph.entities})
        rows.append({"slug": slug, "title": meta.title, "date": meta.date.isoformat() if meta.date else None,
                     "source": meta.source, "url": meta.url, "entities": ids})
    return rows


def _json_bytes(data: Any) -> bytes:
    """JSON with "<" escaped, so the data stays inert even if a page ever inlines it."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).replace("<", "\\u003c")
    return (text + "\n").encode("utf-8")


__all__ = ["render_site", "make_environment", "entity_anchor", "article_body", "excerpt"]
