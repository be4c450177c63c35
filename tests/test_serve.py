"""The preview server, run in-process on a free port with a stand-in build."""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from site_builder.config import load_config
from site_builder.errors import SiteError
from site_builder.preview.pages_host import content_type
from site_builder.preview.server import PreviewServer
from site_builder.preview.session import Step, one_step
from site_builder.preview.watcher import Debouncer, watch_targets

TIMEOUT = 5.0
BASE = "/archive/"


def fake_build(config, out: Path) -> None:
    """Writes a few pages; the text of content/a.md decides what the home page says."""
    text = (config.root / "content" / "a.md").read_text(encoding="utf-8")
    if "FAIL" in text:
        raise SiteError("front matter is <broken>", "content/a.md", 3)
    files = {
        "index.html": f"<html><body><p>{text}</p></body></html>",
        "x/index.html": "<html><body>x page</body></html>",
        "entities/بوتين/index.html": "<html><BODY>بوتين</BODY></html>",
        "404.html": "<html><body>custom not found</body></html>",
        "about.html": "<html><body>about</body></html>",
        "app.js": "console.log(1)",
        "fonts/a.woff2": "woff2",
        "pagefind/pagefind.wasm": "wasm",
        "pagefind/fragment/x.pf_fragment": "frag",
        "feed.xml": "<rss/>",
        "data.json": "{}",
    }
    for name, body in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for folder in ("content", "templates", "static"):
        (root / folder).mkdir(parents=True)
    (root / "site.toml").write_text('base_url = "https://example.org/archive/"\n')
    (root / "content" / "a.md").write_text("first version", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("TOP SECRET")
    return root


@pytest.fixture
def server(site: Path):
    logs: list[str] = []
    preview = PreviewServer(load_config(site / "site.toml"), one_step(fake_build), port=0,
                            debounce=0.05, log=logs.append)
    preview.start()
    preview.logs = logs
    yield preview
    preview.stop()


def get(server: PreviewServer, path: str, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


class Events:
    """Reads the live-reload stream in a thread; each event's data lands in a queue."""

    def __init__(self, server: PreviewServer):
        self.queue: queue.Queue[dict] = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT * 2)
        self.conn.request("GET", BASE + "__livereload")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200
        assert self.resp.getheader("Content-Type") == "text/event-stream"
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.resp.fp:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    self.queue.put(json.loads(line[6:]))
        except (OSError, ValueError):
            pass

    def next(self, predicate=lambda e: True) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.queue.get(timeout=left)
            except queue.Empty:
                break
            if predicate(event):
                return event
        raise AssertionError("no matching live-reload event")

    def close(self) -> None:
        self.conn.close()


def test_prints_url_with_base_path_and_serves_under_it(server):
    assert server.url == f"http://127.0.0.1:{server.port}/archive/"
    status, headers, body = get(server, BASE)
    assert status == 200 and b"first version" in body
    assert headers["Cache-Control"] == "no-store"
    assert get(server, BASE + "x/")[2].startswith(b"<html><body>x page")


@pytest.mark.parametrize("path, location", [
    ("/", BASE),
    ("/archive", BASE),
    ("/archive/x", "/archive/x/"),
    ("/archive/x?q=1", "/archive/x/?q=1"),
    ("/archive/entities/%D8%A8%D9%88%D8%AA%D9%8A%D9%86",
     "/archive/entities/%D8%A8%D9%88%D8%AA%D9%8A%D9%86/"),
])
def test_redirects(server, path, location):
    status, headers, _ = get(server, path)
    assert status == 302
    assert headers["Location"] == location
    assert headers["Cache-Control"] == "no-store"


def test_percent_encoded_arabic_path(server):
    status, _, body = get(server, "/archive/entities/%D8%A8%D9%88%D8%AA%D9%8A%D9%86/")
    assert status == 200 and "بوتين".encode() in body


def test_extensionless_page_like_github_pages(server):
    assert get(server, BASE + "about")[0] == 200


@pytest.mark.parametrize("path", ["/archive/nothing/", "/archive/nothing", "/elsewhere/"])
def test_unknown_path_gets_the_404_page(server, path):
    status, headers, body = get(server, path)
    assert status == 404
    assert b"custom not found" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("path", [
    "/archive/../secret.txt",
    "/archive/../../secret.txt",
    "/archive/%2e%2e/secret.txt",
    "/archive/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/archive/x/..%2f..%2fsecret.txt",
    "/archive/..\\secret.txt",
    "/archive/leak",
])
def test_paths_outside_the_site_are_refused(server, path, tmp_path):
    # A copy next to the served folders, and a symlink inside the site pointing out.
    (server.snapshot()[0].parent / "secret.txt").write_text("TOP SECRET")
    (server.snapshot()[0] / "leak").symlink_to(tmp_path / "secret.txt")
    status, _, body = get(server, path)
    assert status in (400, 404)
    assert b"TOP SECRET" not in body


@pytest.mark.parametrize("name, expected", [
    ("app.js", "text/javascript; charset=utf-8"),
    ("fonts/a.woff2", "font/woff2"),
    ("pagefind/pagefind.wasm", "application/wasm"),
    ("pagefind/fragment/x.pf_fragment", "application/octet-stream"),
    ("feed.xml", "application/xml"),
    ("data.json", "application/json"),
])
def test_content_types(server, name, expected):
    status, headers, body = get(server, BASE + name)
    assert status == 200
    assert headers["Content-Type"] == expected
    assert headers["Cache-Control"] == "no-store"
    assert b"__livereload" not in body


def test_script_injected_into_html_responses_only(server):
    tag = b'<script src="/archive/__livereload.js" data-events="/archive/__livereload"'
    home = get(server, BASE)[2]
    assert tag in home and home.endswith(b"</script></body></html>")
    assert tag in get(server, "/archive/entities/%D8%A8%D9%88%D8%AA%D9%8A%D9%86/")[2]
    assert tag in get(server, BASE + "missing/")[2]  # the 404 page reloads too
    assert b"script" not in get(server, BASE + "data.json")[2]
    root = server.snapshot()[0]
    assert b"__livereload" not in (root / "index.html").read_bytes()
    status, headers, script = get(server, BASE + "__livereload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script


def test_head_has_headers_without_body(server):
    status, headers, body = get(server, BASE, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_change_triggers_rebuild_and_reload_event(server, site):
    events = Events(server)
    try:
        assert events.next() == {"generation": 1, "error": None}
        (site / "content" / "a.md").write_text("second version", encoding="utf-8")
        assert events.next(lambda e: e["generation"] == 2) == {"generation": 2, "error": None}
        assert b"second version" in get(server, BASE)[2]
    finally:
        events.close()


def test_failed_build_keeps_last_good_site_and_sends_the_error(server, site):
    events = Events(server)
    try:
        events.next()
        (site / "content" / "a.md").write_text("FAIL", encoding="utf-8")
        failed = events.next(lambda e: e["error"])
        assert failed["generation"] == 1
        assert failed["error"] == "content/a.md:3: front matter is <broken>"
        assert b"first version" in get(server, BASE)[2]
        assert any("Build failed" in line for line in server.logs)
        (site / "content" / "a.md").write_text("fixed", encoding="utf-8")
        assert events.next(lambda e: not e["error"]) == {"generation": 2, "error": None}
        assert b"fixed" in get(server, BASE)[2]
    finally:
        events.close()


def test_invalid_site_toml_is_reported_and_serving_goes_on(server, site):
    events = Events(server)
    try:
        events.next()
        (site / "site.toml").write_text("base_url = [", encoding="utf-8")
        error = events.next(lambda e: e["error"])["error"]
        assert "site.toml" in error and "invalid TOML" in error
        assert get(server, BASE)[0] == 200
        (site / "site.toml").write_text('base_url = "https://example.org/news/"\n')
        assert events.next(lambda e: not e["error"])["generation"] == 2
        assert any("restart" in line for line in server.logs)
        assert server.base_path == BASE and get(server, BASE)[0] == 200
    finally:
        events.close()


def test_first_build_failure_still_serves_and_recovers(site):
    (site / "content" / "a.md").write_text("FAIL", encoding="utf-8")
    preview = PreviewServer(load_config(site / "site.toml"), one_step(fake_build), port=0,
                            debounce=0.05, log=lambda m: None)
    preview.start()
    try:
        assert preview.hub.state.error
        status, _, body = get(preview, BASE)
        assert status == 404 and b"__livereload.js" in body
        assert preview.rebuild() is False
        (site / "content" / "a.md").write_text("ok", encoding="utf-8")
        assert preview.rebuild() is True
        assert get(preview, BASE)[0] == 200
    finally:
        preview.stop()


def test_stop_removes_the_temporary_site(site):
    preview = PreviewServer(load_config(site / "site.toml"), one_step(fake_build), port=0,
                            log=lambda m: None)
    preview.start()
    root = preview.snapshot()[0]
    assert root.is_dir()
    preview.stop()
    assert not root.exists() and not root.parent.exists()
    preview.stop()  # twice is harmless


def test_old_builds_are_removed_but_the_previous_one_kept(server):
    first = server.snapshot()[0]
    server.rebuild()
    second = server.snapshot()[0]
    server.rebuild()
    assert first != second and not first.exists() and second.exists()


def test_watch_targets_skip_editor_files_and_outputs(site):
    targets = watch_targets(load_config(site / "site.toml"))
    root = site.resolve()
    assert targets.matches(root / "content" / "a.md")
    assert targets.matches(root / "templates" / "base.html")
    assert targets.matches(root / "site.toml")
    assert targets.matches(root / "entities.toml")
    for name in (".#a.md", "a.md~", ".a.md.swp", ".a.md.swx", "4913"):
        assert not targets.matches(root / "content" / name), name
    assert not targets.matches(root / "README.md")
    assert not targets.matches(root / "_site" / "index.html")


def test_debouncer_runs_once_per_burst():
    calls: list[set[str]] = []
    done = threading.Event()
    debouncer = Debouncer(lambda paths: (calls.append(paths), done.set()), delay=0.1)
    debouncer.start()
    try:
        for i in range(5):
            debouncer.touch(f"f{i}")
        assert done.wait(TIMEOUT)
        time.sleep(0.25)  # longer than the delay: no second call may follow
        assert calls == [{"f0", "f1", "f2", "f3", "f4"}]
    finally:
        debouncer.stop()


def test_pagefind_chunks_are_opaque():
    assert content_type(Path("x.pf_meta")) == "application/octet-stream"
    assert content_type(Path("x.pf_index")) == "application/octet-stream"


def _browser(playwright):
    """Playwright's own Chromium, else a system one; None when there is neither."""
    import shutil
    try:
        return playwright.chromium.launch()
    except Exception:
        pass
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if exe := shutil.which(name):
            return playwright.chromium.launch(executable_path=exe, args=["--no-sandbox"])
    return None


def csp_build(config, out: Path) -> None:
    text = (config.root / "content" / "a.md").read_text(encoding="utf-8")
    if "FAIL" in text:
        raise SiteError("bad <b>markup</b>", "content/a.md", 2)
    out.mkdir()
    (out / "index.html").write_text(
        '<!doctype html><html dir="rtl"><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'self'\"></head>"
        f'<body><p id="t">{text}</p></body></html>', encoding="utf-8")


@contextmanager
def browser_on_preview(site: Path, build):
    """A preview server of ``site`` with ``build``, and a Chromium to look at it (or a skip)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    preview = PreviewServer(load_config(site / "site.toml"), build, port=0,
                            debounce=0.05, log=lambda m: None)
    preview.start()
    try:
        with sync_api.sync_playwright() as playwright:
            browser = _browser(playwright)
            if browser is None:
                pytest.skip("no Chromium for Playwright found (playwright install chromium)")
            try:
                yield preview, browser
            finally:
                browser.close()
    finally:
        preview.stop()


def test_browser_reloads_and_shows_errors_under_a_strict_csp(site):
    """End to end in a real browser: the script works with ``default-src 'self'``."""
    with browser_on_preview(site, one_step(csp_build)) as (preview, browser):
        page = browser.new_page()
        page.goto(preview.url)
        _wait_for_text(page, "first version")
        # No need to wait for the page's stream: on connecting it gets the
        # current state, so a late tab still sees the error or reloads.
        (site / "content" / "a.md").write_text("FAIL", encoding="utf-8")
        overlay = page.wait_for_selector("#livereload-error", timeout=TIMEOUT * 1000)
        assert "content/a.md:2: bad <b>markup</b>" in overlay.inner_text()
        (site / "content" / "a.md").write_text("fixed", encoding="utf-8")
        _wait_for_text(page, "fixed")
        assert page.query_selector("#livereload-error") is None


def two_page_build(config, out: Path, changed, cancelled):
    """The home page shows content/a.md; the "x" page never changes."""
    text = (config.root / "content" / "a.md").read_text(encoding="utf-8")
    (out / "x").mkdir(parents=True)
    (out / "index.html").write_text(f'<!doctype html><html><body><p id="t">{text}</p></body></html>',
                                    encoding="utf-8")
    (out / "x" / "index.html").write_text('<!doctype html><html><body><p id="t">x</p></body></html>',
                                          encoding="utf-8")
    yield Step(out, ["index.html"])


def test_only_tabs_showing_a_changed_page_reload(site):
    with browser_on_preview(site, two_page_build) as (preview, browser):
        home, other = browser.new_page(), browser.new_page()
        home.goto(preview.url)
        other.goto(preview.url + "x/")
        other.evaluate("window.notReloaded = true")
        (site / "content" / "a.md").write_text("second version", encoding="utf-8")
        _wait_for_text(home, "second version")
        time.sleep(0.5)
        assert other.evaluate("window.notReloaded === true")


def _wait_for_text(page, text: str) -> None:
    # Polls from Python: the page's CSP forbids the eval behind wait_for_function.
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if page.inner_text("#t", timeout=500) == text:
                return
        except Exception:
            pass  # navigating
        time.sleep(0.05)
    raise AssertionError(f"page never showed {text!r}")


def test_base_url_from_the_command_line_survives_a_site_toml_change(site):
    config = load_config(site / "site.toml", {"base_url": "https://user.github.io/repo/"})
    logs: list[str] = []
    preview = PreviewServer(config, one_step(fake_build), port=0, debounce=0.05, log=logs.append)
    preview.start()
    try:
        (site / "site.toml").write_text('base_url = "https://example.org/archive/"\nper_page = 5\n')
        assert preview.rebuild({str(site.resolve() / "site.toml")})
        assert preview.config.per_page == 5
        assert preview.config.base_url == "https://user.github.io/repo/"
        assert not any("restart" in line for line in logs)
        assert get(preview, "/repo/")[0] == 200
    finally:
        preview.stop()


def test_a_config_file_with_another_name_is_watched_and_reloaded(site):
    other = site / "news.toml"
    other.write_text('base_url = "https://example.org/archive/"\nper_page = 7\n')
    preview = PreviewServer(load_config(other), one_step(fake_build), port=0, config_path=other,
                            log=lambda m: None)
    assert watch_targets(preview.config, other).matches(other.resolve())
    preview.start()
    try:
        other.write_text('base_url = "https://example.org/archive/"\nper_page = 3\n')
        assert preview.rebuild({str(other.resolve())})
        assert preview.config.per_page == 3
    finally:
        preview.stop()


class SlowRebuilds:
    """A preview build whose complete rebuild takes as long as the test wants, and whose quick
    step writes the edited text at once, as the real session's does."""

    def __init__(self):
        self.site: Path | None = None
        self.rebuilding = threading.Event()
        self.release = threading.Event()

    def quick(self, config, changed):
        if self.site is None:
            return None
        text = (config.root / "content" / "a.md").read_text(encoding="utf-8")
        (self.site / "index.html").write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
        return Step(self.site, ["index.html"])

    def __call__(self, config, out, changed, cancelled):
        if self.site is None:
            fake_build(config, out)
            self.site = out
        else:
            self.rebuilding.set()
            self.release.wait(TIMEOUT)  # the complete rebuild of the rest of the site
            fake_build(config, self.site)
        yield Step(self.site)


def test_a_save_during_a_complete_rebuild_is_shown_without_waiting_for_it(site):
    builds = SlowRebuilds()
    preview = PreviewServer(load_config(site / "site.toml"), builds, port=0, debounce=0.05, log=lambda m: None)
    preview.start()
    try:
        (site / "content" / "a.md").write_text("second version", encoding="utf-8")
        assert builds.rebuilding.wait(TIMEOUT)
        (site / "content" / "a.md").write_text("third version", encoding="utf-8")
        deadline = time.monotonic() + 1.0
        while "third version".encode() not in get(preview, BASE)[2] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "third version".encode() in get(preview, BASE)[2]
        assert not builds.release.is_set()  # shown while the rebuild still runs
    finally:
        builds.release.set()
        preview.stop()
