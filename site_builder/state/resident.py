"""What a long-running preview keeps between builds, handed to ``build()`` as one object.

A one-off ``site-builder build`` reads, analyses and forgets. The preview
rebuilds after every save, so it keeps the files it read, the articles it
analysed and the archive the last complete build linked (which its quick
edits render against), and it tells the build how to behave as a preview:
update the site in place, leave the search index to follow, tolerate the
files that were already broken, give up when a newer save arrives.
"""

from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from site_builder.model import Article, SiteGraph, SourceDoc


class Cancelled(Exception):
    """The build was abandoned before writing anything (``Resident.cancelled`` said so)."""


class Abandon:
    """Stops a preview's complete rebuild inside a long stage, the moment a newer save makes
    it worthless, instead of at the stage's end.

    A save always abandons the rebuild running when it arrives (``Resident.cancelled``);
    waiting for the stage to end left the rebuild competing for the interpreter with the
    rendering of the save's own page, which then took twice as long. Only stages that
    compute and hold no file, lock or worker process are ever stopped this way
    (``build.ABANDONABLE``): the exception raised in them loses nothing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: int | None = None

    @contextmanager
    def stage(self) -> Iterator[None]:
        """The calling thread runs a stage that may be stopped at any moment."""
        with self._lock:
            self._thread = threading.get_ident()
        try:
            yield
        finally:
            with self._lock:
                self._thread = None

    def now(self) -> bool:
        """Raise ``Cancelled`` in the stage running, if one is; whether one was."""
        with self._lock:
            if self._thread is None:
                return False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread), ctypes.py_object(Cancelled))
            self._thread = None
            return True


@dataclass
class Resident:
    docs: dict[str, SourceDoc] = field(default_factory=dict)
    """Files read so far, by path, with what they were read from (``sources.read_remembered``)."""
    articles: dict[str, Article] = field(default_factory=dict)
    """Analysed articles by cache key: an in-memory layer over the analysis cache."""
    graph: SiteGraph | None = None
    """The archive as the last complete build linked it."""
    site_key: str = ""
    """That build's hash of configuration, templates and recogniser."""
    names: dict[str, str | None] | None = None
    by_path: dict[str, str] | None = None
    """Lookups derived from ``graph`` for quick edits, built lazily (``preview.quick_edits``)."""
    lookups_of: SiteGraph | None = None
    """The graph ``names`` and ``by_path`` were derived from: a quick edit running beside
    a complete build may see the new graph before the old lookups are dropped."""

    defer_search: bool = False
    """Leave the search index stale and say so (``BuildResult.search_pending``); the
    preview re-indexes in the background instead of delaying the reload."""
    tolerated_errors: frozenset[str] | None = None
    """Unreadable files the preview already showed; any other error fails the build."""
    cancelled: Callable[[], bool] | None = None
    """Asked between stages; True abandons the build before it writes anything."""
    abandon: Abandon = field(default_factory=Abandon)
    """Abandons it at once, within a stage (``Abandon``)."""

    def remember(self, graph: SiteGraph, site_key: str) -> None:
        """Keep a complete build's archive; the lookups derived from the last one go."""
        self.names, self.by_path, self.lookups_of = None, None, None
        self.graph, self.site_key = graph, site_key
