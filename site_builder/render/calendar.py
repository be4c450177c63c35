"""A month as the weeks of a wall calendar, for the month page of the archive.

Weeks begin on Saturday, as Arabic calendars usually print them; each day
carries how many articles it has, so the page links only the days that have
some. Built from the standard library's calendar arithmetic, never from the
machine's locale.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence

from site_builder.text.dates import WEEKDAYS

FIRST_WEEKDAY = calendar.SATURDAY


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    count: int
    """Articles of that day (0: the day is shown, not linked)."""

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def weekday_names() -> tuple[str, ...]:
    """The column headings, in the order of the weeks' days."""
    return tuple(WEEKDAYS[(FIRST_WEEKDAY + i) % 7] for i in range(7))


def month_weeks(month: str, counts: Mapping[str, int]) -> list[list[Day | None]]:
    """Weeks of "YYYY-MM", seven cells each; ``None`` for the days of the months around it.

    ``counts`` maps "YYYY-MM-DD" to the number of articles of that day.
    """
    year, mm = (int(part) for part in month.split("-"))
    weeks: Sequence[Sequence[int]] = calendar.Calendar(FIRST_WEEKDAY).monthdayscalendar(year, mm)
    return [[None if n == 0 else _day(dt.date(year, mm, n), counts) for n in week] for week in weeks]


def _day(date: dt.date, counts: Mapping[str, int]) -> Day:
    return Day(date, counts.get(date.isoformat(), 0))
