"""Citations in the manuscript: pandoc's syntax and the typed author–year forms."""

from __future__ import annotations

from pathlib import Path

from docbuild.cite.keys import Citation, CitationKind
from docbuild.jobs.parse import parse_text

MD = Path("/p/manuscript/a.md")


def cite(text: str) -> list[Citation]:
    manuscript = parse_text(text, MD).manuscript()
    assert len(manuscript.paragraphs) == 1
    return list(manuscript.citations)


def pandoc(text: str) -> list[tuple[str | None, int, int]]:
    return [(c.key, c.line, c.column) for c in cite(text) if c.kind is CitationKind.PANDOC]


def typed(text: str) -> list[tuple[tuple[str, ...], str | None, str | None]]:
    return [(c.names, c.year, c.key) for c in cite(text) if c.kind is CitationKind.TYPED]


def test_pandoc_forms() -> None:
    assert pandoc("A [@khan2019] b.") == [("khan2019", 1, 4)]
    assert pandoc("[see @a, p. 3; @b]") == [("a", 1, 6), ("b", 1, 16)]
    assert pandoc("[-@khan2019]") == [("khan2019", 1, 2)]
    assert pandoc("as @khan2019 says") == [("khan2019", 1, 4)]
    assert pandoc("keys like @doe:2020.a-b and @{https://x.org/bib?n=f&d=2000}") == [
        ("doe:2020.a-b", 1, 11),
        ("https://x.org/bib?n=f&d=2000", 1, 29),
    ]
    assert pandoc("trailing @khan2019.") == [("khan2019", 1, 10)]


def test_not_citations() -> None:
    assert pandoc("mail a.b@gmail.com or x\\@y, and @fig:timeline, @sec:intro") == []
    assert cite("code `@khan2019` here") == []


def test_typed_forms() -> None:
    assert typed("(Kurita, 2019)") == [(("Kurita",), "2019", None)]
    assert typed("(Hussain & Fatima, 2015)") == [(("Hussain", "Fatima"), "2015", None)]
    assert typed("as Khan (2021) shows") == [(("Khan",), "2021", None)]
    assert typed("(Kurita, [2019](#))") == [(("Kurita",), "2019", None)]
    assert typed("(see Smith et al., 2019a, p. 4; Jones and Lee, 2020)") == [
        (("Smith",), "2019a", None),
        (("Jones", "Lee"), "2020", None),
    ]
    assert typed("Khan (2020) [@khan2021]") == [(("Khan",), "2020", "khan2021")]


def test_typed_lookalikes_are_not_citations() -> None:
    assert typed("(Summer 2023) and in August (2021) and (April 12, 2022) and (PPP)") == []


def test_positions_across_lines() -> None:
    (c,) = cite("first line\nand (Kurita, 2019) here")
    assert (c.line, c.column, c.text) == (2, 5, "(Kurita, 2019)")


def test_narrative_lookalikes_inside_longer_names() -> None:
    assert typed("Prime Minister Imran Khan (2018) resigned") == []
    assert typed("after the Doha Accord (2020) was signed") == []
    assert typed("As Khan (2021) shows, and Kurita (2019) agrees.") == [
        (("Khan",), "2021", None),
        (("Kurita",), "2019", None),
    ]


def test_several_years_page_colons_and_possessives() -> None:
    assert typed("(Khan, 2019, 2021a)") == [(("Khan",), "2019", None), (("Khan",), "2021a", None)]
    assert typed("(Khan, 2021: 45)") == [(("Khan",), "2021", None)]
    assert typed("as Khan's (2021) account shows") == [(("Khan",), "2021", None)]


def test_organisations_in_parentheses() -> None:
    assert typed("(World Bank, 1993; Ministry of Foreign Affairs, 1958)") == [
        (("World Bank",), "1993", None),
        (("Ministry of Foreign Affairs",), "1958", None),
    ]
    assert [c.loose for c in cite("the Summer Olympics (London 2012)")] == [True]
    assert [c.loose for c in cite("as (Kurita, 2019) and Kurita (2019)")] == [False, True]
