"""Issue 14's trial, as a user runs it: three invented references among three real ones,
`doit verify-refs` against the local registry stand-in, then `doit lint-refs` and `doit build`
under `fail_on = "error"`: the invented ones are errors, with their evidence, and stop the build.
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from registry.sample import BIB_OF_REAL_WORKS, RECORDS
from registry.server import RegistryServer

REPO = Path(__file__).parents[2]
BIB = (
    BIB_OF_REAL_WORKS
    + """
@article{haddad2022,
  author = {Haddad, Rami and Okafor, Adaeze},
  title = {Curvature-Aware Attention for Braided Sequences},
  journal = {Journal of Imaginary Optimization},
  year = {2022},
  doi = {10.5555/jio.2022.0913}
}

@techreport{iip2021,
  author = {{Institute for Imaginary Policy}},
  title = {Desalination Pathways for Coastal Regions},
  institution = {Institute for Imaginary Policy},
  year = {2021},
  doi = {10.48561/iip.2021.3}
}

@inproceedings{lindqvist2022,
  author = {Lindqvist, Per and Haddad, Rami},
  title = {Spectral Untangling of Knotted Data},
  booktitle = {NeurIPS},
  year = {2022}
}
"""
)
KEYS = ["okafor2021", "iip2020", "lindqvist2023", "haddad2022", "iip2021", "lindqvist2022"]


def make_paper(root: Path, server: RegistryServer) -> Path:
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "dodo.py").write_text((REPO / "dodo.py").read_text(encoding="utf-8"), "utf-8")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\n[lint]\nfail_on = "error"\n' + server.docbuild_toml(),
        encoding="utf-8",
    )
    (root / "manuscript").mkdir()
    cites = "; ".join(f"@{k}" for k in KEYS)
    (root / "manuscript" / "paper.md").write_text(
        f"---\ntitle: Trial\nauthor: A. Tester\n---\n\nSix works [{cites}].\n", encoding="utf-8"
    )
    return root


def doit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def paper(tmp_path: Path, registry_server: RegistryServer) -> Path:
    registry_server.load(RECORDS)
    return make_paper(tmp_path, registry_server)


@pytest.mark.slow  # a full doit build: about 17 s on two cores
def test_the_three_invented_references_are_errors_and_stop_the_build(paper: Path) -> None:
    verify = doit(paper, "verify-refs")
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.splitlines()[-5:] == [
        "does each reference exist?",
        "  verified           3",
        "  mismatched         0",
        "  not found          3",
        "  not checkable      0",
    ]
    lint = doit(paper, "lint-refs")
    assert lint.returncode != 0
    errors = sorted(line for line in lint.stdout.splitlines() if ": error " in line)
    assert [e.split(": error ")[1].split(" ")[:3] for e in errors] == [
        ["C003", "doi-not-found", "[haddad2022]"],
        ["C003", "doi-not-found", "[iip2021]"],
        ["C004", "no-record", "[lindqvist2022]"],
    ]
    assert "doi '10.5555/jio.2022.0913' does not exist (Crossref: no record, " in lint.stdout
    assert "no registry knows this work (asked Crossref, OpenAlex on " in lint.stdout
    build = doit(paper, "build")
    assert build.returncode != 0
    assert "3 reference problems stop the build (lint.fail_on = 'error')" in build.stderr
    assert not (paper / "build" / "paper.pdf").exists()


class Page(HTMLParser):
    """The evidence page read back: each section's verdict and text, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.verdicts: dict[str, str] = {}
        self.text: dict[str, str] = {}
        self.links: list[str] = []
        self._verdict = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.section = (a.get("id") or "").removeprefix("entry-")
        self._verdict = tag == "span" and a.get("class") == "verdict"
        if tag == "a":
            self.links.append(a.get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._verdict:
            self.verdicts[self.section] = data
            self._verdict = False
        if self.section:
            self.text[self.section] = self.text.get(self.section, "") + data


def test_verify_refs_writes_the_evidence_with_links(
    paper: Path, registry_server: RegistryServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from docbuild.config import load_settings
    from docbuild.jobs.verify import run_verify

    assert run_verify(load_settings(paper), refresh=False)
    out = capsys.readouterr().out.splitlines()
    assert out[-6:-4] == ["the evidence, with links: build/refs.verified.html", *out[-5:-4]]
    assert out[-5] == "does each reference exist?"
    page = Page()
    page.feed((paper / "build" / "refs.verified.html").read_text(encoding="utf-8"))
    # the worst first: what is not found, then in refs.bib's order
    assert list(page.verdicts.items()) == [
        ("haddad2022", "not found"),
        ("iip2021", "not found"),
        ("lindqvist2022", "not found"),
        ("okafor2021", "verified"),
        ("iip2020", "verified"),
        ("lindqvist2023", "verified"),
    ]
    # the findings `doit lint-refs` gives, and what each registry answered, linked
    assert (
        "error C003 doi-not-found, line 29: doi '10.5555/jio.2022.0913' does not exist"
        in (page.text["haddad2022"])
    )
    assert "C004 no-record" in page.text["lindqvist2022"]
    assert (
        "asked: Crossref: none; Crossref's DOI agency look-up: none; DataCite: none"
        in (page.text["haddad2022"])
    )
    crossref, datacite = registry_server.crossref, registry_server.datacite
    for link in (
        "https://doi.org/10.5555/jio.2022.0913",
        f"{crossref}/works/10.5555/jio.2022.0913",
        f"{crossref}/works/10.5555/jio.2022.0913/agency",
        f"{datacite}/dois/10.5555/jio.2022.0913",
        "https://doi.org/10.48561/iip.2020.7",
    ):
        assert link in page.links, link
    assert any(link.startswith(f"{crossref}/works?query.bibliographic=") for link in page.links)
    assert any(link.startswith(f"{registry_server.openalex}/works?search=") for link in page.links)
    assert "mailto" not in " ".join(page.links)  # the page may be shared: no contact address
