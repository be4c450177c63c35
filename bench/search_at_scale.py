"""The search of a larger archive than we have: the index of N articles, searched as a reader does.

    python bench/search_at_scale.py SITE N OUT

SITE is a built site (the full SaudiNewsNet import); OUT receives a search-only
site of N articles: SITE's articles taken round after round from its own index
(each page's text, title, date and source, as the search documents give them),
every round dated a month earlier and given slugs of its own, indexed by the
build's indexer (``SearchIndex``, period parts newest first), with SITE's search
page, scripts and styles. Only the search is built: no article, entity or list
page, so the opened results are not checked. Then, in Chromium with a phone
viewport and a fresh context per query, each query is opened with the query in
the address and typed as a reader would (``search_ux.py``): what a first search
downloads and how soon its first result shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import shutil
import subprocess
import sys
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.search.documents import ORDER_FILE  # noqa: E402
from site_builder.search.index import SearchIndex  # noqa: E402

_MAGIC = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    """Every page of SITE's search index, newest first (by the ranks in the fragments' names)."""
    listing = json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    pages = []
    for part in listing["parts"]:
        for path in (site / "pagefind" / part["path"] / "fragment").iterdir():
            raw = gzip.decompress(path.read_bytes())
            pages.append((int(path.stem.rsplit(".", 1)[1], 16), json.loads(raw[len(_MAGIC):])))
    return [page for _, page in sorted(pages, key=lambda item: item[0])]


def write_documents(pages: list[dict], count: int, folder: Path) -> None:
    """``count`` search documents, newest first: round r is SITE's archive, r months earlier."""
    listing = []
    for number in range(count):
        page = pages[number % len(pages)]
        shift = number // len(pages)
        day = page["meta"].get("date", "")
        if day:
            day = (dt.date.fromisoformat(day) - dt.timedelta(days=30 * shift)).isoformat()
        slug = f"r{shift}-{page['url'].strip('/').split('/')[-1]}"
        source = next(iter(page.get("filters", {}).get("المصدر", [])), "")
        head = f'<meta data-pagefind-meta="title[content]" content="{escape(page["meta"].get("title", ""))}">'
        if day:
            head += f'<meta data-pagefind-meta="date[content]" content="{day}">'
        tags = f'<span data-pagefind-filter="المصدر:{escape(source)}"></span>' if source else ""
        target = folder / "articles" / slug
        target.mkdir(parents=True)
        (target / "index.html").write_text(
            f'<!DOCTYPE html><html lang="ar"><head>{head}</head><body><main data-pagefind-body>'
            f'<p>{escape(page["content"])}</p></main><div hidden>{tags}</div></body></html>\n', encoding="utf-8")
        listing.append(f"articles/{slug}/index.html\t{day}\n")
    (folder / ORDER_FILE).write_text("".join(listing), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--queries", type=int, default=8, help="how many of search_ux.py's queries to run")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    started = time.perf_counter()
    pages = fragments(args.site)
    documents = args.out / ".documents"
    write_documents(pages, args.count, documents)
    written = time.perf_counter()
    with SearchIndex(args.out, documents) as index:
        index.add_articles()
    indexed = time.perf_counter()
    shutil.rmtree(documents)
    for name in ("search", "css", "fonts", "favicon.svg"):
        source = args.site / name
        if source.is_dir():
            shutil.copytree(source, args.out / name)
        elif source.exists():
            shutil.copy2(source, args.out / name)
    listing = json.loads((args.out / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in (args.out / "pagefind").rglob("*") if p.is_file())
    print(f"{args.count:,} articles from {len(pages):,}: documents {written - started:.0f} s, "
          f"index {indexed - written:.0f} s, {len(listing['parts'])} parts, {size / 1e6:.1f} MB")
    print("parts:", ", ".join(f"{p['path'] or '/'} {p['pages']:,} ({p['oldest']}…{p['newest']})"
                              for p in listing["parts"]))
    from search_ux import QUERIES
    queries = args.out / ".queries.txt"
    queries.write_text("\n".join(QUERIES[:args.queries]) + "\n", encoding="utf-8")
    return subprocess.call([sys.executable, str(Path(__file__).parent / "search_ux.py"), str(args.out),
                            "--queries", str(queries), "--open", "0"])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
