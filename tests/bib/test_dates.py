"""The entry's year, EDTF dates and months: one reading used by lint, CSL and normalize."""

from __future__ import annotations

import pytest

from docbuild.bib.dates import Edtf, entry_year, month_of, parse_edtf
from docbuild.bib.model import BibEntry, BibField


def _entry(**fields: str) -> BibEntry:
    return BibEntry("misc", "k", tuple(BibField(n, v, 1) for n, v in fields.items()), 1)


@pytest.mark.parametrize(
    ("fields", "year"),
    [
        ({"year": "2019"}, 2019),
        ({"year": "2019a"}, 2019),
        ({"year": "[2019]"}, 2019),
        ({"year": "in press", "date": "2020-01"}, 2020),
        ({"date": "2022, 2 23"}, 2022),
        ({"date": "2019/2021"}, 2019),
        ({"year": "n.d."}, None),
        ({"year": "12345"}, None),
        ({}, None),
    ],
)
def test_entry_year(fields: dict[str, str], year: int | None) -> None:
    assert entry_year(_entry(**fields)) == year


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2022-02-23", Edtf(((2022, 2, 23),))),
        ("2022-02", Edtf(((2022, 2, None),))),
        ("2019-21", Edtf(((2019, None, None),))),  # a season
        ("2020/2021", Edtf(((2020, None, None), (2021, None, None)), interval=True)),
        ("2020/..", Edtf(((2020, None, None),), interval=True)),
        ("1850?", Edtf(((1850, None, None),), circa=True)),
        ("2019-05-17T10:30:00Z", Edtf(((2019, 5, 17),))),
        ("2019-02-30", None),
        ("2022, 2 23", None),
        ("", None),
    ],
)
def test_parse_edtf(text: str, date: Edtf | None) -> None:
    assert parse_edtf(text) == date


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("9", 9),
        ("sep", 9),
        ("Sept.", 9),
        ("{september}", 9),
        ("Septembre", 9),
        ("13", None),
        ("se", None),
        ("mars", None),
    ],
)
def test_month_of(text: str, month: int | None) -> None:
    assert month_of(text) == month
