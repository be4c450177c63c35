"""Render and write pages with the build's executor (``executors``).

A page's plan renders it with a closure over the whole linked archive, which
cannot travel as it is. Worker processes on this machine inherit the planned
pages; a worker elsewhere gets the archive and the configuration once, plans
the site again from them (the same pages, by the same code) and renders the
ones it is given. Either way a worker writes its pages straight into the
staging folder and sends back only their paths. Every page is rendered from
the same input wherever it runs, so the site does not depend on the executor.
Small batches (a preview after one edit) are rendered in the building
process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from site_builder.config import SiteConfig
from site_builder.errors import OutputError
from site_builder.executors import Executor, Job
from site_builder.model import OutputFile, PlannedFile, SiteGraph
from site_builder.output.staging import Staging
from site_builder.render.pages import Renderer, render_site

POOL_THRESHOLD = 2000
"""Fewer pages than this are rendered in the building process (on this machine)."""
_CHUNK = 250

Renders = dict[str, Callable[[], bytes]]


def render_files(stage: Staging, files: Sequence[PlannedFile], archive: tuple[SiteGraph, SiteConfig],
                 executor: Executor, progress: Callable[[Sequence[str]], None],
                 spare: int = 0) -> Iterator[tuple[str, bool]]:
    """Render and write ``files`` (planned from ``archive``); yields (path, whether the site's
    file changed) in order. ``spare``: cores left to work beside the render (``Job.spare``)."""
    graph, config = archive
    job = Job("rendering", _render_batch, shared=(stage, graph, config), setup=_plan_again,
              local=(stage, {file.path: file.render for file in files}), batch=_CHUNK,
              in_process_below=POOL_THRESHOLD, spare=spare)
    results = executor.map(job, [file.path for file in files], progress)
    for path, changed in results:
        stage.mark_written((path,))
        yield path, changed


def _plan_again(shared: tuple[Staging, SiteGraph, SiteConfig]) -> tuple[Staging, Renders]:
    """A worker's pages, planned from the archive it was sent."""
    stage, graph, config = shared
    for folder, what in ((stage.path, "the output folder"), (config.root, "the site folder")):
        if not folder.is_dir():
            raise OutputError(f"a worker cannot see {what} {folder}",
                              hint="every worker needs it at the same path, on a shared filesystem")
    return stage, {file.path: file.render for file in render_site(graph, config, Renderer(graph, config))}


def _render_batch(state: tuple[Staging, Renders], paths: Sequence[str]) -> list[tuple[str, bool]]:
    stage, renders = state
    done = []
    for path in paths:
        # A stopped build removes the staging folder while a worker elsewhere may still be
        # rendering: writing on would make that folder again, half full.
        if not stage.path.is_dir():
            raise OutputError(f"the staging folder {stage.path} was removed while the site was written")
        done.append((path, stage.write(OutputFile(path, renders[path]()))))
    return done
