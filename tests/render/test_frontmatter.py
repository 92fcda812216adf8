"""Front matter: read through pandoc's metadata, validated with messages that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import ConfigError
from docbuild.render.frontmatter import FrontMatter, read_front_matter
from docbuild.render.pandoc import parse_markdown
from docbuild.render.people import orcid_checksum_ok

GOOD = """\
---
title: "A *Title*"
author:
  - name: Ann Bee
    affiliation: [a1, a2]
    email: ann@example.org
    orcid: https://orcid.org/0000-0002-1825-0097
    cor-id: 1
  - name: Cy Dee
    affiliation: a2
affiliation:
  - id: a1
    organization: First University
  - id: a2
    organization: Second Institute
journal: {title: Global Foreign Policies Review, abbrev-title: GFPR}
article: {volume: VI, issue: III, fpage: 1, lpage: 8, doi: "https://doi.org/10.31703/gfpr.2023(VI-III).01"}
date: Summer 2023
keywords: [trade, bargaining]
abstract: One *short* paragraph.
---

Text.
"""


def read(tmp_path: Path, text: str) -> tuple[FrontMatter, list[str], Path]:
    path = tmp_path / "paper.md"
    path.write_text(text, encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    fm, warnings = read_front_matter(ast["meta"], files=[path])  # type: ignore[arg-type]
    return fm, warnings, path


def error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        read(tmp_path, text)
    return info.value


def test_good_front_matter_is_read(tmp_path: Path) -> None:
    fm, warnings, _ = read(tmp_path, GOOD)
    assert warnings == []
    assert fm.title == "A Title"
    assert [a.name for a in fm.authors] == ["Ann Bee", "Cy Dee"]
    assert fm.authors[0].orcid == "0000-0002-1825-0097"
    assert fm.authors[0].corresponding and not fm.authors[1].corresponding
    assert fm.authors[1].affiliations == ("a2",)
    assert [(a.id, a.mark) for a in fm.affiliations] == [("a1", "*"), ("a2", "†")]
    assert (fm.volume, fm.issue, fm.fpage, fm.lpage) == ("VI", "III", 1, 8)
    assert fm.doi == "10.31703/gfpr.2023(VI-III).01"
    assert (fm.season, fm.year) == ("Summer", 2023)
    assert fm.keywords == ("trade", "bargaining")
    assert fm.abstract == "One short paragraph."
    assert fm.journal_abbrev == "GFPR"


def test_unknown_affiliation_id_names_the_author_and_id(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("affiliation: a2\n", "affiliation: a9\n"))
    assert exc.message == "author 'Cy Dee' has affiliation 'a9', which is not an affiliation id"
    assert exc.hint == "known affiliation ids: a1, a2 (the 'affiliation:' list)"
    assert exc.location is not None and exc.location.line == 10


def test_malformed_doi_is_an_error(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace('doi: "https://doi.org/10.31703/', 'doi: "gfpr/'))
    assert exc.message == "'article.doi' is 'gfpr/gfpr.2023(VI-III).01', which is not a DOI"


def test_a_lang_that_is_no_language_tag_is_an_error_naming_its_line(tmp_path: Path) -> None:
    # It reached the template's `lang="..."` as written: a quote in it broke the page, which
    # was reported as "the style's template has no <head> or <body>".
    text = GOOD.replace("date: Summer 2023\n", 'date: Summer 2023\nlang: "en\\" onload=\\"x"\n')
    exc = error(tmp_path, text)
    assert exc.message == "'lang' is 'en\u201d onload=\u201cx', which is not a language tag"
    assert exc.hint == (
        "write a BCP 47 language tag: letters, digits and hyphens, e.g. en-US, de, pt-BR"
    )
    assert exc.location is not None and exc.location.line == 19  # the line after date:
    for lang in ("de", "en-GB", "zh-Hant-TW", "en_US", "x-klingon"):
        fm, _, _ = read(
            tmp_path, GOOD.replace("date: Summer 2023\n", f"date: 2023\nlang: {lang}\n")
        )
        assert fm.lang == lang
    assert read(tmp_path, GOOD)[0].lang == "en-US"


def test_orcid_with_a_wrong_check_digit_is_left_out_with_a_warning(tmp_path: Path) -> None:
    fm, warnings, path = read(tmp_path, GOOD.replace("0000-0002-1825-0097", "0000-0002-1825-0098"))
    assert fm.authors[0].orcid is None  # never printed wrong
    assert fm.authors[0].email == "ann@example.org"  # the rest of the author is kept
    assert [(w.rule, w.severity.value, w.location.path, w.location.line) for w in warnings] == [
        ("R012", "warning", path, 7)
    ]
    assert warnings[0].message == (
        "author 'Ann Bee' has ORCID 'https://orcid.org/0000-0002-1825-0098',"
        " which is not a valid ORCID iD: left out of the paper"
    )
    assert warnings[0].fix == (
        "correct it or remove it: an ORCID iD is 16 digits in groups of four, the last a check"
        " digit (e.g. 0000-0002-1825-0097)"
    )


def test_an_email_that_is_no_address_is_left_out_with_a_warning(tmp_path: Path) -> None:
    fm, warnings, _ = read(tmp_path, GOOD.replace("ann@example.org", "0000-0001-6331-445"))
    assert fm.authors[0].email is None
    assert fm.authors[0].orcid == "0000-0002-1825-0097"
    assert [(w.rule, w.location.line, w.message, w.fix) for w in warnings] == [
        (
            "R012",
            6,
            "author 'Ann Bee' has e-mail '0000-0001-6331-445', which is not an e-mail address:"
            " left out of the paper",
            "correct it (name@example.org) or remove it",
        )
    ]


def test_orcid_checksum() -> None:
    assert orcid_checksum_ok("0000-0002-1825-0097")
    assert orcid_checksum_ok("0000-0002-1694-233X")
    assert not orcid_checksum_ok("0000-0002-1694-2339")


def test_volume_must_be_a_number_or_roman(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("volume: VI", "volume: six"))
    assert exc.message == "'article.volume' is 'six', which is neither a number nor a roman numeral"


def test_pages_out_of_order(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("lpage: 8", "lpage: 0"))
    assert exc.message == "'article.lpage' is '0', which is not a page number"
    exc = error(tmp_path, GOOD.replace("fpage: 1", "fpage: 9"))
    assert exc.message == "'article.lpage' (8) is before 'article.fpage' (9)"


def test_dates(tmp_path: Path) -> None:
    fm, _, _ = read(tmp_path, GOOD.replace("date: Summer 2023", "date: 2021-03-04"))
    assert (fm.year, fm.month, fm.day, fm.season) == (2021, 3, 4, None)
    exc = error(tmp_path, GOOD.replace("date: Summer 2023", "date: Midsummer 2023"))
    assert exc.message == "'date' is 'Midsummer 2023', which is not a date"


def test_bibliography_and_csl_are_ignored_with_a_warning(tmp_path: Path) -> None:
    text = GOOD.replace("date:", "bibliography: /etc/other.bib\ncsl: evil.csl\ndate:")
    _, warnings, path = read(tmp_path, text)
    assert [w.format() for w in warnings] == [
        f"{path}:18: warning R001 ignored-front-matter 'bibliography' in the front matter is"
        " ignored; citation data comes only from refs.bib and the style's CSL",
        f"{path}:19: warning R001 ignored-front-matter 'csl' in the front matter is ignored;"
        " citation data comes only from refs.bib and the style's CSL",
    ]
    assert [w.fix for w in warnings] == [
        "remove 'bibliography:' from the front matter",
        "remove 'csl:' from the front matter",
    ]


def test_required_field_missing(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text("---\ntitle: T\n---\n\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    with pytest.raises(ConfigError) as info:
        read_front_matter(ast["meta"], files=[path], required=("title", "author"))  # type: ignore[arg-type]
    assert info.value.message == "the front matter has no 'author', which this style requires"


def test_an_affiliation_s_address_parts_make_its_note(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  - id: a1\n    organization: First University\n",
        "  - id: a1\n    department: Department of Political Science\n"
        "    organization: First University\n    city: Peshawar\n    region: KP\n"
        "    country: Pakistan\n",
    )
    fm, _, _ = read(tmp_path, text)
    assert [a.address for a in fm.affiliations] == [
        "Department of Political Science, First University, Peshawar, KP, Pakistan",
        "Second Institute",
    ]


def test_a_key_a_meta_shortcode_prints_is_used(tmp_path: Path) -> None:
    """gij-bent's paper.qmd (AntheSevenants/gij-bent, commit a9be530) prints its English title
    with `{{< meta title-eng >}}`: R008 called the key unused while the page printed it."""
    text = (
        "---\ntitle: Zijt gij dat\ntitle-eng: Flemish Flexion\nsubtitle-eng: Tracing\n---\n\n"
        "- **English title:** {{< meta title-eng >}}\n"
    )
    _, warnings, _ = read(tmp_path, text)
    unused = [str(w.message) for w in warnings if w.rule == "R008"]  # type: ignore[attr-defined]
    assert unused == ["front-matter key 'subtitle-eng' is not used by docbuild"]
