"""Link the analysed archive: entity statistics, related articles, indexes.

Runs once every article is analysed and resolved, and only computes
relations as ids. Related articles use an inverted index from entity to
articles (never all pairs), so the cost grows with the number of mentions,
not with the square of the archive.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable, Iterator, Mapping, Sequence

from site_builder.content.markup import sentence_around, sentence_stops
from site_builder.link.association import ranked
from site_builder.link.sources import name_sources
from site_builder.model import Article, Entity, EntityStats, Quote, Resolution, SiteGraph, Sources, Syndication

_WINDOW = 30


def newest_first(articles: Sequence[Article]) -> tuple[str, ...]:
    """Dated articles newest first by date, then time of day (an article without one after
    those with one), then undated ones.

    Articles of the same moment (a corpus gives many a day and no time) follow a
    hash of their slug: an order that is stable and owes nothing to the names
    of files or sources, so the newest page of a day mixes its newspapers
    instead of listing one source's articles, then the next one's.
    """
    dated = sorted((a for a in articles if a.meta.date), key=lambda a: (_shuffled(a.slug), a.slug))
    dated.sort(key=lambda a: (a.meta.date, a.meta.time is not None, a.meta.time or _MIDNIGHT), reverse=True)
    undated = sorted((a for a in articles if not a.meta.date), key=lambda a: (_shuffled(a.slug), a.slug))
    return tuple(a.slug for a in dated) + tuple(a.slug for a in undated)


_MIDNIGHT = dt.time()


def _shuffled(slug: str) -> bytes:
    return hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest()


def link(articles: Sequence[Article], resolution: Resolution, *, sources: Sources | None = None, related: int = 5,
         cooccurring: int = 10, syndication: Syndication | None = None, page_articles: int = 1) -> SiteGraph:
    """``sources`` names the source of each front-matter value (``link.sources``); by default
    every value is a source of its own. ``syndication`` groups the copies of one story
    (``link.syndication``); by default no article is a copy. An entity named in fewer
    than ``page_articles`` articles gets no page (``Entity.page``), unless it is named in
    every article of a smaller archive."""
    if sources is None:
        sources = name_sources((a.meta.source for a in articles), {})
    by_slug = {a.slug: a for a in articles}
    order = newest_first(articles)
    rank = {slug: i for i, slug in enumerate(order)}
    entity_sets = {slug: _entities_of(resolution, slug) for slug in order}
    syndication = syndication or Syndication()
    stats = _entity_stats(by_slug, order, resolution, entity_sets, cooccurring)
    return SiteGraph(
        articles=by_slug,
        order=order,
        entities=_with_pages(resolution.entities, stats, min(page_articles, len(by_slug))),
        links=resolution.links,
        entity_stats=stats,
        related=_related(order, rank, entity_sets, related, syndication),
        by_source=_group(order, lambda slug: sources.ids.get(by_slug[slug].meta.source, "")),
        by_month=_group(order, lambda slug: _month(by_slug[slug].meta.date)),
        by_day=_group(order, lambda slug: _day(by_slug[slug].meta.date)),
        sources=sources,
        syndication=syndication,
    )


def _with_pages(entities: Mapping[str, Entity], stats: Mapping[str, EntityStats],
                minimum: int) -> Mapping[str, Entity]:
    if minimum <= 1:
        return entities
    return {i: entity if (s := stats.get(i)) is not None and len(s.articles) >= minimum
            else replace(entity, page=False) for i, entity in entities.items()}


def _entities_of(resolution: Resolution, slug: str) -> Counter:
    return Counter(link.entity for link in resolution.links.get(slug, ()))


def _month(date: dt.date | None) -> str:
    return f"{date.year:04d}-{date.month:02d}" if date else ""


def _day(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _group(order: Sequence[str], key) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for slug in order:
        name = key(slug)
        if name:
            groups[name].append(slug)
    return {name: tuple(groups[name]) for name in sorted(groups)}


def _entity_stats(by_slug: Mapping[str, Article], order: Sequence[str], resolution: Resolution,
                  entity_sets: Mapping[str, Counter], top: int) -> dict[str, EntityStats]:
    mentions: Counter = Counter()
    articles: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(list)
    quotes: dict[str, list[Quote]] = defaultdict(list)
    dates: dict[str, list[dt.date]] = defaultdict(list)
    pairs: dict[str, Counter] = defaultdict(Counter)
    for slug in order:
        article = by_slug[slug]
        first_link = {}
        for link in resolution.links.get(slug, ()):
            mentions[link.entity] += 1
            first_link.setdefault(link.entity, link)
        stops = sentence_stops(article.text) if first_link else []
        for entity, link in first_link.items():
            articles[entity].append(slug)
            counts[entity].append(entity_sets[slug][entity])
            sentence, start, end = sentence_around(article.text, link.start, link.end, stops=stops)
            quotes[entity].append(Quote(slug, sentence, start, end))
            if article.meta.date:
                dates[entity].append(article.meta.date)
        present = [e for e, _ in entity_sets[slug].most_common(30)]
        for entity in present:
            for other in present:
                if other != entity:
                    pairs[entity][other] += 1
    frequency = {entity: len(slugs) for entity, slugs in articles.items()}
    stats = {}
    for entity in sorted(resolution.entities):
        seen = dates.get(entity, [])
        best = ranked(entity, pairs[entity], frequency, len(order), top) if entity in pairs else ()
        stats[entity] = EntityStats(
            mentions=mentions[entity], articles=tuple(articles.get(entity, ())),
            quotes=tuple(quotes.get(entity, ())), first_seen=min(seen) if seen else None,
            last_seen=max(seen) if seen else None, cooccurring=best,
            article_mentions=tuple(counts.get(entity, ())))
    return stats


def _related(order: Sequence[str], rank: Mapping[str, int], entity_sets: Mapping[str, Counter],
             top: int, syndication: Syndication) -> dict[str, tuple[str, ...]]:
    """Articles sharing the most inverse-frequency-weighted entities; newer wins ties.

    A story is related once, by its best-placed copy, and never to its own copies (the
    article page links those already).

    For each entity only the articles nearest in time that mention it are
    candidates (``_WINDOW`` on each side): the cost is bounded per mention,
    so a country named in every other article cannot make the step quadratic,
    and a news reader's "related" is mostly about the same days anyway.
    """
    postings: dict[str, list[int]] = defaultdict(list)  # entity → ranks of its articles, ascending
    for slug in order:
        for entity in entity_sets[slug]:
            postings[entity].append(rank[slug])
    total = max(len(order), 1)
    idf = {e: math.log(1 + total / len(p)) for e, p in postings.items()}
    related: dict[str, tuple[str, ...]] = {}
    # Candidates are kept by rank and ordered as (-score, rank) tuples, which compare in C:
    # at 30,000 articles a key function was called 5.8 million times.
    for slug in order:
        me = rank[slug]
        scores: dict[int, float] = defaultdict(float)
        for entity in entity_sets[slug]:
            ranks = postings[entity]
            if len(ranks) < 2:
                continue
            at = bisect.bisect_left(ranks, me)
            weight = idf[entity]
            for other in ranks[max(0, at - _WINDOW): at + _WINDOW + 1]:
                scores[other] += weight
        scores.pop(me, None)
        for copy in syndication.copies(slug):
            scores.pop(rank[copy], None)
        candidates = [(-score, other) for other, score in scores.items()]
        best = heapq.nsmallest(3 * top, candidates)
        chosen = tuple(_one_copy_each((order[r] for _, r in best), syndication, top))
        if len(chosen) < top and len(best) < len(candidates):  # copies of a few stories filled the first places
            chosen = tuple(_one_copy_each((order[r] for _, r in sorted(candidates)), syndication, top))
        related[slug] = chosen
    return related


def _one_copy_each(ranked: Iterable[str], syndication: Syndication, top: int) -> Iterator[str]:
    """The first ``top`` slugs of ``ranked`` with at most one copy of each story."""
    stories: set[str] = set()
    for slug in ranked:
        if len(stories) == top:
            return
        story = syndication.group_of.get(slug, slug)
        if story not in stories:
            stories.add(story)
            yield slug
