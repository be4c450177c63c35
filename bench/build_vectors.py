"""Build word vectors for the NER tagger's type prior from unlabelled news.

The tagger learns, from the labelled words it trains on, which kind of name
(if any) a word's vector points to, and gives every word of the vectors'
vocabulary that guess as a feature (``site_builder/type_prior.py``). A name
that the labelled data never showed but that the news uses the way it uses
names then arrives with a hint of its type.

Same vectors as ``build_clusters.py`` (positive PMI over positional contexts,
truncated SVD), kept whole instead of clustered, over a larger vocabulary.
Only SaudiNewsNet is read; the labelled corpus never is.

    python bench/build_vectors.py CORPUS_DIR site_builder/ner/data/word-vectors.npz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_clusters import add_vector_options, corpus_vectors  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_vector_options(ap, vocab=150_000, dims=200, min_count=3)
    args = ap.parse_args()
    t0 = time.time()
    vocab, vectors = corpus_vectors(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fh:  # a file object: numpy would add ".npz" to another name
        np.savez_compressed(fh, words=np.array(vocab), vectors=vectors.astype(np.float16))
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(vocab):,} words, "
          f"{time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
