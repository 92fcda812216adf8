"""CSL-JSON items from entries: types, fields, names, dates."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from docbuild.bib.csl import to_csl_item, to_csl_json
from docbuild.bib.read import parse_bib


def item(text: str) -> dict[str, object]:
    bib = parse_bib(text, Path("refs.bib"))
    assert bib.problems == ()
    return to_csl_item(bib.entries[0])


def test_article_with_every_common_field() -> None:
    assert item(
        "@article{khan2019,\n"
        '  author = {Khan, Uroosa and G{\\"o}del, Kurt and {\\L}ukasz Nowak},\n'
        "  title = {The {SCO} and \\emph{Russia}},\n"
        "  journaltitle = {Strategic Studies},\n"
        "  volume = {39}, number = {3}, pages = {89--104},\n"
        "  date = {2019-09},\n"
        "  doi = {10.53532/ss.039.03.00107},\n"
        "  issn = {1029-0990}, note = {In Urdu {\\&} English}\n"
        "}\n"
    ) == {
        "id": "khan2019",
        "type": "article-journal",
        "author": [
            {"family": "Khan", "given": "Uroosa"},
            {"family": "Gödel", "given": "Kurt"},
            {"family": "Nowak", "given": "Łukasz"},
        ],
        "title": 'The <span class="nocase">SCO</span> and <i>Russia</i>',
        "container-title": "Strategic Studies",
        "volume": "39",
        "issue": "3",
        "page": "89–104",
        "DOI": "10.53532/ss.039.03.00107",
        "ISSN": "1029-0990",
        "note": "In Urdu & English",
        "issued": {"date-parts": [[2019, 9]]},
    }


@pytest.mark.parametrize(
    ("entry", "csl_type"),
    [
        ("@article{k, journal = {J}}", "article-journal"),
        ("@article{k, entrysubtype = {newspaper}}", "article-newspaper"),
        ("@article{k, entrysubtype = {magazine}}", "article-magazine"),
        ("@book{k}", "book"),
        ("@incollection{k}", "chapter"),
        ("@inbook{k}", "chapter"),
        ("@inproceedings{k}", "paper-conference"),
        ("@report{k}", "report"),
        ("@techreport{k}", "report"),
        ("@phdthesis{k}", "thesis"),
        ("@thesis{k}", "thesis"),
        ("@online{k}", "webpage"),
        ("@misc{k, url = {https://example.org}}", "webpage"),
        ("@misc{k, howpublished = {\\url{https://example.org}}}", "webpage"),
        ("@misc{k}", "article"),
        ("@unknowntype{k}", "article"),
    ],
)
def test_types(entry: str, csl_type: str) -> None:
    assert item(entry)["type"] == csl_type


def test_report_thesis_online_chapter() -> None:
    assert item(
        "@techreport{r, institution = {Institute of South Asian Studies}, number = {12},"
        " type = {Working paper}, address = {Singapore}, year = 2021, month = nov}"
    ) == {
        "id": "r",
        "type": "report",
        "publisher": "Institute of South Asian Studies",
        "publisher-place": "Singapore",
        "number": "12",
        "genre": "Working paper",
        "issued": {"date-parts": [[2021, 11]]},
    }
    assert item("@mastersthesis{t, school = {LUMS}, year = {2020}}") == {
        "id": "t",
        "type": "thesis",
        "publisher": "LUMS",
        "genre": "Master's thesis",
        "issued": {"date-parts": [[2020]]},
    }
    assert item(
        "@online{o, organization = {The Diplomat}, url = {https://thediplomat.com/x},"
        " urldate = {2024-05-17}, date = {2023-02-01}}"
    ) == {
        "id": "o",
        "type": "webpage",
        "publisher": "The Diplomat",
        "URL": "https://thediplomat.com/x",
        "accessed": {"date-parts": [[2024, 5, 17]]},
        "issued": {"date-parts": [[2023, 2, 1]]},
    }
    assert item(
        "@incollection{c, booktitle = {Handbook}, editor = {Smith, A.}, publisher = {Springer},"
        " edition = {2}, isbn = {978-3-16-148410-0}, series = {LNCS}, number = {7}}"
    ) == {
        "id": "c",
        "type": "chapter",
        "container-title": "Handbook",
        "collection-title": "LNCS",
        "collection-number": "7",
        "editor": [{"family": "Smith", "given": "A."}],
        "publisher": "Springer",
        "edition": "2",
        "ISBN": "978-3-16-148410-0",
    }


def test_names_particles_suffixes_literals() -> None:
    assert item(
        "@book{b, author = {Ludwig van Beethoven and de la Fontaine, Jean and"
        " Smith, Jr, John and {United Nations} and Aristotle and others}}"
    )["author"] == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
        {"family": "Smith", "given": "John", "suffix": "Jr"},
        {"literal": "United Nations"},
        {"family": "Aristotle"},
        {"literal": "others"},
    ]


def test_and_others_is_kept_for_pandoc_and_dropped_for_citeproc_py() -> None:
    entry = "@article{a, author = {Smith, John and others}, title = {T}}"
    assert item(entry)["author"] == [{"family": "Smith", "given": "John"}, {"literal": "others"}]
    (bib_entry,) = parse_bib(entry, Path("refs.bib")).entries
    assert to_csl_item(bib_entry, markup=False)["author"] == [{"family": "Smith", "given": "John"}]


@pytest.mark.parametrize(
    ("fields", "issued"),
    [
        ("date = {2022-02-23}", {"date-parts": [[2022, 2, 23]]}),
        ("date = {2022-02}", {"date-parts": [[2022, 2]]}),
        ("date = {2020/2021}", {"date-parts": [[2020], [2021]]}),
        ("date = {2020-01/2020-03}", {"date-parts": [[2020, 1], [2020, 3]]}),
        ("date = {2020/..}", {"date-parts": [[2020]]}),
        ("date = {1850?}", {"date-parts": [[1850]], "circa": True}),
        ("date = {2022, 2 23}", {"date-parts": [[2022]]}),
        ("date = {circa 1850}", {"literal": "circa 1850"}),
        ("year = {2015}, month = {September}", {"date-parts": [[2015, 9]]}),
        ("year = 2015, month = sep, day = {3}", {"date-parts": [[2015, 9, 3]]}),
        ("year = {in press}", {"literal": "in press"}),
    ],
)
def test_dates(fields: str, issued: dict[str, object]) -> None:
    assert item(f"@misc{{k, {fields}}}")["issued"] == issued


def test_arxiv_eprint() -> None:
    got = item("@misc{a, eprint = {2101.00001}, eprinttype = {arxiv}}")
    assert got["URL"] == "https://arxiv.org/abs/2101.00001"
    assert got["archive"] == "arXiv"


def test_csl_json_is_deterministic_and_keeps_first_of_duplicate_keys() -> None:
    bib = parse_bib("@misc{a, title={One}}\n@misc{a, title={Two}}\n@misc{b}\n", Path("r.bib"))
    items = to_csl_json(bib)
    assert [(i["id"], i.get("title")) for i in items] == [("a", "One"), ("b", None)]
    assert json.dumps(items, sort_keys=True) == json.dumps(to_csl_json(bib), sort_keys=True)


def test_biblatex_report_and_online_with_eprint() -> None:
    bib = parse_bib(
        "@report{khalid2021,\n"
        "  author      = {Khalid, I.},\n"
        "  title       = {Pakistan-China Relations},\n"
        "  institution = {Institute of South Asian Studies},\n"
        "  date        = {2021-11-30},\n"
        "  doi         = {10.48561/375h-qav7},\n"
        "}\n\n"
        "@online{preprint2024,\n"
        "  author       = {Nguyen, Li},\n"
        "  title        = {A Preprint},\n"
        "  journaltitle = {arXiv},\n"
        "  eprint       = {2401.01234},\n"
        "  eprinttype   = {arxiv},\n"
        "  urldate      = {2024-02-01},\n"
        "  date         = {2024-01},\n"
        "}\n",
        Path("refs.bib"),
    )
    assert bib.problems == ()
    report, online = (to_csl_item(e) for e in bib.entries)
    assert report == {
        "id": "khalid2021",
        "type": "report",
        "author": [{"family": "Khalid", "given": "I."}],
        "title": "Pakistan-China Relations",
        "publisher": "Institute of South Asian Studies",
        "DOI": "10.48561/375h-qav7",
        "issued": {"date-parts": [[2021, 11, 30]]},
    }
    assert online == {
        "id": "preprint2024",
        "type": "webpage",
        "author": [{"family": "Nguyen", "given": "Li"}],
        "title": "A Preprint",
        "container-title": "arXiv",
        "archive": "arXiv",
        "archive_location": "2401.01234",
        "URL": "https://arxiv.org/abs/2401.01234",
        "accessed": {"date-parts": [[2024, 2, 1]]},
        "issued": {"date-parts": [[2024, 1]]},
    }


def test_biblatex_extended_names_as_pandoc_reads_them() -> None:
    """Better BibTeX writes a name with a particle in biblatex's extended format: one name,
    its parts named (the excerpt's line 61). It printed `Pang L, family=Brauw, given=Alan,
    prefix=de, useprefix=false, Rozelle S` in the reference list; pandoc's own reader of the
    same file is the reference, `useprefix=true` and a braced value as well."""
    from docbuild.render.pandoc import pandoc_path

    excerpt = Path(__file__).parents[1] / "realworld/excerpts/quarto-cn-tools/bibliography.bib"
    extra = (
        "@book{x, author = {family=Brauw, given=Alan, prefix=de, useprefix=true and"
        " given={John Paul}, family={Smith Jones}, suffix=Jr.}, title = {T}, date = {2004}}\n"
    )
    for text in (excerpt.read_text(encoding="utf-8"), extra):
        ours = item(text)["author"]
        run = subprocess.run(
            [pandoc_path(), "-f", "biblatex", "-t", "csljson"],
            input=text, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert ours == json.loads(run.stdout)[0]["author"]
    assert item(excerpt.read_text(encoding="utf-8"))["author"][1] == {
        "family": "Brauw",
        "given": "Alan",
        "dropping-particle": "de",
    }


def test_nasa_ads_journal_macro_and_suffix_last() -> None:
    """NASA ADS's export (DAXA's paper.bib, the excerpt): `journal = {\\apjs}`, a macro of
    AASTeX's, printed nothing (16 of the paper's references had no journal); `{Harnden},
    F.~R., Jr.` (ADS puts the suffix last) printed `Harnden, Jr., F. R.`, its given names as
    the suffix."""
    excerpt = Path(__file__).parents[1] / "realworld/excerpts/daxa-coup.bib"
    csl = item(excerpt.read_text(encoding="utf-8"))
    assert csl["container-title"] == "ApJS"
    assert csl["author"][9] == {"family": "Harnden", "given": "F. R.", "suffix": "Jr."}
    assert (
        item("@article{k, author = {Li, J.}, journal = {\\mnras}, year = 2020}")["container-title"]
        == "MNRAS"
    )


# Aarhus-Psychiatry-Research/timeseriesflattener's paper/paper.bib (commit 742e933, MIT), the
# entry's fields as Zotero wrote them (its abstract and file left out): the note is Zotero's.
ZOTERO_NOTE = """@article{lauritsen_framing_2021,
  title        = {The Framing of machine learning risk prediction models illustrated by evaluation of sepsis in general wards},
  volume       = {4},
  pages        = {1--12},
  number       = {1},
  journaltitle = {npj Digital Medicine},
  author       = {Lauritsen, Simon Meyer and Thiesson, Bo and J\u00f8rgensen, Marianne Johansson and Riis, Anders Hammerich and Espelund, Ulrick Skipper and Weile, Jesper Bo and Lange, Jeppe},
  date         = {2021-11-15},
  note         = {Number: 1
Publisher: Nature Publishing Group},
}
"""  # noqa: E501
NOTE_CSL = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info>'
    "<title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
    '<text variable="title" suffix=". "/><text variable="note"/></layout></bibliography></style>'
)


@pytest.mark.parametrize(
    "note",
    [
        "Number: 1\nPublisher: Nature Publishing Group",
        "Accepted: to appear in Nature",
        "{:original-date: 1999} Reprint",
        "Written in 1999: a reprint",  # no field: as it was
        "https://cs.swan.ac.uk/~csfnf/papers/indind_finite.pdf",  # bibdesk-hott-book's
        "arXiv:1302.1207",
    ],
)
def test_a_note_prints_as_pandoc_prints_it_from_the_bib(tmp_path: Path, note: str) -> None:
    """citeproc reads `Name: value` at the start of a CSL-JSON note as a variable; pandoc
    reading the .bib does not. Zotero's `Number: 1 Publisher: Nature Publishing Group` printed
    "4(1), Article 1 Publisher: Nature Publishing Group" in APA, the pages gone; a note that
    a style prints lost its words. Rendered by the real pandoc both ways, in APA and in a
    style that prints notes: the same text, not a character more."""
    from docbuild.render.pandoc import pandoc_path
    from docbuild.style import PACKAGE_STYLES

    text = ZOTERO_NOTE.replace("Number: 1\nPublisher: Nature Publishing Group", note)
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    (tmp_path / "refs.json").write_text(json.dumps([item(text)]), encoding="utf-8")
    (tmp_path / "notes.csl").write_text(NOTE_CSL, encoding="utf-8")
    (tmp_path / "paper.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    for csl in (PACKAGE_STYLES / "gfpr" / "apa.csl", tmp_path / "notes.csl"):
        printed = []
        for bibliography in ("refs.bib", "refs.json"):
            run = subprocess.run(
                [pandoc_path(), "paper.md", "--citeproc", "--bibliography", bibliography,
                 "--csl", str(csl), "-t", "plain", "--wrap=none"],
                cwd=tmp_path, capture_output=True, text=True, check=True,
            )  # fmt: skip
            # after the title, which the two readers case differently (not the point here)
            printed.append(run.stdout.split("general wards", 1)[1])
        assert printed[1] == printed[0], csl.name
        assert "Article" not in printed[0]
    assert "1\u201312" in printed[0] or csl.name == "notes.csl"
