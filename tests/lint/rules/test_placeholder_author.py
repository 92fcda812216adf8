"""B019 placeholder-author: a template's names, and `et al.` with no real name beside it."""

from __future__ import annotations

from lintkit import findings, messages

from docbuild.diagnostics import Severity

ENTRY = "@article{x2020, author = {%s}, title = {Policy}, journal = {J}, year = {2020}}\n"


def test_template_names_are_errors():
    assert messages("placeholder-author", ENTRY % "Doe, John and Author, A.") == [
        "[x2020] author list has placeholders: 'Doe, John' is a template's name; "
        "'Author, A.' is a template's name"
    ]
    assert messages("placeholder-author", ENTRY % "Lastname, Firstname") == [
        "[x2020] author list has a placeholder: 'Lastname, Firstname' is a template's name"
    ]


def test_et_al_alone_is_a_placeholder_but_among_names_it_is_malformed_name_s():
    assert messages("placeholder-author", ENTRY % "et al.") == [
        "[x2020] author list has a placeholder: 'et al.' typed as a name"
    ]
    assert messages("placeholder-author", ENTRY % "Khan, M. and et al.") == []
    assert messages("placeholder-author", ENTRY % "Khan, M. and others") == []


def test_anonymous_is_a_warning():
    (d,) = findings("placeholder-author", ENTRY % "Anonymous")
    assert d.severity is Severity.WARNING
    assert d.message == "author list has a placeholder: 'Anonymous' instead of a name"


def test_real_people_called_doe_or_smith_pass():
    assert messages("placeholder-author", ENTRY % "Doe, Mary and Smith, Adam") == []
