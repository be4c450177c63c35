"""The preview's HTTP side: files as GitHub Pages serves them, the live-reload script and events.

A request picks the served folder once, when it starts (``PreviewServer.snapshot``),
so it is always answered from one complete build. HTML responses get the
live-reload script tag on the way out; the built files are untouched.
"""

from __future__ import annotations

import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.errors import SiteError
from site_builder.preview import livereload
from site_builder.preview.livereload import BuildState, Hub
from site_builder.preview.pages_host import TYPES, content_type, inside, route

if TYPE_CHECKING:
    from site_builder.preview.server import PreviewServer

KEEPALIVE_SECONDS = 15.0
_FALLBACK_404 = (b'<!doctype html><html lang="en"><meta charset="utf-8">'
                 b"<title>Not found</title><body><h1>404 Not found</h1></body></html>")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    preview: PreviewServer

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a tab closed mid-response
        super().handle_error(request, client_address)


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


def listen(host: str, port: int, preview: PreviewServer) -> _HTTPServer:
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
