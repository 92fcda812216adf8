"""LaTeX to Unicode, with and without CSL markup."""

from __future__ import annotations

import pytest

from docbuild.bib.latex import to_unicode


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ('G{\\"o}del', "Gödel"),
        ("{\\L}ukasz", "Łukasz"),
        ("{\\&}", "&"),
        ("Russia \\& China", "Russia & China"),
        ("89--104", "89–104"),
        ("a---b", "a—b"),
        ("Garc{\\'\\i}a", "García"),
        ("\\'{E}cole", "École"),
        ("\\v{C}apek", "Čapek"),
        ('M\\"uller', "Müller"),
        ("\\c{c}a", "ça"),
        ('{\\aa}ngstr{\\"o}m', "ångström"),
        ("\\ss{}e", "ße"),
        ("``quoted''", "“quoted”"),
        ("$\\alpha$-helix", "α-helix"),
        ("50\\% of", "50% of"),
        ("\\noopsort{a}Zed", "Zed"),
        ("\\url{http://x.org/a_b}", "http://x.org/a_b"),
        ("\\href{http://x.org}{Link text}", "Link text"),
        ("a~b", "a\u00a0b"),
        ("  spaced \n  out ", "spaced out"),
        ("A {NASA} study of \\emph{things}", "A NASA study of things"),
        ("O'Brien", "O'Brien"),
        ("unbalanced } and {", "unbalanced and"),
        ("\\", "\\"),
        ('{\\"u}ber', "über"),
        ("caf\\'{e}", "café"),
        ("{\\aa}", "å"),
        ("Stra\\ss e", "Straße"),
        ("$x^2$ and $H_2O$", "x2 and H2O"),
        ("R\\&D", "R&D"),
        ("Garc{\\' i}a", "García"),
        ("Jos{\\' e} and {\\' A}ngeles", "José and Ángeles"),
        ('G{\\" o}del', "Gödel"),
        ("\\^ o", "ô"),
        ("caf{\\'}", "caf\u0301"),
    ],
)
def test_to_unicode(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


def test_markup_keeps_case_protection_and_emphasis() -> None:
    assert to_unicode('A {NASA} study of \\emph{Homo sapiens} in {\\"O}sterreich', markup=True) == (
        'A <span class="nocase">NASA</span> study of <i>Homo sapiens</i> in Österreich'
    )


def test_braces_nested_beyond_any_real_title_are_dropped_not_a_crash() -> None:
    deep = "{" * 100_000 + 'G{\\"o}del' + "}" * 100_000
    assert to_unicode(deep) == "Gödel"


def test_the_cache_keeps_the_plain_and_the_marked_text_of_one_value_apart() -> None:
    # to_unicode is cached by text and `markup`: a value first read plainly (by a rule) must
    # still get its markup when the CSL conversion asks, and the other way round.
    value = "A {NASA} study"
    assert to_unicode(value) == "A NASA study"
    assert to_unicode(value, markup=True) == 'A <span class="nocase">NASA</span> study'
    assert to_unicode(value) == "A NASA study"


def test_greek_letters_and_text_arrows_print() -> None:
    """Particle physics titles (INSPIRE's Belle II title in tests/realworld/bib/
    inspire-pyhf-citations) use `\\nu`, `\\textrightarrow`: pandoc prints them, and so
    must the linter's reading of the title; before, "B+→K+νν" was "B+K+"."""
    title = "B+\\textrightarrow{}K+\\ensuremath{\\nu}\\ensuremath{\\nu}\\textasciimacron{} Decays"
    assert to_unicode(title) == "B+→K+νν Decays"
    assert to_unicode("$\\Upsilon(4S)$, \\xi, \\rho, \\psi, \\Theta") == "Υ(4S), ξ, ρ, ψ, Θ"
    assert to_unicode("The {\\TeX book}") == "The TeXbook"
    assert to_unicode("methodology\\hyphen independent") == "methodology-independent"


def test_silent_commands() -> None:
    from docbuild.bib.latex import silent_commands

    assert silent_commands("K+\\ensuremath{\\nu}\\textasciimacron{} Decays") == ("textasciimacron",)
    assert silent_commands("{\\it Not} and {\\cjkfont 依存} and \\lat{Dignitatis}") == ()
    assert silent_commands("$\\sqrt{s} = 13\\,\\mathrm{TeV}$") == ()
