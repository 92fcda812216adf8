"""M006 suspicious-figure."""

from lintkit import findings, messages

BIB = ""


def test_pass() -> None:
    text = (
        "The loan was $4.5 billion, grants reached €300,000, 80,000 lives were lost, a ticket "
        "cost $300, and aid of \\$2 million arrived.\n"
    )
    assert messages("suspicious-figure", BIB, text) == []


def test_fail_small_sum() -> None:
    (d,) = findings("suspicious-figure", BIB, "The US withheld more than $300 in aid.\n")
    assert d.message == "'$300 in aid' is a small sum for aid; is 'million' or 'billion' missing?"
    assert (d.fix, d.location.column) == ("write the full figure, e.g. '$300 million'", 27)


def test_fail_disagreeing_figures_and_backslash() -> None:
    assert messages(
        "suspicious-figure", BIB, "It pledged $300 million; later the $300 arrived.\n"
    ) == ["[None] '$300' disagrees with '$300 million' in the same paragraph"]
    assert messages("suspicious-figure", BIB, "It cost \\€300 million.\n") == [
        "[None] '\\€300' shows a backslash before the currency sign"
    ]


def test_currency_named_after_the_number() -> None:
    (d,) = findings("suspicious-figure", BIB, "Washington withheld 300 dollars in aid.\n")
    assert (d.message, d.fix) == (
        "'300 dollars in aid' is a small sum for aid; is 'million' or 'billion' missing?",
        "write the full figure, e.g. '300 million dollars'",
    )
    assert messages("suspicious-figure", BIB, "It lent 4.5 billion dollars in loans.\n") == []
