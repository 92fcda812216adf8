"""B003 duplicate-entry: same DOI, or same first author, title and year."""

from lintkit import corpus_entry, findings, messages

KHAN = (
    "@article{%s,\n  author = {Khan, M. T. F.},\n  title = {%s},\n"
    "  year = {2019},\n  doi = {%s},\n}\n"
)


def test_pass() -> None:
    bib = KHAN % ("khan2019", "New Directions", "10.53532/ss.039.03.00107") + KHAN % (
        "khan2019b",
        "Old Directions",
        "10.53532/ss.039.03.00108",
    )
    assert messages("duplicate-entry", bib) == []


def test_fail_same_doi() -> None:
    bib = KHAN % ("khan2019", "New Directions", "10.53532/ss.039.03.00107") + KHAN % (
        "khan2019b",
        "Other",
        "10.53532/SS.039.03.00107",
    )
    assert messages("duplicate-entry", bib) == [
        "[khan2019] entry has the same doi as 'khan2019b' (line 7)",
        "[khan2019b] entry has the same doi as 'khan2019' (line 1)",
    ]
    assert findings("B003", bib)[1].fix == "keep one entry and cite 'khan2019' everywhere"


def test_fail_same_author_title_year() -> None:
    bib = (
        "@article{khan2019, author = {Khan, M. T. F.}, title = {New Directions}, year = {2019}}\n"
        "@misc{khan2019x, author = {M. T. F. Khan}, title = {New directions}, year = {2019}}\n"
    )
    assert messages("duplicate-entry", bib) == [
        "[khan2019] entry has the same first author, title and year as 'khan2019x' (line 2)",
        "[khan2019x] entry has the same first author, title and year as 'khan2019' (line 1)",
    ]


def test_titles_that_differ_by_a_number_are_two_works() -> None:
    bib = (
        "@misc{r2022b, author = {Redon, B.}, title = {Coptos road 1-50AD}, year = {2022}}\n"
        "@misc{r2022c, author = {Redon, B.}, title = {Coptos road 51-100AD}, year = {2022}}\n"
    )
    assert messages("duplicate-entry", bib) == []


def test_volumes_of_a_book_and_papers_sharing_their_volumes_doi_are_two_works() -> None:
    bib = (
        "@book{v1, author = {Brown, R.}, title = {The Death}, year = {1994}, volume = {1}}\n"
        "@book{v2, author = {Brown, R.}, title = {The Death}, year = {1994}, volume = {2}}\n"
        "@inproceedings{a18, title = {Genetic Algorithms}, pages = {236--247},"
        " doi = {10.1007/978-3-319-91479-4}}\n"
        "@inproceedings{b18, title = {Gamification}, pages = {342--353},"
        " doi = {10.1007/978-3-319-91479-4}}\n"
    )
    assert messages("duplicate-entry", bib) == []


def test_a_preprint_and_its_article_are_info_a_reprint_nothing() -> None:
    bib = (
        "@article{r2021, author = {Rudin, N.}, title = {Learning to Walk}, year = {2021},"
        " journal = {arXiv:2109.11978 [cs]}}\n"
        "@inproceedings{r2022, author = {Rudin, N.}, title = {Learning to Walk}, year = {2022},"
        " booktitle = {Proceedings of CoRL}}\n"
        "@book{s1968, author = {Smullyan, R.}, title = {First-Order Logic}, year = {1968},"
        " publisher = {Springer}}\n"
        "@book{s1995, author = {Smullyan, R.}, title = {First-Order Logic}, year = {1995},"
        " publisher = {Dover}}\n"
    )
    found = findings("duplicate-entry", bib)
    assert [(d.key, d.message, d.severity.value) for d in found] == [
        ("r2021", "entry has the same first author and title as 'r2022' (line 2)", "info"),
        ("r2022", "entry has the same first author and title as 'r2021' (line 1)", "info"),
    ]


def test_titles_numbered_in_a_series_are_not_duplicates() -> None:
    # Issue 13: 10,000 generated entries differing only by a number gave 7,750 warnings.
    bib = "".join(
        f"@techreport{{w{n}, author = {{Bank, W.}}, title = {{Working Paper {n}}},"
        f" institution = {{W}}, year = {{2020}}}}\n"
        for n in range(1, 201)
    )
    assert messages("duplicate-entry", bib) == []


def test_a_reprint_or_edition_from_one_publisher_is_info() -> None:
    bib = (
        "@book{c1923, author = {Calder, G.}, title = {A Gaelic Grammar}, year = {1923},"
        " publisher = {Gairm}}\n"
        "@manual{c1980, author = {Calder, G.}, title = {A Gaelic Grammar}, year = {1980},"
        " organization = {Gairm}}\n"
    )
    found = findings("duplicate-entry", bib)
    assert [(d.key, d.message, d.severity.value) for d in found] == [
        ("c1923", "entry has the same first author and title as 'c1980' (line 2)", "info"),
        ("c1980", "entry has the same first author and title as 'c1923' (line 1)", "info"),
    ]


def test_an_article_mistyped_as_a_book_with_its_volume_is_the_same_work() -> None:
    bib = (
        "@article{f85, author = {Felsenstein, J.}, title = {Phylogenies}, year = {1985},"
        " journal = {Am. Nat.}, volume = {125}}\n"
        "@book{f85b, author = {Felsenstein, J.}, title = {Phylogenies}, year = {1985},"
        " volume = {125}}\n"
        # Two parts of one volume are two books.
        "@book{l1, author = {Lubac, H.}, title = {Exegese}, year = {1959}, volume = {1},"
        " part = {1}}\n"
        "@book{l2, author = {Lubac, H.}, title = {Exegese}, year = {1959}, volume = {1},"
        " part = {2}}\n"
    )
    assert messages("duplicate-entry", bib) == [
        "[f85] entry has the same first author, title and year as 'f85b' (line 2)",
        "[f85b] entry has the same first author, title and year as 'f85' (line 1)",
    ]


def test_one_title_in_one_venue_and_year_is_one_work_whoever_the_first_author() -> None:
    bib = (
        "@article{b07, author = {Beaton, M.}, title = {Interpreted ideologies: the case},"
        " journal = {The Translator}, year = {2007}, pages = {271--296}}\n"
        "@article{bt07, author = {Beaton-Thome, M.}, title = {Interpreted Ideologies. The Case},"
        " journal = {The Translator}, year = {2007}, pages = {271--296}}\n"
        "@book{t60, title = {The Rites of Passage}, year = {1960}, publisher = {Chicago UP},"
        " translator = {Vizedom, M.}}\n"
        "@book{g60, author = {van Gennep, A.}, title = {The Rites of Passage}, year = {1960},"
        " publisher = {Chicago UP}}\n"
    )
    assert messages("duplicate-entry", bib) == [
        "[b07] entry has the same title, year and venue as 'bt07' (line 2)",
        "[bt07] entry has the same title, year and venue as 'b07' (line 1)",
        "[t60] entry has the same title, year and venue as 'g60' (line 4)",
        "[g60] entry has the same title, year and venue as 't60' (line 3)",
    ]


def test_one_title_in_one_venue_by_other_authors_or_on_other_pages_is_two_works() -> None:
    bib = (
        # Two commentaries titled alike in one collection, no pages to tell.
        "@incollection{a, author = {{Andrew of Caesarea}}, title = {Commentary on the Apocalypse},"
        " booktitle = {Greek Commentaries}, year = {2011}}\n"
        "@incollection{o, author = {{Oecumenius}}, title = {Commentary on the Apocalypse},"
        " booktitle = {Greek Commentaries}, year = {2011}}\n"
        # A comment and its reply under one heading.
        "@article{c, author = {Smith, A.}, title = {On the Theory of Rent},"
        " journal = {Econ. J.}, year = {1990}, pages = {1--5}}\n"
        "@article{r, author = {Jones, B.}, title = {On the Theory of Rent},"
        " journal = {Econ. J.}, year = {1990}, pages = {6--9}}\n"
        # A short title recurs in every issue.
        "@article{e1, title = {Editorial}, journal = {Nature}, year = {1990}}\n"
        "@article{e2, title = {Editorial}, journal = {Nature}, year = {1990}}\n"
    )
    assert messages("duplicate-entry", bib) == []


def test_a_preprint_and_its_article_by_one_team_whose_first_author_was_typed_otherwise() -> None:
    bib = (
        "@article{c2018, author = {Ching, Travers and Himmelstein, Daniel and Way, Gregory},"
        " title = {Opportunities and obstacles for deep learning}, year = {2018},"
        " journal = {J. R. Soc. Interface}}\n"
        "@article{t2017, author = {Travers, Ching and Himmelstein, Daniel and Way, Gregory},"
        " title = {Opportunities And Obstacles For Deep Learning}, year = {2017},"
        " journal = {bioRxiv}}\n"
        # Two published papers of one title by one team are left alone.
        "@article{p1, author = {Smith, A. and Jones, B.}, title = {Notes on the Theory of Rent},"
        " year = {1990}, journal = {Econ. J.}}\n"
        "@article{p2, author = {Smith, C. and Jones, B.}, title = {Notes on the Theory of Rent},"
        " year = {1992}, journal = {Rev. Econ.}}\n"
    )
    found = findings("duplicate-entry", bib)
    assert [(d.key, d.message, d.severity.value) for d in found] == [
        ("c2018", "entry has the same title and most authors as 't2017' (line 2)", "info"),
        ("t2017", "entry has the same title and most authors as 'c2018' (line 1)", "info"),
    ]


def test_one_book_whose_copies_name_its_authors_differently_and_a_chapter_apart() -> None:
    bib = (
        "@book{c17, author = {Corbiau, M.}, title = {Les voies romaines par la Wallonie},"
        " year = {2017}, publisher = {SPW}, volume = {10}}\n"
        "@book{b17, author = {Bausier, K. and Corbiau, M.}, year = {2017}, volume = {10},"
        " title = {Les Voies Romaines Par La Wallonie}, publisher = {SPW}}\n"
        # A chapter typed with the book's title, by one of the book's editors.
        "@inbook{k07, author = {Kane, M. J.}, chapter = {Executive attention}, year = {2007},"
        " title = {Variation in working memory}, publisher = {OUP}}\n"
        "@book{c07, author = {Conway, A. and Kane, M.}, year = {2007},"
        " title = {Variation in working memory}, publisher = {OUP}}\n"
    )
    assert messages("duplicate-entry", bib) == [
        "[c17] entry has the same title, year and venue as 'b17' (line 2)",
        "[b17] entry has the same title, year and venue as 'c17' (line 1)",
    ]


def pair(folder: str, *keys: str) -> str:
    """Entries of a labelled real bibliography, byte for byte, one after the other."""
    return "".join(corpus_entry(folder, key) for key in keys)


def test_a_conference_note_and_the_paper_after_it_with_other_report_numbers_are_two_works() -> None:
    # inspire-pyhf-citations: the ATLAS note of July 2023 and the paper of December, one
    # title, one year, each with its report number.
    bib = pair("inspire-pyhf-citations", "ATLAS-CONF-2023-040", "ATLAS:2023ian")
    assert messages("duplicate-entry", bib) == []
    # One number in both copies: one work, reported.
    same = bib.replace('"{ATLAS-CONF-2023-040}"', '"{CERN-EP-2023-202}"')
    assert messages("duplicate-entry", same) == [
        "[ATLAS-CONF-2023-040] entry has the same first author, title and year as"
        " 'ATLAS:2023ian' (line 8)",
        "[ATLAS:2023ian] entry has the same first author, title and year as"
        " 'ATLAS-CONF-2023-040' (line 1)",
    ]


def test_lecture_notes_and_the_book_of_their_title_are_two_works() -> None:
    # hand-pism-glaciology (pism/pism's doc/ice-bib.bib): Greve's notes of 2005, his and
    # Blatter's book of 2009.
    bib = pair("hand-pism-glaciology", "GreveNotes", "GreveBlatter2009")
    assert "Lecture notes Sapporo" in bib
    assert messages("duplicate-entry", bib) == []
    # The same draft without its note, or with the name of Springer's series as its note,
    # reads as the book's preprint: a guess, info.
    series = bib.replace("Lecture notes Sapporo", "Lecture Notes in Physics")
    draft = bib.replace("      NOTE = {Lecture notes Sapporo},\n", "")
    assert messages("duplicate-entry", series) == [
        "[GreveNotes] entry has the same first author and title as 'GreveBlatter2009' (line 7)",
        "[GreveBlatter2009] entry has the same first author and title as 'GreveNotes' (line 1)",
    ]
    assert messages("duplicate-entry", draft) == [
        "[GreveNotes] entry has the same first author and title as 'GreveBlatter2009' (line 6)",
        "[GreveBlatter2009] entry has the same first author and title as 'GreveNotes' (line 1)",
    ]
