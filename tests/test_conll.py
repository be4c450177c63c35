from pathlib import Path

import pytest

from site_builder.ner import conll
from site_builder.errors import SiteError


def test_spans_follow_conlleval():
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "B-ORG"]
    assert conll.spans(tags) == {
        (0, 2, "PERS"),
        (3, 5, "LOC"),   # I- after O opens an entity
        (5, 6, "LOC"),
        (6, 7, "ORG"),   # I- of another type opens a new one
        (7, 8, "ORG"),
    }


def test_score_exact_numbers():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-MISC"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "I-ORG", "B-LOC", "B-MISC"]]
    result = conll.score(gold, pred)
    pers, loc, org = (result.by_type[t] for t in ("PERS", "LOC", "ORG"))
    assert (pers.correct, pers.predicted, pers.gold) == (0, 1, 1)
    assert (loc.correct, loc.predicted, loc.gold) == (1, 2, 1)
    assert (org.correct, org.predicted, org.gold) == (1, 1, 1)
    micro = result.micro()
    assert (micro.correct, micro.predicted, micro.gold) == (2, 4, 3)
    assert micro.precision == pytest.approx(0.5)
    assert micro.recall == pytest.approx(2 / 3)
    assert micro.f1 == pytest.approx(4 / 7)
    assert result.by_type["MISC"].f1 == 1.0
    assert result.tokens == 8 and result.tokens_correct == 6


def test_score_of_empty_prediction_is_zero_not_error():
    result = conll.score([["B-LOC"]], [["O"]])
    assert result.micro().precision == 0.0 and result.micro().f1 == 0.0


def test_table_lists_types_and_micro():
    table = conll.format_table(conll.score([["B-LOC", "O"]], [["B-LOC", "O"]]))
    for name in ("PERS", "LOC", "ORG", "MISC", "micro PERS/LOC/ORG"):
        assert name in table


TEXT = "-DOCSTART- O\n\nذهب VERB O\nمحمد B-PERS\n\n\nإلى O\nالرياض B-LOC\n"


def test_parse_keeps_sentences_and_ignores_extra_columns():
    corpus = conll.parse(TEXT, need_tags=True)
    assert corpus.sentences == [["ذهب", "محمد"], ["إلى", "الرياض"]]
    assert corpus.tags == [["O", "B-PERS"], ["O", "B-LOC"]]  # the tag is the last column
    assert corpus.positions == [[2, 3], [6, 7]]


def test_render_keeps_every_line():
    corpus = conll.parse(TEXT)
    out = conll.render(corpus, [["O", "B-PERS"], ["O", "B-LOC"]])
    assert out.split("\n")[:-1] == ["-DOCSTART- O", "", "ذهب O", "محمد B-PERS", "", "",
                                    "إلى O", "الرياض B-LOC"]
    assert out.count("\n") == TEXT.count("\n")


def test_render_without_final_newline_and_trailing_blank_lines():
    text = "a\n\nb\n\n\n"
    corpus = conll.parse(text)
    assert conll.render(corpus, [["O"], ["O"]]) == "a O\n\nb O\n\n\n"


def test_read_write_round_trip(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    corpus = conll.read(src, need_tags=True)
    dst = tmp_path / "out.txt"
    conll.write(dst, corpus, corpus.tags)
    again = conll.read(dst, need_tags=True)
    assert again.sentences == corpus.sentences and again.tags == corpus.tags
    assert len(dst.read_text(encoding="utf-8").split("\n")) == len(TEXT.split("\n"))


def test_missing_tag_is_a_site_error_with_line(tmp_path: Path):
    src = tmp_path / "gold.txt"
    src.write_text("محمد B-PERS\nذهب\n", encoding="utf-8")
    with pytest.raises(SiteError) as err:
        conll.read(src, need_tags=True)
    assert err.value.line == 2 and err.value.path == str(src)


def test_unknown_tag_is_a_site_error(tmp_path: Path):
    src = tmp_path / "gold.txt"
    src.write_text("محمد PERSON\n", encoding="utf-8")
    with pytest.raises(SiteError) as err:
        conll.read(src, need_tags=True)
    assert err.value.line == 1 and "PERSON" in err.value.message


def test_missing_file_and_bad_encoding(tmp_path: Path):
    with pytest.raises(SiteError, match="not found"):
        conll.read(tmp_path / "nope.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("محمد O\n".encode("utf-8") + b"\xff\xfe O\n")
    with pytest.raises(SiteError) as err:
        conll.read(bad)
    assert err.value.line == 2
