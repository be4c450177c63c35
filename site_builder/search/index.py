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
runtime), the others at ``pagefind/partN/``, listed in ``pagefind/parts.json``.

The parts are periods: the articles newest first (the order the search
documents list, ``documents.ORDER_FILE``), the newest ``NEWEST_PAGES`` in
``pagefind/``, the others cut into parts of equal size. The search page searches the newest part first and
shows its results while the older parts load, then adds theirs after them
(``static/search/search.js``): a reader's first results never wait for the
whole archive, whatever its size, and they are the newest articles that match.
Pagefind's search also costs more than twice as much for twice the pages (it
compares every matching page with every match of the word), so a part searched
alone answers in less than half the time of two.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from site_builder.errors import SearchIndexError
from site_builder.search.bundle import CHUNK_SIZE, canonicalise
from site_builder.search.documents import ORDER_FILE

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
PARTS_FILE = "parts.json"
# A query downloads the word-index chunk of its words from every part, so
# each part costs a reader bytes: at 30,000 articles, seven parts of 5,000
# pages made a one-word query fetch 90-680 KB of chunks, two parts 20-140 KB.
# The indexer holds a part in memory, about 165 KB a page: parts of up to
# 16,000 pages keep it near 2.5 GiB (measured: 2.45 GiB for 15,059 pages).
PAGES_PER_PART = 16000
# The search page searches the newest parts holding this many articles in all without
# asking (the whole of a 30,000-article archive); older parts when the reader asks. At
# 300,000 articles a first search so downloads the metadata of 2 parts, not of 19.
AUTOMATIC_PAGES = 40000
# The newest part is smaller: the first results come from a search of it alone, and
# Pagefind's search of 5,000 articles costs a ninth of one of 15,000.
NEWEST_PAGES = 5000
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
                 background: bool = False, stop: threading.Event | None = None):
        self.site = site
        self.stop = stop
        """Set from another thread, it ends the indexing with a ``SearchIndexError``
        (the build beside it failed, so the index would be of no use)."""
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
        pages = listed_pages(self.documents)
        groups = period_parts([page for page, _ in pages], self.per_part or PAGES_PER_PART)
        if len(groups) == 1:
            _run_pagefind(self.documents, self.fresh, self.quiet, self.background, self.stop)
        else:
            _index_parts(self.documents, self.fresh, groups, self.quiet, self.background, self.stop)
        _drop_files(self.fresh, _UNUSED_UI)
        ranks = {"/" + page.removesuffix("index.html"): rank for rank, (page, _) in enumerate(pages)}
        tags = [canonicalise(self.fresh / part_dir(index), ranks) for index in range(len(groups))]
        _write_parts_file(self.fresh, groups, tags, dict(pages))

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


def listed_pages(documents: Path) -> list[tuple[str, str]]:
    """(document, date) of every article, newest first, as the documents folder lists them;
    a folder without the list (written by hand) is taken in the order of its paths."""
    listing = documents / ORDER_FILE
    if listing.exists():
        rows = [line.split("\t") for line in listing.read_text(encoding="utf-8").splitlines() if line]
        return [(row[0], row[1] if len(row) > 1 else "") for row in rows]
    return [(p.relative_to(documents).as_posix(), "") for p in sorted(documents.glob(_GLOB))]


def period_parts(pages: list[str], per_part: int) -> list[list[str]]:
    """The index parts of ``pages`` (newest first): one for an archive that fits in a part;
    else the newest ``NEWEST_PAGES``, then the others in parts of equal size."""
    if len(pages) <= per_part:
        return [pages]
    newest = min(NEWEST_PAGES, per_part)
    rest = pages[newest:]
    return [pages[:newest], *split_pages(rest, part_count(len(rest), per_part))]


def split_pages(pages: list[str], parts: int) -> list[list[str]]:
    """Consecutive pages in ``parts`` groups of equal size (give or take one), leaving out
    groups that got no page (Pagefind refuses those)."""
    size, extra = divmod(len(pages), parts)
    groups, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        groups.append(pages[start:end])
        start = end
    return [group for group in groups if group] or [[]]


def _index_parts(documents: Path, bundle: Path, groups: list[list[str]], quiet: bool,
                 background: bool = False, stop: threading.Event | None = None) -> None:
    """Index each part from a folder of hard links to its documents (the URLs stay the same).

    The extra parts go first: the first part's run writes the bundle folder
    they live in, and must not find a stale runtime there.
    """
    parts = len(groups)
    with tempfile.TemporaryDirectory(prefix=".search-parts-", dir=documents) as scratch:
        for index in [*range(1, parts), 0]:
            source = Path(scratch) / f"part{index + 1}"
            _link_pages(documents, source, groups[index])
            _run_pagefind(source, bundle / part_dir(index), quiet, background, stop)
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


def _write_parts_file(bundle: Path, groups: list[list[str]], tags: list[str], dates: dict[str, str]) -> None:
    """The parts, newest first, for the search page: where each is, the tag that begins the
    names of its pages' fragments (a result's ``id``, so the page knows a result's part
    without loading it), its number of pages and the days of its newest and oldest."""
    parts = []
    for index, (group, tag) in enumerate(zip(groups, tags)):
        days = [dates.get(page, "") for page in group if dates.get(page)]
        parts.append({"path": part_dir(index), "tag": tag, "pages": len(group),
                      "newest": max(days, default=""), "oldest": min(days, default="")})
    listing = {"parts": parts, "automatic": AUTOMATIC_PAGES}
    (bundle / PARTS_FILE).write_text(json.dumps(listing, ensure_ascii=False) + "\n", encoding="utf-8")


def _run_pagefind(site: Path, output: Path, quiet: bool, background: bool = False,
                  stop: threading.Event | None = None) -> None:
    """Run the bundled Pagefind binary: it indexes a folder far faster than the
    Python API's per-record calls. In the ``background`` it runs niced (where the
    system allows), giving way to the preview's renders."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--glob", _GLOB, "--force-language", "ar"]
    if quiet:
        command.append("--silent")
    try:
        lower = _lower_priority if background and hasattr(os, "nice") else None
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, **_ENV}, preexec_fn=lower)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[bin]'") from None
    with process:
        if stop is not None:  # communicate() blocks: a thread watches for the stop
            threading.Thread(target=_kill_when_stopped, args=(process, stop), daemon=True).start()
        out, err = process.communicate()
    if stop is not None and stop.is_set():
        raise SearchIndexError("the search index was abandoned: the build beside it failed")
    if process.returncode != 0:
        detail = (err or out).strip().splitlines()[-3:]
        raise SearchIndexError("Pagefind failed: " + " / ".join(detail))


def _kill_when_stopped(process: subprocess.Popen, stop: threading.Event) -> None:
    while process.poll() is None:
        if stop.wait(0.2):
            process.kill()
            return
