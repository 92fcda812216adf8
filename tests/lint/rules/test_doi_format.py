"""B006 doi-format."""

from lintkit import findings, messages


def entry(field: str) -> str:
    return (
        "@report{khalid2021,\n  author = {Khalid, M.},\n  title = {T},\n"
        "  institution = {ISAS},\n  year = {2021},\n" + field + "}\n"
    )


def test_pass() -> None:
    assert messages("doi-format", entry("  doi = {10.31703/gfpr.2023(VI-III).01},\n")) == []
    assert messages("doi-format", entry("  url = {https://www.isas.nus.edu.sg/papers/x/},\n")) == []


def test_fail_url_in_doi() -> None:
    (d,) = findings("doi-format", entry("  doi = {https://doi.org/10.48561/375h-qav7},\n"))
    assert d.message == "doi 'https://doi.org/10.48561/375h-qav7' is written as a URL"
    assert d.fix == "doi = {10.48561/375h-qav7}"
    assert (d.location.line, d.location.column) == (6, 3)


def test_fail_prefix_spaces_and_garbage() -> None:
    assert messages("doi-format", entry("  doi = {doi:10.48561/375h-qav7},\n")) == [
        "[khalid2021] doi 'doi:10.48561/375h-qav7' starts with 'doi:'"
    ]
    assert messages("doi-format", entry("  doi = {10.48561/ 375h-qav7},\n")) == [
        "[khalid2021] doi '10.48561/ 375h-qav7' contains spaces"
    ]
    assert messages("doi-format", entry("  doi = {375h-qav7},\n")) == [
        "[khalid2021] doi '375h-qav7' is not of the form 10.NNNN/…"
    ]


def test_a_doi_whose_form_cannot_exist() -> None:
    """Issue 14: a prefix that is not `10.`, or a registrant code that is not 4-9 digits."""
    for doi in ("11.1234/abc", "10.123/abc", "10.12a4/abc"):
        entry = f"@article{{x2020, doi = {{{doi}}}}}\n"
        assert messages("doi-format", entry) == [
            f"[x2020] doi '{doi}' is not of the form 10.NNNN/…"
        ]


def test_fail_tex_escape() -> None:
    (d,) = findings("doi-format", entry("  doi = {10.1007/978-3-540-27813-9\\_42},\n"))
    assert (
        d.message
        == "doi '10.1007/978-3-540-27813-9\\_42' holds a TeX escape, which prints as written"
    )
    assert d.fix == "doi = {10.1007/978-3-540-27813-9_42}"


def test_a_doi_only_in_url_is_missing_dois() -> None:
    assert messages("doi-format", entry("  url = {https://doi.org/10.48561/375h-qav7},\n")) == []
