"""The archive as data for other programs: data/entities.json and data/articles.json."""

from __future__ import annotations

import json
from typing import Any, Iterator

from site_builder.model import PlannedFile, SiteGraph


def data_files(graph: SiteGraph) -> Iterator[PlannedFile]:
    """Each file's key is its data: it changes exactly when the file would."""
    entities = _entities(graph)
    yield PlannedFile("data/entities.json", repr(entities), lambda: _json_bytes(entities))
    articles = _articles(graph)
    yield PlannedFile("data/articles.json", repr(articles), lambda: _json_bytes(articles))


def _entities(graph: SiteGraph) -> list[dict[str, Any]]:
    rows = []
    for entity_id in sorted(graph.entities):
        entity = graph.entities[entity_id]
        stats = graph.entity_stats.get(entity_id)
        rows.append({"id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
                     "mentions": stats.mentions if stats else 0,
                     "articles": list(stats.articles) if stats else []})
    return rows


def _articles(graph: SiteGraph) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(graph.articles):
        article = graph.articles[slug]
        meta = article.meta
        ids = sorted({link.entity for link in graph.links.get(slug, ()) if link.entity in graph.entities})
        source = graph.sources.of(meta.source)
        rows.append({"slug": slug, "title": meta.title, "date": meta.date.isoformat() if meta.date else None,
                     "source": source.name if source else "", "source_id": source.id if source else "",
                     "url": meta.url, "entities": ids})
    return rows


def _json_bytes(rows: list[dict[str, Any]]) -> bytes:
    """A JSON array with one record a line: readable, and a third the size of indented JSON.
    "<" is escaped, so the data stays inert even if a page ever inlines it."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    text = f"[\n{lines}\n]" if rows else "[]"
    return (text.replace("<", "\\u003c") + "\n").encode("utf-8")
