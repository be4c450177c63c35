"""What an entity page tells a researcher: when the entity was in the news (a timeline of its
mentions), who reported it (mentions per source) and with whom (the entities most associated
with it), in the order a phone shows them."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from conftest import build_site, write_site
from site_builder.link.association import log_likelihood
from site_builder.render.timeline import archive_axis, chart
from test_render import Page

CHROMIUM = Path("/usr/bin/chromium")
CURATION = """
[[entity]]
name = "سلمى الراشد"
type = "person"

[[entity]]
name = "خالد المنصور"
type = "person"

[[entity]]
name = "مؤسسة الضياء"
type = "organization"

[[entity]]
name = "جزيرة الفيروز"
type = "place"

[[entity]]
name = "نادي الصقور"
type = "organization"
"""
SALMA = [("2015-07-21", "okaz", 2, True), ("2015-07-21", "sabq", 1, True), ("2015-07-25", "okaz", 3, True),
         ("2015-08-02", "was", 1, False)]
"""Her articles: day, source, mentions, and whether the foundation is named beside her; Khalid is
named in the first and the third, and once without her."""
CLUB = 55
"""Articles naming the club, more than an entity page holds."""


def md(title: str, date: str, source: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n{body}\n"


def archive_files() -> dict[str, str]:
    """Seventeen days; the island is named in every article but one, the foundation only beside Salma."""
    files = {"entities.toml": CURATION}
    for n, (date, source, times, foundation) in enumerate(SALMA):
        body = " ".join(["تحدثت سلمى الراشد عن الخطة."] * times)
        body += " وشاركت مؤسسة الضياء في اللقاء." if foundation else ""
        body += " وحضر خالد المنصور." if n in (0, 2) else ""
        files[f"content/s{n}.md"] = md(f"خبر سلمى {n}", date, source, body + " وزار الوفد جزيرة الفيروز أمس.")
    files["content/k0.md"] = md("خبر خالد", "2015-07-30", "okaz", "وصل خالد المنصور إلى المدينة.")
    for n in range(CLUB):
        day = 20 + n % 17
        date = f"2015-07-{day}" if day <= 31 else f"2015-08-0{day - 31}"
        files[f"content/c{n:02d}.md"] = md(f"خبر النادي {n}", date, ("okaz", "sabq", "was")[n % 3],
                                          "فاز نادي الصقور بالمباراة. وأقيمت في جزيرة الفيروز.")
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("research"), archive_files(),
                      'title = "أرشيف"\ncontent = ["content"]\nbase_url = "http://127.0.0.1/"\n')
    return build_site(root, search=True).output


class Doc(Page):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.raw = data.decode("utf-8")


def page(site: Path, address: str) -> Doc:
    return Doc((site / address / "index.html").read_bytes())


def number(text: str) -> int:
    return int(text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")).replace("\u066c", ""))


def bars(doc: Doc) -> dict[str, tuple[str, int]]:
    """Each bar of the page's timeline: its period (the anchor it links to) → (href, count)."""
    found = {}
    for _, attrs, text in doc.find("a"):
        href = attrs.get("href", "")
        if re.search(r"#\d{4}-\d\d", href):
            found[href.split("#")[1]] = (href, number(text.rsplit(":", 1)[1]))
    return found


def fact(doc: Doc, label: str) -> str:
    return re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", doc.raw).group(1)


# ---------------------------------------------------------------- timeline

def test_the_timeline_has_a_bar_per_day_named_and_they_add_up_to_the_mention_count(site):
    doc = page(site, "entities/سلمى-الراشد")
    shown = bars(doc)
    assert {day: n for day, (_, n) in shown.items()} == {"2015-07-21": 3, "2015-07-25": 3, "2015-08-02": 1}
    assert sum(n for _, n in shown.values()) == number(fact(doc, "عدد الإشارات")) == 7
    figure = re.search(r'<figure class="timeline">.*?</figure>', doc.raw, re.S).group(0)
    assert figure.count("<path") == 3  # the days without her draw nothing
    assert 'viewBox="0 0 170 40"' in figure  # the archive's seventeen days, whoever the page is about
    assert "عدد الإشارات في كل يوم" in figure and "٢١ يوليو: ٣" in figure
    # earliest at the right: time runs leftwards, as the page reads
    x = {day: int(re.search(rf'#{day}"><title>[^<]*</title><path d="M(\d+)', figure).group(1)) for day in shown}
    assert x["2015-07-21"] > x["2015-07-25"] > x["2015-08-02"]
    assert re.search(r'<p class="timeline-axis"><span>٢٠ يوليو ٢٠١٥</span><span>٥ أغسطس ٢٠١٥</span>', figure)


def test_each_bar_opens_the_list_where_its_day_begins(site):
    doc = page(site, "entities/سلمى-الراشد")
    ids = {attrs["id"] for _, attrs, _ in doc.find("li") if "id" in attrs}
    assert {href for href, _ in bars(doc).values()} == {f"#{day}" for day in ids}
    items = [(attrs.get("id"), text) for _, attrs, text in doc.find("li") if "خبر سلمى" in text]
    assert [day for day, _ in items] == ["2015-08-02", "2015-07-25", "2015-07-21", None]  # the day's newest

    club = page(site, "entities/نادي-الصقور")
    shown = bars(club)
    assert sum(n for _, n in shown.values()) == CLUB
    href, _ = shown["2015-07-20"]  # the oldest day is on the second page of the list
    assert href == "/entities/نادي-الصقور/page/2/#2015-07-20"
    later = page(site, "entities/نادي-الصقور/page/2")
    assert "2015-07-20" in {attrs.get("id") for _, attrs, _ in later.find("li")}
    assert not later.find("figure")  # the chart is on the first page only


def test_no_chart_where_the_articles_fall_on_one_or_two_days(site):
    doc = page(site, "entities/مؤسسة-الضياء")  # three articles, two days: the facts say it
    assert not doc.find("figure") and not bars(doc)
    assert "٢١ يوليو ٢٠١٥" in fact(doc, "أول ظهور") and "٢٥ يوليو ٢٠١٥" in fact(doc, "آخر ظهور")


def test_a_source_page_charts_its_articles(site):
    doc = page(site, "sources/okaz")
    shown = bars(doc)
    assert "عدد المقالات في كل يوم" in doc.raw
    assert sum(n for _, n in shown.values()) == number(doc.texts("p", class_="page-summary")[0].split(":")[1])
    first = [attrs.get("id") for _, attrs, _ in doc.find("li") if attrs.get("id")]
    assert {href.split("#")[1] for href, _ in shown.values() if href.startswith("#")} == set(first)


def test_the_period_follows_the_span_of_the_archive():
    days = archive_axis(["2015-07-21", "2015-08-11"])
    assert (days.unit, days.periods) == ("day", 22)
    weeks = archive_axis(["2015-01-01", "2015-06-30"])  # a Thursday: its week began on Saturday 27 December
    assert (weeks.unit, weeks.start.isoformat(), weeks.periods) == ("week", "2014-12-27", 27)
    months = archive_axis(["2013-11-05", "2015-08-11"])
    assert (months.unit, months.start.isoformat(), months.periods) == ("month", "2013-11-01", 22)
    assert archive_axis([]) is None


def test_week_and_month_bars_are_named_by_their_first_day():
    weeks = archive_axis(["2015-01-01", "2015-06-30"])
    items = [(dt.date(2015, 6, 29), 2), (dt.date(2015, 6, 28), 1), (dt.date(2015, 3, 3), 4), (None, 5),
             (dt.date(2015, 1, 1), 1)]
    drawn = chart(weeks, items, week_label="أسبوع {}".format)
    assert [(bar.anchor, bar.label, bar.first) for bar in drawn.bars] == [
        ("2015-06-27", "أسبوع ٢٧ يونيو ٢٠١٥: ٣", 0), ("2015-02-28", "أسبوع ٢٨ فبراير ٢٠١٥: ٤", 2),
        ("2014-12-27", "أسبوع ٢٧ ديسمبر ٢٠١٤: ١", 4)]  # the axis spans two years: each label says which
    assert drawn.total == 8 and drawn.width == 270 and drawn.bars[-1].x == 261  # the earliest, rightmost
    months = chart(archive_axis(["2013-11-05", "2015-08-11"]), [(dt.date(2015, 8, 1), 1), (dt.date(2014, 2, 9), 1),
                                                                 (dt.date(2013, 11, 5), 3)])
    assert [bar.label for bar in months.bars] == ["أغسطس ٢٠١٥: ١", "فبراير ٢٠١٤: ١", "نوفمبر ٢٠١٣: ٣"]
    assert [bar.top for bar in months.bars] == [27, 27, 0]  # the tallest bar fills the height


# ---------------------------------------------------------------- who reported it

def test_mentions_per_source_most_first(site):
    doc = page(site, "entities/سلمى-الراشد")
    rows = re.findall(r"<li>([^<]+) <meter value=\"([\d.]+)\"></meter> ([^<]+)</li>", doc.raw)
    assert [(name, number(n)) for name, _, n in rows] == [("عكاظ", 5), ("سبق", 1), ("واس", 1)]
    assert [float(value) for _, value, _ in rows] == [1.0, 0.2, 0.2]


def test_only_an_entity_of_several_pages_links_its_sources_to_their_mentions(site):
    club = page(site, "entities/نادي-الصقور")
    links = [attrs["href"] for _, attrs, _ in club.find("a") if "f=" in attrs.get("href", "")]
    assert len(links) == 3
    query = parse_qsl(urlsplit(unquote(links[0])).query)
    assert query == [("entity", "منظمة:نادي الصقور"), ("f", "المصدر:عكاظ")]
    salma = page(site, "entities/سلمى-الراشد")  # all on one page: the counts say enough
    assert not [a for _, a, _ in salma.find("a") if "f=" in a.get("href", "")]
    assert not list(site.glob("entities/*/source"))  # no page of its own for a source's mentions


# ---------------------------------------------------------------- with whom

def test_a_name_that_is_everywhere_does_not_lead_the_cooccurring_entities(site):
    doc = page(site, "entities/سلمى-الراشد")
    chips = re.search(r'<ul class="entity-chips">(.*?)</ul>', doc.raw, re.S).group(1)
    names = re.findall(r'class="(?:person|place|organization|misc)" href="[^"]*">([^<]+)</a>', chips)
    assert names == ["مؤسسة الضياء", "خالد المنصور", "جزيرة الفيروز"]  # three and two shared rank above four
    assert [number(n) for n in re.findall(r">\((.)\)<", chips)] == [3, 2, 4]
    assert log_likelihood(4, 4, 60, 60) == 0  # in every article: no association at all
    assert log_likelihood(3, 4, 3, 60) > log_likelihood(2, 4, 10, 60) > 0 > log_likelihood(1, 4, 40, 60)


def test_each_cooccurring_entity_links_to_the_articles_both_name(site):
    doc = page(site, "entities/سلمى-الراشد")
    [href] = [a["href"] for _, a, text in doc.find("a") if text == "(٣)"]
    assert parse_qsl(urlsplit(unquote(href)).query) == [("entity", "شخص:سلمى الراشد"),
                                                        ("entity", "منظمة:مؤسسة الضياء")]


# ---------------------------------------------------------------- in a browser

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser(site):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield chromium, f"http://127.0.0.1:{httpd.server_address[1]}/"
        chromium.close()
    httpd.shutdown()


def test_a_phone_shows_sources_and_cooccurring_before_the_articles(browser):
    chromium, base = browser
    for width, beside in ((390, False), (1280, True)):
        tab = chromium.new_page(viewport={"width": width, "height": 900})
        tab.goto(base + "entities/سلمى-الراشد/")
        aside = tab.locator(".entity-aside").bounding_box()
        articles = tab.locator("#entity-articles").bounding_box()
        chart = tab.locator(".timeline svg").bounding_box()
        assert chart["width"] > width / 3 and chart["height"] > 40
        if beside:  # to the left of the articles, as wide screens have it
            assert aside["x"] + aside["width"] <= articles["x"] and abs(aside["y"] - articles["y"]) < 60
        else:
            assert aside["y"] + aside["height"] <= articles["y"]
        tab.close()


def test_the_links_open_the_search_on_the_shared_articles(browser):
    chromium, base = browser
    tab = chromium.new_page()
    tab.goto(base + "entities/سلمى-الراشد/")
    tab.click("text=(٢)")  # two people: the articles naming both, not either
    tab.locator(".search-result-link").nth(1).wait_for(timeout=15000)
    tab.wait_for_timeout(300)
    found = sorted(tab.eval_on_selector_all(".search-result-link", "els => els.map(e => e.pathname)"))
    assert found == ["/articles/s0/", "/articles/s2/"]
    tab.goto(base + "entities/نادي-الصقور/")
    tab.click(".bar-list a >> nth=1")
    tab.locator(".search-status", has_text="١٨").wait_for(timeout=15000)
    tab.close()
