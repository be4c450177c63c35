"""Build one site with the local executor and with a Dask cluster on this machine, and compare.

    python bench/executors.py --site SITE --output DIR [--workers 2] [--runs 1] [--no-cache]

Each run builds SITE from an empty output folder twice, in alternating order:
``--executor local --jobs W`` and ``--executor dask --jobs W`` (a LocalCluster of
W worker processes, one thread each, started and stopped by the build). The
whole process tree is sampled (``measure``): the Dask side counts its
scheduler, nannies and workers. ``--no-cache`` re-analyses every article
(without writing the cache), so recognition runs on the executor too;
otherwise only rendering does. The outputs are compared file by file.

A second table shows what rendering on a worker elsewhere costs: the linked
archive pickled (what each worker is sent once), the time to pickle and
unpickle it, and the time a worker takes to plan the site again from it.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import pickle
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Measurement, run  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}  # measure this checkout, whatever is installed
STAGES = ("analyse", "render", "search")


def build(site: Path, output: Path, executor: str, workers: int, no_cache: bool) -> Measurement:
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "site_builder", "build", "--output", str(output), "--jobs", str(workers),
               "--executor", executor] + (["--no-cache"] if no_cache else [])
    m = run(command, cwd=site, env=ENV)
    if m.returncode != 0:
        raise SystemExit(f"the {executor} build exited with status {m.returncode}:\n{m.stderr[-2000:]}")
    return m


def stage_seconds(m: Measurement) -> dict[str, float]:
    """The build summary's stage times ("analyse 0.5 s (1–2) · render 11.0 s (2–13) …")."""
    line = next((l for l in m.stderr.splitlines() if " · " in l), "")
    found = {}
    for name, seconds in re.findall(r"(\w+) ([\d.]+) s", line):
        if name in STAGES:
            found[name] = found.get(name, 0.0) + float(seconds)
    return found


def same_tree(one: Path, two: Path) -> bool:
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, two, names, shallow=False)
    return not mismatch and not errors


def worker_costs(site: Path, previous: Path) -> tuple[float, float, float, float, int]:
    """(pickled MB, pickle s, unpickle s, plan again s, files) of the site's linked archive,
    taken from a build over ``previous`` (it renders nothing when the cache describes that site)."""
    sys.path.insert(0, str(REPO))
    from site_builder.build import BuildOptions, build as build_site
    from site_builder.config import load_config
    from site_builder.render.pages import Renderer, render_site
    from site_builder.state.resident import Resident
    config = load_config(site / "site.toml")
    state = Resident(defer_search=True)
    build_site(config, BuildOptions(output=previous), state=state)
    started = time.perf_counter()
    data = pickle.dumps((state.graph, config), protocol=pickle.HIGHEST_PROTOCOL)
    pickled = time.perf_counter()
    graph, config = pickle.loads(data)
    unpickled = time.perf_counter()
    files = sum(1 for _ in render_site(graph, config, Renderer(graph, config)))
    planned = time.perf_counter()
    return len(data) / 1e6, pickled - started, unpickled - pickled, planned - unpickled, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="site folder (with its site.toml)")
    parser.add_argument("--output", type=Path, required=True, help="scratch folder for the two outputs")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of each executor")
    parser.add_argument("--runs", type=int, default=1, help="builds per executor (medians reported)")
    parser.add_argument("--no-cache", action="store_true", help="re-analyse every article")
    args = parser.parse_args()
    site, out = args.site.resolve(), args.output.resolve()
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise SystemExit("the Dask side needs the cluster extra: pip install 'site-builder[cluster]'")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs: dict[str, list[Measurement]] = {"local": [], "dask": []}
    last = "local"
    for n in range(args.runs):
        for last in (("local", "dask") if n % 2 == 0 else ("dask", "local")):
            runs[last].append(build(site, out / last, last, args.workers, args.no_cache))
    identical = same_tree(out / "local", out / "dask")
    articles = sum(1 for _ in (out / "local" / "articles").iterdir())
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(f"{articles:,} articles, {args.workers} workers, {'no cache' if args.no_cache else 'analysis cached'}, "
          f"median of {args.runs} run(s); identical output: {'yes' if identical else 'NO'}\n")
    print("| executor | wall s | CPU s | peak MiB (RSS, tree) | peak MiB (PSS, tree) | "
          + " | ".join(f"{s} s" for s in STAGES) + " |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(STAGES))
    for executor, ms in runs.items():
        stages = [stage_seconds(m) for m in ms]
        print(f"| {executor} | {statistics.median(m.wall for m in ms):.1f} | {statistics.median(m.cpu for m in ms):.1f} | "
              f"{statistics.median(m.peak_rss for m in ms) / 2**20:,.0f} | "
              f"{statistics.median(m.peak_pss for m in ms) / 2**20:,.0f} | "
              + " | ".join(f"{statistics.median(s.get(name, 0.0) for s in stages):.1f}" for name in STAGES) + " |")
    megabytes, dump, load, plan, files = worker_costs(site, out / last)  # the site the cache describes
    print("\n| what a Dask worker is sent and does once per build | |\n|---|---:|")
    print(f"| linked archive, pickled | {megabytes:,.0f} MB |\n| pickle it (building process) | {dump:.1f} s |\n"
          f"| unpickle it (each worker) | {load:.1f} s |\n| plan the {files:,} files again (each worker) | {plan:.1f} s |")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
