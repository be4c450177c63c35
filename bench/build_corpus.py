"""Build the SaudiNewsNet corpus (or its first N articles) and print a table.

    python bench/build_corpus.py [--sizes 1000 5000 0] [--runs 1]

Imports the corpus with ``site-builder import saudinewsnet`` into a scratch
site, then times a cold build (empty cache) and a warm rebuild (nothing
changed) of each size. Needs the corpus beside the repository
(../shared/corpora/saudinewsnet/*.zip).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import folder_size, run  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "saudinewsnet"


def make_site(root: Path, all_articles: Path, size: int) -> None:
    """A site holding the first ``size`` imported articles (in path order)."""
    files = sorted(all_articles.rglob("*.md"))[:size]
    for path in files:
        target = root / "content" / path.relative_to(all_articles)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.hardlink_to(path)
    (root / "site.toml").write_text('title = "SaudiNewsNet"\ncontent = ["content"]\n'
                                    'base_url = "https://example.github.io/archive/"\n', encoding="utf-8")


def import_corpus(into: Path):
    """Import every SaudiNewsNet export into ``into``; None when the corpus is absent."""
    zips = sorted(CORPUS.glob("*.zip"))
    if not zips:
        print(f"corpus not found in {CORPUS}", file=sys.stderr)
        return None
    return run([sys.executable, "-m", "site_builder", "import", "saudinewsnet", *map(str, zips),
                "--into", str(into)], cwd=REPO)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 0],
                        help="articles per build; 0 = the whole imported corpus")
    parser.add_argument("--runs", type=int, default=1, help="cold builds per size (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        imported = scratch / "imported"
        cli = [sys.executable, "-m", "site_builder"]
        m = import_corpus(imported)
        if m is None:
            return 2
        print(f"import: {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, peak {m.peak_rss / 2**20:.0f} MiB")
        rows = []
        total = len(list(imported.rglob("*.md")))
        for size in (s or total for s in args.sizes):
            site = scratch / f"site-{size}"
            make_site(site, imported, size)
            colds = []
            for _ in range(args.runs):
                shutil.rmtree(site / ".site-cache", ignore_errors=True)
                colds.append(run(cli + ["build", "--quiet"], cwd=site))
            warm = run(cli + ["build", "--quiet"], cwd=site)
            cold = sorted(colds, key=lambda c: c.wall)[len(colds) // 2]
            size_bytes, files = folder_size(site / "_site")
            rows.append((size, statistics.median(c.wall for c in colds), cold.cpu, cold.peak_rss,
                         warm.wall, size_bytes, files))
        print()
        print("| articles | cold wall s | cold CPU s | peak MiB (tree) | warm wall s | warm/cold | output MB | files | articles/s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, wall, cpu, peak, warm, size_bytes, files in rows:
            print(f"| {size:,} | {wall:.1f} | {cpu:.1f} | {peak / 2**20:,.0f} | {warm:.1f} | {warm / wall:.2f} | "
                  f"{size_bytes / 1e6:.0f} | {files:,} | {size / wall:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
