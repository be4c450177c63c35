import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from site_builder.ner import conll
from site_builder.ner import crf
from site_builder.ner import commands as ner_cli
from site_builder.ner import tagger
from site_builder.text.fold import tagger_key
from site_builder.text.tokens import strip_proclitics
from site_builder.errors import SiteError
from site_builder.ner.features import FeatureExtractor

pycrfsuite = pytest.importorskip("pycrfsuite", reason="training needs python-crfsuite")

ANERCORP = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "anercorp" / "train.txt"

TINY = """\
قال O
الرئيس O
محمد B-PERS
علي I-PERS
في O
القاهرة B-LOC
إن O
وزارة B-ORG
الخارجية I-ORG
تعمل O

وصل O
محمد B-PERS
علي I-PERS
إلى O
دمشق B-LOC
أمس O

أعلنت O
وزارة B-ORG
الخارجية I-ORG
في O
دمشق B-LOC
عن O
زيارة O
الرئيس O
أحمد B-PERS
حسن I-PERS

زار O
أحمد B-PERS
حسن I-PERS
القاهرة B-LOC
ثم O
بيروت B-LOC

قالت O
الأمم B-ORG
المتحدة I-ORG
إن O
بيروت B-LOC
هادئة O

التقى O
الرئيس O
أحمد B-PERS
حسن I-PERS
وفد O
الأمم B-ORG
المتحدة I-ORG
في O
القاهرة B-LOC
"""

FAST = tagger.TrainConfig(iterations=60, propagate=False)


def tiny_corpus():
    return conll.parse(TINY, need_tags=True)


@pytest.fixture(scope="module")
def tiny_model():
    corpus = tiny_corpus()
    return tagger.train(corpus.sentences, corpus.tags, tagger.TrainConfig(c1=0.0, c2=0.01,
                                                                          iterations=100))


def test_tagger_key_folds_spelling_variants():
    assert tagger_key("أحمد") == tagger_key("احمد") == "احمد"
    assert tagger_key("مُحَمَّد") == "محمد"
    assert tagger_key("القاهرة") == "القاهره"
    assert tagger_key("مصطفى") == "مصطفي"
    assert tagger_key("عـــلي") == "علي"
    assert tagger_key("٢٠١٥") == "0000"


def test_proclitics_split_but_short_words_stay():
    assert strip_proclitics("والقاهره") == ("وال", "قاهره")
    assert strip_proclitics("للامم") == ("لل", "امم")
    assert strip_proclitics("بل") == ("", "بل")


def test_tiny_corpus_is_learnt_back(tiny_model):
    corpus = tiny_corpus()
    predicted = tiny_model.tag_sentences(corpus.sentences)
    assert predicted == corpus.tags


def test_tags_unseen_sentence_from_context(tiny_model):
    [tags] = tiny_model.tag_sentences([["زار", "محمد", "علي", "بيروت"]])
    assert tags == ["O", "B-PERS", "I-PERS", "B-LOC"]


def test_empty_input_and_empty_sentence(tiny_model):
    assert tiny_model.tag_sentences([]) == []
    assert tiny_model.tag_sentences([[], ["دمشق"]])[0] == []


def test_save_load_gives_same_tags(tiny_model, tmp_path: Path):
    path = tmp_path / "model.json.gz"
    tiny_model.save(path)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)  # plain data, no pickles
    assert data["format"] == "site-builder-ner"
    loaded = tagger.Tagger.load(path)
    sentences = tiny_corpus().sentences + [["وصل", "أحمد", "حسن", "إلى", "بيروت"]]
    assert loaded.tag_sentences(sentences) == tiny_model.tag_sentences(sentences)


def test_load_rejects_other_files(tmp_path: Path):
    damaged = b'{"format": "site-builder-ner", "version": 1, "clusters": {}}'
    for content in (b"not gzip", gzip.compress(b'{"format": "other"}'), gzip.compress(b"["),
                    gzip.compress(damaged)):
        bad = tmp_path / "bad.gz"
        bad.write_bytes(content)
        with pytest.raises(SiteError):
            tagger.Tagger.load(bad)
    with pytest.raises(SiteError, match="not found"):
        tagger.Tagger.load(tmp_path / "missing.gz")


def test_numpy_decoder_matches_crfsuite(tmp_path: Path):
    """Exported weights plus our Viterbi must reproduce CRFsuite's own tagging."""
    corpus = tiny_corpus()
    extractor = FeatureExtractor({})
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in zip(corpus.sentences, corpus.tags):
        trainer.append(tagger.sentence_features(extractor, words), tags)
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 50,
                        "feature.possible_transitions": True})
    path = str(tmp_path / "m.crfsuite")
    trainer.train(path)
    ours = tagger.Tagger(crf.export(path), None, agree=False)  # the decoder alone
    theirs = pycrfsuite.Tagger()
    theirs.open(path)
    sentences = corpus.sentences + [["قال", "أحمد", "علي", "في", "بيروت", "إن"],
                                    ["الأمم", "المتحدة", "دمشق", "محمد"]]
    for words, mine in zip(sentences, ours.tag_sentences(sentences)):
        assert mine == theirs.tag(tagger.sentence_features(extractor, words))


def test_entity_odds_are_crfsuites_marginals(tmp_path: Path):
    """How sure the tagger is of a word being inside a name: our forward-backward must give
    CRFsuite's own marginals, for sentences of different lengths decoded in one batch."""
    corpus = tiny_corpus()
    extractor = FeatureExtractor({})
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in zip(corpus.sentences, corpus.tags):
        trainer.append(tagger.sentence_features(extractor, words), tags)
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    path = str(tmp_path / "m.crfsuite")
    trainer.train(path)
    ours = tagger.Tagger(crf.export(path), None, agree=False)
    theirs = pycrfsuite.Tagger()
    theirs.open(path)
    sentences = corpus.sentences + [["قال", "أحمد", "علي", "في", "بيروت", "إن"], ["دمشق"], ["تعمل", "أمس"]]
    tags, odds = ours.tag_with_odds(sentences)
    assert tags == ours.tag_sentences(sentences, second=False)
    for words, inside, labels in zip(sentences, odds, tags):
        theirs.set(tagger.sentence_features(extractor, words))
        expected = [1 - theirs.marginal("O", t) for t in range(len(words))]
        if any(label != "O" for label in labels):
            assert inside.tolist() == pytest.approx(expected, abs=1e-4)
        else:
            assert not inside.any()  # a sentence with no name is not asked


def test_an_input_is_tagged_alike_alone_and_beside_others(tiny_model):
    """A build decodes 32 articles at once: each article's tags and odds must be the ones it
    gets alone, to the last bit, or its analysis would depend on its neighbours (and a
    rebuild of one changed article could differ from the cold build)."""
    sentences = tiny_corpus().sentences
    inputs = [(sentences * 40)[k:k + 3 + 7 * k] for k in range(12)]  # hundreds of sentences, many lengths
    together = tiny_model.tag_many_with_odds(inputs)
    for one, (tags, odds) in zip(inputs, together):
        alone_tags, alone_odds = tiny_model.tag_with_odds(one)
        assert tags == alone_tags
        assert [o.tobytes() for o in odds] == [o.tobytes() for o in alone_odds]


def test_odds_of_a_sentence_do_not_depend_on_the_batch():
    """Viterbi and forward-backward over hundreds of sentences at once give each sentence
    the bytes it gets alone: a build's batches must not change an article's analysis."""
    import numpy as np
    rng = np.random.default_rng(1)
    emissions = [rng.normal(size=(int(n), 9)).astype(np.float32) for n in rng.integers(1, 40, size=600)]
    transitions = rng.normal(size=(9, 9)).astype(np.float32)
    together = crf.entity_odds(emissions, transitions, 8)
    alone = [crf.entity_odds([e], transitions, 8)[0] for e in emissions]
    assert [a.tobytes() for a in together] == [a.tobytes() for a in alone]
    assert [p.tolist() for p in crf.viterbi(emissions, transitions)] == \
        [crf.viterbi([e], transitions)[0].tolist() for e in emissions]


def test_one_sentence_is_enough_to_train():
    model = tagger.train([["زار", "محمد", "دمشق"]], [["O", "B-PERS", "B-LOC"]], FAST)
    assert model.tag_sentences([["زار", "محمد", "دمشق"]]) == [["O", "B-PERS", "B-LOC"]]
    tagger.train([["محمد"]], [["B-PERS"]], tagger.TrainConfig(iterations=5))  # no held-out parts


def test_propagation_model_trains_and_round_trips(tmp_path: Path):
    corpus = tiny_corpus()
    model = tagger.train(corpus.sentences, corpus.tags,
                         tagger.TrainConfig(iterations=40, propagate=True))
    assert model.second is not None
    path = tmp_path / "m.json.gz"
    model.save(path)
    assert tagger.Tagger.load(path).tag_sentences(corpus.sentences) == \
        model.tag_sentences(corpus.sentences)


# --- command-line functions ---------------------------------------------------

def test_cli_train_tag_evaluate(tmp_path: Path, capsys):
    gold = tmp_path / "gold.txt"
    gold.write_text("-DOCSTART- O\n\n" + TINY + "\n\n", encoding="utf-8")
    model = tmp_path / "model.json.gz"
    assert ner_cli.train(gold, model) == 0
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(line.split(" ")[0] for line in gold.read_text().split("\n")),
                   encoding="utf-8")
    out = tmp_path / "out.txt"
    assert ner_cli.tag(raw, out, model) == 0
    in_lines = raw.read_text(encoding="utf-8").split("\n")
    assert in_lines.pop() == ""  # the input ends with a newline too
    out_lines = out.read_text(encoding="utf-8").split("\n")
    assert out_lines.pop() == ""  # every output line ends with a newline
    assert len(out_lines) == len(in_lines)
    for a, b in zip(in_lines, out_lines):
        assert (a == "" and b == "") or a == "-DOCSTART-" == b or b.split(" ")[0] == a
    capsys.readouterr()
    assert ner_cli.evaluate(gold, model) == 0
    table = capsys.readouterr().out
    assert "micro PERS/LOC/ORG" in table and "precision" in table


def test_cli_errors_are_site_errors(tmp_path: Path, monkeypatch):
    with pytest.raises(SiteError, match="not found"):
        ner_cli.tag(tmp_path / "missing.txt", tmp_path / "out.txt", tmp_path / "m.gz")
    bad = tmp_path / "bad.txt"
    bad.write_text("محمد B-PERS\nعلي\n", encoding="utf-8")
    with pytest.raises(SiteError) as err:
        ner_cli.train(bad, tmp_path / "m.gz")
    assert err.value.line == 2
    ok = tmp_path / "ok.txt"
    ok.write_text("محمد\n", encoding="utf-8")
    monkeypatch.setattr(tagger, "DATA_DIR", tmp_path / "empty")
    with pytest.raises(SiteError, match="no entity tagger model"):
        ner_cli.tag(ok, tmp_path / "out.txt", None)


def test_shipped_model_tags_if_present(tmp_path: Path):
    if tagger.default_model() is None:
        pytest.skip("this installation ships no default model")
    src = tmp_path / "in.txt"
    words = "وقال الرئيس الأمريكي باراك أوباما في واشنطن".split()
    src.write_text("".join(w + "\n" for w in words), encoding="utf-8")
    out = tmp_path / "out.txt"
    assert ner_cli.tag(src, out, None) == 0
    tags = dict(line.split(" ") for line in out.read_text(encoding="utf-8").splitlines())
    assert tags["واشنطن"] == "B-LOC" and tags["باراك"] == "B-PERS"


# --- real data ------------------------------------------------------------------

def memorised_baseline(train_s, train_t, test_s):
    """Each word gets the tag it had most often in training (O if unseen)."""
    seen = defaultdict(Counter)
    for words, tags in zip(train_s, train_t):
        for w, t in zip(words, tags):
            seen[w][t] += 1
    return [[seen[w].most_common(1)[0][0] if w in seen else "O" for w in s] for s in test_s]


@pytest.mark.slow
@pytest.mark.skipif(not ANERCORP.exists(), reason="ANERcorp (../shared/corpora/anercorp/train.txt) "
                    "is not beside the repository")
def test_anercorp_slice_beats_memorised_names():
    corpus = conll.read(ANERCORP, need_tags=True)
    s, t = corpus.sentences, corpus.tags
    train_s, train_t, test_s, test_t = s[:1600], t[:1600], s[1600:2000], t[1600:2000]
    model = tagger.train(train_s, train_t, FAST)  # about 20 s on one core
    f1 = conll.score(test_t, model.tag_sentences(test_s)).micro().f1
    base = conll.score(test_t, memorised_baseline(train_s, train_t, test_s)).micro().f1
    assert f1 > base + 0.08, (f1, base)
    assert f1 > 0.6, f1
