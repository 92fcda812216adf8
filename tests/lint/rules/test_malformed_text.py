"""B012 malformed-text."""

from lintkit import findings, messages


def entry(field: str, value: str) -> str:
    return "@article{k2021,\n  " + field + " = {" + value + "},\n}\n"


def test_pass() -> None:
    for title in (
        "Russia-Pakistan Strategic Relations",
        "Pre- and Post-War Pakistan",
        'China-Pakistan "Iron Brotherhood": 70 Years',
        "Journal of Area Study Center (Russia, China & Central Asia)",
    ):
        assert messages("malformed-text", entry("title", title)) == []


def test_fail_hyphen_space() -> None:
    (d,) = findings("malformed-text", entry("title", "Russia- Pakistan Strategic Relations"))
    assert d.message == "title has a space after a hyphen in 'Russia- Pakistan Strategic'"
    assert d.fix == "title = {Russia-Pakistan Strategic Relations}"


def test_fail_apostrophe_bracket_spaces_quotes() -> None:
    assert messages("malformed-text", entry("title", "Russia'Interest In Pakistan")) == [
        "[k2021] title has two words joined by an apostrophe in 'Russia'Interest'"
    ]
    (d,) = findings(
        "malformed-text", entry("journal", "Journal of Area Study Center(Russia, China)")
    )
    assert d.message == "journal has no space before '(' in 'Study Center(Russia, China)'"
    assert d.fix == "journal = {Journal of Area Study Center (Russia, China)}"
    assert messages("malformed-text", entry("title", "Trust  Deficit")) == [
        "[k2021] title has doubled spaces"
    ]
    assert messages("malformed-text", entry("title", "The (Unclosed Story")) == [
        "[k2021] title has an unbalanced '('"
    ]


def test_pass_formulas_and_prefixes_in_parentheses() -> None:
    for title in ("(Re)thinking Alliances", "Solving f(x) = 0", "Ca(OH)2 in Cement"):
        assert messages("malformed-text", entry("title", title)) == [], title
