"""B007 date-mismatch."""

from lintkit import corpus_entry, findings, messages


def online(key: str, fields: str) -> str:
    return "@online{" + key + ",\n  author = {Sheikh, S.},\n  title = {T},\n" + fields + "}\n"


def test_pass() -> None:
    bib = online(
        "sheikh2023", "  date = {2023-01-31},\n  url = {https://thediplomat.com/2023/01/do/},\n"
    )
    assert messages("date-mismatch", bib) == []
    guardian = online(
        "craig2015",
        "  year = {2015},\n  url = {https://www.theguardian.com/world/2015/feb/03/x},\n",
    )
    assert messages("date-mismatch", guardian) == []


def test_fail_url() -> None:
    bib = online(
        "sheikh2023", "  date = {2023-02-01},\n  url = {https://thediplomat.com/2023/01/do/},\n"
    )
    assert messages("date-mismatch", bib) == [
        "[sheikh2023] url path '/2023/01/' says 2023-01 but the entry is dated 2023-02-01"
    ]


def test_fail_fields_key_doi_and_arxiv() -> None:
    bib = online("x2024", "  year = {2021},\n  month = mar,\n  date = {2022-04-01},\n")
    assert messages("date-mismatch", bib) == [
        "[x2024] key 'x2024' names 2024 but the entry is dated 2022",
        "[x2024] year '2021' disagrees with date '2022-04-01'",
        "[x2024] month 'mar' disagrees with date '2022-04-01'",
    ]
    doi = online("y", "  year = {2019},\n  doi = {10.1109/CVPR.2016.90},\n")
    assert messages("date-mismatch", doi) == [
        "[y] doi '10.1109/CVPR.2016.90' names 2016 but the entry is dated 2019"
    ]
    online_first = online("w", "  year = {2017},\n  doi = {10.1109/CVPR.2016.90},\n")
    assert messages("date-mismatch", online_first) == []
    arxiv = online("z", "  year = {2016},\n  eprint = {1706.03762},\n")
    assert messages("date-mismatch", arxiv) == [
        "[z] arXiv id '1706.03762' is from 2017 but the entry is dated 2016"
    ]


def test_an_articles_online_first_address_and_doi_may_be_older() -> None:
    article = (
        "@article{m2010, title = {T}, journal = {J}, year = {2010}, month = sep,"
        " url = {https://www.pnas.org/content/early/2010/08/02/x}}\n"
        "@article{g2020, title = {T}, journal = {BMC Bioinformatics}, year = {2020},"
        " url = {https://www.biorxiv.org/content/early/2019/09/05/758524.full.pdf}}\n"
        "@article{d2017, title = {T}, journal = {J}, year = {2017},"
        " doi = {10.1080/02602938.2015.1111294}}\n"
    )
    assert messages("date-mismatch", article) == []


def test_a_journals_issn_in_the_doi_is_no_year() -> None:
    """FrancisBanville/ms_interpreting_probabilities' references.bib, lines 36-49 (its title
    and authors shortened): Methods in Ecology and Evolution's DOIs hold its ISSN, 2041-210X;
    before, seven entries were "doi '10.1111/2041-210X.13835' names 2041"."""
    entry = (
        "@article{Strydom2022Food,\n  title = {Food Web Reconstruction},\n"
        "  author = {Strydom, Tanya},\n  year = {2022},\n"
        "  journal = {Methods in Ecology and Evolution},\n  volume = {13},\n"
        "  number = {12},\n  issn = {2041-210X},\n  doi = {10.1111/2041-210X.13835},\n}\n"
    )
    assert messages("date-mismatch", entry) == []
    older = entry.replace("{2022}", "{2019}").replace("2041-210X.13835", "2041-210X.2022.13835")
    assert messages("date-mismatch", older) == [
        "[Strydom2022Food] key 'Strydom2022Food' names 2022 but the entry is dated 2019",
        "[Strydom2022Food] doi '10.1111/2041-210X.2022.13835' names 2022 but the entry is"
        " dated 2019",
    ]


def test_a_manuscript_number_in_the_doi_is_no_year() -> None:
    """EricMarcon/divent's inst/REFERENCES.bib, lines 746-755 (its title and authors
    shortened): Ecology's DOIs hold the manuscript's number, 12-1983 (received in 2012, the
    1983rd); before, "doi '10.1890/12-1983.1' names 1983 but the entry is dated 2013"."""
    entry = (
        "@article{Shen2013b,\n  title = {Quantifying Effects of Habitat Heterogeneity},\n"
        "  author = {Shen, Guochun and He, Fangliang},\n  year = 2013,\n"
        "  journal = {Ecology},\n  volume = {94},\n  number = {11},\n"
        "  pages = {2436--2443},\n  doi = {10.1890/12-1983.1}\n}\n"
    )
    assert messages("date-mismatch", entry) == []
    dated = entry.replace("/12-1983.1", "/1999.12-1983.1")  # a year beside it is one
    assert messages("date-mismatch", dated) == [
        "[Shen2013b] doi '10.1890/1999.12-1983.1' names 1999 but the entry is dated 2013"
    ]


def test_a_preprint_dated_years_after_its_arxiv_id_is_info() -> None:
    bib = (
        "@article{f2022, title = {T}, journal = {Ar{X}iv:1802.02219 [stat.ML]}, year = {2022}}\n"
        "@article{p2022, title = {T}, journal = {Journal of Robotics}, year = {2022},"
        " note = {arXiv: 1712.00378}}\n"
    )
    (d,) = findings("date-mismatch", bib)
    assert (d.key, d.message, d.severity.value) == (
        "f2022",
        "arXiv id '1802.02219' was first posted in 2018 but the entry is dated 2022",
        "info",
    )


def test_a_key_may_name_the_preprints_year() -> None:
    """INSPIRE's keys name the year of the first record, the preprint's: nine of the 40
    sampled entries of scikit-hep/pyhf's use_citations.bib (tests/realworld/bib/
    inspire-pyhf-citations) were "key 'Alguero:2020grj' names 2020 but the entry is dated
    2021". A key a year after the date is as common (online first); one further on is not."""
    entry = corpus_entry("inspire-pyhf-citations", "Alguero:2020grj")
    assert messages("date-mismatch", entry) == []
    later = entry.replace("Alguero:2020grj", "Alguero:2023grj")
    assert messages("date-mismatch", later) == [
        "[Alguero:2023grj] key 'Alguero:2023grj' names 2023 but the entry is dated 2021"
    ]
    assert messages("date-mismatch", entry.replace("Alguero:2020grj", "Alguero:2022grj")) == []


def test_a_published_work_may_be_posted_to_arxiv_later() -> None:
    """ADS's record of a 2013 Nanophotonics review lists the arXiv copy its authors posted in
    2015 (mkenworthy/ARAA_HCI, tests/realworld/bib/ads-hci-review): that is no disagreement.
    A preprint can never be older than its first posting."""
    entry = corpus_entry("ads-hci-review", "LeonSaval13")
    assert messages("date-mismatch", entry) == []
    preprint = entry.replace("{Nanophotonics}", "{arXiv e-prints}")
    assert messages("date-mismatch", preprint) == [
        "[LeonSaval13] arXiv id '1503.03269' is from 2015 but the entry is dated 2013"
    ]


def test_an_aas_journal_macro_is_a_journal_not_a_preprint() -> None:
    """`journal = {\\apj}` (ADS's export) names The Astrophysical Journal: the published paper
    is not "a preprint dated after its first posting" (five entries of ads-hci-review were)."""
    entry = corpus_entry("ads-hci-review", "Gladysz09")
    assert messages("date-mismatch", entry) == []
    preprint = entry.replace("{\\apj}", "{arXiv e-prints}")
    assert findings("date-mismatch", preprint)[0].message == (
        "arXiv id '0805.1870' was first posted in 2008 but the entry is dated 2009"
    )


def test_a_google_scholar_key_names_the_year_of_its_copy() -> None:
    """`rudin2006real` (leanprover-community/mathlib's references.bib, tests/realworld/bib/
    mathscinet-mathlib) is Scholar's key for the 2006 printing of the 1987 third edition:
    surname, the copy's year, the title's first word. Another key that far on still counts."""
    entry = corpus_entry("mathscinet-mathlib", "rudin2006real")
    assert messages("date-mismatch", entry) == []
    other = entry.replace("rudin2006real", "rudin2006a")
    assert messages("date-mismatch", other) == [
        "[rudin2006a] key 'rudin2006a' names 2006 but the entry is dated 1987"
    ]
