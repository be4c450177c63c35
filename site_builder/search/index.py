"""Arabic-aware full-text search with Pagefind, in parts for large archives.

Pagefind reads the search documents (``search.documents``): one small HTML
file per article with its text, filters and search-only keys, so the published
pages carry none of them.

Spelling: every word is searched under its key (``text/search_keys.py``), in
the documents through a search-only metadata field and in the browser through
``static/search/normalize.js``.

Memory: Pagefind holds the whole index in memory while it builds it, about
150–200 KB per page, so a 30,000-article archive needs 5 GB. We index the
articles in parts of at most ``PAGES_PER_PART`` pages, one part after the
other, each into its own bundle: the first at ``pagefind/`` (with the search
runtime), the others at ``pagefind/partN/``, listed in ``pagefind/parts.json``;
the search page merges them in the browser (Pagefind's ``mergeIndex``). A page
goes to the part picked by a hash of its path, so adding an article changes
one part (while the number of parts stays the same), and the same site always
gives the same bundles.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_builder.errors import SearchIndexError
from site_builder.search.bundle import CHUNK_SIZE, canonicalise

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
PARTS_FILE = "parts.json"
# A query downloads the word-index chunk of its words from every part, so
# each part costs a reader bytes: at 30,000 articles, seven parts of 5,000
# pages made a one-word query fetch 90-680 KB of chunks, two parts 20-140 KB.
# The indexer holds a part in memory, about 165 KB a page: parts of up to
# 16,000 pages keep it near 2.5 GiB (measured: 2.45 GiB for 15,059 pages).
PAGES_PER_PART = 16000
_GLOB = "articles/**/*.html"
# Files a merged part does not need: the search runtime comes from the first.
_RUNTIME_ONLY = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js")
_RUNTIME_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "wasm.")
# Pagefind's own interfaces: the search page is the site's, so no bundle publishes them.
_UNUSED_UI = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# Pagefind's allocator keeps freed memory for reuse; returning it at once lowers
# the peak by a tenth. Its word-index chunks hold some 17,000 word positions by
# default: a query downloads a whole chunk from every part, so we ask for
# smaller ones (more files and a longer chunk list, fewer bytes per query; see
# ``bundle.CHUNK_SIZE``).
_ENV = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0",
        "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_SIZE)}


def part_count(pages: int, per_part: int | None = None) -> int:
    return max(1, math.ceil(pages / (per_part or PAGES_PER_PART)))


def part_of(relative: str, parts: int) -> int:
    """The part a page belongs to: stable across builds, spread evenly."""
    digest = hashlib.sha256(relative.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % parts


def part_dir(index: int) -> str:
    """Where part ``index`` lives inside the bundle ("" for the first)."""
    return "" if index == 0 else f"part{index + 1}/"


class SearchIndex:
    """The search index of one built site, with the lifetime of a ``with`` block.

    The new bundle is written beside ``pagefind/`` and swapped in when the block
    ends without an error; on an error (Pagefind failing, Ctrl-C) it is removed
    and the site keeps the index it had, so no file of a half-built index is
    ever served. ``documents`` is the folder of search documents to index.

        with SearchIndex(site, documents) as index:
            index.add_articles()
    """

    def __init__(self, site: Path, documents: Path, quiet: bool = True, per_part: int | None = None,
                 background: bool = False):
        self.site = site
        self.documents = documents
        self.quiet = quiet
        self.per_part = per_part
        self.background = background
        self.fresh = site / f".{BUNDLE}.new"

    def __enter__(self) -> "SearchIndex":
        shutil.rmtree(self.fresh, ignore_errors=True)
        return self

    def add_articles(self) -> None:
        """Index every article's document, in parts of at most ``per_part`` articles."""
        pages = sorted(p.relative_to(self.documents).as_posix() for p in self.documents.glob(_GLOB))
        groups = split_pages(pages, part_count(len(pages), self.per_part))
        if len(groups) == 1:
            _run_pagefind(self.documents, self.fresh, self.quiet, self.background)
        else:
            _index_parts(self.documents, self.fresh, groups, self.quiet, self.background)
        _drop_files(self.fresh, _UNUSED_UI)
        for index in range(len(groups)):
            canonicalise(self.fresh / part_dir(index))
        _write_parts_file(self.fresh, len(groups))

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            _swap_in(self.fresh, self.site / BUNDLE)
        else:
            shutil.rmtree(self.fresh, ignore_errors=True)


def index_site(site: Path, documents: Path, quiet: bool = True, per_part: int | None = None,
               background: bool = False) -> float:
    """Index the search ``documents`` of ``site`` (see ``SearchIndex``); returns seconds taken.
    ``background``: the indexer runs at a lower priority, so that the preview's next edit,
    rendered meanwhile, is not slowed by it."""
    started = time.perf_counter()
    with SearchIndex(site, documents, quiet, per_part, background) as index:
        index.add_articles()
    return time.perf_counter() - started


def _swap_in(fresh: Path, bundle: Path) -> None:
    old = bundle.with_name(f".{BUNDLE}.old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    fresh.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


def split_pages(pages: list[str], parts: int) -> list[list[str]]:
    """Pages grouped by part, leaving out parts that got no page (Pagefind refuses those)."""
    groups: list[list[str]] = [[] for _ in range(parts)]
    for page in pages:
        groups[part_of(page, parts)].append(page)
    return [group for group in groups if group] or [[]]


def _index_parts(documents: Path, bundle: Path, groups: list[list[str]], quiet: bool,
                 background: bool = False) -> None:
    """Index each part from a folder of hard links to its documents (the URLs stay the same).

    The extra parts go first: the first part's run writes the bundle folder
    they live in, and must not find a stale runtime there.
    """
    parts = len(groups)
    with tempfile.TemporaryDirectory(prefix=".search-parts-", dir=documents) as scratch:
        for index in [*range(1, parts), 0]:
            source = Path(scratch) / f"part{index + 1}"
            _link_pages(documents, source, groups[index])
            _run_pagefind(source, bundle / part_dir(index), quiet, background)
            shutil.rmtree(source)
            if index:
                _drop_files(bundle / part_dir(index), _RUNTIME_PREFIXES, _RUNTIME_ONLY)


def _link_pages(site: Path, target: Path, pages: list[str]) -> None:
    for page in pages:
        destination = target / page
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, destination)
        except OSError:  # another file system: copying is slower, but works
            shutil.copyfile(site / page, destination)


def _drop_files(bundle: Path, prefixes: tuple[str, ...], names: tuple[str, ...] = ()) -> None:
    """Remove the bundle's files named ``names`` or beginning with one of ``prefixes``."""
    for path in bundle.iterdir():
        if path.is_file() and (path.name in names or path.name.startswith(prefixes)):
            path.unlink()


def _lower_priority() -> None:
    os.nice(10)


def _write_parts_file(bundle: Path, parts: int) -> None:
    """The bundles the search page merges with the first (none for a small site)."""
    extra = [part_dir(index) for index in range(1, parts)]
    (bundle / PARTS_FILE).write_text(json.dumps(extra) + "\n", encoding="utf-8")


def _run_pagefind(site: Path, output: Path, quiet: bool, background: bool = False) -> None:
    """Run the bundled Pagefind binary: it indexes a folder far faster than the
    Python API's per-record calls. In the ``background`` it runs niced (where the
    system allows), giving way to the preview's renders."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--glob", _GLOB, "--force-language", "ar"]
    if quiet:
        command.append("--silent")
    try:
        lower = _lower_priority if background and hasattr(os, "nice") else None
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **_ENV},
                                preexec_fn=lower)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[bin]'") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise SearchIndexError("Pagefind failed: " + " / ".join(detail))
