"""schema.org data of an article page (JSON-LD), for search engines."""

from __future__ import annotations

import json
from typing import Any, Sequence

from site_builder.model import Article, Entity, Source
from site_builder.render.urls import Urls

_SCHEMA_TYPES = {"person": "Person", "place": "Place", "organization": "Organization", "misc": "Thing"}


def news_article(article: Article, groups: Sequence[tuple[str, Sequence[tuple[Entity, int]]]], urls: Urls,
                 language: str, source: Source | None = None) -> str:
    """schema.org NewsArticle naming the entities the article mentions, safe inside a <script> element."""
    meta = article.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "inLanguage": language,
        "url": urls.absolute(Urls.article(article.slug)),
    }
    if meta.date:
        data["datePublished"] = meta.date.isoformat()
    if meta.dateline:
        data["dateline"] = meta.dateline
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if source:
        data["publisher"] = {"@type": "Organization", "name": source.name, **({"url": source.url} if source.url else {})}
    if meta.url:
        data["isBasedOn"] = meta.url
    # The entities by name and type; their pages are linked from the article itself.
    mentions = [{"@type": _SCHEMA_TYPES[kind], "name": e.name} for kind, rows in groups for e, _ in rows]
    if mentions:
        data["mentions"] = mentions
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
