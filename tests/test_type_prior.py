"""The type prior: names the labelled data never showed get a hint of their type
from how unlabelled news uses them."""

from pathlib import Path

import numpy as np
import pytest

from site_builder.ner import tagger
from site_builder.ner import type_prior
from site_builder.errors import SiteError

pytest.importorskip("scipy", reason="learning the type prior needs scipy (the 'train' extra)")

PEOPLE = ["محمد", "علي", "احمد", "حسن", "خالد", "سمير", "بوتين", "اوباما"]
PLACES = ["القاهره", "دمشق", "بيروت", "عمان", "بغداد", "الرياض"]
COMMON = ["قال", "في", "الي", "امس", "وصل", "زار", "كتاب", "يوم", "اعلن", "ثم"]


def toy_vectors():
    """Each group of words points its own way, with a little noise."""
    rng = np.random.default_rng(0)
    words, rows = [], []
    for axis, group in enumerate((PEOPLE, PLACES, COMMON)):
        for word in group:
            v = rng.normal(0, 0.15, 8)
            v[axis] += 1
            words.append(word)
            rows.append(v / np.linalg.norm(v))
    return words, np.array(rows)


def write_toy_vectors(path: Path) -> Path:
    """The toy vectors as ``bench/build_vectors.py`` writes real ones."""
    words, vectors = toy_vectors()
    with open(path, "wb") as fh:
        np.savez_compressed(fh, words=np.array(words), vectors=vectors.astype(np.float16))
    return path


# Trained on some of each group; سمير, بوتين, اوباما, بغداد, الرياض, ثم are never labelled.
SENTENCES = [["قال", "محمد", "علي", "في", "القاهرة", "امس"],
             ["زار", "أحمد", "حسن", "دمشق", "ثم", "بيروت"],
             ["أعلن", "خالد", "في", "عمان", "يوم"],
             ["وصل", "كتاب", "إلى", "دمشق"]]
TAGS = [["O", "B-PERS", "I-PERS", "O", "B-LOC", "O"],
        ["O", "B-PERS", "I-PERS", "B-LOC", "O", "B-LOC"],
        ["O", "B-PERS", "O", "B-LOC", "O"],
        ["O", "O", "O", "B-LOC"]]


def test_unseen_words_get_the_type_their_vectors_suggest():
    priors = type_prior.learn(SENTENCES, TAGS, *toy_vectors())
    for name in ("سمير", "بوتين", "اوباما"):
        assert any(c.startswith("PERS") for c in priors[name]), (name, priors.get(name))
    for place in ("بغداد", "الرياض"):
        assert any(c.startswith("LOC") for c in priors[place]), (place, priors.get(place))
    assert "ثم" not in priors and "يوم" not in priors


def test_tagger_keeps_its_priors_through_save_and_load(tmp_path: Path):
    pytest.importorskip("pycrfsuite", reason="training needs python-crfsuite")
    path = write_toy_vectors(tmp_path / "vectors.npz")
    config = tagger.TrainConfig(iterations=50, propagate=False)
    model = tagger.train(SENTENCES * 3, TAGS * 3, config, clusters_path=None, vectors_path=path)
    assert any(c.startswith("PERS") for c in model.priors["بوتين"])
    model.save(tmp_path / "model.json.gz")
    loaded = tagger.Tagger.load(tmp_path / "model.json.gz")
    assert loaded.priors == model.priors
    sentence = [["قال", "بوتين", "في", "بغداد"]]
    assert loaded.tag_sentences(sentence) == model.tag_sentences(sentence)


def test_unreadable_vectors_are_a_clear_error(tmp_path: Path):
    bad = tmp_path / "vectors.npz"
    bad.write_text("not numpy", encoding="utf-8")
    with pytest.raises(SiteError, match="cannot read word vectors") as err:
        type_prior.load_vectors(bad)
    assert "build_vectors.py" in str(err.value)


def test_training_with_the_prior_uses_its_own_penalties(tmp_path: Path, monkeypatch):
    """The two recipes were tuned apart (bench/ner_cv.py); an explicit penalty still wins."""
    pytest.importorskip("pycrfsuite", reason="training needs python-crfsuite")
    path = write_toy_vectors(tmp_path / "vectors.npz")
    used = []
    real = tagger.crf.train

    def spy(sequences, *, c1, c2, iterations):
        used.append((c1, c2))
        return real(sequences, c1=c1, c2=c2, iterations=iterations)

    monkeypatch.setattr(tagger.crf, "train", spy)
    config = tagger.TrainConfig(iterations=5, propagate=False)
    tagger.train(SENTENCES, TAGS, config, clusters_path=None, vectors_path=path)
    tagger.train(SENTENCES, TAGS, config, clusters_path=None, vectors_path=None)
    tagger.train(SENTENCES, TAGS, tagger.TrainConfig(c1=0.3, iterations=5, propagate=False),
                 clusters_path=None, vectors_path=None)
    assert used == [tagger.PENALTIES[True], tagger.PENALTIES[False], (0.3, tagger.PENALTIES[False][1])]
