"""Browsing a built archive: by year, month and day, by source, page by page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build_site, open_archive
from site_builder.config import load_config
from site_builder.errors import ConfigError
from site_builder.render.pagination import page_numbers
from test_render import Page

NO_ENTITIES = 'title = "أرشيف"\nbase_url = "https://example.org/"\n[entities]\nenabled = false\n'


def article(title: str, date: str = "", source: str = "", body: str = "نص الخبر.") -> str:
    lines = [f"title: {title}"] + ([f"date: {date}"] if date else []) + ([f"source: '{source}'"] if source else [])
    return "---\n" + "\n".join(lines) + f"\n---\n{body}\n"


def built(make_site, files: dict[str, str], config: str = NO_ENTITIES):
    root = make_site(files, config)
    result = build_site(root)
    return result, result.output


def page(site: Path, address: str) -> Page:
    return Page((site / address / "index.html").read_bytes())


def article_links(doc: Page) -> list[str]:
    return [attrs["href"] for _, attrs, _ in doc.find("a") if attrs.get("href", "").startswith("/articles/")]


def card_sources(doc: Page) -> list[str]:
    return doc.texts("a", class_="source")


# ---------------------------------------------------------------- days, months, years

def two_days(per_source: int = 5) -> dict[str, str]:
    files = {}
    for n in range(per_source):
        files[f"content/okaz/o{n}.md"] = article(f"خبر عكاظ {n}", "2015-08-02", "okaz")
        files[f"content/sabq/s{n}.md"] = article(f"خبر سبق {n}", "2015-08-02", "sabq")
    files["content/okaz/older.md"] = article("خبر قديم", "2015-07-21", "okaz")
    return files


def test_day_pages_list_the_days_articles_with_their_count(make_site):
    _, site = built(make_site, two_days())
    day = page(site, "archive/2015/08/02")
    assert day.texts("h1") == ["الأحد ٢ أغسطس ٢٠١٥ (١٧ شوال ١٤٣٦ هـ)"]
    assert len(day.find("li", class_="card")) == 10
    assert "عدد المقالات: ١٠" in day.texts("p", class_="page-summary")[0]
    crumbs = [attrs["href"] for _, attrs, _ in day.find("a") if attrs.get("href", "").startswith("/archive/")]
    assert {"/archive/", "/archive/2015/", "/archive/2015/08/"} <= set(crumbs)
    assert day.find("a", href="/archive/2015/07/21/")  # the previous day with articles
    july = page(site, "archive/2015/07/21")
    assert len(july.find("li", class_="card")) == 1 and july.find("a", href="/archive/2015/08/02/")


def test_the_month_is_a_calendar_whose_days_with_articles_are_links(make_site):
    _, site = built(make_site, two_days())
    month = page(site, "archive/2015/08")
    assert month.texts("h1") == ["أغسطس ٢٠١٥"]
    assert month.texts("th") == ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
    cells = month.find("td")
    assert len(cells) % 7 == 0 and len(month.find("tr")) == 1 + len(cells) // 7  # whole weeks
    links = [(attrs["href"], attrs["aria-label"], text.split()) for _, attrs, text in month.find("a")
             if attrs.get("href", "").startswith("/archive/2015/08/")]
    assert links == [("/archive/2015/08/02/", "٢ أغسطس ٢٠١٥، عدد المقالات: ١٠", ["٢", "١٠"])]
    # 1 August 2015 was a Saturday: the first cell of the first week; days without articles are not links
    assert [" ".join(text.split()) for _, _, text in cells[:3]] == ["١", "٢ ١٠", "٣"]
    assert month.find("td", class_="has-articles") and len(month.find("td", class_="has-articles")) == 1
    assert month.find("a", href="/archive/2015/07/")


def test_archive_and_year_pages_count_articles(make_site):
    _, site = built(make_site, two_days())
    archive = page(site, "archive")
    assert "/archive/2015/" in [a["href"] for _, a, _ in archive.find("a")]
    months = {" ".join(text.split()) for _, attrs, text in archive.find("li")}
    assert {"أغسطس ٢٠١٥ (١٠)", "يوليو ٢٠١٥ (١)"} <= months
    year = page(site, "archive/2015")
    assert year.texts("th", scope="row") == ["أغسطس ٢٠١٥", "يوليو ٢٠١٥"]
    assert year.texts("td") == ["١٠", "١", "١", "١"]  # articles, days with articles


# ---------------------------------------------------------------- order

def test_newest_first_by_date_then_time_and_one_days_sources_interleave(make_site):
    files = two_days(per_source=10)
    files["content/late.md"] = article("خبر المساء", "2015-08-02 22:15:00", "was")
    files["content/early.md"] = article("خبر الصباح", "2015-08-02T09:05", "was")
    _, site = built(make_site, files)
    day = page(site, "archive/2015/08/02")
    links = article_links(day)
    assert links[:2] == ["/articles/late/", "/articles/early/"]  # the times first, later first
    sources = card_sources(day)[2:]
    runs = sum(1 for a, b in zip(sources, sources[1:]) if a != b) + 1
    assert sorted(set(sources)) == ["سبق", "عكاظ"] and runs > 4  # mixed, not one paper then the other
    home = page(site, "")
    assert article_links(home)[:len(links)] == links and article_links(home)[-1] == "/articles/older/"
    shown = page(site, "articles/late")
    assert shown.find("time", datetime="2015-08-02") and "٢ أغسطس ٢٠١٥" in shown.texts("time")


def test_the_order_does_not_depend_on_file_names_or_reading_order(make_site, tmp_path):
    first, _ = built(make_site, two_days())
    rows = "SELECT * FROM articles ORDER BY id"
    order_a = open_archive(first.output / "data" / "archive.sqlite.xz").execute(rows).fetchall()
    again = build_site(make_site(two_days(), NO_ENTITIES))
    assert open_archive(again.output / "data" / "archive.sqlite.xz").execute(rows).fetchall() == order_a
    assert article_links(page(first.output, "")) == article_links(page(again.output, ""))


# ---------------------------------------------------------------- pagination

def test_page_numbers_show_first_last_and_nearby_pages():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 40) == [1, 2, 3, None, 40]
    assert page_numbers(5, 40) == [1, 2, 3, 4, 5, 6, 7, None, 40]
    assert page_numbers(20, 40) == [1, None, 18, 19, 20, 21, 22, None, 40]
    assert page_numbers(40, 40) == [1, None, 38, 39, 40]


def test_every_paginated_list_links_its_pages_by_number(make_site):
    files = {f"content/a{n:02d}.md": article(f"خبر {n}", "2015-08-02", "okaz") for n in range(14)}
    _, site = built(make_site, files, NO_ENTITIES.replace("base_url", "per_page = 2\nbase_url"))
    for address, base in (("archive/2015/08/02/page/4", "/archive/2015/08/02/"), ("page/4", "/"),
                          ("sources/okaz/page/4", "/sources/okaz/")):
        doc = page(site, address)
        pager = doc.find("nav", class_="pager")[0]
        numbers = [(attrs["href"], text) for _, attrs, text in doc.find("a") if attrs.get("aria-label", "")
                   .startswith("صفحة ")]
        assert [text for _, text in numbers] == ["١", "٢", "٣", "٤", "٥", "٦", "٧"], address
        assert numbers[0][0] == base and numbers[-1][0] == f"{base}page/7/"
        current = doc.find("a", aria_current="page")
        assert [(a["href"], t) for _, a, t in current if a["href"].startswith(base)] == [(f"{base}page/4/", "٤")]
        assert doc.find("a", rel="prev", href=f"{base}page/3/") and doc.find("a", rel="next", href=f"{base}page/5/")
        assert "صفحات القائمة" == pager[1]["aria-label"]
    assert not (site / "archive/2015/08/02/page/8").exists()


# ---------------------------------------------------------------- undated articles

def test_undated_articles_have_a_place_of_their_own(make_site):
    files = two_days(per_source=2)
    files["content/undated.md"] = article("مقال بلا تاريخ")
    _, site = built(make_site, files)
    assert "/articles/undated/" not in article_links(page(site, ""))
    assert article_links(page(site, "archive/undated")) == ["/articles/undated/"]
    assert page(site, "archive").find("a", href="/archive/undated/")
    assert page(site, "").find("a", href="/archive/undated/")


def test_an_archive_without_dates_lists_its_articles_on_the_home_page(make_site):
    _, site = built(make_site, {"content/a.md": article("أ"), "content/b.md": article("ب")})
    assert sorted(article_links(page(site, ""))) == ["/articles/a/", "/articles/b/"]


# ---------------------------------------------------------------- sources by name

def test_imported_ids_are_shown_by_the_newspapers_names_everywhere(make_site):
    from conftest import build_site
    from site_builder.render.labels import load_labels
    from site_builder.search.documents import filters as search_filters
    from site_builder.state.resident import Resident
    state = Resident()
    root = make_site(two_days(), NO_ENTITIES)
    result = build_site(root, state=state)
    site = result.output
    home = page(site, "")
    assert set(card_sources(home)) == {"عكاظ", "سبق"}
    assert home.find("a", class_="source", href="/sources/okaz/")
    shown = page(site, "articles/o1")
    assert shown.find("a", href="/sources/okaz/")[0][2] == "عكاظ"
    source = page(site, "sources/okaz")
    assert source.texts("h1") == ["عكاظ"]
    facts = dict(zip(source.texts("dt"), source.texts("dd")))
    assert facts["الفترة"] == "من ٢١ يوليو ٢٠١٥ إلى ٢ أغسطس ٢٠١٥" and facts["الموقع"] == "okaz.com.sa"
    assert source.texts("th", scope="row") == ["٢ أغسطس ٢٠١٥", "٢١ يوليو ٢٠١٥"]  # articles per day
    assert source.texts("td") == ["٥", "١"]
    index = page(site, "sources")
    assert index.texts("th", scope="row") == ["سبق", "عكاظ"]
    assert index.texts("td") == ["٥", "من ٢ أغسطس ٢٠١٥ إلى ٢ أغسطس ٢٠١٥", "٦", "من ٢١ يوليو ٢٠١٥ إلى ٢ أغسطس ٢٠١٥"]
    atom = "{http://www.w3.org/2005/Atom}"
    terms = {c.get("term") for c in ET.fromstring((site / "feed.xml").read_bytes()).iter(f"{atom}category")}
    assert terms == {"عكاظ", "سبق"}
    data = open_archive(site / "data" / "archive.sqlite.xz").execute(
        "SELECT DISTINCT s.name, s.id FROM articles a JOIN sources s ON s.id = a.source").fetchall()
    assert set(data) == {("عكاظ", "okaz"), ("سبق", "sabq")}
    labels = load_labels(load_config(root / "site.toml", root=root))
    filters = search_filters(state.graph.articles["o1"], state.graph, labels)  # the search's source filter
    assert ("المصدر", "عكاظ") in filters


def test_a_sources_table_names_a_source_that_front_matter_gives_by_id_or_name(make_site):
    config = NO_ENTITIES + '[sources.bbc]\nname = "بي بي سي عربي"\nurl = "https://www.bbc.com/arabic"\n'
    files = {"content/a.md": article("أ", "2015-08-02", "bbc"), "content/b.md": article("ب", "2015-08-01", "بي بي سي عربي"),
             "content/c.md": article("ج", "2015-08-01", "صحيفة محلية")}
    _, site = built(make_site, files, config)
    assert sorted(p.name for p in (site / "sources").iterdir() if p.is_dir()) == ["bbc", "صحيفة-محلية"]
    source = page(site, "sources/bbc")
    assert source.texts("h1") == ["بي بي سي عربي"] and len(source.find("li", class_="card")) == 2
    assert source.find("a", href="https://www.bbc.com/arabic")
    assert page(site, "sources/صحيفة-محلية").texts("h1") == ["صحيفة محلية"]


def test_sources_whose_names_make_the_same_address_get_distinct_ones_and_one_warning(make_site):
    files = {"content/a.md": article("أ", "2015-08-02", "؟؟؟"), "content/b.md": article("ب", "2015-08-02", "!!!"),
             "content/c.md": article("ج", "2015-08-01", "!!!"), "content/d.md": article("د", "2015-08-01", "okaz")}
    result, site = built(make_site, files)
    clashes = [w for w in result.warnings if "sources/unknown/" in w]
    assert len(clashes) == 1 and "'!!!'" in clashes[0] and "'؟؟؟'" in clashes[0]
    assert result.articles == 4
    pages = sorted(p.name for p in (site / "sources").iterdir() if p.is_dir())
    assert pages[:1] == ["okaz"] and pages[1] == "unknown" and pages[2].startswith("unknown-") and len(pages) == 3
    names = {page(site, f"sources/{name}").texts("h1")[0] for name in pages}
    assert names == {"عكاظ", "!!!", "؟؟؟"}
    for slug, name in zip("abcd", ("؟؟؟", "!!!", "!!!", "عكاظ")):  # each article links its own source
        links = [a["href"] for _, a, t in page(site, f"articles/{slug}").find("a") if t == name]
        assert links and page(site, links[0].strip("/")).texts("h1") == [name]
    again = build_site(site.parent)  # the same archive: the same addresses
    assert sorted(p.name for p in (again.output / "sources").iterdir() if p.is_dir()) == pages


def test_mistakes_in_a_sources_table_are_reported_with_the_others(tmp_path):
    (tmp_path / "site.toml").write_text('per_page = "x"\n[sources.okaz]\nnmae = "عكاظ"\n'
                                        '[sources."Al Jazeera"]\nurl = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.toml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert "unknown option 'sources.okaz.nmae' (did you mean 'sources.okaz.name'?)" in lines[1]
    assert any("source id 'Al Jazeera'" in line and "[sources.al-jazeera]" in line for line in lines)
    assert any("'sources.Al Jazeera.url' must be an http(s) address" in line for line in lines)


# ---------------------------------------------------------------- in a phone's browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_a_reader_on_a_phone_reaches_a_day_in_three_taps_without_scrolling_sideways(make_site):
    import functools
    import http.server
    import threading
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, _Quiet
    _, site = built(make_site, two_days())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            tab = browser.new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
            tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            tab.click(".site-nav a[href='/archive/']")
            tab.click("a[href='/archive/2015/08/']")
            tab.wait_for_url("**/archive/2015/08/")
            tab.wait_for_load_state("load")  # the page's own font, not a wider fallback, is measured
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
            tab.click(".calendar a[href='/archive/2015/08/02/']")
            assert tab.url.endswith("/archive/2015/08/02/")
            assert tab.locator("h1").inner_text() == "الأحد ٢ أغسطس ٢٠١٥ (١٧ شوال ١٤٣٦ هـ)"
            assert tab.locator(".cards .card").count() == 10
            browser.close()
    finally:
        httpd.shutdown()
