"""Watch a site's sources and report each burst of changes once.

Editors save in several steps (swap file, backup, rename) and a checkout
touches many files at once; the preview should rebuild once per burst, after
things have been quiet for a moment, and never because of its own reading.
"""

from __future__ import annotations

import re
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from site_builder.config import CONFIG_NAME, SiteConfig

# Emacs locks (.#x), backups (x~), vim swap files (.x.swp…) and the file vim
# creates to test whether a folder is writable (4913).
_EDITOR_TEMP = re.compile(r"^(\.#.*|.*~|\..*\.sw[a-px]|4913|\.DS_Store)$")
_SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules"}
# Opening or closing a file (which the build itself does) is not a change.
_CHANGES = {"created", "modified", "moved", "deleted"}


@dataclass(frozen=True)
class WatchTargets:
    folders: tuple[Path, ...]
    """Watched recursively."""
    files: tuple[Path, ...]
    """Single files (site.toml, the curation file); their folder is watched alone."""
    ignored: tuple[Path, ...]
    """Folders the build writes to, in case they sit inside a watched folder."""

    def matches(self, path: str | Path) -> bool:
        p = Path(path)
        if _EDITOR_TEMP.match(p.name) or _SKIPPED_DIRS.intersection(p.parts):
            return False
        if any(p == i or p.is_relative_to(i) for i in self.ignored):
            return False
        return p in self.files or any(p.is_relative_to(f) for f in self.folders)


def watch_targets(config: SiteConfig, config_path: Path | None = None) -> WatchTargets:
    folders = [config.path(c) for c in config.content]
    folders += [config.path(config.templates), config.path(config.static)]
    files = [(config_path or config.root / CONFIG_NAME).resolve(),
             config.path(config.entities.curation)]
    ignored = [config.path(config.output), config.path(config.cache)]
    return WatchTargets(tuple(dict.fromkeys(folders)), tuple(dict.fromkeys(files)),
                        tuple(ignored))


class SourceWatcher:
    """A watchdog observer over a site's targets; existing folders only."""

    def __init__(self, on_change: Callable[[str], None]):
        self._on_change = on_change
        self._targets = WatchTargets((), (), ())
        self._observer = Observer()
        self._handler = _Handler(self)

    def watch(self, targets: WatchTargets) -> None:
        self._targets = targets
        self._observer.unschedule_all()
        recursive = [f for f in targets.folders if f.is_dir()]
        for folder in recursive:
            self._observer.schedule(self._handler, str(folder), recursive=True)
        # A target folder created later (a first template, say) is noticed
        # through its parent, and watched from then on (see ``dispatch``).
        waiting = [f.parent for f in targets.folders if not f.is_dir()]
        for parent in dict.fromkeys([*(f.parent for f in targets.files), *waiting]):
            covered = any(parent.is_relative_to(f) for f in recursive)
            if parent.is_dir() and not covered:
                self._observer.schedule(self._handler, str(parent), recursive=False)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for path in paths:
            path = path.decode() if isinstance(path, bytes) else path
            if path and event.is_directory and Path(path) in self._targets.folders:
                self.watch(self._targets)  # a watched folder appeared or went away
            if path and self._targets.matches(path):
                self._on_change(path)
                return


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SourceWatcher):
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher.dispatch(event)


class Debouncer:
    """Call ``action(paths)`` in a background thread once events stop for ``delay`` s.

    Events arriving during the action start a new burst, so a change made
    while a build runs is never lost; at most one action runs at a time.
    """

    def __init__(self, action: Callable[[set[str]], object], delay: float = 0.3,
                 log: Callable[[str], None] = print):
        self._action = action
        self._delay = delay
        self._log = log
        self._cond = threading.Condition()
        self._paths: set[str] = set()
        self._last: float | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="site-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def touch(self, path: str) -> None:
        with self._cond:
            self._paths.add(path)
            self._last = time.monotonic()
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether changes are waiting for the next action."""
        with self._cond:
            return bool(self._paths)

    def stop(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _next_burst(self) -> set[str] | None:
        with self._cond:
            while not self._stopping:
                if self._last is None:
                    self._cond.wait()
                    continue
                remaining = self._last + self._delay - time.monotonic()
                if remaining <= 0:
                    paths, self._paths, self._last = self._paths, set(), None
                    return paths
                self._cond.wait(remaining)
            return None

    def _run(self) -> None:
        while (paths := self._next_burst()) is not None:
            try:
                self._action(paths)
            except Exception:  # a bug in the action must not end live reload
                self._log(traceback.format_exc())


def touched(paths: Iterable[str], target: Path) -> bool:
    return any(Path(p) == target for p in paths)
