"""The renderer and the default theme: what a reader (and a feed reader) gets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import open_archive

from site_builder.text import dates
from site_builder.config import DataConfig, SiteConfig
from site_builder.errors import TemplateError
from site_builder.content.markup import body_html, plain_text, sentence_around
from site_builder.link.sources import name_sources
from site_builder.model import (Article, ArticleMeta, Entity, EntityStats, Link, Quote, SiteGraph,
                                SourceDoc)
from site_builder.render.environment import excerpt, make_environment
from site_builder.render.pages import ENTITY_PAGE_SIZE, render_site
from site_builder.render.theme import default_static_dir, default_template_dir, static_files

HOSTILE = 'قمة <script>alert("x")</script> & NATO'
ENTITIES = {
    "putin": Entity("putin", "فلاديمير بوتين", "person", ("بوتين",)),
    "russia": Entity("russia", "روسيا", "place"),
    "kremlin": Entity("kremlin", "الكرملين", "organization"),
    "nato": Entity("nato", "NATO", "organization", ("الناتو",)),
}
SURFACES = [("فلاديمير بوتين", "putin"), ("بوتين", "putin"), ("روسيا", "russia"), ("كرملين", "kremlin"),
            ("NATO", "nato")]


# ---------------------------------------------------------------- a small archive, by hand

def _article(slug: str, title: str, body: str, date: dt.date | None, source: str = "الجزيرة",
             url: str = "") -> Article:
    doc = SourceDoc(f"content/{slug}.txt", slug, ArticleMeta(title, date, source, "مراسل", url), body, "txt", 2,
                    "digest")
    html = body_html(doc)
    return Article(slug, doc.meta, html, plain_text(html), (), doc.path, "digest")


def _links(text: str) -> tuple[Link, ...]:
    taken: set[int] = set()
    found = []
    for surface, entity in SURFACES:
        start = text.find(surface)
        while start != -1:
            span = set(range(start, start + len(surface)))
            if not span & taken:
                taken |= span
                found.append(Link(start, start + len(surface), entity))
            start = text.find(surface, start + 1)
    return tuple(sorted(found, key=lambda link: link.start))


def make_graph(extra: int = 0) -> SiteGraph:
    articles = [
        _article("visit", "بوتين يستقبل كيم في روسيا",
                 "وصل الضيف إلى روسيا للقاء فلاديمير بوتين.\nوقال الكرملين إن بوتين سيعقد محادثات.",
                 dt.date(2015, 7, 21), url="https://example.com/news/2015/07/21/visit"),
        _article("summit", HOSTILE, "NATO said Russia is a threat.\nقال حلف NATO إن روسيا تهديد.",
                 dt.date(2015, 6, 2), source="BBC عربي"),
        _article("undated", "مقال بلا تاريخ", "تقرير قصير عن لروسيا.", None, source=""),
    ]
    articles += [_article(f"extra-{i:03d}", f"خبر {i}", "وقال بوتين كلامًا.", dt.date(2014, 1, 1 + i % 28))
                 for i in range(extra)]
    by_slug = {a.slug: a for a in articles}
    order = tuple(a.slug for a in sorted((a for a in articles if a.meta.date),
                                         key=lambda a: (a.meta.date, a.slug), reverse=True))
    order += tuple(a.slug for a in articles if not a.meta.date)
    links = {a.slug: _links(a.text) for a in articles}
    stats = {}
    for entity in ENTITIES:
        slugs = tuple(s for s in order if any(link.entity == entity for link in links[s]))
        quotes = []
        for slug in slugs:
            first = next(link for link in links[slug] if link.entity == entity)
            quotes.append(Quote(slug, *sentence_around(by_slug[slug].text, first.start, first.end)))
        seen = [by_slug[s].meta.date for s in slugs if by_slug[s].meta.date]
        shared = Counter(other for s in slugs for other in {link.entity for link in links[s]} - {entity})
        stats[entity] = EntityStats(sum(link.entity == entity for s in order for link in links[s]), slugs,
                                    tuple(quotes), min(seen, default=None), max(seen, default=None),
                                    tuple(sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))))
    sources = name_sources((a.meta.source for a in articles), {})
    by_source: dict[str, list[str]] = {}
    by_month: dict[str, list[str]] = {}
    by_day: dict[str, list[str]] = {}
    for slug in order:
        meta = by_slug[slug].meta
        if meta.source:
            by_source.setdefault(sources.ids[meta.source], []).append(slug)
        if meta.date:
            by_month.setdefault(f"{meta.date:%Y-%m}", []).append(slug)
            by_day.setdefault(meta.date.isoformat(), []).append(slug)
    related = {slug: tuple(s for s in order if s != slug)[:2] for slug in order}
    return SiteGraph(by_slug, order, ENTITIES, links, stats, related,
                     {k: tuple(v) for k, v in sorted(by_source.items())},
                     {k: tuple(v) for k, v in sorted(by_month.items())},
                     {k: tuple(v) for k, v in sorted(by_day.items())}, sources)


def render(tmp_path: Path, base_url: str = "https://example.org/", graph: SiteGraph | None = None,
           **options) -> dict[str, bytes]:
    config = SiteConfig(root=tmp_path, base_url=base_url, **options)
    return {f.path: f.render() for f in render_site(graph or make_graph(), config)}


# ---------------------------------------------------------------- reading pages

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class Page(HTMLParser):
    """Elements of a page with their attributes and text (enough for assertions)."""

    def __init__(self, data: bytes):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], str]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(data.decode("utf-8"))
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag in VOID:
            self.elements.append((tag, attributes, ""))
        else:
            self._open.append((tag, attributes, []))

    def handle_endtag(self, tag):
        while self._open:
            name, attrs, text = self._open.pop()
            self.elements.append((name, attrs, "".join(text)))
            if self._open:
                self._open[-1][2].extend(text)
            if name == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)

    def find(self, tag: str | None = None, **attrs: str) -> list[tuple[str, dict[str, str], str]]:
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [e for e in self.elements if (tag is None or e[0] == tag)
                and all(e[1].get(k) == v if v is not True else k in e[1] for k, v in wanted.items())]

    def texts(self, tag: str, **attrs: str) -> list[str]:
        return [" ".join(text.split()) for _, _, text in self.find(tag, **attrs)]

    def hrefs(self) -> list[str]:
        return [attrs[name] for _, attrs, _ in self.elements for name in ("href", "src") if name in attrs]


def pagefind_filters(doc: Page) -> set[str]:
    """The page's Pagefind filters as "key:value": given inline, or a key whose value is
    the element's text (as Pagefind reads ``data-pagefind-filter="key"``)."""
    found = set()
    for _, attrs, text in doc.find(None, data_pagefind_filter=True):
        key = attrs["data-pagefind-filter"]
        found.add(key if ":" in key else f"{key}:{' '.join(text.split())}")
    return found


def page(files: dict[str, bytes], path: str) -> Page:
    return Page(files[path])


# ---------------------------------------------------------------- tests

def test_every_contract_file_is_rendered(tmp_path):
    files = render(tmp_path, per_page=2, graph=make_graph(extra=1))
    for rel in ["index.html", "page/2/index.html", "articles/visit/index.html", "entities/index.html",
                "entities/putin/index.html", "sources/index.html", "sources/الجزيرة/index.html",
                "archive/index.html", "archive/2015/07/index.html", "search/index.html", "404.html",
                "sitemap.xml", "feed.xml", ".nojekyll", "data/archive.sqlite.xz"]:
        assert rel in files, rel
    assert files[".nojekyll"] == b""
    assert not [rel for rel in files if rel.endswith(".csv.gz")]  # the CSV files are an option


def test_pages_are_right_to_left_arabic_with_one_h1_and_landmarks(tmp_path):
    files = render(tmp_path)
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        doc = Page(data)
        html = doc.find("html")[0][1]
        assert html["lang"] == "ar" and html["dir"] == "rtl", path
        assert len(doc.find("h1")) == 1, path
        assert doc.find("main", id="main") and doc.find("header") and doc.find("footer"), path
        assert doc.find("a", href="#main", class_="skip-link"), path
        assert doc.find("meta", name="viewport") and doc.find("meta", name="description"), path
        nav = " ".join(doc.texts("nav", class_="site-nav"))
        for label in ("الرئيسية", "المصادر", "الأرشيف", "الكيانات", "البحث"):
            assert label in nav, path
        assert not any("<script>" in text for text in doc.texts("script")), path


def test_article_body_links_entities_with_the_markup_contract(tmp_path):
    data = render(tmp_path)["articles/visit/index.html"].decode()
    assert '<a class="person" href="/entities/putin/">فلاديمير بوتين</a>' in data
    assert 'ال<a class="organization" href="/entities/kremlin/"' in data  # prefix stays outside
    doc = Page(data.encode())
    body_links = [attrs for tag, attrs, _ in doc.find("a") if attrs.get("href", "").startswith("/entities/") and "class" in attrs]
    assert {a["class"] for a in body_links} == {"person", "place", "organization"}
    body = data.split('<div class="article-body">')[1].split("</div>")[0]
    assert body.count("<p>") == 2 and "dir=" not in body  # Arabic paragraphs take the page's direction


def test_latin_names_are_isolated_inside_arabic_text(tmp_path):
    data = render(tmp_path)["articles/summit/index.html"].decode()
    assert '<bdi><a class="organization" href="/entities/nato/">NATO</a></bdi>' in data


def test_paragraphs_take_the_direction_of_their_dominant_script(tmp_path):
    body = render(tmp_path)["articles/summit/index.html"].decode().split('<div class="article-body">')[1]
    body = body.split("</div>")[0]
    assert '<p dir="ltr">' in body and body.count("<p>") == 1  # English one way, Arabic with NATO the other
    apple = _article("apple", "شركة", "Apple أعلنت شركة أبل اليوم عن هاتف جديد في مؤتمرها السنوي.\n"
                     "Apple announced a new phone today, شركة أبل.\n2015", dt.date(2015, 7, 1))
    graph = make_graph()
    graph = dataclasses.replace(graph, articles={**graph.articles, "apple": apple}, order=graph.order + ("apple",),
                                links={**graph.links, "apple": ()})
    doc = page(render(tmp_path, graph=graph), "articles/apple/index.html")
    paragraphs = [(attrs.get("dir"), text) for _, attrs, text in doc.find("p")
                  if text.startswith(("Apple", "2015"))]
    assert paragraphs == [(None, "Apple أعلنت شركة أبل اليوم عن هاتف جديد في مؤتمرها السنوي."),
                          ("ltr", "Apple announced a new phone today, شركة أبل."), (None, "2015")]
    english = render(tmp_path, graph=graph, language="en")["articles/apple/index.html"].decode()
    assert '<p dir="rtl">Apple أعلنت' in english and "<p>Apple announced" in english


def test_descriptions_end_at_a_sentence_or_a_word_never_inside_a_number(tmp_path):
    first = "ارتفع مؤشر السوق الرئيسي بـ 76.5 نقطة في ختام تعاملات اليوم مدفوعا بنتائج قطاع المصارف والبتروكيماويات."
    rest = "وقال المحللون إن الارتفاع جاء بعد صدور نتائج الشركات الكبرى للربع الثاني من العام الجاري"
    market = _article("market", "السوق", f"{first} {rest}", dt.date(2015, 7, 1))
    graph = make_graph()
    graph = dataclasses.replace(graph, articles={**graph.articles, "market": market},
                                order=graph.order + ("market",), links={**graph.links, "market": ()})
    doc = page(render(tmp_path, graph=graph), "articles/market/index.html")
    assert doc.find("meta", name="description")[0][1]["content"] == first
    for limit in range(20, 40):
        cut = excerpt("ارتفع المؤشر بـ 76.5 نقطة و 1234.56 ريالا في ختام التعاملات", limit)
        assert cut.endswith("…") and cut[:-1].split(" ")[-1] in {"ارتفع", "المؤشر", "بـ", "76.5", "نقطة", "و",
                                                                "1234.56", "ريالا", "في"}


def test_article_shows_meta_legend_toggle_entities_and_related(tmp_path):
    doc = page(render(tmp_path), "articles/visit/index.html")
    assert doc.texts("h1") == ["بوتين يستقبل كيم في روسيا"]
    assert "٢١ يوليو ٢٠١٥" in doc.texts("time")
    assert doc.find("time", datetime="2015-07-21")
    original = doc.find("a", href="https://example.com/news/2015/07/21/visit")[0][1]
    assert original["rel"] == "noopener noreferrer nofollow" and original["dir"] == "ltr"
    assert doc.find("input", type="checkbox", id="entity-toggle", checked=True)
    assert doc.texts("label")  # the checkbox is inside its label
    assert set(doc.texts("li", class_="person")) == {"شخص"}
    assert "الكيانات في هذا المقال" in doc.texts("h2")
    assert {"أشخاص", "أماكن", "منظمات"} <= set(doc.texts("h3"))
    assert "مقالات ذات صلة" in doc.texts("h2")
    related = {attrs["href"] for _, attrs, _ in doc.find("a") if attrs.get("href", "").startswith("/articles/")}
    assert related == {"/articles/summit/", "/articles/undated/"}


def test_pages_carry_no_search_markup_and_the_search_documents_do(tmp_path):
    """The indexer reads a document per article; the published pages hold nothing of it."""
    from site_builder.render.renderer import Renderer
    from site_builder.search.documents import write_documents
    files = render(tmp_path)
    for path, data in files.items():
        if path.endswith(".html"):
            assert b"data-pagefind" not in data and b"search-variants" not in data, path
    graph = make_graph()
    r = Renderer(graph, SiteConfig(root=tmp_path))
    folder = write_documents(graph, r.labels, r.search_names, "ar", tmp_path / "work")
    assert sorted(p.parent.name for p in folder.glob("articles/*/index.html")) == sorted(graph.order)
    doc = Page((folder / "articles" / "visit" / "index.html").read_bytes())
    body = doc.find(None, data_pagefind_body=True)[0]
    assert "data-pagefind-sort" not in body[1]  # the fragments' names give the date order
    assert (folder / "order.tsv").read_text().splitlines()[0].split("\t") == [
        f"articles/{graph.order[0]}/index.html", graph.articles[graph.order[0]].meta.date.isoformat()]
    assert "الكيانات في هذا المقال" not in body[2] and "مقالات ذات صلة" not in body[2]
    assert "فلاديمير بوتين" in body[2]
    filters = pagefind_filters(doc)
    assert {"المصدر:الجزيرة", "شخص:فلاديمير بوتين", "مكان:روسيا", "منظمة:الكرملين", "السنة:2015",
            "الشهر:2015-07"} <= filters
    metas = {attrs["data-pagefind-meta"]: attrs["content"] for _, attrs, _ in doc.find("meta", data_pagefind_meta=True)}
    assert metas["date[content]"] == "2015-07-21" and metas["title[content]"]


def test_hostile_titles_are_escaped_everywhere(tmp_path):
    files = render(tmp_path)
    for path, data in files.items():
        if path.endswith((".xz", ".gz")):
            continue  # data, not markup: below, the title is kept there as written
        text = data.decode("utf-8")
        assert '<script>alert("x")' not in text, path
    db = open_archive(files["data/archive.sqlite.xz"])
    assert db.execute("SELECT title FROM articles WHERE slug = 'summit'").fetchone() == (HOSTILE,)
    article = files["articles/summit/index.html"].decode()
    assert "&lt;script&gt;" in article
    json_ld = Page(files["articles/summit/index.html"]).texts("script", type="application/ld+json")[0]
    assert "\\u003cscript" in json_ld and json.loads(json_ld)["headline"] == HOSTILE


def _entity_links_on(doc: Page) -> set[str]:
    return {attrs["href"].split("/")[2] for _, attrs, _ in doc.find("a", class_=True)
            if attrs["class"] in ("person", "place", "organization", "misc")}


def test_entity_page_quotes_each_article_with_the_mention_marked(tmp_path):
    files = render(tmp_path)
    doc = page(files, "entities/putin/index.html")
    assert doc.texts("h1") == ["فلاديمير بوتين"]
    facts = dict(zip(doc.texts("dt"), doc.texts("dd")))
    assert doc.texts("span", class_="type-badge type-person") == ["شخص"] and "النوع" not in facts  # said once
    assert facts["أسماء أخرى"] == "بوتين" and facts["عدد الإشارات"] == "٢"
    assert facts["أول ظهور"] == "٢١ يوليو ٢٠١٥"
    assert "آخر ظهور" not in facts  # the same day
    assert doc.texts("mark") == ["فلاديمير بوتين"]
    assert doc.find("a", href="/articles/visit/")
    assert _entity_links_on(doc) == set()  # one article: its own page lists the names beside it


def test_entity_page_lists_the_entities_it_shares_two_articles_with(tmp_path):
    graph = make_graph()
    stats = graph.entity_stats["russia"]
    graph.entity_stats["russia"] = EntityStats(stats.mentions, stats.articles, stats.quotes, stats.first_seen,
                                               stats.last_seen, (("nato", 2), ("putin", 2), ("kremlin", 1)))
    russia = page(render(tmp_path, graph=graph), "entities/russia/index.html")
    assert "كيانات تظهر معه" in russia.texts("h2")
    assert _entity_links_on(russia) == {"nato", "putin"}  # a single shared article is that article's list


def test_entity_page_quotes_a_few_words_around_the_mention(tmp_path):
    words = " ".join(f"كلمة{n}" for n in range(30))
    graph = make_graph()
    stats = graph.entity_stats["putin"]
    sentence = f"{words} فلاديمير بوتين {words}."
    quote = Quote("visit", sentence, len(words) + 1, len(words) + 1 + len("فلاديمير بوتين"))
    graph.entity_stats["putin"] = EntityStats(stats.mentions, stats.articles, (quote,), stats.first_seen,
                                              stats.last_seen, stats.cooccurring)
    doc = page(render(tmp_path, graph=graph), "entities/putin/index.html")
    [text] = doc.texts("blockquote")
    assert text == "…كلمة24 كلمة25 كلمة26 كلمة27 كلمة28 كلمة29 فلاديمير بوتين كلمة0 كلمة1 كلمة2 كلمة3 كلمة4 كلمة5…"
    assert doc.texts("mark") == ["فلاديمير بوتين"]


def test_long_entity_pages_are_paginated(tmp_path):
    files = render(tmp_path, graph=make_graph(extra=ENTITY_PAGE_SIZE + 5))
    first, second = page(files, "entities/putin/index.html"), page(files, "entities/putin/page/2/index.html")
    assert len(first.find("blockquote")) == ENTITY_PAGE_SIZE and len(second.find("blockquote")) == 6
    assert first.find("a", rel="next", href="/entities/putin/page/2/")
    assert second.find("a", rel="prev", href="/entities/putin/")
    assert "entities/putin/page/3/index.html" not in files


def test_home_is_paginated_newest_first_with_word_labels(tmp_path):
    files = render(tmp_path, per_page=2, graph=make_graph(extra=1))
    first, second = page(files, "index.html"), page(files, "page/2/index.html")
    assert [a[1]["href"] for a in first.find("a") if a[1].get("href", "").startswith("/articles/")][:2] == \
        ["/articles/visit/", "/articles/summit/"]
    older = first.find("a", rel="next")[0]
    assert older[1]["href"] == "/page/2/" and "الأقدم" in older[2]
    newer = second.find("a", rel="prev")[0]
    assert newer[1]["href"] == "/" and "الأحدث" in newer[2]
    assert first.find("link", rel="next", href="/page/2/")
    assert first.find("a", href="/sources/") and first.find("a", href="/archive/")


def test_only_the_home_pages_quote_the_opening_of_each_article(tmp_path):
    files = render(tmp_path)
    day = next(path for path in files if path.startswith("archive/2015/07/") and path.count("/") == 4)
    home, listing = page(files, "index.html"), page(files, day)
    assert home.texts("p", class_="card-excerpt")[0].startswith("وصل الضيف إلى روسيا")
    assert listing.find("a", href="/articles/visit/") and listing.find("a", href="/sources/الجزيرة/")
    assert not listing.find("p", class_="card-excerpt")


def test_archive_and_entities_indexes(tmp_path):
    files = render(tmp_path)
    archive = page(files, "archive/index.html")
    assert "يوليو ٢٠١٥" in archive.texts("a") and "يونيو ٢٠١٥" in archive.texts("a")
    entities = page(files, "entities/index.html")
    assert entities.texts("h2") == ["أشخاص", "أماكن", "منظمات"]
    row = files["entities/index.html"].decode().split('href="/entities/putin/"')[1].split("</tr>")[0]
    assert row.endswith("</th><td>٢</td><td>١</td>")  # mentions, articles
    month = page(files, "archive/2015/07/index.html")
    assert month.texts("h1") == ["يوليو ٢٠١٥"]


def test_sub_path_links_stay_under_the_base_path(tmp_path):
    files = render(tmp_path, base_url="https://user.github.io/archive/")
    for path in ("404.html", "index.html", "articles/visit/index.html", "entities/putin/index.html",
                 "search/index.html"):
        for ref in page(files, path).hrefs():
            assert ref.startswith(("/archive/", "https://", "#")), (path, ref)
    search = page(files, "search/index.html")
    assert search.find("div", id="search", data_bundle="/archive/pagefind/")
    assert search.find("noscript")
    assert not Page(files["404.html"]).find("link", rel="canonical")


def test_feed_and_sitemap_are_well_formed_with_absolute_urls(tmp_path):
    files = render(tmp_path, base_url="https://user.github.io/archive/",
                   graph=make_graph(extra=60))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(files["feed.xml"])
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 50
    assert entries[0].find(f"{atom}id").text == "https://user.github.io/archive/articles/visit/"
    assert feed.find(f"{atom}updated").text == "2015-07-21T00:00:00Z"
    sitemap = ET.fromstring(files["sitemap.xml"])
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://user.github.io/archive/") for loc in locs)
    assert "https://user.github.io/archive/articles/summit/" in locs


def test_data_files_list_entities_and_articles(tmp_path):
    files = render(tmp_path)
    db = open_archive(files["data/archive.sqlite.xz"])
    assert [slug for slug, in db.execute("SELECT slug FROM entities ORDER BY id")] == sorted(ENTITIES)
    putin = db.execute("SELECT id, slug, name, type, mentions FROM entities WHERE slug = 'putin'").fetchone()
    assert putin[1:] == ("putin", "فلاديمير بوتين", "person", 2)
    assert db.execute("SELECT alias FROM aliases WHERE entity = ?", putin[:1]).fetchall() == [("بوتين",)]
    assert db.execute("SELECT DISTINCT a.slug FROM mentions m JOIN articles a ON a.id = m.article "
                      "WHERE m.entity = ?", putin[:1]).fetchall() == [("visit",)]
    visit = db.execute("SELECT id, date FROM articles WHERE slug = 'visit'").fetchone()
    named = db.execute("SELECT DISTINCT e.slug FROM mentions m JOIN entities e ON e.id = m.entity "
                       "WHERE m.article = ? ORDER BY e.slug", visit[:1]).fetchall()
    assert visit[1] == "2015-07-21" and [slug for slug, in named] == ["kremlin", "putin", "russia"]
    assert db.execute("SELECT date FROM articles WHERE slug = 'undated'").fetchone() == (None,)
    with_csv = render(tmp_path, data=DataConfig(csv=True))
    assert "فلاديمير".encode() in gzip.decompress(with_csv["data/entities.csv.gz"])  # UTF-8 as it is


def test_same_graph_gives_identical_bytes(tmp_path):
    assert render(tmp_path) == render(tmp_path)


def test_dates_and_numbers_do_not_depend_on_the_locale():
    style = dates.DateStyle()
    assert style.date(dt.date(2015, 7, 21)) == "٢١ يوليو ٢٠١٥"
    assert style.month("2015-12") == "ديسمبر ٢٠١٥"
    assert style.number(31000) == "٣١٬٠٠٠"
    assert style.date(None) == ""


def test_site_templates_override_and_extend_the_default_theme(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text(
        '{% extends "default:article.html" %}{% block title %}مخصص: {{ article.meta.title }}{% endblock %}',
        encoding="utf-8")
    doc = page(render(tmp_path), "articles/visit/index.html")
    assert doc.texts("title") == ["مخصص: بوتين يستقبل كيم في روسيا"]
    assert doc.find("a", class_="person")


def test_broken_template_names_file_and_line(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text('{% extends "default:article.html" %}\n\n{% block x %}',
                                                         encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(tmp_path)
    assert caught.value.path.endswith("article.html") and caught.value.line == 3


def test_undefined_variable_names_file_and_line(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "entity.html").write_text('{% extends "default:entity.html" %}\n'
                                                        '{% block main %}\n{{ no_such_thing }}\n{% endblock %}',
                                                        encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(tmp_path)
    assert caught.value.path.endswith("entity.html") and caught.value.line == 3
    assert "no_such_thing" in caught.value.message


def test_environment_autoescapes_and_is_strict(tmp_path):
    env = make_environment(SiteConfig(root=tmp_path, base_url="https://example.org/sub/"))
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.from_string("{{ 'articles/أ/'|url }}").render() == "/sub/articles/أ/"
    with pytest.raises(Exception):
        env.from_string("{{ missing }}").render()


def test_static_files_let_the_site_override_the_theme(tmp_path):
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "static" / "extra.txt").write_text("x", encoding="utf-8")
    files = dict(static_files(SiteConfig(root=tmp_path)))
    assert files["css/site.css"] == tmp_path.resolve() / "static" / "css" / "site.css"
    assert files["extra.txt"].read_text() == "x"
    assert files["fonts/noto-naskh-arabic-regular.woff2"].is_file()
    assert "js/site.js" in files and "fonts/OFL.txt" in files
    theme_root = default_static_dir().parent
    same = static_files(SiteConfig(root=theme_root, static=default_static_dir().name))
    assert len(same) == len({rel for rel, _ in same})
    assert (default_template_dir() / "base.html").is_file()


def test_missing_template_is_a_template_error(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text('{% extends "base.html" %}\n{% include "nowhere.html" %}',
                                                     encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(tmp_path)
    assert "nowhere.html" in caught.value.message and caught.value.path.endswith("404.html")


def test_huge_sitemaps_become_an_index(tmp_path, monkeypatch):
    from site_builder.render import feeds
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 5)
    files = render(tmp_path, base_url="https://user.github.io/archive/")
    index = ET.fromstring(files["sitemap.xml"])
    parts = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert index.tag.endswith("sitemapindex") and parts[0] == "https://user.github.io/archive/sitemap-1.xml"
    for number in range(1, len(parts) + 1):
        assert len(ET.fromstring(files[f"sitemap-{number}.xml"])) <= 5
