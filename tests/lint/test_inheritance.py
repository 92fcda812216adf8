"""The linter sees each entry with what crossref and xdata give it: no false
incomplete-entry on real children, a parent's defect reported once, on the parent, and a
cited child's parent counted as cited."""

from __future__ import annotations

from pathlib import Path

import pytest
from lintkit import lint_text

from docbuild.bib.inherit import target_names
from docbuild.bib.read import parse_bib
from docbuild.cite.engine import CslPrinter
from docbuild.lint.engine import lint_all

REAL = Path(__file__).resolve().parents[1] / "realworld" / "bib"


@pytest.mark.parametrize("name", ["biblatex-theology-crossref", "dblp-geneura-crossref"])
def test_no_child_misses_what_its_parent_gives(name: str) -> None:
    """Before inheritance, 75 and 69 children had incomplete-entry findings. What remains as
    an error is a child whose parent is missing, or of a type biber gives nothing under the
    child's names (an `@incollection` crossref'ing a `@book`: the book's title stays `title`,
    so the chapter prints without a book title, in biber and pandoc alike)."""
    path = REAL / name / "refs.bib"
    bibliography = parse_bib(path.read_bytes(), path)
    by_key = bibliography.by_key()
    children = {e.key: e for e in bibliography.entries if e.get("crossref")}
    result = lint_all(bibliography, printer=CslPrinter(None))
    errors = [
        d
        for d in result.findings
        if d.name == "incomplete-entry" and d.key in children and d.severity.value == "error"
    ]
    for d in errors:
        child = children[str(d.key)]
        parent = by_key.get(child.value("crossref") or "")
        assert parent is None or target_names(parent.entry_type, child.entry_type, "title") == (
            "title",
        ), d.format()
    assert len(errors) <= 8


BOOK = """\
@inbook{ch1,
  crossref = {book1},
  title = {Eins},
  pages = {1--20},
}
@inbook{ch2,
  crossref = {book1},
  title = {Zwei},
  pages = {21--40},
}
@book{book1,
  author = {Rahner, Karl},
  title = {Schriften},
  publisher = {Benziger},
  date = {1954, 2 23},
}
"""


def test_a_parents_defect_is_reported_once_on_the_parent() -> None:
    result = lint_text(BOOK)
    dates = [d for d in result.findings if d.name == "malformed-date"]
    assert [(d.key, d.location.line) for d in dates] == [("book1", 15)]
    assert not [d for d in result.findings if d.name == "incomplete-entry"]


def test_a_cited_childs_parent_is_cited() -> None:
    result = lint_text(BOOK, "# One\n\nAs shown [@ch1].\n")
    (date,) = [d for d in result.findings if d.name == "malformed-date"]
    assert date.cited is True  # the book's date prints in the chapter's reference
    uncited = {d.key for d in result.findings if d.cited is False}
    assert uncited == {"ch2"}
