"""Entity recognition as the site shows it: cross-validated F1 of the highlights.

Cuts the labelled CoNLL file into five consecutive fifths. For each fold a
tagger is trained on the other four fifths with the shipped model's recipe
(``site-builder ner train``: ``tagger.train`` with its default settings, no
word clusters, no word vectors) and cached, since training takes minutes.
The held-out fifth is written as plain-text articles of about 20 consecutive
sentences (one sentence a paragraph, its tokens joined by spaces), a site is
built from them in a temporary folder with each configuration under test, the
entity links of every page's article body are read back, mapped onto the
gold tokens they cover, and scored: exact token span and type, micro over
PERS/LOC/ORG (MISC shown, not counted), as ``site-builder ner eval`` does.

A configuration's build uses the fold's model wherever the site would use
the shipped one (``"shipped"``, or the default when that is the tagger), so
no fold sees a model trained on its own sentences.

    python bench/site_ner.py ../shared/corpora/anercorp/train.txt
    python bench/site_ner.py ../shared/corpora/anercorp/train.txt --only 0 --fraction 0.3 --configs default
    python bench/site_ner.py ../shared/corpora/anercorp/train.txt --train-only

A highlight covers the corpus tokens it overlaps: the site leaves attached
proclitics (و ب ل ال) outside the link, while ANERcorp's token keeps them,
so «و[روسيا]» is the token «وروسيا».
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from site_builder.ner import conll, tagger  # noqa: E402

CONFIGS = {
    "default": "",
    "rules": '[entities]\nmodel = ""\n',
}
"""The ``site.toml`` additions of each configuration measured (``[entities]`` options)."""
TYPES = {"person": "PERS", "place": "LOC", "organization": "ORG", "misc": "MISC"}
SITE = 'title = "أرشيف"\ncontent = ["content"]\nsearch = false\n\n[data]\narchive = false\n'


def blocks(n: int, k: int) -> list[tuple[int, int]]:
    bounds = [n * i // k for i in range(k + 1)]
    return list(zip(bounds, bounds[1:]))


def recipe_digest(corpus: Path) -> str:
    """What a cached model stands for: the corpus and the recipe's settings. A change to
    the tagger's features is not seen: train again with ``--retrain``."""
    recipe = f"{tagger.FORMAT}:{tagger.VERSION}:{tagger.TrainConfig()!r}:{tagger.PENALTIES!r}"
    return hashlib.sha256(corpus.read_bytes() + recipe.encode()).hexdigest()[:16]


def fold_model(cache: Path, digest: str, sents, tags, folds: int, fold: int, retrain: bool) -> Path:
    """The fold's model, trained on the other blocks unless the cache has it."""
    path = cache / f"model-{digest}-{folds}-{fold}.json.gz"
    if retrain or not path.exists():
        a, b = blocks(len(sents), folds)[fold]
        t0 = time.time()
        model = tagger.train(sents[:a] + sents[b:], tags[:a] + tags[b:], tagger.TrainConfig(),
                             clusters_path=None, vectors_path=None)
        part = path.with_suffix(".part")
        model.save(part)
        part.rename(path)
        print(f"fold {fold + 1}: trained in {time.time() - t0:.0f}s -> {path}", file=sys.stderr, flush=True)
    return path


def articles(sents: list[list[str]], per_article: int) -> list[list[int]]:
    """Sentence indices of each article: consecutive runs of ``per_article``."""
    return [list(range(i, min(i + per_article, len(sents)))) for i in range(0, len(sents), per_article)]


class _Body(HTMLParser):
    """The paragraphs of an article body: text, and the typed links' spans in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <div class="article-body">, counting nested divs
        self.paragraphs: list[tuple[str, list[tuple[int, int, str]]]] = []
        self._text: list[str] = []
        self._link: tuple[int, str] | None = None
        self.links: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and (self.depth or "article-body" in (attrs.get("class") or "").split()):
            self.depth += 1
        elif self.depth and tag == "p":
            self._text, self.links = [], []
        elif self.depth and tag == "a" and attrs.get("class") in TYPES:
            self._link = (len("".join(self._text)), TYPES[attrs["class"]])

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
        elif self.depth and tag == "p":
            self.paragraphs.append(("".join(self._text), self.links))
        elif self.depth and tag == "a" and self._link is not None:
            start, kind = self._link
            self.links.append((start, len("".join(self._text)), kind))
            self._link = None

    def handle_data(self, data):
        if self.depth:
            self._text.append(data)


def page_tags(page: str, sentences: list[list[str]]) -> tuple[list[list[str]], int]:
    """BIO tags of each sentence from the article page's links, and how many
    paragraphs did not read back as their sentence (then left untagged)."""
    body = _Body()
    body.feed(page)
    out, mismatched = [], 0
    for words, (text, links) in zip(sentences, body.paragraphs + [("", [])] * len(sentences)):
        labels = ["O"] * len(words)
        if text.strip() != " ".join(words):
            mismatched += 1
            out.append(labels)
            continue
        lead = len(text) - len(text.lstrip())
        offsets, at = [], lead
        for w in words:
            offsets.append((at, at + len(w)))
            at += len(w) + 1
        for start, end, kind in links:
            covered = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
            if covered and all(labels[i] == "O" for i in covered):
                labels[covered[0]] = "B-" + kind
                for i in covered[1:]:
                    labels[i] = "I-" + kind
        out.append(labels)
    return out, mismatched


def site_score(sents, tags, model: Path, settings: str, per_article: int) -> tuple[conll.Score, int, float]:
    """Build the held-out sentences as a site with ``settings`` and score its highlights."""
    from site_builder.build import BuildOptions, build
    from site_builder.config import load_config
    groups = articles(sents, per_article)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        (root / "content").mkdir(parents=True)
        (root / "site.toml").write_text(SITE + settings, encoding="utf-8")
        for n, group in enumerate(groups):
            lines = [f"نص {n + 1}"] + [" ".join(sents[i]) for i in group]
            (root / "content" / f"a{n:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        t0 = time.time()
        with mock.patch.object(tagger, "default_model", lambda: model):
            config = load_config(root / "site.toml", root=root)
            build(config, BuildOptions(output=Path(tmp) / "out", jobs=1))
        seconds = time.time() - t0
        predicted, mismatched = [], 0
        for n, group in enumerate(groups):
            page = (Path(tmp) / "out" / "articles" / f"a{n:04d}" / "index.html").read_text(encoding="utf-8")
            found, bad = page_tags(page, [sents[i] for i in group])
            predicted += found
            mismatched += bad
    return conll.score(tags, predicted), mismatched, seconds, predicted


def mistakes(sents, gold, predicted) -> tuple[Counter, Counter]:
    """Missed gold names and wrong highlights, each as (words, type, what the other side said)."""
    missed, wrong = Counter(), Counter()
    for words, g, p in zip(sents, gold, predicted):
        gs, ps = conll.spans(g), conll.spans(p)
        for spans, other, out in ((gs, ps, missed), (ps, gs, wrong)):
            for a, b, kind in spans - other:
                if kind == "MISC":
                    continue
                near = [f"{' '.join(words[c:d])}/{k}" for c, d, k in other if c < b and a < d]
                out[(" ".join(words[a:b]), kind, " ".join(near) or "-")] += 1
    return missed, wrong


def table(rows: list[tuple[str, conll.Score]]) -> str:
    head = f"{'configuration':<14}{'fold':>6}" + "".join(f"{t + ' P/R/F1':>22}" for t in conll.MAIN_TYPES)
    head += f"{'micro P':>9}{'R':>7}{'F1':>7}{'MISC F1':>9}"
    lines = [head]
    for name, result in rows:
        label, _, fold = name.partition("/")
        cells = "".join("{:>22}".format("{:.3f} {:.3f} {:.3f}".format(c.precision, c.recall, c.f1))
                        for c in (result.by_type.get(t, conll.Counts()) for t in conll.MAIN_TYPES))
        micro = result.micro()
        misc = result.by_type.get("MISC", conll.Counts())
        lines.append(f"{label:<14}{fold:>6}{cells}{micro.precision:>9.3f}{micro.recall:>7.3f}{micro.f1:>7.3f}"
                     f"{misc.f1:>9.3f}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", type=int, nargs="*", help="run these folds only (0-based)")
    ap.add_argument("--fraction", type=float, default=1.0, help="score the first part of each held-out block only")
    ap.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--sentences", type=int, default=20, help="sentences per article")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "site-ner-models",
                    help="where the folds' models are kept between runs")
    ap.add_argument("--mistakes", type=int, default=0, metavar="N",
                    help="also list the N most frequent missed names and wrong highlights of each configuration")
    ap.add_argument("--retrain", action="store_true", help="train the folds' models again (after a change to the tagger)")
    ap.add_argument("--train-only", action="store_true", help="train (and cache) the folds' models, then stop")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: no such file (the labelled corpus is not shipped)", file=sys.stderr)
        return 2
    corpus = conll.read(args.corpus, need_tags=True)
    sents, tags = corpus.sentences, corpus.tags
    args.cache.mkdir(parents=True, exist_ok=True)
    digest = recipe_digest(args.corpus)
    folds = [k for k in range(args.folds) if not args.only or k in args.only]
    models = {k: fold_model(args.cache, digest, sents, tags, args.folds, k, args.retrain) for k in folds}
    if args.train_only:
        return 0
    rows, totals = [], {}
    for k in folds:
        a, b = blocks(len(sents), args.folds)[k]
        b = a + max(1, round((b - a) * args.fraction))
        for name in args.configs:
            result, mismatched, seconds, predicted = site_score(sents[a:b], tags[a:b], models[k], CONFIGS[name],
                                                     args.sentences)
            rows.append((f"{name}/{k + 1}", result))
            if args.mistakes:
                for label, found in zip(("missed", "wrong"), mistakes(sents[a:b], tags[a:b], predicted)):
                    print(f"\n{name}, fold {k + 1}, {label} ({sum(found.values())}):")
                    for (words, kind, other), n in found.most_common(args.mistakes):
                        print(f"  {n:>4}  {kind:<5}{words}   [{other}]")
            totals.setdefault(name, conll.Score({}, 0, 0)).add(result)
            note = f", {mismatched} paragraphs not read back" if mismatched else ""
            print(f"fold {k + 1} {name}: sentences {a}-{b}, micro F1 {result.micro().f1:.4f}, "
                  f"built in {seconds:.0f}s{note}", file=sys.stderr, flush=True)
    rows += [(f"{name}/all", totals[name]) for name in args.configs]
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
