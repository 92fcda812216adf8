"""Issue 14's trial, as a user runs it: three invented references among three real ones,
`doit verify-refs` against the local registry stand-in, then `doit lint-refs` and `doit build`
under `fail_on = "error"`: the invented ones are errors, with their evidence, and stop the build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from registry.sample import RECORDS
from registry.server import RegistryServer

REPO = Path(__file__).parents[2]
BIB = """@article{okafor2021,
  author = {Okafor, Adaeze and Lindqvist, Per},
  title = {Gradient Descent on Tangled Manifolds},
  journal = {Journal of Imaginary Optimization},
  year = {2021},
  doi = {10.5555/jio.2021.0042}
}

@techreport{iip2020,
  author = {{Institute for Imaginary Policy}},
  title = {Regional Water Futures},
  institution = {Institute for Imaginary Policy},
  year = {2020},
  doi = {10.48561/iip.2020.7}
}

@inproceedings{lindqvist2023,
  author = {Lindqvist, Per},
  title = {Tangled Manifolds in Practice},
  booktitle = {NeurIPS},
  year = {2023}
}

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
KEYS = ["okafor2021", "iip2020", "lindqvist2023", "haddad2022", "iip2021", "lindqvist2022"]


def make_paper(root: Path, server: RegistryServer) -> Path:
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "dodo.py").write_text((REPO / "dodo.py").read_text(encoding="utf-8"), "utf-8")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\n[lint]\nfail_on = "error"\n'
        f'[crossref]\napi = "{server.crossref}"\nmailto = "editor@example.org"\ntimeout = 5.0\n'
        f'[registries]\ndatacite = "{server.datacite}"\nopenalex = "{server.openalex}"\n'
        f'arxiv = {{api = "{server.arxiv}", rate = 50}}\n',
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
