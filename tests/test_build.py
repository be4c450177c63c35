"""End to end: build real sites and check what a reader gets."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO, SEED, build_site, open_archive

SEED_SLUG = "000-9eecbfaba8298352"


def entity_links(page: str) -> list[tuple[str, str, str]]:
    """(id, type, text) of every entity link on a page."""
    found = []
    for match in re.finditer(r'<a class="(person|place|organization|misc)" href="/entities/([^"/]+)/">(.*?)</a>', page):
        kind, entity, text = match.groups()
        found.append((entity, kind, text))
    return found


def test_seed_article_page_is_rtl_arabic_with_linked_entities(default_site):
    page = (default_site / "articles" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="ar"', page) and re.search(r'<html[^>]* dir="rtl"', page)
    links = entity_links(page)
    texts = {text for _, _, text in links}
    assert {"بوتين", "روسيا", "أوكرانيا", "بيسكوف"} <= texts
    for entity, _, _ in links:
        assert (default_site / "entities" / entity / "index.html").is_file(), entity
    ids = {text: entity for entity, _, text in links}
    assert ids.get("بوتين") == ids.get("فلاديمير بوتين")
    assert ids["جو تشون ريونغ"] == ids["جو تشون ريونج"]
    kinds = {text: kind for _, kind, text in links}
    assert kinds["بوتين"] == "person" and kinds["روسيا"] == "place"


def test_prefixes_stay_outside_the_link(default_site):
    page = (default_site / "articles" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    assert re.search(r'ل<a class="place"[^>]*>روسيا</a>', page)
    assert re.search(r'و<a class="person"[^>]*>بوتين</a>', page)


def test_data_files_describe_entities_and_articles(default_site):
    db = open_archive(default_site / "data" / "archive.sqlite.xz")
    columns = {name for _, name, *_ in db.execute("PRAGMA table_info(entities)")}
    assert {"id", "slug", "name", "type", "mentions", "articles"} <= columns
    assert {t for t, in db.execute("SELECT type FROM entities")} <= {"person", "place", "organization", "misc"}
    putin = db.execute("SELECT id, type, mentions FROM entities WHERE name IN ('فلاديمير بوتين', 'بوتين')").fetchone()
    assert putin[1] == "person" and putin[2] >= 5
    seed = db.execute("SELECT id FROM articles WHERE slug = ?", (SEED_SLUG,)).fetchone()
    assert {"slug", "title", "date", "source", "url"} <= {name for _, name, *_ in db.execute("PRAGMA table_info(articles)")}
    assert db.execute("SELECT count(*) FROM mentions WHERE article = ? AND entity = ?", seed + putin[:1]).fetchone()[0] >= 5
    covid = db.execute("SELECT type FROM entities WHERE name LIKE '%كوفيد%'").fetchall()
    assert all(t != "place" for t, in covid)


def test_site_has_every_contract_file(default_site):
    for rel in ["index.html", "entities/index.html", "search/index.html", "404.html", "sitemap.xml",
                "feed.xml", ".nojekyll", "data/archive.sqlite.xz", "pagefind/pagefind.js",
                "search/normalize.js"]:
        assert (default_site / rel).exists(), rel


def test_entity_page_quotes_the_sentence_with_the_mention(default_site):
    peskov, = open_archive(default_site / "data" / "archive.sqlite.xz").execute(
        "SELECT slug FROM entities WHERE name LIKE '%بيسكوف%'").fetchone()
    page = (default_site / "entities" / peskov / "index.html").read_text(encoding="utf-8")
    assert "<mark>" in page and "بيسكوف" in page
    assert f"articles/{SEED_SLUG}/" in page


ARTICLE = "---\ntitle: زيارة إلى روسيا\ndate: 2015-07-21\nsource: okaz\n---\nوصل الرئيس فلاديمير بوتين إلى موسكو.\n"


def test_bad_article_is_reported_and_the_rest_published(make_site):
    root = make_site({"content/good.md": ARTICLE,
                      "content/broken.md": "---\ntitle: x\ndate: 2015-13-45\n---\nنص",
                      "content/latin1.txt": "caf\xe9\n".encode("latin-1")})
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "content/broken.md:3: impossible date" in run.stderr
    assert "content/latin1.txt:1: not valid UTF-8" in run.stderr
    assert (root / "_site" / "articles" / "good" / "index.html").is_file()
    assert "Built 1 articles" in run.stderr


def test_failed_build_keeps_the_previous_site(make_site):
    root = make_site({"content/good.md": ARTICLE})
    build_site(root)
    index = root / "_site" / "index.html"
    before = index.read_bytes()
    (root / "templates").mkdir()
    (root / "templates" / "article.html").write_text("{% extends 'default:article.html' %}{% block x %}",
                                                     encoding="utf-8")
    (root / "content" / "new.md").write_text(ARTICLE.replace("زيارة", "جديد"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 2
    assert "templates/article.html" in run.stderr and "Traceback" not in run.stderr
    assert index.read_bytes() == before
    assert not (root / "_site" / "articles" / "new").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] in ([], [".site-cache"])


def test_output_that_is_not_a_site_is_refused(make_site):
    root = make_site({"content/good.md": ARTICLE, "docs/keep.txt": "mine"})
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--output", "docs"], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "refusing" in run.stderr
    assert (root / "docs" / "keep.txt").read_text() == "mine"
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--output", "."], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "refusing" in run.stderr


def test_same_input_gives_the_same_output(make_site, tmp_path):
    root = make_site({"content/a.md": ARTICLE, "content/b.md": ARTICLE.replace("2015-07-21", "2015-07-22")})
    first = build_site(root, output=tmp_path / "one", use_cache=False).output
    second = build_site(root, output=tmp_path / "two").output
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_default_site_builds_from_the_repository_root(tmp_path):
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--output", str(tmp_path / "out"),
                          "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "articles" / "000-9eecbfaba8298352" / "index.html").is_file()
    assert SEED.exists()


def test_search_index_is_built_while_the_pages_are_rendered(make_site):
    """The index needs the linked archive, not the pages: it starts before they are written."""
    root = make_site({f"content/a{n}.md": ARTICLE.replace("2015-07-21", f"2015-07-{10 + n}") for n in range(6)})
    result = build_site(root, search=True)
    stages = {name: (start, end) for name, start, end in result.timeline}
    assert stages["search"][0] < stages["render"][1]
    assert (result.output / "pagefind" / "pagefind-entry.json").is_file()
    assert (result.output / "articles" / "a0" / "index.html").is_file()


def test_a_failing_index_beside_the_render_keeps_the_previous_site(make_site, monkeypatch):
    from site_builder.errors import SearchIndexError
    from site_builder.search import index
    root = make_site({"content/good.md": ARTICLE})
    first = build_site(root, search=True).output
    before = (first / "index.html").read_bytes()
    (root / "content" / "new.md").write_text(ARTICLE.replace("زيارة", "جديد"), encoding="utf-8")

    def broken(*args, **kwargs):
        raise SearchIndexError("Pagefind failed: out of memory")
    monkeypatch.setattr(index, "_run_pagefind", broken)
    with pytest.raises(SearchIndexError):
        build_site(root, search=True)
    assert (first / "index.html").read_bytes() == before
    assert not (first / "articles" / "new").exists()
    assert (first / "pagefind" / "pagefind-entry.json").is_file()


def test_a_failed_render_stops_the_index_beside_it(make_site, monkeypatch):
    import time
    from site_builder import build as pipeline
    from site_builder.errors import OutputError
    from site_builder.search import index
    root = make_site({"content/good.md": ARTICLE})
    started = []
    real_run = index._run_pagefind

    def slow_pagefind(site, output, quiet, background=False, stop=None):
        started.append(time.monotonic())
        assert stop is not None and stop.wait(30)  # stands for an archive's worth of indexing
        return real_run(site, output, quiet, background, stop)

    def broken_render(*args, **kwargs):
        while not started:
            time.sleep(0.01)
        raise OutputError("two pages want the same output file 'articles/x/index.html'")
    monkeypatch.setattr(index, "_run_pagefind", slow_pagefind)
    monkeypatch.setattr(pipeline, "write_files", broken_render)
    with pytest.raises(OutputError):
        build_site(root, search=True)
    assert time.monotonic() - started[0] < 10
    assert not (root / "_site").exists()


def test_a_stopped_indexer_is_killed():
    import threading
    import time
    from site_builder.search.index import _kill_when_stopped
    process = subprocess.Popen(["sleep", "60"])
    stop = threading.Event()
    watcher = threading.Thread(target=_kill_when_stopped, args=(process, stop))
    watcher.start()
    started = time.monotonic()
    stop.set()
    watcher.join(5)
    assert process.wait(5) != 0 and time.monotonic() - started < 5
