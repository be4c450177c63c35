"""Matching keys, tokens with original offsets, and lookup-driven proclitics."""

import pytest

from site_builder.text.fold import fold
from site_builder.text.tokens import known_reading, name_key, readings, tokenize


@pytest.mark.parametrize("text, key", [
    ("أوكرانيا", "اوكرانيا"),
    ("إسرائيل", "اسرائيل"),
    ("آسيا", "اسيا"),
    ("ٱلله", "الله"),
    ("مصطفى", "مصطفي"),
    ("الشمالية", "الشماليه"),
    ("كُرَةٌ", "كره"),
    ("تـــمر", "تمر"),
    ("مسؤول", "مسؤول"),
])
def test_normalize_for_matching(text, key):
    assert fold(text, "match") == key


def test_hamza_seats_fold_only_in_the_looser_alias_key():
    assert fold("مسؤول رئيس", "match") == "مسؤول رئيس"
    assert fold("مسؤول رئيس", "alias") == "مسءول رءيس"


def test_name_key_collapses_spacing_and_punctuation():
    assert name_key("  كيم   جونغ أُون ") == "كيم جونغ اون"


def test_tokens_keep_original_offsets():
    text = "وقال ديمتري بيسكوف: «كوفيد-19»، وَبُوتِين."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["وقال", "ديمتري", "بيسكوف", "كوفيد-19", "وَبُوتِين"]
    for t in tokens:
        assert text[t.start:t.end] == t.text
    assert tokens[-1].norm == "وبوتين"


@pytest.mark.parametrize("word, known, span, form", [
    ("وبوتين", {"بوتين"}, "بوتين", "بوتين"),
    ("لروسيا", {"روسيا"}, "روسيا", "روسيا"),
    ("بالبيت", {"البيت"}, "البيت", "البيت"),
    ("للأمم", {"الامم"}, "أمم", "الامم"),
    ("وَلِرُوسْيَا", {"روسيا"}, "رُوسْيَا", "روسيا"),
    ("لبنان", {"لبنان", "بنان"}, "لبنان", "لبنان"),
    ("فلاديمير", {"فلاديمير", "لاديمير"}, "فلاديمير", "فلاديمير"),
])
def test_proclitics_split_only_towards_known_names(word, known, span, form):
    reading = known_reading(word, known)
    assert reading is not None
    assert word[reading.cut:] == span
    assert reading.form == form


@pytest.mark.parametrize("word", ["لبنان", "فلاديمير", "كما", "بالتالي"])
def test_no_split_without_a_known_remainder(word):
    assert known_reading(word, {"روسيا", "بوتين"}) is None


def test_article_is_never_stripped_from_a_word():
    forms = {r.form for r in readings("والعراق")}
    assert "العراق" in forms
    assert "عراق" not in forms
