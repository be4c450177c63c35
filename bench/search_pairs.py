"""Do two spellings of a word find the same articles? And what does that cost in index size?

For every pair in ``search_pairs.tsv`` both words are searched on a built site
through Pagefind's own JavaScript in headless Chromium, folded by the search
page's ``normalizeQuery``, and the two result sets are compared (Jaccard).
With ``--compare-size ROOT`` (the site's folder, holding site.toml) the site is
built a second time, into a scratch folder, with search documents that carry no
search-only variant field, to show how much the extra forms cost.

Run from the repository root on a built site:

    python bench/search_pairs.py SITE_DIR [--compare-size ROOT] [--pairs bench/search_pairs.tsv]

Prints a markdown table and a summary line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagefind_browser import chromium, run_queries, serve  # noqa: E402

from site_builder.build import BuildOptions, build  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.search import documents  # noqa: E402

PAIRS = Path(__file__).with_name("search_pairs.tsv")


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, variant, kind = (line.split("\t") + ["", ""])[:3]
            rows.append((word, variant, kind))
    return rows


def jaccard(a: set, b: set) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_without_variants(root: Path) -> tuple[int, float]:
    """Bundle size (bytes) and seconds of the site's search index when its documents carry
    no variant field (the analysis cache makes the second build quick up to indexing)."""
    keep = documents.search_variants
    documents.search_variants = lambda article, names: ""
    try:
        with tempfile.TemporaryDirectory(prefix="pairs-", dir=root) as scratch:
            result = build(load_config(root / "site.toml", root=root), BuildOptions(output=Path(scratch) / "site"))
            return folder_bytes(Path(scratch) / "site" / "pagefind"), result.timings.get("search", 0.0)
    finally:
        documents.search_variants = keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--compare-size", type=Path, metavar="ROOT", help="the site's folder (with site.toml)")
    parser.add_argument("--threshold", type=float, default=0.95)
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    queries = sorted({w for pair in pairs for w in pair[:2]})
    started = time.perf_counter()
    with serve(args.site) as (origin, _), chromium() as browser:
        # Each query cold, in its own profile: Pagefind matches word beginnings only within
        # the index chunks it has loaded, so a warm session can find a few more pages.
        found = {q: set(run_queries(browser, origin, args.site, [q])[0]["ids"]) for q in queries}
    print(f"{len(queries)} queries in {time.perf_counter() - started:.1f} s\n")
    print("| word | variant | kind | hits word | hits variant | Jaccard |\n|---|---|---|---:|---:|---:|")
    scores = []
    for word, variant, kind in pairs:
        a, b = found[word], found[variant]
        scores.append(jaccard(a, b))
        print(f"| {word} | {variant} | {kind} | {len(a):,} | {len(b):,} | {scores[-1]:.3f} |")
    good = sum(s >= args.threshold for s in scores)
    print(f"\n**{good}/{len(scores)} pairs ≥ {args.threshold:.0%}; mean Jaccard {sum(scores) / len(scores):.3f}; "
          f"min {min(scores):.3f}**")
    with_forms = folder_bytes(args.site / "pagefind")
    print(f"\nindex with the extra forms: {with_forms:,} bytes")
    if args.compare_size:
        without, seconds = index_without_variants(args.compare_size)
        print(f"index without them: {without:,} bytes (indexed in {seconds:.0f} s); "
              f"growth {with_forms / without - 1:+.1%}")


if __name__ == "__main__":
    main()
