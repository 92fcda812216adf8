"""B002 duplicate-key."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity

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


A_BIB = "@book{one, title = {From A}, author = {Ann, A}, year = {2001}}\n"
B_COPY = (
    "@misc{two, title = {Two}}\n\n@book{one, title = {From A}, author = {Ann, A}, year = {2001}}\n"
)
B_OTHER = (
    "@misc{two, title = {Two}}\n\n@book{one, title = {From B}, author = {Bob, B}, year = {2002}}\n"
)


def test_a_key_in_two_files_that_print_differently_is_an_error_naming_both() -> None:
    found = findings("B002", {"a.bib": A_BIB, "b.bib": B_OTHER})
    assert [f"[{d.key}] {d.message}" for d in found] == [
        "[one] key 'one' is in a.bib line 1 too; pandoc prints this entry, from b.bib, and "
        "never the one in a.bib"
    ]
    (d,) = found
    assert (d.location.path.name, d.location.line, d.severity) == ("b.bib", 3, Severity.ERROR)


def test_a_key_in_two_files_that_print_the_same_is_a_warning() -> None:
    found = findings("B002", {"a.bib": A_BIB, "b.bib": B_COPY})
    assert [f"[{d.key}] {d.message}" for d in found] == [
        "[one] key 'one' is in a.bib line 1 too, an entry that prints the same"
    ]
    assert found[0].fix == "delete one of the two copies (pandoc prints the one in b.bib)"
    assert (found[0].location.path.name, found[0].severity) == ("b.bib", Severity.WARNING)


def test_keys_differing_in_case_in_two_files_are_two_works() -> None:
    # pandoc's keys are case-sensitive: `@One` and `@one` cite two entries.
    assert messages("B002", {"a.bib": A_BIB, "b.bib": A_BIB.replace("{one", "{One")}) == []


def test_of_three_files_the_last_one_s_entry_prints() -> None:
    bibs = {"a.bib": A_BIB, "b.bib": B_OTHER, "c.bib": B_OTHER.replace("From B", "From C")}
    found = findings("B002", bibs)
    got = [(d.location.path.name, d.location.line, d.severity.value, d.message) for d in found]
    assert got == [
        ("b.bib", 3, "error", "key 'one' is in a.bib line 1 too; pandoc prints neither, but the"
         " one in c.bib line 3"),
        ("c.bib", 1, "warning", "key 'two' is in b.bib line 1 too, an entry that prints the same"),
        ("c.bib", 3, "error", "key 'one' is in b.bib line 3 too; pandoc prints this entry, from"
         " c.bib, and never the one in b.bib"),
    ]  # fmt: skip
