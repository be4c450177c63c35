"""The entity index, in pages a phone loads at once whatever the size of the archive.

An archive of 30,000 articles names about as many people, places and
organisations; one page listing them all weighs megabytes. So the index
(``entities/``) shows only the most mentioned of each type, and every type
has its own list, most mentioned first, and lists by first letter, by name,
all cut into pages of ``LIST_SIZE`` rows. Each page's key holds exactly the
rows and letters it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from site_builder.model import ENTITY_TYPES, Entity, PlannedFile, SiteGraph
from site_builder.render.keys import entity_key
from site_builder.render.pagination import Pagination, paginate
from site_builder.render.renderer import Renderer
from site_builder.render.urls import Urls
from site_builder.text.letters import ALPHABET, OTHER, first_letter, name_order

LIST_SIZE = 200
"""Rows on one listing page: about 40 KB of HTML."""
INDEX_TOP = 25
"""Most mentioned entities of each type shown on the index page."""


@dataclass(frozen=True)
class Row:
    entity: Entity
    mentions: int
    articles: int


@dataclass(frozen=True)
class TypeList:
    """One type's entities: most mentioned first, and by letter (alphabetical under each)."""

    kind: str
    rows: tuple[Row, ...]
    letters: tuple[tuple[str, tuple[Row, ...]], ...]
    """(letter, rows) for the letters of ``ALPHABET`` (then ``OTHER``) that file a name."""

    @property
    def letter_links(self) -> tuple[tuple[str, str], ...]:
        """(letter, address) for the row of letters on a page."""
        return tuple((letter, Urls.entity_list(self.kind, letter)) for letter, _ in self.letters)


def type_lists(graph: SiteGraph) -> list[TypeList]:
    """Every type with entities, in theme order: those with a page (``Entity.page``)."""
    by_type: dict[str, list[Row]] = {}
    for entity in graph.entities.values():
        if not entity.page:
            continue
        stats = graph.entity_stats.get(entity.id)
        by_type.setdefault(entity.type, []).append(
            Row(entity, stats.mentions if stats else 0, len(stats.articles) if stats else 0))
    lists = []
    for kind in ENTITY_TYPES:
        rows = by_type.get(kind)
        if not rows:
            continue
        rows.sort(key=lambda row: (-row.mentions, row.entity.name, row.entity.id))
        filed: dict[str, list[Row]] = {}
        for row in rows:
            filed.setdefault(first_letter(row.entity.name), []).append(row)
        letters = []
        for letter in (*ALPHABET, OTHER):
            if letter in filed:
                named = sorted(filed[letter], key=lambda row: (name_order(row.entity.name), row.entity.name,
                                                               row.entity.id))
                letters.append((letter, tuple(named)))
        lists.append(TypeList(kind, tuple(rows), tuple(letters)))
    return lists


def entity_index_pages(r: Renderer, lists: Sequence[TypeList]) -> Iterator[PlannedFile]:
    """The index page, then every type's list and letter lists."""
    yield _index(r, lists)
    for listing in lists:
        yield from _list_pages(r, listing, None, listing.rows)
        for letter, rows in listing.letters:
            yield from _list_pages(r, listing, letter, rows)


def list_addresses(lists: Sequence[TypeList]) -> Iterator[str]:
    """Addresses of every listing page (for the sitemap)."""
    for listing in lists:
        for letter, rows in ((None, listing.rows), *listing.letters):
            for page, _, _ in paginate(rows, LIST_SIZE):
                yield Urls.entity_list(listing.kind, letter, page)


def _row_key(rows: Sequence[Row]) -> tuple:
    return tuple((entity_key(row.entity), row.mentions, row.articles) for row in rows)


def _index(r: Renderer, lists: Sequence[TypeList]) -> PlannedFile:
    groups = [(listing.kind, listing.rows[:INDEX_TOP], len(listing.rows), listing.letter_links)
              for listing in lists]
    total = sum(len(listing.rows) for listing in lists)
    without_pages = len(r.graph.entities) - total  # named in too few articles (``Entity.page``)
    key = ("entities", total, without_pages,
           tuple((kind, _row_key(rows), count, letters) for kind, rows, count, letters in groups))
    return r.page("entities.html", "entities/", key, lambda: dict(
        nav="entities", groups=groups, total=total, without_pages=without_pages))


def _list_pages(r: Renderer, listing: TypeList, letter: str | None, rows: Sequence[Row]) -> Iterator[PlannedFile]:
    kind = listing.kind
    heading = r.labels.type_groups[kind]
    if letter == OTHER:
        heading = r.labels.entities_of_other.format(type=heading)
    elif letter is not None:
        heading = r.labels.entities_of_letter.format(type=heading, letter=letter)
    letters = listing.letter_links
    for page, pages, chunk in paginate(rows, LIST_SIZE):
        pagination = Pagination(page, pages, lambda n: Urls.entity_list(kind, letter, n))
        key = ("entity-list", kind, letter, page, pages, len(rows), _row_key(chunk), letters)
        yield r.page("entity-list.html", Urls.entity_list(kind, letter, page), key,
                     lambda chunk=chunk, pagination=pagination: dict(
                         nav="entities", kind=kind, letter=letter, heading=heading, rows=chunk, total=len(rows),
                         letters=letters, pagination=pagination, head_links=pagination.head_links,
                         type_count=len(listing.rows), description=f"{heading} — {r.config.title}"))
