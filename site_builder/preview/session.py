"""The preview's rebuilds: what each save turns into, step by step.

The first build makes a complete site. After an edit to articles the site
already has, their pages are rendered first and shown at once
(``quick_edits``); the complete rebuild follows as a second step and may be
abandoned when a newer save arrives. Later builds update the site in place,
re-render only the pages an edit touches, and leave the search index to
follow in the background instead of delaying the reload.

A save that arrives while a complete rebuild runs does not wait for it: the
server calls ``quick`` for it at once. The rebuild is abandoned (at once
when it is linking the archive, ``Resident.abandon``; else at its next stage)
and starts again with the new save, and the quick step of that next rebuild
skips the pages already shown for the same text.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence

from site_builder.build import BuildOptions, BuildResult, build
from site_builder.config import SiteConfig
from site_builder.errors import SiteError
from site_builder.preview import quick_edits
from site_builder.report import Reporter
from site_builder.search.documents import remove_documents
from site_builder.search.index import index_site
from site_builder.state.pages import record_search
from site_builder.state.resident import Resident


@dataclass(frozen=True)
class Step:
    """A complete site the preview can switch to, and the files that changed in it
    (None: any page may have changed)."""

    output: Path
    changed: Sequence[str] | None = None


class Builds(Protocol):
    """What the preview server runs after each burst of changes.

    It yields one ``Step`` per site worth showing, in order; ``out`` is a fresh
    folder it may build into, ``changed`` the paths the watcher saw change,
    ``cancelled()`` whether a newer change is waiting. A ``SiteError`` means
    the build failed and the last shown site stays. A ``Builds`` may also offer
    ``quick(config, changed) -> Step | None``: the server calls it as soon as a
    save settles, even while a build runs, to show the edited pages at once
    (``RebuildSession.quick``).
    """

    def __call__(self, config: SiteConfig, out: Path, changed: frozenset[str],
                 cancelled: Callable[[], bool]) -> Iterator[Step]: ...


def one_step(build_into: Callable[[SiteConfig, Path], object]) -> Builds:
    """A plain function that builds a complete site into ``out``, as preview builds."""
    def builds(config: SiteConfig, out: Path, changed: frozenset[str],
               cancelled: Callable[[], bool]) -> Iterator[Step]:
        build_into(config, out)
        yield Step(out)
    return builds


class RebuildSession:
    """The real build, as the preview runs it (a ``Builds``)."""

    def __init__(self) -> None:
        self.state = Resident()
        self.site: Path | None = None
        """The folder of the site shown, updated in place after the first build."""
        self._generation = 0
        self._indexing = threading.Lock()
        self._editing = threading.Lock()
        self._shown: dict[str, bytes] = {}
        """The text each quickly rendered file had, so the same save is not rendered twice."""

    def quick(self, config: SiteConfig, changed: frozenset[str]) -> Step | None:
        """The pages of the edited articles, against the last complete build (None: this
        change needs the complete rebuild, or its pages are already shown). Safe while a
        complete rebuild runs in another thread: it reads only that build's predecessor."""
        with self._editing:
            if self.site is None or not self.site.is_dir():
                return None
            texts = {path: _read(path) for path in changed}  # none given: every file is checked
            if texts and all(text is not None and self._shown.get(path) == text for path, text in texts.items()):
                return None
            started = time.perf_counter()
            cancelled = self.state.cancelled
            if cancelled is not None and cancelled():
                self.state.abandon.now()  # the rebuild running is for an older save: stop it now
            written = quick_edits.render_edits(config, self.site, self.state, changed)
            if not written:
                return None
            self._shown.update((path, text) for path, text in texts.items() if text is not None)
            Reporter().info(f"Edited article pages shown in {time.perf_counter() - started:.2f} s; "
                            "updating the rest of the site")
            return Step(self.site, written)

    def __call__(self, config: SiteConfig, out: Path, changed: frozenset[str] = frozenset(),
                 cancelled: Callable[[], bool] = lambda: False) -> Iterator[Step]:
        if self.site is not None and self.site.is_dir() and self.state.graph is not None:
            step = self.quick(config, changed)
            if step is not None:
                yield step
            if step is not None or self._shown.keys() & changed:
                result = self._complete(config, out, cancelled)
                yield Step(result.output, result.changed)
                return
        result = self._complete(config, out, None)
        yield Step(result.output, result.changed)

    def _complete(self, config: SiteConfig, out: Path, cancelled: Callable[[], bool] | None) -> BuildResult:
        reporter = Reporter()
        self._generation += 1
        output = self.site if self.site is not None and self.site.is_dir() else out
        self.state.defer_search = self.site is not None
        self.state.cancelled = cancelled
        result = build(config, BuildOptions(output=output), reporter, self.state)
        with self._editing:  # its pages replaced those shown quickly, even for a newer save
            self._shown.clear()
        self.state.tolerated_errors = frozenset(result.errors)
        self.site = result.output
        reporter.info(f"Built {result.articles} articles in {result.seconds:.1f} s "
                      f"({result.rendered} of {result.files} files rendered)")
        quick_edits.prepare(self.state)
        if result.search_pending:
            threading.Thread(target=self._index, args=(result, config.path(config.cache), reporter,
                                                       self._generation), daemon=True).start()
        return result

    def _index(self, result: BuildResult, cache_dir: Path, reporter: Reporter, generation: int) -> None:
        with self._indexing:
            try:
                self._index_documents(result, cache_dir, reporter, generation)
            finally:
                remove_documents(result.search_documents)

    def _index_documents(self, result: BuildResult, cache_dir: Path, reporter: Reporter, generation: int) -> None:
        if generation != self._generation or not result.output.is_dir() or result.search_documents is None:
            return  # a newer build took over; it indexes its own site
        try:
            seconds = index_site(result.output, result.search_documents,  # swapped in when complete
                                 background=True)
            record_search(cache_dir, result.site_id, result.search_key)
            reporter.info(f"Search index updated in {seconds:.1f} s")
        except SiteError as exc:
            reporter.error(f"search index not updated: {exc}")
        except OSError:
            # The site changed under the indexer (a rebuild removed a page) or
            # the preview stopped; the next rebuild indexes the site again.
            if result.output.is_dir() and generation == self._generation:
                reporter.warning("search index not updated: the site changed while it was indexed")


def _read(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
