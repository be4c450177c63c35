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
import socket
import sys
import tempfile
import threading
import traceback
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from site_builder.preview import livereload
from site_builder.build import Cancelled
from site_builder.config import CONFIG_NAME, SiteConfig, load_config
from site_builder.errors import ConfigError, SiteError
from site_builder.preview.livereload import BuildState, Hub
from site_builder.preview.pages_host import TYPES, content_type, inside, route
from site_builder.render.urls import Urls
from site_builder.preview.watcher import Debouncer, SourceWatcher, touched, watch_targets

BuildFn = Callable[[SiteConfig, Path], object]
"""Builds the site into the folder (or updates the site it built before and returns a
result whose ``output`` names it). One with ``takes_changes = True`` is also given
``changed=`` the paths the watcher saw change."""
KEEPALIVE_SECONDS = 15.0
_CANCELLED: Any = object()
_FALLBACK_404 = (b'<!doctype html><html lang="en"><meta charset="utf-8">'
                 b"<title>Not found</title><body><h1>404 Not found</h1></body></html>")


class PreviewServer:
    """The preview: builds, serves, watches, rebuilds. ``start()`` then ``stop()``."""

    def __init__(self, config: SiteConfig, build: BuildFn, *, host: str = "127.0.0.1",
                 port: int = 8000, debounce: float = 0.3, config_path: Path | None = None,
                 log: Callable[[str], None] | None = None):
        self.config = config
        self.config_path = (config_path or config.root / CONFIG_NAME).resolve()
        self.base_path = Urls(config.base_url).base_path
        self.hub = Hub()
        self._build = build
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
        self._watcher = SourceWatcher(self._debouncer.touch)

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
        self._httpd = _listen(self._host, self._port, self)
        self._watcher.watch(watch_targets(self.config, self.config_path))
        self._watcher.start()
        self.rebuild()
        self._debouncer.start()
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
        """Build and switch to the new site; on failure keep the last good site.

        A build may answer in two steps (see ``fast_render``): its result then
        has a ``then`` callable for the complete build, which runs right after
        the first step is shown and is abandoned if a newer edit arrives.
        """
        with self._build_lock:
            if self._config_broken or touched(changed, self.config_path):
                if not self._reload_config():
                    return False
            config, build = self.config, self._build
            if getattr(build, "takes_changes", False):
                ok, result = self._step(lambda out: build(config, out, changed=set(changed)))
            else:
                ok, result = self._step(lambda out: build(config, out))
            then = getattr(result, "then", None)
            if ok and callable(then):
                ok, _ = self._step(lambda out: then(self._debouncer.pending))
            return ok

    def _step(self, build: Callable[[Path], object]) -> tuple[bool, object]:
        """Run one build; publish its site, or its error. Returns (success, result)."""
        self._attempt += 1
        out = self._tmp / f"site-{self._attempt}"
        error, out, result = self._run_build(build, out)
        if self._stopped.is_set():
            shutil.rmtree(self._tmp, ignore_errors=True)
            return False, None
        if error is _CANCELLED:
            self._log("A newer change arrived; building that instead.")
            return False, None
        if error is not None:
            shutil.rmtree(out, ignore_errors=True)
            self._fail(error)
            return False, None
        self._switch(out, livereload.changed_pages(getattr(result, "changed", None), self.base_path))
        if self.hub.state.generation > 1:
            self._log("Site updated; open pages reload.")
        return True, result

    def _run_build(self, build: Callable[[Path], object], out: Path) -> tuple[str | None, Path, object]:
        """Run the build; it may write ``out`` or update the site it built before
        (it then returns a result whose ``output`` names that folder)."""
        try:
            result = build(out)
        except Cancelled:
            return _CANCELLED, out, None
        except SiteError as exc:
            return str(exc), out, None
        except Exception as exc:  # a bug: keep the preview alive, show the traceback
            self._log(traceback.format_exc().rstrip())
            return f"internal error: {type(exc).__name__}: {exc}", out, None
        built = getattr(result, "output", None)
        out = Path(built) if isinstance(built, (str, Path)) else out
        if not out.is_dir():
            return "the build produced no site", out, None
        return None, out, result

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


# HTTP ------------------------------------------------------------------------

class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    preview: PreviewServer

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a tab closed mid-response
        super().handle_error(request, client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


def _listen(host: str, port: int, preview: PreviewServer) -> _HTTPServer:
    cls = _HTTPServer6 if ":" in host else _HTTPServer
    try:
        httpd = cls((host, port), _Handler)
    except OSError as exc:
        raise SiteError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                        hint="choose another port with --port") from None
    httpd.preview = preview
    return httpd


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "site-builder-preview"

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows builds, not every request

    def _respond(self, head: bool) -> None:
        preview = self.server.preview
        root, state = preview.snapshot()
        found = route(self.path, preview.base_path, root)
        if found.kind == "file":
            self._send_file(found.file, HTTPStatus.OK, state, head)
        elif found.kind == "redirect":
            self._send(HTTPStatus.FOUND, b"", "text/plain", head, location=found.location)
        elif found.kind == "bad":
            self._send(HTTPStatus.BAD_REQUEST, b"Bad request\n", "text/plain; charset=utf-8", head)
        elif found.kind == "script":
            self._send(HTTPStatus.OK, livereload.SCRIPT, TYPES[".js"], head)
        elif found.kind == "events":
            self._stream_events(preview.hub, head)
        else:
            self._send_not_found(root, state, head)

    def _send_not_found(self, root: Path, state: BuildState, head: bool) -> None:
        page = inside(root / "404.html", root)
        if page is not None and page.is_file():
            self._send_file(page, HTTPStatus.NOT_FOUND, state, head)
        else:
            body = self._with_script(_FALLBACK_404, state)
            self._send(HTTPStatus.NOT_FOUND, body, TYPES[".html"], head)

    def _send_file(self, path: Path, status: HTTPStatus, state: BuildState, head: bool) -> None:
        try:
            body = path.read_bytes()
        except OSError:  # removed since it was found
            body, status = b"Not found\n", HTTPStatus.NOT_FOUND
            self._send(status, body, "text/plain; charset=utf-8", head)
            return
        kind = content_type(path)
        if kind.startswith("text/html"):
            body = self._with_script(body, state)
        self._send(status, body, kind, head)

    def _with_script(self, html: bytes, state: BuildState) -> bytes:
        preview = self.server.preview
        return livereload.inject(html, livereload.script_tag(preview.base_path, state.generation))

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool,
              location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _stream_events(self, hub: Hub, head: bool) -> None:
        """Server-Sent Events: the current state at once, then every new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        seen, state = hub.current()
        try:
            self.wfile.write(b"retry: 1000\n\n" + state.event())
            self.wfile.flush()
            while (news := hub.wait(seen, KEEPALIVE_SECONDS)) is not None:
                version, state = news
                self.wfile.write(state.event() if version != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = version
        except OSError:
            pass  # the tab went away


def _shown(path: str, root: Path) -> str:
    p = Path(path)
    return p.relative_to(root).as_posix() if p.is_relative_to(root) else path


def _print_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(config: SiteConfig, *, host: str = "127.0.0.1", port: int = 8000,
          build: BuildFn, open_browser: bool = False, config_path: Path | None = None) -> None:
    """Run the preview until Ctrl-C; raises SiteError only when it cannot listen.

    ``config_path`` is the file the config came from (default: site.toml in
    its root); changes to it are reloaded.
    """
    server = PreviewServer(config, build, host=host, port=port, config_path=config_path)
    try:
        server.start()
        print(f"Serving on {server.url}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        if open_browser:
            webbrowser.open(server.url)
        server.wait()
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
    finally:
        server.stop()
