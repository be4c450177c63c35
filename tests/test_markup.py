from site_builder.content.markup import body_html, link_mentions, plain_text, sentence_around
from site_builder.model import ArticleMeta, Link, SourceDoc


def doc(body, fmt="md"):
    return SourceDoc(path="a.md", slug="a", meta=ArticleMeta(title="t"), body=body, fmt=fmt, body_line=1, digest="0")


def test_raw_html_in_markdown_is_shown_as_text_not_run():
    html = body_html(doc('مرحبا <script>alert(1)</script> و<b onclick="x()">غامق</b>'))
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&lt;b onclick" in html


def test_javascript_and_data_links_are_dropped():
    html = body_html(doc("[اضغط](javascript:alert(1)) [صورة](data:text/html,x) [موقع](https://example.com)"))
    assert "javascript:" not in html and "data:" not in html
    assert 'href="https://example.com"' in html


def test_plain_text_paragraphs_are_escaped():
    html = body_html(doc("سطر <b>1</b>\n\nسطر 2", fmt="txt"))
    assert html.count("<p>") == 2 and "&lt;b&gt;" in html


def test_link_mentions_wraps_exact_spans():
    html = body_html(doc("وصل **كيم** إلى روسيا.\n\nوقال بوتين: أهلا"))
    text = plain_text(html)
    links = [Link(text.index("روسيا"), text.index("روسيا") + 5, "روسيا"),
             Link(text.index("بوتين"), text.index("بوتين") + 5, "بوتين"),
             Link(text.index("كيم"), text.index("كيم") + 3, "كيم")]
    out = link_mentions(html, links, lambda link, inner: f'<a data-e="{link.entity}">{inner}</a>')
    assert '<a data-e="روسيا">روسيا</a>' in out
    assert '<a data-e="بوتين">بوتين</a>' in out
    assert '<strong><a data-e="كيم">كيم</a></strong>' in out
    assert plain_text(out) == text


def test_span_across_markup_or_inside_an_author_link_is_left_alone():
    html = body_html(doc("زار [روسيا](https://example.com) و**فلاديمير** بوتين"))
    text = plain_text(html)
    start = text.index("فلاديمير")
    links = [Link(text.index("روسيا"), text.index("روسيا") + 5, "x"), Link(start, start + 14, "y")]
    out = link_mentions(html, links, lambda link, inner: f"<X>{inner}</X>")
    assert "<X>" not in out


def test_sentence_around_marks_the_mention():
    text = "جملة أولى. وقال بوتين إن الزيارة مهمة. جملة أخرى"
    sentence, start, end = sentence_around(text, text.index("بوتين"), text.index("بوتين") + 5)
    assert sentence == "وقال بوتين إن الزيارة مهمة."
    assert sentence[start:end] == "بوتين"


def test_a_point_inside_a_number_or_an_address_does_not_end_the_sentence():
    text = "جملة أولى. ارتفع المؤشر بـ 76.5 نقطة وفق موقع example.com وقال بوتين إن ذلك جيد. جملة أخرى"
    sentence, start, end = sentence_around(text, text.index("بوتين"), text.index("بوتين") + 5)
    assert sentence == "ارتفع المؤشر بـ 76.5 نقطة وفق موقع example.com وقال بوتين إن ذلك جيد."
    assert sentence[start:end] == "بوتين"
    after = "قال بوتين إن السعر بلغ 76.5 دولار. ثم غادر"
    assert sentence_around(after, 4, 9)[0] == "قال بوتين إن السعر بلغ 76.5 دولار."


def test_a_long_sentence_is_cut_between_words_never_inside_a_number():
    text = " ".join(["بلغ 1234.56 ريالا"] * 40) + " وقال بوتين " + " ".join(["نحو 76.5 مليون"] * 40) + "."
    sentence, start, end = sentence_around(text, text.index("بوتين"), text.index("بوتين") + 5, limit=120)
    assert sentence[start:end] == "بوتين"
    assert sentence.startswith("…") and sentence.endswith("…") and len(sentence) <= 122
    words = sentence.strip("…").split(" ")
    assert all(w in {"بلغ", "1234.56", "ريالا", "وقال", "بوتين", "نحو", "76.5", "مليون"} for w in words)


def test_prose_without_markdown_syntax_converts_as_markdown_does():
    """The prose shortcut gives Python-Markdown's bytes: random bodies over letters, digits,
    spaces, line breaks and the characters that start Markdown's blocks, compared with the
    converter itself wherever the shortcut takes them (and a fair share of them it does)."""
    import random

    import nh3

    from site_builder.content import markup

    pieces = ["كتب", "الرياض", "2015", "1.", "3)", " ", " ", "  ", "\n", "\n", "\n\n", "\n\n\n", "-", "=",
              "+", "#", "*", "!", "{", "}", "(", ")", "\"", "'", "،", ".", ":", "؟", "\u00a0", "\t", "\\", "&", "<"]
    rng = random.Random(7)
    taken = 0
    for _ in range(3000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if markup._MARKDOWN_SYNTAX.search(body):
            continue
        taken += 1
        html = markup._prose_html(body)
        assert html == markup._converter().reset().convert(body), repr(body)
        assert body_html(doc(body)) == html == nh3.clean(html, tags=markup.ALLOWED_TAGS), repr(body)
    assert taken > 300


def test_a_markdown_body_still_gets_its_markup():
    html = body_html(doc("# عنوان\n\n- أول\n- ثان\n\nنص **غامق**"))
    assert "<h2>عنوان</h2>" in html and "<li>أول</li>" in html and "<strong>غامق</strong>" in html
