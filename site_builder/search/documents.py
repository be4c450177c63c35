"""What the search indexer reads: one small HTML document per article, made for Pagefind.

The published pages carry nothing that only the indexer needs. Pagefind's
filters (year, month, source, the entity types and names), the search-only
spellings of a page's words (``text/search_keys.py``) and Pagefind's attributes
would add about a tenth to every article page of a large archive, and readers
never see them. So the indexer reads these documents instead, written for each
index into a folder of their own, laid out as the site is
(``articles/<slug>/index.html``) so that every result's address is its article's.

A document holds the article's title (Pagefind's title metadata, not body text,
so a passage never repeats it), its date (metadata; results are put in date order by
the names of their fragments, ``search.bundle``), its body text
as the page shows it, the filters and the search-only keys. A theme changes how
pages look, not what the search finds.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from html import escape
from pathlib import Path
from types import SimpleNamespace

from site_builder.model import ENTITY_TYPES, Article, SiteGraph
from site_builder.text.search_keys import NameList, name_terms

FILTERED_TYPES = ("person", "place", "organization")
"""Entity types whose names are search filters (named by their labels)."""
FOLDER_PREFIX = ".search-documents-"
ORDER_FILE = "order.tsv"
"""In a documents folder: each document's path and day, newest first (the order of the
index parts, ``search.index``)."""


def search_variants(article: Article, names: NameList) -> str:
    """The article's search-only keys: those computed with the analysis (per article, in
    parallel, cached), then the archive's names it writes with particles."""
    found = name_terms(f"{article.meta.title}\n{article.text}", names, article.search_terms)
    return f"{article.search_terms} {found}".strip()


def filters(article: Article, graph: SiteGraph, labels: SimpleNamespace) -> list[tuple[str, str]]:
    """(filter, value) pairs of one article: its year and month, its source, the types of
    the entities it names and the people, places and organisations themselves."""
    pairs: list[tuple[str, str]] = []
    date = article.meta.date
    if date:
        pairs += [(labels.filter_year, f"{date.year:04d}"), (labels.filter_month, date.isoformat()[:7])]
    source = graph.sources.of(article.meta.source)
    if source:
        pairs.append((labels.source, source.name))
    named = {link.entity for link in graph.links.get(article.slug, ()) if link.entity in graph.entities}
    entities = [graph.entities[i] for i in sorted(named)]
    for kind in ENTITY_TYPES:
        if any(e.type == kind for e in entities):
            pairs.append((labels.filter_entity_type, labels.types[kind]))
    for kind in FILTERED_TYPES:
        pairs += [(labels.types[kind], name) for name in sorted({e.name for e in entities if e.type == kind})]
    return pairs


def document(article: Article, pairs: Iterable[tuple[str, str]], variants: str, language: str) -> str:
    """The HTML Pagefind indexes for ``article``."""
    meta = article.meta
    head = [f'<meta data-pagefind-meta="title[content]" content="{escape(meta.title)}">']
    if variants:
        head.append(f'<meta data-pagefind-meta="alt[content]" content="{escape(variants)}">')
    if meta.date:
        head.append(f'<meta data-pagefind-meta="date[content]" content="{meta.date.isoformat()}">')
    tags = "".join(f'<span data-pagefind-filter="{escape(key)}:{escape(value)}"></span>' for key, value in pairs)
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head>{"".join(head)}</head>'
            f'<body><main data-pagefind-body>{article.html}</main><div hidden>{tags}</div></body></html>\n')


def write_documents(graph: SiteGraph, labels: SimpleNamespace, names: NameList, language: str,
                    under: Path) -> Path:
    """A fresh folder (inside ``under``) holding the document of every article; the caller
    removes it once indexed (``remove_documents``)."""
    under.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=under))
    listing = []
    for slug in graph.order:  # newest first
        article = graph.articles[slug]
        html = document(article, filters(article, graph, labels), search_variants(article, names), language)
        target = folder / "articles" / slug
        target.mkdir(parents=True)
        (target / "index.html").write_text(html, encoding="utf-8")
        listing.append(f"articles/{slug}/index.html\t{article.meta.date.isoformat() if article.meta.date else ''}\n")
    (folder / ORDER_FILE).write_text("".join(listing), encoding="utf-8")
    return folder


def remove_documents(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale(under: Path) -> None:
    """Folders left by a build that was stopped before it could remove them."""
    if under.is_dir():
        for path in under.glob(f"{FOLDER_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)
