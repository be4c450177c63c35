import json
import shutil
import subprocess

import pytest

from site_builder.search import fold_word, variant_terms

PAIRS = [("والسعودية", "السعودية"), ("جدة", "جده"), ("مسؤول", "مسئول"), ("على", "علي"),
         ("الأسلحة", "الاسلحة"), ("كِتَابٌ", "كتاب"), ("جـــدة", "جدة"), ("فالرياض", "الرياض")]


@pytest.mark.parametrize("a, b", PAIRS)
def test_spelling_variants_fold_together(a, b):
    assert fold_word(a) == fold_word(b)


def test_variants_list_only_changed_words_once():
    terms = variant_terms("زار جدة ثم جدة والرياض وروسيا").split()
    assert terms == ["جده", "الرياض"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot run normalize.js")
def test_normalize_js_matches_python(tmp_path):
    words = [w for pair in PAIRS for w in pair] + ["الولايات", "إلى", "وزير"]
    script = tmp_path / "check.mjs"
    from pathlib import Path
    module = (Path(__file__).parent.parent / "static" / "search" / "normalize.js").resolve()
    script.write_text(f"import {{ normalizeQuery }} from {json.dumps(module.as_uri())};\n"
                      f"console.log(JSON.stringify({json.dumps(words)}.map(normalizeQuery)));\n")
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [fold_word(w) for w in words]
