"""Bytes downloaded and milliseconds taken by a cold first search.

Each query runs in a fresh browser profile (empty cache) on a built site:
Pagefind's JavaScript is loaded, every index part merged, the query folded as
the search page folds it, and the first ten results' data fetched. Bytes are
counted by the server, per file kind.

Run from the repository root on a built site:

    python bench/search_bytes.py SITE_DIR [--gzip] [QUERY ...]

``--gzip`` compresses text files (the JavaScript) as GitHub Pages does.
Prints a markdown table and min / median / max.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagefind_browser import chromium, run_queries, serve  # noqa: E402

QUERIES = ["السعودية", "الرياض", "وزير الصحة", "النفط", "داعش", "كرة القدم", "الحوثيين", "ولي العهد",
           "أسعار النفط", "الهلال", "مكة المكرمة", "التعليم", "الإرهاب", "سوق الأسهم"]
KINDS = [("js", (".js",)), ("wasm", (".pagefind",)), ("meta", (".pf_meta", "entry.json", "parts.json")),
         ("index", (".pf_index",)), ("fragments", (".pf_fragment",)), ("filters", (".pf_filter",))]


def kind_of(path: str) -> str:
    return next((name for name, ends in KINDS if path.endswith(ends)), "page")


def summary(values: list[float]) -> str:
    return f"{min(values):,.0f} / {statistics.median(values):,.0f} / {max(values):,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args()
    names = [name for name, _ in KINDS]
    print("| query | results | ms load+init | ms search | ms search+10 results | " + " | ".join(names) + " | search bytes | requests |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(names) + "---:|---:|")
    totals, times, inits, answers, requests = [], [], [], [], []
    with serve(args.site, compress=args.gzip) as (origin, log), chromium() as browser:
        for query in args.queries:
            log.clear()
            row = run_queries(browser, origin, args.site, [query], fragments=10)[0]
            by_kind = dict.fromkeys(names, 0)
            for path, size in log:
                if kind_of(path) != "page":
                    by_kind[kind_of(path)] += size
            total = sum(by_kind.values())
            totals.append(total)
            times.append(row["ms"])
            inits.append(row["msInit"])
            answers.append(row["msInit"] + row["ms"])
            requests.append(sum(kind_of(p) != "page" for p, _ in log))
            cells = " | ".join(f"{by_kind[n]:,}" for n in names)
            print(f"| {query} | {len(row['ids']):,} | {row['msInit']:.0f} | {row['ms']:.0f} | {row['msData']:.0f} | {cells} | "
                  f"{total:,} | {requests[-1]} |")
    print(f"\nbytes per cold search (min / median / max): {summary(totals)}")
    print(f"ms to load and start Pagefind (min / median / max): {summary(inits)}")
    print(f"ms from query to results, Pagefind started (min / median / max): {summary(times)}")
    print(f"ms from a cold start to results (min / median / max): {summary(answers)}")
    print(f"requests (min / median / max): {summary(requests)}")


if __name__ == "__main__":
    main()
