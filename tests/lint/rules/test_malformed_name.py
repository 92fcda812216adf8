"""B009 malformed-name."""

from lintkit import findings, messages


def entry(author: str) -> str:
    return (
        "@misc{k2018,\n  author = {"
        + author
        + "},\n  title = {T},\n  howpublished = {H},\n  year = {2018},\n}\n"
    )


def test_pass() -> None:
    assert messages("malformed-name", entry("Hussain, N. and Fatima, Q.")) == []
    assert messages("malformed-name", entry("Smith, Jr., John and {World Bank}")) == []
    assert (
        messages("malformed-name", entry("Hussain, N and Fatima, Q")) == []
    )  # no periods anywhere


def test_fail_space_before_comma() -> None:
    (d,) = findings("malformed-name", entry("Kaura , V."))
    assert (d.message, d.fix) == (
        "name 'Kaura , V.' has a space before the comma",
        "author = {Kaura, V.}",
    )


def test_fail_initial_without_period() -> None:
    (d,) = findings("malformed-name", entry("Hussain, N and Fatima, Q."))
    assert (d.message, d.fix) == (
        "initial 'N' in 'Hussain, N' has no period",
        "author = {Hussain, N. and Fatima, Q.}",
    )


def test_fail_commas_et_al_and_capitals() -> None:
    assert messages("malformed-name", entry("Smith, J., Jones, K.")) == [
        "[k2018] names 'Smith, J., Jones, K.' are joined by commas instead of 'and'"
    ]
    assert messages("malformed-name", entry("Smith, J. and et al.")) == [
        "[k2018] author list contains 'et al.'"
    ]
    assert messages("malformed-name", entry("KHAN, B.")) == [
        "[k2018] name 'KHAN, B.' is in capitals"
    ]
