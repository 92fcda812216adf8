"""B005 missing-doi."""

from lintkit import corpus_entry, findings, messages

from docbuild.crossref.verified import Status, Verification
from docbuild.crossref.work import Work
from docbuild.diagnostics import Severity

ARTICLE = (
    "@article{hussain2012,\n  author = {Hussain, N.},\n  title = {Pak-Russia Relations},\n"
    "  journal = {Journal of Political Studies},\n  year = {2012},\n  volume = {19},\n"
    "  number = {1},\n  pages = {79},\n%s}\n"
)


def test_pass() -> None:
    assert messages("missing-doi", ARTICLE % "  doi = {10.1234/jps.2012.19.1}\n") == []


def test_fail() -> None:
    (d,) = findings("missing-doi", ARTICLE % "")
    assert (d.key, d.message, d.severity) == ("hussain2012", "article has no doi", Severity.WARNING)
    assert (
        d.fix == "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"
    )


def test_books_theses_reports_web_pages_news_preprints_and_venues_without_dois_pass() -> None:
    bib = (
        "@book{b2016, author = {W, H.}, title = {T}, publisher = {Springer}, year = {2016}}\n"
        "@phdthesis{t2019, author = {W, H.}, title = {T}, school = {MIT}, year = {2019}}\n"
        "@techreport{r2019, author = {W, H.}, title = {T}, institution = {NIDS}, year = {2019}}\n"
        "@online{w2022, title = {T}, url = {https://valdaiclub.com/a/}, year = {2022}}\n"
        "@article{c2015, author = {C, T.}, title = {T}, journal = {The Guardian}, year = {2015}}\n"
        "@article{v2017, author = {V, A.}, title = {T}, journal = {J}, year = {2017},"
        " eprint = {1706.03762}}\n"
        "@article{z2021, author = {Z, A.}, title = {T}, journal = {arXiv:2103.06484 [cs]},"
        " year = {2021}}\n"
        "@article{n1998, author = {C, C.}, title = {T}, journal = {NBER Working Paper 6549},"
        " year = {1998}}\n"
        "@article{j2012, author = {B, J.}, title = {T},"
        " journal = {Journal of Machine Learning Research}, year = {2012}}\n"
        "@inproceedings{s2012, author = {S, J.}, title = {T},"
        " booktitle = {Advances in Neural Information Processing Systems}, year = {2012}}\n"
        "@inproceedings{m2008, author = {L, J.}, title = {T},"
        " booktitle = {Proceedings of the 9th ISMIR}, year = {2008}}\n"
    )
    assert messages("missing-doi", bib) == []


def test_papers_in_proceedings_that_give_dois_are_a_warning() -> None:
    bib = (
        "@inproceedings{g2015, author = {G, R.}, title = {T},"
        " booktitle = {Proceedings of the {IEEE} International Conference on Computer Vision},"
        " year = {2015}}\n"
    )
    (d,) = findings("missing-doi", bib)
    assert (d.message, d.severity) == ("inproceedings has no doi", Severity.WARNING)


def test_a_doi_the_entry_holds_elsewhere_is_an_error_and_the_fix_gives_it() -> None:
    url = "  url = {http://link.springer.com/chapter/10.1007/978-1-4614-1770-5_3},\n"
    (d,) = findings("missing-doi", ARTICLE % url)
    assert (d.message, d.fix, d.severity) == (
        "article has no doi, but its url holds doi '10.1007/978-1-4614-1770-5_3'",
        "doi = {10.1007/978-1-4614-1770-5_3}",
        Severity.ERROR,
    )
    assert d.location.line == 9
    book = "@book{b2016, title = {T}, ee = {https://doi.org/10.1007/978-3-642-25566-3}}\n"
    assert messages("missing-doi", book) == [
        "[b2016] book has no doi, but its ee holds doi '10.1007/978-3-642-25566-3'"
    ]


def test_a_style_cannot_make_a_guess_an_error() -> None:
    from docbuild.lint.policy import make_policy

    policy = make_policy(style_severity=[("B005", "error")])  # as gfpr's style.toml says
    (guess,) = findings("missing-doi", ARTICLE % "", policy=policy)
    assert guess.severity is Severity.WARNING
    known = ARTICLE % "  note = {doi: 10.1234/jps.2012.19.1},\n"
    (d,) = findings("missing-doi", known, policy=policy)
    assert d.severity is Severity.ERROR


def test_a_verified_crossref_record_gives_the_fix() -> None:
    record = Work("10.1234/found", "Pakistan's Foreign Policy")
    found = Verification(
        Status.FOUND, 0.97, "title 100% similar", "2026-11-28T10:00:00Z", record=record
    )
    (d,) = findings("missing-doi", ARTICLE % "", verified={"hussain2012": found})
    assert d.fix == "doi = {10.1234/found}  (Crossref match, score 0.97)"


def test_articles_in_other_languages_outside_the_sciences_pass() -> None:
    bib = (
        "@article{bouyer61, author = {Bouyer, L.},"
        " title = {R{\\'e}ponse {\\`a} Jean Dani{\\'e}lou},"
        " journaltitle = {{\\'E}tudes}, year = {1961}}\n"
        "@article{rogge2001, author = {Rogge, M.}, title = {Het wegennet van de {Romeinen}},"
        " journal = {Hermeneus}, year = {2001}}\n"
        "@article{spiegelberg, author = {S, H.}, title = {Intention},"
        " journaltitle = {Studia Philosophica}, year = {1969}, langid = {german}}\n"
    )
    assert messages("missing-doi", bib) == []


def test_articles_in_other_languages_in_the_sciences_and_in_english_are_a_warning() -> None:
    bib = (
        "@article{hilbert1891, author = {Hilbert, D.},"
        ' title = {{\\"U}ber die stetige Abbildung einer Linie auf ein Fl{\\"a}chenst{\\"u}ck},'
        " journal = {Mathematische Annalen}, year = {1891}}\n"
        "@article{balthasar04, author = {Balthasar, H. U. von}, title = {Joy and the Cross},"
        " journaltitle = {Communio}, year = {2004}, language = {english}}\n"
    )
    assert messages("missing-doi", bib) == [
        "[hilbert1891] article has no doi",
        "[balthasar04] article has no doi",
    ]


def test_a_work_linked_to_google_books_passes() -> None:
    url = "  url = {http://books.google.co.uk/books?hl=en&id=wHl6AsvmCdYC&pg=PT31},\n"
    assert messages("missing-doi", ARTICLE % url) == []
    other = "  url = {http://www.jstor.org/stable/2534771},\n"
    assert messages("missing-doi", ARTICLE % other) == ["[hussain2012] article has no doi"]


def test_soviet_journals_in_russian_and_journals_that_repeat_the_title_pass() -> None:
    bib = (
        "@article{VapChe68, author = {V. Vapnik and A. Chervonenkis}, title = {Uniform"
        " convergence}, journal = {Dokl.\\ Akad.\\ Nauk SSSR}, volume = 181, year = 1968}\n"
        "@article{bailey2006, author = {Bailey, Ellen}, title = {R\\'ozsa {P}\\'eter},"
        " journal = {R\\'ozsa P\\'eter}, year = {2006}}\n"
    )
    assert messages("missing-doi", bib) == []
    # Their English translations have DOIs, and a journal named like a word of the title is one.
    other = (
        "@article{v1968, author = {V, V.}, title = {Uniform convergence},"
        " journal = {Soviet Mathematics Doklady}, year = 1968}\n"
        "@article{g2006, author = {G, E.}, title = {Genetics}, journal = {Genetics of Cattle},"
        " year = {2006}}\n"
    )
    assert messages("missing-doi", other) == [
        "[v1968] article has no doi",
        "[g2006] article has no doi",
    ]


def test_an_article_whose_journal_names_an_institution_passes() -> None:
    bib = (
        "@article{who2013, author = {{World Health Organization}}, title = {Global brief on"
        " hypertension}, journal = {World Health Organization}, year = {2013}}\n"
        "@article{cbo2004, author = {C, B.}, title = {T}, journal = {Congressional Budget Office},"
        " year = {2004}}\n"
    )
    assert messages("missing-doi", bib) == []
    # A periodical of an institution is a journal.
    franklin = (
        "@article{f1990, author = {F, B.}, title = {T}, journal = {Journal of the Franklin"
        " Institute}, year = {1990}}\n"
    )
    assert messages("missing-doi", franklin) == ["[f1990] article has no doi"]


def test_acl_papers_from_2014_and_ieee_computer_vision_conferences_are_a_warning() -> None:
    acl = (
        "@inproceedings{k2018, author = {K, J.}, title = {T}, booktitle = {Proceedings of the"
        " CoNLL 2018 Shared Task}, year = {2018}, publisher = {{A}ssociation for {C}omputational"
        " {L}inguistics}}\n"
        "@inproceedings{r2013, author = {R, O.}, title = {T},"
        " booktitle = {{I}nternational {C}onference on {C}omputer {V}ision (ICCV)},"
        " year = {2013}}\n"
    )
    assert messages("missing-doi", acl) == [
        "[k2018] inproceedings has no doi",
        "[r2013] inproceedings has no doi",
    ]
    # The ACL Anthology's papers before 2014 mostly have none.
    old = (
        "@inproceedings{m2011, author = {M, A.}, title = {T}, booktitle = {Proceedings of the"
        " 49th Annual Meeting}, year = {2011},"
        " organization = {{A}ssociation for {C}omputational {L}inguistics}}\n"
    )
    assert messages("missing-doi", old) == []


def test_a_chapter_of_a_book_from_a_publisher_that_gives_chapters_dois_is_info() -> None:
    bib = (
        "@incollection{d2001, author = {D, A.}, title = {An introduction},"
        " booktitle = {Sequential Monte Carlo Methods in Practice}, pages = {3--14},"
        " year = {2001}, publisher = {Springer}}\n"
        "@incollection{o2013, author = {O, B.}, title = {T}, booktitle = {B}, year = {2013},"
        " publisher = {Oxford University Press}}\n"
    )
    (d,) = findings("missing-doi", bib)
    assert (d.key, d.message, d.severity) == ("d2001", "incollection has no doi", Severity.INFO)


def test_an_article_in_another_language_warns_when_its_journal_gives_dois_elsewhere() -> None:
    bib = (
        "@article{chenu35, author = {Chenu, M.-D.}, title = {Position de la th{\\'e}ologie},"
        " journal = {Revue des sciences philosophiques et th{\\'e}ologiques}, year = {1935}}\n"
        "@article{congar76, author = {Congar, Y.}, title = {Pour une histoire},"
        " journal = {Revue des Sciences philosophiques et théologiques}, year = {1976},"
        " doi = {10.2307/44409632}}\n"
        "@article{chenu30, author = {Chenu, M.-D.}, title = {Pour lire saint Augustin},"
        " journal = {La Vie spirituelle}, year = {1930}}\n"
    )
    assert messages("missing-doi", bib) == [
        "[chenu35] article has no doi, while 1 other work of "
        "'Revue des sciences philosophiques et théologiques' in this file has one"
    ]


def _articles(journal: str, keys: range, doi: bool) -> str:
    return "".join(
        f"@article{{a{k}, author = {{Auth, A.}}, title = {{Work {k}}}, journal = {{{journal}}},"
        f" year = {{2001}}{', doi = {10.1000/x' + str(k) + '}' if doi else ''}}}\n"
        for k in keys
    )


# Three Stanford Law Review articles of tests/realworld/bib/bibdesk-econ-transparency (the
# review registers no DOIs), in a file whose other articles carry them.
STANFORD = (
    "@article{ayres_shooting_2003, author = {Ayres, Ian and Donohue, John J.}, title = {Shooting"
    " Down the More Guns, Less Crime Hypothesis}, journal = {Stanford Law Review},"
    " volume = {55}, number = {4}, pages = {1193--1312}, year = {2003}}\n"
    "@article{ayres_latest_2003, author = {Ayres, Ian and Donohue, John J.}, title = {The Latest"
    " Misfires in Support of the More Guns, Less Crime Hypothesis}, journal = {Stanford Law"
    " Review}, volume = {55}, number = {4}, pages = {1371--1398}, year = {2003}}\n"
    "@article{donohue_uses_2005, author = {Donohue, John J. and Wolfers, Justin}, title = {Uses"
    " and Abuses of Empirical Evidence in the Death Penalty Debate}, journal = {Stanford Law"
    " Review}, volume = {58}, number = {3}, pages = {791--845}, year = {2005}}\n"
)


def test_a_venue_none_of_whose_works_in_the_file_has_a_doi_is_info() -> None:
    bib = STANFORD + _articles("Journal of Political Economy", range(20), doi=True)
    found = findings("missing-doi", bib)
    assert [(d.key, d.severity) for d in found] == [
        ("ayres_shooting_2003", Severity.INFO),
        ("ayres_latest_2003", Severity.INFO),
        ("donohue_uses_2005", Severity.INFO),
    ]
    assert found[0].message == (
        "article has no doi, nor have the other 2 works of 'Stanford Law Review' in this file "
        "(the file's other works: 100% with a doi): the venue likely issues none"
    )


def test_a_venue_without_dois_is_still_a_warning_where_the_file_rarely_records_them() -> None:
    # (1 - 0.5)**3 = 12.5%: three works without one prove nothing in a file with half its
    # works without a DOI; nor do two in a file of nothing but DOIs.
    half = _articles("JPE", range(10), doi=True) + _articles("AER", range(10, 20), doi=False)
    found = findings("missing-doi", STANFORD + half)
    assert {d.severity for d in found if d.key.startswith(("ayres", "donohue"))} == {
        Severity.WARNING
    }
    two = "\n".join(STANFORD.split("\n")[:2]) + "\n"
    found = findings("missing-doi", two + _articles("JPE", range(20), doi=True))
    assert {d.severity for d in found} == {Severity.WARNING}


def test_the_warning_says_where_other_works_of_the_venue_carry_a_doi() -> None:
    bib = STANFORD.replace("pages = {1193--1312}", "pages = {1193--1312}, doi = {10.2307/1229603}")
    found = {d.key: d for d in findings("missing-doi", bib)}
    assert found["ayres_latest_2003"].message == (
        "article has no doi, while 1 other work of 'Stanford Law Review' in this file has one"
    )
    assert found["ayres_latest_2003"].severity is Severity.WARNING


def test_an_entry_from_mathscinet_or_zbmath_without_a_doi_has_none_known() -> None:
    """MathSciNet and zbMATH record a work's DOI where it has one; their exports carry it.
    Uspekhi Mat. Nauk of 1963 (MathSciNet) and Applied Mathematics E-Notes (zbMATH) have none
    (leanprover-community/mathlib's references.bib, tests/realworld/bib/mathscinet-mathlib):
    both were "article has no doi". Without the review number it is the guess again."""
    manin = corpus_entry("mathscinet-mathlib", "manin1963")
    orosi = corpus_entry("mathscinet-mathlib", "orosi2018faulhaber")
    assert messages("missing-doi", manin) == []
    assert messages("missing-doi", orosi) == []
    unreviewed = manin.replace("  mrnumber      = {0157972},\n", "")
    assert messages("missing-doi", unreviewed) == ["[manin1963] article has no doi"]
