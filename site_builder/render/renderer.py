"""Renders the templates of one build, and plans its pages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Callable, Hashable

import jinja2

from site_builder.config import SiteConfig
from site_builder.model import PlannedFile, SiteGraph
from site_builder.render import templates
from site_builder.render.entity_links import EntityLinks
from site_builder.render.environment import make_environment
from site_builder.render.timeline import Axis, archive_axis
from site_builder.render.urls import Urls, output_file
from site_builder.search.names import archive_names
from site_builder.text.dates import DateStyle
from site_builder.text.search_keys import NameList


class Renderer:
    """Renders named templates with the shared context of one build."""

    def __init__(self, graph: SiteGraph, config: SiteConfig):
        self.graph = graph
        self.config = config
        self.env = make_environment(config)
        self.urls: Urls = self.env.globals["urls"]
        self.labels: SimpleNamespace = self.env.globals["labels"]
        self.entity_links: EntityLinks = self.env.globals["entity_link"]
        # {{ (article|source).name }}: the source an article's front matter names, as readers see it
        self.env.filters["source"] = lambda article: graph.sources.of(article.meta.source)
        self.direction: str = self.env.globals["text_direction"]
        self.dates: DateStyle = self.env.globals["date_style"]
        self._templates: dict[str | tuple[str, ...], jinja2.Template] = {}
        self._search_names: NameList | None = None
        self.axis: Axis | None = archive_axis(graph.by_day)
        """The time axis every chart of the site shares (``render.timeline``)."""

    @property
    def search_names(self) -> NameList:
        """The archive's names for search (``search.names``), made once per build."""
        if self._search_names is None:
            self._search_names = archive_names(self.graph)
        return self._search_names

    def template(self, names: str | tuple[str, ...]) -> jinja2.Template:
        """The template ``names`` names, or the first of several the site or theme has."""
        if names not in self._templates:
            self._templates[names] = templates.load(self.env, names)
        return self._templates[names]

    def text(self, template_names: str | tuple[str, ...], /, **context: Any) -> str:
        return templates.render(self.template(template_names), context)

    def page(self, template_names: str | tuple[str, ...], address: str, key: Hashable | None,
             context: Callable[[], dict[str, Any]], canonical: bool = True) -> PlannedFile:
        """An HTML page at ``address`` ("articles/x/"), rendered only when the build asks.

        ``key`` holds everything the page shows that can change between builds
        (besides templates and configuration): an unchanged key means the page
        from the previous build can be kept as it is. ``canonical=False`` is
        for a page shown at other addresses (404.html).
        """
        def render() -> bytes:
            values = context()
            values.setdefault("description", self.config.description)
            values.setdefault("nav", "")
            values.setdefault("head_links", ())
            values.update(page_address=address, canonical=self.urls.absolute(address) if canonical else "")
            return self.text(template_names, **values).encode("utf-8")
        return PlannedFile(output_file(address), key, render)
