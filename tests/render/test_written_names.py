"""A front-matter author's name, written given-first, as the citation, JATS and the Crossref
deposit print it (bib/names.written_name, to_csl_name): a person's name is split at its last
word; a name of no person's shape is printed as written, and R009 says so.

The real case, joss-sbmltoolkit's JOSS template author `Author with no affiliation`, is built
in tests/production/test_realworld_editions.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.names import WrittenName, to_csl_name, written_name
from docbuild.render.frontmatter import read_front_matter
from docbuild.render.pandoc import parse_markdown

# Real people's names as papers write them: each is still split, and where.
PEOPLE = [
    ("Paul F. Lang", {"family": "Lang", "given": "Paul F."}),
    ("Samuel St-Jean", {"family": "St-Jean", "given": "Samuel"}),
    ("Aarón López-García", {"family": "López-García", "given": "Aarón"}),
    ("Peder Ås", {"family": "Ås", "given": "Peder"}),
    # A particle starts the family name (`van Anders, G.`, as BibTeX and JATS have it).
    ("Greg van Anders", {"family": "van Anders", "given": "Greg"}),
    ("Juan de la Cruz", {"family": "de la Cruz", "given": "Juan"}),
    ("Ludwig van der Berg", {"family": "van der Berg", "given": "Ludwig"}),
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


def test_a_name_written_in_its_parts_keeps_the_author_s_split(tmp_path: Path) -> None:
    """Quarto's `name: {given, family}` and JOSS's `given-names`/`surname` say where the family
    name starts; the byline prints the whole name, the citation and JATS the author's parts."""
    path = tmp_path / "paper.md"
    path.write_text(
        "---\ntitle: T\nauthor:\n"
        "  - name:\n      given: José\n      family: Ortega y Gasset\n"
        "  - given-names: Greg\n    surname: van Anders\n"
        "  - given-names: Ada\n    surname: Lovelace Byron\n"
        "  - name: Paul F. Lang\n---\n\nText.\n",
        encoding="utf-8",
    )
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, findings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert [a.name for a in fm.authors] == [
        "José Ortega y Gasset",
        "Greg van Anders",
        "Ada Lovelace Byron",
        "Paul F. Lang",
    ]
    assert [a.csl_name() for a in fm.authors] == [
        {"family": "Ortega y Gasset", "given": "José"},
        {"family": "van Anders", "given": "Greg"},
        {"family": "Lovelace Byron", "given": "Ada"},
        {"family": "Lang", "given": "Paul F."},  # written whole: split at its last word
    ]
    assert findings == []
