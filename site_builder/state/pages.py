"""What the previous build wrote, so an unchanged page is kept instead of rendered again.

Each planned page carries a key of everything it shows; the build hashes it
together with what every page depends on (configuration, templates, analyser
and recogniser versions) and compares it with the previous build's hash for
the same path. The previous site is trusted only if its marker file names the
state we saved, so a site edited or replaced by hand is never reused.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Hashable, Iterable

from site_builder import __version__
from site_builder.model import PlannedFile
from site_builder.output.staging import MARKER

RENDER_VERSION = "2"
_STATE = "pages.pickle"


def global_key(parts: Iterable[str], template_dirs: Iterable[Path]) -> str:
    """Hash of what every page depends on: a change here re-renders the whole site."""
    digest = hashlib.blake2b(RENDER_VERSION.encode(), digest_size=16)
    for part in parts:
        digest.update(b"\0" + part.encode())
    for folder in template_dirs:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the program's own source: a site builder changed in place (a development
    checkout, an upgrade that kept the version number) never takes its previous site as
    the site it would write now. Which pages it then renders again is still decided page
    by page."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def input_key(site_key: str, docs, static_files) -> str:
    """Hash of every input of a build: what pages depend on, each article file, each static file.

    Equal keys mean the build would write the site it wrote before.
    """
    digest = hashlib.blake2b(f"{__version__}\0{code_digest()}\0{site_key}".encode(), digest_size=16)
    for doc in sorted(docs, key=lambda d: d.path):
        digest.update(f"\0{doc.path}\0{doc.slug}\0{doc.digest}".encode())
    for rel, source in static_files:
        digest.update(f"\0{rel}\0".encode() + hashlib.blake2b(source.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


@dataclass
class PageState:
    """Per-path hashes of one build, and the id written into that site's marker."""

    site_id: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    search_key: str = ""
    """Hash of the article pages the search index was built from ("" = none or stale)."""
    inputs: str = ""
    """Hash of everything the build read (``input_key``), when it completed with its search index."""
    summary: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Articles, entities, pages and files of that build."""
    warnings: tuple[str, ...] = ()
    """Its curation warnings, repeated when the next build finds nothing changed."""


def site_id_of(folder: Path) -> str:
    try:
        for line in (folder / MARKER).read_text(encoding="utf-8").splitlines():
            if line.startswith("site "):
                return line[5:].strip()
    except OSError:
        pass
    return ""


class Planner:
    """Decides, page by page, whether the previous build's file can be kept."""

    def __init__(self, cache_dir: Path | None, previous_site: Path | None, global_key: str, inputs: str = ""):
        self.cache_dir = cache_dir
        self.previous_site = previous_site
        self.global_key = global_key
        self.inputs = inputs
        """Hash of everything this build reads (``input_key``)."""
        self.old = self._load()
        self.new = PageState()
        self._article_hash = hashlib.blake2b(digest_size=16)

    def _load(self) -> PageState:
        if self.cache_dir is None or self.previous_site is None:
            return PageState()
        try:
            with open(self.cache_dir / _STATE, "rb") as handle:
                state = pickle.load(handle)
        except Exception:  # no state, or one from another version: start afresh
            return PageState()
        if not isinstance(state, PageState) or not state.site_id or site_id_of(self.previous_site) != state.site_id:
            return PageState()
        return state

    def plan(self, files: Iterable[PlannedFile]) -> list[tuple[PlannedFile, bool]]:
        """Each file with whether the previous build's copy can be kept.

        The key is dropped once hashed: at tens of thousands of pages the keys
        would hold hundreds of megabytes.
        """
        return [(PlannedFile(file.path, None, file.render), self.keep(file.path, file.key)) for file in files]

    def keep(self, path: str, key: Hashable | None) -> bool:
        """Record this build's hash for ``path``; True if the previous file is still right."""
        if key is None:
            return False
        digest = hashlib.blake2b(f"{self.global_key}\0{key!r}".encode(), digest_size=16).hexdigest()
        self.new.keys[path] = digest
        if path.startswith("articles/"):
            self._article_hash.update(f"{path}\0{digest}\n".encode())
        return self.old.keys.get(path) == digest

    def same_inputs(self, output: Path, search: bool) -> bool:
        """Whether the last build read exactly these inputs and its site is still all there."""
        old = self.old
        if not old.inputs or old.inputs != self.inputs or (search and not old.search_key):
            return False
        return all_present(output, old.keys)

    def remember(self, summary: tuple[int, int, int, int], warnings: tuple[str, ...]) -> None:
        """Record this build's inputs, once its site (and search index, if any) is complete."""
        if self.new.site_id:
            self.new.inputs, self.new.summary, self.new.warnings = self.inputs, summary, tuple(warnings)

    def search_key(self) -> str:
        return self._article_hash.hexdigest()

    def search_reusable(self) -> bool:
        return bool(self.old.search_key) and self.old.search_key == self.search_key()

    def finish(self, search_done: bool) -> str:
        """The id of the new site (for its marker): a hash of every page's hash."""
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(self.new.keys):
            digest.update(f"{path}\0{self.new.keys[path]}\n".encode())
        self.new.site_id = digest.hexdigest()
        self.new.search_key = self.search_key() if search_done else ""
        return self.new.site_id

    def save(self) -> None:
        if self.cache_dir is not None:
            _save(self.cache_dir, self.new)


def all_present(folder: Path, paths: Iterable[str]) -> bool:
    """Whether every file is still in the site (plain strings: one call per page)."""
    top = str(folder)
    return all(os.path.isfile(os.path.join(top, path)) for path in paths)


def _save(cache_dir: Path, state: PageState) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / (_STATE + ".tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(cache_dir / _STATE)
    except OSError:
        pass  # without state the next build renders everything: slower, never wrong


def record_search(cache_dir: Path | None, site_id: str, search_key: str) -> None:
    """Mark the saved state's search index up to date, after the site ``site_id`` was
    indexed outside the build (the preview's background indexing). A state saved
    since by a newer build is left alone: its pages are not the ones indexed."""
    if cache_dir is None:
        return
    try:
        with open(cache_dir / _STATE, "rb") as handle:
            state = pickle.load(handle)
    except Exception:
        return
    if isinstance(state, PageState) and state.site_id == site_id:
        state.search_key = search_key
        _save(cache_dir, state)


def forget(cache_dir: Path, paths: Iterable[str]) -> None:
    """Make the next build render ``paths`` again (they were written outside a build)."""
    try:
        with open(cache_dir / _STATE, "rb") as handle:
            state = pickle.load(handle)
    except Exception:
        return  # no state: the next build renders everything anyway
    if isinstance(state, PageState):
        for path in paths:
            state.keys.pop(path, None)
        _save(cache_dir, state)
