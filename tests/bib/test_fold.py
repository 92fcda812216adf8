"""Comparable text: TeX accents, Unicode accents and case fold to one spelling."""

from __future__ import annotations

import pytest

from docbuild.bib.fold import fold, fold_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ('M{\\"u}ller', "Müller"),
        ('M\\"{u}ller', "MULLER"),
        ("{\\L}ukasiewicz", "Łukasiewicz"),
        ("Stra{\\ss}e", "Strasse"),
        ('{\\aa}ngstr{\\"o}m', "Ångström"),
        ("Caf\\'{e}", "cafe"),
        ("S{\\o}ren", "Søren"),
        ("{\\AE}sop", "Aesop"),
    ],
)
def test_fold(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_words_keeps_words_and_numbers() -> None:
    assert fold_words("Russia’s {I}nterest in \\emph{Pakistan}, 1947--2019") == (
        "russia s interest in pakistan 1947 2019"
    )
    assert fold_words("$\\alpha$-Helix") == "helix"  # no ASCII spelling of α
