"""A front-matter `date` as people write it, read one way, and how it was read. Pure.

`2023-05-11`, `Summer 2023`, `29 January 2021`, `May 2, 2023`, `Jan, 20, 2016`, `February 2016`,
`10.12.2025` (day.month.year, as written where dots are used) and `today`/`last-modified`
(the source date: source_date.py, so that a build does not depend on the day it runs).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docbuild.bib.dates import month_of
from docbuild.bib.values import MONTH_NAMES

# Month names as printed in a date line ("May 2023").
MONTHS = tuple(m.capitalize() for m in MONTH_NAMES)
SEASONS = ("Spring", "Summer", "Autumn", "Fall", "Winter")
SEASON_DATE = re.compile(r"^(?P<season>" + "|".join(SEASONS) + r")\s+(?P<year>\d{4})$", re.I)
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# An ISO date with a time after it (Quarto and YAML timestamps): the day is what is printed.
ISO_TIME = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
WORD = r"(?P<month>[A-Za-z]{3,}\.?)"
DAY_MONTH_YEAR = re.compile(
    r"^(?P<day>\d{1,2}|XX|xx|\?\?)(?:st|nd|rd|th)?\s+" + WORD + r",?\s+(?P<year>\d{4})$"
)
MONTH_DAY_YEAR = re.compile(
    "^" + WORD + r",?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>\d{4})$"
)
MONTH_YEAR = re.compile("^" + WORD + r",?\s+(?P<year>\d{4})$")
NUMERIC = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})$")
# Quarto's and R Markdown's words for the day of rendering and the file's last change.
SOURCE_DATE_WORDS = ("today", "now", "last-modified")


@dataclass(frozen=True, slots=True)
class DateReading:
    year: int
    month: int | None = None
    day: int | None = None
    season: str | None = None  # "Summer"
    note: str | None = None  # how an ambiguous or partial date was read, for an info finding


def needs_source_date(text: str) -> bool:
    return text.strip().lower() in SOURCE_DATE_WORDS


def read_date(text: str) -> DateReading | None:
    """The date `text` names, or None when it is not a date (`today` is the caller's)."""
    text = text.strip()
    if m := ISO_TIME.match(text):
        text = m["day"]
    if m := SEASON_DATE.match(text):
        return DateReading(int(m["year"]), season=m["season"].capitalize())
    if m := ISO_DATE.match(text):
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
        return _checked(int(m["year"]), month, day)
    if m := DAY_MONTH_YEAR.match(text) or MONTH_DAY_YEAR.match(text):
        month = month_of(m["month"].rstrip("."))
        if month is None:
            return None
        if not m["day"].isdigit():
            # JOSS's template date "XX June 2024": the day is still to be filled in.
            reading = _checked(int(m["year"]), month, None)
            return _with_note(
                reading,
                f"the day '{m['day']}' is not a number: read as {_month_name(month)} {m['year']}",
            )
        return _checked(int(m["year"]), month, int(m["day"]))
    if m := MONTH_YEAR.match(text):
        month = month_of(m["month"].rstrip("."))
        return _checked(int(m["year"]), month, None) if month is not None else None
    if m := NUMERIC.match(text):
        return _numeric(int(m["a"]), int(m["b"]), int(m["year"]), m["sep"])
    return None


def _numeric(a: int, b: int, year: int, sep: str) -> DateReading | None:
    # Dots: day.month.year, as in German, French, Russian... dates. Slashes and hyphens
    # (a Computo article's `date: 12-13-2024`): month/day/year (US) unless the first number
    # cannot be a month. Either way the reading is said.
    if sep == "." or a > 12:
        day, month = a, b
        order = "day.month.year" if sep == "." else f"day{sep}month{sep}year"
    else:
        month, day = a, b
        order = f"month{sep}day{sep}year"
    reading = _checked(year, month, day)
    if reading is None:
        return None
    if a <= 12 and b <= 12 and a != b:
        return _with_note(reading, f"read as {day} {_month_name(month)} {year} ({order})")
    return reading


def _checked(year: int, month: int | None, day: int | None) -> DateReading | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            return None
    return DateReading(year, month, day)


def _with_note(reading: DateReading | None, note: str) -> DateReading | None:
    if reading is None:
        return None
    return DateReading(reading.year, reading.month, reading.day, reading.season, note)


def _month_name(month: int) -> str:
    return MONTHS[month - 1]
