"""Run a job on a Dask cluster (``dask.distributed``): several machines, or this one.

What travels: a job's ``shared`` value is scattered once to every worker,
which turns it into its state once (``setup``) and keeps it until the job
ends; each task carries only its batch of items and brings back their
results. Analysis sends the documents' texts, so workers need neither the
content nor the analysis cache (the building process reads and writes both).
Rendering sends the linked archive: each worker plans the site again from it
and renders the pages it is given straight into the staging folder, so the
output folder's parent and the site's templates must be at the same path on
every worker. The building process alone indexes the search.

Dask is an optional extra, imported only here and only when asked for.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from typing import Any, Callable, Iterator, Sequence

from site_builder import __version__
from site_builder.errors import SiteError, requires
from site_builder.executors import Item, Job, Result

CONNECT_TIMEOUT = 10
"""Seconds to wait for the scheduler, and for its first worker."""
STOP_TIMEOUT = 60
"""Seconds a stopping build waits for the batches still running on workers."""

_prepared: dict[str, Any] = {}
"""A worker's state for the job running now, by the key of its shared value."""
_lock = threading.Lock()


class DaskCluster:
    """The cluster of the scheduler at ``scheduler`` (``tcp://host:8786``), or without
    one a ``LocalCluster`` of ``jobs`` worker processes (default: every core), started
    when the first job comes and stopped by ``close``."""

    def __init__(self, scheduler: str | None, jobs: int | None):
        requires("distributed", "dask[distributed]", "cluster", "--executor dask")
        self.scheduler, self.jobs = scheduler, jobs
        self._cluster = None
        self._client = None
        if scheduler:
            self._connect()  # a wrong address fails before any work is done

    def map(self, job: Job[Item, Result], items: Sequence[Item],
            progress: Callable[[Sequence[Item]], None]) -> Iterator[Result]:
        if not items:
            return
        client = self._connect()
        from distributed import KilledWorker
        [shared] = client.scatter([job.shared], broadcast=True, hash=False)
        batches = [items[start:start + job.batch] for start in range(0, len(items), job.batch)]
        prefix = f"{job.name}-{uuid.uuid4().hex[:8]}-"
        futures = [client.submit(_run_batch, job.run, job.setup, shared.key, shared, batch,
                                 key=f"{prefix}{n}", pure=False) for n, batch in enumerate(batches)]
        try:
            for future, batch in zip(futures, batches):
                results = future.result()
                progress(batch)
                yield from results
        except KilledWorker as exc:
            raise SiteError(f"a Dask worker died while {job.name} ({exc})",
                            hint="check the workers' memory and logs") from None
        finally:
            client.cancel(futures)
            _wait_for_running(client, prefix)
            client.run(_forget, shared.key)
            client.cancel([shared])

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def _connect(self):
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster
        # Dask logs its cluster's comings and goings; the build shows what its own logging level lets through.
        logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
                self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                self.close()
                raise SiteError(f"cannot use the Dask scheduler at {self.scheduler}: {exc or 'no worker'}",
                                hint="start it with 'dask scheduler' and its workers with 'dask worker "
                                     "ADDRESS', or leave out --scheduler to use this machine") from None
        else:
            # Its HTTP server on a free port, without a dashboard: the build is watched on the terminal.
            self._cluster = LocalCluster(n_workers=self.jobs or os.cpu_count() or 1, threads_per_worker=1,
                                         processes=True, dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                                         silence_logs=logging.CRITICAL)
            self._client = Client(self._cluster)
        self._check_workers()
        return self._client

    def _check_workers(self) -> None:
        """Every worker must run this same version: it renders with its own code."""
        try:
            versions = self._client.run(_version)
        except Exception as exc:  # a worker that cannot even import the package
            self.close()
            raise SiteError(f"the Dask workers cannot run site-builder: {exc!r}",
                            hint=f"install site-builder {__version__} on every worker") from None
        other = sorted(f"{worker} has {version}" for worker, version in versions.items() if version != __version__)
        if other:
            self.close()
            raise SiteError(f"the Dask workers must run site-builder {__version__}: {', '.join(other)}",
                            hint=f"install site-builder {__version__} on every worker")


def _run_batch(run: Callable[[Any, Sequence], list], setup: Callable[[Any], Any] | None, key: str,
               shared: Any, batch: Sequence) -> list:
    """One task on a worker: the job's state is made by its first task there."""
    with _lock:
        if key not in _prepared:
            _prepared.clear()  # a worker keeps one job's state at a time
            _prepared[key] = setup(shared) if setup else shared
        state = _prepared[key]
    return run(state, batch)


def _wait_for_running(client, prefix: str) -> None:
    """Wait until no batch of the job runs on any worker. A cancelled task that has begun
    runs to its end: a build that stops must not remove its staging folder while a
    worker still writes pages into it."""
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(client.run(_running, prefix).values()) and time.monotonic() < deadline:
        time.sleep(0.1)


def _running(prefix: str, dask_worker) -> int:
    return sum(1 for task in dask_worker.state.all_running_tasks if str(task.key).startswith(prefix))


def _forget(key: str) -> None:
    _prepared.pop(key, None)


def _version() -> str:
    return __version__
