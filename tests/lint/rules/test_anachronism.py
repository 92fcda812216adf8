"""M005 anachronism."""

from lintkit import findings, messages

BIB = (
    "@misc{hussain2012, author = {Hussain, N.}, title = {T}, howpublished = {H}, year = {2012}}\n"
    "@misc{sheikh2023, author = {Sheikh, S.}, title = {T}, howpublished = {H}, year = {2023}}\n"
)


def test_pass() -> None:
    for text in (
        "In August 2021 the withdrawal ended [@sheikh2023].\n",
        "By 2030 the corridor may carry more [@hussain2012].\n",
        "Pakistan's Vision 2025 plan was drafted [@hussain2012].\n",
        'The essay "Lessons of 2021" came later [@hussain2012].\n',
    ):
        assert messages("anachronism", BIB, text) == [], text


def test_fail() -> None:
    (d,) = findings("anachronism", BIB, "In August 2021 the withdrawal ended (Hussain, 2012).\n")
    assert (d.key, d.message) == (
        "hussain2012",
        "source 'hussain2012' from 2012 is cited in a paragraph about 2021",
    )


def test_a_year_in_parentheses_is_a_citation_year_not_an_event() -> None:
    assert messages("anachronism", BIB, "The WHO (2021) report agrees [@hussain2012].\n") == []


def test_years_of_typed_citations_nobody_recognised_are_not_events() -> None:
    text = "Trade grew (Some Unknown Agency of Things, 2021; Other, 2020) [@hussain2012].\n"
    assert messages("anachronism", BIB, text) == []
