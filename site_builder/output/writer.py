"""Put the planned files of a build into its staging folder (or in-place update).

A file whose key did not change is kept from the previous site as a hard link
(no copy, no rendering); the rest are rendered by the build's executor, except
the slow ones, which ``render_slow`` renders in a thread of the building process
that the caller overlaps with the search index (the indexer leaves a core partly
idle). Two pages that
want the same output path are refused here, once, before anything is written:
the render workers cannot see each other's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from site_builder.config import SiteConfig
from site_builder.errors import OutputError
from site_builder.executors import Executor
from site_builder.model import OutputFile, PlannedFile, SiteGraph
from site_builder.output.pool import render_files
from site_builder.output.staging import Staging


@dataclass
class Written:
    """What writing a site did, for the build summary and the preview's reloads."""

    files: int = 0
    pages: int = 0
    rendered: int = 0
    """Files rendered afresh; the rest were kept from the previous build."""
    changed: list[str] = field(default_factory=list)
    """Files written anew (the preview reloads only the tabs showing one)."""
    slow: list[PlannedFile] = field(default_factory=list)
    """Files left for ``render_slow``."""


def write_files(stage: Staging, planned: Sequence[tuple[PlannedFile, bool]], previous: Path,
                archive: tuple[SiteGraph, SiteConfig], executor: Executor,
                progress: Callable[[Iterable[str]], None], spare: int = 0) -> Written:
    """Keep what did not change from ``previous``, render the rest; ``planned`` pairs each
    file (planned from ``archive``) with whether its previous version can be kept;
    ``progress`` gets the paths done; ``spare`` cores are left to the work beside."""
    refuse_shared_paths(file.path for file, _ in planned)
    written = Written()
    todo = []
    for file, keep in planned:
        written.files += 1
        if file.path.endswith(".html"):
            written.pages += 1
        if keep and stage.link(file.path, previous / file.path):
            progress((file.path,))
        elif file.slow:
            written.slow.append(file)
        else:
            todo.append(file)
    for path, changed in render_files(stage, todo, archive, executor, progress, spare):
        written.rendered += 1
        if changed:
            written.changed.append(path)
    return written


def render_slow(stage: Staging, written: Written) -> None:
    """Render and write the files ``write_files`` left; safe in a thread (each file is its own)."""
    for file in written.slow:
        written.rendered += 1
        if stage.write(OutputFile(file.path, file.render())):
            written.changed.append(file.path)


def refuse_shared_paths(paths: Iterable[str]) -> None:
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise OutputError(f"two pages want the same output file '{path}'",
                              hint="two articles or entities share a slug; set 'slug' in one of them")
        seen.add(path)
