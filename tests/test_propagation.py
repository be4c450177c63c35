"""A full name the archive agrees on is found in every article, announced or not."""

from __future__ import annotations

from conftest import build_site
from site_builder import analyse
from site_builder.ner.recogniser import Recogniser
from site_builder.model import ArticleMeta, SourceDoc
from site_builder.link.propagation import propagate

ANNOUNCED = "قال الرئيس زوران ميلانوفيتش إن البلاد بخير."
PLAIN = "وصل زوران ميلانوفيتش إلى المدينة أمس."


def articles(*texts: str):
    recogniser = Recogniser()
    out = []
    for n, text in enumerate(texts):
        doc = SourceDoc(path=f"content/a{n}.md", slug=f"a{n}", meta=ArticleMeta(title=f"خبر {n}"), body=text,
                        fmt="md", body_line=1, digest=str(n))
        out.append(analyse.analyse(doc, recogniser))
    return out


def names(article) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in article.mentions]


def test_a_name_two_articles_announce_is_found_where_nothing_announces_it():
    before = articles(ANNOUNCED, ANNOUNCED, PLAIN)
    assert names(before[2]) == []  # the rules alone see no clue in the third article
    after = propagate(before)
    assert names(after[2]) == [("زوران ميلانوفيتش", "person")]
    assert after[0] is before[0] and after[1] is before[1]  # unchanged articles are the same objects


def test_a_name_one_article_marked_is_not_spread():
    assert names(propagate(articles(ANNOUNCED, PLAIN))[1]) == []


def test_a_phrase_most_articles_use_unmarked_is_not_spread():
    assert names(propagate(articles(ANNOUNCED, ANNOUNCED, *[PLAIN] * 12))[5]) == []


def test_prefixes_stay_outside_and_punctuation_splits():
    after = propagate(articles(ANNOUNCED, ANNOUNCED, "ثم التقى الوفد بزوران ميلانوفيتش.", "زوران. ميلانوفيتش"))
    assert names(after[2]) == [("زوران ميلانوفيتش", "person")]
    assert names(after[3]) == []


def test_the_entity_page_lists_the_article_that_never_announced_the_name(make_site):
    root = make_site({f"content/a{n}.md": f"---\ntitle: خبر {n}\n---\n{text}\n"
                      for n, text in enumerate([ANNOUNCED, ANNOUNCED, PLAIN])})
    build_site(root)
    page = (root / "_site" / "entities" / "زوران-ميلانوفيتش" / "index.html").read_text(encoding="utf-8")
    assert all(f"/articles/a{n}/" in page for n in range(3))
    linked = (root / "_site" / "articles" / "a2" / "index.html").read_text(encoding="utf-8")
    assert 'class="person" href="/entities/زوران-ميلانوفيتش/"' in linked
