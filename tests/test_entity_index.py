"""The entity index of a large archive: small pages by type and by letter, most mentioned first, a filter."""

from __future__ import annotations

import functools
import http.server
import itertools
import math
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import build_site, write_site
from test_browser import ARGS, CHROMIUM, _Quiet
from test_render import Page

from site_builder.render.entity_index import INDEX_TOP, LIST_SIZE
from site_builder.text import dates
from site_builder.text.letters import ALPHABET

BOUND = 300_000
"""No listing page may weigh more, whatever the number of entities."""
HAMZA_NAMES = ["أسلموند", "إحمدستان", "آنيسغرد"]
LATIN_NAMES = [f"Zed{c}{d}" for c in "abcd" for d in "klmno"]


def _names() -> list[str]:
    mids = ["مير", "لان", "سور", "دين", "كار", "بون", "ريم", "تال", "نور", "جان", "شاد", "فار"]
    ends = ["وند", "ستان", "غرد", "لوم", "بير", "سيم", "كان", "ديل", "جور"]
    return HAMZA_NAMES + LATIN_NAMES + [f"{a}{m}{e}" for a, m, e in itertools.product(ALPHABET, mids, ends)]


def _mentions(i: int) -> int:
    return 1 + i * 7 % 5


def _kind(i: int) -> str:
    """Three names in five are people; every type has names under every letter."""
    return ("person", "person", "person", "place", "organization")[i % 5]


@pytest.fixture(scope="module")
def names():
    return _names()


@pytest.fixture(scope="module")
def site(tmp_path_factory, names):
    """3,000-odd entities from the curation file, mentioned 1 to 5 times each."""
    curation = "".join(f'[[entity]]\nname = "{n}"\ntype = "{_kind(i)}"\n\n' for i, n in enumerate(names))
    files = {"entities.toml": curation}
    for start in range(0, len(names), 100):
        lines = [f"وقال {name} كلامًا." for i, name in enumerate(names[start:start + 100], start)
                 for _ in range(_mentions(i))]
        files[f"content/a{start:05d}.md"] = (f"---\ntitle: خبر {start}\ndate: 2015-07-{1 + start // 100 % 28:02d}\n"
                                             "---\n" + "\n".join(lines) + "\n")
    # each name is in one article: give every one a page, as lists of this size need
    root = write_site(tmp_path_factory.mktemp("many-entities") / "site", files,
                      'title = "أرشيف"\n\n[entities]\npage_articles = 1\n')
    result = build_site(root)
    assert result.entities == len(names)
    return result.output


def _rows(page: Page) -> list[tuple[str, int]]:
    """(name, mentions) of the table rows of a listing page."""
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789", "٬")
    names = page.texts("th", scope="row")
    mentions = [int(text.translate(digits)) for text in page.texts("td")[::2]]
    assert len(names) == len(mentions)
    return list(zip(names, mentions))


def _listing(site: Path, address: str) -> Page:
    return Page((site / unquote(address).strip("/") / "index.html").read_bytes())


def _pages(site: Path, first: str) -> list[Page]:
    """A paginated list, following its rel="next" links."""
    pages, address = [], first
    while address:
        pages.append(_listing(site, address))
        nexts = pages[-1].find("a", rel="next")
        address = nexts[0][1]["href"] if nexts else ""
    return pages


def test_every_listing_page_is_small_at_any_number_of_entities(site):
    listings = [site / "entities" / "index.html", *(site / "entities" / "by_type").rglob("index.html")]
    assert len(listings) > 60
    for path in listings:
        assert path.stat().st_size <= BOUND, path
        assert len(_rows(Page(path.read_bytes()))) <= LIST_SIZE, path
    assert max(p.stat().st_size for p in listings) < 80_000


def test_index_shows_the_most_mentioned_of_each_type_and_links_their_lists(site, names):
    index = _listing(site, "entities/")
    assert index.texts("h2") == ["أشخاص", "أماكن", "منظمات"]
    rows = _rows(index)
    assert len(rows) == 3 * INDEX_TOP
    people = rows[:INDEX_TOP]
    assert [m for _, m in people] == sorted((m for _, m in people), reverse=True) and people[0][1] == 5
    counts = {kind: index.find("a", href=f"/entities/by_type/{kind}/") for kind in ("person", "place", "organization")}
    assert all(counts.values())
    assert "١٬٨٢٩" in counts["person"][0][2]  # 3 in 5 of 3,047
    letters = index.find("nav", class_="letters")
    assert len(letters) == 3 and "ا" in letters[0][2]


def test_a_type_list_is_paginated_most_mentioned_first_with_numbered_pages(site, names):
    people = {n for i, n in enumerate(names) if _kind(i) == "person"}
    pages = _pages(site, "entities/by_type/person/")
    assert len(pages) == math.ceil(len(people) / LIST_SIZE) == 10
    rows = [row for page in pages for row in _rows(page)]
    assert len(rows) == len(set(rows)) and {name for name, _ in rows} == people
    assert [m for _, m in rows] == sorted((m for _, m in rows), reverse=True)
    middle = pages[4]  # page 5 of 10: the first, the last and the pages near it (2 rather than a gap)
    numbers = {a[2]: a[1]["href"] for a in middle.find("a") if a[1].get("href", "").startswith(
        "/entities/by_type/person/") and a[2].strip() and a[2].strip()[0] in "٠١٢٣٤٥٦٧٨٩"}
    assert numbers == {"١": "/entities/by_type/person/", "٢": "/entities/by_type/person/page/2/", "٣": "/entities/by_type/person/page/3/",
                       "٤": "/entities/by_type/person/page/4/", "٥": "/entities/by_type/person/page/5/",
                       "٦": "/entities/by_type/person/page/6/", "٧": "/entities/by_type/person/page/7/",
                       "١٠": "/entities/by_type/person/page/10/"}
    assert middle.find("a", aria_current="page", href="/entities/by_type/person/page/5/")
    assert middle.find("li", class_="pager-gap")
    assert middle.find("a", rel="prev", href="/entities/by_type/person/page/4/")
    assert "صفحة ٥ من ١٠" in " ".join(middle.texts("p", class_="page-summary"))


def test_letter_lists_file_every_name_once_under_its_first_letter(site, names):
    index = _listing(site, "entities/by_type/person/")
    letters = [(a[2], a[1]["href"]) for a in index.find("a") if "/entities/by_type/person/" in a[1].get("href", "")
               and a[2] in (*ALPHABET, "غيرها")]
    assert [letter for letter, _ in letters] == [*ALPHABET, "غيرها"]
    filed = {}
    for letter, address in letters:
        pages = _pages(site, address)
        shown = [name for page in pages for name, _ in _rows(page)]
        assert shown == sorted(shown, key=lambda n: n.translate(str.maketrans("أإآ", "ااا"))), letter
        filed.update((name, letter) for name in shown)
        assert pages[0].find("a", aria_current="page", href=address)
    assert set(filed) == {n for i, n in enumerate(names) if _kind(i) == "person"}
    assert {filed[n] for n in HAMZA_NAMES} == {"ا"}
    assert {filed[n] for n in LATIN_NAMES if n in filed} == {"غيرها"}
    other = _listing(site, "entities/by_type/person/other/")
    assert other.texts("h1") == ["أشخاص: أسماء لا تبدأ بحرف عربي"]
    assert _listing(site, "entities/by_type/person/ب/").texts("h1") == ["أشخاص: حرف ب"]
    first = _pages(site, "entities/by_type/person/ا/")
    assert len(first) == 1 and len(_rows(first[0])) == len([n for i, n in enumerate(names) if _kind(i) == "person"
                                                            and n[0] in "اأإآ"])


def test_each_list_page_has_a_filter_that_is_hidden_without_javascript(site):
    page = _listing(site, "entities/by_type/place/")
    [(_, wrapper, _)] = page.find("p", class_="entity-filter")
    assert "hidden" in wrapper
    [(_, field, _)] = page.find("input", id="entity-filter")
    assert field["type"] == "search" and page.find("table", id=field["aria-controls"])
    assert page.find("label", for_="entity-filter")
    assert page.find("script", src="/js/entity-filter.js", type="module")
    assert (site / "js" / "entity-filter.js").is_file()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_the_filter_narrows_the_rows_of_the_page_in_a_browser(site, names):
    filed = len([n for i, n in enumerate(names) if _kind(i) == "person" and n[0] in "اأإآ"])
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/entities/by_type/person/%D8%A7/")
            rows = page.locator("#entity-rows tbody tr")
            assert rows.count() == filed and page.locator("#entity-filter").is_visible()
            page.fill("#entity-filter", "اسلم")  # without hamza, finds «أسلموند»
            assert [rows.nth(i).inner_text().split("\t")[0] for i in range(rows.count())
                    if rows.nth(i).is_visible()] == ["أسلموند"]
            status = page.locator("#entity-filter-status").inner_text()
            assert status == f"١ من {dates.DateStyle().figures(filed)} في هذه الصفحة"
            page.fill("#entity-filter", "")
            assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == filed
            browser.close()
            assert errors == []
    finally:
        httpd.shutdown()
