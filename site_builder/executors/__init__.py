"""Where the build's heavy stages run: worker processes on this machine, or a Dask cluster.

A stage hands the executor a ``Job`` (a pure top-level function mapped over
items in batches, and the one value every call reads) and gets the results
back in the items' order, so the site never depends on where it was built.
The stages do not know which executor runs them; ``open_executor`` picks one
from the command line.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterator, Protocol, Sequence, TypeVar

from site_builder.errors import SiteError

Item = TypeVar("Item")
Result = TypeVar("Result")

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Job(Generic[Item, Result]):
    """One stage's work: ``run(state, batch)`` for every batch of the items.

    ``shared`` is what every call reads; it is sent once to each worker that
    needs it, where ``setup(shared)`` (if any) turns it once into the
    worker's ``state``. ``local`` is that state as the building process
    already holds it: worker processes on this machine inherit it instead.
    ``run``, ``setup`` and ``shared`` are what travels to other machines, so
    they must be picklable (top-level functions and plain data).
    """

    name: str
    """What the stage is doing, for messages ("analysing", "rendering")."""
    run: Callable[[Any, Sequence[Item]], list[Result]]
    shared: Any
    setup: Callable[[Any], Any] | None = None
    local: Any = None
    batch: int = 32
    in_process_below: int = 0
    """Fewer items than this are done in the building process on this machine,
    where starting workers would cost more than it saves."""
    parent_helps: bool = True
    """Whether the building process takes a share of the batches on this machine. A job
    whose calls fill per-process caches as they go (the recogniser's word tables) says
    no: its caches then end with its workers, instead of staying in the building
    process for the rest of the build and being copied into the render workers."""
    spare: int = 0
    """Cores of this machine left to work running beside the job (the search indexer
    beside the render): the local executor starts that many fewer workers. Each
    render worker copies much of the archive it inherits, so a worker the cores
    cannot keep busy costs memory and gains no time. A cluster's workers are
    elsewhere and ignore it."""

    def state(self) -> Any:
        """The state ``run`` reads, as the building process makes it."""
        if self.local is not None:
            return self.local
        return self.setup(self.shared) if self.setup else self.shared


class Executor(Protocol):
    def map(self, job: Job[Item, Result], items: Sequence[Item],
            progress: Callable[[Sequence[Item]], None]) -> Iterator[Result]:
        """``job.run`` over ``items``; yields one result per item, in their order, and
        calls ``progress`` with each batch done."""

    def close(self) -> None:
        """Stop the workers this executor started."""


@contextlib.contextmanager
def open_executor(name: str = "local", scheduler: str | None = None, jobs: int | None = None) -> Iterator[Executor]:
    """The executor ``site-builder build --executor NAME [--scheduler ADDRESS]`` asks for;
    the workers it started are stopped when the ``with`` block ends."""
    if name not in EXECUTORS:
        raise SiteError(f"unknown executor '{name}'", hint=f"use one of: {', '.join(EXECUTORS)}")
    if scheduler and name != "dask":
        raise SiteError("--scheduler is only used with --executor dask")
    if name == "dask":
        from site_builder.executors.cluster import DaskCluster
        executor: Executor = DaskCluster(scheduler, jobs)
    else:
        from site_builder.executors.local import LocalProcesses
        executor = LocalProcesses(jobs)
    try:
        yield executor
    finally:
        executor.close()
