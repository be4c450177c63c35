"""Write a benchmark corpus of N articles (30k, 100k, 300k …) made from SaudiNewsNet.

    python bench/make_corpus.py N OUT [--from CONTENT] [--seed 1] [--years 4]

The articles are the corpus's own, as ``site-builder import saudinewsnet``
writes them (``--from`` an imported folder, or else the exports in
../shared/corpora/saudinewsnet/*.zip, imported first into a scratch folder),
taken round after round in an order of their own until N are written. Each
one keeps its title, source, byline and address, and:

- gets a slug of its own (``<source>-<12 hex>``, in ``OUT/<source>/<YYYY-MM>/``
  as the importer lays them out), so N can exceed the corpus;
- a day drawn over ``--years`` years ending on the corpus's last day (the time
  of day it was fetched is kept), so the archive has years of days and months;
- its text recombined: after its first paragraph, each paragraph is replaced
  with even odds by one of a recent article of the same source, and a text
  already written gets another paragraph, so no two articles are the same.

The same N, seed and input always give the same files. The corpus is read one
article at a time (only the paths, a few recent paragraphs per source and a
hash per written text are held), so memory stays flat whatever N is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "saudinewsnet"
WINDOW = 200
"""Recent paragraphs kept per source to recombine texts with."""

_DATE = re.compile(r"^date: (\d{4}-\d\d-\d\d)$", re.M)
_EXTRACTED = re.compile(r"^date_extracted: (\d{4}-\d\d-\d\d)( .*)?$", re.M)
_SOURCE = re.compile(r"^source: (.+)$", re.M)


def split(text: str) -> tuple[str, list[str]]:
    """(front matter with its fences, paragraphs) of an imported article."""
    _, head, body = text.split("---\n", 2)
    return head, [p for p in body.strip("\n").split("\n\n") if p.strip()]


def make_corpus(articles: list[Path], count: int, out: Path, seed: int, years: int) -> dict[str, int]:
    """Write ``count`` articles into ``out``; returns what was done, for the summary."""
    end = max(_corpus_days(articles))
    days = 365 * years
    window: dict[str, deque[str]] = defaultdict(lambda: deque(maxlen=WINDOW))
    written: set[int] = set()
    slugs: set[str] = set()
    stats = {"articles": 0, "paragraphs replaced": 0, "paragraphs added": 0, "bytes": 0}
    for round_ in range((count + len(articles) - 1) // len(articles)):
        order = list(articles)
        random.Random(f"{seed}:order:{round_}").shuffle(order)
        for path in order[:count - stats["articles"]]:
            k = stats["articles"]
            pick = random.Random(f"{seed}:article:{k}")
            head, paragraphs = split(path.read_text(encoding="utf-8"))
            source = _SOURCE.search(head).group(1).strip()
            recent = window[source]
            text = paragraphs[:1]
            for paragraph in paragraphs[1:]:
                if recent and pick.random() < 0.5:
                    text.append(pick.choice(recent))
                    stats["paragraphs replaced"] += 1
                else:
                    text.append(paragraph)
            while _digest(text) in written and recent:
                text.append(pick.choice(recent))
                stats["paragraphs added"] += 1
            written.add(_digest(text))
            recent.extend(paragraphs)
            day = end - dt.timedelta(days=pick.randrange(days))
            head = _DATE.sub(f"date: {day.isoformat()}", head, count=1)
            head = _EXTRACTED.sub(lambda m: f"date_extracted: {day.isoformat()}{m.group(2) or ''}", head, count=1)
            slug = _slug(source, path.stem, k, slugs)
            target = out / source / f"{day:%Y-%m}" / f"{slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = f"---\n{head}---\n\n" + "\n\n".join(text) + "\n"
            target.write_text(data, encoding="utf-8")
            stats["articles"] += 1
            stats["bytes"] += len(data.encode("utf-8"))
    return stats


def _corpus_days(articles: list[Path]):
    """The days of a sample of the articles (the corpus's last day ends the new archive)."""
    step = max(1, len(articles) // 500)
    for path in articles[::step]:
        match = _DATE.search(path.read_text(encoding="utf-8")[:4000])
        if match:
            yield dt.date.fromisoformat(match.group(1))


def _digest(paragraphs: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b("\n\n".join(paragraphs).encode("utf-8"), digest_size=8).digest(), "big")


def _slug(source: str, stem: str, k: int, taken: set[str]) -> str:
    """A slug no other article of the corpus has: the source and a hash of the original and k."""
    salt = 0
    while True:
        slug = f"{source}-{hashlib.sha1(f'{stem}|{k}|{salt}'.encode()).hexdigest()[:12]}"
        if slug not in taken:
            taken.add(slug)
            return slug
        salt += 1


def imported(folder: Path | None, scratch: Path) -> Path:
    """The imported articles: ``folder``, or the corpus exports imported into ``scratch``."""
    if folder is not None:
        return folder
    zips = sorted(CORPUS.glob("*.zip"))
    if not zips:
        raise SystemExit(f"no SaudiNewsNet exports in {CORPUS}; give an imported folder with --from")
    sys.path.insert(0, str(REPO))
    from site_builder.importers.saudinewsnet import import_saudinewsnet
    print(import_saudinewsnet(zips, scratch).summary(), file=sys.stderr)
    return scratch


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="articles to write")
    parser.add_argument("out", type=Path, help="folder to write them into (a site's content folder)")
    parser.add_argument("--from", dest="source", type=Path,
                        help="a folder of imported SaudiNewsNet articles (default: import the exports)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=4, help="years the dates spread over")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f"{args.out} is not empty")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        articles = sorted(imported(args.source, Path(scratch)).rglob("*.md"))
        if not articles:
            raise SystemExit("no articles to make the corpus from")
        stats = make_corpus(articles, args.count, args.out, args.seed, args.years)
    seconds = time.perf_counter() - started
    print(f"| articles | from | paragraphs replaced | added | MB | seconds |\n|---:|---:|---:|---:|---:|---:|\n"
          f"| {stats['articles']:,} | {len(articles):,} | {stats['paragraphs replaced']:,} | "
          f"{stats['paragraphs added']:,} | {stats['bytes'] / 1e6:,.0f} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
