"""A site extends the default theme without copying it: extra files, labels, blocks, per-type templates."""

from __future__ import annotations

import pytest

from conftest import build_site
from test_build import ARTICLE
from test_render import Page, make_graph, page, render

from site_builder.errors import TemplateError


def _site_template(tmp_path, name: str, text: str) -> None:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / name).write_text(text, encoding="utf-8")


def test_extra_css_and_js_load_after_the_theme_and_are_published(make_site):
    root = make_site({"content/a.md": ARTICLE, "static/css/extra.css": ".card{}",
                      "static/js/extra.js": "void 0;"},
                     'extra_css = ["css/extra.css"]\nextra_js = ["js/extra.js"]\n')
    output = build_site(root, base_url="https://user.github.io/archive/").output
    assert (output / "css" / "extra.css").read_text() == ".card{}"
    assert (output / "js" / "extra.js").read_text() == "void 0;"
    for rel in ("index.html", "articles/a/index.html", "search/index.html", "404.html"):
        html = (output / rel).read_text(encoding="utf-8")
        doc = Page(html.encode())
        sheets = [attrs["href"] for _, attrs, _ in doc.find("link", rel="stylesheet")]
        assert sheets[0] == "/archive/css/site.css" and sheets[-1] == "/archive/css/extra.css", rel
        scripts = [attrs["src"] for _, attrs, _ in doc.find("script") if "src" in attrs]
        assert scripts[-1] == "/archive/js/extra.js" and doc.find("script", src="/archive/js/extra.js", defer=True)
        assert html.index('src="/archive/js/extra.js"') > html.index("</main>"), rel
        # same origin: allowed (styles fall under default-src)
        assert "default-src 'self'; " in html and "style-src" not in html and "script-src 'self' " in html, rel


def test_without_extra_files_the_theme_links_only_its_own(tmp_path):
    doc = page(render(tmp_path), "index.html")
    assert [attrs["href"] for _, attrs, _ in doc.find("link", rel="stylesheet")] == ["/css/site.css"]
    assert not [e for e in doc.find("script") if "src" in e[1]]


def test_entity_pages_use_a_template_for_their_type_when_the_site_has_one(tmp_path):
    _site_template(tmp_path, "entity-person.html", (
        '{% extends "entity.html" %}{% block body_class %}page page-entity page-person{% endblock %}'))
    files = render(tmp_path)
    assert page(files, "entities/putin/index.html").find("body", class_="page page-entity page-person")
    for path in ("entities/russia/index.html", "entities/kremlin/index.html", "entities/nato/index.html"):
        assert Page(files[path]).find("body", class_="page page-entity"), path


def test_one_labels_file_changes_the_wording_of_every_page_and_the_filters(tmp_path):
    _site_template(tmp_path, "labels.toml", 'home = "البداية"\n\n[types]\nperson = "فرد"\n')
    files = render(tmp_path)
    for path, data in files.items():
        if path.endswith(".html"):
            nav = Page(data).texts("nav", class_="site-nav")[0]
            assert "البداية" in nav and "الرئيسية" not in nav and "المصادر" in nav, path
    article = page(files, "articles/visit/index.html")
    assert set(article.texts("li", class_="person")) == {"فرد"}
    assert set(article.texts("li", class_="place")) == {"مكان"}
    from site_builder.config import SiteConfig
    from site_builder.render.renderer import Renderer
    from site_builder.search.documents import filters as search_filters
    graph = make_graph()
    filters = search_filters(graph.articles["visit"], graph, Renderer(graph, SiteConfig(root=tmp_path)).labels)
    assert ("فرد", "فلاديمير بوتين") in filters and ("نوع الكيان", "فرد") in filters
    entity = page(files, "entities/putin/index.html")
    assert "(فرد)" in entity.find("meta", name="description")[0][1]["content"]


@pytest.mark.parametrize("text, message", [
    ('hom = "x"\n', "unknown label 'hom'"), ('[types]\npersn = "x"\n', "unknown label 'types.persn'"),
    ("home = 1\n", "label 'home' must be a string"), ('home = "x\n', "invalid labels")])
def test_a_mistake_in_the_labels_names_the_file(tmp_path, text, message):
    _site_template(tmp_path, "labels.toml", text)
    with pytest.raises(TemplateError) as caught:
        render(tmp_path)
    assert caught.value.path.endswith("labels.toml") and message in caught.value.message


def test_one_entity_link_template_serves_bodies_and_lists(tmp_path):
    _site_template(tmp_path, "_entity_link.html", (
        '<a class="name" data-kind="{{ entity.type }}" href="{{ urls.entity(entity.id)|url }}">{{ text }}</a>\n'))
    files = render(tmp_path)
    visit = files["articles/visit/index.html"].decode()
    body, aside = visit.split('<div class="article-body">')[1].split('<aside', 1)
    assert '<a class="name" data-kind="person" href="/entities/putin/">فلاديمير بوتين</a>' in body
    assert 'ال<a class="name" data-kind="organization" href="/entities/kremlin/">كرملين</a>' in body
    assert '<a class="name" data-kind="person" href="/entities/putin/">فلاديمير بوتين</a>' in aside
    assert 'class="entity ' not in body and 'class="entity ' not in aside
    summit = files["articles/summit/index.html"].decode()
    assert '<bdi><a class="name" data-kind="organization" href="/entities/nato/">NATO</a></bdi>' in summit
    assert '<a class="name" data-kind="person" href="/entities/putin/">فلاديمير بوتين</a>' in \
        files["entities/index.html"].decode()


def test_a_mistake_in_the_entity_link_template_names_its_line(tmp_path):
    _site_template(tmp_path, "_entity_link.html", '<a href="{{ urls.entity(entity.id)|url }}">\n{{ entity.nope }}</a>')
    with pytest.raises(TemplateError) as caught:
        render(tmp_path)
    assert caught.value.path.endswith("_entity_link.html") and caught.value.line == 2


@pytest.mark.parametrize("language, direction, locale", [
    ("ar", "rtl", "ar_AR"), ("fa", "rtl", "fa_IR"), ("he", "rtl", "he_IL"), ("ur", "rtl", "ur_PK"),
    ("ar-EG", "rtl", "ar_EG"), ("en", "ltr", None), ("en-GB", "ltr", "en_GB")])
def test_direction_and_locale_follow_the_language(tmp_path, language, direction, locale):
    files = render(tmp_path, language=language)
    for path in ("index.html", "articles/visit/index.html", "404.html"):
        html = Page(files[path]).find("html")[0][1]
        assert html["lang"] == language and html["dir"] == direction, path
    found = [attrs["content"] for _, attrs, _ in page(files, "articles/visit/index.html").find(
        "meta", property="og:locale")]
    assert found == ([locale] if locale else [])


def test_navigation_is_a_block_a_site_extends(tmp_path):
    _site_template(tmp_path, "base.html", (
        '{% extends "default:base.html" %}\n{% block nav %}\n<nav class="site-nav" aria-label="{{ labels.sections }}">'
        '<ul>{% for key, address, label in nav_items + [("about", "about/", "من نحن")] %}'
        '<li><a href="{{ address|url }}">{{ label }}</a></li>{% endfor %}</ul></nav>\n{% endblock %}\n'))
    for path, data in render(tmp_path).items():
        if path.endswith(".html"):
            doc = Page(data)
            assert doc.texts("nav", class_="site-nav")[0].endswith("من نحن"), path
            assert doc.find("a", href="/about/") and doc.find("a", href="/sources/"), path
