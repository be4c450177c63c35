"""Where every page lives and how it is linked, under the site's base path.

All internal links are root-relative and carry the base path
(``/archive/articles/x/``) so the same pages work at a domain root and under a
GitHub Pages project path. Absolute URLs (feed, sitemap, canonical) join the
base URL. Arabic stays readable in paths; hrefs are percent-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from urllib.parse import quote, quote_plus, urlsplit


_ASCII_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/#?=&%!$'()*+,;:@")


def iri_quote(path: str) -> str:
    """Percent-encode what a URL may not hold, but keep Arabic letters as they are.

    HTML accepts non-ASCII letters in links (browsers encode them when they
    send the request), and an Arabic letter costs 2 bytes of UTF-8 instead of
    6 percent-encoded: on an archive with hundreds of entity links per page
    that is a third of the site's size.
    """
    if path.isascii() and all(c in _ASCII_SAFE for c in path):
        return path
    return "".join(c if c in _ASCII_SAFE or (ord(c) >= 0xA0 and c.isprintable() and not c.isspace())
                   else quote(c, safe="") for c in path)


@dataclass(frozen=True)
class Urls:
    """Links for one build; ``base_url`` ends with ``/``."""

    base_url: str

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def path(self, rel: str) -> str:
        """Root-relative href for an output path such as ``articles/x/``."""
        return self.base_path + iri_quote(rel.lstrip("/"))

    def absolute(self, rel: str) -> str:
        """Absolute URL for feeds and sitemaps (falls back to the path)."""
        parts = urlsplit(self.base_url)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        return origin + self.path(rel)

    # Page addresses: output file = address + "index.html".
    @staticmethod
    def article(slug: str) -> str:
        return f"articles/{slug}/"

    @staticmethod
    def entity(entity_id: str, page: int = 1) -> str:
        return f"entities/{entity_id}/" + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def entity_list(kind: str, letter: str | None = None, page: int = 1) -> str:
        """The entities of one type, most mentioned first; with ``letter`` (one of
        ``text.letters.ALPHABET``, or ``OTHER``) those filed under that letter, by name.
        No entity id holds ``_``, so ``by_type`` never meets an entity's page."""
        address = f"entities/by_type/{kind}/"
        if letter is not None:
            address += f"{letter or 'other'}/"
        return address + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def home(page: int = 1) -> str:
        return "" if page == 1 else f"page/{page}/"

    @staticmethod
    def source(source_id: str, page: int = 1) -> str:
        """``source_id`` is a ``Source.id``: already an address, unique in the archive."""
        return f"sources/{source_id}/" + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def year(year: str) -> str:
        return f"archive/{year}/"

    @staticmethod
    def month(month: str) -> str:
        """``month`` is "YYYY-MM"."""
        year, mm = month.split("-")
        return f"archive/{year}/{mm}/"

    @staticmethod
    def day(day: str, page: int = 1) -> str:
        """``day`` is "YYYY-MM-DD"."""
        return f"archive/{day.replace('-', '/')}/" + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def undated(page: int = 1) -> str:
        return "archive/undated/" + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def search(entities: Sequence[tuple[str, str]] = (), filters: Sequence[tuple[str, str]] = ()) -> str:
        """The search page narrowed to the articles naming every one of ``entities`` and
        matching ``filters``, each a (filter label, value) pair: ``?entity=شخص:NAME&f=المصدر:NAME``."""
        pairs = [("entity", pair) for pair in entities] + [("f", pair) for pair in filters]
        return "search/?" + "&".join(f"{name}={query_value(key)}:{query_value(value)}"
                                     for name, (key, value) in pairs)

    @staticmethod
    def search_text(query: str) -> str:
        """The search page answering ``query`` as if the reader had typed it."""
        return "search/?q=" + query_value(query)


def query_value(text: str) -> str:
    """A query value with Arabic letters kept as they are (as ``iri_quote`` keeps them) and
    everything a query gives a meaning to (``& = + # %``, spaces) escaped."""
    return "".join(c if ord(c) >= 0xA0 and c.isprintable() and not c.isspace() else quote_plus(c)
                   for c in text)


def output_file(address: str) -> str:
    """Output file for a page address: ``articles/x/`` → ``articles/x/index.html``."""
    return address + "index.html" if address == "" or address.endswith("/") else address
