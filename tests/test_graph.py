import datetime as dt

from site_builder.link.graph import link, newest_first
from site_builder.model import Article, ArticleMeta, Entity, Link, Resolution


def art(slug, date=None, source="", text="نص"):
    return Article(slug=slug, meta=ArticleMeta(title=slug, date=date, source=source), html="", text=text,
                   mentions=(), path=slug, digest=slug)


def test_newest_first_then_undated():
    articles = [art("b", dt.date(2015, 7, 1)), art("z"), art("a", dt.date(2015, 7, 1)), art("c", dt.date(2015, 8, 1))]
    order = newest_first(articles)
    assert order[0] == "c" and set(order[1:3]) == {"a", "b"} and order[3] == "z"
    assert newest_first(list(reversed(articles))) == order  # whatever order the files were read in


def test_the_time_of_day_orders_a_day_and_a_hash_mixes_the_rest():
    timed = [Article(slug=s, meta=ArticleMeta(title=s, date=dt.date(2015, 7, 1), time=dt.time(h)), html="",
                     text="", mentions=(), path=s, digest=s) for s, h in (("morning", 9), ("evening", 21))]
    same_day = [art(f"{source}-{n}", dt.date(2015, 7, 1), source) for source in ("okaz", "sabq") for n in range(10)]
    order = newest_first(same_day + timed)
    assert order[:2] == ("evening", "morning")
    sources = [slug.split("-")[0] for slug in order[2:]]
    assert sum(1 for a, b in zip(sources, sources[1:]) if a != b) > 4


def test_related_articles_prefer_rare_shared_entities():
    articles = [art(s, dt.date(2015, 7, i + 1), text="كيم بوتين روسيا") for i, s in enumerate("abcd")]
    ent = {e: Entity(e, e, "person") for e in ("kim", "putin", "russia")}
    links = {"a": (Link(0, 3, "kim"), Link(4, 9, "putin")), "b": (Link(0, 3, "kim"),),
             "c": (Link(4, 9, "putin"),), "d": (Link(4, 9, "putin"), Link(10, 15, "russia"))}
    graph = link(articles, Resolution(ent, links), related=2)
    assert graph.related["b"] == ("a",)
    assert graph.related["a"][0] == "b"  # kim is rarer than putin
    stats = graph.entity_stats["putin"]
    assert stats.mentions == 3 and stats.articles == ("d", "c", "a")
    assert stats.first_seen == dt.date(2015, 7, 1) and stats.last_seen == dt.date(2015, 7, 4)
    assert stats.quotes[0].sentence[stats.quotes[0].start:stats.quotes[0].end] == "بوتين"
    assert dict(graph.entity_stats["kim"].cooccurring) == {"putin": 1}


def test_indexes_by_source_and_month():
    articles = [art("a", dt.date(2015, 7, 3), "okaz"), art("b", dt.date(2015, 8, 1), "okaz"), art("c", None, "was")]
    graph = link(articles, Resolution({}, {}))
    assert graph.by_source == {"okaz": ("b", "a"), "was": ("c",)}
    assert graph.by_month == {"2015-07": ("a",), "2015-08": ("b",)}
