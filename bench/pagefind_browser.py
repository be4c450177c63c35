"""Serve a built site as GitHub Pages would and run Pagefind in headless Chromium.

The server logs every byte it sends: Pagefind searches in a Web Worker, and
the browser's request events miss some of the worker's fetches.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update"]
# GitHub Pages compresses text files; Pagefind's own data files are gzip already.
_TEXT = (".js", ".json", ".css", ".html")

# Runs in the page: Pagefind's own API with every part merged, the query folded
# exactly as the search page folds it (with the archive's names it needs).
SEARCH_JS = """
async ([bundle, queries, fragments]) => {
  const { lettersNeeded, nameList, normalizeQuery } = await import(
    new URL("../search/normalize.js", new URL(bundle, location.href)).href);
  const namesUrl = new URL("../search/names/", new URL(bundle, location.href)).href;
  // The archive's names for the letters a query needs, as the search page fetches them.
  const namesFor = async (query) => {
    const list = nameList();
    for (const letter of lettersNeeded(query)) {
      const code = letter.codePointAt(0).toString(16).padStart(4, "0");
      const response = await fetch(`${namesUrl}${code}.json`);
      if (response.ok) {
        const shard = await response.json();
        shard.names.forEach((name) => list.names.add(name));
        shard.ordinary.forEach((word) => list.ordinary.add(word));
      }
    }
    return list;
  };
  const started = performance.now();
  const pf = await import(bundle + "pagefind.js");
  await pf.init();
  const listed = await fetch(bundle + "parts.json");
  // Newest first, the first being the bundle itself (a list of paths before the parts were periods).
  const listing = listed.ok ? await listed.json() : [];
  const parts = Array.isArray(listing) ? listing : listing.parts.slice(1).map((part) => part.path);
  await Promise.all(parts.map((part) => pf.mergeIndex(bundle + part)));
  const msInit = performance.now() - started;
  const out = [];
  for (const query of queries) {
    const t0 = performance.now();
    const search = await pf.search(normalizeQuery(query, await namesFor(query)));
    const t1 = performance.now();
    await Promise.all(search.results.slice(0, fragments).map((r) => r.data()));
    out.push({ query, ids: search.results.map((r) => r.id), msInit, ms: t1 - t0, msData: performance.now() - t0 });
  }
  return out;
}
"""


def base_path(site: Path) -> str:
    """The site's path prefix (/archive/ for a project site), read from its search page."""
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-bundle="([^"]*)pagefind/"', page)
    return match.group(1) if match else "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    log: list[tuple[str, int]]
    compress = False

    def translate_path(self, path):
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def send_head(self):
        self._gzip = self.compress and self.path.split("?")[0].endswith(_TEXT) \
            and "gzip" in self.headers.get("Accept-Encoding", "")
        return super().send_head()

    def send_header(self, keyword, value):
        if getattr(self, "_gzip", False) and keyword == "Content-Length":
            return  # the compressed length is not known yet; close the connection instead
        super().send_header(keyword, value)

    def end_headers(self):
        if getattr(self, "_gzip", False):
            super().send_header("Content-Encoding", "gzip")
            self.close_connection = True
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        if getattr(self, "_gzip", False):
            data = gzip.compress(data, mtime=0)
        outputfile.write(data)
        self.log.append((self.path.split("?")[0], len(data)))

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path, compress: bool = False):
    """Yield (origin, byte log) for a server of ``site`` under its own base path."""
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"prefix": base_path(site), "log": log, "compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run_queries(browser, origin: str, site: Path, queries: list[str], fragments: int = 0) -> list[dict]:
    """Search ``queries`` one after the other in a fresh browser profile."""
    context = browser.new_context()
    try:
        page = context.new_page()
        prefix = base_path(site)
        page.goto(origin + prefix)  # the home page: it loads no search code of its own
        return page.evaluate(SEARCH_JS, [prefix + "pagefind/", queries, fragments])
    finally:
        context.close()
