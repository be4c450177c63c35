"""Command-line actions for the statistical entity tagger: tag, train, evaluate.

Each returns an exit status; anything the user can fix is raised as a
``SiteError`` so the command line prints one line instead of a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from site_builder.ner import conll
from site_builder.errors import SiteError
from site_builder.ner.tagger import Tagger, TrainConfig, default_model
from site_builder.ner.tagger import train as train_tagger


def _load(model: Path | None) -> Tagger:
    if model is None:
        model = default_model()
        if model is None:
            raise SiteError("no entity tagger model is installed", None, None,
                            "train one with 'train' and pass its path as the model")
    return Tagger.load(Path(model))


def tag(conll_in: Path, conll_out: Path, model: Path | None) -> int:
    """Write ``conll_in`` again, line for line, as ``token TAG``."""
    corpus = conll.read(Path(conll_in))
    tagger = _load(model)
    predicted = tagger.tag_sentences(corpus.sentences)
    conll.write(Path(conll_out), corpus, predicted)
    return 0


def train(conll_path: Path, model_out: Path) -> int:
    corpus = conll.read(Path(conll_path), need_tags=True)
    if not corpus.sentences:
        raise SiteError("no tagged tokens to learn from", conll_path, None,
                        "each line should read 'token TAG'")
    out = Path(model_out)
    if not out.parent.is_dir():
        raise SiteError("folder for the model does not exist", out.parent)
    if not any(t != "O" for sent in corpus.tags for t in sent):
        raise SiteError("the training file has no entities (every tag is O)", conll_path)
    started = time.time()
    tagger = train_tagger(corpus.sentences, corpus.tags, TrainConfig())
    try:
        tagger.save(out)
    except OSError as exc:
        raise SiteError(f"cannot write model: {exc.strerror}", out) from None
    tokens = sum(len(s) for s in corpus.sentences)
    extras = [f"word clusters {tagger.clusters_name}"] if tagger.clusters_name else []
    extras += [f"a type prior for {len(tagger.priors):,} words"] if tagger.priors else []
    print(f"trained on {len(corpus.sentences)} sentences ({tokens} tokens)"
          f"{' with ' + ' and '.join(extras) if extras else ''} in "
          f"{time.time() - started:.0f}s; wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


def evaluate(gold: Path, model: Path | None) -> int:
    """Tag the gold file's tokens and print precision, recall and F1 per type."""
    corpus = conll.read(Path(gold), need_tags=True)
    tagger = _load(model)
    predicted = tagger.tag_sentences(corpus.sentences)
    result = conll.score(corpus.tags, predicted)
    sys.stdout.write(conll.format_table(result) + "\n")
    return 0
