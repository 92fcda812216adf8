"""B005 missing-doi."""

from lintkit import findings, messages

from docbuild.crossref.verified import Status, Verification
from docbuild.crossref.work import Work
from docbuild.diagnostics import Severity

ARTICLE = (
    "@article{hussain2012,\n  author = {Hussain, N.},\n  title = {Pak-Russia Relations},\n"
    "  journal = {Journal of Political Studies},\n  year = {2012},\n  volume = {19},\n"
    "  number = {1},\n  pages = {79},\n%s}\n"
)


def test_pass() -> None:
    assert messages("missing-doi", ARTICLE % "  doi = {10.1234/jps.2012.19.1}\n") == []


def test_fail() -> None:
    (d,) = findings("missing-doi", ARTICLE % "")
    assert (d.key, d.message, d.severity) == ("hussain2012", "article has no doi", Severity.ERROR)
    assert (
        d.fix == "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"
    )


def test_books_are_quieter_and_web_pages_news_and_preprints_silent() -> None:
    book = "@book{b2016, author = {W, H.}, title = {T}, publisher = {Springer}, year = {2016}}\n"
    assert [d.severity for d in findings("missing-doi", book)] == [Severity.INFO]
    web = "@online{w2022, title = {T}, url = {https://valdaiclub.com/a/}, year = {2022}}\n"
    news = (
        "@article{c2015, author = {C, T.}, title = {T}, journal = {The Guardian}, year = {2015}}\n"
    )
    arxiv = (
        "@article{v2017, author = {V, A.}, title = {T}, journal = {J}, year = {2017},"
        " eprint = {1706.03762}}\n"
    )
    assert messages("missing-doi", web + news + arxiv) == []


def test_a_verified_crossref_record_gives_the_fix() -> None:
    record = Work("10.1234/found", "Pakistan's Foreign Policy")
    found = Verification(
        Status.FOUND, 0.97, "title 100% similar", "2026-11-28T10:00:00Z", record=record
    )
    (d,) = findings("missing-doi", ARTICLE % "", verified={"hussain2012": found})
    assert d.fix == "doi = {10.1234/found}  (Crossref match, score 0.97)"
