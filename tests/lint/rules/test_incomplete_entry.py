"""B008 incomplete-entry: type requirements, and how the entry prints (via citeproc-py)."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity

COMPLETE = (
    "@article{khan2019,\n  author = {Khan, M. T. F.},\n"
    "  title = {Pakistan's Foreign Policy towards Russia: New Directions},\n"
    "  journal = {Strategic Studies},\n  year = {2019},\n  volume = {39},\n  number = {3},\n"
    "  pages = {89--104},\n  doi = {10.53532/ss.039.03.00107},\n}\n"
)


def test_pass() -> None:
    assert messages("incomplete-entry", COMPLETE) == []


def test_fail_no_container_shows_how_it_prints() -> None:
    bib = (
        "@misc{yousaf2014,\n  author = {Yousaf, N.},\n"
        "  title = {Sources and Impact of Trust Deficit},\n  year = {2014},\n}\n"
    )
    (d,) = findings("incomplete-entry", bib)
    assert (d.key, d.message, d.severity) == (
        "yousaf2014",
        "misc is missing a container or publisher",
        Severity.ERROR,
    )
    assert d.fix == (
        "add what is missing; now it prints as: "
        "Yousaf, N. (2014). Sources and Impact of Trust Deficit."
    )


def test_fail_article_without_journal_and_web_page_without_url() -> None:
    bib = (
        "@article{chaliha2021, author = {Chaliha, Y. D.}, title = {T}, year = {2021}}\n"
        "@online{tanvir2022, author = {Tanvir, A.}, title = {T}, date = {2022-05-19}}\n"
    )
    assert messages("incomplete-entry", bib) == [
        "[chaliha2021] article is missing journal or journaltitle",
        "[tanvir2022] online is missing url or eprint or doi",
    ]


def test_volume_issue_and_pages_are_not_asked_for() -> None:
    # Many journals have no issues and online-first articles no pages (issue 13: on the
    # labelled corpus these were 230 findings no copy editor marked).
    bib = COMPLETE.replace("  volume = {39},\n  number = {3},\n  pages = {89--104},\n", "")
    assert messages("incomplete-entry", bib) == []


def test_a_misc_entry_with_a_note_and_an_entry_set_pass() -> None:
    bib = (
        "@misc{d2015, author = {Dumara, B.}, title = {T}, year = {2015},"
        " note = {Poster presented at the Forli workshop}}\n"
        "@set{set, entryset = {a,b}}\n"
    )
    assert messages("incomplete-entry", bib) == []


def test_a_web_page_without_a_date_or_urldate_is_a_warning() -> None:
    bib = "@misc{appia, title = {Appia Regina Viarum}, url = {http://appia.beniculturali.it/}}\n"
    (d,) = findings("incomplete-entry", bib)
    assert (d.message, d.severity) == (
        "misc with a url has neither a date nor a urldate",
        Severity.WARNING,
    )
    dated = bib.replace("}}\n", "}, urldate = {2024-05-01}}\n")
    assert messages("incomplete-entry", dated) == []


def test_types_without_a_container_by_nature_pass() -> None:
    bib = (
        "@unpublished{u2020, author = {Khan, B.}, title = {Draft}, note = {In preparation}}\n"
        "@manual{m2020, title = {The Manual}, year = {2020}}\n"
        "@software{s2020, title = {Tool}, doi = {10.5281/zenodo.1234}, year = {2020}}\n"
    )
    assert messages("incomplete-entry", bib) == []


def test_a_missing_author_alone_is_a_warning() -> None:
    # An unsigned editorial (Epidemiology 2010, in the labelled corpus) has no author: that
    # the work has one is a guess. With its journal missing too, the entry is known broken.
    bib = (
        "@article{_registration_2010, title = {The Registration of Observational Studies},"
        " journal = {Epidemiology}, year = {2010}}\n"
        "@article{_untitled_2010, title = {T}, year = {2010}}\n"
    )
    assert [(d.key, d.message, d.severity) for d in findings("incomplete-entry", bib)] == [
        ("_registration_2010", "article is missing author or editor", Severity.WARNING),
        (
            "_untitled_2010",
            "article is missing author or editor and journal or journaltitle",
            Severity.ERROR,
        ),
    ]
