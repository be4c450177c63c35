"""Tagging speed of the statistical NER tagger, in tokens per second.

Loads a model (the shipped one by default) and tags a CoNLL file as one
document, once with cold per-word-type caches (a fresh model, as for a new
user's archive) and once more with warm caches. Single process.

    python bench/ner_speed.py ../shared/corpora/anercorp/train.txt [--model PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder.ner import conll  # noqa: E402
from site_builder.ner import tagger


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
