"""B009 malformed-name."""

import pytest
from lintkit import corpus_entry, findings, messages

from docbuild.diagnostics import Severity


def entry(author: str) -> str:
    return (
        "@misc{k2018,\n  author = {"
        + author
        + "},\n  title = {T},\n  howpublished = {H},\n  year = {2018},\n}\n"
    )


def test_pass() -> None:
    for author in (
        "Hussain, N. and Fatima, Q.",
        "Smith, Jr., John and {World Bank}",
        "Hussain, N and Fatima, Q.",  # the style adds the period
        "Ororbia II, Alexander G",  # a suffix, not a second person
        "Artaman, Al and de Jong, Anouk C",
        "Lakens, Dani{\\\"e}l and Scheinkman, Jos\\'e",
        "{World Health Organization}",
    ):
        assert messages("malformed-name", entry(author)) == [], author


def test_fail_space_before_comma() -> None:
    (d,) = findings("malformed-name", entry("Kaura , V."))
    assert (d.message, d.fix) == (
        "name 'Kaura , V.' has a space before the comma",
        "author = {Kaura, V.}",
    )


def test_fail_commas_et_al_and_capitals() -> None:
    assert messages("malformed-name", entry("Smith, J., Jones, K.")) == [
        "[k2018] names 'Smith, J., Jones, K.' are joined by commas instead of 'and'"
    ]
    assert messages("malformed-name", entry("Smith, J. and et al.")) == [
        "[k2018] author list contains 'et al.'"
    ]
    assert messages("malformed-name", entry("KHAN, B.")) == [
        "[k2018] name 'KHAN, B.' is in capitals"
    ]


def test_the_comma_fix_keeps_every_name_of_the_list() -> None:
    (d,) = findings("malformed-name", entry("Ahmed, K. and Smith, J., Jones, K. and Brown, L."))
    assert d.fix == "author = {Ahmed, K. and Smith, J. and Jones, K. and Brown, L.}"
    (d,) = findings("malformed-name", entry("P.A. Castillo, A.J. Fernandez-Ares, V. M. Rivas"))
    assert d.fix == "author = {P.A. Castillo and A.J. Fernandez-Ares and V. M. Rivas}"


@pytest.mark.parametrize(
    ("author", "message", "fix"),
    [
        (
            'McGrathMJ #" and "# CohenDB',
            "list holds BibTeX concatenation debris ('#\" and \"#')",
            "McGrathMJ and CohenDB",
        ),
        (
            "Smith, J. AND Jones, K.",
            "names are joined by 'AND', which is not a separator",
            "Smith, J. and Jones, K.",
        ),
        (
            "Herrera, F. and and Merelo, J.",
            "list has 'and and', an empty name",
            "Herrera, F. and Merelo, J.",
        ),
        (
            "A. Etxeberria; J. Merelo; A. Moreno",
            "names are joined by ';' instead of 'and'",
            "A. Etxeberria and J. Merelo and A. Moreno",
        ),
        (
            "Heijden, Tim van der and Ahmed, K.",
            "name 'Heijden, Tim van der' has the particle 'van der' after the given name",
            "van der Heijden, Tim and Ahmed, K.",
        ),
        (
            "Stanley, TD",
            "initials 'TD' in 'Stanley, TD' run together (print as one)",
            "Stanley, T. D.",
        ),
        (
            "McGrathMJ",
            "initials 'MJ' run into the family name 'McGrathMJ'",
            "McGrath, M. J.",
        ),
        (
            "Strahler, a. H.",
            "initial 'a.' in 'Strahler, a. H.' is lower case (read as a particle)",
            "Strahler, A. H.",
        ),
        (
            "X. Grey, Michael",
            "name 'X. Grey, Michael' has the initial 'X.' in the family name",
            "Grey, Michael X.",
        ),
        (
            "Merelo Guerv\\\\'os, J. J.",
            "name 'Merelo Guerv\\\\'os, J. J.' has '\\\\' (a line break) before an accent",
            "Merelo Guerv\\'os, J. J.",
        ),
        (
            "Juli{'{a}}n Merelo",
            "name 'Juli{'{a}}n Merelo' has an accent without its backslash ('{'{a}}')",
            "Juli{\\'{a}}n Merelo",
        ),
        (
            "of Health, National Institutes",
            "organisation 'of Health, National Institutes' has no braces and will be inverted",
            "{National Institutes of Health}",
        ),
    ],
)
def test_fail_known_to_print_wrongly(author: str, message: str, fix: str) -> None:
    (d,) = findings("malformed-name", entry(author))
    assert (d.message, d.fix, d.severity) == (message, f"author = {{{fix}}}", Severity.ERROR)


def test_fail_an_affiliation_and_braced_people() -> None:
    (d,) = findings("malformed-name", entry("{Department of Electronics, University of York}"))
    assert d.message == (
        "author '{Department of Electronics, University of York}' is an affiliation, not an author"
    )
    assert (d.fix, d.severity) == (None, Severity.ERROR)
    (d,) = findings("malformed-name", entry("{Honglak Lee} and {Yirong Shen}"))
    assert d.message == (
        "personal name '{Honglak Lee}' is braced: it prints as one word, never initialled"
    )
    assert d.severity is Severity.WARNING  # a guess: a braced pair may be a firm's name


def test_likely_readings_are_warnings() -> None:
    (d,) = findings("malformed-name", entry("Juan Juli{\\'{a}}n Merelo Guerv{\\'{o}}s"))
    assert (d.message, d.fix, d.severity) == (
        "name 'Juan Juli{\\'{a}}n Merelo Guerv{\\'{o}}s' may have two family names "
        "('Merelo Guervós'), read as one",
        "author = {Merelo Guerv{\\'{o}}s, Juan Juli{\\'{a}}n}",
        Severity.WARNING,
    )
    (d,) = findings("malformed-name", entry("T. Bell."))
    assert (d.message, d.fix, d.severity) == (
        "name 'T. Bell.' ends in a full stop, which joins the family name",
        "author = {T. Bell}",
        Severity.WARNING,
    )
    for author in ("Juan Julián Merelo", "Mary Ann Smith", "Martin Luther King Jr."):
        assert messages("malformed-name", entry(author)) == [], author


def test_an_html_entitys_semicolon_joins_no_names() -> None:
    author = "Francesco d&apos;Amore and Daniel Mitropolsky"
    assert messages("malformed-name", entry(author)) == []
    for author in ("Seyed Kamyar Seyed Ghasemipour", "Bryan Kian Hsiang Low"):
        assert messages("malformed-name", entry(author)) == [], author  # one family name


def test_a_policy_cannot_make_a_likely_reading_an_error() -> None:
    from docbuild.lint.policy import make_policy

    policy = make_policy(severity=[("malformed-name", Severity.ERROR)])
    (d,) = findings("malformed-name", entry("T. Bell."), policy=policy)
    assert d.severity is Severity.WARNING
    (d,) = findings("malformed-name", entry("Kaura , V."), policy=policy)
    assert d.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("author", "message", "fix"),
    [
        (
            "Wan, Z. and liang Li, Zhao",
            "'liang' in 'liang Li, Zhao' is lower case but no particle: it prints before the "
            "family name and is never initialled",
            None,
        ),
        (
            "a Aguilar, M and Vicente, R",
            "initial 'a' in 'a Aguilar, M' is lower case (read as a particle)",
            "author = {Aguilar, M A. and Vicente, R}",
        ),
        (
            "Philip a Romero and Frances H Arnold",
            "initial 'a' in 'Philip a Romero' is lower case (read as a particle)",
            "author = {Philip A. Romero and Frances H Arnold}",
        ),
        (
            "C O Becker and S T Grafton adn D S Bassett",
            "'adn' in 'S T Grafton adn D S Bassett' is a mistyped 'and': two names read as one",
            "author = {C O Becker and S T Grafton and D S Bassett}",
        ),
        (
            "Jurgen Fell andThomas Grunwald",
            "'andThomas' in 'Jurgen Fell andThomas Grunwald' is a mistyped 'and': two names "
            "read as one",
            "author = {Jurgen Fell and Thomas Grunwald}",
        ),
    ],
)
def test_fail_a_lower_case_word_that_is_no_particle(author: str, message: str, fix: str) -> None:
    (d,) = findings("malformed-name", entry(author))
    assert (d.message, d.fix, d.severity) == (message, fix, Severity.ERROR)


def test_particles_and_names_in_lower_case_on_purpose_pass() -> None:
    for author in (
        "García de León, Antonio",
        "Ramon y Cajal, Santiago",
        "Josep Maria Garrell i Guiu",
        "Friedhelm Meyer auf der Heide",
        "Ngũgĩ wa Thiong'o",
        "B M 't Hart and P. A. {v}an {d}er Helm",
        "bell hooks",
    ):
        assert messages("malformed-name", entry(author)) == [], author


def test_fail_two_people_the_file_names_elsewhere_joined_by_a_comma() -> None:
    others = (
        "@book{l1994, author = {Lynch, John}, title = {Pacific Languages}, year = {1994}}\n"
        "@book{r1998, author = {Ross, Malcolm}, title = {Proto Oceanic}, year = {1998}}\n"
        "@book{c2001, author = {Coello, Carlos}, title = {Evolution}, year = {2001}}\n"
    )
    (d,) = findings("malformed-name", entry("John Lynch, Malcolm Ross and Crowley, Terry") + others)
    assert (d.message, d.fix, d.severity) == (
        "names 'John Lynch, Malcolm Ross' are joined by a comma instead of 'and' "
        "('Lynch, John' is named so elsewhere in the file)",
        "author = {John Lynch and Malcolm Ross and Crowley, Terry}",
        Severity.ERROR,  # both halves are people of the file
    )
    (d,) = findings("malformed-name", entry("John Lynch, Keith Denning") + others)
    assert d.severity is Severity.WARNING  # one half: a likely reading
    # Two family names, no half of which is a person of the file; and a file without them.
    assert messages("malformed-name", entry("Coello Coello, Carlos Artemio") + others) == []
    assert messages("malformed-name", entry("John Lynch, Malcolm Ross")) == []


@pytest.mark.parametrize(
    ("author", "family", "fix"),
    [
        ("Carlos A. Coello Coello", "Coello Coello", "Coello Coello, Carlos A."),
        (
            "Francisco Fern{\\'{a}}ndez de Vega",
            "Fernández de Vega",
            "Fern{\\'{a}}ndez de Vega, Francisco",
        ),
        ("Pedro Pérez y Pérez", "Pérez y Pérez", "Pérez y Pérez, Pedro"),
    ],
)
def test_two_spanish_family_names_without_accent_on_the_last_are_likely(
    author: str, family: str, fix: str
) -> None:
    (d,) = findings("malformed-name", entry(author))
    assert (d.message, d.fix, d.severity) == (
        f"name '{author}' may have two family names ('{family}'), read as one",
        f"author = {{{fix}}}",
        Severity.WARNING,
    )
    for author in ("Juan José de la Cruz", "Santiago Ramón y Cajal", "Ana Ana"):
        assert messages("malformed-name", entry(author)) == [], author


def test_fail_a_bylines_word_or_a_family_name_typed_twice() -> None:
    (d,) = findings("malformed-name", entry("John R. Lott, Jr., By"))
    assert (d.message, d.fix) == (
        "name 'John R. Lott, Jr., By' holds 'By', a byline's word, not a name",
        None,
    )
    (d,) = findings("malformed-name", entry('Wiggins, G. and M\\"ullensiefenllensiefen, Daniel'))
    assert d.message == (
        "family name in 'M\\\"ullensiefenllensiefen, Daniel' has 'llensiefen' twice"
    )
    for author in ("Tchitchi, Toussaint Y.", "Piergiorgio, A.", "Byrne, Ruth and Bywater, T."):
        assert messages("malformed-name", entry(author)) == [], author


# Beyer2014 of tests/realworld/bib/bbt-casa-remote-sensing, and two other Javiers of that file.
JAVIERS = (
    "@article{Camps2005, author = {Calpe-Maravilla, Javier and Camps-Valls, Gustavo},"
    " title = {Kernel Methods}, year = {2005}}\n"
    "@article{Aubrecht2009, author = {Zeug, Gunter and Gallego, Javier},"
    " title = {Night Lights}, year = {2009}}\n"
)
BEYER = (
    "Beyer, Kirsten M M and Kaltenbach, Andrea and Szabo, Aniko and Bogar, Sandra and "
    "Javier Nieto, F and Malecki, Kristen M"
)


def test_fail_a_given_name_the_file_gives_other_people_put_in_the_family_name() -> None:
    (d,) = findings("malformed-name", entry(BEYER) + JAVIERS)
    assert (d.message, d.fix, d.severity) == (
        "name 'Javier Nieto, F' has a given name in the family name "
        "('Javier' is a given name elsewhere in the file)",
        "author = {Beyer, Kirsten M M and Kaltenbach, Andrea and Szabo, Aniko and Bogar, "
        "Sandra and Nieto, F Javier and Malecki, Kristen M}",
        Severity.WARNING,  # the file's names are the evidence: a likely reading
    )


def test_a_given_name_in_the_family_name_needs_the_files_evidence() -> None:
    # One other Javier is not enough; nor a Javier who is someone's family name (`Javier,
    # Marta`); nor full given names after it (`García Márquez, Gabriel` is two family names).
    one = JAVIERS.split("\n")[0] + "\n"
    assert messages("malformed-name", entry(BEYER) + one) == []
    family = "@book{j2001, author = {Javier, Marta}, title = {T}, year = {2001}}\n"
    assert messages("malformed-name", entry(BEYER) + JAVIERS + family) == []
    assert messages("malformed-name", entry("Javier Nieto, Felipe") + JAVIERS) == []
    assert messages("malformed-name", entry(BEYER)) == []


def test_an_institutions_initials_read_as_a_person() -> None:
    """texmed-ohdsi-book's WHOHypertension: Google Scholar read "WHO" as `Who, A`."""
    bib = (
        "@article{w, title = {Global brief}, author = {Who, A},"
        " journal = {World Health Organization}}\n"
    )
    (d,) = findings("malformed-name", bib)
    assert d.message == (
        "name 'Who, A' is likely 'World Health Organization' (its initials; the entry's "
        "journal) typed as a person"
    )
    assert d.severity is Severity.WARNING
    assert d.fix == "if the author is the organisation: author = {{World Health Organization}}"
    # Braced, the organisation is written as intended; a person whose name happens to spell a
    # periodical's initials is a person; two letters are too few to tell.
    for author, journal in (
        ("{ABS}", "Australian Bureau of Statistics"),
        ("Lir, A", "Linguistic Inquiry Review"),
        ("Un, K", "United Nations"),
    ):
        text = f"@article{{w, title = {{X}}, author = {{{author}}}, journal = {{{journal}}}}}\n"
        assert messages("malformed-name", text) == [], author


def test_a_count_of_others_is_read_as_a_person() -> None:
    """`Nowicki, S. and 30 others` (pism/pism's ice-bib.bib, tests/realworld/bib/
    hand-pism-glaciology): BibTeX reads a person named "30 others". The fix keeps the name
    the entry has and ends the list as BibTeX does."""
    (d,) = findings(
        "malformed-name", corpus_entry("hand-pism-glaciology", "Nowicki2013AntarcticaSeaRISE")
    )
    assert (d.message, d.fix) == (
        "name '30 others' is read as a person",
        "list every name, or end the list with 'and others': author = {Nowicki, S. and others}",
    )


def test_pass_biblatex_extended_name_format() -> None:
    """The list of line 61 of the quarto-cn-tools excerpt (Better BibTeX's export): was an
    error, `names 'family=Brauw, given=Alan, prefix=de, useprefix=false' are joined by commas
    instead of 'and'`, whose fix would have made three people of one. A slip in the BibTeX
    names beside it is still found."""
    from pathlib import Path

    excerpt = Path(__file__).parents[2] / "realworld/excerpts/quarto-cn-tools/bibliography.bib"
    assert messages("malformed-name", excerpt.read_text(encoding="utf-8")) == []
    assert messages(
        "malformed-name", entry("family=Brauw, given=Alan, prefix=de and Kaura , V.")
    ) == ["[k2018] name 'Kaura , V.' has a space before the comma"]


def test_warn_suffix_last_in_nasa_ads_order() -> None:
    """`{Harnden}, F.~R., Jr.` (DAXA's paper.bib, the excerpt daxa-coup.bib): was an error,
    `names ... are joined by commas`, whose fix made `Jr.` a person of its own."""
    from pathlib import Path

    excerpt = Path(__file__).parents[2] / "realworld/excerpts/daxa-coup.bib"
    (d,) = findings("malformed-name", excerpt.read_text(encoding="utf-8"))
    assert d.severity is Severity.WARNING
    assert d.message == (
        "name '{Harnden}, F.~R., Jr.' has its suffix 'Jr.' last (NASA ADS's order); BibTeX"
        " reads 'Last, Jr, First'"
    )
    assert d.fix is not None and "{Li}, J. and {Harnden}, Jr., F.~R. and {Wolk}, S." in d.fix


def test_warn_short_particle_after_the_given_names_and_keep_it() -> None:
    """`{Kienlin}, A. v.` in the eROSITA entry of DAXA's paper.bib (NASA ADS's export, read
    from tests/realworld/manuscripts/joss-daxa byte for byte): was an error whose fix wrote
    `A. V.`, an initial that is not in the data. `v.` is likely `von` cut short: a warning,
    and the fix moves it before the family name, every letter kept."""
    from pathlib import Path

    from lintkit import group_end

    paper = Path(__file__).parents[2] / "realworld/manuscripts/joss-daxa/paper/paper.bib"
    text = paper.read_text(encoding="utf-8")
    start = text.index("@ARTICLE{erosita,")
    bib = text[start : group_end(text, text.index("{", start))] + "\n"
    (d,) = findings("malformed-name", bib)
    assert d.severity is Severity.WARNING
    assert d.message == (
        "name '{Kienlin}, A. v.' ends its given names with 'v.', likely a particle ('von',"
        " 'van') after the given name"
    )
    assert d.fix is not None and "{Ji}, L. and v. {Kienlin}, A. and {Kink}, W." in d.fix
    (authors,) = [line for line in bib.splitlines() if line.lstrip().startswith("author")]
    assert d.fix.count(" and ") == authors.count(" and ")  # every author kept
    # A particle written out is known: an error, as before.
    assert messages("malformed-name", entry("Kienlin, A. von")) == [
        "[k2018] name 'Kienlin, A. von' has the particle 'von' after the given name"
    ]
