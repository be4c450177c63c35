"""Time the archive-wide stages of a build on a site whose analyses are cached.

    python bench/archive_stages.py --site SITE [--runs 3] [--against CHECKOUT]

Between analysis and rendering a build reads every source, then propagates the
agreed names, resolves aliases and links the archive in one process: these
stages are what a rebuild with every analysis cached costs, and they grow with
the archive. Each run is a new process that reads the sources, loads every
analysis from SITE's cache (``.site-cache``; build SITE once first) and times
each stage. ``--against`` names another checkout of the project (a git
worktree of an older commit): its runs alternate with this one's, in the same
conditions, and the table gives the medians of both and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ("read", "detach", "propagate", "resolve", "link")

_CHILD = r"""
import json, sys, time
from pathlib import Path
from site_builder.analyse import _with_meta, cache_key
from site_builder.build import make_recogniser, read_sources, site_sources
from site_builder.config import load_config
from site_builder.link.aliases import resolve
from site_builder.link.curation import load_curation
from site_builder.link.graph import link
try:
    from site_builder.link.proclitics import detach_proclitics
except ImportError:  # a checkout from before that stage
    def detach_proclitics(articles):
        return articles
from site_builder.link.propagation import propagate
from site_builder.link.syndication import find_copies
from site_builder.report import Reporter
from site_builder.state.analysis_cache import AnalysisCache

config = load_config(Path(sys.argv[1]) / "site.toml", {})
times = {}
clock = time.perf_counter()
docs = read_sources(config, Reporter(quiet=True), {})
times["read"] = time.perf_counter() - clock
curation = load_curation(config.path(config.entities.curation))
recogniser = make_recogniser(config, curation)
keys = [cache_key(doc, recogniser) for doc in docs]
cache = AnalysisCache(config.path(config.cache))
found = cache.get_many(keys)
missing = sum(key not in found for key in keys)
if missing:
    sys.exit(f"{missing} of {len(keys)} articles have no cached analysis: build the site first")
articles = [_with_meta(found[key], doc) for key, doc in zip(keys, docs)]
clock = time.perf_counter()
articles = detach_proclitics(articles)
times["detach"] = time.perf_counter() - clock
clock = time.perf_counter()
articles = propagate(articles)
times["propagate"] = time.perf_counter() - clock
clock = time.perf_counter()
resolution = resolve(articles, curation)
times["resolve"] = time.perf_counter() - clock
sources = site_sources(config, articles)
copies = find_copies(articles, sources)
clock = time.perf_counter()
link(articles, resolution, sources=sources, related=config.entities.related,
     cooccurring=config.entities.cooccurring, syndication=copies, page_articles=config.entities.page_articles)
times["link"] = time.perf_counter() - clock
times["articles"] = len(articles)
print(json.dumps(times))
"""


def one_run(checkout: Path, site: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(site)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "the run failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout to compare with, run alternately")
    args = parser.parse_args()
    checkouts = {"this checkout": REPO}
    if args.against:
        checkouts["--against"] = args.against.resolve()
    runs: dict[str, list[dict]] = {name: [] for name in checkouts}
    for n in range(args.runs):
        for name, checkout in checkouts.items():
            runs[name].append(one_run(checkout, args.site.resolve()))
            print(f"run {n + 1} {name}: " + ", ".join(f"{s} {runs[name][-1][s]:.1f} s" for s in STAGES),
                  file=sys.stderr)
    articles = runs["this checkout"][0]["articles"]
    print(f"\n{articles:,} articles, median of {args.runs} runs (seconds)\n")
    names = list(checkouts)
    header = "| stage | " + " | ".join(names) + (" | --against / this |" if len(names) == 2 else " |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for stage in (*STAGES, "total"):
        medians = [statistics.median(sum(r[s] for s in STAGES) if stage == "total" else r[stage] for r in runs[name])
                   for name in names]
        cells = " | ".join(f"{m:.1f}" for m in medians)
        ratio = f" | {medians[1] / medians[0]:.2f}×" if len(names) == 2 and medians[0] else ""
        print(f"| {stage} | {cells}{ratio} |")


if __name__ == "__main__":
    main()
