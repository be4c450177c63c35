"""Arabic dates and numbers for pages, independent of the machine's locale.

Pages are built on servers whose locale is rarely Arabic, and ``strftime``
month names would change with it; these tables keep the output identical on
every machine. Numbers use Arabic-Indic digits (٠١٢…) everywhere a reader sees
them; machine-readable values (``datetime`` attributes, feeds) stay ISO.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
          "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
"""By ``date.weekday()``: Monday first."""

_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_THOUSANDS = "\u066c"  # ARABIC THOUSANDS SEPARATOR


def arabic_digits(text: object) -> str:
    """Western digits → Arabic-Indic digits, the one digit system pages use."""
    return str(text).translate(_DIGITS)


def format_number(value: int) -> str:
    """A whole number with Arabic-Indic digits and the Arabic thousands separator."""
    return arabic_digits(f"{int(value):,}".replace(",", _THOUSANDS))


def format_date(date: dt.date | None) -> str:
    """"٢١ يوليو ٢٠١٥"; empty for an undated article."""
    if date is None:
        return ""
    return f"{arabic_digits(date.day)} {MONTHS[date.month - 1]} {arabic_digits(date.year)}"


def format_day_month(date: dt.date) -> str:
    """"٢١ يوليو", where the year goes without saying (a chart within one year)."""
    return f"{arabic_digits(date.day)} {MONTHS[date.month - 1]}"


def format_day(date: dt.date) -> str:
    """"الأحد ٢ أغسطس ٢٠١٥" (the heading of a day's page)."""
    return f"{WEEKDAYS[date.weekday()]} {format_date(date)}"


def format_month(month: str) -> str:
    """"2015-07" → "يوليو ٢٠١٥" (archive headings and links)."""
    year, mm = month.split("-")
    return f"{MONTHS[int(mm) - 1]} {arabic_digits(int(year))}"
