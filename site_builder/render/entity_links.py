"""Entity links, in article bodies and in lists, from one theme template: ``_entity_link.html``.

A large archive has hundreds of thousands of mentions, too many to render a
template for each. So the template is rendered once per entity, with a marker
where the shown text goes, and every link to that entity is the rendered
pieces joined by its own text. A theme that changes the markup changes it in
bodies and lists alike.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import jinja2
from markupsafe import Markup, escape

from site_builder.content.markup import link_mentions
from site_builder.model import Article, Entity, Link
from site_builder.render import templates
from site_builder.render.directions import with_directions

ENTITY_LINK = "_entity_link.html"
"""Given ``entity`` and ``text`` (the shown text, as HTML: put it in element content as it is)."""

_TEXT = "\x00text\x00"
"""Stands for the shown text while the template renders; no name or address holds it."""
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class EntityLinks:
    """The links of one build; templates call it as ``{{ entity_link(entity) }}``."""

    def __init__(self, env: jinja2.Environment):
        self._env = env
        self._template: jinja2.Template | None = None
        self._pieces: dict[str, list[str]] = {}

    def __call__(self, entity: Entity) -> Markup:
        """A link showing the entity's name."""
        return Markup(self.markup(entity, str(escape(entity.name))))

    def markup(self, entity: Entity, text: str) -> str:
        """A link to ``entity`` showing ``text`` (HTML)."""
        pieces = self._pieces.get(entity.id)
        if pieces is None:
            if self._template is None:
                self._template = templates.load(self._env, ENTITY_LINK)
            html = templates.render(self._template, {"entity": entity, "text": Markup(_TEXT)})
            pieces = self._pieces[entity.id] = html.strip().split(_TEXT)
        return text.join(pieces)


def article_body(article: Article, links: Sequence[Link], entity_links: EntityLinks,
                 entities: Mapping[str, Entity], page_direction: str) -> str:
    """Body HTML with entity links, each block in the direction of its dominant script (``directions``).

    Latin names are isolated in ``<bdi>`` so their order stays right inside
    Arabic text; Arabic names are not, because isolation would break the
    joining of a name with an attached prefix (ال، ب، ل …) in browsers.
    """
    def anchor(link: Link, inner: str) -> str:
        markup = entity_links.markup(entities[link.entity], inner)
        return f"<bdi>{markup}</bdi>" if _LATIN.search(inner) else markup

    known = [link for link in links if link.entity in entities]
    return with_directions(link_mentions(article.html, known, anchor), page_direction)
