"""The linked archive as tables: what ``data/archive.sqlite`` and the CSV files hold.

One function of the ``SiteGraph``, with no I/O, so the database and the CSV files
hold the same rows and a test can read them without writing anything. Articles and
entities get small integer ids (articles in the order they were printed, entities by
their page address) that the other tables refer to.

A mention's sentence is stored once however many mentions it holds, and only the
sentences that hold a mention: on the SaudiNewsNet archive they are three fifths of
the text, and the whole text in the database would be half as big again.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from site_builder.content.markup import sentence_spans
from site_builder.model import SiteGraph

MIN_SHARED = 2
"""Pairs of entities named together in fewer articles are not listed in ``cooccurrences``
(a single shared article is that article's own list; ``mentions`` has every pair)."""

TABLE_NAMES = ("sources", "articles", "entities", "aliases", "sentences", "mentions", "cooccurrences", "syndication")
"""The tables of ``data/archive.sqlite``, each also ``data/NAME.csv.gz``, in the order they are written."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def archive_tables(graph: SiteGraph) -> list[Table]:
    """Every table, in the order the schema declares them; rows sorted by their key."""
    article_ids = {slug: i for i, slug in enumerate(_printed_order(graph), 1)}
    entity_ids = {entity_id: i for i, entity_id in enumerate(sorted(graph.entities), 1)}
    sentences, mentions = _mentions(graph, article_ids, entity_ids)
    return [
        Table("sources", ("id", "name", "url", "articles"), _sources(graph)),
        Table("articles", ("id", "slug", "title", "date", "time", "source", "dateline", "author", "url"),
              _articles(graph, article_ids)),
        Table("entities", ("id", "slug", "name", "type", "mentions", "articles", "first_seen", "last_seen"),
              _entities(graph, entity_ids)),
        Table("aliases", ("entity", "alias"), sorted(
            (entity_ids[e], alias) for e, entity in graph.entities.items() for alias in set(entity.aliases))),
        Table("sentences", ("id", "text"), sentences),
        Table("mentions", ("article", "start", "stop", "entity", "sentence", "sentence_offset"), mentions),
        Table("cooccurrences", ("entity", "other", "articles"), _cooccurrences(graph, entity_ids)),
        Table("syndication", ("article", "story", "position"), sorted(
            (article_ids[slug], article_ids[story], position)
            for story, slugs in graph.syndication.groups.items() for position, slug in enumerate(slugs))),
    ]


def _printed_order(graph: SiteGraph) -> list[str]:
    """Oldest first (the reverse of the site's lists), undated articles last."""
    dated = [s for s in graph.order if graph.articles[s].meta.date]
    undated = sorted(s for s in graph.order if not graph.articles[s].meta.date)
    return dated[::-1] + undated


def _sources(graph: SiteGraph) -> list[tuple]:
    return [(source.id, source.name, source.url or None, len(graph.by_source.get(source.id, ())))
            for source in sorted(graph.sources.by_id.values(), key=lambda s: s.id)]


def _articles(graph: SiteGraph, ids: dict[str, int]) -> list[tuple]:
    rows = []
    for slug, number in ids.items():
        meta = graph.articles[slug].meta
        source = graph.sources.of(meta.source)
        rows.append((number, slug, meta.title, _iso(meta.date), meta.time.strftime("%H:%M") if meta.time else None,
                     source.id if source else None, meta.dateline or None, meta.author or None, meta.url or None))
    return rows


def _entities(graph: SiteGraph, ids: dict[str, int]) -> list[tuple]:
    rows = []
    for entity_id, number in ids.items():
        entity, stats = graph.entities[entity_id], graph.entity_stats.get(entity_id)
        rows.append((number, entity_id, entity.name, entity.type, stats.mentions if stats else 0,
                     len(stats.articles) if stats else 0, _iso(stats.first_seen) if stats else None,
                     _iso(stats.last_seen) if stats else None))
    return rows


def _mentions(graph: SiteGraph, article_ids: dict[str, int], entity_ids: dict[str, int]
              ) -> tuple[list[tuple], list[tuple]]:
    """The sentences that hold a mention, each once, and every mention with its sentence and
    its offset in it (its words are the sentence's from there). A name cut by a sentence end
    ("د. الربيعة") takes both."""
    sentence_ids: dict[str, int] = {}
    mentions = []
    for slug, number in article_ids.items():
        links = [link for link in graph.links.get(slug, ()) if link.entity in entity_ids]
        if not links:
            continue
        text = graph.articles[slug].text
        spans = sentence_spans(text)
        starts = [start for start, _ in spans]
        for link in links:
            first = max(0, bisect.bisect_right(starts, link.start) - 1)
            last = max(first, bisect.bisect_right(starts, link.end - 1) - 1)
            left, right = spans[first][0], spans[last][1]
            sentence = sentence_ids.setdefault(text[left:right], len(sentence_ids) + 1)
            mentions.append((number, link.start, link.end, entity_ids[link.entity], sentence, link.start - left))
    mentions.sort()
    return [(number, text) for text, number in sentence_ids.items()], mentions


def _cooccurrences(graph: SiteGraph, ids: dict[str, int]) -> list[tuple]:
    """(entity, other, shared articles) both ways round, for pairs sharing ``MIN_SHARED`` or more."""
    shared: Counter = Counter()
    for slug in graph.order:
        named = sorted({ids[link.entity] for link in graph.links.get(slug, ()) if link.entity in ids})
        for i, entity in enumerate(named):
            for other in named[i + 1:]:
                shared[entity, other] += 1
    rows = [(a, b, n) for (a, b), n in shared.items() if n >= MIN_SHARED]
    return sorted(rows + [(b, a, n) for a, b, n in rows])


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
