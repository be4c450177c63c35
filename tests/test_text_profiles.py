"""Every key the site makes from a word, side by side: one row per word, one column per key.

match:  the matching key of a token (``normalize_word``, the "match" profile)
alias:  the variant key alias grouping gives that match key (``variant_key``:
        the "alias" profile, then نغ/نج and "عبد ال")
tagger: the tagger's key (``tagger_key``, the "tagger" profile)
search: the search key (``search_key``: the "search" profile, then the article
        with its particles removed); ``normalizeQuery`` in normalize.js must agree
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.link.aliases import variant_key
from site_builder.text.fold import tagger_key
from site_builder.text.search_keys import search_key
from site_builder.text.tokens import normalize_word

NORMALIZE_JS = Path(__file__).resolve().parent.parent / "static" / "search" / "normalize.js"

TABLE = [
    # word            match          alias          tagger         search
    ("أحمد",          "احمد",        "احمد",        "احمد",        "احمد"),
    ("إسرائيل",       "اسرائيل",     "اسراءيل",     "اسرائيل",     "اسراييل"),
    ("آسيا",          "اسيا",        "اسيا",        "اسيا",        "اسيا"),
    ("ٱلرحمن",        "الرحمن",      "الرحمن",      "الرحمن",      "رحمن"),
    ("الرحمٰن",       "الرحمان",     "الرحمان",     "الرحمن",      "رحمن"),
    ("الإمارات",      "الامارات",    "الامارات",    "الامارات",    "امارات"),
    ("مسؤول",         "مسؤول",       "مسءول",       "مسؤول",       "مسوول"),
    ("مسئول",         "مسئول",       "مسءول",       "مسئول",       "مسيول"),
    ("رئيس",          "رئيس",        "رءيس",        "رئيس",        "رييس"),
    ("مصطفى",         "مصطفي",       "مصطفي",       "مصطفي",       "مصطفي"),
    ("على",           "علي",         "علي",         "علي",         "علي"),
    ("القاهرة",       "القاهره",     "القاهره",     "القاهره",     "قاهره"),
    ("مُحَمَّدٌ",         "محمد",        "محمد",        "محمد",        "محمد"),
    ("جـــدة",        "جده",         "جده",         "جده",         "جده"),
    ("٢٠١٥",          "٢٠١٥",        "٢٠١٥",        "0000",        "٢٠١٥"),
    ("۱۴۰۰",          "۱۴۰۰",        "۱۴۰۰",        "0000",        "۱۴۰۰"),
    ("2015",          "2015",        "2015",        "0000",        "2015"),
    ("كوفيد-19",      "كوفيد-19",    "كوفيد 19",    "كوفيد-00",    "كوفيد-19"),
    ("وزير",          "وزير",        "وزير",        "وزير",        "وزير"),
    ("والوزير",       "والوزير",     "والوزير",     "والوزير",     "وزير"),
    ("فالرياض",       "فالرياض",     "فالرياض",     "فالرياض",     "رياض"),
    ("بالمملكة",      "بالمملكه",    "بالمملكه",    "بالمملكه",    "مملكه"),
    ("وبالمملكة",     "وبالمملكه",   "وبالمملكه",   "وبالمملكه",   "مملكه"),
    ("كالوزير",       "كالوزير",     "كالوزير",     "كالوزير",     "وزير"),
    ("للوزير",        "للوزير",      "للوزير",      "للوزير",      "وزير"),
    ("ولبنان",        "ولبنان",      "ولبنان",      "ولبنان",      "ولبنان"),
    ("فلاديمير",      "فلاديمير",    "فلاديمير",    "فلاديمير",    "فلاديمير"),
    ("الله",          "الله",        "الله",        "الله",        "الله"),
    ("اللهم",         "اللهم",       "اللهم",       "اللهم",       "اللهم"),
    ("يونغ",          "يونغ",        "يونج",        "يونغ",        "يونغ"),
    ("أبو\u200cظبي",  "ابوظبي",      "ابوظبي",      "ابوظبي",      "ابو\u200cظبي"),
    ("Google",        "Google",      "Google",      "google",      "Google"),
    ("NASA",          "NASA",        "NASA",        "nasa",        "NASA"),
    ("Élysée",        "Élysée",      "Élysée",      "élysée",      "Élysée"),
]


@pytest.mark.parametrize("word, match, alias, tagger, search", TABLE, ids=[row[0] for row in TABLE])
def test_keys_of_a_word(word, match, alias, tagger, search):
    assert (normalize_word(word), variant_key(normalize_word(word)), tagger_key(word), search_key(word)) == (
        match, alias, tagger, search)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot run normalize.js")
def test_normalize_js_gives_the_search_column(tmp_path):
    words = [row[0] for row in TABLE]
    script = tmp_path / "keys.mjs"
    script.write_text(f"import {{ normalizeQuery }} from {json.dumps(NORMALIZE_JS.as_uri())};\n"
                      f"console.log(JSON.stringify({json.dumps(words)}.map(normalizeQuery)));\n")
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True).stdout
    assert dict(zip(words, json.loads(out))) == {row[0]: row[4] for row in TABLE}
