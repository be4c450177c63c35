"""The preview server with the real build, driven the way editors save files."""

from __future__ import annotations

import os
import time

import pytest

from conftest import write_site
from site_builder.config import load_config
from site_builder.preview.server import PreviewServer
from site_builder.preview.session import RebuildSession
from test_serve import TIMEOUT, Events, get

BASE = "/archive/"


def article(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2015-07-21\n---\nوصل الرئيس فلاديمير بوتين إلى موسكو.\n"


@pytest.fixture
def preview(tmp_path):
    root = write_site(tmp_path / "site", {"content/news/a.md": article("العنوان الأول"),
                                          "content/news/b.md": article("مقال ثان")},
                      'base_url = "https://example.org/archive/"\nsearch = false\n')
    server = PreviewServer(load_config(root / "site.toml"), RebuildSession(), port=0, debounce=0.1,
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


def settled(server: PreviewServer) -> object:
    """The hub's state once the rebuild for the last edit (both of its steps) is over."""
    deadline = time.monotonic() + TIMEOUT
    last = None
    while time.monotonic() < deadline:
        time.sleep(0.3)
        busy = server._debouncer.pending() or not server._build_lock.acquire(blocking=False)
        if not busy:
            server._build_lock.release()
            if server.hub.state == last:
                return last
            last = server.hub.state
    raise AssertionError("the preview never settled")


def test_editor_saves_deletes_renames_and_mistakes(preview):
    root, server, events = preview
    a = root / "content" / "news" / "a.md"
    generation = server.hub.state.generation

    # an atomic-rename save, as most editors do it, plus swap and backup files
    (root / "content" / "news" / ".a.md.swp").write_text("swap")
    tmp = a.with_name("a.md.tmp~")
    tmp.write_text(article("العنوان الثاني"), encoding="utf-8")
    os.replace(tmp, a)
    state = settled(server)
    assert state.generation > generation and state.error is None
    assert "العنوان الثاني" in page(server, "articles/a/")[1]
    assert "العنوان الثاني" in page(server, "")[1]

    # a burst of saves gives one rebuild: the edited page first, then the rest of the site
    generation = state.generation
    for n in range(5):
        a.write_text(article(f"مسودة {n}"), encoding="utf-8")
    state = settled(server)
    assert state.generation - generation <= 2
    assert "مسودة 4" in page(server, "articles/a/")[1]

    # a half-written file keeps the last good site and shows the error
    a.write_text("---\ntitle: نصف", encoding="utf-8")
    failed = events.next(lambda e: e["error"])
    assert "content/news/a.md:1: front matter is not closed" in failed["error"]
    assert "مسودة 4" in page(server, "articles/a/")[1]
    a.write_text(article("مكتمل"), encoding="utf-8")
    assert settled(server).error is None
    assert "مكتمل" in page(server, "articles/a/")[1]

    # a template with a syntax error, then fixed
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "article.html").write_text("{% extends 'default:article.html' %}{% block x %}",
                                                     encoding="utf-8")
    failed = events.next(lambda e: e["error"])
    assert "templates/article.html" in failed["error"]
    assert "مكتمل" in page(server, "articles/a/")[1]
    (root / "templates" / "article.html").unlink()
    assert settled(server).error is None

    # deleting an article removes its page; renaming a folder keeps the articles
    (root / "content" / "news" / "b.md").unlink()
    assert settled(server).error is None
    assert page(server, "articles/b/")[0] == 404
    (root / "content" / "news").rename(root / "content" / "old-news")
    assert settled(server).error is None
    assert page(server, "articles/a/")[0] == 200


# -- the edited article first, the rest of the site after --------------------------------

def two_articles(tmp_path):
    root = write_site(tmp_path / "site", {"content/a.md": article("العنوان الأول"),
                                          "content/b.md": article("مقال ثان")},
                      "search = false\n\n[entities]\npage_articles = 1\n")  # two articles: every name a page
    return root, load_config(root / "site.toml"), RebuildSession()


def edit(root, title: str, extra: str = "") -> None:
    (root / "content" / "a.md").write_text(article(title) + extra, encoding="utf-8")


def read(root, rel: str) -> str:
    return (root / "_site" / rel).read_text(encoding="utf-8")


def test_an_edit_shows_its_article_at_once_and_the_rest_follows(tmp_path):
    root, config, builds = two_articles(tmp_path)
    list(builds(config, root / "_site"))
    edit(root, "عنوان معدل", "\nوقال الرئيس إيمانويل ماكرون إن فلاديمير بوتين في باريس.\n")

    steps = builds(config, root / "_site", cancelled=lambda: False)
    first = next(steps)
    assert first.changed == ["articles/a/index.html"]
    body = read(root, "articles/a/index.html")
    assert "عنوان معدل" in body
    # names the archive knows stay linked: twice in the text, once in the list of names
    assert body.count('href="/entities/فلاديمير-بوتين/"') == 3
    assert "ماكرون</a>" not in body  # a name new to the archive waits for the complete build
    assert "عنوان معدل" not in read(root, "index.html")

    complete = next(steps)
    assert "عنوان معدل" in read(root, "index.html")
    assert "ماكرون</a>" in read(root, "articles/a/index.html")
    assert "index.html" in complete.changed
    assert next(steps, None) is None


def test_a_newer_edit_abandons_the_complete_build_and_an_undo_is_shown(tmp_path):
    from site_builder.build import Cancelled
    root, config, builds = two_articles(tmp_path)
    list(builds(config, root / "_site"))
    edit(root, "مسودة")
    steps = builds(config, root / "_site", cancelled=lambda: True)
    next(steps)
    with pytest.raises(Cancelled):
        next(steps)
    assert "مسودة" in read(root, "articles/a/index.html")
    assert "مسودة" not in read(root, "index.html")

    edit(root, "العنوان الأول")  # undone: the site must not keep the draft page
    list(builds(config, root / "_site"))
    assert "مسودة" not in read(root, "articles/a/index.html")
    assert "العنوان الأول" in read(root, "articles/a/index.html")


def test_a_newer_save_stops_the_complete_build_inside_a_long_stage(tmp_path, monkeypatch):
    """The rebuild of an older save gives way at once, not when its stage ends, so the
    newer save's page is rendered without competing with it."""
    import threading
    import time
    from site_builder import build as pipeline
    from site_builder.build import Cancelled
    root, config, builds = two_articles(tmp_path)
    list(builds(config, root / "_site"))
    real_link, linking = pipeline.link, threading.Event()

    def slow_link(*args, **kwargs):
        linking.set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # an archive's worth of linking
            sum(range(1000))
        return real_link(*args, **kwargs)
    monkeypatch.setattr(pipeline, "link", slow_link)
    edit(root, "مسودة")
    newer, outcome = threading.Event(), {}

    def rebuild():
        try:
            list(builds(config, root / "_site", cancelled=newer.is_set))
        except Cancelled:
            outcome["stopped"] = time.monotonic()
    thread = threading.Thread(target=rebuild)
    thread.start()
    assert linking.wait(30)
    edit(root, "العنوان الأخير")
    newer.set()
    saved = time.monotonic()
    step = builds.quick(config, frozenset({str(root / "content" / "a.md")}))
    thread.join(10)
    assert not thread.is_alive() and outcome["stopped"] - saved < 5
    assert step is not None and "العنوان الأخير" in read(root, "articles/a/index.html")
    assert "مسودة" not in read(root, "index.html")  # the abandoned build wrote nothing


def test_new_articles_and_template_changes_take_the_complete_build(tmp_path):
    root, config, builds = two_articles(tmp_path)
    list(builds(config, root / "_site"))
    (root / "content" / "c.md").write_text(article("مقال جديد"), encoding="utf-8")
    steps = list(builds(config, root / "_site"))
    assert len(steps) == 1 and "مقال جديد" in read(root, "index.html")
    (root / "templates").mkdir()
    (root / "templates" / "article.html").write_text(
        "{% extends 'default:article.html' %}{% block title %}قالب{% endblock %}", encoding="utf-8")
    edit(root, "عنوان آخر")
    steps = list(builds(config, root / "_site"))
    assert len(steps) == 1 and "عنوان آخر" in read(root, "index.html")
