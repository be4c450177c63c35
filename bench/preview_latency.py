"""How long the preview server takes to show an edited article in the browser.

    python bench/preview_latency.py [--size 5000] [--edits 5] [--gaps 2,5,10] [--site DIR]

Imports the SaudiNewsNet corpus into a temporary site and keeps its first N
articles (0: all), starts ``site-builder serve`` on it (in this process, on
a free port), opens one article in headless Chromium, then edits that
article's file several times. For each edit it prints how long after the save
the open tab showed the new text, and how long the complete rebuild of the
rest of the site took (the reference: without the fast first step, the tab
would have waited that long).

Then a burst, as a writer saves while revising: one save every few seconds
(``--gaps``, cycled), each made whether or not the previous rebuild has
finished, so most land while a complete rebuild or the search index is still
running. For each save: the seconds until the open tab showed it.

``--site DIR`` runs on an existing site folder instead (its analysis cache
makes the first build shorter); the edited article is restored at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import import_corpus, make_site  # noqa: E402

from site_builder.config import load_config  # noqa: E402
from site_builder.preview.server import PreviewServer  # noqa: E402
from site_builder.preview.session import RebuildSession  # noqa: E402
from site_builder.render.urls import Urls, iri_quote  # noqa: E402
from site_builder.text.slugs import slugify  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000, help="articles in the site (0: the whole corpus)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--site", type=Path, help="an existing site folder (default: a new one from the corpus)")
    parser.add_argument("--gaps", default="2,5,10,3,7,2,4,8",
                        help="seconds between the saves of the burst, comma-separated (empty: no burst)")
    args = parser.parse_args()
    gaps = [float(g) for g in args.gaps.split(",") if g.strip()]
    with tempfile.TemporaryDirectory(prefix="preview-") as scratch:
        scratch = Path(scratch)
        if args.site:
            site = args.site.resolve()
        else:
            if import_corpus(scratch / "imported") is None:
                return 2
            site = scratch / "site"
            make_site(site, scratch / "imported", args.size or 10**9)
        articles = sorted((site / "content").rglob("*.md"))
        target = articles[len(articles) // 2]
        original = target.read_bytes()
        try:
            return _run(site, articles, target, args.edits, gaps)
        finally:
            target.write_bytes(original)


def _run(site: Path, articles: list[Path], target: Path, edits: int, gaps: list[float]) -> int:
    from playwright.sync_api import sync_playwright
    server = PreviewServer(load_config(site / "site.toml"), RebuildSession(), port=0, log=lambda m: None)
    started = time.perf_counter()
    server.start()
    print(f"{len(articles):,} articles; first build {time.perf_counter() - started:.1f} s", flush=True)
    address = server.url + iri_quote(Urls.article(slugify(target.stem)))
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            tab = browser.new_page()
            tab.goto(address)
            print("| edit | shown in the open tab (s) | complete rebuild (s) | ratio |", flush=True)
            print("|---:|---:|---:|---:|", flush=True)
            for n in range(1, edits + 1):
                shown, complete = _edit(server, tab, target, f"تعديل تجريبي رقم {n}")
                rows.append((shown, complete))
                print(f"| {n} | {shown:.2f} | {complete:.2f} | {shown / complete:.2f} |", flush=True)
                time.sleep(1.0)  # let the background search index settle between edits
            shown, complete = (statistics.median(column) for column in zip(*rows))
            print(f"| median | {shown:.2f} | {complete:.2f} | {shown / complete:.2f} |", flush=True)
            if gaps:
                _burst(tab, target, gaps)
            browser.close()
    finally:
        server.stop()
    return 0


def _edit(server: PreviewServer, tab, path: Path, marker: str) -> tuple[float, float]:
    """Save a new first paragraph; seconds until the tab shows it, and until the site is complete."""
    generation = server.hub.state.generation
    saved = _save(path, marker)
    shown = _shown(tab, marker, saved, limit=float("inf"))
    complete = _settled(server, generation) - saved
    return shown, complete


def _save(path: Path, marker: str) -> float:
    """Put ``marker`` as the article's new first paragraph; when it was saved."""
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5
    saved = time.perf_counter()
    path.write_text(text[:body] + marker + ".\n\n" + text[body:], encoding="utf-8")
    return saved


def _burst(tab, path: Path, gaps: list[float]) -> None:
    """Saves ``gaps`` seconds apart, never waiting for a rebuild; each one's time to show."""
    print("\n| save | seconds after the previous save | shown in the open tab (s) |", flush=True)
    print("|---:|---:|---:|", flush=True)
    shown_all = []
    for n, gap in enumerate(gaps, 1):
        marker = f"تعديل متتابع رقم {n}"
        saved = _save(path, marker)
        shown = _shown(tab, marker, saved, limit=60.0)
        shown_all.append(shown)
        print(f"| {n} | {gaps[n - 2] if n > 1 else 0:.0f} | {shown:.2f} |", flush=True)
        time.sleep(max(0.0, saved + gap - time.perf_counter()))
    print(f"| median | | {statistics.median(shown_all):.2f} |", flush=True)
    print(f"| worst | | {max(shown_all):.2f} |", flush=True)


def _shown(tab, marker: str, saved: float, limit: float) -> float:
    while time.perf_counter() - saved < limit:
        try:
            if marker in tab.inner_text("main", timeout=1000):
                return time.perf_counter() - saved
        except Exception:
            pass  # the tab is reloading
        time.sleep(0.01)
    return float("inf")


def _settled(server: PreviewServer, generation: int) -> float:
    """When the rebuild after ``generation`` ended (both of its steps)."""
    while True:
        if server.hub.state.generation > generation and not server._debouncer.pending() \
                and server._build_lock.acquire(blocking=False):
            server._build_lock.release()
            return time.perf_counter()
        time.sleep(0.01)


if __name__ == "__main__":
    raise SystemExit(main())
