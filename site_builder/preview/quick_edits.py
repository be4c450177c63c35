"""The preview's first answer to an edit: the edited articles' own pages, at once.

A full rebuild links the whole archive again (aliases, entity statistics,
related articles, every list) and at tens of thousands of articles takes
seconds. Like Hugo's fast render mode, the preview server first renders only
the pages of the articles that changed, against the archive as the last
complete build linked it, and shows them; the complete rebuild follows and
brings every other page up to date (lists, entity pages, related articles,
the search index).

Only edits to articles the last build already had take this path: a new,
removed, renamed or unreadable article, a changed template, configuration or
curation file waits for the complete rebuild. Until it lands, a name the
archive has never linked before is shown unlinked; names it has linked keep
their entity.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

from site_builder import analyse
from site_builder.render import pages as render
from site_builder.content import sources
from site_builder.link.aliases import variant_key
from site_builder.text.tokens import name_key
from site_builder.build import make_recogniser, read_sources, site_key
from site_builder.config import SiteConfig
from site_builder.link.curation import load_curation
from site_builder.errors import SiteError
from site_builder.model import Article, Link, SiteGraph, SourceDoc
from site_builder.report import Reporter
from site_builder.state.pages import forget
from site_builder.state.resident import Resident

MAX_EDITS = 20
"""More changed articles than this (a pull, a bulk replace) go straight to the complete build."""


def render_edits(config: SiteConfig, output: Path, state: Resident,
                 changed: set[str] | frozenset[str] | None = None) -> list[str]:
    """Write the pages of the articles edited since the last complete build.

    ``changed`` (the files the watcher saw change) spares reading the whole
    archive again; without it every file is checked. Returns the output
    paths written; an empty list means this edit needs the complete build
    (or nothing changed), and nothing was written.
    """
    graph = state.graph
    if graph is None or not config.entities.enabled or not output.is_dir():
        return []
    try:
        curation = load_curation(config.path(config.entities.curation))
        recogniser = make_recogniser(config, curation)
        if site_key(config, recogniser) != state.site_key:
            return []
        docs = _changed_docs(config, state, changed) if changed else _all_docs(config, state)
    except SiteError:
        return []  # the complete build reports it
    edited = [d for d in docs if (d.digest, d.path) != (graph.articles[d.slug].digest, graph.articles[d.slug].path)]
    if not edited or len(edited) > MAX_EDITS:
        return []
    articles = {}
    for doc in edited:
        article = analyse.analyse(doc, recogniser)
        state.articles[analyse.cache_key(doc, recogniser)] = article  # the complete build reuses it
        articles[doc.slug] = article
    links = {slug: _links(article, graph, state) for slug, article in articles.items()}
    patched = dataclasses.replace(graph, articles={**graph.articles, **articles}, links={**graph.links, **links})
    renderer = render.Renderer(patched, config)
    try:
        pages = [render.article_page(renderer, articles[slug]) for slug in sorted(articles)]
        rendered = [(page.path, page.render()) for page in pages]
    except SiteError:
        return []  # the complete build reports it, and writes nothing either
    # The next complete build must render these pages again, even if the edit is undone.
    forget(config.path(config.cache), [path for path, _ in rendered])
    for path, data in rendered:
        _replace(output, path, data)
    return [path for path, _ in rendered]


def prepare(state: Resident) -> None:
    """Index the last complete build for the next fast render (call it off the critical path)."""
    if state.graph is not None:
        _names(state.graph, state)
        _slugs_by_path(state.graph, state)


def _all_docs(config: SiteConfig, state: Resident) -> list[SourceDoc]:
    reporter = Reporter(quiet=True)
    docs = read_sources(config, reporter, state.docs)
    new_errors = set(reporter.errors) - (state.tolerated_errors or frozenset())
    if new_errors or {d.slug for d in docs} != state.graph.articles.keys():
        raise SiteError("not an edit of existing articles")
    return docs


def _changed_docs(config: SiteConfig, state: Resident, changed: set[str]) -> list[SourceDoc]:
    """The changed files, read again; SiteError unless each is an article the last build had."""
    by_path = _slugs_by_path(state.graph, state)
    docs = []
    for name in sorted(changed):
        path = Path(os.path.realpath(name))
        slug = by_path.get(sources.shown_path(path, config.root))
        if slug is None:  # a new, removed or hidden file, a template, the configuration …
            raise SiteError("not an edit of an existing article")
        try:
            doc = sources.read_remembered(path, config.root, state.docs)
        except OSError:
            raise SiteError("not an edit of an existing article") from None
        if doc.slug != slug:
            raise SiteError("the article's slug changed")
        docs.append(doc)
    return docs


def _slugs_by_path(graph: SiteGraph, state: Resident) -> dict[str, str]:
    _drop_lookups_of_other_graphs(graph, state)
    by_path = state.by_path
    if by_path is None:
        by_path = state.by_path = {article.path: slug for slug, article in graph.articles.items()}
    return by_path


def _drop_lookups_of_other_graphs(graph: SiteGraph, state: Resident) -> None:
    if state.lookups_of is not graph:
        state.names, state.by_path, state.lookups_of = None, None, graph


def _links(article: Article, graph: SiteGraph, state: Resident) -> tuple[Link, ...]:
    """The edited article's mentions, linked to the entities the last build gave those names."""
    old = graph.articles[article.slug]
    spans = {(link.start, link.end): link.entity for link in graph.links.get(article.slug, ())}
    here = {m.key: spans[(m.start, m.end)] for m in old.mentions if (m.start, m.end) in spans}
    names = _names(graph, state)
    out = []
    for m in article.mentions:
        entity = here.get(m.key) or names.get(variant_key(m.key))
        if entity is not None:
            out.append(Link(m.start, m.end, entity))
    return tuple(out)


def _names(graph: SiteGraph, state: Resident) -> dict[str, str | None]:
    """Variant key of every name and alias → its entity; None where two entities share it."""
    _drop_lookups_of_other_graphs(graph, state)
    names = state.names
    if names is None:
        names = {}
        for entity in graph.entities.values():
            for form in (entity.name, *entity.aliases):
                key = variant_key(name_key(form))
                names[key] = entity.id if names.get(key, entity.id) == entity.id else None
        state.names = names
    return names


def _replace(output: Path, rel: str, data: bytes) -> None:
    """Swap one file in atomically, so a request never reads half a page."""
    target = output / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".fast-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
