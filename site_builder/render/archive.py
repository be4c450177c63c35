"""The archive by time: years, months as calendars, days, and the undated articles.

``archive/`` lists the years and their months; ``archive/YYYY/`` a year's
months; ``archive/YYYY/MM/`` is a calendar of the month whose days link to
``archive/YYYY/MM/DD/``, the day's articles newest first, in numbered pages.
Articles without a date are listed at ``archive/undated/``. Every count is
shown where it is linked, so a reader sees where the articles are before
following a link.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from site_builder.model import PlannedFile, SiteGraph
from site_builder.render.calendar import month_weeks, weekday_names
from site_builder.render.lists import list_pages
from site_builder.render.pagination import paginate
from site_builder.render.renderer import Renderer
from site_builder.render.urls import Urls


def archive_pages(r: Renderer) -> Iterator[PlannedFile]:
    graph = r.graph
    years = _years(graph)
    undated = len(graph.undated)
    key = ("archive", tuple((year, tuple(months)) for year, months in years.items()), undated)
    yield r.page("archive.html", "archive/", key, lambda: dict(
        nav="archive", years=[(year, Urls.year(year), _count(graph, year), months)
                              for year, months in years.items()], undated=undated))
    for year, months in years.items():
        yield _year_page(r, year, months)
    months = sorted(graph.by_month)
    for index, month in enumerate(months):
        yield _month_page(r, month, _neighbour(months, index - 1), _neighbour(months, index + 1))
    days = sorted(graph.by_day)
    for index, day in enumerate(days):
        yield from _day_pages(r, day, _neighbour(days, index - 1), _neighbour(days, index + 1))
    if graph.undated:
        heading = r.labels.undated
        yield from list_pages(r, "undated", Urls.undated, graph.undated, heading, "archive", (),
                              crumbs=[(r.labels.archive, "archive/")])


def archive_addresses(graph: SiteGraph, per_page: int) -> Iterator[tuple[str, str]]:
    """(address, lastmod) of the archive's pages, for the sitemap."""
    for year in _years(graph):
        yield Urls.year(year), ""
    for month in sorted(graph.by_month):
        yield Urls.month(month), ""
    for day in sorted(graph.by_day):
        for page, _, _ in paginate(graph.by_day[day], per_page):
            yield Urls.day(day, page), ""
    for page, _, _ in paginate(graph.undated, per_page) if graph.undated else ():
        yield Urls.undated(page), ""


def _years(graph: SiteGraph) -> dict[str, list[tuple[str, str, int]]]:
    """Year → (month, address, articles) of its months; newest year and month first."""
    years: dict[str, list[tuple[str, str, int]]] = {}
    for month in sorted(graph.by_month, reverse=True):
        years.setdefault(month[:4], []).append((month, Urls.month(month), len(graph.by_month[month])))
    return years


def _count(graph: SiteGraph, year: str) -> int:
    return sum(len(slugs) for month, slugs in graph.by_month.items() if month.startswith(year))


def _neighbour(items: list[str], index: int) -> str | None:
    return items[index] if 0 <= index < len(items) else None


def _year_page(r: Renderer, year: str, months: list[tuple[str, str, int]]) -> PlannedFile:
    graph = r.graph
    rows = [(month, address, count, sum(1 for day in graph.by_day if day.startswith(month)))
            for month, address, count in months]
    total = sum(count for _, _, count in months)
    key = ("year", year, tuple(rows))
    return r.page("year.html", Urls.year(year), key, lambda: dict(
        nav="archive", year=year, months=rows, total=total, crumbs=[(r.labels.archive, "archive/")],
        description=f"{r.dates.figures(year)} — {r.config.title}"))


def _month_page(r: Renderer, month: str, earlier: str | None, later: str | None) -> PlannedFile:
    """The month as a calendar; ``earlier``/``later`` are the nearest months that have articles."""
    graph = r.graph
    counts = {day: len(slugs) for day, slugs in graph.by_day.items() if day.startswith(month)}
    heading = r.dates.month(month)
    key = ("month", month, tuple(sorted(counts.items())), earlier, later)
    year = month[:4]
    return r.page("month.html", Urls.month(month), key, lambda: dict(
        nav="archive", month=month, heading=heading, weeks=month_weeks(month, counts), weekdays=weekday_names(),
        total=sum(counts.values()), days=len(counts),
        previous=(earlier, Urls.month(earlier)) if earlier else None,
        following=(later, Urls.month(later)) if later else None,
        crumbs=[(r.labels.archive, "archive/"), (r.dates.figures(year), Urls.year(year))],
        description=f"{heading} — {r.config.title}"))


def _day_pages(r: Renderer, day: str, earlier: str | None, later: str | None) -> Iterator[PlannedFile]:
    """A day's articles; ``earlier``/``later`` are the nearest days that have articles."""
    date = dt.date.fromisoformat(day)
    month = day[:7]
    crumbs = [(r.labels.archive, "archive/"), (r.dates.figures(day[:4]), Urls.year(day[:4])),
              (r.dates.month(month), Urls.month(month))]
    previous = (dt.date.fromisoformat(earlier), Urls.day(earlier)) if earlier else None
    following = (dt.date.fromisoformat(later), Urls.day(later)) if later else None
    yield from list_pages(r, "day", lambda n: Urls.day(day, n), r.graph.by_day[day], r.dates.day(date),
                          "archive", (earlier, later), crumbs=crumbs, previous=previous, following=following)
