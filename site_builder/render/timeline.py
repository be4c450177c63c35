"""A list of articles over time, as the bars of a chart drawn when the site is built.

Every chart of a site shares one time axis, the archive's first to last day,
so two entities' charts can be compared at a glance; its periods are days,
weeks (from Saturday, like the month calendars) or months, whichever keeps
the bars few enough to read (an archive of three weeks has a bar per day).
The axis runs right to left, earliest at the right, as Arabic is read. A
period without articles draws nothing, and a list whose articles all fall in
one or two periods gets no chart: the first and last days it is seen say
as much.

Each bar links to where its period begins in the list itself, which is
newest first (the page of its newest article, at an anchor on that
article), so the chart is also the way to read a period's articles without
a page of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from site_builder.text.dates import DateStyle

DAY_SPAN = 62
"""Archives spanning at most this many days get a bar per day."""
WEEK_SPAN = 53 * 7
"""Then a bar per week up to about a year; longer archives get a bar per month."""
MIN_BARS = 3
"""Fewer bars than this add nothing to the first and last day the page already gives."""
STEP = 10
"""Width of one period in the chart's units."""
BAR = 8
"""Width of a bar, the rest of its period is the gap to the next."""
HEIGHT = 40
"""Height of the tallest bar; any bar is at least one unit high."""
_SATURDAY = 5


@dataclass(frozen=True, slots=True)
class Axis:
    """The periods of the site's charts: ``periods`` of one ``unit`` from ``start``."""

    unit: str
    """"day", "week" or "month"."""
    start: dt.date
    periods: int

    def index(self, date: dt.date) -> int:
        if self.unit == "month":
            return (date.year - self.start.year) * 12 + date.month - self.start.month
        days = (date - self.start).days
        return days // 7 if self.unit == "week" else days

    def period(self, index: int) -> dt.date:
        """The first day of the period at ``index``."""
        if self.unit == "month":
            months = self.start.month - 1 + index
            return dt.date(self.start.year + months // 12, months % 12 + 1, 1)
        return self.start + dt.timedelta(days=index * (7 if self.unit == "week" else 1))


def archive_axis(days: Iterable[str]) -> Axis | None:
    """The axis for an archive whose articles have the "YYYY-MM-DD" ``days``; none without dates."""
    ordered = sorted(days)
    if not ordered:
        return None
    first, last = dt.date.fromisoformat(ordered[0]), dt.date.fromisoformat(ordered[-1])
    span = (last - first).days + 1
    if span <= DAY_SPAN:
        return Axis("day", first, span)
    if span <= WEEK_SPAN:
        start = first - dt.timedelta(days=(first.weekday() - _SATURDAY) % 7)
        return Axis("week", start, (last - start).days // 7 + 1)
    start = first.replace(day=1)
    return Axis("month", start, (last.year - start.year) * 12 + last.month - start.month + 1)


@dataclass(frozen=True, slots=True)
class Bar:
    anchor: str
    """The period as an id: "2015-08-02" (its first day), or "2015-08" for a month."""
    label: str
    """The period as a reader names it, and its count: "٢ أغسطس: ١٢"."""
    count: int
    first: int
    """Position in the list of the period's newest article (where its anchor is)."""
    x: int
    """Left edge."""
    top: int


@dataclass(frozen=True, slots=True)
class Chart:
    unit: str
    width: int
    bars: tuple[Bar, ...]
    """Newest first, like the list."""
    start: str
    end: str
    """The axis's first and last periods, for its two ends."""

    height = HEIGHT
    bar = BAR

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def peak(self) -> int:
        return max(bar.count for bar in self.bars)

    def anchors(self, positions: range) -> dict[int, str]:
        """Position in the list → anchor, for the bars whose period begins in ``positions``."""
        return {bar.first: bar.anchor for bar in self.bars if bar.first in positions}

    def key(self) -> tuple:
        return tuple((bar.anchor, bar.count, bar.first) for bar in self.bars)


def chart(axis: Axis | None, items: Sequence[tuple[dt.date | None, int]], style: DateStyle = DateStyle(),
          week_label: Callable[[str], str] = "{}".format) -> Chart | None:
    """The chart of a list whose item ``i`` has the date and weight ``items[i]`` (articles
    newest first, weighted by what the chart counts); none where it would show too little.
    ``style`` writes the dates and counts in the site's digits and month names;
    ``week_label`` names a week by its first day ("أسبوع {}")."""
    if axis is None:
        return None
    counts: dict[int, int] = {}
    firsts: dict[int, int] = {}
    for position, (date, weight) in enumerate(items):
        if date is not None and weight:
            index = axis.index(date)
            counts[index] = counts.get(index, 0) + weight
            firsts.setdefault(index, position)
    if len(counts) < MIN_BARS:
        return None
    peak = max(counts.values())
    one_year = axis.start.year == axis.period(axis.periods - 1).year
    name = _namer(axis.unit, one_year, style, week_label)
    bars = tuple(
        Bar(_anchor(axis.unit, axis.period(index)), f"{name(axis.period(index))}: {style.number(count)}",
            count, firsts[index], STEP * (axis.periods - index - 1) + (STEP - BAR) // 2,
            HEIGHT - max(1, round(count * HEIGHT / peak)))
        for index, count in sorted(counts.items(), key=lambda item: firsts[item[0]]))
    full = _namer(axis.unit, False, style, week_label)
    return Chart(axis.unit, STEP * axis.periods, bars, full(axis.start), full(axis.period(axis.periods - 1)))


def _anchor(unit: str, start: dt.date) -> str:
    return start.isoformat()[:7] if unit == "month" else start.isoformat()


def _namer(unit: str, one_year: bool, style: DateStyle, week_label: Callable[[str], str]
           ) -> Callable[[dt.date], str]:
    """How a period is named; the year is left out where the whole axis lies in one."""
    if unit == "month":
        return lambda start: style.month(start.isoformat()[:7])
    day = style.day_month if one_year else style.date
    return (lambda start: week_label(day(start))) if unit == "week" else day
