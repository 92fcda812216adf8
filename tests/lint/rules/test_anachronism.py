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


VERNIER_BIB = (
    "@article{yao2021review, author = {Yao, S.}, title = {T}, journal = {J}, year = {2021}}\n"
    "@article{andre2020sensing, author = {Andre, A.}, title = {T}, journal = {J}, year = {2020}}\n"
)


def test_a_year_that_is_a_work_cited_in_its_own_sentence_is_that_works_year() -> None:
    # vernierlib/vernier paper.md:45 (GPL-3.0): the 2021 is the review's own year, and the
    # 2020 works are cited for another claim, in another sentence.
    text = (
        "In 2021, Fatikow published a review paper comparing methods [@yao2021review]. The most"
        " precise methods use phase correlation. Patterns encode it [@andre2020sensing].\n"
    )
    assert messages("anachronism", VERNIER_BIB, text) == []


def test_a_year_is_still_an_event_where_its_sentence_cites_an_older_work() -> None:
    text = (
        "In 2021, the method was applied to robots [@andre2020sensing]. A review followed"
        " [@yao2021review].\n"
    )
    assert messages("anachronism", VERNIER_BIB, text) == [
        "[andre2020sensing] source 'andre2020sensing' from 2020 is cited in a paragraph about 2021"
    ]
