"""When an entry appeared: its year, EDTF dates and months, read one way everywhere."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docbuild.bib.model import BibEntry, BibField, ValueKind
from docbuild.bib.values import MONTH_MACROS, MONTH_NAMES

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# ISO 8601 / EDTF level 0 and 1: 2019, 2019-05, 2019-05-17, 2019-21 (season), with ?, ~ or %,
# and a time after a full date.
_EDTF_PART = re.compile(
    r"(?P<y>-?\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?(?P<q>[?~%]?)"
)

Day = tuple[int, int | None, int | None]  # year, month (None: a season or unknown), day


@dataclass(frozen=True, slots=True)
class Edtf:
    """An ISO 8601 / EDTF date or range: its ends (one for a date, one or two for a range)."""

    ends: tuple[Day, ...]
    circa: bool = False  # a `?`, `~` or `%` qualifier on either end
    interval: bool = False  # written as a range `a/b` (either end may be open)


def entry_year(entry: BibEntry) -> int | None:
    """The year the entry appeared: the first four-digit number in `year`, else in `date`."""
    for name in ("year", "date"):
        value = entry.value(name)
        if value:
            m = _YEAR.search(value)
            if m:
                return int(m.group(1))
    return None


def parse_edtf(value: str) -> Edtf | None:
    """The date or range `value` writes in ISO 8601 / EDTF, or None when it is not one."""
    text = value.strip()
    if not text:
        return None
    parts = text.split("/")
    if len(parts) > 2:
        return None
    ends: list[Day] = []
    circa = False
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            continue  # an open end
        m = _EDTF_PART.fullmatch(part)
        if m is None:
            return None
        year = int(m["y"])
        month = int(m["m"]) if m["m"] else None
        day = int(m["d"]) if m["d"] else None
        if month is not None and not (1 <= month <= 12 or (21 <= month <= 24 and day is None)):
            return None
        if day is not None and month is not None:
            try:
                dt.date(max(year, 1), month, day)
            except ValueError:
                return None
        circa = circa or bool(m["q"])
        ends.append((year, month if month is not None and month <= 12 else None, day))
    return Edtf(tuple(ends), circa, len(parts) == 2) if ends else None


def standard_month(f: BibField) -> int | None:
    """The month of a `month` field written in a standard form (1–12, or a bare `sep`)."""
    value = f.value.strip()
    if value.isdigit() and len(value) <= 2 and 1 <= int(value) <= 12:
        return int(value)
    raw = (f.raw or value).strip().lower()
    if f.kind is ValueKind.BARE and raw in MONTH_MACROS:
        return MONTH_MACROS.index(raw) + 1
    return None


def month_of(text: str) -> int | None:
    """The month any common spelling means: `9`, `sep`, `Sept.`, `{september}`, `Septembre`."""
    word = text.strip().strip("{}").strip().rstrip(".").lower()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    if len(word) < 3:
        return None
    for i, name in enumerate(MONTH_NAMES):
        if name.startswith(word) or (word.startswith(name[:3]) and name.startswith(word[:4])):
            return i + 1
    return None
