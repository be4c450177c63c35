"""The Jinja environment of a build: where templates come from, and what every template can use.

The site's templates override the default theme's file by file; the theme's
stay reachable as ``default:NAME``, so a site template can extend the one it
replaces. Every template has the labels (the words of the interface), the
writing direction of the site's language, the entity link markup, and filters
that write numbers and dates in the site's digits and month names
(``number``, ``digits``, ``arabic_date``, ``hijri_date`` — empty when the site
shows none —, ``month_name``; ``date_style`` is the same choice as an object).
"""

from __future__ import annotations

import functools
from urllib.parse import unquote, urlsplit

import jinja2

from site_builder.config import SiteConfig
from site_builder.content.markup import SENTENCE_END
from site_builder.model import ENTITY_TYPES
from site_builder.render import languages
from site_builder.render.entity_links import EntityLinks
from site_builder.render.labels import load_labels
from site_builder.render.snippets import around, context_words
from site_builder.render.theme import default_template_dir
from site_builder.render.urls import Urls, query_value
from site_builder.text import dates

EXCERPT_CHARS = 150
"""A card's opening words: every article is listed on several pages (home, month, source), so a
card says what the article is about and leaves the reading to the article's page."""


def make_environment(config: SiteConfig) -> jinja2.Environment:
    """Site templates first, then the default theme (also reachable as "default:NAME")."""
    theme = jinja2.FileSystemLoader(str(default_template_dir()))
    loaders: list[jinja2.BaseLoader] = []
    site_dir = config.path(config.templates)
    if site_dir.is_dir() and site_dir != default_template_dir().resolve():
        loaders.append(jinja2.FileSystemLoader(str(site_dir)))
    loaders += [theme, jinja2.PrefixLoader({"default": theme}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    urls = Urls(config.base_url)
    labels = load_labels(config)
    types = labels.types
    style = date_style(config)
    env.filters.update(
        url=functools.lru_cache(maxsize=16384)(urls.path),
        absolute=functools.lru_cache(maxsize=1024)(urls.absolute),
        arabic_date=style.date,
        hijri_date=style.hijri_date,
        month_name=style.month,
        number=style.number,
        digits=style.figures,
        iso=lambda date: date.isoformat() if date else "",
        type_label=lambda kind: types.get(kind, types["misc"]),
        excerpt=excerpt,
        around=around,
        display_url=_display_url,
        host=_host,
        query_value=query_value,
    )
    env.globals.update(site=config, urls=urls, base_path=urls.base_path, entity_types=ENTITY_TYPES,
                       labels=labels, type_labels=types, type_group_labels=labels.type_groups,
                       text_direction=languages.direction(config.language),
                       og_locale=languages.og_locale(config.language), entity_link=EntityLinks(env),
                       context_words=context_words, date_style=style)
    return env


def date_style(config: SiteConfig) -> dates.DateStyle:
    """The site's digits, month names and Hijri dates, for every number and date of its pages."""
    return dates.DateStyle(digits=config.digits, months=config.dates.months, hijri=config.dates.hijri)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The opening of an article for lists and descriptions: whole sentences when they
    fill most of ``limit``, else cut at a space with an ellipsis, never inside a word or number."""
    flat = " ".join(text[: limit * 2].split())
    if len(flat) <= limit:
        return flat
    ends = [m.end() for m in SENTENCE_END.finditer(flat, limit // 2, limit + 1) if m.end() <= limit]
    if ends:
        return flat[:ends[-1]]
    cut = flat[:limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit + 1] else flat[:limit]
    return cut.rstrip("،,.؛:") + "…"


def _host(url: str) -> str:
    """The site a link leads to, as a reader names it: ``http://www.okaz.com.sa/`` → ``okaz.com.sa``."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def _display_url(url: str) -> str:
    """A link's address as a reader would type it: percent-escapes decoded."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
