"""Compare our full build with the pipeline people would use instead: Hugo + the Pagefind CLI.

    python bench/compare.py [--sizes 1000 5000 0] [--runs 1]

Requires Debian's Hugo (``apt-get install hugo``) and the Pagefind binary of the
pip package (``pip install 'pagefind[bin]'``, run as ``python -m pagefind``, the
same binary our build uses); it installs nothing. Needs the SaudiNewsNet corpus
beside the repository, as ``bench/build_corpus.py`` does.

The corpus is imported once; for each size the first N articles go, once, into
our site folder and into a minimal Hugo site rendering the same articles as plain
right-to-left pages (no taxonomies, feeds or sitemap, so Hugo does the least work).
Each run then measures, with the whole process tree sampled:

- the reference pipeline: ``hugo`` (output folder deleted first), then
  ``pagefind --site public``; its wall and CPU time are the sum of the two, its
  peak memory the larger (they run one after the other);
- our cold build (cache and output deleted first) and our warm rebuild
  (nothing changed, so every analysis comes from the cache).

Runs alternate which side goes first, so a load drift on the shared machine hits
both; medians are reported, and the ratios are taken within each run before the
median. Hugo treats a front matter ``url`` as the page address and rejects an
absolute one, so the Hugo copies rename our ``url`` key to ``original_url``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import CORPUS, REPO, make_site  # noqa: E402
from measure import Measurement, folder_size, run  # noqa: E402

CLI = [sys.executable, "-m", "site_builder"]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}  # measure this checkout, whatever is installed
HUGO_CONFIG = """baseURL = "https://example.github.io/archive/"
languageCode = "ar"
title = "SaudiNewsNet"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HEAD = '<!doctype html>\n<html lang="ar" dir="rtl">\n<head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
SINGLE = HEAD + """<body><main data-pagefind-body>
{{ if .Date.IsZero }}{{ errorf "%s: no date" .File.Path }}{{ end }}
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ .Params.source }}</p>
{{ .Content }}
</main></body></html>
"""
LIST = HEAD + "<body><h1>{{ .Title }}</h1></body></html>\n"
ORDER = ["Hugo", "Pagefind CLI", "reference (Hugo + Pagefind)", "ours, cold", "ours, warm"]


class BenchError(Exception):
    """A missing tool or corpus, or a failed command: reported in one line."""


def check_tools() -> list[Path]:
    """Fail early, with what to install, rather than midway through a long run."""
    if not shutil.which("hugo"):
        raise BenchError("hugo not found; install it with: apt-get install hugo")
    probe = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True)
    if probe.returncode != 0:
        raise BenchError("the Pagefind binary is missing; install it with: pip install 'pagefind[bin]'")
    zips = sorted(CORPUS.glob("*.zip"))
    if not zips:
        raise BenchError(f"SaudiNewsNet corpus not found (expected *.zip in {CORPUS})")
    return zips


def checked(command: list[str], cwd: Path) -> Measurement:
    """measure.run, but a failing command stops the benchmark: its figures would mean nothing."""
    m = run(command, cwd=cwd, env=ENV)
    if m.returncode != 0:
        raise BenchError(f"`{' '.join(command[-4:])}` in {cwd.name} exited with status {m.returncode} "
                         "(run it by hand without --quiet to see why)")
    return m


def hugo_text(text: str) -> str:
    """The article with its front matter ``url`` renamed, the only key Hugo reads differently."""
    end = text.find("\n---", 3)
    if not text.startswith("---") or end < 0:
        return text
    return re.sub(r"^url:", "original_url:", text[:end], flags=re.M) + text[end:]


def make_hugo_site(root: Path, all_articles: Path, size: int) -> None:
    """A Hugo site holding the same first ``size`` articles as ``make_site`` picks."""
    for path in sorted(all_articles.rglob("*.md"))[:size]:
        target = root / "content" / path.relative_to(all_articles)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(hugo_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    layouts = root / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (layouts / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (layouts / "index.html").write_text(LIST, encoding="utf-8")
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")


def indexed_pages(index: Path) -> int:
    """Pages in a Pagefind index, to check both sides searched the same articles."""
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def reference_run(site: Path, size: int) -> dict:
    """Hugo, then Pagefind over Hugo's output, from an empty output folder."""
    public = site / "public"
    shutil.rmtree(public, ignore_errors=True)
    hugo = checked(["hugo", "--quiet", "--destination", "public"], site)
    hugo_out = folder_size(public)
    pagefind = checked([sys.executable, "-m", "pagefind", "--site", "public"], site)
    if indexed_pages(public / "pagefind") != size:
        raise BenchError(f"Pagefind indexed {indexed_pages(public / 'pagefind')} of {size} Hugo pages")
    total = Measurement(hugo.wall + pagefind.wall, hugo.cpu + pagefind.cpu,
                        max(hugo.peak_rss, pagefind.peak_rss), 0, max(hugo.peak_pss, pagefind.peak_pss))
    return {"Hugo": (hugo, hugo_out), "Pagefind CLI": (pagefind, folder_size(public / "pagefind")),
            "reference (Hugo + Pagefind)": (total, folder_size(public))}


def our_run(site: Path, size: int) -> dict:
    """Our cold build from nothing, then a warm rebuild with nothing changed.

    The cold build deletes the cache rather than passing ``--no-cache``: that
    flag neither reads nor fills the cache, so the rebuild after it would be cold too.
    """
    shutil.rmtree(site / ".site-cache", ignore_errors=True)
    shutil.rmtree(site / "_site", ignore_errors=True)
    cold = checked(CLI + ["build", "--quiet"], site)
    output = folder_size(site / "_site")
    if indexed_pages(site / "_site" / "pagefind") != size:
        print(f"  note: our index holds {indexed_pages(site / '_site' / 'pagefind')} pages for {size} articles")
    warm = checked(CLI + ["build", "--quiet"], site)
    return {"ours, cold": (cold, output), "ours, warm": (warm, folder_size(site / "_site"))}


def median_row(runs: list[dict], name: str) -> tuple:
    """Median wall, CPU and peak memory (RSS and PSS sums) of one tool over the runs;
    output of the last run."""
    ms = [r[name][0] for r in runs]
    return (statistics.median(m.wall for m in ms), statistics.median(m.cpu for m in ms),
            statistics.median(m.peak_rss for m in ms), statistics.median(m.peak_pss for m in ms),
            *runs[-1][name][1])


def ratios(runs: list[dict]) -> dict:
    """Ratios within each run (same load), then their median."""
    ref, cold, warm = "reference (Hugo + Pagefind)", "ours, cold", "ours, warm"
    pick = {"wall ours/ref": lambda r: r[cold][0].wall / r[ref][0].wall,
            "memory ours/ref": lambda r: r[cold][0].peak_pss / r[ref][0].peak_pss,
            "warm/cold": lambda r: r[warm][0].wall / r[cold][0].wall}
    return {key: statistics.median(f(r) for r in runs) for key, f in pick.items()}


def print_table(size: int, runs: list[dict]) -> None:
    print(f"\n### {size:,} articles ({len(runs)} run{'s' * (len(runs) > 1)}, medians)\n")
    print("| pipeline | wall s | CPU s | peak MiB, RSS sum | peak MiB, PSS sum | output MB | files | pages/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in runs[0]:
        wall, cpu, peak, pss, size_bytes, files = median_row(runs, name)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak / 2**20:,.0f} | {pss / 2**20:,.0f} | "
              f"{size_bytes / 1e6:,.0f} | {files:,} | {size / wall:,.0f} |")


def print_summary(results: dict) -> None:
    print("\n### Summary (ours = cold build; ratios are medians of per-run ratios)\n")
    print("| articles | reference wall s | ours wall s | wall ours/ref | reference MiB (PSS) | ours MiB (PSS) | "
          "ours MiB (RSS sum) | memory ours/ref | warm wall s | warm/cold |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, runs in results.items():
        ref, cold, warm = (median_row(runs, n) for n in ("reference (Hugo + Pagefind)", "ours, cold", "ours, warm"))
        r = ratios(runs)
        print(f"| {size:,} | {ref[0]:.1f} | {cold[0]:.1f} | {r['wall ours/ref']:.1f} | {ref[3] / 2**20:,.0f} | "
              f"{cold[3] / 2**20:,.0f} | {cold[2] / 2**20:,.0f} | {r['memory ours/ref']:.1f} | {warm[0]:.1f} | "
              f"{r['warm/cold']:.2f} |")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)"


def benchmark(zips: list[Path], sizes: list[int], runs: int, scratch: Path) -> dict:
    imported = scratch / "imported"
    m = checked(CLI + ["import", "saudinewsnet", *map(str, zips), "--into", str(imported)], REPO)
    total = len(list(imported.rglob("*.md")))
    print(f"import: {total:,} articles in {m.wall:.1f} s", flush=True)
    results = {}
    for size in (min(s, total) if s else total for s in sizes):
        ours, hugo = scratch / f"site-{size}", scratch / f"hugo-{size}"
        make_site(ours, imported, size)
        make_hugo_site(hugo, imported, size)
        results[size] = []
        for i in range(runs):
            sides = [lambda: reference_run(hugo, size), lambda: our_run(ours, size)]
            done = {}
            for side in sides if i % 2 == 0 else sides[::-1]:
                done.update(side())
            results[size].append({name: done[name] for name in sorted(done, key=ORDER.index)})
            print(f"  {size:,} articles, run {i + 1}/{runs} done; load {load()}", flush=True)
        print_table(size, results[size])
        shutil.rmtree(ours)
        shutil.rmtree(hugo)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 0],
                        help="articles per site; 0 = the whole imported corpus")
    parser.add_argument("--runs", type=int, default=1, help="runs per size (medians reported)")
    args = parser.parse_args()
    if args.runs < 1 or any(s < 0 for s in args.sizes):
        parser.error("--runs must be at least 1 and sizes not negative")
    try:
        zips = check_tools()
        print(f"load average at start: {load()}", flush=True)
        with tempfile.TemporaryDirectory(prefix="compare-") as scratch:
            results = benchmark(zips, args.sizes, args.runs, Path(scratch))
        print_summary(results)
        print(f"\nload average at end: {load()}")
    except BenchError as error:
        print(f"compare: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
