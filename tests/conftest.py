"""Shared fixtures: build real sites in temporary folders, as a user would."""

from __future__ import annotations

import contextlib
import functools
import http.server
import lzma
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_9eecbfaba8298352.txt"


def write_site(root: Path, files: dict[str, str | bytes], config: str = "") -> Path:
    """A site folder with the given files (paths relative to the site root)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(config or 'title = "أرشيف تجريبي"\n', encoding="utf-8")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str | bytes], config: str = "") -> Path:
        return write_site(tmp_path / "site", files, config)
    return make


def build_site(root: Path, base_url: str | None = None, search: bool = False, state=None, **options):
    """Build the site at ``root`` as ``site-builder build`` would (``options`` are
    ``BuildOptions`` fields; ``state`` a preview's ``Resident``)."""
    from site_builder.build import BuildOptions, build
    from site_builder.config import load_config
    overrides = {"base_url": base_url}
    if not search:
        overrides["search"] = False
    config = load_config(root / "site.toml", overrides)
    return build(config, BuildOptions(**options), state=state)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on a free local port, as a static host serves a site;
    yields its address ("http://127.0.0.1:PORT/")."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: the browser tests never download one."""


@contextlib.contextmanager
def chromium_tab(args: list[str]) -> Iterator[tuple]:
    """A fresh page of Debian's Chromium and the list its script errors go to (the test is
    skipped where the browser is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page, errors
        browser.close()


def open_archive(data: bytes | Path) -> sqlite3.Connection:
    """The built data/archive.sqlite.xz (a file, or its bytes as rendered), decompressed as a
    reader does and opened."""
    if isinstance(data, Path):
        data = data.read_bytes()
    db = sqlite3.connect(":memory:")
    db.deserialize(lzma.decompress(data))
    return db


def _default_site_copy(tmp: Path) -> Path:
    root = tmp / "default"
    for name in ("seeds", "content"):
        shutil.copytree(REPO / name, root / name)
    for name in ("site.toml", "entities.toml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture(scope="session")
def default_site(tmp_path_factory):
    """The repository's default site, built once with search, at the domain root."""
    root = _default_site_copy(tmp_path_factory.mktemp("default-root"))
    result = build_site(root, base_url="http://127.0.0.1/", search=True)
    return result.output


@pytest.fixture(scope="session")
def default_site_subpath(tmp_path_factory):
    """The default site built for a GitHub Pages project path (/archive/)."""
    root = _default_site_copy(tmp_path_factory.mktemp("default-sub"))
    result = build_site(root, base_url="https://user.github.io/archive/", search=True)
    return result.output
