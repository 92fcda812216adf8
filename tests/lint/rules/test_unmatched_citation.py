"""M003 unmatched-citation."""

from lintkit import findings, messages

BIB = (
    "@misc{kurita2019, author = {Kurita, M.}, title = {T}, howpublished = {H}, year = {2019}}\n"
    "@misc{hussain2015, author = {Hussain, N. and Fatima, Q.}, title = {T},"
    " howpublished = {H}, year = {2015}}\n"
)


def test_pass() -> None:
    text = "As (Kurita, 2019) and (Hussain & Fatima, 2015) and Hussain and Fatima (2015) say.\n"
    assert messages("unmatched-citation", BIB, text) == []


def test_fail() -> None:
    (d,) = findings("unmatched-citation", BIB, "As (Ahmed et al., 2020) says.\n")
    assert (d.message, d.key) == (
        "citation '(Ahmed et al., 2020)' matches no entry in refs.bib",
        None,
    )
    assert d.fix == "add an entry for Ahmed et al. (2020) or correct the citation"
    assert (d.location.line, d.location.column) == (1, 4)


def test_a_single_word_before_a_year_in_running_text_is_reported_only_for_known_surnames() -> None:
    assert messages("unmatched-citation", BIB, "It signed an Accord (2020) with Kabul.\n") == []
    assert messages("unmatched-citation", BIB, "As Ahmed et al. (2020) argue.\n") == [
        "[None] citation 'Ahmed et al. (2020)' matches no entry in refs.bib"
    ]


def test_particles_are_matched_either_way() -> None:
    bib = (
        "@misc{walt2011, author = {van der Walt, S.}, title = {T}, howpublished = {H},"
        " year = {2011}}\n"
    )
    text = "As (van der Walt, 2011) and (Walt, 2011) show.\n"
    assert messages("unmatched-citation", bib, text) == []


def test_organisations_match_braced_authors() -> None:
    bib = "@misc{wb1993, author = {{World Bank}}, title = {T}, howpublished = {H}, year = {1993}}\n"
    assert messages("unmatched-citation", bib, "As (World Bank, 1993) says.\n") == []
    assert messages("unmatched-citation", bib, "As (Asian Development Bank, 1993) says.\n") == [
        "[None] citation '(Asian Development Bank, 1993)' matches no entry in refs.bib"
    ]
