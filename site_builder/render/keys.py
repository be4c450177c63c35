"""Plain values that page keys are made of.

Page keys are hashed by ``repr``, which is slow on dataclasses, so a key holds
tuples of the fields a page shows instead of the objects themselves.
"""

from __future__ import annotations

from typing import Sequence

from site_builder.model import Entity, Quote, SiteGraph


def entity_key(entity: Entity) -> tuple:
    return (entity.id, entity.name, entity.type, entity.aliases, entity.page)


def quote_key(quote: Quote | None) -> tuple | None:
    return None if quote is None else (quote.article, quote.sentence, quote.start, quote.end)


def versions(graph: SiteGraph, slugs: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    """What a listing shows of its articles changes only with their files and the address of
    their source (which other sources' names can move, ``link.sources``)."""
    ids = graph.sources.ids
    return tuple((slug, graph.articles[slug].digest, ids.get(graph.articles[slug].meta.source, ""))
                 for slug in slugs)
