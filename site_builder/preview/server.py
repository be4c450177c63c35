"""Preview server: build, serve as GitHub Pages would, rebuild on change, reload tabs.

Every build goes into a fresh folder inside a private temporary folder; once a
build succeeds the server switches to it under a lock. A request picks its
folder once, when it starts, so it is always answered from one complete build,
never from a half-written one, and a failed build leaves the last good site in
place. The folder served before the current one is kept until the next switch
so requests still reading it finish; older ones are removed.

Pages get a ``<script src=".../__livereload.js">`` added on the way out (the
built files are untouched); the script listens to ``<base>__livereload``.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
import threading
import traceback
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from site_builder.build import Cancelled
from site_builder.config import CONFIG_NAME, SiteConfig, load_config
from site_builder.errors import ConfigError, SiteError
from site_builder.preview import livereload
from site_builder.preview.http import listen
from site_builder.preview.livereload import BuildState, Hub
from site_builder.preview.session import Builds, RebuildSession, Step
from site_builder.preview.watcher import Debouncer, SourceWatcher, touched, watch_targets
from site_builder.render.urls import Urls


EARLY_DELAY = 0.1
"""Seconds of quiet before an edit's own pages are rendered: an editor's save is a burst of
events a few milliseconds long; the complete rebuild waits for the longer ``debounce``."""


class PreviewServer:
    """The preview: builds, serves, watches, rebuilds. ``start()`` then ``stop()``."""

    def __init__(self, config: SiteConfig, builds: Builds, *, host: str = "127.0.0.1",
                 port: int = 8000, debounce: float = 0.3, config_path: Path | None = None,
                 log: Callable[[str], None] | None = None):
        self.config = config
        self.config_path = (config_path or config.root / CONFIG_NAME).resolve()
        self.base_path = Urls(config.base_url).base_path
        self.hub = Hub()
        self._builds = builds
        self._host = host
        self._port = port
        self._log = log or _print_err
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._tmp: Path | None = None
        self._root: Path | None = None
        self._served: list[Path] = []
        self._attempt = 0
        self._config_broken = False
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._base_url_given = self._given_base_url()
        self._debouncer = Debouncer(self._on_burst, debounce, log=self._log)
        self._early = Debouncer(self._on_early_burst, min(debounce, EARLY_DELAY), log=self._log)
        """Shows an edit's pages at once, also while a rebuild runs (it does not wait for it)."""
        self._watcher = SourceWatcher(self._touch)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self._port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}{quote(self.base_path)}"

    def start(self) -> None:
        """Listen, build once, then serve and watch; a failed first build is shown, not fatal."""
        self._tmp = Path(tempfile.mkdtemp(prefix="site-preview-")).resolve()
        empty = self._tmp / "empty"
        empty.mkdir()
        self._root = empty
        self._httpd = listen(self._host, self._port, self)
        self._watcher.watch(watch_targets(self.config, self.config_path))
        self._watcher.start()
        self.rebuild()
        self._debouncer.start()
        self._early.start()
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="site-preview-http", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Block until ``stop()``; short waits keep Ctrl-C responsive."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.hub.close()
        self._debouncer.stop()
        self._early.stop()
        self._watcher.stop()
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
            self._httpd.server_close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def snapshot(self) -> tuple[Path, BuildState]:
        with self._lock:
            return self._root, self.hub.state

    # Building ----------------------------------------------------------------

    def _touch(self, path: str) -> None:
        self._debouncer.touch(path)
        self._early.touch(path)

    def _on_early_burst(self, paths: set[str]) -> None:
        """Show the edited pages of this save at once, when the build can (``quick``), even
        while a rebuild runs: that rebuild gives way to the save at its next stage, and the
        next one does not render the same pages again."""
        quick = getattr(self._builds, "quick", None)
        if quick is None or self._stopped.is_set():
            return
        try:
            step = quick(self.config, frozenset(paths))
        except SiteError:
            return  # the rebuild reports it
        if step is not None and step.output.resolve() == self._root:
            self._switch(step.output, livereload.changed_pages(step.changed, self.base_path))

    def _on_burst(self, paths: set[str]) -> None:
        if self._stopped.is_set():
            return
        if len(paths) == 1:
            what = _shown(next(iter(paths)), self.config.root) + " changed"
        else:
            what = f"{len(paths)} files changed"
        self._log(f"{what}; rebuilding…")
        self.rebuild(paths)

    def rebuild(self, changed: set[str] = frozenset()) -> bool:
        """Build and switch to each new site the build yields; on failure keep the last good site.

        The real build yields twice after an edit (see ``session``): the edited
        pages at once, then the complete rebuild, which is abandoned if a newer
        edit arrives meanwhile.
        """
        with self._build_lock:
            if self._config_broken or touched(changed, self.config_path):
                if not self._reload_config():
                    return False
            self._attempt += 1
            out = self._tmp / f"site-{self._attempt}"
            steps = self._builds(self.config, out, frozenset(changed), self._debouncer.pending)
            while True:
                error, step = self._next(steps)
                if self._stopped.is_set():
                    shutil.rmtree(self._tmp, ignore_errors=True)
                    return False
                if step is None:
                    break
                self._switch(step.output, livereload.changed_pages(step.changed, self.base_path))
                if self.hub.state.generation > 1:
                    self._log("Site updated; open pages reload.")
            if error is not None:
                if out != self._root:
                    shutil.rmtree(out, ignore_errors=True)
                if error is not Cancelled:
                    self._fail(error)
                    return False
                self._log("A newer change arrived; building that instead.")
            return error is None

    def _next(self, steps) -> tuple[str | type[Cancelled] | None, Step | None]:
        """The build's next site, or why there is none: (None, None) once it is done."""
        try:
            step = next(steps, None)
        except Cancelled:
            return Cancelled, None
        except SiteError as exc:
            return str(exc), None
        except Exception as exc:  # a bug: keep the preview alive, show the traceback
            self._log(traceback.format_exc().rstrip())
            return f"internal error: {type(exc).__name__}: {exc}", None
        if step is not None and not step.output.is_dir():
            return "the build produced no site", None
        return None, step

    def _switch(self, out: Path, changed: tuple[str, ...] | None = None) -> None:
        with self._lock:
            self._root = out.resolve()
            if self._root in self._served:
                self._served.remove(self._root)  # updated in place
            self._served.append(self._root)
            old, self._served = self._served[:-2], self._served[-2:]
            self.hub.publish(BuildState(self.hub.state.generation + 1, changed=changed))
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)

    def _fail(self, message: str) -> None:
        self._log(f"Build failed: {message}")
        if self.hub.state.generation:
            self._log("Still serving the last good build.")
        else:
            self._log("Nothing to serve yet; fix the error and the preview rebuilds.")
        with self._lock:
            self.hub.publish(BuildState(self.hub.state.generation, message))

    def _read_config(self) -> SiteConfig:
        if self.config_path.exists():
            return load_config(self.config_path)
        return load_config(root=self.config.root)

    def _given_base_url(self) -> bool:
        """Whether the base URL came from the command line rather than site.toml."""
        try:
            return self._read_config().base_url != self.config.base_url
        except ConfigError:
            return False

    def _reload_config(self) -> bool:
        try:
            new = self._read_config()
        except ConfigError as exc:
            self._config_broken = True
            self._fail(str(exc))
            return False
        self._config_broken = False
        if self._base_url_given:
            new = dataclasses.replace(new, base_url=self.config.base_url)
        elif (new_base := Urls(new.base_url).base_path) != self.base_path:
            self._log(f"The base path changed to {new_base}: restart the preview to serve "
                      f"the site there; still serving it under {self.base_path}.")
            new = dataclasses.replace(new, base_url=self.config.base_url)
        targets = watch_targets(new, self.config_path)
        if targets != watch_targets(self.config, self.config_path):
            self._watcher.watch(targets)
        self.config = new
        self._log(f"Reloaded {self.config_path.name}.")
        return True


def _shown(path: str, root: Path) -> str:
    p = Path(path)
    return p.relative_to(root).as_posix() if p.is_relative_to(root) else path


def _print_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000,
          config_path: Path | None = None) -> None:
    """Run the preview of the real build until Ctrl-C; raises SiteError only when it
    cannot listen.

    ``config_path`` is the file the config came from (default: site.toml in
    its root); changes to it are reloaded.
    """
    server = PreviewServer(config, RebuildSession(), host=host, port=port, config_path=config_path)
    try:
        server.start()
        print(f"Serving on {server.url}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        server.wait()
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
    finally:
        server.stop()
