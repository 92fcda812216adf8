"""A front-matter author's name, written given-first, as the citation, JATS and the Crossref
deposit print it (bib/names.written_name, to_csl_name): a person's name is split at its last
word; a name of no person's shape is printed as written, and R009 says so.

The real case: joss-sbmltoolkit keeps JOSS's template author `Author with no affiliation`
(tests/realworld/manuscripts; EXPECTED.toml: leftovers are the authors' text, kept as written).
Before: its self-citation and JATS printed it as `affiliation, A. with no`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docbuild.bib.names import WrittenName, to_csl_name, written_name
from docbuild.config import load_settings
from docbuild.render.frontmatter import read_front_matter
from docbuild.render.pandoc import parse_markdown

CORPUS = Path(__file__).resolve().parents[1] / "realworld" / "manuscripts"

# Real people's names as papers write them: each is still split, and where.
PEOPLE = [
    ("Paul F. Lang", {"family": "Lang", "given": "Paul F."}),
    ("Samuel St-Jean", {"family": "St-Jean", "given": "Samuel"}),
    ("Aarón López-García", {"family": "López-García", "given": "Aarón"}),
    ("Peder Ås", {"family": "Ås", "given": "Peder"}),
    # A particle stays with the given names, as before (the citation prints `Anders, G. van`).
    ("Greg van Anders", {"family": "Anders", "given": "Greg van"}),
    ("José Ortega y Gasset", {"family": "Gasset", "given": "José Ortega y"}),
    ("Muhammad ibn Musa al-Khwarizmi", {"family": "al-Khwarizmi", "given": "Muhammad ibn Musa"}),
    ("Jean le Rond d'Alembert", {"family": "d'Alembert", "given": "Jean le Rond"}),
    ("Doe, Jane", {"family": "Doe", "given": "Jane"}),
    ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("Martin Luther King, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("King, Jr., Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("John Smith III", {"family": "Smith", "given": "John", "suffix": "III"}),
]
# Printed whole: one word, a group, and what is no person's name written given-first.
WHOLE = [
    ("Plato", WrittenName.MONONYM),
    ("Sage Bionetworks Team", WrittenName.GROUP),
    ("Author with no affiliation", WrittenName.AS_WRITTEN),  # JOSS's template
    ("Author 2", WrittenName.AS_WRITTEN),
    ("bell hooks", WrittenName.AS_WRITTEN),  # as she wrote it, never `hooks, b.`
    ("山田 太郎", WrittenName.AS_WRITTEN),  # family name first: never `太郎, 山.`
    ("김 민수", WrittenName.AS_WRITTEN),
]


@pytest.mark.parametrize(("name", "csl"), PEOPLE)
def test_a_person_s_name_is_split_at_its_last_word(name: str, csl: dict[str, str]) -> None:
    assert written_name(name) is WrittenName.PERSON
    assert to_csl_name(name) == csl


@pytest.mark.parametrize(("name", "kind"), WHOLE)
def test_a_name_of_no_person_s_shape_is_printed_whole(name: str, kind: WrittenName) -> None:
    assert written_name(name) is kind
    assert to_csl_name(name) == {"literal": name}


def test_the_front_matter_says_which_names_are_printed_as_written(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text(
        "---\ntitle: T\nauthor:\n  - name: Paul F. Lang\n  - name: Author with no affiliation\n"
        "  - name: Sage Bionetworks Team\n  - name: Plato\n---\n\nText.\n",
        encoding="utf-8",
    )
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, findings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert [a.name for a in fm.authors][1] == "Author with no affiliation"
    assert [(f.rule, f.location.line, f.message, f.fix) for f in findings] == [
        (
            "R009",
            5,
            "author 'Author with no affiliation' is printed as written: it is not written as"
            " given names, then the family name, so the citation and the metadata do not split"
            " it",
            "write a person's name given names first ('Paul F. Lang') or as 'Lang, Paul F.', or"
            " keep it as it is",
        )
    ]


def test_joss_sbmltoolkit_s_template_author_is_printed_as_written(tmp_path: Path) -> None:
    """The real paper through the real steps: the self-citation (the "cite this" box), the
    JATS contrib and the Crossref contributor print the name whole; the two people are split."""
    from docbuild.cli import main
    from docbuild.jobs.crossref_xml import run_crossref_xml
    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    source = CORPUS / "joss-sbmltoolkit"
    if not source.is_dir():
        pytest.skip("tests/realworld/manuscripts is not here")
    paper = tmp_path / "joss-sbmltoolkit"
    shutil.copytree(source, paper, ignore=shutil.ignore_patterns("SOURCE.toml", "EXPECTED.toml"))
    assert main(["init", "--dir", str(paper)]) == 0
    settings = load_settings(next(paper.rglob("docbuild.toml")).parent)
    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_pandoc(settings, echo=False)
    page = (settings.build_path / "pandoc.html").read_text(encoding="utf-8")
    self_citation = page.split('class="self-citation"', 1)[1].split("</div>", 1)[0]
    assert "Lang, P. F., Jain, A., &amp; Author with no affiliation" in self_citation
    assert "affiliation, A." not in page
    assert run_jats(settings)
    jats = (settings.build_path / "paper.jats.xml").read_text(encoding="utf-8")
    assert "<string-name>Author with no affiliation</string-name>" in jats
    assert "<surname>Lang</surname><given-names>Paul F.</given-names>" in jats
    assert "<surname>affiliation</surname>" not in jats

    def journal(meta: dict[str, object]) -> None:
        depositor = {"name": "Desk", "email": "desk@example.org"}
        fields = {"pissn": "2708-3586", "publisher-name": "P", "depositor": depositor}
        meta["journal"] = _meta({"title": "J", **fields})
        meta["article"] = _meta({"doi": "10.31703/test.1", "url": "https://example.org/1"})

    assert run_crossref_xml(settings, edit_meta=journal)
    deposit = (settings.build_path / "crossref.xml").read_text(encoding="utf-8")
    assert (
        '<person_name sequence="additional" contributor_role="author"><surname>Author with no'
        " affiliation</surname>"
    ) in deposit
    assert "<given_name>Author with no</given_name>" not in deposit


def _meta(value: object) -> dict[str, object]:
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: _meta(v) for k, v in value.items()}}
    return {"t": "MetaString", "c": str(value)}
