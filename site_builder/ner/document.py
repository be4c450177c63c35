"""One article's text as every pass of the recogniser reads it.

Tokenised once, with what each pass would otherwise work out again at every
word: the form to match against the lists, and where the phrase a word is
in ends. A name never runs across punctuation or a line break, so a rule
looking for the end of a name stops at ``stop[i]`` instead of reading the
text between words again.
"""

from __future__ import annotations

from site_builder.ner.word_shapes import maksura_word, plain
from site_builder.text.tokens import Token


class Document:
    """Tokens of one text with where each phrase (words without punctuation
    between them) ends.

    ``forms`` are the matching forms, except that "على", "إلى", "حتى" …
    keep their ى: folded, "على" would read as the name "علي".
    """

    __slots__ = ("text", "tokens", "forms", "stop")

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.forms = [plain(t.text) if maksura_word(t.text) else t.norm for t in tokens]
        self.stop = _phrase_stops(text, tokens)

    def gap(self, j: int) -> str:
        """Non-space text between token ``j - 1`` and token ``j``."""
        return self.text[self.tokens[j - 1].end:self.tokens[j].start].strip()


def _phrase_stops(text: str, tokens: list[Token]) -> list[int]:
    stops = [0] * len(tokens)
    stop = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        stops[i] = stop
        if i:
            gap = text[tokens[i - 1].end:tokens[i].start]
            if gap != " " and (gap.strip() or "\n" in gap):  # most words are one space apart
                stop = i
    return stops
