"""Random bytes and random Markdown/HTML through reading and the whole build.

Whatever the content, the build ends with a clean error or a site, never a
traceback, and no page carries a live script, event handler or script link.
"""

from __future__ import annotations

import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, write_site
from site_builder.errors import ContentError
from site_builder.content.sources import read_source

PIECES = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
          "[x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<svg onload=alert(1)>",
          "<iframe src=//evil>", "---", "# ", "> ", "* ", "1. ", "`code`", "```\n", "**", "_", "|a|b|\n|-|-|\n",
          "&lt;", "&#60;script&#62;", "<!--", "-->", "<style>x{}</style>", "\n", "\n\n", "\r\n", "\ufeff",
          "بوتين", "وروسيا", "الرئيس فلاديمير بوتين", "كوريا الشمالية", "\u202e", "\u200f", "\u0640", "ﷲ",
          "title: x\n", "date: 2015-02-30\n", "<p onclick=\"x()\">", "</p>", "<b>", "javascript:", "\x00"]

markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)

class _LiveMarkup(HTMLParser):
    """Collects what a browser would run: inline scripts, handlers, script links, frames."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/ld+json":
            self.found.append("inline script")
        if tag in ("iframe", "svg", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value[:20]}")


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    return parser.found


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_read_cleanly(data):
    with tempfile.TemporaryDirectory() as folder:
        for name in ("a.md", "a.txt"):
            path = Path(folder) / name
            path.write_bytes(data)
            try:
                read_source(path, Path(folder))
            except ContentError as exc:
                assert str(exc).startswith(name)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markdownish, title=markdownish, as_text=st.booleans())
def test_any_content_builds_without_a_live_script(body, title, as_text):
    with tempfile.TemporaryDirectory() as folder:
        name = "content/x.txt" if as_text else "content/x.md"
        data = f"{title}\n{body}" if as_text else f"---\ntitle: {title!r}\n---\n{body}"
        root = write_site(Path(folder) / "site", {name: data, "content/ok.md": "---\ntitle: ok\n---\nبوتين"})
        build_site(root)
        for page in (root / "_site").rglob("*.html"):
            assert live_markup(page.read_text(encoding="utf-8")) == [], page.name
