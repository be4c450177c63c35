"""Run a command and report wall time, CPU time and peak memory of its whole process tree.

Peak memory is sampled (every 0.1 s) as the sum of the resident sets of the
command and all its descendants — worker processes and Pagefind included —
because ru_maxrss only reports the largest single process.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measurement:
    wall: float
    cpu: float
    peak_rss: int
    """Peak of the summed resident sets (shared pages counted once per process)."""
    returncode: int
    peak_pss: int = 0
    """Peak of the summed proportional set sizes (shared pages counted once)."""
    stderr: str = ""
    """What the command printed on stderr (a build's progress and summary)."""


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        kids: list[int] = []
        for task in tasks:
            text = (task / "children").read_text().split()
            kids.extend(int(k) for k in text)
        return kids
    except OSError:
        return []


def _tree_memory(pid: int) -> tuple[int, int]:
    """(sum of resident sets, sum of proportional set sizes) of a process tree, in bytes.

    Forked workers share their parent's pages until they write to them; the
    resident sets count a shared page once per process, the proportional set
    sizes split it between them, so their sum is what the tree really holds.
    """
    rss = pss = 0
    stack = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            rss += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                    break
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(current))
    return rss, pss


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Measurement:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample():
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        print(stderr.decode(errors="replace")[-2000:])
    return Measurement(wall, cpu, peak, process.returncode, peak_pss, stderr.decode(errors="replace"))


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = count = 0
    for item in path.rglob("*"):
        if item.is_file():
            total += item.stat().st_size
            count += 1
    return total, count
