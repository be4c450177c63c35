"""Build word clusters for the NER tagger from unlabelled SaudiNewsNet text.

A tagger trained on ~100k labelled words has never seen most names; clusters
learned from millions of unlabelled news words let it generalise from
"seen names" to "words used the way names are used".

Method: positional context counts (words at -2, -1, +1, +2 among the most
frequent context words), positive PMI, truncated SVD, then spherical k-means
several times with different numbers of clusters; coarse and fine
partitions together work like the prefixes of a Brown-cluster bit string.

Only SaudiNewsNet is read; the labelled corpus never is.

    python bench/build_clusters.py CORPUS_DIR site_builder/ner/data/word-clusters.tsv.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from site_builder.text.fold import tagger_key  # noqa: E402

TOKEN = re.compile(r"\w+|[^\w\s]")


def read_articles(corpus_dir: Path):
    seen = set()
    for path in sorted(corpus_dir.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name).decode("utf-8")):
                    text = (article.get("title") or "") + "\n" + (article.get("content") or "")
                    key = hash(text)
                    if key not in seen:  # some articles repeat across days
                        seen.add(key)
                        yield text


def tokenise(corpus_dir: Path) -> list[str]:
    tokens: list[str] = []
    for text in read_articles(corpus_dir):
        for line in text.split("\n"):
            tokens.append("<s>")
            tokens.extend(tagger_key(t) for t in TOKEN.findall(line))
    return tokens


def kmeans(x: np.ndarray, k: int, iters: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    for _ in range(iters):
        labels = (x @ centres.T).argmax(axis=1)  # rows are unit length: cosine k-means
        onehot = sparse.csr_matrix((np.ones(len(x), dtype=x.dtype), (labels, np.arange(len(x)))),
                                   shape=(k, len(x)))
        sums = np.asarray(onehot @ x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms.ravel() == 0
        centres = sums / np.where(norms == 0, 1, norms)
        centres[empty] = x[rng.integers(len(x), size=int(empty.sum()))]
    return (x @ centres.T).argmax(axis=1), centres


def ppmi_vectors(tokens: list[str], vocab_size: int, n_context: int, dims: int,
                 min_count: int) -> tuple[list[str], np.ndarray]:
    """Unit-length word vectors: truncated SVD of positive PMI with positional contexts."""
    t0 = time.time()
    counts = Counter(tokens)
    ranked = [w for w, c in counts.most_common() if c >= min_count and w != "<s>"]
    vocab = ranked[:vocab_size]
    context = ["<s>"] + ranked[:n_context - 1]
    vid = {w: i for i, w in enumerate(vocab)}
    cid = {w: i for i, w in enumerate(context)}
    v_ids = np.array([vid.get(t, -1) for t in tokens], dtype=np.int64)
    c_ids = np.array([cid.get(t, -1) for t in tokens], dtype=np.int64)
    rows, cols = [], []
    for slot, offset in enumerate((-2, -1, 1, 2)):
        if offset < 0:
            tgt, ctx = v_ids[-offset:], c_ids[:offset]
        else:
            tgt, ctx = v_ids[:-offset], c_ids[offset:]
        keep = (tgt >= 0) & (ctx >= 0)
        rows.append(tgt[keep])
        cols.append(ctx[keep] + slot * len(context))
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)),
                          shape=(len(vocab), 4 * len(context))).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col_sum *= total / col_sum.sum()
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    print(f"PPMI {ppmi.shape}, nnz {ppmi.nnz:,} ({time.time() - t0:.0f}s)")
    u, s, _ = svds(ppmi, k=dims)
    emb = u * np.sqrt(s)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    print(f"SVD done ({time.time() - t0:.0f}s)")
    return vocab, emb.astype(np.float32)


def add_vector_options(ap: argparse.ArgumentParser, *, vocab: int, dims: int, min_count: int) -> None:
    """The corpus, the output file and the settings of ``ppmi_vectors``, with these defaults."""
    ap.add_argument("corpus_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--vocab", type=int, default=vocab)
    ap.add_argument("--context", type=int, default=2000)
    ap.add_argument("--dims", type=int, default=dims)
    ap.add_argument("--min-count", type=int, default=min_count)


def corpus_vectors(args: argparse.Namespace) -> tuple[list[str], np.ndarray]:
    """Word vectors of the corpus named by the options of ``add_vector_options``."""
    t0 = time.time()
    tokens = tokenise(args.corpus_dir)
    print(f"{len(tokens):,} tokens ({time.time() - t0:.0f}s)")
    return ppmi_vectors(tokens, args.vocab, args.context, args.dims, args.min_count)


def build(args: argparse.Namespace) -> None:
    t0 = time.time()
    vocab, emb = corpus_vectors(args)
    ks, out = tuple(args.k), args.out
    columns = [kmeans(emb, k, 15, seed=k)[0] for k in ks]
    print(f"k-means done ({time.time() - t0:.0f}s)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# word clusters learned from SaudiNewsNet (Alhagri 2015) by "
                 f"bench/build_clusters.py: word, then cluster ids for k = {list(ks)}\n")
        for i, word in enumerate(vocab):
            fh.write(word + "".join(f"\t{col[i]}" for col in columns) + "\n")
    print(f"wrote {out} ({out.stat().st_size:,} bytes, {len(vocab):,} words)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_vector_options(ap, vocab=100_000, dims=100, min_count=5)
    ap.add_argument("--k", type=int, nargs="+", default=(100, 400, 1000, 2500))
    build(ap.parse_args())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
