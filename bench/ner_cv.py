"""Five-fold cross-validation of the NER tagger over contiguous blocks.

Each fold trains on four contiguous fifths of the labelled file and tags the
remaining fifth as one document, then the entity counts of all folds are
pooled (conlleval-style exact span and type). Tagging speed is measured on
the held-out fifth with a freshly loaded model, so per-word-type caches start
cold, as they would for a user.

    python bench/ner_cv.py ../shared/corpora/anercorp/train.txt
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder import conll, tagger  # noqa: E402


def blocks(n: int, k: int) -> list[tuple[int, int]]:
    bounds = [n * i // k for i in range(k + 1)]
    return list(zip(bounds, bounds[1:]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", type=int, nargs="*", help="run these folds only (0-based)")
    ap.add_argument("--no-propagate", action="store_true")
    ap.add_argument("--no-clusters", action="store_true")
    ap.add_argument("--no-lexicon", action="store_true", help="leave out the shipped name lists")
    ap.add_argument("--spans", action="store_true",
                    help="second pass also marks repeats of multi-word entities (no gain so far)")
    ap.add_argument("--save-model", type=Path, help="keep the last fold's model here")
    ap.add_argument("--clusters", type=Path, default=tagger.DEFAULT_CLUSTERS)
    ap.add_argument("--c1", type=float, default=tagger.TrainConfig.c1)
    ap.add_argument("--c2", type=float, default=tagger.TrainConfig.c2)
    ap.add_argument("--iterations", type=int, default=tagger.TrainConfig.iterations)
    args = ap.parse_args()

    corpus = conll.read(args.corpus, need_tags=True)
    sents, tags = corpus.sentences, corpus.tags
    config = tagger.TrainConfig(c1=args.c1, c2=args.c2, iterations=args.iterations,
                                propagate=not args.no_propagate, lexicon=not args.no_lexicon,
                                spans=args.spans)
    clusters = None if args.no_clusters else args.clusters
    total = None
    first_total = None
    tokens = seconds = 0.0
    for k, (a, b) in enumerate(blocks(len(sents), args.folds)):
        if args.only and k not in args.only:
            continue
        t0 = time.time()
        model = tagger.train(sents[:a] + sents[b:], tags[:a] + tags[b:], config, clusters)
        train_s = time.time() - t0
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.json.gz"
            model.save(path)
            size = path.stat().st_size
            fresh = tagger.Tagger.load(path)
            if args.save_model:
                args.save_model.write_bytes(path.read_bytes())
        t0 = time.time()
        predicted = fresh.tag_sentences(sents[a:b])
        tag_s = time.time() - t0
        n_tok = sum(len(s) for s in sents[a:b])
        tokens += n_tok
        seconds += tag_s
        result = conll.score(tags[a:b], predicted)
        if fresh.second is not None:
            first_only = tagger.Tagger(fresh.first, None, fresh.clusters, lexicon=fresh.lexicon)
            f1 = conll.score(tags[a:b], first_only.tag_sentences(sents[a:b]))
            first_total = f1 if first_total is None else (first_total.add(f1) or first_total)
        print(f"fold {k + 1}: sentences {a}-{b}, micro F1 {result.micro().f1:.4f}, "
              f"train {train_s:.0f}s, tag {n_tok / tag_s:,.0f} tokens/s, model {size:,} bytes",
              flush=True)
        if total is None:
            total = result
        else:
            total.add(result)
    print()
    print(conll.format_table(total))
    if first_total is not None:
        print(f"first pass alone: micro PERS/LOC/ORG F1 {first_total.micro().f1:.4f}")
    print(f"tagging speed: {tokens / seconds:,.0f} tokens/s (one process, cold caches)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
