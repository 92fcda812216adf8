"""B017 encoding-error: the reader's problem becomes a finding with the rule's words."""

from lintkit import BIB, messages, of_rule

from docbuild.bib.problems import ProblemKind
from docbuild.bib.read import parse_bib
from docbuild.diagnostics import Location, Severity
from docbuild.lint.engine import lint_all

GOOD = "@misc{khan2019,\n  title = {Pakistan’s Foreign Policy},\n  year = {2019},\n}\n".encode()
BAD = b"@misc{khan2019,\n  title = {Pakistan\x92s Foreign Policy},\n  year = {2019},\n}\n"


def test_pass() -> None:
    assert of_rule(lint_all(parse_bib(GOOD, BIB)), "encoding-error") == []


def test_fail() -> None:
    bibliography = parse_bib(BAD, BIB)
    (d,) = of_rule(lint_all(bibliography), "encoding-error")
    (read,) = bibliography.problems
    assert (read.kind, read.data, read.offset, read.text) == (
        ProblemKind.INVALID_UTF8,
        b"\x92",
        35,
        "’",
    )
    assert (d.message, d.fix, d.location, d.key, d.severity) == (
        "invalid utf-8 byte 0x92 at byte offset 35, read as windows-1252 '’'",
        "retype '’' and save refs.bib as UTF-8",
        Location(BIB, read.line, read.column),
        "khan2019",
        Severity.ERROR,
    )


def test_letters_an_export_lost_to_question_marks() -> None:
    bib = (
        "@article{c2014, author = {Carlier, Marie-France and J??gou, Antoine}, title = {Is it??}}\n"
    )
    assert messages("encoding-error", bib) == [
        "[c2014] author has 'J??gou', letters lost to '?' by an export"
    ]
