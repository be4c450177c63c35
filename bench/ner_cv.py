"""Five-fold cross-validation of the NER tagger over contiguous blocks.

Each fold trains on four contiguous fifths of the labelled file and tags the
remaining fifth as one document, then the entity counts of all folds are
pooled (conlleval-style exact span and type). Tagging speed is measured on
the held-out fifth with a freshly loaded model, so per-word-type caches start
cold, as they would for a user.

    python bench/ner_cv.py ../shared/corpora/anercorp/train.txt

Tried on this benchmark without gain (micro F1 over PERS/LOC/ORG within
0.005 of the default recipe's, with clusters and the auto-lexicon):
single/end labels (BIOES) instead of BIO; a second pass that also sees how
the first pass tagged each stem across a million words of unlabelled news;
a constant subtracted from the O label's score at decoding (recall rises,
precision falls as much); finer and more clusters over a larger vocabulary;
each stem's morphological profile in unlabelled news (how often it takes the
article or a pronoun suffix, its frequency); the auto-lexicon rebuilt with
later rules; in the type prior, a weaker L2 penalty (1e-7), vectors for words
seen twice (min-count 2), begin/inside types instead of plain ones, codes at
the outer window offsets (±2) as well, or weak codes down to a share of 0.08;
vectors that also learn from the labelled file's own text (0.782); the first
pass's label probabilities (forward-backward), averaged per stem, for the
second pass (0.780); the rule-based recogniser's findings on the same text as
features (0.781). Training on half the once-seen words as if unseen (form,
stem and bigram features dropped) lost F1 on every fold.

The CRF penalties (``tagger.PENALTIES``) were set here. With the type prior,
c1 0.02 and c2 0.05 gave 0.788, against 0.783 for 0.05 and 0.01; c2 0.05
with c1 0.05 gave 0.786, with c1 0.005 0.785, with c1 0.15 0.780; c2 0.15
with c1 0.05 gave 0.785. The shipped recipe (no clusters, vectors or
auto-lexicon) keeps 0.05 and 0.01: 0.743, against 0.740 with 0.02 and 0.05.
Cutting the training data into four parts instead of two for the second
pass's input (``--held-out 4``) gave 0.787; 300 training iterations instead
of 150, 0.788 again.

Also without gain once the Arramooz word classes were features (0.791):
feature bagging, i.e. each CRF multiplied by one trained without word, stem
and bigram identities so that the other features are not undertrained
(folds 2 and 3: 0.758 and 0.740, against 0.766 and 0.761); a second vector
regression, trained on the labelled words and on the dictionary's names and
ordinary words, scoring how name-like every news word is (0.786). Once the
Wikidata name words were features too (0.796): features marking runs of
words that spell a full name from Wikidata (0.797); an extra score for ORG
labels at decoding (+0.5: 0.790, +1: 0.782); in the agreement pass, the
surname or first name of a multi-word person spread as a name of its own
(0.797, against 0.799).

With the agreement pass (``site_builder/agreement.py``), the L2 penalty of
the recipe with the type prior was set again, c1 staying 0.02: c2 0.05 gave
0.799, 0.1 0.800, 0.2 0.802 (higher on every fold than 0.05), 0.4 0.801.
The shipped recipe kept c2 0.01: with 0.1 its second fold fell from 0.750
to 0.714.

Word vectors (``bench/build_vectors.py``), when present, give the tagger a
type prior (``site_builder/type_prior.py``); ``--no-vectors`` leaves it out.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder.ner import conll  # noqa: E402
from site_builder.ner import tagger


def blocks(n: int, k: int) -> list[tuple[int, int]]:
    bounds = [n * i // k for i in range(k + 1)]
    return list(zip(bounds, bounds[1:]))


def run_fold(sents, tags, config, clusters, vectors, save_model, fold):
    """Train on all but one block, tag it; returns the scores, the speed and a report line."""
    k, a, b = fold
    t0 = time.time()
    model = tagger.train(sents[:a] + sents[b:], tags[:a] + tags[b:], config, clusters, vectors)
    train_s = time.time() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json.gz"
        model.save(path)
        size = path.stat().st_size
        fresh = tagger.Tagger.load(path)
        if save_model:
            save_model.write_bytes(path.read_bytes())
    t0 = time.time()
    predicted = fresh.tag_sentences(sents[a:b])
    tag_s = time.time() - t0
    n_tok = sum(len(s) for s in sents[a:b])
    result = conll.score(tags[a:b], predicted)
    first = None
    if fresh.second is not None:
        first_only = tagger.Tagger(fresh.first, None, fresh.clusters, lexicon=fresh.lexicon,
                                   priors=fresh.priors, agree=False)
        first = conll.score(tags[a:b], first_only.tag_sentences(sents[a:b]))
    fresh.agree = False
    unagreed = conll.score(tags[a:b], fresh.tag_sentences(sents[a:b]))
    line = (f"fold {k + 1}: sentences {a}-{b}, micro F1 {result.micro().f1:.4f}, "
            f"train {train_s:.0f}s, tag {n_tok / tag_s:,.0f} tokens/s, model {size:,} bytes")
    return result, first, unagreed, n_tok, tag_s, line


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
    ap.add_argument("--auto-lexicon", type=Path,
                    help="word lists learned from unlabelled news (bench/auto_lexicon.py) added to the lexicon")
    ap.add_argument("--clusters", type=Path, default=tagger.DEFAULT_CLUSTERS)
    ap.add_argument("--vectors", type=Path, default=tagger.DEFAULT_VECTORS,
                    help="word vectors for the type prior (bench/build_vectors.py), used if present")
    ap.add_argument("--no-vectors", action="store_true")
    ap.add_argument("--c1", type=float, help="L1 penalty (default: the recipe's, tagger.PENALTIES)")
    ap.add_argument("--c2", type=float, help="L2 penalty (default: the recipe's, tagger.PENALTIES)")
    ap.add_argument("--iterations", type=int, default=tagger.TrainConfig.iterations)
    ap.add_argument("--held-out", type=int, default=tagger.TrainConfig.folds,
                    help="parts the training data is cut into for the second pass's input")
    ap.add_argument("--jobs", type=int, default=1, help="folds trained at once (tagging speed is then shared)")
    args = ap.parse_args()

    if args.auto_lexicon:
        _add_auto_lexicon(args.auto_lexicon)
    corpus = conll.read(args.corpus, need_tags=True)
    sents, tags = corpus.sentences, corpus.tags
    config = tagger.TrainConfig(c1=args.c1, c2=args.c2, iterations=args.iterations,
                                propagate=not args.no_propagate, folds=args.held_out,
                                lexicon=not args.no_lexicon, spans=args.spans)
    clusters = None if args.no_clusters else args.clusters
    folds = [(k, a, b) for k, (a, b) in enumerate(blocks(len(sents), args.folds)) if not args.only or k in args.only]
    vectors = None if args.no_vectors else args.vectors
    job = functools.partial(run_fold, sents, tags, config, clusters, vectors, args.save_model)
    total = first_total = unagreed_total = None
    tokens = seconds = 0.0
    pool = None
    if args.jobs > 1:
        pool = ProcessPoolExecutor(max_workers=args.jobs, mp_context=multiprocessing.get_context("fork"))
        results = pool.map(job, folds)
    else:
        results = map(job, folds)
    for (k, a, b), (result, first, unagreed, n_tok, tag_s, line) in zip(folds, results):
        print(line, flush=True)
        tokens += n_tok
        seconds += tag_s
        total = result if total is None else (total.add(result) or total)
        unagreed_total = unagreed if unagreed_total is None else (unagreed_total.add(unagreed) or unagreed_total)
        if first is not None:
            first_total = first if first_total is None else (first_total.add(first) or first_total)
    if pool is not None:
        pool.shutdown()
    print()
    print(conll.format_table(total))
    if first_total is not None:
        print(f"first pass alone: micro PERS/LOC/ORG F1 {first_total.micro().f1:.4f}")
    print(f"without the agreement pass: micro PERS/LOC/ORG F1 {unagreed_total.micro().f1:.4f}")
    print(f"tagging speed: {tokens / seconds:,.0f} tokens/s (one process, cold caches)")
    return 0


def _add_auto_lexicon(path: Path) -> None:
    """Every model of this run (trained or loaded) sees the extra lists as lexicon codes."""
    import gzip
    extra = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#") and "\t" in line:
                word, codes = line.rstrip("\n").split("\t")
                extra[word] = tuple(codes.split(","))
    shipped = tagger.load_lexicon

    def load_lexicon(data_dir):
        merged = dict(shipped(data_dir))
        for word, codes in extra.items():
            merged[word] = tuple(sorted(set(merged.get(word, ())) | set(codes)))
        return merged
    tagger.load_lexicon = load_lexicon


if __name__ == "__main__":
    raise SystemExit(main())
