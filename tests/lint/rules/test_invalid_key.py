"""B015 invalid-key."""

from lintkit import messages

GOOD = "@misc{khan2019,\n  title = {A},\n  year = {2019},\n}\n"
BAD = "@misc{khan 2019,\n  title = {A},\n  year = {2019},\n}\n"


def test_pass() -> None:
    assert messages("invalid-key", GOOD) == []


def test_fail() -> None:
    assert messages("invalid-key", BAD) == ["[khan 2019] key 'khan 2019' contains whitespace"]
