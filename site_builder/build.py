"""The whole build, top to bottom: read → analyse → detach → propagate → resolve → link → plan → write → index.

Everything is read and analysed before anything is written, and the site is
assembled in a staging folder that replaces the old site only when complete.
One bad article is reported and left out; it never stops the others.
Analysis and rendering run on the executor the options name (worker
processes on this machine, or a Dask cluster: ``executors``).

``build()`` is only that pipeline. What makes a rebuild cheap (which pages
can be kept, whether nothing changed at all) is the planner's business
(``state.pages``); what only the preview needs is in the ``Resident`` state it
passes (``state.resident``).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import analyse
from site_builder.config import SiteConfig
from site_builder.content.sources import read_all
from site_builder.errors import ConfigError, ContentError, SiteError
from site_builder.executors import Executor, open_executor
from site_builder.importers import KNOWN_SOURCES
from site_builder.link.aliases import resolve
from site_builder.link.curation import load_curation
from site_builder.link.graph import link
from site_builder.link import review as entity_review
from site_builder.link.proclitics import detach_proclitics
from site_builder.link.propagation import propagate
from site_builder.link.sources import known_sources, name_sources
from site_builder.link.syndication import find_copies
from site_builder.model import Article, PlannedFile, Resolution, SiteGraph, SourceDoc, Sources
from site_builder.ner.recogniser import Recogniser
from site_builder.output.size import OutputSize, limit_warnings, measure_site
from site_builder.output.staging import Staging, Update, check_output_folder, holds
from site_builder.output.writer import render_slow, write_files
from site_builder.render import theme
from site_builder.render.pages import Renderer, render_site
from site_builder.report import Reporter
from site_builder.search import documents as search_documents
from site_builder.search.index import SearchIndex
from site_builder.state.analysis_cache import AnalysisCache
from site_builder.state.pages import Planner, all_present, global_key, input_key
from site_builder.state.resident import Cancelled, Resident


ABANDONABLE = frozenset({"detach", "propagate", "resolve", "link", "copies", "plan"})
"""Stages a preview may stop midway (``Resident.abandon``): they compute, write nothing and
hold no lock or worker."""


@dataclass(frozen=True)
class BuildOptions:
    """How this one build runs (the ``site-builder build`` flags); the site is the config."""

    output: Path | None = None
    """Output folder (default: the configured one)."""
    use_cache: bool = True
    """False analyses and renders everything afresh."""
    jobs: int | None = None
    """Worker processes (default: every core)."""
    executor: str = "local"
    """Where analysis and rendering run: "local" (processes on this machine) or "dask"."""
    scheduler: str | None = None
    """With the "dask" executor: the address of a running scheduler (default: a cluster
    started on this machine for this build)."""
    strict: bool = False
    """Any error or warning fails the build before the new site replaces the old one."""
    reuse_from: Path | None = None
    """A previous site to keep unchanged pages from, when it is not the output folder."""


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
    timeline: list[tuple[str, float, float]] = field(default_factory=list)
    """Each stage run: (name, start, end) in seconds from the build's start. Stages that
    overlap (the search index beside the render) show it here."""
    changed: list[str] = field(default_factory=list)
    """Files written anew or removed (the preview reloads only the tabs showing one)."""
    search_pending: bool = False
    """The search index is the previous one (``Resident.defer_search``): index
    ``search_documents`` with ``SearchIndex`` and record it with ``state.pages.record_search``."""
    site_id: str = ""
    search_key: str = ""
    """What ``record_search`` needs to mark this site's index as up to date."""
    search_documents: Path | None = None
    """With ``search_pending``: the folder of search documents to index; remove it after."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    size: OutputSize | None = None
    """File bytes and files of the site as written, with what goes beyond a host's limits."""


def build(config: SiteConfig, options: BuildOptions = BuildOptions(), reporter: Reporter | None = None,
          state: Resident | None = None) -> BuildResult:
    """Build the site; returns what was built. ``state`` is a preview's (see ``Resident``)."""
    with open_executor(options.executor, options.scheduler, options.jobs) as executor:
        run = _Run(config, options, reporter or Reporter(quiet=True), state, executor)
        docs = run.stage("read", read_sources, config, run.reporter, run.state.docs)
        curation = load_curation(config.path(config.entities.curation))
        recogniser = make_recogniser(config, curation)
        planner = run.planner(recogniser, docs)
        if run.nothing_changed(planner):
            return run.as_before(planner)
        articles = run.stage("analyse", run.analyse, docs, recogniser)
        if recogniser:
            articles = run.stage("detach", detach_proclitics, articles)
            articles = run.stage("propagate", propagate, articles)
        resolution = run.stage("resolve", resolve, articles, curation) if recogniser else Resolution({}, {})
        if recogniser:
            run.stage("review", entity_review.write, run.work_dir, articles, resolution)
        sources = run.stage("link", site_sources, config, articles)
        run.report_warnings(resolution.warnings)
        run.report_warnings(sources.warnings, kind="source")
        copies = run.stage("copies", find_copies, articles, sources)
        site = run.stage("link", link, articles, resolution, sources=sources, related=config.entities.related,
                         cooccurring=config.entities.cooccurring, syndication=copies,
                         page_articles=config.entities.page_articles)
        run.stop_on_errors()
        renderer = Renderer(site, config)
        planned = run.stage("plan", planner.plan, render_site(site, config, renderer))
        run.write(site, planned, planner, renderer)
        run.measure()
        return run.finish(site, planner, tuple(resolution.warnings) + sources.warnings)


def make_recogniser(config: SiteConfig, curation) -> Recogniser | None:
    """The configured recogniser: the statistical tagger and the gazetteer (the default), or
    the rules alone when no model is set."""
    if not config.entities.enabled:
        return None
    model = config.entities.model
    if model == "shipped":
        from site_builder.ner.tagger import default_model
        path = default_model()
        if path is None:
            raise ConfigError("entities.model = \"shipped\", but this installation has no model",
                              config.root / "site.toml", hint="train one with 'site-builder ner train'")
        return Recogniser(curation, path)
    return Recogniser(curation, config.path(model) if model else None)


def site_sources(config: SiteConfig, articles: list[Article]) -> Sources:
    """The archive's sources: those the importers ship, under the site's ``[sources.ID]`` tables."""
    declared = {id_: (source.name, source.url) for id_, source in config.sources.items()}
    return name_sources((a.meta.source for a in articles), known_sources(declared, KNOWN_SOURCES),
                        declared=config.sources)


def site_key(config: SiteConfig, recogniser: Recogniser | None) -> str:
    """Hash of what every page depends on: configuration, templates, analyser and recogniser."""
    versions = [repr(dataclasses.replace(config, root=Path("."))), analyse.ANALYSER_VERSION,
                recogniser.version if recogniser else ""]
    return global_key(versions, [theme.default_template_dir(), config.path(config.templates)])


def read_sources(config: SiteConfig, reporter: Reporter, memo: dict) -> list[SourceDoc]:
    """Every readable article; the unreadable ones and duplicate slugs are reported."""
    docs: list[SourceDoc] = []
    seen: dict[str, str] = {}
    for item in read_all(config.root, config.content, memo):
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


class StrictModeError(SiteError):
    def __init__(self, errors: int, warnings: int):
        super().__init__(f"--strict: {errors} error(s) and {warnings} warning(s); the previous site is kept")


class _Run:
    """One build's surroundings: its folders, clock, reporter and the previous build.

    The pipeline in ``build()`` calls these steps in order; none of them
    decides what the site contains.
    """

    def __init__(self, config: SiteConfig, options: BuildOptions, reporter: Reporter, state: Resident | None,
                 executor: Executor):
        self.started = time.perf_counter()
        self.config, self.options, self.reporter, self.executor = config, options, reporter, executor
        self.output = (options.output or config.path(config.output)).resolve()
        check_output_folder(self.output, config.root, [config.path(c) for c in config.content])
        self.result = BuildResult(output=self.output)
        self.resident = state is not None and options.use_cache
        """Whether the state kept by a preview is used (and updated) by this build."""
        self.state = state if self.resident else Resident()
        self.previous = (options.reuse_from or self.output).resolve()
        self.cache_dir = config.path(config.cache) if options.use_cache else None
        self.work_dir = config.path(config.cache)
        """Where the build keeps its working files (the search documents), cache or not."""

    def stage(self, name: str, step, *args, **kwargs):
        """Run one stage of the pipeline, timed for the summary; a preview may abandon
        the build between stages."""
        if self.state.cancelled is not None and self.state.cancelled():
            raise Cancelled()
        started = time.perf_counter()
        if name in ABANDONABLE and self.state.cancelled is not None:
            with self.state.abandon.stage():
                value = step(*args, **kwargs)
        else:
            value = step(*args, **kwargs)
        ended = time.perf_counter()
        self.result.timings[name] = self.result.timings.get(name, 0.0) + ended - started
        self.result.timeline.append((name, started - self.started, ended - self.started))
        return value

    def planner(self, recogniser: Recogniser | None, docs: list[SourceDoc]) -> Planner:
        key = site_key(self.config, recogniser)
        return Planner(self.cache_dir, self.previous, key, input_key(key, docs, theme.static_files(self.config)))

    def nothing_changed(self, planner: Planner) -> bool:
        """Whether the last build read exactly these inputs and its site is all there."""
        return (not self.resident and self.previous == self.output
                and planner.same_inputs(self.output, self.config.search))

    def analyse(self, docs: list[SourceDoc], recogniser: Recogniser | None) -> list[Article]:
        cache = AnalysisCache(self.cache_dir)
        try:
            self.reporter.start("analysing", len(docs))
            articles = analyse.analyse_all(docs, recogniser, cache, self.executor, self.reporter.advance,
                                           self.state.articles)
            self.reporter.finish()
        finally:
            cache.close()
        if not self.resident:  # a one-off build: the source texts are not needed once analysed
            docs.clear()
            self.state.docs.clear()
        return articles

    def report_warnings(self, warnings, kind: str = "curation") -> None:
        for warning in warnings:
            self.reporter.warning(warning, kind=kind)

    def stop_on_errors(self) -> None:
        """Fail before writing when ``--strict`` asks, or when a preview meets a new broken file."""
        reporter = self.reporter
        if self.options.strict and (reporter.errors or reporter.warnings):
            raise StrictModeError(len(reporter.errors), len(reporter.warnings))
        tolerated = self.state.tolerated_errors
        new_errors = [e for e in reporter.errors if tolerated is not None and e not in tolerated]
        if new_errors:
            raise SiteError("\n".join(new_errors))

    def write(self, site: SiteGraph, planned: list[tuple[PlannedFile, bool]], planner: Planner,
              renderer: Renderer) -> None:
        """Write the new site, staged (or in place for a preview), with its search index."""
        if self.previous == self.output and self._unchanged(planned, planner, site):
            planner.finish(search_done=True)  # the site on disk is this build's site already
            self.result.files = len(planned)
            self.result.pages = sum(1 for file, _ in planned if file.path.endswith(".html"))
            return
        in_place = self.resident and self.previous == self.output and planner.old.site_id != ""
        searched = False
        with (Update if in_place else Staging)(self.output) as stage, ThreadPoolExecutor(max_workers=1) as beside:
            indexing, stop = None, threading.Event()
            if self._searchable(site):
                if planner.search_reusable() and stage.link_tree("pagefind", self.previous / "pagefind"):
                    searched = True
                elif self.state.defer_search or in_place:
                    # An in-place update holds only the changed pages until it commits,
                    # so its index can only be built afterwards, over the whole site.
                    stage.link_tree("pagefind", self.previous / "pagefind")  # stale until then
                else:
                    # The index needs the linked archive, not the pages: Pagefind runs
                    # while the pages are rendered.
                    indexing = beside.submit(self.stage, "search", self.index, stage.path, site, renderer, stop)
            self.reporter.start("writing", len(site.order))
            try:
                # Pagefind keeps a core busy: a render worker more would share the cores
                # with it, gain no time and copy the archive once more.
                written = self.stage("render", write_files, stage, planned, self.previous, (site, self.config),
                                     self.executor, self._count_articles, spare=int(indexing is not None))
                self.reporter.finish()
                for rel, source in theme.static_files(self.config):
                    if stage.copy(rel, source):
                        written.changed.append(rel)
                render_slow(stage, written)  # the compressed database
            except BaseException:
                stop.set()  # the site will not be published: its index would be of no use
                raise
            if indexing is not None:
                indexing.result()
                searched = True
            stage.site_id = planner.finish(searched)
            stage.stale = tuple(sorted(set(planner.old.keys) - set(planner.new.keys)))
            written.changed += stage.stale
        r = self.result
        r.files, r.pages, r.rendered, r.changed = written.files, written.pages, written.rendered, written.changed
        if self._searchable(site) and not searched:
            if self.state.defer_search:
                r.search_pending = True
                r.search_documents = self.stage("search", self.documents, site, renderer)
            else:
                self.stage("search", self.index, self.output, site, renderer)
                planner.finish(search_done=True)

    def documents(self, site: SiteGraph, renderer: Renderer) -> Path:
        """The search documents of this build's articles, in a folder of their own."""
        if not self.resident:  # a preview may be indexing an earlier build's documents
            search_documents.remove_stale(self.work_dir)
        return search_documents.write_documents(site, renderer.labels, renderer.search_names,
                                                self.config.language, self.work_dir)

    def index(self, site_folder: Path, site: SiteGraph, renderer: Renderer,
              stop: threading.Event | None = None) -> None:
        folder = self.documents(site, renderer)
        try:
            with SearchIndex(site_folder, folder, stop=stop) as index:
                index.add_articles()
        finally:
            search_documents.remove_documents(folder)

    def measure(self) -> None:
        """The size of the site as written; a limit of common hosts it goes beyond is a warning."""
        started = time.perf_counter()
        self.result.size = measure_site(self.output)
        for warning in limit_warnings(self.result.size):
            self.reporter.warning(warning, kind="size")
        self.result.timings["measure"] = time.perf_counter() - started

    def finish(self, site: SiteGraph, planner: Planner, warnings: tuple[str, ...]) -> BuildResult:
        """``warnings`` are those of the archive as a whole, shown again while it stays the same."""
        r = self.result
        r.articles, r.entities = len(site.order), len(site.entities)
        planner.remember((r.articles, r.entities, r.pages, r.files), warnings)
        planner.save()
        r.site_id, r.search_key = planner.new.site_id, planner.search_key()
        self.state.remember(site, planner.global_key)
        return self._done()

    def as_before(self, planner: Planner) -> BuildResult:
        """The result of a build whose inputs are exactly the last build's: its site stands."""
        self.report_warnings(planner.old.warnings)
        self.stop_on_errors()
        r = self.result
        r.articles, r.entities, r.pages, r.files = planner.old.summary
        self.measure()
        return self._done()

    def _done(self) -> BuildResult:
        r = self.result
        r.seconds = time.perf_counter() - self.started
        r.errors, r.warnings = list(self.reporter.errors), list(self.reporter.warnings)
        return r

    def _searchable(self, site: SiteGraph) -> bool:
        return self.config.search and bool(site.order)

    def _unchanged(self, planned, planner: Planner, site: SiteGraph) -> bool:
        """True when the previous site is exactly what this build would write."""
        if not planner.old.site_id or set(planner.old.keys) != set(planner.new.keys):
            return False
        if not all(keep for _, keep in planned):
            return False
        if not all_present(self.output, (file.path for file, _ in planned)):
            return False  # a page was removed by hand
        if self._searchable(site) and not (planner.search_reusable() and (self.output / "pagefind").is_dir()):
            return False
        return all(holds(self.output / rel, source.read_bytes()) for rel, source in theme.static_files(self.config))

    def _count_articles(self, paths) -> None:
        self.reporter.advance(sum(1 for path in paths if path.startswith("articles/") and path.endswith(".html")))

