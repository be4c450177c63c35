"""The words around a mention that an entity page quotes.

An entity page quotes every article that names the entity; whole sentences
would repeat much of the articles themselves (an archive's entity pages are
then larger than its articles). A few words on each side say how the name is
used, and the article is one link away.
"""

from __future__ import annotations

import re

from site_builder.model import Quote

CONTEXT_WORDS = 6
"""Words kept on each side of the mention, on an entity's first page."""
LATER_WORDS = 3
"""On its later pages: a long entity page is mostly read for its newest articles."""
_WORD = re.compile(r"\S+")


def context_words(page: int) -> int:
    """Words on each side of the mention on page ``page`` of an entity's articles."""
    return CONTEXT_WORDS if page == 1 else LATER_WORDS


def around(quote: Quote, words: int = CONTEXT_WORDS) -> tuple[str, str, str]:
    """(before, mention, after): at most ``words`` words on each side, "…" where the sentence goes on."""
    sentence = quote.sentence
    before, mention, after = sentence[:quote.start], sentence[quote.start:quote.end], sentence[quote.end:]
    starts = [m.start() for m in _WORD.finditer(before)]
    if len(starts) > words:
        before = "…" + before[starts[-words]:]
    ends = [m.end() for m in _WORD.finditer(after)]
    if len(ends) > words:
        after = after[:ends[words - 1]] + "…"
    return before, mention, after
