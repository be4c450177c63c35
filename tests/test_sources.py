import datetime as dt

import pytest

from site_builder.errors import ContentError
from site_builder.content.sources import find_sources, read_all, read_source


def article(tmp_path, name, data):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_markdown_front_matter(tmp_path):
    path = article(tmp_path, "a.md", "---\ntitle: عنوان\ndate: 2015-07-21\nsource: okaz\n"
                                     "author: كاتب\nurl: https://example.com/x\ntags: [سياسة]\nsection: محليات\n---\nنص المقال.\n")
    doc = read_source(path, tmp_path)
    assert doc.meta.title == "عنوان"
    assert doc.meta.date == dt.date(2015, 7, 21)
    assert doc.meta.source == "okaz"
    assert doc.meta.tags == ("سياسة",)
    assert doc.meta.extra == {"section": "محليات"}
    assert doc.body.strip() == "نص المقال."
    assert doc.body_line == 10
    assert doc.slug == "a"


def test_plain_text_first_line_is_the_headline(tmp_path):
    path = article(tmp_path, "seed_1.txt", "\n\nالعنوان هنا\nفقرة أولى.\n\nفقرة ثانية.\n")
    doc = read_source(path, tmp_path)
    assert doc.meta.title == "العنوان هنا"
    assert doc.fmt == "txt"
    assert "فقرة أولى." in doc.body and "العنوان" not in doc.body


def test_bom_and_windows_line_endings(tmp_path):
    path = article(tmp_path, "w.md", b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n")
    doc = read_source(path, tmp_path)
    assert doc.meta.title == "x"
    assert "\r" not in doc.body


@pytest.mark.parametrize("data, message, line", [
    (b"---\ntitle: ok\n---\n\xff\xfe bad", "not valid UTF-8", 4),
    ("", "the file is empty", None),
    ("---\ntitle: [unclosed\n---\nx", "front matter is not valid YAML", None),
    ("---\ntitle: x\ndate: 2015-02-30\n---\nx", "impossible date", 3),
    ("---\ntitle: x\ndate: yesterday\n---\nx", "impossible date", 3),
    ("---\ntitle: x\n", "front matter is not closed", 1),
    ("---\ntitle: x\nautor: y\n---\nbody", "unknown front-matter key 'autor'", 3),
    ("---\n- a\n- b\n---\nbody", "front matter must be 'key: value' pairs", 2),
])
def test_bad_files_name_file_and_line(tmp_path, data, message, line):
    path = article(tmp_path, "bad.md", data)
    with pytest.raises(ContentError) as caught:
        read_source(path, tmp_path)
    assert message in str(caught.value)
    assert caught.value.path == "bad.md"
    if line:
        assert caught.value.line == line
        assert f"bad.md:{line}:" in str(caught.value)


def test_read_all_reports_bad_files_and_keeps_good_ones(tmp_path):
    article(tmp_path, "content/good.md", "---\ntitle: جيد\n---\nنص")
    article(tmp_path, "content/bad.md", b"\xff")
    article(tmp_path, "content/.hidden.md", "---\ntitle: x\n---\n")
    article(tmp_path, "content/notes.json", "{}")
    items = list(read_all(tmp_path, ("content", "missing")))
    assert [type(i).__name__ for i in items] == ["ContentError", "SourceDoc"]
    assert items[1].meta.title == "جيد"


def test_order_is_stable(tmp_path):
    for name in ["b.md", "a.md", "sub/c.txt"]:
        article(tmp_path, "content/" + name, "عنوان\nنص")
    names = [p.name for p, _ in find_sources(tmp_path, ("content",))]
    assert names == ["a.md", "b.md", "c.txt"]


def test_symlink_outside_the_content_folder_is_not_followed(tmp_path):
    outside = article(tmp_path, "secret.md", "---\ntitle: secret\n---\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "link.md").symlink_to(outside)
    items = list(read_all(tmp_path, ("content",)))
    assert len(items) == 1 and isinstance(items[0], ContentError)
    assert str(items[0]).startswith("content/link.md: symbolic link leads outside")


def test_huge_file_is_skipped_without_reading_it(tmp_path, monkeypatch):
    import site_builder.content.sources as sources
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    path = article(tmp_path, "big.txt", "عنوان\n" + "كلمة " * 500)
    with pytest.raises(ContentError, match="articles over"):
        read_source(path, tmp_path)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "ftp://x", "/local"])
def test_original_url_must_be_a_web_address(tmp_path, url):
    path = article(tmp_path, "a.md", f"---\ntitle: x\nurl: '{url}'\n---\nنص")
    doc = read_source(path, tmp_path)
    assert doc.meta.url == ""
    assert "'url' is not a web address" in doc.warnings[0]


def test_a_scraped_address_with_raw_spaces_is_escaped_not_dropped(tmp_path):
    url = "http://www.al-madina.com/node/620849/«التقني» تعلن-استمرار"
    doc = read_source(article(tmp_path, "a.md", f"---\ntitle: x\nurl: '{url}'\n---\nنص"), tmp_path)
    assert doc.meta.url == "http://www.al-madina.com/node/620849/«التقني»%20تعلن-استمرار"
    assert doc.warnings == ()


def test_linked_folder_outside_is_reported_and_inside_is_not_read_twice(tmp_path):
    article(tmp_path, "elsewhere/x.md", "---\ntitle: x\n---\n")
    article(tmp_path, "content/real/y.md", "---\ntitle: y\n---\n")
    (tmp_path / "content" / "out").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "content" / "alias").symlink_to(tmp_path / "content" / "real", target_is_directory=True)
    items = list(read_all(tmp_path, ("content",)))
    assert [str(i) for i in items if isinstance(i, ContentError)] == [
        "content/out: symbolic link leads outside the content folders; skipped "
        "(copy the file into the content folder instead)"]
    assert [i.meta.title for i in items if not isinstance(i, ContentError)] == ["y"]
