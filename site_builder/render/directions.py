"""Each block of an article body is laid out in the direction of its dominant script.

Browsers give ``dir="auto"`` the direction of the first strong character, so
an Arabic paragraph that opens with a Latin name ("Apple أعلنت …") would be
laid out left to right. The direction is decided here instead, at build time,
by counting a block's words, each word by the script of most of its letters:
more right-to-left words (Arabic, Hebrew) than Latin, Greek or Cyrillic ones
make it ``rtl``, more of the others make it ``ltr``, a tie (a block of digits,
say) leaves it to the page. Words, not letters, so that a web address or a
long Latin name in an Arabic sentence weighs as one word. Only blocks whose
direction differs from the page's get a ``dir`` attribute.

A block's letters are its own text, up to the next block boundary, so a list
item holding paragraphs leaves the direction to each paragraph. Only opening
tags change; the text, and so every entity link in it, stays where it was.
"""

from __future__ import annotations

import html
import re

DIRECTED = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd",
                      "figcaption"})
"""Blocks that get a direction of their own."""
_BOUNDARIES = DIRECTED | {"ul", "ol", "dl", "table", "thead", "tbody", "tr", "pre", "hr", "figure", "div"}

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_TAG_NAME = re.compile(r"^<[a-zA-Z][a-zA-Z0-9]*")
_RTL_LETTER = re.compile(
    "[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f"
    "\u08a0-\u08c9\ufb1d-\ufdfb\ufe70-\ufefc]")
_LTR_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff]")


def dominant_direction(text: str) -> str:
    """"rtl" or "ltr" by the words of ``text``; "" when they are even (or there are none)."""
    if not _LTR_LETTER.search(text):
        return "rtl" if _RTL_LETTER.search(text) else ""
    if not _RTL_LETTER.search(text):
        return "ltr"
    balance = 0
    for word in text.split():
        letters = len(_RTL_LETTER.findall(word)) - len(_LTR_LETTER.findall(word))
        balance += (letters > 0) - (letters < 0)
    return "rtl" if balance > 0 else "ltr" if balance < 0 else ""


def with_directions(body: str, page_direction: str) -> str:
    """``body`` with ``dir`` on every block whose dominant script goes against ``page_direction``."""
    out: list[str] = []
    open_at = -1  # index in ``out`` of the block tag whose text is being read
    text: list[str] = []
    pos = 0

    def settle() -> None:
        if open_at >= 0:
            direction = dominant_direction(html.unescape("".join(text)))
            if direction and direction != page_direction:
                out[open_at] = _TAG_NAME.sub(rf'\g<0> dir="{direction}"', out[open_at], count=1)

    for match in _TAG.finditer(body):
        chunk = body[pos:match.start()]
        out.append(chunk)
        text.append(chunk)
        name = match[2].lower()
        if name in _BOUNDARIES:
            settle()
            text = []
            open_at = len(out) if name in DIRECTED and not match[1] else -1
        out.append(match[0])
        pos = match.end()
    out.append(body[pos:])
    text.append(body[pos:])
    settle()
    return "".join(out)
