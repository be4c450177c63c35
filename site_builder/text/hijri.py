"""The Umm al-Qura date of a Gregorian day, the Hijri calendar Saudi Arabia publishes.

The calendar is a table of month beginnings, not arithmetic, so the dates come
from ``hijridate``, which carries the official tables, and never from our own
calendar code. Its tables cover 1 Muharram 1343 to 30 Dhu al-Hijjah 1500 AH
(1 August 1924 to 16 November 2077); a day outside them has no Hijri date here
and pages show it in the Gregorian calendar only.
"""

from __future__ import annotations

import datetime as dt
import functools

from hijridate import Gregorian


@functools.lru_cache(maxsize=4096)
def umm_al_qura(date: dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) in the Umm al-Qura calendar, or ``None`` outside its tables."""
    try:
        hijri = Gregorian.fromdate(date).to_hijri()
    except OverflowError:
        return None
    return hijri.year, hijri.month, hijri.day
