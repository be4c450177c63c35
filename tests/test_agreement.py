"""One sense per discourse over BIO tags: what a reader of the tagged text notices."""

from site_builder.ner.agreement import agree
from site_builder.ner.features import FeatureExtractor

STEM = FeatureExtractor().word


def run(text_and_tags: list[list[tuple[str, str]]]) -> list[list[str]]:
    sentences = [[w for w, _ in s] for s in text_and_tags]
    tags = [[t for _, t in s] for s in text_and_tags]
    return agree(sentences, tags, lambda w: STEM(w).stem)


def test_a_name_takes_the_type_most_of_its_mentions_carry():
    out = run([[("حماس", "B-ORG"), ("قالت", "O")],
               [("حماس", "B-ORG"), ("ردت", "O")],
               [("في", "O"), ("حماس", "B-LOC")]])
    assert out == [["B-ORG", "O"], ["B-ORG", "O"], ["O", "B-ORG"]]


def test_an_even_split_is_left_as_the_tagger_said():
    out = run([[("الأمل", "B-ORG")], [("الأمل", "B-LOC")]])
    assert out == [["B-ORG"], ["B-LOC"]]


def test_an_untagged_repeat_of_a_name_is_marked_even_with_a_prefix():
    out = run([[("قال", "O"), ("ياسر", "B-PERS"), ("عرفات", "I-PERS")],
               [("وأكد", "O"), ("وياسر", "O"), ("عرفات", "O"), ("ذلك", "O")]])
    assert out[1] == ["O", "B-PERS", "I-PERS", "O"]


def test_a_word_the_tagger_mostly_leaves_plain_stays_plain():
    sentences = [[("الأمل", "B-ORG")]] + [[("في", "O"), ("الأمل", "O")] for _ in range(5)]
    out = run(sentences)
    assert all(s == ["O", "O"] for s in out[1:])


def test_a_repeat_is_not_marked_where_it_would_split_an_entity():
    out = run([[("عرفات", "B-PERS")],
               [("شارع", "B-LOC"), ("عرفات", "I-LOC")],
               [("عرفات", "O"), ("الكبير", "I-LOC")]])
    assert out[1] == ["B-LOC", "I-LOC"]
    assert out[2] == ["O", "I-LOC"]  # marking it would split the entity that follows


def test_one_and_two_letter_names_are_never_spread():
    out = run([[("بي", "B-ORG")], [("بي", "O")], [("بي", "O")]])
    assert out[1:] == [["O"], ["O"]]
