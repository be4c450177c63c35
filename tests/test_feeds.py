"""Feeds to follow: an Atom feed per source and per entity named in two articles or more."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import build_site, write_site
from test_render import Page
from site_builder.render.feeds import TOPIC_FEED_SIZE

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
BASE = "https://user.github.io/archive/"


def _article(title: str, date: str, source: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n{body}\n"


def articles() -> dict[str, str]:
    """Riyadh in 24 articles over 24 days (two papers); Jeddah in one."""
    files = {}
    for n in range(24):
        day = dt.date(2015, 7, 1) + dt.timedelta(days=n)
        source = "okaz" if n % 2 else "sabq"
        files[f"content/{source}/r{n:02d}.md"] = _article(f"خبر من الرياض رقم {n}", day.isoformat(), source,
                                                          "قال أمير منطقة الرياض إن العمل مستمر في الرياض.")
    files["content/okaz/jeddah.md"] = _article("خبر جدة", "2015-06-01", "okaz", "وصل الوفد إلى جدة مساء.")
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("feeds"), articles(), 'title = "أرشيف"\nper_page = 5\n')
    return build_site(root, base_url=BASE).output


def parse(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def link(element: ET.Element, rel: str = "alternate") -> str:
    """The absolute address of the element's link ``rel``, resolved against the feed's xml:base."""
    found = [l for l in element.findall(f"{ATOM}link") if l.get("rel", "alternate") == rel]
    assert len(found) == 1
    return urljoin(BASE, found[0].get("href"))


def test_an_entity_feed_lists_its_newest_articles_newest_first(site):
    feed = parse(site / "entities" / "الرياض" / "feed.xml")
    assert feed.get(XML_BASE) == BASE
    assert feed.find(f"{ATOM}title").text == "الرياض — أرشيف"
    assert feed.find(f"{ATOM}id").text == BASE + "entities/الرياض/"
    assert link(feed, "self") == BASE + "entities/الرياض/feed.xml"
    assert link(feed) == BASE + "entities/الرياض/"
    assert feed.find(f"{ATOM}updated").text == "2015-07-24T00:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "أرشيف"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == TOPIC_FEED_SIZE
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert all(e.find(f"{ATOM}published") is None for e in entries)  # it would repeat <updated>
    assert dates == sorted(dates, reverse=True) and dates[0] == "2015-07-24T00:00:00Z"
    assert dates[-1] == "2015-07-15T00:00:00Z"  # the newest ten of 24 days
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "خبر من الرياض رقم 23"
    assert first.find(f"{ATOM}id").text == BASE + "articles/r23/" == link(first)
    assert first.find(f"{ATOM}updated").text == "2015-07-24T00:00:00Z"
    assert [e.find(f"{ATOM}author/{ATOM}name").text for e in entries[:2]] == ["عكاظ", "سبق"]


def test_a_source_feed_is_the_sources_own(site):
    feed = parse(site / "sources" / "okaz" / "feed.xml")
    assert feed.find(f"{ATOM}title").text == "عكاظ — أرشيف"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "عكاظ"
    assert link(feed, "self") == BASE + "sources/okaz/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [BASE + f"articles/r{n:02d}/" for n in range(23, 4, -2)]
    # (its ten newest; the oldest, Jeddah's, is left out)
    assert all(e.find(f"{ATOM}author") is None for e in entries)  # the feed's author is the source


def test_pages_link_their_feed_for_feed_readers_and_readers(site):
    for address, feed in (("entities/الرياض/", "entities/الرياض/feed.xml"),
                          ("sources/okaz/", "sources/okaz/feed.xml"),
                          ("sources/okaz/page/2/", "sources/okaz/feed.xml")):
        page = Page((site / address / "index.html").read_bytes())
        alternates = page.find("link", rel="alternate", type="application/atom+xml")
        assert alternates[0][1]["href"] == "/archive/" + feed, address
        assert page.find("a", href="/archive/" + feed), address


def test_a_name_of_a_single_article_has_no_feed(site):
    assert not (site / "entities" / "جدة").exists()  # nor a page: its link opens the search
    page = (site / "articles" / "jeddah" / "index.html").read_text(encoding="utf-8")
    assert 'href="/archive/search/?q=جدة"' in page
    assert "entities/جدة/feed.xml" not in page


def test_a_feed_is_rendered_again_only_when_its_articles_change(tmp_path):
    root = write_site(tmp_path / "site", articles(), 'title = "أرشيف"\n')
    build_site(root, base_url=BASE)
    (root / "content" / "okaz" / "r99.md").write_text(
        _article("خبر جديد من الرياض", "2015-08-01", "okaz", "زار الوفد الرياض."), encoding="utf-8")
    result = build_site(root, base_url=BASE)
    assert {"entities/الرياض/feed.xml", "sources/okaz/feed.xml"} <= set(result.changed)
    assert "sources/sabq/feed.xml" not in result.changed
    entries = parse(result.output / "entities" / "الرياض" / "feed.xml").findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}title").text == "خبر جديد من الرياض" and len(entries) == TOPIC_FEED_SIZE
