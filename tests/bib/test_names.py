"""Names as BibTeX and biber read them: the one parser every part of docbuild uses."""

from __future__ import annotations

import pytest

from docbuild.bib.model import BibEntry, BibField
from docbuild.bib.names import (
    Name,
    family_key,
    family_name,
    given_name,
    parse_name,
    split_names,
    word_case,
)
from docbuild.crossref.match import first_surname, reference_from_entry
from docbuild.lint.citations import AuthorIndex


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jean de La Fontaine", Name("Jean", "de", "La Fontaine")),
        ("de La Fontaine, Jean", Name("Jean", "de", "La Fontaine")),
        ("Ludwig van Beethoven", Name("Ludwig", "van", "Beethoven")),
        ("Johannes Diderik van der Waals", Name("Johannes Diderik", "van der", "Waals")),
        ("van der Waals, J. D.", Name("J. D.", "van der", "Waals")),
        (
            "Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
            Name("Charles Louis Xavier Joseph", "de la", "Vall{\\'e}e Poussin"),
        ),
        ("d'Alembert, Jean", Name("Jean", "", "d'Alembert")),  # one word: BibTeX's Last
        # BibTeX reads one comma as `Last, First`, so a suffix needs two (the next case).
        ("Martin Luther King, Jr.", Name("Jr.", "", "Martin Luther King")),
        ("King, Jr., Martin Luther", Name("Martin Luther", "", "King", "Jr.")),
        # A suffix last (NASA ADS's order) is read so: BibTeX would make `II` the given name.
        ("Ford, Henry, II", Name("Henry", "", "Ford", "II")),
        ("{Harnden}, F.~R., Jr.", Name("F. R.", "", "{Harnden}", "Jr.")),
        ("Smith, III, John", Name("John", "", "Smith", "III")),
        ("{World Health Organization}", Name("", "", "{World Health Organization}")),
        ("{van Gogh}, Vincent", Name("Vincent", "", "{van Gogh}")),
        ("Vincent {van Gogh}", Name("Vincent", "", "{van Gogh}")),
        ('{\\"U}nal, Ali', Name("Ali", "", '{\\"U}nal')),
        ("{\\'E}mile Zola", Name("{\\'E}mile", "", "Zola")),
        ("Plato", Name("", "", "Plato")),
        ("a, b, c, d", None),
    ],
)
def test_parse_name(text: str, name: Name | None) -> None:
    assert parse_name(text) == name


def test_word_case_reads_special_characters_and_ignores_plain_groups() -> None:
    assert [word_case(w) for w in ("van", "Van", "{van}", '{\\"u}ber', "{\\L}ukasz", "1984")] == [
        "lower",
        "upper",
        None,
        "lower",
        "upper",
        None,
    ]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Khan, A. and Doe, J.", ("Khan, A.", "Doe, J.")),
        ("Khan, A.\n  AND  Doe, J.", ("Khan, A.", "Doe, J.")),
        ("{Barnes and Noble} and Smith, J.", ("{Barnes and Noble}", "Smith, J.")),
        ("Smith} and Doe, J.", ("Smith}", "Doe, J.")),
        ("Anderson, B.", ("Anderson, B.",)),
        ("", ()),
        ("   ", ()),
    ],
)
def test_split_names(value: str, names: tuple[str, ...]) -> None:
    assert split_names(value) == names


def test_family_and_given_names() -> None:
    assert family_name("Jean de La Fontaine") == "La Fontaine"
    assert family_name("{World Health Organization}") == "{World Health Organization}"
    assert family_name("a, b, c, d") == "a"
    assert given_name("Hussain, N") == "N"
    assert given_name("N. Hussain") == "N."
    assert family_key("van Beethoven") == family_key("Beethoven") == "beethoven"
    assert family_key('M{\\"u}ller') == family_key("Müller") == "muller"


def _entry(author: str) -> BibEntry:
    fields = (
        BibField("author", author, 2),
        BibField("title", "Fables", 3),
        BibField("year", "1668", 4),
    )
    return BibEntry("book", "fables", fields, 1)


@pytest.mark.parametrize("author", ["Jean de La Fontaine", "de La Fontaine, Jean"])
def test_one_answer_everywhere_for_a_family_name_with_particles(author: str) -> None:
    """Lint and the Crossref match once said 'Fontaine' where the name parser said
    'La Fontaine'; biber's answer is family 'La Fontaine' with the particle 'de'."""
    assert parse_name(author) == Name("Jean", "de", "La Fontaine")
    assert family_name(author) == "La Fontaine"
    assert first_surname(author) == "La Fontaine"
    ref = reference_from_entry(_entry(author))
    assert (ref.surname, ref.particle) == ("La Fontaine", "de")
    index = AuthorIndex.build([_entry(author)])
    assert index.families["fables"] == (family_key("La Fontaine"),) == ("fontaine",)
