"""Lines that recur verbatim across many articles of one SaudiNewsNet source.

Scraped pages carry navigation, share prompts, credits and tag lists that
repeat from article to article; news text almost never does. This counts, per
source, in how many distinct articles each paragraph occurs (whole line, and
separately the first and last few words of the first and last paragraph, where
scraped prefixes and suffixes stick to the text), and prints the most common.

    python bench/recurring_lines.py ZIP [ZIP ...] [--min 20] [--top 15]

With ``--cleaned`` the counts are taken after the importer's cleaning (page
furniture cut, byline taken out of the text), to check what is left.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.importers.saudinewsnet import cleaned_text  # noqa: E402

EDGE_WORDS = 4


def articles(paths: list[Path]):
    seen: set[str] = set()
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".json"))
            for record in json.loads(archive.read(name)):
                if record.get("url") in seen:
                    continue
                seen.add(record.get("url"))
                yield record


def paragraphs(content: str) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in content.split("\n")) if p]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zips", nargs="+", type=Path)
    parser.add_argument("--min", type=int, default=20, help="articles a line must recur in")
    parser.add_argument("--top", type=int, default=15, help="lines shown per source and kind")
    parser.add_argument("--cleaned", action="store_true", help="count after the importer cleans")
    args = parser.parse_args()

    lines: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    heads: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    tails: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    totals: collections.Counter = collections.Counter()
    for record in articles(args.zips):
        source = record.get("source") or "?"
        if args.cleaned:
            paras = cleaned_text(record.get("content") or "", record.get("author") or "", source).paragraphs
        else:
            paras = paragraphs(record.get("content") or "")
        if not paras:
            continue
        totals[source] += 1
        lines[source].update(set(paras))
        heads[source][" ".join(paras[0].split()[:EDGE_WORDS])] += 1
        tails[source][" ".join(paras[-1].split()[-EDGE_WORDS:])] += 1

    for source in sorted(totals):
        print(f"\n## {source}: {totals[source]} articles")
        for kind, counter in (("line", lines), ("first words", heads), ("last words", tails)):
            common = [(t, n) for t, n in counter[source].most_common(args.top) if n >= args.min]
            for text, count in common:
                shown = text if len(text) <= 100 else text[:97] + "…"
                print(f"{count:6d}  {kind:11s}  {shown}")


if __name__ == "__main__":
    main()
