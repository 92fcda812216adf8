"""B007 date-mismatch."""

from lintkit import messages


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
    bib = online("x2021", "  year = {2021},\n  month = mar,\n  date = {2022-04-01},\n")
    assert messages("date-mismatch", bib) == [
        "[x2021] key 'x2021' names 2021 but the entry is dated 2022",
        "[x2021] year '2021' disagrees with date '2022-04-01'",
        "[x2021] month 'mar' disagrees with date '2022-04-01'",
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
