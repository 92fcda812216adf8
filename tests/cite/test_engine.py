"""The citeproc-py bridge renders entries with a CSL style."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.read import parse_bib
from docbuild.cite.engine import APA, csl_variables, render_entries
from docbuild.style import PACKAGE_STYLES

BIB = """\
@article{khan2019,
  author  = {Khan, M. T. F.},
  title   = {Pakistan's Foreign Policy towards Russia: New Directions},
  journal = {Strategic Studies},
  year    = {2019},
  volume  = {39},
  number  = {3},
  pages   = {89--104},
  doi     = {10.53532/ss.039.03.00107},
}
"""


def test_render_with_apa() -> None:
    (entry,) = parse_bib(BIB, Path("refs.bib")).entries
    assert render_entries([entry], APA) == {
        "khan2019": "Khan, M. T. F. (2019). Pakistan's Foreign Policy towards Russia: New "
        "Directions. Strategic Studies, 39(3), 89–104. https://doi.org/10.53532/ss.039.03.00107"
    }


def test_render_with_the_ieee_style() -> None:
    (entry,) = parse_bib(BIB, Path("refs.bib")).entries
    rendered = render_entries([entry], PACKAGE_STYLES / "ieee" / "ieee.csl")["khan2019"]
    assert "M. T. F. Khan" in rendered


def test_the_variables_a_style_prints() -> None:
    assert {"volume", "issue", "page", "container-title"} <= csl_variables(APA)
