"""Template variables computed from the front matter: issue line, pages, marks, lines."""

from __future__ import annotations

from docbuild.render.frontmatter import FrontMatter
from docbuild.render.metadata import (
    corresponding_line,
    issue_line,
    self_csl_item,
    template_vars,
    to_meta_value,
)
from docbuild.render.people import Affiliation, Author

FM = FrontMatter(
    title="Trade Corridors",
    authors=(
        Author("Ayesha Rahman", ("a1",), email="ayesha@example.org", corresponding=True),
        Author("Bilal Khan", ("a2",)),
        Author("Mariam Tariq", ("a1", "a3")),
    ),
    affiliations=(
        Affiliation("a1", "Example University", "*"),
        Affiliation("a2", "Institute of Regional Studies", "†"),
        Affiliation("a3", "Sample College", "‡"),
    ),
    journal_title="Global Foreign Policies Review",
    volume="VI",
    issue="III",
    fpage=1,
    lpage=8,
    doi="10.31703/gfpr.2023(VI-III).01",
    year=2023,
    season="Summer",
    keywords=("trade", "bargaining"),
)


def test_issue_and_pages_lines() -> None:
    v = template_vars(FM, self_citation=None)
    assert v["issue-line"] == "Vol. VI, No. III (Summer 2023)"
    assert v["pages-line"] == "Pages: 1 – 8"
    assert v["running-head"] == "Global Foreign Policies Review, Vol. VI, No. III (Summer 2023)"
    assert v["keywords-line"] == "Key Words: trade, bargaining"
    assert v["doi-url"] == "https://doi.org/10.31703/gfpr.2023(VI-III).01"


def test_issue_line_with_month_or_year_only() -> None:
    from dataclasses import replace

    assert issue_line(replace(FM, season=None, month=6)) == "Vol. VI, No. III (June 2023)"
    assert issue_line(replace(FM, season=None, issue=None)) == "Vol. VI (2023)"
    assert issue_line(replace(FM, volume=None)) is None


def test_author_marks_and_corresponding_line() -> None:
    v = template_vars(FM, self_citation=None)
    assert [(a["name"], a["marks"]) for a in v["authors"]] == [  # type: ignore[union-attr,index]
        ("Ayesha Rahman", "*"),
        ("Bilal Khan", "†"),
        ("Mariam Tariq", "*‡"),
    ]
    assert corresponding_line(FM) == (
        "Corresponding Author: Ayesha Rahman (Example University. Email: ayesha@example.org)"
    )


def test_csl_item_of_the_article_itself() -> None:
    assert self_csl_item(FM) == {
        "id": "self",
        "type": "article-journal",
        "title": "Trade Corridors",
        "author": [
            {"family": "Rahman", "given": "Ayesha"},
            {"family": "Khan", "given": "Bilal"},
            {"family": "Tariq", "given": "Mariam"},
        ],
        "container-title": "Global Foreign Policies Review",
        "volume": "VI",
        "issue": "III",
        "page": "1-8",
        "DOI": "10.31703/gfpr.2023(VI-III).01",
        "issued": {"date-parts": [[2023]]},
    }


def test_meta_values_keep_text_literal_and_self_citation_raw() -> None:
    value = to_meta_value({"a": "<b>", "self-citation": "<em>x</em>", "ok": True})
    assert value == {
        "t": "MetaMap",
        "c": {
            "a": {"t": "MetaString", "c": "<b>"},
            "self-citation": {
                "t": "MetaBlocks",
                "c": [{"t": "RawBlock", "c": ["html", "<em>x</em>"]}],
            },
            "ok": {"t": "MetaBool", "c": True},
        },
    }
