"""Dates and numbers as Arabic readers write them, independent of the machine's locale.

Pages are built on servers whose locale is rarely Arabic, and ``strftime``
month names would change with it; these tables keep the output identical on
every machine. A site chooses its digits (Arabic-Indic ٠١٢… or Latin 012…),
its month names (يوليو, or the Levantine تموز) and whether the Hijri date goes
beside the Gregorian one; ``DateStyle`` holds that choice and every page
number, count and date goes through it. Machine-readable values (``datetime``
attributes, feeds, data files) stay ISO.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from site_builder.text.hijri import umm_al_qura

DIGITS = {"arabic-indic": "٠١٢٣٤٥٦٧٨٩", "latin": "0123456789"}
"""The ``digits`` option: its values and the ten digits each writes."""
_TRANSLATE = {name: str.maketrans("0123456789", digits) for name, digits in DIGITS.items()}
_THOUSANDS = {"arabic-indic": "\u066c", "latin": ","}  # ARABIC THOUSANDS SEPARATOR, or a comma
_BROWSER_NUMBERING = {"arabic-indic": "arab", "latin": "latn"}
"""The same digits as a Unicode numbering system, for ``Intl`` in the browser."""

MONTHS = {
    "gregorian-arabic": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                         "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "levantine": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                  "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"),
}
"""The ``dates.months`` option: the Gregorian months as Egypt and the Gulf name them, or as
the Levant and Iraq do."""
_BROWSER_REGION = {"gregorian-arabic": "ar", "levantine": "ar-SY"}
"""A locale whose CLDR month names are the same, for ``Intl`` in the browser."""

HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
"""As the Umm al-Qura calendar prints them."""
HIJRI_ERA = "هـ"

WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
"""By ``date.weekday()``: Monday first."""


@dataclass(frozen=True)
class DateStyle:
    """How one site writes numbers and dates (its ``digits`` and ``[dates]`` options)."""

    digits: str = "arabic-indic"
    months: str = "gregorian-arabic"
    hijri: bool = True

    @property
    def month_names(self) -> tuple[str, ...]:
        return MONTHS[self.months]

    @property
    def browser_locale(self) -> str:
        """The BCP 47 tag with which ``Intl`` in the browser writes the same months and digits
        ("ar-SY-u-nu-latn"): scripts that write a number or a date are given it."""
        return f"{_BROWSER_REGION[self.months]}-u-nu-{_BROWSER_NUMBERING[self.digits]}"

    def figures(self, text: object) -> str:
        """The digits of ``text`` in the site's digits (a year, a page number)."""
        return str(text).translate(_TRANSLATE[self.digits])

    def number(self, value: int) -> str:
        """A whole number with thousands separated: ٣١٬٠٠٠ or 31,000."""
        return self.figures(f"{int(value):,}".replace(",", _THOUSANDS[self.digits]))

    def date(self, date: dt.date | None) -> str:
        """"٢١ يوليو ٢٠١٥"; empty for an undated article."""
        if date is None:
            return ""
        return f"{self.figures(date.day)} {self.month_names[date.month - 1]} {self.figures(date.year)}"

    def hijri_date(self, date: dt.date | None) -> str:
        """"٥ شوال ١٤٣٦ هـ" when the site shows Hijri dates; empty when it does not, for an
        undated article, and outside the range of the Umm al-Qura tables (``text.hijri``)."""
        day = umm_al_qura(date) if self.hijri and date is not None else None
        if day is None:
            return ""
        year, month, mday = day
        return f"{self.figures(mday)} {HIJRI_MONTHS[month - 1]} {self.figures(year)} {HIJRI_ERA}"

    def day_month(self, date: dt.date) -> str:
        """"٢١ يوليو", where the year goes without saying (a chart within one year)."""
        return f"{self.figures(date.day)} {self.month_names[date.month - 1]}"

    def full_date(self, date: dt.date | None) -> str:
        """The date with the Hijri date beside it when there is one: "٢١ يوليو ٢٠١٥ (٥ شوال ١٤٣٦ هـ)"."""
        hijri = self.hijri_date(date)
        return f"{self.date(date)} ({hijri})" if hijri else self.date(date)

    def day(self, date: dt.date) -> str:
        """"الأحد ٢ أغسطس ٢٠١٥ (١٧ شوال ١٤٣٦ هـ)" (the heading of a day's page)."""
        return f"{WEEKDAYS[date.weekday()]} {self.full_date(date)}"

    def month(self, month: str) -> str:
        """"2015-07" → "يوليو ٢٠١٥" (archive headings and links)."""
        year, mm = month.split("-")
        return f"{self.month_names[int(mm) - 1]} {self.figures(int(year))}"
