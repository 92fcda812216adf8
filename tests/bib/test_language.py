"""Whether an entry is in English: its `langid`/`language`, else its title's small words."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.language import in_english
from docbuild.bib.model import BibEntry
from docbuild.bib.read.parse import parse_bib


def _entry(fields: str) -> BibEntry:
    (entry,) = parse_bib(f"@article{{k, {fields}}}\n", Path("refs.bib")).entries
    return entry


@pytest.mark.parametrize(
    ("fields", "english"),
    [
        ("title = {Réponse à Jean Daniélou}, journal = {Études}", False),
        ("title = {Vérité et immutabilité du dogme}, journal = {Angelicum}", False),
        ("title = {Het wegennet van de {Romeinen}}, journal = {Hermeneus}", False),
        ("title = {M{\\'e}trica de la blogosfera}, journal = {Telos}", False),
        (
            'title = {{\\"U}ber die stetige Abbildung einer Linie auf ein Fl{\\"a}chenst{\\"u}ck}',
            False,
        ),
        (
            "title = {On the theory of the von Neumann algebras}, journal = {Ann. Math.}",
            True,
        ),
        ("title = {Clickers in the Classroom}, journaltitle = {Educause Quarterly}", True),
        # A declared language wins over the words; an ISO code or a babel name will do.
        ("title = {Joy and the Cross}, language = {english}", True),
        ("title = {The Cross}, langid = {ngerman}", False),
        ("title = {La joie}, language = {en-US}", True),
        # Nothing to tell by: no small word, or as many of each.
        ("title = {Varia Cappadocica}, journal = {Archaeologia Classica}", None),
        ("title = {Autor, Actor, Author}", None),
    ],
)
def test_in_english(fields: str, english: bool | None) -> None:
    assert in_english(_entry(fields)) is english
