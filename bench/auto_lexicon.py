"""Name lists learned from unlabelled news by the rule-based recogniser.

The recogniser's rules (titles, organisation and place heads, reporting
verbs, gazetteers, echoes) are precise on news; run over a whole archive
they find thousands of names no list holds. This script counts, for every
word, how often the rules saw it inside a person, place or organisation
name and how often it occurs at all, and writes the words the rules call
names often enough, with a code per type, for the tagger's lexicon features
(an experiment: ``bench/ner_cv.py --auto-lexicon``).

Only SaudiNewsNet is read; the labelled corpus never is.

    python bench/auto_lexicon.py CORPUS_DIR OUT.tsv.gz [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_clusters import read_articles  # noqa: E402

from site_builder.text.fold import tagger_key  # noqa: E402
from site_builder.ner.recogniser import Recogniser  # noqa: E402

CODES = {"person": "ape", "place": "apl", "organization": "aor"}
_WORD = re.compile(r"\w+")
_recogniser: Recogniser | None = None


def _start() -> None:
    global _recogniser
    _recogniser = Recogniser()


def _names(text: str) -> tuple[Counter, list[tuple[str, str]]]:
    words = Counter(tagger_key(w) for w in _WORD.findall(text))
    found = []
    for mention in _recogniser.recognise(text):
        if mention.type in CODES:
            for word in _WORD.findall(mention.text):
                found.append((tagger_key(word), mention.type))
    return words, found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus_dir", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    started = time.time()
    texts = []
    for text in read_articles(args.corpus_dir):
        texts.append(text)
        if args.limit and len(texts) >= args.limit:
            break
    total: Counter = Counter()
    typed: dict[str, Counter] = defaultdict(Counter)
    with Pool(initializer=_start) as pool:
        for words, found in pool.imap_unordered(_names, texts, chunksize=64):
            total.update(words)
            for word, kind in found:
                typed[word][kind] += 1
    rows = []
    for word, kinds in typed.items():
        codes = []
        for kind, n in kinds.items():
            if n >= args.min_count:
                share = n / max(total[word], n)  # a name cut out of a prefixed word is counted apart
                codes.append(CODES[kind] + ("" if share >= 0.5 else "~"))
        if codes:
            rows.append(f"{word}\t{','.join(sorted(codes))}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        fh.write("# words the rule-based recogniser found in names of SaudiNewsNet (bench/auto_lexicon.py)\n")
        fh.write("\n".join(sorted(rows)) + "\n")
    print(f"{len(texts):,} articles, {len(rows):,} words listed, {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
