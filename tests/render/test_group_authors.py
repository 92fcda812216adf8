"""A group author and a mark written into a name, through pandoc's own reading of the front
matter and the real build: the name is printed whole (CSL `literal`, JATS `collab`), never as
initials, and the mark (`<sup> &dagger; </sup>`, as manubot-governance writes it) stays in the
byline only. Before: the self-citation printed `†S. B. T.`."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.names import is_group_name
from docbuild.config import load_settings
from docbuild.render.frontmatter import read_front_matter
from docbuild.render.metadata import self_csl_item
from docbuild.render.pandoc import parse_markdown

METADATA = """---
title: "Mechanisms to Govern Responsible Sharing of Open Data"
date: 2023-05-01
authors:
  - name: Lara M. Mangravite
    affiliations:
      - Sage Bionetworks
  - name: John T. Wilbanks^\\*^
  - name: Sage Bionetworks Team <sup> &dagger; </sup>
  - name: The ENCODE Project Consortium
---
"""


def read(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "metadata.md"
    path.write_text(METADATA + "\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    return read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]


def test_a_mark_in_a_name_is_the_byline_s_not_the_name_s(tmp_path: Path) -> None:
    fm, findings = read(tmp_path)
    assert [(a.name, a.mark) for a in fm.authors] == [
        ("Lara M. Mangravite", ""),
        ("John T. Wilbanks", "*"),
        ("Sage Bionetworks Team", "†"),
        ("The ENCODE Project Consortium", ""),
    ]
    said = [(f.rule, f.location.line, f.message) for f in findings if f.rule == "R009"]
    assert said == [
        (
            "R009",
            8,
            "author 'John T. Wilbanks*' is read as 'John T. Wilbanks' with the mark '*': the"
            " byline prints the mark after the name, the citation and the metadata the name"
            " alone",
        ),
        (
            "R009",
            9,
            "author 'Sage Bionetworks Team <sup> † </sup>' is read as 'Sage Bionetworks Team'"
            " with the mark '†': the byline prints the mark after the name, the citation and"
            " the metadata the name alone",
        ),
    ]


def test_a_group_is_one_literal_name_a_person_is_split(tmp_path: Path) -> None:
    fm, _ = read(tmp_path)
    assert self_csl_item(fm)["author"] == [
        {"family": "Mangravite", "given": "Lara M."},
        {"family": "Wilbanks", "given": "John T."},
        {"literal": "Sage Bionetworks Team"},
        {"literal": "The ENCODE Project Consortium"},
    ]
    # Words that are family names as well make no group.
    assert not is_group_name("William H. Press") and not is_group_name("Adrian Board")
    assert is_group_name("Tabula Muris Consortium") and not is_group_name("Ada Teamwork")


def make_paper(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "metadata.yaml").write_text(METADATA.strip("-\n") + "\n", "utf-8")
    (root / "content" / "01.main.md").write_text("# Introduction\n\nText.\n", encoding="utf-8")
    (root / "refs.bib").write_text("", encoding="utf-8")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["content/*.md"]\nmetadata = ["content/metadata.yaml"]\n',
        encoding="utf-8",
    )
    return root


def test_the_page_and_the_jats_print_the_group_whole(tmp_path: Path) -> None:
    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc

    settings = load_settings(make_paper(tmp_path / "paper"))
    (settings.build_path).mkdir(exist_ok=True)
    assert run_normalize(settings, in_place=False)
    assert run_pandoc(settings)
    page = (settings.build_path / "pandoc.html").read_text(encoding="utf-8")
    assert '<meta name="author" content="Sage Bionetworks Team">' in page  # the PDF's /Author
    assert 'Sage Bionetworks Team<sup class="author-mark">†</sup>' in page
    self_citation = page.split('class="self-citation"', 1)[1].split("</div>", 1)[0]
    assert "Wilbanks, J. T., Sage Bionetworks Team, &amp; The ENCODE Project Consortium" in (
        self_citation
    )
    assert "S. B. T." not in page and "†S" not in page
    assert run_jats(settings)
    jats = (settings.build_path / "paper.jats.xml").read_text(encoding="utf-8")
    assert "<collab>Sage Bionetworks Team</collab>" in jats
    assert "<collab>The ENCODE Project Consortium</collab>" in jats
    assert "<surname>Mangravite</surname>" in jats and "†" not in jats
