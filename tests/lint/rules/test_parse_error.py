"""B001 parse-error: the reader's failed blocks become findings."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity

GOOD = "@article{khan2019,\n  title = {Strategic Studies},\n  year = {2019},\n}\n"
BAD = (
    "@article{khan2019,\n  title = {Strategic Studies,\n  year = {2019}\n}\n\n"
    "@article{ok2019,\n  title = {Fine},\n  year = {2019},\n}\n"
)


def test_pass() -> None:
    assert messages("parse-error", GOOD) == []


def test_fail() -> None:
    assert messages("parse-error", BAD) == [
        "[khan2019] block is not closed before '@article' on line 6"
    ]
    (d,) = findings("B001", BAD)
    assert (d.location.line, d.location.column, d.severity) == (1, 1, Severity.ERROR)
