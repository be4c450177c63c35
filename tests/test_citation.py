"""The citation at the end of an article page: what a journalist copies, on screen and on paper."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from pathlib import Path

import pytest

from conftest import build_site, write_site
from test_browser import ARGS, CHROMIUM, _Quiet
from test_render import Page

URL = "https://www.okaz.com.sa/news/local/visit"
ARTICLE = ("---\ntitle: أمير الرياض يفتتح المعرض\ndate: 2015-07-21\nsource: okaz\nauthor: بدر الخريف\n"
           f"dateline: الرياض\nurl: {URL}\n---\nافتتح أمير منطقة الرياض المعرض.\n")
BARE = "---\ntitle: خبر بلا مصدر\n---\nنص قصير.\n"


def _site(root: Path, config: str = "") -> Path:
    write_site(root, {"content/visit.md": ARTICLE, "content/bare.md": BARE}, f'title = "أرشيف"\n{config}')
    return build_site(root, base_url="https://example.org/archive/").output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _site(tmp_path_factory.mktemp("cite"))


def citation(site: Path, slug: str) -> tuple[Page, str]:
    page = Page((site / "articles" / slug / "index.html").read_bytes())
    return page, page.texts("footer", class_="cite")[0]


def test_the_citation_names_author_title_source_date_and_both_addresses(site):
    page, text = citation(site, "visit")
    assert text.startswith("للاستشهاد بدر الخريف، «أمير الرياض يفتتح المعرض»، عكاظ، ٢١ يوليو ٢٠١٥. "
                           f"المقال الأصلي: {URL}. نسخة الأرشيف: https://example.org/archive/articles/visit/.")
    assert text.endswith("تاريخ الاطلاع:")  # the reader's browser adds the day
    assert [attrs["href"] for _, attrs, _ in page.find("a") if attrs.get("href") == URL] == [URL]
    assert page.find("span", hidden=True, data_locale="ar-u-nu-arab")


def test_an_article_without_source_author_date_or_address_is_cited_by_what_it_has(site):
    _, text = citation(site, "bare")
    assert text == ("للاستشهاد «خبر بلا مصدر». نسخة الأرشيف: https://example.org/archive/articles/bare/. "
                    "تاريخ الاطلاع:")


def test_the_citation_is_in_the_sites_digits_and_months(tmp_path):
    site = _site(tmp_path / "latin", 'digits = "latin"\n[dates]\nmonths = "levantine"\n')
    page, text = citation(site, "visit")
    assert "عكاظ، 21 تموز 2015." in text
    assert page.find("span", hidden=True, data_locale="ar-SY-u-nu-latn")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("config, accessed", [
    ("", "تاريخ الاطلاع: ٣ مارس ٢٠٢٦."),
    ('digits = "latin"\n[dates]\nmonths = "levantine"\n', "تاريخ الاطلاع: 3 آذار 2026."),
])
def test_the_browser_writes_the_day_the_page_is_read(tmp_path, config, accessed):
    www = tmp_path / "www"
    www.mkdir()
    (www / "archive").symlink_to(_site(tmp_path / "site", config), target_is_directory=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.clock.set_fixed_time(dt.datetime(2026, 3, 3, 10, 0))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/archive/articles/visit/")
            line = page.locator(".cite [data-locale]")
            line.locator("time").wait_for()
            assert line.inner_text().strip() == accessed
            assert line.locator("time").get_attribute("datetime") == "2026-03-03"
            quiet = browser.new_page(java_script_enabled=False)
            quiet.goto(f"http://127.0.0.1:{httpd.server_address[1]}/archive/articles/visit/")
            assert not quiet.locator(".cite [data-locale]").is_visible()
            assert quiet.locator(".cite p").inner_text().endswith("/archive/articles/visit/.")
            browser.close()
    finally:
        httpd.shutdown()
