"""Copies of one story across an archive, as the build finds them, without building the site.

Reads every article under SITE's content folders, computes their shingle signatures
and groups the copies (``link.syndication``), timing each step, and prints how many
groups and articles in groups it found, the sizes of the groups, and a sample of
groups side by side (source, date, title and first words of each copy) to check by eye.

    python bench/syndication.py SITE [--folders content] [--sample 30] [--seed 1] [--jobs 2]
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.content import markup  # noqa: E402
from site_builder.content.sources import read_all  # noqa: E402
from site_builder.link.sources import name_sources  # noqa: E402
from site_builder.link.syndication import find_copies  # noqa: E402
from site_builder.model import Article, SourceDoc  # noqa: E402
from site_builder.text.shingles import signature  # noqa: E402


def analysed(doc: SourceDoc) -> tuple[Article, float]:
    """The part of the analysis copies are found with: the plain text and its signature,
    with the seconds the signature took (the rest the analysis does anyway)."""
    text = markup.plain_text(markup.body_html(doc))
    started = time.perf_counter()
    signed = signature(text)
    return Article(doc.slug, doc.meta, "", text, (), doc.path, doc.digest, signature=signed), \
        time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--folders", nargs="+", default=["content"])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    docs = [d for d in read_all(args.site.resolve(), tuple(args.folders)) if isinstance(d, SourceDoc)]
    read = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(analysed, docs, chunksize=64))
    articles = [article for article, _ in results]
    signing = sum(seconds for _, seconds in results)
    signed = time.perf_counter()
    sources = name_sources((a.meta.source for a in articles), {})
    copies = find_copies(articles, sources)
    grouped = time.perf_counter()
    sizes = collections.Counter(len(slugs) for slugs in copies.groups.values())
    print(f"{len(articles)} articles: {len(copies.groups)} groups, {len(copies.group_of)} articles in groups "
          f"({len(copies.group_of) - len(copies.groups)} copies a list shows no more)")
    print("group sizes:", ", ".join(f"{n}×{count}" for n, count in sorted(sizes.items())))
    print(f"read {read - started:.1f} s · plain text and signatures {signed - read:.1f} s ({args.jobs} processes; "
          f"the signatures {signing:.1f} s of one core's time) · grouping {grouped - signed:.1f} s")
    by_slug = {a.slug: a for a in articles}
    sample = random.Random(args.seed).sample(sorted(copies.groups), min(args.sample, len(copies.groups)))
    for number, gid in enumerate(sample, 1):
        print(f"\n#{number} ({len(copies.groups[gid])} copies)")
        for slug in copies.groups[gid]:
            a = by_slug[slug]
            words = " ".join(a.text.split()[:14])
            print(f"  {a.meta.source:12} {str(a.meta.date or ''):10}  {a.meta.title[:60]}\n      {words}")


if __name__ == "__main__":
    main()
