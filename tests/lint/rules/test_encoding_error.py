"""B017 encoding-error."""

from pathlib import Path

from lintkit import BIB, of_rule

from docbuild.bib.read import parse_bib
from docbuild.lint.engine import lint_all

GOOD = "@misc{khan2019,\n  title = {Pakistan’s Foreign Policy},\n  year = {2019},\n}\n".encode()
BAD = b"@misc{khan2019,\n  title = {Pakistan\x92s Foreign Policy},\n  year = {2019},\n}\n"


def run(data: bytes) -> list[str]:
    result = lint_all(parse_bib(data, BIB))
    return [f"[{d.key}] {d.message}" for d in of_rule(result, "encoding-error")]


def test_pass() -> None:
    assert run(GOOD) == []


def test_fail() -> None:
    assert run(BAD) == [
        "[khan2019] invalid utf-8 byte 0x92 at byte offset 35, read as latin-1 '\x92'"
    ]
    assert isinstance(BIB, Path)
