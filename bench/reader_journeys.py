"""A reader's journeys through a built archive, in Chromium on a phone, and what the site weighs.

    python bench/reader_journeys.py SITE [--day 2015-08-02]

SITE is a built site (the full archive: ``site-builder import saudinewsnet
../shared/corpora/saudinewsnet/*.zip --into DIR/content``, then ``site-builder
build`` in DIR). Served as GitHub Pages would, each journey in a fresh
context with a phone viewport (390×844). Printed:

- the taps and seconds from the home page to the first article of a given
  day, following links a reader sees (the archive in the navigation, the
  month's calendar, the day);
- DOMContentLoaded and HTML bytes of the entity index, of every entity list
  page it links to, and of the largest entity listing page;
- the whole output: MB of file bytes, files, the largest HTML file, the
  fullest folder — against the limits of GitHub Pages (1 GB a site, 25 MiB a
  file, and a practical 50,000 files a folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pagefind_browser import base_path, chromium, serve  # noqa: E402

PHONE = {"width": 390, "height": 844}
DCL = "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


def day_journey(browser, origin: str, prefix: str, day: str) -> tuple[int, float, str]:
    """Taps from the home page to the first article of ``day`` (YYYY-MM-DD)."""
    year, month, dd = day.split("-")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{origin}{prefix}", wait_until="domcontentloaded")
        taps = 0
        for href in (f"{prefix}archive/", f"{prefix}archive/{year}/{month}/",
                     f"{prefix}archive/{year}/{month}/{dd}/"):
            link = page.locator(f'a[href="{href}"]').first
            if link.count() == 0:
                return taps, time.perf_counter() - started, f"no link to {href} on {page.url}"
            link.click()
            page.wait_for_load_state("domcontentloaded")
            taps += 1
        first = page.locator("main a[href*='/articles/']").first
        title = first.inner_text()
        first.click()
        page.wait_for_load_state("domcontentloaded")
        return taps + 1, time.perf_counter() - started, title[:60]
    finally:
        context.close()


def page_load(browser, url: str) -> float:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        return page.evaluate(DCL)
    finally:
        context.close()


def site_weight(site: Path) -> dict:
    total = files = 0
    largest_html = (0, "")
    fullest = (0, "")
    for folder, _, names in os.walk(site):
        if len(names) > fullest[0]:
            fullest = (len(names), os.path.relpath(folder, site))
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            files += 1
            if name.endswith(".html") and size > largest_html[0]:
                largest_html = (size, os.path.relpath(os.path.join(folder, name), site))
    return {"bytes": total, "files": files, "largest_html": largest_html, "fullest": fullest}


def entity_lists(site: Path) -> list[Path]:
    """The entity index and every listing page under entities/ that is not an entity's own page."""
    entities = site / "entities"
    pages = [entities / "index.html"]
    pages += sorted(p for p in entities.rglob("index.html")
                    if p.parent != entities and p.parent.parent.name in ("entities", "page", "letter")
                    and (p.parent.parent.name != "entities" or p.parent.name in
                         ("person", "place", "organization", "misc", "persons", "places", "organizations")))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--day", default="2015-08-02")
    args = parser.parse_args()
    prefix = base_path(args.site)
    weight = site_weight(args.site)
    lists = entity_lists(args.site)
    biggest_list = max(lists, key=lambda p: p.stat().st_size)
    with serve(args.site, compress=True) as (origin, _), chromium() as browser:
        taps, seconds, landed = day_journey(browser, origin, prefix, args.day)
        index_ms = page_load(browser, f"{origin}{prefix}entities/")
        rel = biggest_list.parent.relative_to(args.site).as_posix()
        list_ms = page_load(browser, f"{origin}{prefix}{rel}/")
    print("| journey or measure | result | budget |")
    print("|---|---|---|")
    print(f"| home → first article of {args.day} | {taps} taps, {seconds:.2f} s ({landed}) | ≤ 3 taps to the day |")
    print(f"| entity index: DOMContentLoaded, HTML | {index_ms:.0f} ms, "
          f"{(args.site / 'entities' / 'index.html').stat().st_size / 1024:,.0f} KB | ≤ 1 s, ≤ 300 KB |")
    print(f"| largest entity listing ({rel}/): DOMContentLoaded, HTML | {list_ms:.0f} ms, "
          f"{biggest_list.stat().st_size / 1024:,.0f} KB | ≤ 1 s, ≤ 300 KB |")
    print(f"| entity listing pages measured | {len(lists)} | |")
    print(f"| output | {weight['bytes'] / 1e6:,.0f} MB in {weight['files']:,} files | ≤ 600 MB; GitHub Pages 1 GB |")
    size, path = weight["largest_html"]
    print(f"| largest HTML file | {path}, {size / 1024:,.0f} KB | ≤ 300 KB (article pages: their text) |")
    count, folder = weight["fullest"]
    print(f"| fullest folder | {folder}, {count:,} files | < 50,000 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
