"""Search in a real browser: headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (apt-get install chromium)")
SEED_URL = "articles/000-9eecbfaba8298352/"
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(default_site_subpath, tmp_path_factory):
    """Serve the sub-path build at /archive/, as GitHub Pages would."""
    root = tmp_path_factory.mktemp("www")
    (root / "archive").symlink_to(default_site_subpath, target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/archive/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def search(browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + "search/")
    page.fill(".search-box", query)
    page.wait_for_selector(".search-result-link", timeout=15000)
    links = page.eval_on_selector_all(".search-result-link", "els => els.map(e => e.href)")
    page.close()
    assert errors == [], errors
    return links


@pytest.mark.parametrize("query", ["بوتين", "الاسلحة", "روسيا", "الأسلحة", "موسكو", "لموسكو"])
def test_search_finds_the_seed_article(server, browser, query):
    links = search(browser, server, query)
    assert any(link.startswith(server + SEED_URL) for link in links), links


def test_search_result_opens_the_article_with_the_words_highlighted(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + "search/")
    page.fill(".search-box", "بوتين")
    page.click(".search-result-link")
    page.wait_for_selector("mark.pagefind-highlight", timeout=10000)
    assert page.url.startswith(server + SEED_URL) and "highlight" not in page.url
    assert page.locator("mark.pagefind-highlight").count() >= 3
    page.close()
    assert errors == []


def test_article_page_renders_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + SEED_URL)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".article-body a:is(.person, .place, .organization)").count() > 10
    context.close()
