"""Dates as Arabic readers write them: Umm al-Qura Hijri dates, the site's digits, month names."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_site, chromium_tab, serve_folder, write_site
from site_builder.config import load_config
from site_builder.errors import ConfigError
from site_builder.text.dates import DateStyle
from test_browser import ARGS

ARABIC_INDIC = re.compile("[٠-٩]")
LATIN = re.compile("[0-9]")


# ---------------------------------------------------------------- the Hijri date

@pytest.mark.parametrize("day, hijri", [
    # Eid al-Fitr 1436: Saudi Arabia's 1 Shawwal was Friday 17 July 2015.
    (dt.date(2015, 7, 17), "١ شوال ١٤٣٦ هـ"),
    # 10 Dhu al-Hijjah 1436 in the Umm al-Qura calendar as printed (the sighting put Eid
    # al-Adha a day later, on 24 September); ICU's islamic-umalqura calendar agrees.
    (dt.date(2015, 9, 23), "١٠ ذو الحجة ١٤٣٦ هـ"),
    (dt.date(2015, 8, 2), "١٧ شوال ١٤٣٦ هـ"),
    (dt.date(1924, 8, 1), "١ محرم ١٣٤٣ هـ"),  # the first day of the converter's tables
    (dt.date(2077, 11, 16), "٣٠ ذو الحجة ١٥٠٠ هـ"),  # and the last
])
def test_hijri_dates_follow_the_umm_al_qura_calendar(day, hijri):
    assert DateStyle(hijri=True).hijri_date(day) == hijri


def test_a_day_outside_the_calendars_tables_is_shown_gregorian_only():
    style = DateStyle(hijri=True)
    for day in (dt.date(1924, 7, 31), dt.date(2077, 11, 17), dt.date(1850, 1, 1)):
        assert style.hijri_date(day) == ""
    assert style.day(dt.date(1924, 7, 31)) == "الخميس ٣١ يوليو ١٩٢٤"
    assert style.day(dt.date(2015, 7, 17)) == "الجمعة ١٧ يوليو ٢٠١٥ (١ شوال ١٤٣٦ هـ)"
    assert DateStyle(hijri=False).day(dt.date(2015, 7, 17)) == "الجمعة ١٧ يوليو ٢٠١٥"


def test_levantine_month_names_and_latin_digits():
    style = DateStyle(digits="latin", months="levantine", hijri=True)
    assert [style.month(f"2015-{m:02d}") for m in (1, 7, 12)] == ["كانون الثاني 2015", "تموز 2015", "كانون الأول 2015"]
    assert style.day(dt.date(2015, 9, 23)) == "الأربعاء 23 أيلول 2015 (10 ذو الحجة 1436 هـ)"
    assert style.number(31000) == "31,000" and DateStyle().number(31000) == "٣١٬٠٠٠"


def test_a_wrong_digits_or_months_value_is_one_line_with_a_suggestion(tmp_path):
    (tmp_path / "site.toml").write_text('digits = "latn"\n[dates]\nmonths = "levant"\nhijri = "yes"\n',
                                        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.toml")
    lines = str(caught.value).splitlines()
    assert any("option 'digits' must be one of 'arabic-indic', 'latin', not 'latn'" in line
               and "did you mean 'latin'?" in line for line in lines)
    assert any("option 'dates.months'" in line and "did you mean 'levantine'?" in line for line in lines)
    assert any("option 'dates.hijri' must be true or false" in line for line in lines)


# ---------------------------------------------------------------- a built site

def _article(title: str, date: str, source: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsource: {source}\nauthor: مراسل الصحيفة\n---\n{body}\n"


# No digit anywhere in the articles, so every digit on a page is one the site wrote.
ARTICLES = {
    "content/okaz/alpha.md": _article("أمير الرياض يفتتح معرضا", "2015-07-17", "okaz",
                                      "افتتح أمير منطقة الرياض معرضا في الرياض.\nوزار جدة بعد ذلك."),
    "content/okaz/beta.md": _article("أمطار على جدة", "2015-07-21", "okaz", "هطلت أمطار على جدة والرياض."),
    "content/sabq/gamma.md": _article("زحام في جدة", "2015-08-02", "sabq", "شهدت جدة زحاما كبيرا."),
    "content/sabq/delta.md": _article("طقس الرياض", "2015-08-02", "sabq", "الطقس حار في الرياض."),
    "content/sabq/epsilon.md": _article("مطار جدة", "2015-08-03", "sabq", "مطار جدة يستقبل المسافرين."),
}


class _Visible(HTMLParser):
    """What a reader sees or hears of a page: its text outside scripts, and the labels."""

    LABELS = ("aria-label", "title", "placeholder", "alt", "data-shown")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name in self.LABELS and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def _site(tmp_path_factory, name: str, extra: str = "", search: bool = False) -> Path:
    config = f'title = "أرشيف"\nbase_url = "https://example.org/"\nper_page = 2\n{extra}'
    root = write_site(tmp_path_factory.mktemp(name), ARTICLES, config)
    return build_site(root, search=search).output


@pytest.fixture(scope="module")
def latin_site(tmp_path_factory):
    return _site(tmp_path_factory, "latin", 'digits = "latin"\n[dates]\nmonths = "levantine"\n', search=True)


@pytest.fixture(scope="module")
def default_dates_site(tmp_path_factory):
    return _site(tmp_path_factory, "arabic")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_latin_digits_everywhere_on_a_built_site(latin_site):
    pages = _pages(latin_site)
    assert len(pages) > 20
    for path in pages:
        text = visible_text(path)
        assert not ARABIC_INDIC.search(text), (path.relative_to(latin_site), ARABIC_INDIC.findall(text))
    home = visible_text(latin_site / "index.html")
    assert "صفحة 1 من 3" in home
    assert "عدد المقالات: 5" in home
    article = visible_text(latin_site / "articles" / "alpha" / "index.html")
    assert "17 تموز 2015 (1 شوال 1436 هـ)" in article


def test_arabic_indic_digits_everywhere_by_default(default_dates_site):
    for path in _pages(default_dates_site):
        text = visible_text(path)
        assert not LATIN.search(text), (path.relative_to(default_dates_site), LATIN.findall(text))
    home = visible_text(default_dates_site / "index.html")
    assert "صفحة ١ من ٣" in home


def test_levantine_months_replace_the_other_names(latin_site):
    for path in _pages(latin_site):
        assert not re.search("يوليو|أغسطس", visible_text(path)), path
    day = visible_text(latin_site / "archive" / "2015" / "08" / "02" / "index.html")
    assert "الأحد 2 آب 2015 (17 شوال 1436 هـ)" in day
    assert "آب 2015" in visible_text(latin_site / "archive" / "index.html")


def test_the_hijri_date_is_on_article_pages_and_day_headings_only(default_dates_site):
    """Lists show many dates, so their cards keep the Gregorian date alone."""
    article = visible_text(default_dates_site / "articles" / "alpha" / "index.html")
    assert "١٧ يوليو ٢٠١٥ (١ شوال ١٤٣٦ هـ)" in article
    for listing in ("index.html", "sources/okaz/index.html", "entities/الرياض/index.html"):
        assert "شوال" not in visible_text(default_dates_site / listing), listing


def test_without_hijri_dates_no_page_shows_one(tmp_path_factory):
    site = _site(tmp_path_factory, "gregorian", "[dates]\nhijri = false\n")
    for path in _pages(site):
        assert " هـ" not in visible_text(path), path


# ---------------------------------------------------------------- the scripts, in a browser

@pytest.fixture(scope="module")
def served_latin(latin_site):
    with serve_folder(latin_site) as origin:
        yield origin


@pytest.fixture(scope="module")
def tab(served_latin):
    with chromium_tab(ARGS) as (page, errors):
        yield page
        assert errors == []


def test_the_search_page_writes_the_sites_digits_and_months(served_latin, tab):
    tab.goto(served_latin + "search/?q=" + "جدة")
    tab.locator(".search-result").nth(2).wait_for(timeout=15000)
    status = tab.locator(".search-status").inner_text()
    metas = " ".join(tab.locator(".search-result-meta").all_inner_texts())
    assert re.search(r"\b4\b", status) and not ARABIC_INDIC.search(status + metas)
    assert "آب 2015" in metas or "تموز 2015" in metas
    tab.click(".search-filters-toggle")
    tab.wait_for_selector(".search-facet legend", timeout=15000)
    facets = tab.locator(".search-filters").inner_text()
    assert "2015" in facets and not ARABIC_INDIC.search(facets) and "يوليو" not in facets


def test_the_entity_filter_counts_in_the_sites_digits(served_latin, tab):
    tab.goto(served_latin + "entities/by_type/place/")
    tab.fill("#entity-filter", "جد")
    assert re.fullmatch(r"1 من \d+ في هذه الصفحة", tab.locator("#entity-filter-status").inner_text())
