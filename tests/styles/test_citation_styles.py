"""The shipped CSL files as pandoc's citeproc applies them: ieee numbers, gfpr APA 7."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypandoc

from docbuild.style import PACKAGE_STYLES, load_style

BIB = """
@article{khan2019, author = {Khan, Muhammad Taimur Fahad}, title = {Foreign policy towards
  {Russia}}, journal = {Strategic Studies}, year = {2019}, volume = {39}, number = {3},
  pages = {89--104}, doi = {10.53532/ss.039.03.00107}}
@article{javed2022, author = {Javed, Maria}, title = {Growing relations}, journal = {Valdai},
  year = {2022}}
@article{kaura2018, author = {Kaura, Vinay}, title = {A trust deficit}, journal = {MEI},
  year = {2018}}
@article{craig2015, author = {Craig, Tim}, title = {Closer to {India}}, journal = {The Guardian},
  year = {2015}}
@article{yousaf2014, author = {Yousaf, Nadia}, title = {Trust deficit}, journal = {Policy},
  year = {2014}}
"""

TEXT = "First [@yousaf2014]. Then [@khan2019; @javed2022; @kaura2018; @craig2015].\n\n" + (
    "Two [@khan2019; @kaura2018]. Again [@yousaf2014; @javed2022].\n"
)


def cite(style: str, tmp_path: Path) -> str:
    """TEXT rendered to HTML with the style's own CSL, by pandoc's citeproc."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    csl = load_style(PACKAGE_STYLES / style).csl
    args = ["--citeproc", "--wrap=none", "--bibliography", "refs.bib", "--csl", str(csl)]
    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), *args, "-t", "html5"],
        input=TEXT,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    return re.sub(r"<[^>]+>", "", proc.stdout)


def test_ieee_numbers_in_citation_order_and_collapses_ranges(tmp_path: Path) -> None:
    text = cite("ieee", tmp_path)
    paragraphs = text.split("\n")
    assert paragraphs[0] == "First [1]. Then [2]–[5]."
    assert paragraphs[1] == "Two [2], [4]. Again [1], [3]."
    numbers = re.findall(r"^\[(\d)\]\s*(\w+)", text, re.M)
    assert numbers == [("1", "N"), ("2", "M"), ("3", "M"), ("4", "V"), ("5", "T")]


def test_ieee_reference_has_volume_pages_and_doi(tmp_path: Path) -> None:
    text = cite("ieee", tmp_path)
    assert (
        "M. T. F. Khan, “Foreign policy towards Russia,” Strategic Studies, vol. 39, no. 3,"
        " pp. 89–104, 2019, doi: 10.53532/ss.039.03.00107." in text
    )


def test_gfpr_is_apa_author_date_sorted_by_author(tmp_path: Path) -> None:
    text = cite("gfpr", tmp_path)
    assert "First (Yousaf, 2014)." in text
    assert "Then (Craig, 2015; Javed, 2022; Kaura, 2018; Khan, 2019)." in text
    entries = re.findall(r"^([A-Z]\w+), [A-Z]\.", text, re.M)
    assert entries == ["Craig", "Javed", "Kaura", "Khan", "Yousaf"]
    assert (
        "Khan, M. T. F. (2019). Foreign policy towards Russia. Strategic Studies, 39(3),"
        " 89–104. https://doi.org/10.53532/ss.039.03.00107" in text
    )
