"""schema.org data of an article page (JSON-LD), for search engines."""

from __future__ import annotations

import json
from typing import Any

from site_builder.model import Article, Source


def news_article(article: Article, language: str, source: Source | None = None) -> str:
    """schema.org NewsArticle, safe inside a <script> element.

    It holds what search engines read of a news article (headline, dates, author,
    publisher, the original); the page's address is its canonical link and the
    entities are its own links, not repeated here, since this block is on every
    one of the archive's article pages."""
    meta = article.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "inLanguage": language,
    }
    if meta.date:
        data["datePublished"] = meta.date.isoformat()
    if meta.dateline:
        data["dateline"] = meta.dateline
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if source:
        data["publisher"] = {"@type": "Organization", "name": source.name}
    if meta.url:
        data["isBasedOn"] = meta.url
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
