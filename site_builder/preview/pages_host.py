"""How GitHub Pages answers a request: which file, which redirect, which type.

The preview server follows these rules so a site that works in the preview
works once published, including under a project sub-path such as ``/repo/``.
Nothing outside the site folder is ever served: ``..`` segments (also
percent-encoded) are refused and symlinks must stay inside the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes, urlsplit

from site_builder.preview import livereload

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pdf": "application/pdf",
}


def content_type(path: Path) -> str:
    """Types as GitHub Pages sends them; Pagefind's ``.pf_*`` chunks are opaque bytes."""
    suffix = path.suffix.lower()
    if suffix.startswith(".pf_"):
        return "application/octet-stream"
    return TYPES.get(suffix, "application/octet-stream")


@dataclass(frozen=True)
class Route:
    kind: str
    """One of: file, redirect, not_found, bad, events, script."""
    file: Path | None = None
    location: str = ""


def route(request_path: str, base: str, root: Path) -> Route:
    """Map a request path to a file of ``root`` the way GitHub Pages does."""
    parts = urlsplit(request_path)
    try:
        path = unquote_to_bytes(parts.path.encode("latin-1")).decode("utf-8")
    except UnicodeError:
        return Route("bad")
    query = "?" + parts.query if parts.query else ""
    if (path in ("", "/") and base != "/") or path == base.rstrip("/"):
        return Route("redirect", location=quote(base) + query)
    if not path.startswith(base):
        return Route("not_found")
    rel = path[len(base):]
    if rel == livereload.EVENTS_NAME:
        return Route("events")
    if rel == livereload.SCRIPT_NAME:
        return Route("script")
    segments = rel.split("/")
    if any(s in (".", "..") or "\\" in s or "\0" in s for s in segments):
        return Route("bad")
    return _route_file(root, [s for s in segments if s], path, query)


def _route_file(root: Path, segments: list[str], path: str, query: str) -> Route:
    target = root.joinpath(*segments)
    real = inside(target, root)
    if real is not None and real.is_dir():
        if not path.endswith("/"):
            return Route("redirect", location=quote(path + "/") + query)
        index = inside(real / "index.html", root)
        return Route("file", index) if index and index.is_file() else Route("not_found")
    if real is not None and real.is_file():
        return Route("file", real)
    if segments and not path.endswith("/"):
        page = inside(target.with_name(target.name + ".html"), root)
        if page is not None and page.is_file():
            return Route("file", page)
    return Route("not_found")


def inside(path: Path, root: Path) -> Path | None:
    """The real path when it stays in ``root`` after following symlinks, else None."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return None
    return real if real == root or real.is_relative_to(root) else None
