"""Render and write pages on every core.

Rendering a page needs the whole linked archive, which is far too big to send
to worker processes; forked workers inherit it instead, and each renders and
writes a slice of the pages straight into the staging folder, returning only
the paths it wrote. Every page is rendered from the same input whatever the
number of workers, so the site does not depend on it. Small batches (a
preview after one edit) are rendered in-process, where starting workers
would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence

from site_builder.model import OutputFile, PlannedFile
from site_builder.output.staging import Staging

POOL_THRESHOLD = 2000
"""Fewer pages than this are rendered in the building process."""
_CHUNK = 250

_job: tuple[Staging, Sequence[PlannedFile]] | None = None
"""What forked workers inherit: the staging folder and the pages to render."""


def render_files(stage: Staging, files: Sequence[PlannedFile], jobs: int | None,
                 progress: Callable[[Sequence[PlannedFile]], None]) -> Iterator[tuple[str, bool]]:
    """Render and write ``files``; yields (path, whether the site's file changed) in order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < POOL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        for file in files:
            yield file.path, stage.write(OutputFile(file.path, file.render()))
            progress((file,))
        return
    global _job
    _job = (stage, files)
    bounds = [(start, min(start + _CHUNK, len(files))) for start in range(0, len(files), _CHUNK)]
    # The building process renders every other slice itself while jobs - 1 forked
    # workers render the rest: each worker ends up copying much of the archive
    # it inherited (reference counts are writes), so one fewer keeps memory down.
    mine, theirs = bounds[::2], bounds[1::2]
    try:
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_render_slice, b) for b in theirs]
            done: dict[tuple[int, int], list[tuple[str, bool]]] = {}
            for b in mine:
                done[b] = _render_slice(b)
                progress(files[b[0]:b[1]])
            for b, future in zip(theirs, futures):
                done[b] = future.result()
                stage.mark_written(path for path, _ in done[b])
                progress(files[b[0]:b[1]])
        for b in bounds:
            yield from done[b]
    finally:
        _job = None


def _render_slice(bounds: tuple[int, int]) -> list[tuple[str, bool]]:
    stage, files = _job
    return [(file.path, stage.write(OutputFile(file.path, file.render())))
            for file in files[bounds[0]:bounds[1]]]
