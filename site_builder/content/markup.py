"""Article bodies: Markdown or plain text → safe HTML, its plain text, and entity links.

Entity recognition works on plain text, but pages need HTML. Both views come
from one walk over the sanitised HTML (``_walk``), so a mention's offsets in
the plain text always map back to the same characters of the HTML.
"""

from __future__ import annotations

import bisect
import html
import re
import threading
from html.parser import HTMLParser
from typing import Callable, Iterator, Sequence

import markdown
import nh3

from site_builder.model import Link, SourceDoc

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "del", "abbr", "dl", "dt", "dd", "figure", "figcaption", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"},
                      "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
              "pre", "table", "tr", "th", "td", "dl", "dt", "dd", "figure", "figcaption"}
_HEADING_1 = re.compile(r"<(/?)h1([ >])")


_local = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter. Setting one up costs as much as converting a short
    article, so it is made once per thread and ``reset`` between articles."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    return converter


_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&|\x02\x03\r\t\xa0]|^[^\S\n]|[^\S\n]$|^#|^\d+[.)]|^[-+=]\s|^[-=]+$", re.M)
"""Anything Markdown could read as more than paragraphs of text: inline markup, escapes,
character references (and the no-break space the sanitiser writes as one), HTML, tables,
indented or blank-looking lines, headings, lists and rules, a line break (trailing
spaces). A body with none of it converts to its paragraphs (``_prose_html``), the same
bytes Python-Markdown and the sanitiser give (``tests/test_markup.py`` checks it on random
prose), in a fraction of their time: most news archives are such prose (96 % of
SaudiNewsNet's articles). With no "<", ">" or "&" in it, there is nothing to sanitise."""
_BLANK_LINES = re.compile(r"\n{2,}")


def _prose_html(body: str) -> str:
    """Paragraphs of a body with no Markdown syntax in it: blank lines part them."""
    return "\n".join(f"<p>{p}</p>" for p in _BLANK_LINES.split(body.strip("\n")) if p)


def body_html(doc: SourceDoc) -> str:
    """Safe HTML for the article body.

    Raw HTML written inside Markdown is shown as text, not passed through
    (like Hugo's default); the result is then sanitised again so no script,
    event handler or ``javascript:``/``data:`` link can reach a page.
    """
    if doc.fmt == "txt":
        paragraphs = (line.strip() for line in doc.body.split("\n"))
        raw = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    elif not _MARKDOWN_SYNTAX.search(doc.body):
        return _prose_html(doc.body)  # no "<", ">" or "&": nothing to sanitise
    else:
        raw = _HEADING_1.sub(r"<\1h2\2", _converter().reset().convert(doc.body))
    return nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")


class _Tokens(HTMLParser):
    """Splits HTML into markup (kept verbatim) and text (unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("markup", self.get_starttag_text(), tag))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("markup", self.get_starttag_text(), tag))

    def handle_endtag(self, tag):
        self.tokens.append(("markup", f"</{tag}>", tag))

    def handle_data(self, data):
        self.tokens.append(("text", data, ""))


def _walk(body: str) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, html, text): the HTML to emit and what it adds to the plain text.

    Block boundaries add one newline so sentences of two paragraphs never run
    together; text inside an existing link is marked "linked" so it is never
    wrapped in a second link.
    """
    parser = _Tokens()
    parser.feed(body)
    parser.close()
    last = "\n"
    depth_a = 0
    for kind, value, tag in parser.tokens:
        if kind == "markup":
            if tag == "a":
                depth_a += -1 if value.startswith("</") else 1
            text = "\n" if tag in BLOCK_TAGS and last != "\n" else ""
            if text:
                last = text
            yield "markup", value, text
        else:
            if value:
                last = value[-1]
            yield ("linked" if depth_a else "text"), value, value


def plain_text(body: str) -> str:
    """The text a reader sees, one block per line; mention offsets index it."""
    return "".join(text for _, _, text in _walk(body))


def link_mentions(body: str, links: Sequence[Link], anchor: Callable[[Link, str], str]) -> str:
    """Wrap each link's span of the plain text in ``anchor(link, inner_html)``.

    A span that crosses markup (half in bold, say) or lies inside an author's
    own link is left as plain text: wrapping it would break the HTML.
    """
    pending = sorted(links, key=lambda link: link.start)
    out: list[str] = []
    offset = 0
    index = 0
    for kind, value, text in _walk(body):
        end = offset + len(text)
        while index < len(pending) and pending[index].start < offset:
            index += 1  # started in an earlier node: cannot be wrapped
        if kind != "text":
            out.append(value if kind == "markup" else html.escape(value, quote=False))
            offset = end
            continue
        cursor = offset
        while index < len(pending) and pending[index].end <= end:
            link = pending[index]
            out.append(html.escape(text[cursor - offset: link.start - offset], quote=False))
            out.append(anchor(link, html.escape(text[link.start - offset: link.end - offset], quote=False)))
            cursor = link.end
            index += 1
        out.append(html.escape(text[cursor - offset:], quote=False))
        offset = end
    return "".join(out)


SENTENCE_END = re.compile(r"\n|[.!?؟](?![0-9\u0660-\u0669\u06f0-\u06f9A-Za-z])")
"""A sentence ends at a line break or at . ! ? ؟ — not at a "." inside a number (76.5) or an
address (example.com), where a digit or a Latin letter follows at once."""


def sentence_stops(text: str) -> list[int]:
    """Where ``SENTENCE_END`` matches in ``text``, in order: ``sentence_around`` looks a
    mention's sentence up in them, so an article with many names is scanned once."""
    return [match.start() for match in SENTENCE_END.finditer(text)]


def sentence_around(text: str, start: int, end: int, limit: int = 320,
                    stops: list[int] | None = None) -> tuple[str, int, int]:
    """The sentence holding text[start:end], and the mention's offsets inside it
    (``stops``: ``sentence_stops(text)``, when the caller has it).

    Very long sentences are cut around the mention, at spaces, with an
    ellipsis so entity pages stay readable; a cut never splits a word or a number.
    """
    if stops is None:
        stops = sentence_stops(text)
    left = max(0, start - 4 * limit)  # a longer sentence is cut below anyway
    before = bisect.bisect_right(stops, start - 1)  # the last end at or before the mention's start
    if before > bisect.bisect_left(stops, left):
        left = stops[before - 1] + 1
    after = bisect.bisect_left(stops, end)
    if after == len(stops):
        right = len(text)
    else:
        right = stops[after] + (text[stops[after]] != "\n")  # the stop is the sentence's; a line break is not
    raw, s, e = text[left:right], start - left, end - left
    if len(raw) > limit:
        half = max(0, (limit - (e - s)) // 2)
        a, b = _word_start(raw, max(0, s - half), s), _word_end(raw, min(len(raw), e + half), e)
        prefix, suffix = ("…" if a > 0 else ""), ("…" if b < len(raw) else "")
        raw, s, e = prefix + raw[a:b] + suffix, s - a + len(prefix), e - a + len(prefix)
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), s - lead, e - lead


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``, as ``sentence_around`` bounds them: ending
    after its . ! ? ؟ or before a line break, without the spaces around it, never cut."""
    spans = []
    left = 0
    for match in SENTENCE_END.finditer(text):
        _add_span(spans, text, left, match.end() if text[match.start()] != "\n" else match.start())
        left = match.end()
    _add_span(spans, text, left, len(text))
    return spans


def _add_span(spans: list[tuple[int, int]], text: str, left: int, right: int) -> None:
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    if left < right:
        spans.append((left, right))


def _word_start(text: str, i: int, latest: int) -> int:
    """``i``, moved on to the start of a word (not past ``latest``)."""
    if i == 0 or text[i - 1].isspace():
        return i
    space = text.find(" ", i, latest)
    return latest if space == -1 else space + 1


def _word_end(text: str, i: int, earliest: int) -> int:
    """``i``, moved back to the end of a word (not before ``earliest``)."""
    if i == len(text) or text[i].isspace():
        return i
    space = text.rfind(" ", earliest, i)
    return earliest if space == -1 else space
