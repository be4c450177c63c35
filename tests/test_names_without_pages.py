"""A name of fewer than three articles is highlighted, but has no page of its own: its
highlights open the search for the name (``entities.page_articles``)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from conftest import build_site, write_site
from test_render import Page


def _article(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{body}\n"


FILES = {
    "content/a.md": _article("خبر أول", "2015-07-01", "وصل الوفد إلى الرياض، ثم زار جدة وغادر جدة ليلًا."),
    "content/b.md": _article("خبر ثان", "2015-07-02", "عاد الوفد إلى الرياض مساء، ثم إلى جدة."),
    "content/c.md": _article("خبر ثالث", "2015-07-03", "غادر الوفد الرياض صباحًا."),
}


def _links(page: Page) -> dict[str, str]:
    """Shown name → href of every entity link in the article body."""
    return {text: attrs["href"] for _, attrs, text in page.find("a") if attrs.get("class") in
            ("person", "place", "organization", "misc") and text}


def test_a_name_of_two_articles_links_to_the_search_for_it(tmp_path):
    out = build_site(write_site(tmp_path / "site", FILES)).output
    links = _links(Page((out / "articles" / "a" / "index.html").read_bytes()))
    assert unquote(links["الرياض"]) == "/entities/الرياض/"
    search = urlsplit(links["جدة"])
    assert search.path == "/search/" and parse_qs(search.query) == {"q": ["جدة"]}
    assert (out / "entities" / "الرياض" / "index.html").is_file()
    assert not (out / "entities" / "جدة").exists()
    listed = (out / "entities" / "by_type" / "place" / "index.html").read_text(encoding="utf-8")
    assert "الرياض" in listed and "جدة" not in listed
    sitemap = unquote((out / "sitemap.xml").read_text(encoding="utf-8"))
    assert "entities/الرياض/" in sitemap and "جدة" not in sitemap


def test_a_third_article_gives_the_name_its_page_and_updates_the_others(tmp_path):
    root = write_site(tmp_path / "site", FILES)
    build_site(root)
    (root / "content" / "d.md").write_text(_article("خبر رابع", "2015-07-04", "وصل الوفد إلى جدة."),
                                           encoding="utf-8")
    out = build_site(root).output
    links = _links(Page((out / "articles" / "a" / "index.html").read_bytes()))
    assert unquote(links["جدة"]).startswith("/entities/جدة")
    assert (out / unquote(links["جدة"]).strip("/") / "index.html").is_file()


def test_every_name_gets_a_page_when_the_site_asks(tmp_path):
    root = write_site(tmp_path / "site", FILES, 'title = "أرشيف"\n\n[entities]\npage_articles = 1\n')
    out = build_site(root).output
    links = _links(Page((out / "articles" / "a" / "index.html").read_bytes()))
    assert unquote(links["جدة"]).startswith("/entities/")


def test_the_entity_index_counts_the_names_without_pages(tmp_path):
    out = build_site(write_site(tmp_path / "site", FILES)).output
    index = (out / "entities" / "index.html").read_text(encoding="utf-8")
    assert "بلا صفحة" in index and "عدد الكيانات: ١" in index  # الرياض has a page, جدة not


def test_an_archive_of_fewer_articles_gives_a_page_to_the_names_of_all_of_them(tmp_path):
    """A one-article archive (the repository's sample) shows its entity pages."""
    out = build_site(write_site(tmp_path / "site", {"content/a.md": FILES["content/a.md"]})).output
    links = _links(Page((out / "articles" / "a" / "index.html").read_bytes()))
    assert unquote(links["جدة"]) == "/entities/جدة/" and (out / "entities" / "جدة" / "index.html").is_file()
