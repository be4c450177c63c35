"""Arabic search: one key for every spelling, in Python and in the browser, over several index parts."""

import hashlib
import json
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from site_builder.search import index as search
from site_builder.search.index import part_count, period_parts, split_pages
from site_builder.text.search_keys import NameList, name_terms, pagefind_stem, search_key, variant_terms
from tests.conftest import build_site, chromium_tab, serve_folder

REPO = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update"]

PAIRS = [("والسعودية", "السعودية"), ("جدة", "جده"), ("مسؤول", "مسئول"), ("على", "علي"),
         ("الأسلحة", "الاسلحة"), ("كِتَابٌ", "كتاب"), ("جـــدة", "جدة"), ("فالرياض", "الرياض"),
         ("الوزير", "وزير"), ("والوزير", "وزير"), ("للوزير", "الوزير"), ("بالمملكة", "المملكة"),
         ("كالوزير", "وزير"), ("الفريق", "فريق"), ("مستشفى", "مستشفي"), ("شؤون", "شئون"),
         ("الوَزِير", "وزير"), ("وبالمملكة", "مملكة"), ("الســعودية", "سعودية")]
# Words that only look as if they carried the article, or keep it for want of a rest.
KEPT = ["الله", "اللهم", "الذي", "التي", "الى", "والد", "الحج", "لله"]


def findable(query: str, text: str, names=NameList()) -> bool:
    """Whether Pagefind would find ``text`` for ``query`` as the search page sends it: the
    query's key stems like a word of the page or one of the keys the page lists."""
    words = text.split()
    listed = variant_terms(text)
    listed = f"{listed} {name_terms(text, names, listed)}"
    stems = {pagefind_stem(w) for w in words} | {pagefind_stem(k) for k in listed.split()}
    return pagefind_stem(search_key(query, names)) in stems


@pytest.mark.parametrize("a, b", PAIRS)
def test_spelling_variants_find_each_other(a, b):
    assert findable(a, f"نص فيه {b} فقط") and findable(b, f"نص فيه {a} فقط")


@pytest.mark.parametrize("a, b", [("موسكو", "لموسكو"), ("روسيا", "لروسيا"), ("دبي", "بدبي"),
                                  ("سلمان", "وسلمان"), ("أوباما", "وأوباما"), ("مؤتمر", "موتمر"),
                                  ("رئيس", "رييس"), ("هيئة", "هيئه")])
def test_names_with_particles_and_hamza_less_spellings_find_each_other(a, b):
    names = NameList.of(["موسكو", "روسيا", "دبي", "سلمان", "أوباما", "لبنان"])
    assert findable(a, f"وصل {b} أمس", names) and findable(b, f"وصل {a} أمس", names)


@pytest.mark.parametrize("word", ["بحر", "وزير", "فريق", "لبنان", "كتاب", "بنان"])
def test_particles_are_removed_only_before_names(word):
    names = NameList.of(["موسكو", "لبنان", "بنان", "حر", "زير", "ريق"], ordinary_words=["وزير", "فريق", "بحر"])
    assert search_key(word, names) == search_key(word)


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


def test_parts_are_periods_of_equal_size():
    pages = [f"articles/a{i}/index.html" for i in range(3001)]  # newest first
    assert part_count(0, 1000) == 1 and part_count(1000, 1000) == 1 and part_count(1001, 1000) == 2
    groups = split_pages(pages, 3)
    assert [len(g) for g in groups] == [1001, 1000, 1000] and sum(groups, []) == pages
    assert split_pages(pages[:2], 3) == [pages[:1], pages[1:2]]  # no empty part
    pages = [f"articles/a{i}/index.html" for i in range(30049)]
    assert [len(g) for g in period_parts(pages, 16000)] == [5000, 12525, 12524]  # the newest is small
    assert [len(g) for g in period_parts(pages[:16000], 16000)] == [16000]


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
  const listed = await (await fetch("/pagefind/parts.json")).json();
  for (const part of listed.parts.slice(1)) await pf.mergeIndex("/pagefind/" + part.path);
  const out = {};
  for (const q of queries) {
    const found = await pf.search(normalizeQuery(q));
    out[q] = (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url).sort();
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """Five articles indexed two to a part (three parts, merged in the browser)."""
    from tests.conftest import write_site
    root = write_site(tmp_path_factory.mktemp("parted"), ARTICLES,
                      'title = "بحث"\ncontent = ["content"]\n\n[entities]\npage_articles = 1\n')
    old = search.PAGES_PER_PART
    search.PAGES_PER_PART = 2
    try:
        output = build_site(root, base_url="http://127.0.0.1/", search=True).output
    finally:
        search.PAGES_PER_PART = old
    return output


@pytest.fixture(scope="module")
def served(parted_site):
    with serve_folder(parted_site) as origin:
        yield origin


@pytest.fixture(scope="module")
def page(served):
    with chromium_tab(ARGS) as (tab, _):
        tab.goto(served)
        yield tab


def test_parts_are_written_and_listed_newest_first(parted_site):
    bundle = parted_site / "pagefind"
    parts = json.loads((bundle / "parts.json").read_text())["parts"]
    assert [part["path"] for part in parts] == ["", "part2/", "part3/"]
    assert [(part["newest"], part["oldest"], part["pages"]) for part in parts] == [
        ("2016-03-09", "2016-02-07", 2), ("2016-01-05", "2015-04-02", 2), ("2015-03-01", "2015-03-01", 1)]
    for part in parts:
        assert (bundle / part["path"] / "pagefind-entry.json").exists()
        assert next((bundle / part["path"] / "fragment").iterdir()).name.startswith(part["tag"] + ".")
    assert not (bundle / "part2" / "pagefind-ui.js").exists() and not (bundle / "pagefind-ui.js").exists()


def test_indexing_twice_gives_identical_bytes(parted_site, tmp_path):
    from tests.conftest import write_site
    root = write_site(tmp_path / "again", ARTICLES, 'title = "بحث"\ncontent = ["content"]\n')
    old = search.PAGES_PER_PART
    search.PAGES_PER_PART = 2
    try:
        copy = build_site(root, base_url="http://127.0.0.1/", search=True).output
    finally:
        search.PAGES_PER_PART = old

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    assert digest(copy / "pagefind") == digest(parted_site / "pagefind")


def _chunks(bundle: Path) -> list[tuple[list, list]]:
    """Each part's chunk list from its metadata, with the words of each chunk."""
    from site_builder.search.bundle import _read
    parts = []
    for part in [p["path"] for p in json.loads((bundle / "parts.json").read_text())["parts"]]:
        meta = _read(next((bundle / part).glob("pagefind.*.pf_meta")))
        words = [[entry[0] for entry in _read(bundle / part / "index" / f"{name}.pf_index")[0]]
                 for _, _, name in meta[2]]
        parts.append((meta[2], words))
    return parts


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    """The parted site with every chunk split, into pieces of a word or two."""
    from site_builder.search import bundle
    from tests.conftest import write_site
    root = write_site(tmp_path_factory.mktemp("split"), ARTICLES, 'title = "بحث"\ncontent = ["content"]\n')
    saved = search.PAGES_PER_PART, bundle.SPLIT_ABOVE, bundle.PIECE_BYTES
    search.PAGES_PER_PART, bundle.SPLIT_ABOVE, bundle.PIECE_BYTES = 2, 0, 40
    try:
        return build_site(root, base_url="http://127.0.0.1/", search=True).output
    finally:
        search.PAGES_PER_PART, bundle.SPLIT_ABOVE, bundle.PIECE_BYTES = saved


def test_split_chunks_keep_every_word_where_pagefind_looks_for_it(parted_site, split_site):
    for (whole, whole_words), (split, split_words) in zip(_chunks(parted_site / "pagefind"),
                                                          _chunks(split_site / "pagefind")):
        assert len(split) > len(whole)
        assert sum(split_words, []) == sum(whole_words, [])  # the same words, in the same order
        for (start, end, _), words in zip(split, split_words):
            assert start <= words[0] and words[-1] <= end
            for word in words:  # Pagefind loads the first chunk whose bounds hold the word
                assert next(i for i, (a, b, _) in enumerate(split) if a <= word <= b) == \
                    next(i for i, w in enumerate(split_words) if word in w)
        assert all(a[1] < b[0] for a, b in zip(split, split[1:]))
        # a word and the words it begins (Pagefind's extensions of it) are never apart
        assert not any(b[0].startswith(a[-1]) for a, b in zip(split_words, split_words[1:]))


def test_split_chunks_find_what_pagefinds_own_find(split_site, page):
    with serve_folder(split_site) as origin, fresh_tab(page) as (tab, _):
        tab.goto(origin)
        found = tab.evaluate(SEARCH_JS, [[q for pair in BROWSER_PAIRS for q in pair]])
    for a, b in BROWSER_PAIRS:
        assert found[a] and found[a] == found[b], (a, b, found[a], found[b])
    assert len(found["وزير"]) == 3 and len(found["جدة"]) == 2


def test_each_pair_of_spellings_finds_the_same_articles(page):
    queries = [q for pair in BROWSER_PAIRS for q in pair]
    found = page.evaluate(SEARCH_JS, [queries])
    for a, b in BROWSER_PAIRS:
        assert found[a] and found[a] == found[b], (a, b, found[a], found[b])
    assert len(found["وزير"]) == 3 and len(found["جدة"]) == 2


def test_search_page_merges_parts_and_filters_by_year(served, page):
    page.goto(served + "search/?q=" + "مستشفى")
    page.locator(".search-result-link").nth(2).wait_for(timeout=15000)
    assert page.locator(".search-result-link").count() == 3
    assert page.locator(".search-filters input").count() == 0  # not loaded until asked for
    page.click(".search-filters-toggle")
    page.wait_for_selector(".search-facet legend", timeout=15000)
    legends = page.locator(".search-facet legend").all_inner_texts()
    assert {"السنة", "الشهر", "المصدر"} <= set(legends)
    years = page.locator(".search-facet", has=page.locator("legend", has_text="السنة"))
    years.locator("label", has_text="٢٠١٦").locator("input").check()
    page.wait_for_url(re.compile("2016"), timeout=15000)
    page.locator(".search-result-link").nth(2).wait_for(state="detached", timeout=15000)
    assert "f=" in page.url and "2016" in page.url


def test_results_are_scannable_and_in_the_sites_digits(served, page):
    page.goto(served + "search/?q=" + "مستشفى")
    page.locator(".search-result").nth(2).wait_for(timeout=15000)
    metas = page.locator(".search-result-meta").all_inner_texts()
    assert all(" · " in m for m in metas) and any("مصدر أ" in m for m in metas)
    assert any("يناير ٢٠١٦" in m or "مارس ٢٠١٥" in m for m in metas)
    status = page.locator(".search-status").inner_text()
    assert "٣" in status and not re.search(r"[0-9]", status)
    for title, excerpt in zip(page.locator(".search-result-title").all_inner_texts(),
                              page.locator(".search-result-excerpt").all_inner_texts()):
        assert not excerpt.startswith(title)


def test_every_result_of_every_part_highlights_the_words(served, page):
    page.goto(served + "search/?q=" + "الفريق")
    page.locator(".search-result-link").nth(2).wait_for(timeout=15000)
    hrefs = page.eval_on_selector_all(".search-result-link", "els => els.map(e => e.getAttribute('href'))")
    assert {"/articles/a3/", "/articles/a4/", "/articles/a5/"} <= {h.split("?")[0] for h in hrefs}
    # the results come from several parts of the index, the newest articles first
    assert [h.split("?")[0] for h in hrefs][:2] in (["/articles/a5/", "/articles/a4/"],
                                                    ["/articles/a4/", "/articles/a5/"])
    for href in hrefs:
        assert "highlight=" in href
        page.goto(served.rstrip("/") + href)
        page.wait_for_selector("mark.pagefind-highlight", timeout=10000)


def test_the_page_stays_small_and_lists_no_entity_it_was_not_asked_for(served, page):
    page.goto(served + "search/")
    page.wait_for_selector(".search-box")
    before = page.evaluate("document.getElementsByTagName('*').length")
    page.fill(".search-box", "السعودية")
    page.wait_for_selector(".search-result", timeout=15000)
    page.wait_for_timeout(300)
    after = page.evaluate("document.getElementsByTagName('*').length")
    assert before < 300 and after - before < 400
    assert page.locator(".search-facet").count() == 0


def test_a_word_the_archive_does_not_have_finds_nothing(served, page):
    # Pagefind answers an unknown word with the pages of the longest known word that starts it.
    page.goto(served + "search/?q=" + "مستشفياتنالوجيا")
    page.locator(".search-status", has_text="لا نتائج").wait_for(timeout=15000)
    assert page.locator(".search-result").count() == 0


def test_an_entity_page_opens_the_search_with_that_entity_chosen(served, page):
    page.goto(served + "entities/" + "السعودية" + "/")
    page.click(".entity-search a")
    page.locator(".search-result-link").nth(1).wait_for(timeout=15000)
    hrefs = sorted(h.split("?")[0] for h in
                   page.eval_on_selector_all(".search-result-link", "els => els.map(e => e.getAttribute('href'))"))
    assert hrefs == ["/articles/a2/", "/articles/a5/"]
    assert "السعودية" in page.locator(".search-chosen").inner_text()


def test_a_word_found_only_in_the_title_is_marked_there(served, page):
    page.goto(served + "articles/a3/?highlight=" + "ثالث")
    page.wait_for_selector("h1 mark.pagefind-highlight", timeout=10000)


def test_article_marks_every_spelling_of_the_searched_key(served, page):
    page.goto(served + "articles/a2/?highlight=" + "جده" + "&highlight=" + "مسيول")
    page.wait_for_selector("mark.pagefind-highlight", timeout=10000)
    marked = page.locator("mark.pagefind-highlight").all_inner_texts()
    assert "جدة" in marked and "المسؤول" in marked and "highlight" not in page.url


def test_mention_counts_settle_the_two_readings_of_particles_before_a_name():
    names = NameList.of([("أوباما", 500), ("وأوباما", 3), ("لبنان", 700), ("بنان", 2), ("جدة", 2000),
                         ("زير", 40)], ordinary_words=["بجدة", "وزير"])
    assert search_key("وأوباما", names) == "اوباما"  # a name misread with its و
    assert search_key("ولبنان", names) == "لبنان"  # the longer name wins
    assert search_key("بجدة", names) == "جده"  # a much-mentioned name over a dictionary word
    assert search_key("وزير", names) == "وزير"  # a rare one does not


def test_a_name_written_with_particles_is_found_in_both_hamza_spellings():
    names = NameList.of(["وزارة الشؤون الإسلامية"])
    assert findable("شئون", "وكيل الوزارة لشؤون المساجد", names)
    assert findable("شؤون", "وكيل الوزارة لشئون المساجد", names)


COUNT_INFLATERS = """
window.__inflaters = 0;
const Native = window.DecompressionStream;
window.DecompressionStream = class extends Native {
  constructor(format) { super(format); window.__inflaters += 1; }
};
"""


@contextmanager
def fresh_tab(page):
    """A new tab of the module's browser, in a context of its own, and its script errors."""
    context = page.context.browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab, errors
    finally:
        context.close()


def test_the_search_page_asks_for_each_file_once_and_inflates_it_natively(served, page):
    with fresh_tab(page) as (tab, errors):
        asked: list[str] = []
        tab.on("request", lambda request: asked.append(request.url))
        tab.add_init_script(COUNT_INFLATERS)
        tab.goto(served + "search/?q=" + "مستشفى")
        tab.locator(".search-result-link").nth(2).wait_for(timeout=15000)
        bundle_files = [url.split("?")[0] for url in asked if "/pagefind/" in url]
        assert len(bundle_files) == len(set(bundle_files))  # the early requests are the ones Pagefind uses
        assert any(url.endswith(".pf_meta") and "/part2/" in url for url in bundle_files)
        # the WebAssembly, the three parts' metadata and their chunks: not inflated by Pagefind's script
        assert tab.evaluate("window.__inflaters") >= 4
        assert not errors


def test_the_search_page_works_where_the_browser_cannot_inflate(served, page):
    with fresh_tab(page) as (tab, errors):
        tab.add_init_script("delete window.DecompressionStream;")
        tab.goto(served + "search/?q=" + "مستشفى")
        tab.locator(".search-result-link").nth(2).wait_for(timeout=15000)
        assert tab.locator(".search-result-link").count() == 3 and not errors


def test_the_newest_part_answers_before_the_older_ones_are_loaded(served, page):
    with fresh_tab(page) as (tab, errors):
        tab.route("**/pagefind/part*/**", lambda route: route.abort())  # the older parts never come
        tab.goto(served + "search/?q=" + "الفريق")
        tab.locator(".search-result-link").nth(1).wait_for(timeout=15000)
        hrefs = sorted(h.split("?")[0] for h in
                       tab.eval_on_selector_all(".search-result-link", "els => els.map(e => e.getAttribute('href'))"))
        assert hrefs == ["/articles/a4/", "/articles/a5/"]  # the newest part's two articles


@pytest.fixture(scope="module")
def asking_site(tmp_path_factory):
    """The parted site whose search page searches only its newest part without asking."""
    from tests.conftest import write_site
    root = write_site(tmp_path_factory.mktemp("asking"), ARTICLES, 'title = "بحث"\ncontent = ["content"]\n')
    saved = search.PAGES_PER_PART, search.AUTOMATIC_PAGES
    search.PAGES_PER_PART, search.AUTOMATIC_PAGES = 2, 2
    try:
        return build_site(root, base_url="http://127.0.0.1/", search=True).output
    finally:
        search.PAGES_PER_PART, search.AUTOMATIC_PAGES = saved


def test_older_parts_are_searched_when_the_reader_asks(asking_site, page):
    with serve_folder(asking_site) as origin, fresh_tab(page) as (tab, errors):
        asked: list[str] = []
        tab.on("request", lambda request: asked.append(request.url))
        tab.goto(origin + "search/?q=" + "وزير")
        older = tab.locator(".search-older")
        older.wait_for(timeout=15000)
        assert tab.locator(".search-result-link").count() == 1  # a5, the newest part's
        assert tab.locator(".search-more").is_hidden()
        assert "منذ ٧ فبراير ٢٠١٦" in tab.locator(".search-status").inner_text()
        assert not any("/part2/" in url for url in asked)
        assert "قبل ٧ فبراير ٢٠١٦" in older.inner_text()
        older.click()
        tab.locator(".search-result-link").nth(1).wait_for(timeout=15000)  # and a2, from the next part
        older.click()
        tab.locator(".search-result-link").nth(2).wait_for(timeout=15000)  # and a1, from the oldest
        assert older.is_hidden() and "منذ" not in tab.locator(".search-status").inner_text()
        hrefs = [h.split("?")[0] for h in
                 tab.eval_on_selector_all(".search-result-link", "els => els.map(e => e.getAttribute('href'))")]
        assert hrefs == ["/articles/a5/", "/articles/a2/", "/articles/a1/"] and not errors



@pytest.mark.parametrize("sort, expected", [("date:desc", ["a5", "a2", "a1"]), ("date:asc", ["a1", "a2", "a5"])])
def test_results_sorted_by_date_across_parts(served, page, sort, expected):
    page.goto(served + "search/?q=" + "وزير" + "&sort=" + sort)
    page.locator(".search-result-link").nth(2).wait_for(timeout=15000)
    hrefs = page.eval_on_selector_all(".search-result-link", "els => els.map(e => e.getAttribute('href'))")
    assert [h.split("?")[0].strip("/").split("/")[-1] for h in hrefs] == expected
