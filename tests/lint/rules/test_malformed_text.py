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
    assert messages("malformed-text", entry("title", "Trust  Deficit")) == []  # prints as one
    assert messages("malformed-text", entry("title", "The (Unclosed Story")) == [
        "[k2021] title has an unbalanced '('"
    ]


def test_fail_latex_that_prints() -> None:
    (d,) = findings("malformed-text", entry("title", "Integraci\\\\'on de sistemas"))
    assert d.message == "title has '\\\\' (a line break) where an accent was meant"
    assert d.fix == "title = {Integraci\\'on de sistemas}"
    assert messages("malformed-text", entry("booktitle", "Procs. MIMI\\'{}88")) == [
        "[k2021] booktitle has an accent on nothing ('\\'{}')"
    ]
    assert messages("malformed-text", entry("title", "To Register or Not To Register:")) == [
        "[k2021] title has a colon at the end"
    ]
    assert messages("malformed-text", entry("volume", "113 ( Pt 4")) == [
        "[k2021] volume has an unbalanced '('"
    ]


def test_fail_notes_that_print_debris() -> None:
    (d,) = findings("malformed-text", entry("note", "ISSN: 2164-0580"))
    assert d.message == "note 'ISSN: 2164-0580' holds Zotero's extra fields, which print"
    assert messages("malformed-text", entry("note", "See also \\cite{Gentzen1936}")) == [
        "[k2021] note has a LaTeX citation command, which prints as written"
    ]
    assert messages("malformed-text", entry("note", "arXiv: 2110.05457")) == []


def test_pass_formulas_and_prefixes_in_parentheses() -> None:
    for title in ("(Re)thinking Alliances", "Solving f(x) = 0", "Ca(OH)2 in Cement"):
        assert messages("malformed-text", entry("title", title)) == [], title
