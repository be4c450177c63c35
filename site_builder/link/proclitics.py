"""A conjunction or preposition left glued to a name, cut off where the archive knows the name.

The recogniser keeps و ف ب ل ك outside a name when a list knows the rest
(«و[روسيا]»), but a name no list holds is read whole: «وبوسطن», «بطنجة», «ولحج»
would each become an entity of their own beside «بوسطن», «طنجة», «لحج». Across
the archive the rest is plain to see: other articles mark it without the letter.
So a mention whose first letter is one of those particles, and whose rest the
archive marks as the same type at least as often (and at least twice), is that
rest, the letter left outside its span.

Persons only when the rest has two words or more («[و]اشلي يونغ»): «بسام» is no ب and
«سام», whatever the archive says of Sam.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Sequence

from site_builder.model import Article

PARTICLES = frozenset("وفبلك")
MIN_REST = 2
"""Times the archive must mark the rest itself."""


def detach_proclitics(articles: Sequence[Article]) -> list[Article]:
    """The articles, with each glued particle cut off a name the archive knows without it."""
    counts = Counter((m.type, m.key) for article in articles for m in article.mentions)
    rest_of = {}
    for (kind, key), n in counts.items():
        rest = key[1:]
        if key[:1] not in PARTICLES or not rest or rest[0] == " ":
            continue
        if kind == "person" and " " not in rest:
            continue
        if counts.get((kind, rest), 0) >= max(MIN_REST, n):
            rest_of[(kind, key)] = rest
    if not rest_of:
        return list(articles)
    return [_detached(article, rest_of) for article in articles]


def _detached(article: Article, rest_of: dict) -> Article:
    changed = False
    mentions = []
    for m in article.mentions:
        rest = rest_of.get((m.type, m.key))
        if rest is not None and m.text[:1] in PARTICLES and m.text[1:2].isalpha():
            m = dataclasses.replace(m, start=m.start + 1, text=m.text[1:], key=rest)
            changed = True
        mentions.append(m)
    return dataclasses.replace(article, mentions=tuple(mentions)) if changed else article
