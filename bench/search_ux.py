"""What a reader gets from the search page: type a query on a phone, see results, open them.

    python bench/search_ux.py SITE [--queries FILE] [--open 3] [--delay 20]

SITE is a built site (for the full archive: ``site-builder import saudinewsnet
../shared/corpora/saudinewsnet/*.zip --into DIR/content`` then ``site-builder
build`` in DIR). The site is served as GitHub Pages would (gzip for text
files) and each query runs in a fresh Chromium context with a phone viewport
(390×844): open ``/search/``, type the query key by key, wait for the first
rendered result, then open the first ``--open`` results and check that the
article page marks the searched words. Printed per query: seconds from the
first keystroke to the first result, the longest main-thread task, DOM
elements once the first results are shown, bytes the server sent from the
first keystroke on, and all the search's bytes (the index files and name
lists, also those the page loaded on opening, before the first keystroke;
fonts and styles left out), the result count the page shows, and how many
opened results highlight the words; then the medians and the worst cases.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pagefind_browser import base_path, chromium, serve  # noqa: E402

QUERIES = [
    "بوتين", "الرياض", "السعودية", "وزير الخارجية", "موسكو", "لموسكو", "روسيا", "لروسيا",
    "دبي", "بدبي", "سلمان", "وسلمان", "مؤتمر", "موتمر", "مسؤول", "مسئول", "جدة", "الهلال",
    "كرة القدم", "أمير منطقة الرياض", "الأمم المتحدة", "ديوكوفيتش", "الكستناء", "زلمقطرونات",
]
PHONE = {"width": 390, "height": 844}
# Both the site's own results and Pagefind's default interface, so the same
# script measures a site before and after its search page changed.
RESULT = ".search-result, .pagefind-ui__result"
RESULT_LINK = ".search-result a.search-result-link, .pagefind-ui__result-link"
LONG_TASKS = ("window.__lt = [];"
              "new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__lt.push(e.duration)))"
              ".observe({entryTypes: ['longtask']});")
COUNT_JS = """() => {
  const own = document.querySelector('[data-result-count]');
  if (own) return own.dataset.resultCount;
  const message = document.querySelector('.pagefind-ui__message');
  return message ? message.textContent : '';
}"""


def measure(browser, origin: str, prefix: str, log: list, query: str, opened: int, delay: int) -> dict:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(LONG_TASKS)
    try:
        page = context.new_page()
        at_opening = len(log)
        page.goto(f"{origin}{prefix}search/", wait_until="load")
        box = page.wait_for_selector("input[type=search], input", state="visible")
        dom_before = page.evaluate("document.getElementsByTagName('*').length")
        page.evaluate("window.__lt = []")
        box.click()
        sent = len(log)
        started = time.perf_counter()
        page.keyboard.type(query, delay=delay)
        row = {"query": query, "first": None, "task": 0.0, "dom_before": dom_before}
        try:
            page.wait_for_selector(RESULT, timeout=120_000)
            row["first"] = time.perf_counter() - started
        except Exception:  # no result at all (a word absent from the archive)
            row["first"] = None
        page.wait_for_timeout(1500)  # let the batch finish rendering before counting
        row["task"] = page.evaluate("Math.max(0, ...window.__lt)")
        row["dom"] = page.evaluate("document.getElementsByTagName('*').length")
        row["bytes"] = sum(size for _, size in log[sent:])
        # What the search itself needs, also what the page fetched before the first keystroke:
        # the index it loads on opening (page chrome such as fonts and styles left out).
        row["search_bytes"] = sum(size for path, size in log[at_opening:] if "/pagefind/" in path or "/names/" in path)
        row["count"] = page.evaluate(COUNT_JS).strip()
        links = [a.get_attribute("href") for a in page.query_selector_all(RESULT_LINK)[:opened]]
        row["opened"], row["marked"] = len(links), 0
        for href in links:
            article = context.new_page()
            article.goto(href if href.startswith("http") else origin + href, wait_until="load")
            article.wait_for_timeout(300)
            if article.evaluate("document.querySelectorAll('mark.pagefind-highlight').length") > 0:
                row["marked"] += 1
            article.close()
        return row
    finally:
        context.close()


def cold_start(browser, origin: str, prefix: str, query: str) -> float | None:
    """Milliseconds from Pagefind starting to the first result, for a search page opened
    with its query in the address (a shared link, or the reader pressing Enter)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{origin}{prefix}search/?q={query}", wait_until="load")
        page.wait_for_selector(RESULT, timeout=60_000)
        return page.evaluate("""() => {
          const [start] = performance.getEntriesByName('search:pagefind-start');
          const [first] = performance.getEntriesByName('search:first-result');
          return start && first ? first.startTime - start.startTime : null;
        }""")
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=Path, help="one query per line (default: a built-in list of 24)")
    parser.add_argument("--open", type=int, default=3, help="results opened per query to check highlights")
    parser.add_argument("--delay", type=int, default=20, help="milliseconds between keystrokes")
    args = parser.parse_args()
    queries = QUERIES if args.queries is None else [
        q.strip() for q in args.queries.read_text(encoding="utf-8").splitlines() if q.strip()]
    prefix = base_path(args.site)
    rows = []
    with serve(args.site, compress=True) as (origin, log), chromium() as browser:
        for query in queries:
            rows.append(measure(browser, origin, prefix, log, query, args.open, args.delay))
            r = rows[-1]
            first = f"{r['first']:.2f}" if r["first"] is not None else "none"
            print(f"| {query} | {first} | {r['task']:.0f} | {r['dom_before']:,} | {r['dom']:,} | "
                  f"{r['bytes'] / 1024:,.0f} | {r['search_bytes'] / 1024:,.0f} | {r['count'][:40]} | "
                  f"{r['marked']}/{r['opened']} |", flush=True)
        colds = [cold_start(browser, origin, prefix, query) for query in queries[:5]]
    print()
    found = [r["first"] for r in rows if r["first"] is not None]
    opened = sum(r["opened"] for r in rows)
    print("| median first result s | worst first s | longest task ms | max DOM | median KB | max KB | "
          "median search KB | max search KB | highlighted |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {statistics.median(found):.2f} | {max(found):.2f} | {max(r['task'] for r in rows):.0f} | "
          f"{max(r['dom'] for r in rows):,} | {statistics.median(r['bytes'] for r in rows) / 1024:,.0f} | "
          f"{max(r['bytes'] for r in rows) / 1024:,.0f} | "
          f"{statistics.median(r['search_bytes'] for r in rows) / 1024:,.0f} | "
          f"{max(r['search_bytes'] for r in rows) / 1024:,.0f} | "
          f"{sum(r['marked'] for r in rows)}/{opened} ({100 * sum(r['marked'] for r in rows) / max(1, opened):.0f} %) |")
    known = [c for c in colds if c is not None]
    if known:
        print(f"\ncold start (Pagefind starting → first result, query in the address), first {len(colds)} queries: "
              f"median {statistics.median(known):.0f} ms, worst {max(known):.0f} ms")
    return 0


if __name__ == "__main__":
    print("| query | first result s | longest task ms | DOM before | DOM after | KB from keystroke | "
          "search KB from opening | count | highlighted |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    sys.exit(main())
