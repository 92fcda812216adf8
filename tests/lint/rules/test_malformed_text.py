"""B012 malformed-text."""

from lintkit import corpus_entry, findings, messages


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
    # A word that opens with an apostrophe has a glottal stop, not a slip: the language
    # 'Are'Are (WALS); a glued pair later in the value is still found.
    assert messages("malformed-text", entry("title", "'Are'Are Dictionary")) == []
    assert messages("malformed-text", entry("title", "'Are'Are and Russia'Interest")) == [
        "[k2021] title has two words joined by an apostrophe in 'Russia'Interest'"
    ]
    # Italian and French elide before a capital: zotero-roman-roads-history's lenoir_ad_1993.
    for journal in ("Bollettino dell'Istituto di Archeologia", "Studi sull'Oriente", "Jusqu'Alger"):
        assert messages("malformed-text", entry("journal", journal)) == []
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
        "[k2021] title has a stray ':' at the end"
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


def test_fail_debris_that_prints_from_real_files() -> None:
    assert messages("malformed-text", entry("note", "02435")) == [
        "[k2021] note '02435' is a bare number (a citation count?), which prints"
    ]
    assert messages("malformed-text", entry("note", "Online: ")) == [
        "[k2021] note 'Online:' ends in a dangling separator"
    ]
    assert messages("malformed-text", entry("note", "In \\cite[pp.~115--119]{E2010}")) == [
        "[k2021] note has a LaTeX citation command, which prints as written"
    ]
    assert messages("malformed-text", entry("title", "Reshaping the Plan*")) == [
        "[k2021] title has a stray '*' at the end"
    ]
    assert messages("malformed-text", entry("journal", "… : the national Conference of the …")) == [
        "[k2021] journal has an ellipsis: it is cut short"
    ]
    bib = "@article{w2022, journal = {The {R} Journal}, title = {The {R} Journal: fairmodels}}\n"
    assert messages("malformed-text", bib) == ["[w2022] title has the journal's name at its start"]


def test_fail_an_identifier_with_more_than_the_identifier_is_info() -> None:
    (d,) = findings(
        "malformed-text", entry("isbn", "1545-7885 (Electronic)$\\backslash$n1544-9173")
    )
    assert d.message == (
        "isbn '1545-7885 (Electronic)$\\backslash$n1544-9173' holds more than the isbn"
    )
    assert d.severity.value == "info"
    assert messages("malformed-text", entry("issn", ", 1470-7926")) == [
        "[k2021] issn ', 1470-7926' holds more than the issn"
    ]
    assert messages("malformed-text", entry("isbn", "978-3-16-148410-0")) == []


def test_a_month_typed_as_the_issue_number_is_info() -> None:
    bib = (
        "@article{g2011, title = {Plant Biology}, year = {2011}, issue = {JUL}}\n"
        "@article{a1994, title = {Replication}, year = {1994}, number = {Nov}, month = nov}\n"
    )
    found = findings("malformed-text", bib)
    assert [(d.key, d.message, d.fix, d.severity.value) for d in found] == [
        (
            "g2011",
            "issue 'JUL' is a month, not an issue number",
            "month = {JUL}, and remove issue",
            "info",
        ),
        ("a1994", "number 'Nov' is a month, not an issue number", "remove number", "info"),
    ]
    # An issue named for its season (biblatex's use of `issue`), or numbered, passes.
    bib = "@article{s, title = {T}, issue = {Spring}, number = {5}}\n"
    assert messages("malformed-text", bib) == []


def test_a_title_that_opens_with_its_platforms_name() -> None:
    value = "{ScienceDirect} - {Ecological} {Modelling} : {A} simulation model of rhizomes"
    assert messages("malformed-text", entry("title", value)) == [
        "[k2021] title has the site's name 'ScienceDirect' at its start (a saved web page)"
    ]
    assert messages("malformed-text", entry("title", "JSTOR and the Digital Archive")) == []


def test_latex_that_prints_as_nothing() -> None:
    """INSPIRE's title for Belle II's B+ -> K+ nu nu-bar search (scikit-hep/pyhf's
    use_citations.bib, tests/realworld/bib/inspire-pyhf-citations) holds text-mode commands
    of a Unicode conversion; `\\textasciimacron{}` (the bar) prints as nothing, in pandoc too.
    Font switches (`{\\it Not}`) and commands with an argument print what they should."""
    entry = corpus_entry("inspire-pyhf-citations", "Belle-II:2021rof")
    (d,) = findings("malformed-text", entry)
    assert (d.message, d.fix) == (
        "title has LaTeX that prints as nothing ('\\textasciimacron')",
        "write what '\\textasciimacron' stands for: its character, or math between $ signs",
    )
    fixed = entry.replace("\\ensuremath{\\nu}\\textasciimacron{}", "$\\bar{\\nu}$")
    assert messages("malformed-text", fixed) == []
    switches = "@article{d, title = {This Time, It Is {\\it Not} Different: {\\cjkfont 依存}}}\n"
    assert messages("malformed-text", switches) == []
