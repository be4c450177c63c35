"""The preview server with the real build, driven the way editors save files."""

from __future__ import annotations

import os
import time

import pytest

from conftest import write_site
from site_builder.cli import _PreviewBuilds
from site_builder.config import load_config
from site_builder.serve import PreviewServer
from test_serve import Events, get

BASE = "/archive/"


def article(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2015-07-21\n---\nوصل الرئيس فلاديمير بوتين إلى موسكو.\n"


@pytest.fixture
def preview(tmp_path):
    root = write_site(tmp_path / "site", {"content/news/a.md": article("العنوان الأول"),
                                          "content/news/b.md": article("مقال ثان")},
                      'base_url = "https://example.org/archive/"\nsearch = false\n')
    server = PreviewServer(load_config(root / "site.toml"), _PreviewBuilds(), port=0, debounce=0.1,
                           log=print)
    server.start()
    events = Events(server)
    events.next()
    yield root, server, events
    events.close()
    server.stop()


def page(server, rel: str) -> tuple[int, str]:
    status, _, body = get(server, BASE + rel)
    return status, body.decode("utf-8")


def saved(events, generation: int) -> dict:
    return events.next(lambda e: e["generation"] >= generation and not e["error"])


def test_editor_saves_deletes_renames_and_mistakes(preview):
    root, server, events = preview
    a = root / "content" / "news" / "a.md"

    # an atomic-rename save, as most editors do it, plus swap and backup files
    (root / "content" / "news" / ".a.md.swp").write_text("swap")
    tmp = a.with_name("a.md.tmp~")
    tmp.write_text(article("العنوان الثاني"), encoding="utf-8")
    os.replace(tmp, a)
    assert saved(events, 2)["generation"] == 2
    assert "العنوان الثاني" in page(server, "articles/a/")[1]

    # a burst of saves gives one rebuild
    for n in range(5):
        a.write_text(article(f"مسودة {n}"), encoding="utf-8")
    saved(events, 3)
    time.sleep(0.5)
    assert server.hub.state.generation == 3
    assert "مسودة 4" in page(server, "articles/a/")[1]

    # a half-written file keeps the last good site and shows the error
    a.write_text("---\ntitle: نصف", encoding="utf-8")
    failed = events.next(lambda e: e["error"])
    assert "content/news/a.md:1: front matter is not closed" in failed["error"]
    assert "مسودة 4" in page(server, "articles/a/")[1]
    a.write_text(article("مكتمل"), encoding="utf-8")
    saved(events, 4)
    assert "مكتمل" in page(server, "articles/a/")[1]

    # a template with a syntax error, then fixed
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "article.html").write_text("{% extends 'default:article.html' %}{% block x %}",
                                                     encoding="utf-8")
    failed = events.next(lambda e: e["error"])
    assert "templates/article.html" in failed["error"]
    assert "مكتمل" in page(server, "articles/a/")[1]
    (root / "templates" / "article.html").unlink()
    saved(events, 5)

    # deleting an article removes its page; renaming a folder keeps the articles
    (root / "content" / "news" / "b.md").unlink()
    saved(events, 6)
    assert page(server, "articles/b/")[0] == 404
    (root / "content" / "news").rename(root / "content" / "old-news")
    saved(events, 7)
    assert page(server, "articles/a/")[0] == 200
