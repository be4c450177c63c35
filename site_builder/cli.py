"""Command line: ``site-builder build|serve|import|ner``.

The only place that prints errors and chooses exit statuses: a ``SiteError``
(a user mistake) becomes one line on stderr and exit status 2; articles that
could not be read make a build exit with status 1; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from site_builder import __version__
from site_builder.errors import SiteError
from site_builder.report import Reporter, setup_logging


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    setup_logging(getattr(args, "quiet", False), getattr(args, "debug", False))
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.run(args)
    except SiteError as exc:  # one line per problem (a configuration may have several)
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted; the previous site is left as it was", file=sys.stderr)
        return 130


def _terminate(signum, frame):
    """SIGTERM unwinds like Ctrl-C, so the staging folder is removed and the old site kept."""
    raise KeyboardInterrupt


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder", description="Static website generator for Arabic news archives.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into the output folder")
    _site_options(build)
    build.add_argument("--output", type=Path, help="output folder (default: 'output' in site.toml, _site)")
    build.add_argument("--quiet", action="store_true", help="print errors only")
    build.add_argument("--no-cache", action="store_true", help="re-analyse every article")
    build.add_argument("--jobs", type=int,
                       help="worker processes for analysis and rendering (default: all cores)")
    build.add_argument("--executor", choices=["local", "dask"], default="local",
                       help="where analysis and rendering run: processes on this machine (default), "
                            "or a Dask cluster (pip install 'site-builder[cluster]')")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --executor dask: a running scheduler, e.g. tcp://host:8786 "
                            "(default: a cluster of --jobs workers on this machine)")
    build.add_argument("--strict", action="store_true",
                       help="fail (and keep the previous site) on any error or warning")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="build, serve locally and rebuild on every change")
    _site_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.set_defaults(run=_serve)

    imp = commands.add_parser("import", help="turn a corpus export into Markdown articles")
    imp.add_argument("format", choices=["saudinewsnet"], help="export format")
    imp.add_argument("files", nargs="+", type=Path, help=".zip or .json files")
    imp.add_argument("--into", type=Path, default=Path("content"), help="content folder (default: content/)")
    imp.set_defaults(run=_import)

    entities = commands.add_parser("entities", help="check the site's entities")
    entity_commands = entities.add_subparsers(dest="entities_command", metavar="ACTION", required=True)
    review = entity_commands.add_parser("review", help="print the entities most likely wrong, with "
                                        "entities.toml rules that fix them (written by the last build)")
    review.add_argument("--config", type=Path, help="site configuration (default: ./site.toml)")
    review.set_defaults(run=_entities_review, base_url=None)

    ner = commands.add_parser("ner", help="train, evaluate and run the entity tagger on CoNLL files")
    ner_commands = ner.add_subparsers(dest="ner_command", metavar="ACTION", required=True)
    tag = ner_commands.add_parser("tag", help="tag a CoNLL file (one token per line)")
    tag.add_argument("--conll", type=Path, required=True, help="input: one token per line")
    tag.add_argument("--output", type=Path, required=True, help="output: 'token TAG' per line")
    tag.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    tag.set_defaults(run=_ner_tag)
    train = ner_commands.add_parser("train", help="train a model from CoNLL data")
    train.add_argument("--conll", type=Path, required=True, help="training data: 'token TAG' per line")
    train.add_argument("--output", type=Path, required=True, help="model file to write")
    train.set_defaults(run=_ner_train)
    evaluate = ner_commands.add_parser("eval", help="score a model against gold CoNLL data")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold data: 'token TAG' per line")
    evaluate.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    evaluate.set_defaults(run=_ner_eval)
    return parser


def _site_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--config", type=Path, help="site configuration (default: ./site.toml)")
    sub.add_argument("--base-url", help="public address of the site, e.g. https://user.github.io/archive/")
    sub.add_argument("--debug", action="store_true", help="show tracebacks and debug messages")


def _load(args):
    from site_builder.config import load_config
    return load_config(args.config, {"base_url": args.base_url})


def _build(args) -> int:
    from site_builder.build import BuildOptions, build
    config = _load(args)
    reporter = Reporter(quiet=args.quiet)
    options = BuildOptions(output=args.output, use_cache=not args.no_cache, jobs=args.jobs, strict=args.strict,
                           executor=args.executor, scheduler=args.scheduler)
    result = build(config, options, reporter)
    for line in reporter.grouped_counts():
        reporter.info(line)
    size = f" ({result.size.files:,} files, {result.size.megabytes:,.1f} MB)" if result.size else ""
    reporter.info(f"Built {result.articles} articles, {result.entities} entities, {result.pages} pages{size} "
                  f"into {result.output} in {result.seconds:.1f} s"
                  + (f" — {len(result.errors)} file(s) with errors were skipped" if result.errors else ""))
    reporter.info("  " + _stage_times(result))
    return 1 if result.errors else 0


def _stage_times(result) -> str:
    """Each stage's seconds and when it ran: the search index runs beside the render."""
    spans: dict[str, tuple[float, float]] = {}
    for name, start, end in result.timeline:
        first, _ = spans.get(name, (start, end))
        spans[name] = (first, end)
    return " · ".join(f"{name} {seconds:.1f} s" + (f" ({spans[name][0]:.0f}–{spans[name][1]:.0f})"
                                                    if name in spans else "")
                      for name, seconds in result.timings.items())


def _serve(args) -> int:
    from site_builder.preview.server import serve
    serve(_load(args), host=args.host, port=args.port, config_path=args.config)
    return 0


def _import(args) -> int:
    from site_builder.importers.saudinewsnet import import_saudinewsnet
    report = import_saudinewsnet(args.files, args.into)
    for problem in report.skipped:
        print(f"error: {problem}", file=sys.stderr)
    print(report.summary())
    return 1 if report.skipped else 0


def _entities_review(args) -> int:
    from site_builder.link.review import FILE
    config = _load(args)
    path = config.path(config.cache) / FILE
    try:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteError("no entity review yet", path, None, "build the site first") from None
    return 0


def _ner_tag(args) -> int:
    from site_builder.ner import commands as ner_cli
    return ner_cli.tag(args.conll, args.output, args.model)


def _ner_train(args) -> int:
    from site_builder.ner import commands as ner_cli
    return ner_cli.train(args.conll, args.output)


def _ner_eval(args) -> int:
    from site_builder.ner import commands as ner_cli
    return ner_cli.evaluate(args.gold, args.model)
