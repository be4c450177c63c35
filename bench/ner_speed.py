"""Speed of entity recognition, in tokens per second: the tagger alone, and the
recogniser a site build runs on every article.

Loads a model (the shipped one by default) and tags a CoNLL file as one
document, once with cold per-word-type caches (a fresh model, as for a new
user's archive) and once more with warm caches. Then ``--articles DIR`` (a
site's content folder: ``.md`` and ``.txt`` files; 3,000 of them spread over it by
default) or the CoNLL file cut into articles of 20 sentences is read as a build's
worker reads it: in batches of 32 articles, by the rules alone and by the default
recogniser (rules and the tagger), and with ``--articles`` the whole per-article
analysis too (markup, recognition, search terms, signature). Each run is a new
process, cold (every word type new, as for a new archive), then warm (the same
articles again: the rate a worker approaches as an archive's words repeat). One
process per run; the per-CPU-second figure is the per-core one.

    python bench/ner_speed.py ../shared/corpora/anercorp/train.txt [--model PATH] [--articles DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder.ner import conll  # noqa: E402
from site_builder.ner import tagger
from site_builder.ner.recogniser import Recogniser  # noqa: E402
from site_builder.text.tokens import tokenize  # noqa: E402


def timed(model, sentences) -> tuple[float, float]:
    """Wall and CPU seconds; CPU time is the per-core figure on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    model.tag_sentences(sentences)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--articles", type=Path, help="a content folder whose articles the recognisers analyse")
    ap.add_argument("--limit", type=int, default=3000, help="this many articles, spread over the folder (0: all)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement (the median is shown)")
    args = ap.parse_args()
    path = args.model or tagger.default_model()
    if path is None:
        print("no model: pass --model", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    model = tagger.Tagger.load(path)
    load_s = time.perf_counter() - t0
    sentences = conll.read(args.corpus).sentences
    n = sum(len(s) for s in sentences)
    if args.profile:
        import cProfile
        import pstats
        cProfile.runctx("model.tag_sentences(sentences)", globals(), locals(), "/dev/shm/ner.prof")
        pstats.Stats("/dev/shm/ner.prof").sort_stats("cumulative").print_stats(18)
        return 0
    cold, cold_cpu = timed(model, sentences)
    warm, warm_cpu = timed(model, sentences)
    print(f"model {path.name}: {path.stat().st_size:,} bytes, loaded in {load_s:.2f}s")
    print(f"{n:,} tokens in {len(sentences):,} sentences")
    print(f"cold caches: {n / cold:,.0f} tokens/s wall, {n / cold_cpu:,.0f} per CPU second")
    print(f"warm caches: {n / warm:,.0f} tokens/s wall, {n / warm_cpu:,.0f} per CPU second")
    if args.articles:
        paths = article_paths(args.articles, args.limit)
        jobs = [("rules", None, "recognise"), ("default", path, "recognise"), ("default", path, "analyse")]
        label = f"{len(paths):,} articles of {args.articles.name}"
    else:
        paths = None
        jobs = [("rules", None, "recognise"), ("default", path, "recognise")]
        label = "ANERcorp in articles of 20 sentences"
    print(f"\n{label}, batches of {BATCH} as a build's workers read them, "
          f"median of {args.runs} runs, each in a new process (cold: every word type new; warm: again):")
    print(f"| recogniser | work | words | cold words/CPU s | warm words/CPU s |")
    print(f"|---|---|---:|---:|---:|")
    spawn = multiprocessing.get_context("spawn")
    for name, model, work in jobs:
        runs = []
        for _ in range(args.runs):
            with spawn.Pool(1) as pool:
                runs.append(pool.apply(one_run, (model, work, paths, args.articles, args.corpus)))
        words = runs[0][0]
        cold = statistics.median(words / r[1] for r in runs)
        warm = statistics.median(words / r[2] for r in runs)
        print(f"| {name} | {work} | {words:,} | {cold:,.0f} | {warm:,.0f} |")
    return 0


BATCH = 32
"""Articles a build hands a worker at once (``analyse.analyse_all``)."""


def one_run(model: Path | None, work: str, paths: list[Path] | None, root: Path | None,
            corpus: Path) -> tuple[int, float, float]:
    """Words, and CPU seconds of a cold and a warm pass, in a fresh process: the
    recogniser (``work="recognise"``) or the whole per-article analysis (``"analyse"``:
    markup, recognition, search terms, signature) over the articles, after freezing what
    was loaded, as a build's worker does."""
    import gc

    from site_builder.analyse import analyse_batch, analyse_many, collecting_less
    from site_builder.content.sources import read_source

    recogniser = Recogniser(None, model)
    if paths is None:
        texts = conll_articles(conll.read(corpus).sentences)
        docs = None
    else:
        docs = [read_source(p, root) for p in paths]
        texts = [analyse_many([d], None)[0].text for d in docs]
    words = sum(len(tokenize(t)) for t in texts)
    gc.freeze()
    times = []
    for _ in range(2):
        cpu = time.process_time()
        for i in range(0, len(texts), BATCH):
            if work == "analyse":
                analyse_batch(recogniser, docs[i:i + BATCH])  # as a build's worker runs it
            else:
                with collecting_less():
                    recogniser.recognise_many(texts[i:i + BATCH])
        times.append(time.process_time() - cpu)
    return words, times[0], times[1]


def article_paths(folder: Path, limit: int) -> list[Path]:
    """A content folder's ``.md`` and ``.txt`` files; with ``limit``, that many spread
    evenly over the sorted paths (every source and period, not the first folder's)."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    if limit and len(paths) > limit:
        step = len(paths) / limit
        paths = [paths[int(k * step)] for k in range(limit)]
    return paths


def conll_articles(sentences: list[list[str]], per_article: int = 20) -> list[str]:
    """The sentences as article texts, one sentence a line, as bench/site_ner.py writes them."""
    return ["\n".join(" ".join(s) for s in sentences[i:i + per_article])
            for i in range(0, len(sentences), per_article)]


if __name__ == "__main__":
    raise SystemExit(main())
