"""B014 duplicate-field."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity

GOOD = "@misc{khan2019,\n  title = {A},\n  year = {2019},\n}\n"
BAD = "@misc{khan2019,\n  title = {A},\n  year = {2019},\n  year = {2021},\n}\n"


def test_pass() -> None:
    assert messages("duplicate-field", GOOD) == []


def test_fail() -> None:
    assert messages("duplicate-field", BAD) == [
        "[khan2019] duplicate field 'year' (first on line 3)"
    ]
    assert findings("B014", BAD)[0].severity is Severity.WARNING
