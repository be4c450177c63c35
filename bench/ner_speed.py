"""Speed of entity recognition, in tokens per second: the tagger alone, and the
recogniser a site build runs on every article.

Loads a model (the shipped one by default) and tags a CoNLL file as one
document, once with cold per-word-type caches (a fresh model, as for a new
user's archive) and once more with warm caches. Then ``--articles DIR`` (a
site's content folder: ``.md`` and ``.txt`` files) or the CoNLL file cut into
articles of 20 sentences is analysed as a build analyses it, by the
recogniser of each configuration (rules alone, rules and the tagger), cold.
Single process; the per-CPU-second figure is the per-core one.

    python bench/ner_speed.py ../shared/corpora/anercorp/train.txt [--model PATH] [--articles DIR]
"""

from __future__ import annotations

import argparse
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
    ap.add_argument("--limit", type=int, default=0, help="read this many articles at most (0: all)")
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
    texts = read_articles(args.articles, args.limit) if args.articles else conll_articles(sentences)
    words = sum(len(tokenize(t)) for t in texts)
    print(f"recognisers on {len(texts):,} articles ({words:,} words), cold:")
    for name, model in (("rules", None), ("tagger first", path)):
        wall, cpu = recognise_all(Recogniser(None, model), texts)
        print(f"  {name:<16}{words / wall:>10,.0f} words/s wall, {words / cpu:>10,.0f} per CPU second")
    return 0


def recognise_all(recogniser: Recogniser, texts: list[str]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        recogniser.recognise(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def conll_articles(sentences: list[list[str]], per_article: int = 20) -> list[str]:
    """The sentences as article texts, one sentence a line, as bench/site_ner.py writes them."""
    return ["\n".join(" ".join(s) for s in sentences[i:i + per_article])
            for i in range(0, len(sentences), per_article)]


def read_articles(folder: Path, limit: int) -> list[str]:
    """The article texts of a content folder (front matter left out), in path order."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    texts = []
    for path in paths[:limit or None]:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("\n---", 1)[-1]
        texts.append(text)
    return texts


if __name__ == "__main__":
    raise SystemExit(main())
