"""Copies of one wire story printed by several papers are shown once, with links to the others."""

from __future__ import annotations

import datetime as dt
import re

from conftest import build_site
from site_builder.link.sources import name_sources
from site_builder.link.syndication import collapse, find_copies, jaccard
from site_builder.model import Article, ArticleMeta
from site_builder.text.shingles import shingles, signature

WIRE = [
    "استقبل صاحب السمو الملكي الأمير فيصل بن بندر بن عبدالعزيز أمير منطقة الرياض في مكتبه بقصر الحكم "
    "اليوم سفير جمهورية باكستان الإسلامية لدى المملكة منظور الحق، وجرى خلال الاستقبال تبادل الأحاديث "
    "الودية واستعراض العلاقات الثنائية بين البلدين الشقيقين.",
    "ورحب أمير منطقة الرياض بالسفير الباكستاني، مؤكدًا عمق الروابط التاريخية التي تجمع المملكة وباكستان "
    "في المجالات السياسية والاقتصادية والثقافية، وما تحظى به من رعاية واهتمام من القيادة في البلدين.",
    "من جانبه عبّر السفير عن شكره وتقديره لسمو أمير المنطقة على حفاوة الاستقبال، مشيدًا بما تشهده منطقة "
    "الرياض من نهضة تنموية شاملة في مختلف القطاعات، وبما تقدمه المملكة من دعم للعمل الإسلامي المشترك.",
    "حضر الاستقبال عدد من المسؤولين في إمارة المنطقة وأعضاء السفارة الباكستانية في الرياض.",
]
EXTRA = ("وتأتي الزيارة ضمن سلسلة لقاءات يعقدها السفير مع أمراء المناطق للتعريف بالجالية الباكستانية "
         "المقيمة في المملكة وبحث سبل خدمتها.")
OTHER_STORY = [  # the same people and places, another event
    "رعى صاحب السمو الملكي الأمير فيصل بن بندر بن عبدالعزيز أمير منطقة الرياض مساء أمس حفل سفارة جمهورية "
    "باكستان الإسلامية بمناسبة اليوم الوطني لبلادها، بحضور السفير منظور الحق وعدد من أبناء الجالية.",
    "وتجول سموه في المعرض المصاحب للحفل الذي ضم صورًا توثق مسيرة العلاقات بين المملكة وباكستان منذ "
    "تأسيسها، واستمع إلى شرح عن الأعمال الحرفية الباكستانية.",
    "وفي ختام الحفل قدّم السفير لسموه هدية تذكارية، وألقى كلمة أشاد فيها بدور الجالية في التنمية التي "
    "تعيشها الرياض.",
]


def _md(title: str, date: str, source: str, paragraphs: list[str], dateline: str = "الرياض") -> str:
    body = "\n\n".join(paragraphs)
    return f"---\ntitle: {title}\ndate: {date}\nsource: {source}\ndateline: {dateline}\n---\n{body}\n"


def _copies():
    """The wire story as four papers printed it, and another story about the same people."""
    datelined = ["الرياض - واس", WIRE[0].replace("اليوم", "أمس")] + WIRE[1:]
    return {
        "content/was-1.md": _md("سمو أمير منطقة الرياض يستقبل سفير باكستان", "2015-08-03", "was", WIRE),
        "content/okaz-1.md": _md("أمير الرياض يستقبل السفير الباكستاني", "2015-08-03", "okaz", WIRE),
        "content/madina-1.md": _md("فيصل بن بندر يستقبل سفير باكستان", "2015-08-04", "almadina", WIRE + [EXTRA]),
        "content/watan-1.md": _md("أمير الرياض والسفير الباكستاني", "2015-08-04", "alwatan", datelined,
                                  dateline="جدة"),
        "content/okaz-2.md": _md("أمير الرياض يرعى حفل اليوم الوطني الباكستاني", "2015-08-04", "okaz",
                                 OTHER_STORY),
    }


def _article(slug: str, text: str, source: str = "okaz", date: dt.date = dt.date(2015, 8, 3)) -> Article:
    return Article(slug, ArticleMeta(title=slug, date=date, source=source), "", text, (), slug, slug,
                   signature=signature(text))


def test_copies_and_near_copies_are_one_group_and_another_story_is_not():
    text = "\n".join(WIRE)
    articles = [
        _article("b-extra", text + "\n" + EXTRA, "almadina", dt.date(2015, 8, 4)),
        _article("c-same", text, "okaz"),
        _article("a-other", "\n".join(OTHER_STORY), "okaz"),
        _article("d-first", text, "was"),
        _article("e-short", "خادم الحرمين نائب خادم الحرمين"),
    ]
    sources = name_sources((a.meta.source for a in articles), {})
    found = find_copies(articles, sources)
    # first printed first: the day, then the source's id ("okaz" before "was")
    assert found.groups == {"c-same": ("c-same", "d-first", "b-extra")}
    assert found.copies("b-extra") == ("c-same", "d-first")
    assert found.copies("a-other") == ()
    assert find_copies(articles[::-1], sources) == found  # the order articles are read in does not matter
    assert jaccard(shingles(text), shingles("\n".join(OTHER_STORY))) < 0.1


def test_signature_depends_only_on_the_text_and_its_spelling_folds():
    text = "\n".join(WIRE)
    assert signature(text) == signature(text.replace("ى", "ي").replace("أ", "ا"))
    assert len(signature(text)) == 128 * 4
    assert signature("نص قصير جدا") == b""  # too few words to tell a copy from another story


def test_a_list_shows_each_story_once_where_its_first_copy_stands():
    found = find_copies([_article(s, "\n".join(WIRE), src) for s, src in (("x", "was"), ("y", "okaz"))],
                        name_sources(["was", "okaz"], {}))
    assert collapse(["n", "x", "m", "y"], found) == [("n", ()), ("m", ()), ("y", ("x",))]


def test_built_site_links_the_copies_and_lists_the_story_once(make_site):
    root = make_site(_copies())
    result = build_site(root)
    assert not result.errors
    out = result.output

    def page(path):
        return (out / path / "index.html").read_text(encoding="utf-8")

    also = re.compile(r'<p class="also"[^>]*>ونشرته أيضًا: (.*?)</p>')
    first = also.search(page("articles/okaz-1")).group(1)
    # every other paper once (the agency and both near-copies), earliest first
    assert re.findall(r'href="[^"]*articles/([^/"]+)/">([^<]+)</a>', first) == [
        ("was-1", "واس"), ("madina-1", "المدينة"), ("watan-1", "الوطن")]
    assert "ونشرته أيضًا" not in page("articles/okaz-2")
    entity = next(p for p in (out / "entities").glob("*/index.html") if "فيصل" in p.parent.name)
    html = entity.read_text(encoding="utf-8")
    items = re.findall(r'<li><a href="[^"]*articles/([^/"]+)/"', html)
    assert items == ["okaz-2", "okaz-1"]  # the story once, by its first printed copy; the other story apart
    assert len(also.findall(html)) == 1


def test_related_articles_name_a_story_once_and_never_its_own_copies(make_site):
    files = _copies()
    files["content/okaz-3.md"] = _md("أمير الرياض يستقبل سفير باكستان مجددًا", "2015-08-05", "okaz",
                                     ["التقى أمير منطقة الرياض الأمير فيصل بن بندر بن عبدالعزيز سفير باكستان."])
    out = build_site(make_site(files)).output
    aside = (out / "articles" / "okaz-1" / "index.html").read_text(encoding="utf-8").split('id="related-articles"')[1]
    related = re.findall(r'href="[^"]*articles/([^/"]+)/"', aside.split("</section>")[0])
    assert not {"was-1", "madina-1", "watan-1"} & set(related)  # its own copies are linked above
    assert related[:1] and len(related) == len(set(related))
    other = (out / "articles" / "okaz-3" / "index.html").read_text(encoding="utf-8").split('id="related-articles"')[1]
    linked = re.findall(r'href="[^"]*articles/([^/"]+)/"', other.split("</section>")[0])
    assert len({"okaz-1", "was-1", "madina-1", "watan-1"} & set(linked)) == 1  # the story once


def test_a_new_copy_updates_the_pages_that_show_its_story(make_site):
    files = _copies()
    root = make_site(files)
    build_site(root)
    (root / "content" / "riyadh-1.md").write_text(
        _md("أمير الرياض يستقبل سفير باكستان", "2015-08-05", "alriyadh", WIRE), encoding="utf-8")
    again = build_site(root)
    changed = set(again.changed)
    for slug in ("okaz-1", "was-1", "madina-1", "watan-1"):  # each now names the new copy's paper
        assert f"articles/{slug}/index.html" in changed, slug
        assert "الرياض" in re.search(r'class="also"[^>]*>(.*?)</p>', (again.output / "articles" / slug /
                                     "index.html").read_text(encoding="utf-8")).group(1)
    assert "data/archive.sqlite.xz" in changed
    assert "sources/okaz/index.html" not in changed  # a list shows every copy: nothing new there
