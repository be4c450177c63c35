"""Run a job on every core of this machine, with forked worker processes.

Forked workers inherit the job's state (the recogniser, or the whole linked
archive with its planned pages) instead of receiving it: it is far too big
to send, and some of it (the pages' render closures) cannot be pickled. The
building process does its share of the batches itself while ``jobs - 1``
workers do the rest: each worker ends up copying much of what it inherited
(reference counts are writes), so one fewer keeps memory down, and a job
that leaves cores to work beside it (``Job.spare``) gets fewer still. A job
that fills caches as it runs (``Job.parent_helps``) is left to ``jobs`` workers.
Workers get only the bounds of their batches and send back the results.

Each worker freezes what it inherited (``gc.freeze``) before its first batch: the cyclic
garbage collector then never walks the parent's objects again. Walking them cost a
quarter of the recogniser's time, and writing to them (the collector's marks) made
the worker copy pages it could have shared.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence

from site_builder.executors import Item, Job, Result

_inherited: tuple[Callable[[Any, Sequence], list], Any, Sequence] | None = None
"""What forked workers inherit: the job's function, its state and the items."""


class LocalProcesses:
    """The default executor: ``jobs`` processes (default: every core) on this machine."""

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs or os.cpu_count() or 1

    def workers(self, job: Job) -> int:
        """How many worker processes ``job`` gets; 0: the building process does it all."""
        if self.jobs == 1:
            return 0
        if job.parent_helps:
            return max(self.jobs - 1 - job.spare, 0)
        return max(self.jobs - job.spare, 1)

    def map(self, job: Job[Item, Result], items: Sequence[Item],
            progress: Callable[[Sequence[Item]], None]) -> Iterator[Result]:
        if not items:
            return
        state = job.state()
        bounds = [(start, min(start + job.batch, len(items))) for start in range(0, len(items), job.batch)]
        workers = self.workers(job)
        if workers == 0 or len(items) < job.in_process_below or "fork" not in multiprocessing.get_all_start_methods():
            for start, end in bounds:
                batch = items[start:end]
                results = job.run(state, batch)
                progress(batch)
                yield from results
            return
        global _inherited
        _inherited = (job.run, state, items)
        mine = set(bounds[::workers + 1]) if job.parent_helps else set()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=gc.freeze) as pool:
                futures = {b: pool.submit(_run_inherited, b) for b in bounds if b not in mine}
                done: dict[tuple[int, int], list] = {}
                for b in sorted(mine):
                    done[b] = job.run(state, items[b[0]:b[1]])
                    progress(items[b[0]:b[1]])
                for b, future in futures.items():
                    done[b] = future.result()
                    progress(items[b[0]:b[1]])
        finally:
            _inherited = None
        for b in bounds:
            yield from done[b]

    def close(self) -> None:
        pass


def _run_inherited(bounds: tuple[int, int]) -> list:
    run, state, items = _inherited
    return run(state, items[bounds[0]:bounds[1]])
