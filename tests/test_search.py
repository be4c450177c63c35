"""Arabic search: one key for every spelling, in Python and in the browser, over several index parts."""

import functools
import hashlib
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from site_builder.search import index as search
from site_builder.search.index import part_count, part_of
from site_builder.text.search_keys import pagefind_stem, search_key, variant_terms
from tests.conftest import build_site

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update"]

PAIRS = [("والسعودية", "السعودية"), ("جدة", "جده"), ("مسؤول", "مسئول"), ("على", "علي"),
         ("الأسلحة", "الاسلحة"), ("كِتَابٌ", "كتاب"), ("جـــدة", "جدة"), ("فالرياض", "الرياض"),
         ("الوزير", "وزير"), ("والوزير", "وزير"), ("للوزير", "الوزير"), ("بالمملكة", "المملكة"),
         ("كالوزير", "وزير"), ("الفريق", "فريق"), ("مستشفى", "مستشفي"), ("شؤون", "شئون"),
         ("الوَزِير", "وزير"), ("وبالمملكة", "مملكة"), ("الســعودية", "سعودية")]
# Words that only look as if they carried the article, or keep it for want of a rest.
KEPT = ["الله", "اللهم", "الذي", "التي", "الى", "والد", "الحج", "لله"]


@pytest.mark.parametrize("a, b", PAIRS)
def test_spelling_variants_fold_together(a, b):
    assert search_key(a) == search_key(b)


@pytest.mark.parametrize("word", KEPT)
def test_short_words_keep_their_article(word):
    assert search_key(word) == word.replace("ى", "ي")


def test_bare_word_and_article_form_meet_under_pagefinds_stemmer():
    # Snowball strips a word-initial و (وزير → زير) but not after ال (الوزير → وزير):
    # the key must stem alike on both sides.
    assert pagefind_stem("وزير") != pagefind_stem("الوزير")
    assert pagefind_stem(search_key("وزير")) == pagefind_stem(search_key("الوزير"))


def test_variants_list_only_keys_pagefind_would_miss():
    terms = variant_terms("زار الوزير جدة ثم جدة والرياض وروسيا والكتاب كتاب").split()
    assert terms == ["وزير", "جده", "رياض"]


def test_variants_are_stable():
    text = "قال المسؤول في جدة إن الوزير والسعودية"
    assert variant_terms(text) == variant_terms(text)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot run normalize.js")
def test_normalize_js_matches_python(tmp_path):
    words = [w for pair in PAIRS for w in pair] + KEPT + ["الولايات", "إلى", "وزير", "ووزير", "فالح", "والدين",
                                                          "آلاف", "بالله", "للغاية", "ٱلرحمن", "مسؤولية،"]
    queries = words + ["وزير   الصحة", " والسعودية  جدة "]
    module = (REPO / "static" / "search" / "normalize.js").resolve()
    script = tmp_path / "check.mjs"
    script.write_text(f"import {{ normalizeQuery }} from {json.dumps(module.as_uri())};\n"
                      f"console.log(JSON.stringify({json.dumps(queries)}.map(normalizeQuery)));\n")
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True).stdout
    expected = [re.sub(r"\S+", lambda m: search_key(m.group()), q).strip() for q in queries]
    assert json.loads(out) == expected


def test_parts_are_stable_and_balanced():
    pages = [f"articles/a{i}/index.html" for i in range(3000)]
    assert part_count(0, 1000) == 1 and part_count(1000, 1000) == 1 and part_count(1001, 1000) == 2
    counts = [sum(part_of(p, 3) == k for p in pages) for k in range(3)]
    assert min(counts) > 800 and [part_of(p, 3) for p in pages] == [part_of(p, 3) for p in pages]


# --- a tiny site, indexed in several parts, searched in headless Chromium ----------------

ARTICLES = {
    "content/a1.md": "---\ntitle: خبر أول\ndate: 2015-03-01\nsource: مصدر أ\n---\n"
                     "اجتمع الوزير مع المسئولين في جده لبحث شئون المستشفى.\n",
    "content/a2.md": "---\ntitle: خبر ثان\ndate: 2015-04-02\nsource: مصدر ب\n---\n"
                     "قال وزير الخارجية إن المسؤول زار جدة والسعودية.\n",
    "content/a3.md": "---\ntitle: خبر ثالث\ndate: 2016-01-05\nsource: مصدر أ\n---\n"
                     "أعلن الفريق فوزه في مستشفى الملك بالمملكة.\n",
    "content/a4.md": "---\ntitle: خبر رابع\ndate: 2016-02-07\nsource: مصدر ب\n---\n"
                     "فريق طبي في مستشفي المملكة والرياض.\n",
    "content/a5.md": "---\ntitle: خبر خامس\ndate: 2016-03-09\nsource: مصدر ج\n---\n"
                     "للوزير رأي في السعودية والفريق.\n",
}
BROWSER_PAIRS = [("الوزير", "وزير"), ("مسؤول", "مسئول"), ("جدة", "جده"), ("الفريق", "فريق"),
                 ("والسعودية", "السعودية"), ("مستشفى", "مستشفي"), ("للوزير", "والوزير"),
                 ("الرياض", "والرياض"), ("شؤون", "شئون"), ("بالمملكة", "المملكة")]
SEARCH_JS = """
async ([queries]) => {
  const { normalizeQuery } = await import("/search/normalize.js");
  const pf = await import("/pagefind/pagefind.js");
  for (const part of await (await fetch("/pagefind/parts.json")).json()) await pf.mergeIndex("/pagefind/" + part);
  const out = {};
  for (const q of queries) {
    const found = await pf.search(normalizeQuery(q));
    out[q] = (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url).sort();
  }
  return out;
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """Five articles indexed two to a part (three parts, merged in the browser)."""
    from tests.conftest import write_site
    root = write_site(tmp_path_factory.mktemp("parted"), ARTICLES, 'title = "بحث"\ncontent = ["content"]\n')
    old = search.PAGES_PER_PART
    search.PAGES_PER_PART = 2
    try:
        output = build_site(root, base_url="http://127.0.0.1/", search=True).output
    finally:
        search.PAGES_PER_PART = old
    return output


@pytest.fixture(scope="module")
def served(parted_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(parted_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def page(served):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page()
        tab.goto(served)
        yield tab
        browser.close()


def test_parts_are_written_and_listed(parted_site):
    bundle = parted_site / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())
    assert parts and parts == [f"part{n}/" for n in range(2, len(parts) + 2)]
    for part in ["", *parts]:
        assert (bundle / part / "pagefind-entry.json").exists()
    assert not (bundle / "part2" / "pagefind-ui.js").exists()


def test_indexing_twice_gives_identical_bytes(parted_site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(parted_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    old = search.PAGES_PER_PART
    search.PAGES_PER_PART = 2
    try:
        search.index_site(copy)
    finally:
        search.PAGES_PER_PART = old

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    assert digest(copy / "pagefind") == digest(parted_site / "pagefind")


def test_each_pair_of_spellings_finds_the_same_articles(page):
    queries = [q for pair in BROWSER_PAIRS for q in pair]
    found = page.evaluate(SEARCH_JS, [queries])
    for a, b in BROWSER_PAIRS:
        assert found[a] and found[a] == found[b], (a, b, found[a], found[b])
    assert len(found["وزير"]) == 3 and len(found["جدة"]) == 2


def test_search_page_merges_parts_and_filters_by_year(served, page):
    page.goto(served + "search/?q=" + "مستشفى")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length >= 3", timeout=15000)
    assert page.locator(".pagefind-ui__result-link").count() == 3
    labels = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert any("السنة" in label for label in labels) and any("الشهر" in label for label in labels)


def test_article_marks_every_spelling_of_the_searched_key(served, page):
    page.goto(served + "articles/a2/?highlight=" + "جده" + "&highlight=" + "مسءول")
    page.wait_for_selector("mark.pagefind-highlight", timeout=10000)
    marked = page.locator("mark.pagefind-highlight").all_inner_texts()
    assert "جدة" in marked and "المسؤول" in marked and "highlight" not in page.url
