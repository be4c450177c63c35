"""The whole build, top to bottom: read → analyse → propagate → resolve → link → render → index → write.

Everything is read and analysed before anything is written, and the site is
assembled in a staging folder that replaces the old site only when complete.
One bad article is reported and left out; it never stops the others.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from site_builder import analyse
from site_builder.link import graph
from site_builder.render import pages as render
from site_builder.search import index as search
from site_builder.content import sources
from site_builder.render import theme
from site_builder.link.aliases import resolve
from site_builder.state.analysis_cache import AnalysisCache
from site_builder.config import SiteConfig
from site_builder.link.curation import load_curation
from site_builder.ner.recogniser import Recogniser
from site_builder.errors import ConfigError, ContentError, SiteError
from site_builder.state.pages import Planner, all_present, global_key, input_key
from site_builder.model import PlannedFile, Resolution, SiteGraph, SourceDoc
from site_builder.output.staging import Staging, Update, check_output_folder, holds, shared_path_error
from site_builder.link.propagation import propagate
from site_builder.output.pool import render_files
from site_builder.report import Reporter


@dataclass
class BuildResult:
    output: Path
    articles: int = 0
    entities: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    rendered: int = 0
    """Files rendered afresh; the rest were kept from the previous build."""
    timings: dict[str, float] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    """Files written anew or removed (the preview reloads only the tabs showing one)."""
    finish_search: Callable[[], float] | None = None
    """Set when ``defer_search`` left the search index to be rebuilt: call it (in the
    background) to index the new site in place."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build(config: SiteConfig, output: Path | None = None, *, reporter: Reporter | None = None,
          use_cache: bool = True, jobs: int | None = None, strict: bool = False,
          reuse_from: Path | None = None, defer_search: bool = False,
          memory: BuildMemory | None = None, in_place: bool = False,
          known_errors: set[str] | None = None, cancelled: Callable[[], bool] | None = None) -> BuildResult:
    """Build the site into ``output`` (default: the configured folder).

    With ``strict``, any error or warning fails the build before the new site
    replaces the old one. Pages whose inputs did not change are kept from the
    previous site (``output`` itself, or ``reuse_from``) instead of being
    rendered again; ``use_cache=False`` builds everything from scratch.
    """
    reporter = reporter or Reporter(quiet=True)
    output = (output or config.path(config.output)).resolve()
    check_output_folder(output, config.root, [config.path(c) for c in config.content])
    result = BuildResult(output=output)
    clock = _Clock(result)
    started = time.perf_counter()

    kept = memory is not None and use_cache
    memory = memory if kept else BuildMemory()
    checkpoint = _Checkpoint(cancelled)
    docs = clock("read", lambda: read_sources(config, reporter, memory.docs))
    curation = load_curation(config.path(config.entities.curation))
    recogniser = make_recogniser(config, curation)
    previous = (reuse_from or output).resolve()
    key = site_key(config, recogniser)
    planner = Planner(config.path(config.cache) if use_cache else None, previous, key)
    inputs = input_key(key, docs, theme.static_files(config))
    if not kept and previous == output and planner.same_inputs(inputs, output, config.search):
        return _as_before(planner, result, reporter, strict, started)
    cache = AnalysisCache(config.path(config.cache) if use_cache else None)
    try:
        reporter.start("analysing", len(docs))
        articles = clock("analyse", lambda: analyse.analyse_all(docs, recogniser, cache, jobs, reporter.advance,
                                                                       memory.articles))
        reporter.finish()
    finally:
        cache.close()
    if not kept:  # a one-off build: the source texts are not needed once analysed
        del docs
        memory.docs.clear()
    checkpoint()
    if recogniser:
        articles = clock("propagate", lambda: propagate(articles))
    resolution = clock("resolve", lambda: resolve(articles, curation) if recogniser else Resolution({}, {}))
    for warning in resolution.warnings:
        reporter.warning(warning, kind="curation")
    checkpoint()
    site = clock("link", lambda: graph.link(articles, resolution, related=config.entities.related,
                                            cooccurring=config.entities.cooccurring))
    if strict and (reporter.errors or reporter.warnings):
        raise StrictModeError(len(reporter.errors), len(reporter.warnings))
    new_errors = [e for e in reporter.errors if known_errors is not None and e not in known_errors]
    if new_errors:
        raise SiteError("\n".join(new_errors))
    checkpoint()
    planned = clock("render", lambda: [_plan(file, planner) for file in render.render_site(site, config)])
    checkpoint()
    if previous == output and _unchanged(planned, planner, config, site, output):
        planner.finish(search_done=True)  # the site on disk is this build's site already
        result.files = len(planned)
        result.pages = sum(1 for file, _ in planned if file.path.endswith(".html"))
    else:
        _commit(output, planned, site, config, result, reporter, planner, previous, clock,
                defer_search, in_place and previous == output and planner.old.site_id != "", jobs)
    result.articles, result.entities = len(site.order), len(site.entities)
    planner.remember(inputs, (result.articles, result.entities, result.pages, result.files), resolution.warnings)
    planner.save()
    memory.graph, memory.site_key, memory.names, memory.by_path = site, key, None, None
    result.seconds = time.perf_counter() - started
    result.errors, result.warnings = list(reporter.errors), list(reporter.warnings)
    return result


def _plan(file: PlannedFile, planner: Planner) -> tuple[PlannedFile, bool]:
    """Whether the previous file can be kept; the key is dropped once hashed (at
    tens of thousands of pages the keys would hold hundreds of megabytes)."""
    keep = planner.keep(file.path, file.key)
    return PlannedFile(file.path, None, file.render), keep


def _as_before(planner: Planner, result: BuildResult, reporter: Reporter, strict: bool,
               started: float) -> BuildResult:
    """The result of a build whose inputs are exactly the last build's: its site stands."""
    for warning in planner.old.warnings:
        reporter.warning(warning, kind="curation")
    if strict and (reporter.errors or reporter.warnings):
        raise StrictModeError(len(reporter.errors), len(reporter.warnings))
    result.articles, result.entities, result.pages, result.files = planner.old.summary
    result.seconds = time.perf_counter() - started
    result.errors, result.warnings = list(reporter.errors), list(reporter.warnings)
    return result


def _unchanged(planned, planner: Planner, config: SiteConfig, site: SiteGraph, output: Path) -> bool:
    """True when the previous site is exactly what this build would write."""
    if not planner.old.site_id or set(planner.old.keys) != set(planner.new.keys):
        return False
    if not all(keep for _, keep in planned):
        return False
    if not all_present(output, (file.path for file, _ in planned)):
        return False  # a page was removed by hand
    if config.search and site.order and not (planner.search_reusable() and (output / "pagefind").is_dir()):
        return False
    return all(holds(output / rel, source.read_bytes()) for rel, source in theme.static_files(config))


def _commit(output: Path, planned, site: SiteGraph, config: SiteConfig, result: BuildResult, reporter: Reporter,
            planner: Planner, previous: Path, clock, defer_search: bool, in_place: bool, jobs: int | None) -> None:
    """Write the new site (staged, or in place for the preview) and its search index."""
    with (Update if in_place else Staging)(output) as stage:
        reporter.start("writing", len(site.order))
        clock("render", lambda: _write(stage, planned, result, reporter, previous, jobs))
        reporter.finish()
        for rel, source in theme.static_files(config):
            if stage.copy(rel, source):
                result.changed.append(rel)
        # An in-place update holds only the changed pages until it commits, so
        # its search index can only be built afterwards, over the whole site.
        searched = clock("search", lambda: _search(stage, config, site, planner, previous,
                                                   defer_search or in_place, result))
        stage.site_id = planner.finish(searched)
        stage.stale = tuple(sorted(set(planner.old.keys) - set(planner.new.keys)))
        result.changed += stage.stale
    if in_place and result.finish_search and not defer_search:
        planner.save()
        clock("search", result.finish_search)
        result.finish_search = None


@dataclass
class BuildMemory:
    """What a preview server keeps between builds: read files, analysed articles
    and the last complete build's linked archive (for ``fast_render``)."""

    docs: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)
    graph: SiteGraph | None = None
    site_key: str = ""
    names: dict | None = None
    by_path: dict | None = None


class Cancelled(Exception):
    """The build was abandoned before writing anything (see ``build(cancelled=…)``)."""


class _Checkpoint:
    def __init__(self, cancelled: Callable[[], bool] | None):
        self.cancelled = cancelled

    def __call__(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()


def make_recogniser(config: SiteConfig, curation) -> Recogniser | None:
    """The configured recogniser: rules, plus the statistical tagger when a model is set."""
    if not config.entities.enabled:
        return None
    model = config.entities.model
    if model == "shipped":
        from site_builder.ner.commands import default_model
        path = default_model()
        if path is None:
            raise ConfigError("entities.model = \"shipped\", but this installation has no model",
                              config.root / "site.toml", hint="train one with 'site-builder ner train'")
        return Recogniser(curation, path)
    return Recogniser(curation, config.path(model) if model else None)


def site_key(config: SiteConfig, recogniser: Recogniser | None) -> str:
    """Hash of what every page depends on: configuration, templates, analyser and recogniser."""
    versions = [repr(dataclasses.replace(config, root=Path("."))), analyse.ANALYSER_VERSION,
                recogniser.version if recogniser else ""]
    return global_key(versions, [theme.default_template_dir(), config.path(config.templates)])


class StrictModeError(SiteError):
    def __init__(self, errors: int, warnings: int):
        super().__init__(f"--strict: {errors} error(s) and {warnings} warning(s); the previous site is kept")


def read_sources(config: SiteConfig, reporter: Reporter, memo: dict) -> list[SourceDoc]:
    """Every readable article; the unreadable ones and duplicate slugs are reported."""
    docs: list[SourceDoc] = []
    seen: dict[str, str] = {}
    for item in sources.read_all(config.root, config.content, memo):
        if isinstance(item, ContentError):
            reporter.error(str(item))
        elif item.slug in seen:
            reporter.error(str(ContentError(
                f"slug '{item.slug}' is already used by {seen[item.slug]}; this article is skipped",
                item.path, hint="rename the file or set a different 'slug' in its front matter")))
        else:
            seen[item.slug] = item.path
            docs.append(item)
            for warning in item.warnings:
                reporter.warning(warning, kind="source")
    return docs


def _write(stage: Staging, planned, result: BuildResult, reporter: Reporter, previous: Path,
           jobs: int | None) -> None:
    """Hard-link what did not change from the previous site; render the rest on every core."""
    _refuse_shared_paths(planned)
    todo = []
    for file, keep in planned:
        result.files += 1
        if file.path.endswith(".html"):
            result.pages += 1
        if keep and stage.link(file.path, previous / file.path):
            _count_articles(reporter, (file,))
        else:
            todo.append(file)
    for path, changed in render_files(stage, todo, jobs, lambda done: _count_articles(reporter, done)):
        result.rendered += 1
        if changed:
            result.changed.append(path)


def _count_articles(reporter: Reporter, files) -> None:
    reporter.advance(sum(1 for f in files if f.path.startswith("articles/") and f.path.endswith(".html")))


def _refuse_shared_paths(planned) -> None:
    seen: set[str] = set()
    for file, _ in planned:
        if file.path in seen:
            raise shared_path_error(file.path)
        seen.add(file.path)


def _search(stage: Staging, config: SiteConfig, site: SiteGraph, planner: Planner, previous: Path,
            defer: bool, result: BuildResult) -> bool:
    """Index the articles, or keep the previous index when no article page changed.

    Returns whether the staged site has an up-to-date index.
    """
    if not config.search or not site.order:
        return False
    if planner.search_reusable() and stage.link_tree("pagefind", previous / "pagefind"):
        return True
    if defer:
        stage.link_tree("pagefind", previous / "pagefind")  # a stale index until the new one is ready

        def finish() -> float:
            seconds = search.index_site(result.output)
            planner.new.search_key = planner.search_key()
            planner.save()
            return seconds
        result.finish_search = finish
        return False
    search.index_site(stage.path)
    return True


class _Clock:
    """Times each stage, for the summary and the benchmarks."""

    def __init__(self, result: BuildResult):
        self.result = result

    def __call__(self, name: str, step):
        started = time.perf_counter()
        value = step()
        self.result.timings[name] = self.result.timings.get(name, 0.0) + time.perf_counter() - started
        return value
