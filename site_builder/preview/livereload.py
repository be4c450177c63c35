"""Live reload for the preview server: build state pushed to open tabs.

The server publishes the state after every build (generation number, error
text or none) and each tab listens with an ``EventSource``. A tab reloads when
the served generation differs from the one its page was rendered from, so a tab
opened during a rebuild, or one reconnecting after a server restart, catches
up without a lost event. The script is a separate file, never inline code, so
the pages can keep a strict Content Security Policy.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from html import escape
from urllib.parse import quote

EVENTS_NAME = "__livereload"
SCRIPT_NAME = "__livereload.js"

SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()
"""The client, served at ``SCRIPT_NAME`` to preview tabs only (never part of a built site)."""


MAX_CHANGED = 2000
"""Past this many changed pages, every tab reloads (the list would cost more than it saves)."""


@dataclass(frozen=True)
class BuildState:
    generation: int
    """Number of the site being served; 0 until a first build succeeds."""
    error: str | None = None
    changed: tuple[str, ...] | None = None
    """URL paths of the pages that differ from the previous generation; None: maybe all."""

    def event(self) -> bytes:
        state = {"generation": self.generation, "error": self.error}
        if self.changed is not None:
            state["changed"] = list(self.changed)
        data = json.dumps(state, ensure_ascii=False)
        return f"data: {data}\n\n".encode("utf-8")


def changed_pages(files, base_path: str) -> tuple[str, ...] | None:
    """URL paths of the changed output files; None when any non-page file changed
    (a style sheet or script: every tab must reload) or the list is long."""
    if files is None or len(files) > MAX_CHANGED:
        return None
    pages = []
    for rel in files:
        if not rel.endswith(".html"):
            return None
        pages.append(base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return tuple(sorted(pages))


class Hub:
    """Latest build state plus a way for listeners to wait for the next one.

    Listeners only need the newest state, so bursts collapse into one event.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._state = BuildState(0)
        self._version = 0
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._cond:
            return self._state

    def publish(self, state: BuildState) -> None:
        with self._cond:
            self._state = state
            self._version += 1
            self._cond.notify_all()

    def current(self) -> tuple[int, BuildState]:
        with self._cond:
            return self._version, self._state

    def wait(self, seen: int, timeout: float) -> tuple[int, BuildState] | None:
        """Next (version, state) after ``seen``; same version on timeout; None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._version != seen, timeout)
            if self._closed:
                return None
            return self._version, self._state

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def script_tag(base_path: str, generation: int) -> bytes:
    base = quote(base_path, safe="/%")
    src = escape(base + SCRIPT_NAME)
    events = escape(base + EVENTS_NAME)
    return (f'<script src="{src}" data-events="{events}" '
            f'data-generation="{generation}"></script>').encode("ascii")


def inject(html: bytes, tag: bytes) -> bytes:
    """Insert the tag before the last ``</body>`` (or at the end when there is none)."""
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]
