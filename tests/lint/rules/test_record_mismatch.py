"""C005 record-mismatch: each part that differs from the record, with the record's link."""

from __future__ import annotations

import dataclasses

from lintkit import findings, messages

from docbuild.crossref.verified import Answer, SourceCheck, Status, Verification
from docbuild.crossref.work import Author, Work
from docbuild.diagnostics import Severity

RECORD = Work(
    doi="",
    title="BiasAdv: Bias-Adversarial Augmentation for Model Debiasing",
    authors=(
        Author("Lim", "Jongin"),
        Author("Kim", "Youngdong"),
        Author("Kim", "Byungjai"),
        Author("Ahn", "Chanho"),
        Author("Shin", "Jinwoo"),
    ),
    container="2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    issued="2023",
    type="proceedings-article",
    source="openalex",
)
ENTRY = """@inproceedings{lim2023,
  author = {%s},
  title = {%s},
  booktitle = {%s},
  year = {%s}
}
"""
AUTHORS = "Lim, Jongin and Kim, Youngdong and Kim, Byungjai and Ahn, Chanho and Shin, Jinwoo"
TITLE = "BiasAdv: Bias-Adversarial Augmentation for Model Debiasing"
ASKED = (SourceCheck("crossref", Answer.ABSENT, ""), SourceCheck("openalex", Answer.FOUND, ""))


def bib(authors: str = AUTHORS, title: str = TITLE, venue: str = "CVPR", year: str = "2023"):
    return ENTRY % (authors, title, venue, year)


def found(record: Work = RECORD, status: Status = Status.FOUND) -> dict[str, Verification]:
    return {
        "lim2023": Verification(
            status, 0.9, "", "2026-12-02T05:00:00Z", record=record, checked=ASKED
        )
    }


def test_passes_when_every_part_agrees_in_the_registry_s_own_words():
    assert messages("record-mismatch", bib(), verified=found()) == []
    abbreviated = bib(venue="Proc. IEEE/CVF Conf. Comput. Vis. Pattern Recognit.")
    assert messages("record-mismatch", abbreviated, verified=found()) == []


def test_a_near_miss_title():
    near = bib(title="BiasAdv: Bias-Adversarial Augmentation towards Model Debiasing")
    assert messages("record-mismatch", near, verified=found(status=Status.DIFFERS)) == [
        "[lim2023] title differs from the record's 'BiasAdv: Bias-Adversarial Augmentation for "
        "Model Debiasing': 'towards' where the record has 'for' (OpenAlex's record)"
    ]


def test_swapped_and_partial_authors():
    swapped = bib(authors="Yang, Zhao and Wang, Jiaqi")
    assert messages("record-mismatch", swapped, verified=found(status=Status.DIFFERS)) == [
        "[lim2023] authors 'Yang, Wang' are not the record's 'Lim, Kim, Kim, Ahn, Shin' "
        "(OpenAlex's record)"
    ]
    partial = bib(authors="Lim, Jongin and Shin, Jinwoo")
    assert messages("record-mismatch", partial, verified=found()) == [
        "[lim2023] lists 2 of the record's 5 authors (missing Kim, Kim, Ahn) (OpenAlex's record)"
    ]
    # BibTeX's own shortening is not a partial list
    assert (
        messages("record-mismatch", bib(authors="Lim, Jongin and others"), verified=found()) == []
    )


def test_another_venue_and_year():
    (venue, year) = findings(
        "record-mismatch", bib(venue="ICML", year="2020"), verified=found(status=Status.DIFFERS)
    )
    assert venue.message == (
        "venue 'ICML', the record's is '2023 IEEE/CVF Conference on Computer Vision and Pattern "
        "Recognition (CVPR)' (OpenAlex's record)"
    )
    assert year.message == "year 2020, the record's is 2023 (OpenAlex's record)"
    assert (venue.location.line, year.location.line) == (4, 5)
    assert venue.severity is year.severity is Severity.ERROR


def test_a_venue_that_cannot_be_told_apart_is_a_warning_another_is_an_error():
    (d,) = findings("record-mismatch", bib(venue="CVPR Workshop on Debiasing"), verified=found())
    assert d.severity is Severity.WARNING  # a workshop of the record's conference?
    (d,) = findings(
        "record-mismatch", bib(venue="Conference on Pattern Recognition Systems"), verified=found()
    )
    assert d.severity is Severity.ERROR  # CVPR's names are all known: this is none of them


def test_a_preprint_cited_as_published():
    preprint = Work(
        doi="10.48550/arXiv.2301.00001",
        title=TITLE,
        authors=RECORD.authors,
        container="arXiv",
        issued="2023",
        type="posted-content",
        source="datacite",
        arxiv_id="2301.00001",
    )
    assert messages("record-mismatch", bib(), verified=found(preprint)) == [
        "[lim2023] the record is a preprint (arXiv 2301.00001); no registry lists it in 'CVPR' "
        "(DataCite's record, https://doi.org/10.48550/arXiv.2301.00001)"
    ]
    # citing the arXiv DOI itself with a venue is common: a guess while no published version
    # is known, nothing when OpenAlex knows it in that venue, an error in another venue
    own = bib().replace("year = {2023}", "year = {2023}, doi = {10.48550/arXiv.2301.00001}")

    def by_doi(published: Work | None) -> dict[str, Verification]:
        v = Verification(
            Status.CONFIRMED,
            1.0,
            "",
            "",
            doi="10.48550/arxiv.2301.00001",
            record=preprint,
            checked=ASKED,
            candidate=published,
        )
        return {"lim2023": v}

    (d,) = findings("record-mismatch", own, verified=by_doi(None))
    assert d.severity is Severity.WARNING
    assert messages("record-mismatch", own, verified=by_doi(RECORD)) == []
    elsewhere = dataclasses.replace(RECORD, container="Proceedings of the AAAI Conference on AI")
    (d,) = findings("record-mismatch", own, verified=by_doi(elsewhere))
    assert (d.severity, d.message) == (
        Severity.ERROR,
        "venue 'CVPR', the published version's is 'Proceedings of the AAAI Conference on AI' "
        "(DataCite's record, https://doi.org/10.48550/arXiv.2301.00001)",
    )


def test_a_title_spelt_another_way_or_short_of_a_small_word_is_a_warning():
    (d,) = findings(
        "record-mismatch",
        bib(title="BiasAdv: Bias-Adversarial Augmentations for Model Debiasing"),
        verified=found(),
    )
    assert d.severity is Severity.WARNING
    assert d.message.endswith(
        ": 'augmentations' where the record has 'augmentation' (OpenAlex's record)"
    )
    assert (
        messages("record-mismatch", bib(title=TITLE.replace("Bias-", "Bias ")), verified=found())
        == []
    )
