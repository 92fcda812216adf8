"""B017 encoding-error: the reader's diagnostic becomes a finding, unchanged."""

from lintkit import BIB, of_rule

from docbuild.bib.read import parse_bib
from docbuild.diagnostics import Severity
from docbuild.lint.engine import lint_all

GOOD = "@misc{khan2019,\n  title = {Pakistan’s Foreign Policy},\n  year = {2019},\n}\n".encode()
BAD = b"@misc{khan2019,\n  title = {Pakistan\x92s Foreign Policy},\n  year = {2019},\n}\n"


def test_pass() -> None:
    assert of_rule(lint_all(parse_bib(GOOD, BIB)), "encoding-error") == []


def test_fail() -> None:
    bibliography = parse_bib(BAD, BIB)
    (d,) = of_rule(lint_all(bibliography), "encoding-error")
    (read,) = [r for r in bibliography.diagnostics if r.rule == "B017"]
    assert d.message.startswith("invalid utf-8 byte 0x92 at byte offset 35, read as ")
    assert (d.message, d.location, d.key, d.severity) == (
        read.message,
        read.location,
        "khan2019",
        Severity.ERROR,
    )
