"""B016 undefined-macro."""

from lintkit import messages

BAD = "@misc{khan2019,\n  title = {A},\n  howpublished = sas,\n  year = {2019},\n}\n"
GOOD = "@string{sas = {Strategic Studies}}\n" + BAD


def test_pass() -> None:
    assert messages("undefined-macro", GOOD) == []


def test_fail() -> None:
    assert messages("undefined-macro", BAD) == [
        "[khan2019] undefined macro 'sas' in field 'howpublished'"
    ]
