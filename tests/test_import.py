"""The SaudiNewsNet importer on small hand-written fixtures (and one real file if present)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import zipfile
from pathlib import Path

import markdown
import pytest
import yaml

from site_builder.errors import ContentError
from site_builder.importers import ImportReport, import_saudinewsnet
from site_builder.importers.saudinewsnet import escape_paragraph

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "saudinewsnet"


def article(url: str, title: str, content: str, **extra) -> dict:
    return {"source": "sabq", "url": url, "date_extracted": "2015-07-21 02:51:32",
            "title": title, "author": "", "content": content} | extra


ARTICLES = [
    article("http://sabq.org/a1", "أمير الرياض يفتتح مشروعا جديدا",
            "افتتح أمير منطقة الرياض اليوم مشروعا جديدا.\nوقال في كلمته إن المشروع مهم.",
            author="الرياض: سبق"),
    article("http://sabq.org/a2", "",
            "ارتفعت أسعار النفط في الأسواق العالمية صباح اليوم بعد قرار أوبك الأخير بخفض الإنتاج"),
    article("http://sabq.org/a3", "<script>alert(1)</script>",
            "# ليس عنوانا\n1. ليس قائمة\n> ليس اقتباسا\nنص فيه <b>وسم</b> و[رابط](javascript:x)",
            source="okaz", date_extracted="2015-08-01 10:00:00"),
    # Same URL again, then the first article's text under another URL.
    article("http://sabq.org/a1", "عنوان آخر", "نص آخر"),
    article("http://sabq.org/a1-copy", "أمير الرياض يفتتح مشروعا جديدا",
            "افتتح أمير منطقة الرياض اليوم  مشروعا جديدا.\n\nوقال في كلمته إن المشروع مهم."),
]


def write_zip(path: Path, articles: list, name: str = "2015-07-21.json") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, json.dumps(articles, ensure_ascii=False, indent=4))
    return path


def read_md(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def stable_path(into: Path, source: str, month: str, url: str) -> Path:
    digest = hashlib.sha1(url.encode()).hexdigest()[:12]
    return into / "saudinewsnet" / source / month / f"{source}-{digest}.md"


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, ImportReport]:
    into = tmp_path / "content"
    report = import_saudinewsnet([write_zip(tmp_path / "day.zip", ARTICLES)], into)
    return into, report


def test_report_counts(imported):
    _, report = imported
    assert (report.written, report.unchanged, report.duplicates) == (3, 0, 2)
    assert report.skipped == [] and report.untitled == 1 and report.empty == 0


def test_layout_and_front_matter_round_trip(imported):
    into, _ = imported
    files = sorted(p.relative_to(into).as_posix() for p in into.rglob("*.md"))
    assert len(files) == 3 and all(f.isascii() for f in files)
    meta, body = read_md(stable_path(into, "sabq", "2015-07", "http://sabq.org/a1"))
    assert meta == {"title": "أمير الرياض يفتتح مشروعا جديدا", "date": dt.date(2015, 7, 21),
                    "source": "sabq", "dateline": "الرياض", "author": "", "url": "http://sabq.org/a1",
                    "date_extracted": dt.datetime(2015, 7, 21, 2, 51, 32)}
    assert body == ("\nافتتح أمير منطقة الرياض اليوم مشروعا جديدا.\n\n"
                    "وقال في كلمته إن المشروع مهم.\n")


def test_empty_title_is_taken_from_the_text(imported):
    into, _ = imported
    meta, _ = read_md(stable_path(into, "sabq", "2015-07", "http://sabq.org/a2"))
    assert meta["title"] == "ارتفعت أسعار النفط في الأسواق العالمية صباح اليوم بعد قرار أوبك الأخير…"


def test_hostile_text_stays_text(imported):
    into, _ = imported
    meta, body = read_md(stable_path(into, "okaz", "2015-08", "http://sabq.org/a3"))
    assert meta["title"] == "<script>alert(1)</script>"
    rendered = markdown.markdown(body)
    assert "<h1>" not in rendered and "<ol>" not in rendered and "<blockquote>" not in rendered
    assert "<b>" not in rendered and "<a " not in rendered
    assert "<p># ليس عنوانا</p>" in rendered and "<p>1. ليس قائمة</p>" in rendered
    assert "&lt;b&gt;وسم&lt;/b&gt;" in rendered


@pytest.mark.parametrize("text", [
    "# a", "## a", "> a", "- a", "+ a", "* a", "1. a", "12) a", "~~~", "```x```",
    "a <b>c</b> & d", "[a](b)", "**a** _b_", "a\\b", "---", "***",
])
def test_escaped_paragraph_renders_as_itself(text):
    rendered = markdown.markdown(escape_paragraph(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    assert "<" not in rendered[3:-4]
    assert html.unescape(rendered[3:-4]) == text


def test_reimport_is_idempotent(imported, tmp_path):
    into, _ = imported
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in into.rglob("*.md")}
    again = import_saudinewsnet([tmp_path / "day.zip"], into)
    assert (again.written, again.unchanged, again.duplicates) == (0, 3, 2)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in into.rglob("*.md")} == before


def test_same_url_on_another_day_is_not_a_second_file(imported, tmp_path):
    into, _ = imported
    later = [article("http://sabq.org/a1", "x", "y", date_extracted="2015-09-02 00:00:00")]
    report = import_saudinewsnet([write_zip(tmp_path / "later.zip", later)], into)
    assert (report.written, report.duplicates) == (0, 1)
    assert len(list(into.rglob("*.md"))) == 3


def test_json_files_are_read_too(tmp_path):
    source = tmp_path / "day.json"
    source.write_text(json.dumps(ARTICLES[:1], ensure_ascii=False), encoding="utf-8")
    report = import_saudinewsnet([source], tmp_path / "out")
    assert report.written == 1


def test_bad_articles_are_skipped_with_file_and_line(tmp_path):
    bad = [ARTICLES[0], {"source": "sabq", "url": "http://sabq.org/b"},
           article("http://sabq.org/c", "t", "x", date_extracted="yesterday"),
           article("http://sabq.org/d", "t", "   \n  "), "not an object"]
    report = import_saudinewsnet([write_zip(tmp_path / "bad.zip", bad)], tmp_path / "out")
    assert (report.written, report.empty) == (1, 1)
    messages = [str(e) for e in report.skipped]
    assert all(isinstance(e, ContentError) for e in report.skipped)
    where = tmp_path / "bad.zip"
    assert messages[0] == f"{where}:10: article lacks date_extracted, title, author, content"
    assert messages[1].startswith(f"{where}:14: bad date_extracted 'yesterday'")
    assert messages[2] == f"{where}:30: an article must be a JSON object"
    assert len(messages) == 3


def test_bad_files_are_reported_and_the_others_imported(tmp_path):
    good = write_zip(tmp_path / "good.zip", ARTICLES[:1])
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"source": "sabq",\n  "url": }\n]', encoding="utf-8")
    not_zip = tmp_path / "fake.zip"
    not_zip.write_bytes(b"not a zip")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    not_array = tmp_path / "object.json"
    not_array.write_text('{"a": 1}')
    report = import_saudinewsnet([broken, not_zip, other, good, not_array], tmp_path / "out")
    assert report.written == 1
    messages = [str(e) for e in report.skipped]
    assert messages[0].startswith(f"{broken}:3: invalid JSON: Expecting value")
    assert messages[1] == f"{not_zip}: not a valid zip archive"
    assert messages[2] == f"{other}: not a SaudiNewsNet file (expected .zip or .json)"
    assert messages[3] == f"{not_array}:1: expected a JSON array of articles"


def test_ids_are_unique_across_sources(tmp_path):
    same_url = [article("http://x.org/1", "a", "b"),
                article("http://x.org/2", "c", "d", source="okaz")]
    import_saudinewsnet([write_zip(tmp_path / "a.zip", same_url)], tmp_path / "out")
    stems = [p.stem for p in (tmp_path / "out").rglob("*.md")]
    assert len(stems) == len(set(stems)) == 2


def test_one_real_corpus_file(tmp_path):
    files = sorted(CORPUS.glob("*.zip"), key=lambda p: p.stat().st_size)
    if not files:
        pytest.skip(f"SaudiNewsNet shared corpus not found at {CORPUS}")
    with zipfile.ZipFile(files[0]) as archive:
        count = len(json.loads(archive.read(archive.namelist()[0])))
    report = import_saudinewsnet(files[:1], tmp_path)
    assert report.total == count and report.written > count * 0.9
    sample = next((tmp_path / "saudinewsnet").rglob("*.md"))
    meta, body = read_md(sample)
    assert meta["title"] and meta["url"].startswith("http") and body.strip()


# ---------------------------------------------------------------- page furniture and bylines

FURNITURE = [
    article("http://3alyoum.com/a", "معرض للكتاب",
            " Next Previous \u00a0\nعين اليوم – جدة\nافتتح المعرض أبوابه اليوم.\n"
            "وزار المعرض آلاف الزوار. سمات معرض الكتاب جدة ثقافة", source="3alyoum"),
    article("http://okaz.com/b", "مقال رأي",
            "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك بدأ الموسم الدراسي أمس.\n"
            "وسيستمر حتى الصيف.\nwriter@example.com\n"
            "للتواصل أرسل sms إلى 11111 الاتصالات، 22222 موبايلي، 33333 زين تبدأ بالرمز 7 مسافة ثم الرسالة",
            source="okaz", author="كاتب الرأي"),
    article("http://alweeam.com/c", "قرار جديد",
            "أعلنت الوزارة قرارا جديدا. رابط الخبر بصحيفة الوئام: قرار جديد", source="alweeam",
            author="الرياض - الوئام :"),
    article("http://spa.gov.sa/d", "اجتماع",
            "الطائف 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\nعقد المجلس اجتماعه.\n.\n// انتهى //\n20:26 ت م",
            source="was"),
    article("http://aawsat.com/e", "قمة", "عقدت القمة في موعدها.\n\n ...المزيد", source="aawsat",
            author="لندن: «الشرق الأوسط»"),
    article("http://sabq.org/f", "زيارة", "سالم المحرر- سبق- أبها: وصل الوفد إلى المدينة.",
            author="سالم المحرر- سبق- أبها:"),
]


def test_page_furniture_is_cut_and_counted(tmp_path):
    into = tmp_path / "content"
    report = import_saudinewsnet([write_zip(tmp_path / "day.zip", FURNITURE)], into)
    bodies = {p.stem.split("-")[0]: read_md(p) for p in into.rglob("*.md")}
    assert bodies["3alyoum"][1] == "\nافتتح المعرض أبوابه اليوم.\n\nوزار المعرض آلاف الزوار.\n"
    assert bodies["okaz"][1] == "\nبدأ الموسم الدراسي أمس.\n\nوسيستمر حتى الصيف.\n\nwriter@example.com\n"
    assert bodies["alweeam"][1] == "\nأعلنت الوزارة قرارا جديدا.\n"
    assert bodies["was"][1] == "\nعقد المجلس اجتماعه.\n"
    assert bodies["aawsat"][1] == "\nعقدت القمة في موعدها.\n"
    assert bodies["sabq"][1] == "\nوصل الوفد إلى المدينة.\n"
    assert report.removed == {"slideshow links": 1, "tag lists": 1, "share bars": 1, "SMS boxes": 1,
                              "article links": 1, "wire markers": 1, "empty paragraphs": 1,
                              "read-more links": 1, "bylines": 3}
    assert report.datelines == 5
    assert ("cut from the text of written articles: 3 bylines, 1 SMS boxes, 1 article links"
            in report.summary())
    assert report.summary().endswith("5 datelines taken from bylines")


def test_news_text_that_looks_like_furniture_is_kept(tmp_path):
    kept = [
        article("http://x.org/1", "سمات", "من سمات القائد الصبر والحكمة، كما قال الخبير سمات الناجحين"),
        article("http://3alyoum.com/2", "سمات", "قال الخبير إن سمات القائد الناجح هي الصبر، والحكمة، والعدل",
                source="3alyoum"),
        article("http://x.org/3", "عنوان", "وزار الوفد الرياض - جدة\nثم عاد."),
        article("http://x.org/4", "عنوان", "* * *\nنص بعد فاصل."),
        article("http://x.org/5", "عنوان", "عبدالله الزائر يلقي كلمة في الحفل", author="عبدالله"),
    ]
    into = tmp_path / "content"
    report = import_saudinewsnet([write_zip(tmp_path / "day.zip", kept)], into)
    assert report.removed == {} and report.written == 5
    assert "nothing" in report.summary()
    texts = sorted(read_md(p)[1] for p in into.rglob("*.md"))
    assert "\nوزار الوفد الرياض - جدة\n\nثم عاد.\n" in texts
    assert any("الصبر، والحكمة، والعدل" in t for t in texts)
    assert any(t.startswith("\n\\*") for t in texts)
    assert any(t.startswith("\nعبدالله الزائر") for t in texts)


@pytest.mark.parametrize("source, byline, dateline, author", [
    ("aawsat", "الرياض: سالم الكاتب", "الرياض", "سالم الكاتب"),
    ("aawsat", "لندن: «الشرق الأوسط»", "لندن", ""),
    ("aawsat", "لندن: «الشرق الأوسط أونلاين»", "لندن", ""),
    ("aawsat", "طبرق (شرق ليبيا): سالم المحرر", "طبرق (شرق ليبيا)", "سالم المحرر"),
    ("okaz", "سالم المحرر (هاتفيا - عدن)", "", "سالم المحرر (هاتفيا - عدن)"),
    ("aawsat", "إعداد وترجمة: سالم المحرر", "", "إعداد وترجمة: سالم المحرر"),
    ("sabq", "سالم المحرر- سبق- الرياض:", "الرياض", "سالم المحرر"),
    ("sabq", "سبق- وكالات:", "", "وكالات"),
    ("okaz", "عكاظ (جدة)", "جدة", ""),
    ("okaz", "&nbsp;سالم المحرر (عسير)", "عسير", "سالم المحرر"),
    ("aleqtisadiya", "«الاقتصادية» من الرياض", "الرياض", ""),
    ("aleqtisadiya", "لندن : (رويترز)", "لندن", "رويترز"),
    ("alyaum", "اليوم - الدمام", "الدمام", ""),
    ("alyaum", "واس - الرياض", "الرياض", "واس"),
    ("almadina", "سالم المحرر - بيشة", "بيشة", "سالم المحرر"),
    ("alriyadh", "الرياض - واس", "الرياض", "واس"),
    ("alriyadh", "دبي - الرياض", "دبي", ""),
    ("aljazirah", "الجزيرة - المحليات:", "", "المحليات"),
    ("aljazirah", "القاهرة - مكتب الجزيرة - سالم المحرر:", "القاهرة", "مكتب الجزيرة - سالم المحرر"),
    ("arriyadiyah", "مدريد - الرياضية | Tuesday, 11 August 2015 - 16:00 pm", "مدريد", ""),
    ("arriyadiyah", "Tuesday, 02 June 2015 - 21:42 pm", "", ""),
    ("alwatan", "سالم المحرر", "", "سالم المحرر"),
    ("alwatan", "بقلم: سالم المحرر", "", "بقلم: سالم المحرر"),
    ("aawsat", "صنعاء: سالم المحرر - عدن: سعيد الكاتب", "", "صنعاء: سالم المحرر - عدن: سعيد الكاتب"),
    ("arreyadi", "حوار - سالم المحرر", "", "حوار - سالم المحرر"),
])
def test_byline_is_split_into_dateline_and_author(tmp_path, source, byline, dateline, author):
    record = article("http://x.org/a", "عنوان", "نص الخبر.", source=source, author=byline)
    into = tmp_path / "content"
    import_saudinewsnet([write_zip(tmp_path / "day.zip", [record])], into)
    meta, _ = read_md(next(into.rglob("*.md")))
    assert (meta.get("dateline", ""), meta["author"]) == (dateline, author)


def test_article_page_shows_the_dateline(tmp_path):
    from conftest import build_site, write_site
    into = write_site(tmp_path / "site", {}) / "content"
    import_saudinewsnet([write_zip(tmp_path / "day.zip", FURNITURE[-1:])], into)
    result = build_site(tmp_path / "site")
    page = next((result.output / "articles").glob("sabq-*/index.html")).read_text(encoding="utf-8")
    assert "<dt>مكان الخبر</dt><dd>أبها</dd>" in page
    assert "<dt>الكاتب</dt><dd>سالم المحرر</dd>" in page
    assert '"dateline":"أبها"' in page  # schema.org NewsArticle


def test_character_references_in_a_title_are_resolved(tmp_path):
    into = tmp_path / "content"
    import_saudinewsnet([write_zip(tmp_path / "day.zip", [
        article("http://sabq.org/q1", "رئيس تحرير &quot;سبق&quot; يحاضر &amp; يناقش", "نص الخبر كاملا هنا.")])], into)
    meta, _ = read_md(stable_path(into, "sabq", "2015-07", "http://sabq.org/q1"))
    assert meta["title"] == 'رئيس تحرير "سبق" يحاضر & يناقش'
