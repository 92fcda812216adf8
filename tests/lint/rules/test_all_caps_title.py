"""B010 all-caps-title."""

from lintkit import findings, messages


def entry(title: str) -> str:
    return "@article{hussain2015,\n  title = {" + title + "},\n}\n"


def test_pass() -> None:
    assert messages("all-caps-title", entry("Pak-Russian Relations: Historical Legacies")) == []
    assert messages("all-caps-title", entry("{NATO} and the {EU}")) == []


def test_fail() -> None:
    (d,) = findings(
        "all-caps-title", entry("PAK-RUSSIAN RELATIONS: HISTORICAL LEGACIES AND NEW BEGINNING")
    )
    assert (
        d.message
        == "title 'PAK-RUSSIAN RELATIONS: HISTORICAL LEGACIES AND NEW BEGINNING' is in capitals"
    )
    assert d.fix == "title = {Pak-Russian Relations: Historical Legacies and New Beginning}"


def test_journals_named_in_capitals_pass() -> None:
    assert messages("all-caps-title", "@article{k, journal = {PLOS ONE}}\n") == []


def test_zoteros_braced_capitals_are_a_title_in_capitals() -> None:
    bib = "@incollection{g2006, title = {{THE} {IMBALANCE} {OF} {NATURE}}}\n"
    assert messages("all-caps-title", bib) == [
        "[g2006] title '{THE} {IMBALANCE} {OF} {NATURE}' is in capitals"
    ]
    assert messages("all-caps-title", "@misc{n, title = {{NATO} and {UN} Missions}}\n") == []
