"""Every internal link and asset of a built site resolves, at the root and under a sub-path."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)
            if name == "srcset" and value:
                self.refs.extend(part.split()[0] for part in value.split(","))


def broken_links(site: Path, base_path: str) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.relative_to(site).parts:
            continue
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto") or ref.startswith("#"):
                continue
            path = unquote(parts.path)
            if not path.startswith(base_path):
                broken.append(f"{page.relative_to(site)}: {ref} (outside the base path {base_path})")
                continue
            target = site / path[len(base_path):]
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken


@pytest.mark.parametrize("fixture, base_path", [("default_site", "/"), ("default_site_subpath", "/archive/")])
def test_every_internal_link_resolves(request, fixture, base_path):
    site = request.getfixturevalue(fixture)
    assert broken_links(site, base_path) == []


def test_feed_and_sitemap_use_the_sub_path(default_site_subpath):
    feed = (default_site_subpath / "feed.xml").read_text(encoding="utf-8")
    sitemap = (default_site_subpath / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://user.github.io/archive/articles/" in feed
    assert "https://user.github.io/archive/articles/" in sitemap
    page404 = (default_site_subpath / "404.html").read_text(encoding="utf-8")
    assert 'href="/archive/' in page404
