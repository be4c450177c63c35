"""How long the preview server takes to show one edited article.

    python bench/preview_latency.py [--size 5000] [--edits 3]

Imports the SaudiNewsNet corpus into a temporary site, keeps its first N
articles, builds it the way ``site-builder serve`` does (in place, read and
analysed articles kept in memory, search index left to the background), then
edits one article at a time and prints the time of each rebuild by stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import import_corpus, make_site  # noqa: E402

from site_builder.build import BuildMemory, build  # noqa: E402
from site_builder.config import load_config  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-") as scratch:
        scratch = Path(scratch)
        if import_corpus(scratch / "imported") is None:
            return 2
        site = scratch / "site"
        make_site(site, scratch / "imported", args.size)
        config = load_config(site / "site.toml")
        memory = BuildMemory()
        first = build(config, site / "_site", memory=memory, in_place=True, defer_search=True)
        print(f"first build: {first.seconds:.1f} s, {first.files:,} files")
        print("| edit | seconds | files rendered | " + " | ".join(first.timings) + " |")
        print("|---:|---:|---:|" + "---:|" * len(first.timings))
        times = []
        articles = sorted((site / "content").rglob("*.md"))
        for n in range(args.edits):
            path = articles[(n + 1) * len(articles) // (args.edits + 1)]
            path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: تعديل ", 1),
                            encoding="utf-8")
            result = build(config, site / "_site", memory=memory, in_place=True, defer_search=True)
            times.append(result.seconds)
            stages = " | ".join(f"{result.timings.get(k, 0):.2f}" for k in first.timings)
            print(f"| {n + 1} | {result.seconds:.2f} | {result.rendered} | {stages} |")
        print(f"median rebuild: {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
