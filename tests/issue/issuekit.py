"""Papers for issue tests: the sample paper and generated ones of chosen lengths."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FRONT = """\
---
title: "{title}"
author:
  - name: {author}
    affiliation: [aff1]
    email: author{n}@example.org
    cor-id: cor1
affiliation:
  - id: aff1
    organization: Faculty of Social Sciences, Example University {n}
journal:
  title: Global Foreign Policies Review
  abbrev-title: GFPR
  pissn: 2708-3586
  publisher-name: Humanity Only
  depositor: {{name: GFPR Production Desk, email: production@example.org}}
article:
  volume: I
  issue: I
  fpage: 1
  doi: 10.31703/gfpr.2023(VI-III).{n:02d}
  url: https://www.gfprjournal.com/article/paper-{n}
date: "2023"
published: 2023-06-30
license: CC-BY-4.0
keywords: [trade, diplomacy]
abstract: |
  A generated paper for the issue tests, number {n}.
---
"""
PARAGRAPH = (
    "Paragraph {i} of the generated paper weighs the evidence on trade and diplomacy with care, "
    "as earlier work did [@smith2020; @jones2019]. It adds a sentence or two so that the "
    "paragraph fills several lines of a two-column page and the paper grows by whole pages "
    "as paragraphs are added, which is what the issue's pagination tests need.\n\n"
)
BIB = """\
@article{smith2020,
  author = {Smith, Anna and Rahman, Bilal},
  title = {Trade Routes and Their Politics},
  journal = {Journal of Regional Studies},
  year = {2020},
  volume = {12},
  number = {2},
  pages = {45--67},
  doi = {10.1234/jrs.2020.12.2.45}
}

@book{jones2019,
  author = {Jones, Carla},
  title = {Diplomacy in Practice},
  publisher = {Example Press},
  address = {Lahore},
  year = {2019}
}
"""
CONFIG = 'style = "gfpr"\n\n[lint]\nfail_on = "none"\n'


def make_paper(folder: Path, n: int, paragraphs: int) -> Path:
    """A paper folder with `paragraphs` paragraphs of body text (about 9 a page)."""
    (folder / "manuscript").mkdir(parents=True)
    (folder / "docbuild.toml").write_text(CONFIG, encoding="utf-8")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    front = FRONT.format(title=f"Generated Paper Number {n}", author=f"Author Number{n}", n=n)
    (folder / "manuscript" / "00-front.md").write_text(front, encoding="utf-8")
    write_body(folder, paragraphs)
    return folder


def write_body(folder: Path, paragraphs: int) -> None:
    body = "# Introduction\n\n" + "".join(PARAGRAPH.format(i=i) for i in range(1, paragraphs + 1))
    body += "# References\n\n::: {#refs}\n:::\n"
    (folder / "manuscript" / "01-body.md").write_text(body, encoding="utf-8")


def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("docbuild.toml", "refs.bib"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "manuscript", folder / "manuscript")
    return folder


def write_issue(folder: Path, papers: list[str], *, first_page: int = 1) -> Path:
    path = folder / "ISSUE.toml"
    listing = ", ".join(f'"{p}"' for p in papers)
    path.write_text(
        f'volume = "VI"\nissue = "III"\ndate = "Summer 2023"\nfirst_page = {first_page}\n'
        f'papers = [{listing}]\n\n[depositor]\nname = "GFPR Production Desk"\n'
        'email = "production@example.org"\nregistrant = "Humanity Only"\n',
        encoding="utf-8",
    )
    return path
