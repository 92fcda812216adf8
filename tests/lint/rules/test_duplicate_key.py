"""B002 duplicate-key."""

from lintkit import findings, messages

GOOD = (
    "@book{khan2019, title = {A}, year = {2019}}\n@article{khan2019a, title = {B}, year = {2019}}\n"
)
BAD = (
    "@book{khan2019, title = {A}, year = {2019}}\n@article{khan2019, title = {B}, year = {2019}}\n"
)


def test_pass() -> None:
    assert messages("duplicate-key", GOOD) == []


def test_fail() -> None:
    assert messages("duplicate-key", BAD) == [
        "[khan2019] duplicate key 'khan2019' (first defined on line 1)"
    ]
    assert findings("B002", BAD)[0].location.line == 2
