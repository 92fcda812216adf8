"""Cross-references as the corpus papers write them (render/crossref.lua and its settings).

Each case is cut from a paper in tests/realworld/manuscripts/ (named in the test); pandoc runs
for real with the filter, as the build runs it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from docbuild.errors import InputError
from docbuild.render.crossref_settings import read_settings, settings_file
from docbuild.render.pandoc import CROSSREF_FILTER, pandoc_path
from docbuild.render.xref import unknown_crossrefs

CORPUS = Path(__file__).parents[1] / "realworld" / "manuscripts"
NB = "\u00a0"


def html(markdown: str, *, settings: dict[str, object] | None = None) -> tuple[str, str]:
    """The body's HTML, and the filter's reports on stderr."""
    if settings is not None:
        markdown = "---\ndocbuild-crossref:\n" + "".join(
            f"  {k}: {json.dumps(v)}\n" for k, v in settings.items()
        ) + "---\n\n" + markdown  # fmt: skip
    proc = subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", "html5", "--wrap=none",
         "--lua-filter", str(CROSSREF_FILTER)],
        input=markdown.encode(), capture_output=True, check=True,
    )  # fmt: skip
    return proc.stdout.decode(), proc.stderr.decode()


def refs(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="#([^"]+)" class="cross-ref">([^<]*)</a>', page)


def labels(page: str) -> list[str]:
    return re.findall(r'<span class="caption-label">([^<]*)</span>', page)


FIGS = "![One](a.png){#fig:a}\n\n![Two](b.png){#fig:b}\n\n![Three](c.png){#fig:c}\n"


def test_the_word_before_a_reference_is_not_printed_twice() -> None:
    """crossref-stojic-2017 writes "summarized in Figure @fig:relFrequencies50"."""
    page, _ = html("The results are summarized in Figure @fig:a and Table @tbl:p.\n\n"
                   + FIGS + "\n| a |\n|---|\n| 1 |\n\n: Parameters {#tbl:p}\n")  # fmt: skip
    assert "Figure Figure" not in page and "Table Table" not in page
    assert "summarized in Figure <a" in page
    assert refs(page) == [("fig:a", "1"), ("tbl:p", "1")]


def test_several_figures_are_one_prefix_and_a_list_or_range() -> None:
    page, _ = html("See [@fig:a; @fig:b] and [@fig:a; @fig:b; @fig:c], and @fig:c.\n\n" + FIGS)
    assert f"See Figs.{NB}<a" in page
    assert '<a href="#fig:a" class="cross-ref">1</a>, <a href="#fig:b"' in page
    assert "</a>\u2013<a" in page  # 1–3
    assert refs(page) == [
        ("fig:a", "1"), ("fig:b", "2"), ("fig:a", "1"), ("fig:c", "3"), ("fig:c", f"Figure{NB}3")
    ]  # fmt: skip


def test_a_reference_pandoc_reads_into_a_citation_gets_its_number() -> None:
    """pandoc reads `@fig:a [@bee2020]` and `[@fig-b; @bee2020]` as one citation of two keys:
    the reference gets its number, the citation stays a citation for citeproc (a Cite of its
    own key alone), instead of citeproc printing "(Bee, 2020; fig:a?)"."""
    markdown = (
        "Shown in @fig:a [@bee2020], and [@fig-b; @bee2020; @cy2021], and @sec-m [p. 2].\n\n"
        "# Method {#sec-m}\n\n![One](a.png){#fig:a}\n\n![Two](b.png){#fig-b}\n"
    )
    page, reports = html(markdown)
    assert refs(page) == [
        ("fig:a", f"Figure{NB}1"),
        ("fig-b", f"Figure{NB}2"),
        ("sec-m", f"Section{NB}1"),
    ]
    cites = re.findall(r'<span class="citation" data-cites="([^"]+)">', page)
    assert cites == ["bee2020", "bee2020 cy2021"]
    assert "fig:a" not in re.sub(r'(?:href|id)="#?[^"]*"', "", page)
    assert reports == ""


def test_pandoc_crossref_settings_file_is_honoured() -> None:
    """crossref-henriques-2017's crossref.yaml: figureTitle, empty prefixes."""
    settings = read_settings(CORPUS / "crossref-henriques-2017" / "article" / "crossref.yaml")
    assert settings["figPrefix"] == "" and settings["figureTitle"] == "Figure"
    page, _ = html("reported in Table @tbl:t; shown in @fig:a.\n\n" + FIGS
                   + "\n| a |\n|---|\n| 1 |\n\n: Eigenvalues {#tbl:t}\n",
                   settings={**settings, "figureTitle": "Fig.", "titleDelim": "."})  # fmt: skip
    assert refs(page)[:2] == [("tbl:t", "1"), ("fig:a", "1")]
    assert "shown in <a" in page  # figPrefix "": the number alone
    assert labels(page) == [f"Fig.{NB}1.", f"Fig.{NB}2.", f"Fig.{NB}3.", f"Table{NB}1."]


def test_front_matter_settings_win_and_prefix_lists_and_capitals() -> None:
    page, _ = html(
        '---\nfigPrefix: ["fig.", "figs."]\n---\n\n@Fig:a shows it; so do [@fig:b; @fig:c]'
        " and -@fig:a.\n\n" + FIGS,
        settings={"figPrefix": "Abbildung"},
    )
    assert refs(page) == [
        ("fig:a", f"Fig.{NB}1"), ("fig:b", "2"), ("fig:c", "3"), ("fig:a", "1")
    ]  # fmt: skip
    assert f"so do figs.{NB}<a" in page


def test_quarto_crossref_map_and_chapters() -> None:
    page, _ = html(
        "---\ncrossref:\n  fig-title: Abb.\n  chapters: true\n---\n\n# One\n\n"
        "![x](a.png){#fig-a}\n\n# Two\n\n![y](b.png){#fig-b}\n\nSee @fig-b.\n"
    )
    assert labels(page) == [f"Abb.{NB}1.1:", f"Abb.{NB}2.1:"]
    assert refs(page) == [("fig-b", f"Figure{NB}2.1")]


def test_quarto_figure_div_table_id_and_listing() -> None:
    """quarto-la-palma: `@fig-map`, `@tbl-history`; `::: {#fig-x}` with its caption last."""
    page, err = html(
        "Close to Africa @fig-map, summarised in @tbl-history; see @lst-code.\n\n"
        "::: {#fig-map}\n![](images/map.png)\n\nMap of La Palma\n:::\n\n"
        "| Year | Name |\n|---|---|\n| 1971 | Teneguía |\n\n: Eruptions {#tbl-history}\n\n"
        '```{#lst-code .python lst-cap="Counting"}\nn = 1\n```\n'
    )
    assert err == ""
    assert refs(page) == [
        ("fig-map", f"Figure{NB}1"), ("tbl-history", f"Table{NB}1"), ("lst-code", f"Listing{NB}1")
    ]  # fmt: skip
    assert labels(page) == [f"Figure{NB}1:", f"Table{NB}1:", f"Listing{NB}1:"]
    assert '<figure id="fig-map" data-number="1">' in page
    assert "Map of La Palma</figcaption>" in page


def test_joss_labels_in_captions_and_autoref() -> None:
    """joss-phasefieldx, joss-pyuncertainnumber (`tab:`), joss-sbmltoolkit (inline image)."""
    page, err = html(
        "as illustrated in \\autoref{fig:example_sentt}; tabulated in \\autoref{tab:ipmethods};"
        " \\ref{fig:example_sentt}.\n\n"
        "![Single-edge notched tension test.\\label{fig:example_sentt}](./images/t.png)"
        '{width="280pt"}\n\n'
        "| Method | Monotonic |\n|---|---|\n| endpoints | yes |\n\n"
        "Table: Supported methods for non-intrusive interval propagation.\\label{tab:ipmethods}\n\n"
        "![The Julia ecosystem for systems biology.\\label{fig:summary}](figure.svg)\n"
        "SBMLToolkit.jl links SBML \\autoref{fig:summary}.\n"
    )
    assert err == ""
    assert refs(page) == [
        ("fig:example_sentt", f"Figure{NB}1"), ("tab:ipmethods", f"Table{NB}1"),
        ("fig:example_sentt", "1"), ("fig:summary", f"Figure{NB}2"),
    ]  # fmt: skip
    assert "\\label" not in page and "label{" not in page
    assert '<figure id="fig:summary" data-number="2">' in page
    assert "<p>SBMLToolkit.jl links SBML <a" in page  # the sentence after it stays a paragraph


def test_a_label_in_a_heading_names_the_section() -> None:
    page, _ = html(
        "# Methods \\label{sec:methods}\n\n"
        "As \\autoref{sec:methods}, \\ref{sec:methods}, @sec:methods.\n"
    )
    assert '<h1 data-number="1" id="sec:methods">Methods</h1>' in page
    assert refs(page) == [
        ("sec:methods", f"Section{NB}1"), ("sec:methods", "1"), ("sec:methods", f"Section{NB}1")
    ]  # fmt: skip


def test_unknown_references_in_every_spelling_are_findings_at_their_place(tmp_path: Path) -> None:
    text = "Intro.\n\nSee @fig-gone and\n\\autoref{fig:missing}.\n"
    (tmp_path / "m.md").write_text(text, encoding="utf-8")
    page, err = html(text)
    reports = [json.loads(line) for line in err.splitlines()]
    assert reports == [
        {"docbuild": "unknown-cross-reference", "id": "fig-gone", "form": "@fig-gone"},
        {"docbuild": "unknown-cross-reference", "id": "fig:missing",
         "form": "\\autoref{fig:missing}"},
    ]  # fmt: skip
    assert "()" not in page
    found = unknown_crossrefs(reports, [tmp_path / "m.md"])
    assert [d.format() for d in found] == [
        f"{tmp_path / 'm.md'}:3:5: error R004 unknown-cross-reference"
        " cross-reference '@fig-gone' points to no figure of that id",
        f"{tmp_path / 'm.md'}:4:1: error R004 unknown-cross-reference"
        " cross-reference '\\autoref{fig:missing}' points to no figure of that id",
    ]
    assert [d.fix for d in found] == [
        "add {#fig-gone} to the figure, or fix the id",
        "put \\label{fig:missing} in the figure's caption, or fix the id",
    ]


def test_an_unknown_reference_used_again_is_one_finding(tmp_path: Path) -> None:
    # JASAEL's paper.qmd (tests/realworld/excerpts) cites a figure its unrun chunk makes as
    # @fig-circ on lines 129, 231 and 233: three identical errors at line 129 before.
    text = "See @fig-circ here.\n\nAgain @fig-circ, and @fig-circ.\n"
    (tmp_path / "m.md").write_text(text, encoding="utf-8")
    _, err = html(text)
    reports = [json.loads(line) for line in err.splitlines()]
    assert len(reports) == 3
    found = unknown_crossrefs(reports, [tmp_path / "m.md"])
    assert [d.format() for d in found] == [
        f"{tmp_path / 'm.md'}:1:5: error R004 unknown-cross-reference"
        " cross-reference '@fig-circ' points to no figure of that id",
    ]


def test_the_settings_file_is_the_named_one_or_the_one_beside_the_manuscript(
    tmp_path: Path,
) -> None:
    paper = tmp_path / "article"
    paper.mkdir()
    md = paper / "paper.md"
    md.write_text("x\n", encoding="utf-8")
    assert settings_file(None, [md], tmp_path) is None
    (paper / "crossref.yaml").write_text("figPrefix: ''\n", encoding="utf-8")
    assert settings_file(None, [md], tmp_path) == paper / "crossref.yaml"
    (paper / "mine.yaml").write_text("figPrefix: fig.\n", encoding="utf-8")
    assert settings_file("mine.yaml", [md], tmp_path) == (paper / "mine.yaml").resolve()
    (paper / "bad.yaml").write_text("figPrefix: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_settings(paper / "bad.yaml")
    assert str(caught.value.location) == f"{paper / 'bad.yaml'}:2"
    assert caught.value.message.startswith("cross-reference settings 'bad.yaml' are not valid YAML")


@pytest.mark.parametrize(
    "tex",
    [
        # crossref-viejo-2016, joss-spectromap, quarto-navigating-hostility: texmath reads none
        r"\Sigma = \left( \begin{array}{*4{c}} a & 0 & \ldots & 0 \end{array} \right)",
        r"\phi_T = \max_k T_i^k \hbox{, per each } i",
        r"\begin{aligned} &\ \mathrlap{\textbf{Multinomial probability}} \\ &y \end{aligned}",
        # FrancisBanville/ms_interpreting_probabilities, README.md:277 and :337 (LaTeX's old
        # font switches; before, the PDF step stopped: "unexpected control sequence \rm")
        r"B_{i, j} \sim {\rm Bernoulli}(\phi)",
        r"W_{i, j} \sim {\rm Poisson}(\lambda_{i, j} t_0) + { \bf x} + {\cal L}",
        # computorg/published-202402-elmasri-optimal (Computo): a switch heading the math, a
        # bold letter after \lVert (texmath read `\lVert𝐗` as one command)
        r"\bf A",
        r"{\bf A}=\frac{\mathbf{X}}{\lVert\mathbf{X}\rVert}",
    ],
)
def test_tex_that_texmath_cannot_read_in_the_corpus_is_rewritten(tex: str) -> None:
    def mathml(*extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml", *extra],
            input=f"$${tex}$$\n".encode(), capture_output=True, check=True,
        )  # fmt: skip

    filtered = mathml("--lua-filter", str(CROSSREF_FILTER))
    assert filtered.stderr == b"" and b"<math" in filtered.stdout
    assert b"Could not convert TeX math" in mathml().stderr  # without the filter: texmath fails


@pytest.mark.parametrize(
    "tex",
    [
        # as crossref-viejo-2016's covariance matrix: its last row ends with \\
        "\\begin{array}{cccc} a & 0 & \\ldots & 0 \\\\ 0 & b & \\ldots & 0 \\\\ \n \\end{array}",
        "\\begin{pmatrix} a & 0 \\\\ 0 & b \\\\[2pt] \\end{pmatrix}",
        "\\begin{cases} a & x > 0 \\\\ b & x \\le 0 \\\\ \\end{cases}",
    ],
)
def test_a_row_break_closing_an_array_adds_no_empty_row(tex: str) -> None:
    """LaTeX's array ends with \\crcr, which a \\\\ before it leaves with nothing to do;
    texmath would add an empty row (a gap under the last one, in both editions)."""

    def rows(*extra: str) -> list[bytes]:
        done = subprocess.run(
            [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml", *extra],
            input=f"$${tex}$$\n".encode(), capture_output=True, check=True,
        )  # fmt: skip
        return re.findall(rb"<mtr>(.*?)</mtr>", done.stdout)

    assert rows()[-1].count(b"<mi>") + rows()[-1].count(b"<mn>") == 0  # without the filter
    filtered = rows("--lua-filter", str(CROSSREF_FILTER))
    assert len(filtered) == 2
    assert all(b"<mi>" in row or b"<mn>" in row for row in filtered)


def test_raw_latex_is_read_dropped_as_layout_or_reported(tmp_path: Path) -> None:
    """joss-iondiff's caption `SrCoO\\textsubscript{3-x}`, crossref-henriques-2017's
    `\\clearpage`, crossref-stojic-2017's `\\begin{algorithm}`."""
    from docbuild.render.xref import left_out_tex

    text = (
        "AIMD of SrCoO\\textsubscript{3-x} at \\emph{400K}.\n\n\\clearpage\n\n"
        "\\begin{algorithm}\n\\caption{Simulation description}\n\\end{algorithm}\n\n"
        "An \\unknowncommand{x} here, and a second one:\n\n"
        "\\begin{algorithm}\n\\end{algorithm}\n"
    )
    (tmp_path / "m.md").write_text(text, encoding="utf-8")
    page, err = html(text)
    assert "SrCoO<sub>3-x</sub> at <em>400K</em>." in page
    assert "clearpage" not in page and "algorithm" not in page and "caption" not in page
    reports = [json.loads(line) for line in err.splitlines()]
    assert sorted(r["text"] for r in reports) == [
        "\\begin{algorithm}", "\\begin{algorithm}", "\\unknowncommand{x}"
    ]  # fmt: skip
    found = sorted(left_out_tex(reports, [tmp_path / "m.md"]), key=lambda d: d.location.line)
    assert [d.format() for d in found] == [
        f"{tmp_path / 'm.md'}:5:1: warning R010 raw-tex-left-out raw LaTeX '\\begin{{algorithm}}'"
        " is left out of both editions",
        f"{tmp_path / 'm.md'}:9:4: warning R010 raw-tex-left-out raw LaTeX '\\unknowncommand{{x}}'"
        " is left out of both editions",
    ]


def test_subfigures_are_lettered_within_their_figure() -> None:
    page, _ = html(
        "::: {#fig-both layout-ncol=2}\n![Left](a.png){#fig-a}\n\n![Right](b.png){#fig-b}\n\n"
        "Both panels\n:::\n\nSee @fig-both, @fig-b and [@fig-a; @fig-b].\n\n"
        "![Next](c.png){#fig-c}\n"
    )
    assert labels(page) == ["(a)", "(b)", f"Figure{NB}1:", f"Figure{NB}2:"]
    assert refs(page) == [
        ("fig-both", f"Figure{NB}1"), ("fig-b", f"Figure{NB}1b"), ("fig-a", "1a"), ("fig-b", "1b")
    ]  # fmt: skip


def test_a_quarto_projects_crossref_map_is_read_under_the_front_matter(tmp_path: Path) -> None:
    from docbuild.render.crossref_settings import quarto_crossref, quarto_project

    (tmp_path / "manuscript").mkdir()
    qmd = tmp_path / "manuscript" / "paper.qmd"
    qmd.write_text("x\n", encoding="utf-8")
    assert quarto_project([qmd], tmp_path) is None
    (tmp_path / "_quarto.yml").write_text(
        "project: {type: manuscript}\ncrossref:\n  fig-prefix: Abb.\n  fig-title: Abbildung\n"
        "  tbl-title: Tab.\n",
        encoding="utf-8",
    )
    assert quarto_project([qmd], tmp_path) == tmp_path / "_quarto.yml"  # the project's root
    settings = quarto_crossref(tmp_path / "_quarto.yml", tmp_path)
    page, _ = html(
        "---\ncrossref:\n  tbl-title: Tabelle\n---\n\n![x](a.png){#fig-a}\n\n| x |\n|---|\n"
        "| 1 |\n\n: y {#tbl-b}\n\nSee @fig-a and @tbl-b.\n",
        settings=settings,
    )
    assert labels(page) == [f"Abbildung{NB}1:", f"Tabelle{NB}1:"]
    assert refs(page) == [("fig-a", f"Abb.{NB}1"), ("tbl-b", f"Table{NB}1")]


def test_an_equation_referred_to_in_parentheses_prints_one_pair() -> None:
    """FrancisBanville/ms_interpreting_probabilities' README.md:656-672 (a box, quoted):
    "given by the process model (@eq:modeleq)" printed "the process model ((1))"."""
    page, _ = html(
        "> $$\\phi = P(X_{i,j,k} = 1)(1-e^{-\\lambda_k t_0})$$ {#eq:modeleq}\n>\n"
        "> given by the process model (@eq:modeleq) under different values of $\\lambda_k$,"
        " as @eq:modeleq says.\n"
    )
    assert refs(page) == [("eq:modeleq", "1"), ("eq:modeleq", "(1)")]
    assert 'process model (<a href="#eq:modeleq" class="cross-ref">1</a>) under' in page


EXCERPTS = CORPUS.parent / "excerpts"


def test_a_manubot_reference_in_braces_prints_the_number_alone() -> None:
    """AdaptInfer/context-review (tests/realworld/excerpts/context-review) writes Manubot's
    pandoc-fignos form, "Simpson's paradox; Figure {@fig:population-failures})": it printed
    "Figure {Figure 1})". The braces are pandoc-xnos syntax; the word before them is the
    author's."""
    intro = (EXCERPTS / "context-review" / "02.introduction.md").read_text(encoding="utf-8")
    page, _ = html(intro)
    assert refs(page) == [("fig:population-failures", "1")]
    assert "paradox; Figure <a" in page and "{" not in page and "}" not in page
    page, _ = html(
        "$$x$$ {#eq:unified}\n\nA common instance of Eq. {@eq:unified} is; Eq. {@eq:unified}'s"
        " regularizer (Figure {@fig:a}), {+@fig:a} and {a} {@fig:a}.\n\n![One](a.png){#fig:a}\n"
    )
    assert refs(page) == [
        ("eq:unified", "(1)"), ("eq:unified", "(1)"), ("fig:a", "1"),
        ("fig:a", f"Figure{NB}1"), ("fig:a", f"Figure{NB}1"),
    ]  # fmt: skip
    assert "(1)</a>\u2019s regularizer (Figure <a" in page and "and {a} <a" in page


NOISE = EXCERPTS / "noise-phenomena"


def noise_page(part: str) -> str:
    """cboettig/noise-phenomena's front matter and one part of its text, its chunks' fences
    made into code blocks as the build makes them (cite/chunks.py), through the filter."""
    from docbuild.cite.chunks import prepare_chunks

    text = (NOISE / "front.Rmd").read_text(encoding="utf-8") + "\n"
    text += (NOISE / part).read_text(encoding="utf-8")
    page, _ = html(prepare_chunks(text))
    return page


def test_a_knitr_figure_chunk_with_braces_in_its_caption_and_bare_latex_labels() -> None:
    """cboettig/noise-phenomena (rticles' Elsevier article, tests/realworld/excerpts): a chunk
    `{r gillespie, ..., fig.cap="... (N=1000, panel A) ... \\\\label{gillespie}"}` and the text's
    `Figure \\ref{gillespie}`, `Eq \\eqref{canonical}` for `\\label{canonical}` in an
    equation. The fence's braces in the caption made it no chunk: its R code printed as
    prose, and the next fence opened a code block that took the paragraphs after it; the
    labels with no `fig:` printed "Figure [gillespie]", "Eq [canonical]", with no finding.
    The authors' PDF prints "Figure 1", "Eq (1)"."""
    page = noise_page("gillespie.Rmd")
    assert "read_csv" not in page and "<code>" not in page
    assert "<p>The van Kampen system size expansion provides" in page
    assert labels(page) == [f"Figure{NB}1:"]
    assert "(N=1000, panel A) and small (N=100, panel B) number of sites" in page
    assert "shown in horizontal re dashed lines.</figcaption>" in page.replace("\n", " ")
    assert refs(page) == [("gillespie", "1"), ("gillespie", "1"), ("canonical", "(1)")]
    assert "[gillespie]" not in page and "[canonical]" not in page


def test_a_caption_in_a_chunk_header_reads_the_front_matter_s_macros() -> None:
    """The same paper's `preamble:` (rticles' header) defines `\\newcommand{\\ud}{\\mathrm{d}}`,
    which its `noisy_switch` caption uses: pandoc applied it to the text, not to the caption
    read from the chunk's header, and the PDF step stopped ("unexpected control sequence
    \\ud")."""
    page = noise_page("noisy-switch.Rmd")
    assert labels(page) == [f"Figure{NB}1:"]
    assert "\\ud" not in page  # pandoc printed the TeX it could not read
    assert "<em>d</em>(<em>x</em>)d<em>x</em></span>. Parameter" in page  # \mathrm{d}x


def test_displaystyle_in_a_cases_cell_becomes_the_display_forms() -> None:
    """ameye/fuzzy-audiogram's manuscript.qmd:286-297 (tests/realworld/excerpts): a cases
    cell `\\displaystyle\\frac{x - a}{b - a}`, LaTeX's display-size fraction in a text-style
    cell. texmath leaves `\\displaystyle` out, and the PDF step stopped the build ("error:
    pandoc would leave '\\displaystyle' out of the math"); `\\dfrac` says the same and texmath
    keeps it. Where the style would change anything else, it stays for that error."""
    from docbuild.render.mathdrops import dropped

    excerpt = (EXCERPTS / "fuzzy-audiogram-trapezoid.qmd").read_text(encoding="utf-8")
    proc = subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", "json", "--lua-filter", str(CROSSREF_FILTER)],
        input=excerpt.encode(), capture_output=True, check=True,
    )  # fmt: skip
    maths = re.findall(r'"DisplayMath"\},"((?:[^"\\]|\\.)*)"', proc.stdout.decode())
    (tex,) = [json.loads(f'"{m}"') for m in maths]
    assert "\\dfrac{x - a}{b - a}, & a < x" in tex and "\\dfrac{d - x}{d - c}" in tex
    assert "\\displaystyle" not in tex and dropped(tex, display=True) == []
    page, _ = html("$$\\begin{cases}\\displaystyle\\sum_i x_i & a \\\\ {\\displaystyle a}_{b}"
                   " & \\displaystyle\\int_0^1 f \\end{cases}$$\n")  # fmt: skip
    assert "\\sum\\limits_i x_i & a" in page.replace("&amp;", "&")
    assert "{\\displaystyle a}_{b}" in page and "\\displaystyle\\int_0^1" in page


def test_bookdown_references_to_chunks_and_headings(tmp_path: Path) -> None:
    """TomHardwicke/Reproducibility-Psych-Sci's manuscript.Rmd:246-280 (papaja, bookdown's
    references; tests/realworld/excerpts/repro-psych-sci): "shown in Table
    \\@ref(tab:reproTab)", the chunk `reproTab` (a `kable()` table), "displayed in Figure
    \\@ref(fig:forestPlot)", the chunk `forestPlot` with its `fig.cap`, and "(see
    Supplementary Information \\@ref(vignettes))", a heading of the supplement. Each printed
    as written, "@ref(fig:forestPlot)", with no finding."""
    from docbuild.cite.chunks import prepare_chunks

    excerpt = (EXCERPTS / "repro-psych-sci" / "results.Rmd").read_text(encoding="utf-8")
    page, _ = html(prepare_chunks(excerpt) + "\n# Reproducibility vignettes {#vignettes}\n")
    assert "@ref" not in page
    assert refs(page) == [("tab:reproTab", "1"), ("fig:forestPlot", "1"), ("vignettes", "1")]
    assert "are shown in Table <a" in page and "displayed in Figure <a" in page
    assert labels(page) == [f"Table{NB}1:", f"Figure{NB}1:"]
    assert "made by the r code chunk &#39;reproTab&#39;" in page or "chunk 'reproTab'" in page
    _, err = html(prepare_chunks(excerpt))  # without the supplement's heading
    (tmp_path / "manuscript.Rmd").write_text(excerpt, encoding="utf-8")
    found = unknown_crossrefs(
        [json.loads(line) for line in err.splitlines()], [tmp_path / "manuscript.Rmd"]
    )
    assert [(d.format(tmp_path), d.fix) for d in found] == [
        (
            "manuscript.Rmd:1:1893: error R004 unknown-cross-reference cross-reference"
            " '\\@ref(vignettes)' points to no figure, table or section of that id",
            "add {#vignettes} to the heading, or fix the id",
        )
    ]


# chguiterman/dfoliatR_paper's dfoliatR_ms.Rmd (commit c83c8b7, GPL-3.0), lines 90-100 and
# 234-240, shortened: bookdown's text references give the captions; the chunks' labels start
# with `fig-` and `tbl-` as Quarto's do, and the text refers to them bookdown's way.
DFOLIATR = """\
These identify defoliation events on individual trees (Figure \\@ref(fig:fig-defol)).

(ref:defolCap) Default `dfoliatR` graphic for individual trees, produced by the `plot_defol()` function.

```{r fig-defol, echo=FALSE, fig.cap='(ref:defolCap)'}
include_graphics(here( "Output", "tree-plot-default.pdf"))
```

(ref:tbl-defolCap) Tree-level tabular output provided by the `defol_stats()` function.

```{r tbl-defol, echo=FALSE}
tree_dat <- read.csv(here( "Output", "defol-stats.csv"))
kable(tree_dat, caption = "(ref:tbl-defolCap)", booktabs = TRUE) %>%
  kableExtra::kable_styling(latex_options = "hold_position")
```

The output (Table \\@ref(tab:tbl-defol)) lists each event.
"""  # noqa: E501


def test_bookdown_text_references_and_quarto_shaped_labels() -> None:
    """Each caption printed "(ref:defolCap)" and each text a paragraph of its own; the two
    references were R004 errors (the figure's id was Quarto's `fig-defol`, the table none)."""
    from docbuild.cite.chunks import prepare_chunks

    page, err = html(prepare_chunks(DFOLIATR))
    assert "ref:" not in page, page
    assert refs(page) == [("fig:fig-defol", "1"), ("tab:tbl-defol", "1")]
    assert labels(page) == [f"Figure{NB}1:", f"Table{NB}1:"]
    assert re.search(r"Figure\xa01:</span> Default <code>dfoliatR</code> graphic", page)
    assert re.search(r"Table\xa01:</span> Tree-level tabular output provided by", page)
    assert page.count("Default <code>dfoliatR</code> graphic") == 1  # not as a paragraph too
    assert "unknown" not in err


# tlverse/tlverse-handbook's 10-tmle3mediate.Rmd (bookdown, CC BY 4.0), as it writes its
# structural model: bookdown's label on the last row of an `align`, and a reference to it.
NPSEM = """the following
non-parametric structural equation model (NPSEM):
\\begin{align}
  W &= f_W(U_W) \\\\
  A &= f_A(W, U_A) \\\\
  Z &= f_Z(W, A, U_Z) \\\\
  Y &= f_Y(W, A, Z, U_Y).
  (\\#eq:npsem-mediate)
\\end{align}
This set of equations (see \\@ref(eq:npsem-mediate))
"""


def filter_reports(stderr: str) -> list[dict[str, object]]:
    """The filter's reports (pandoc's own warnings without --mathml left out)."""
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def unknown_in(text: str, stderr: str, path: Path) -> list[tuple[str, str | None]]:
    """The R004 findings (message, fix) the filter's reports give for `text` saved as `path`."""
    path.write_text(text, encoding="utf-8")
    found = unknown_crossrefs(filter_reports(stderr), [path])
    return [(d.format(path.parent), d.fix) for d in found]


def test_bookdown_equation_labels_number_the_equation() -> None:
    """bookdown's `(\\#eq:binom)` before `\\end{equation}` (the bookdown book's own example)
    and in `$$` (a statistical-learning book's `$$ Y = f(X) + \\epsilon. (\\#eq:gsm) $$`)
    numbers the equation, and `\\@ref(eq:binom)` prints its number as bookdown prints it
    (its `\\eqref`): "(1)", linked. The label is never text in the math."""
    page, reports = html(
        "\\begin{equation} \n  f\\left(k\\right) = \\binom{n}{k} p^k\\left(1-p\\right)^{n-k}\n"
        "  (\\#eq:binom)\n\\end{equation} \n\n"
        "... and here, I refer to eq. \\@ref(eq:binom).\n\n"
        "$$\nY = f(X) + \\epsilon.\n(\\#eq:gsm)\n$$\n\nHere, \\@ref(eq:gsm) is the model.\n"
    )
    assert refs(page) == [("eq:binom", "(1)"), ("eq:gsm", "(2)")]
    assert '<span id="eq:binom" class="equation">' in page
    assert '<span id="eq:gsm" class="equation">' in page
    assert "#eq" not in page.replace('"#eq:', "") and filter_reports(reports) == []


def test_bookdown_label_on_an_align_row_names_that_row() -> None:
    """tlverse-handbook's NPSEM: an `align` numbers each row, as LaTeX does; the label at the
    end names the last row's number. texmath reads the block (the label's line is gone with
    it: a blank line would stop it)."""
    page, reports = html(NPSEM)
    assert refs(page) == [("eq:npsem-mediate", "(4)")]  # bookdown's \eqref: "(see (4))"
    assert '<span class="eq-number">(1)<br />\n(2)<br />\n(3)<br />\n(4)</span>' in page
    assert "#eq" not in page.replace('"#eq:', "") and filter_reports(reports) == []


def test_a_bookdown_reference_to_a_starred_equation_is_unknown(tmp_path: Path) -> None:
    """`equation*` is not numbered, in bookdown as in LaTeX: its label is dropped, not
    printed, and a reference to it is R004 at its place."""
    text = (
        "$x$\n\n\\begin{equation*}\n  S^2 = 1 \\,, (\\#eq:sample-var)\n\\end{equation*}\n\n"
        "See \\@ref(eq:sample-var).\n"
    )
    page, err = html(text)
    assert "sample-var" not in page.replace("??eq:sample-var", "")
    assert [message for message, _ in unknown_in(text, err, tmp_path / "paper.Rmd")] == [
        "paper.Rmd:7:5: error R004 unknown-cross-reference cross-reference"
        " '\\@ref(eq:sample-var)' points to no equation of that id"
    ]


# Quarto's own example (quarto.org, "Theorems and Proofs"), and a definition as qmd-prover's
# guide writes one (`::: {#def-even .definition name="Even number"}`).
THEOREMS = """::: {#thm-line}

## Line

The equation of any straight line, called a linear equation, can be written as:

$$
y = mx + b
$$
:::

See @thm-line.

::: {#def-even .definition name="Even number"}
An integer $n$ is even if $n = 2k$ for some integer $k$.
:::

::: {#thm-sum-even .theorem name="Sum of two even numbers"}
If $a$ and $b$ are even, then $a+b$ is even.
:::

::: {.proof}
By @def-even, write $a = 2k$ and $b = 2m$. Hence @thm-sum-even, and [@thm-line; @thm-sum-even].
:::
"""


def test_quarto_theorems_are_numbered_and_referred_to() -> None:
    """Each kind its own counter, as Quarto numbers them; the heading is the title in
    parentheses (taken out of the div) or the `name` attribute; `@thm-line` prints "Theorem 1",
    linked, never a citation; a proof is not numbered."""
    page, reports = html(THEOREMS)
    titles = re.findall(r'<span class="theorem-title"><strong>([^<]*)</strong></span>', page)
    assert titles == [
        f"Theorem{NB}1 (Line)", f"Definition{NB}1 (Even number)",
        f"Theorem{NB}2 (Sum of two even numbers)",
    ]  # fmt: skip
    assert "<h2" not in page and 'class="citation"' not in page and filter_reports(reports) == []
    assert refs(page) == [
        ("thm-line", f"Theorem{NB}1"), ("def-even", f"Definition{NB}1"),
        ("thm-sum-even", f"Theorem{NB}2"), ("thm-line", "1"), ("thm-sum-even", "2"),
    ]  # fmt: skip
    assert f"Theorems{NB}<a" in page
    assert '<div id="thm-line" class="theorem" data-number="1">' in page
    assert '<div id="def-even" class="theorem definition" data-number="1">' in page
    assert '<span class="proof-title"><em>Proof</em>.</span> By <a href="#def-even"' in page


def test_a_quarto_theorem_is_no_citation_and_a_missing_one_is_unknown(tmp_path: Path) -> None:
    from docbuild.cite.pandoc_ast import read_ast

    proc = subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", "json"], input=THEOREMS.encode(),
        capture_output=True, check=True,
    )  # fmt: skip
    assert read_ast(json.loads(proc.stdout)).cited == frozenset()
    text = "By @lem-bound, the sum converges.\n"
    _, err = html(text)
    assert unknown_in(text, err, tmp_path / "paper.qmd") == [
        (
            "paper.qmd:1:4: error R004 unknown-cross-reference cross-reference '@lem-bound'"
            " points to no lemma of that id",
            "add {#lem-bound} to the lemma, or fix the id",
        )
    ]


def test_bookdown_theorems_are_numbered_and_referred_to(tmp_path: Path) -> None:
    """bookdown's `::: {.theorem #tri}` (the bookdown demo's own): "Theorem 1", and
    `\\@ref(thm:tri)` its number; a reference to a lemma that is not there is R004 with
    bookdown's fix."""
    text = (
        "Check out this smart theorem \\@ref(thm:tri).\n\n::: {.theorem #tri}\n"
        "For a right triangle, if $c$ denotes the *length* of the hypotenuse\n"
        "and $a$ and $b$ the lengths of the other two sides, we have $a^2 + b^2 = c^2$.\n"
        ":::\n\nAnd \\@ref(lem:none).\n\n"
        # tlverse-handbook's 10-tmle3mediate.Rmd:215: no id, numbered all the same
        '::: {.definition name="Treatment Positivity"}\nFor any $a$, it is bounded.\n:::\n'
    )
    page, err = html(text)
    assert '<div id="thm:tri" class="theorem" data-number="1">' in page
    assert refs(page) == [("thm:tri", "1")]
    assert f"<strong>Theorem{NB}1</strong>" in page
    assert f"<strong>Definition{NB}1 (Treatment Positivity)</strong>" in page
    assert 'name="' not in page
    assert unknown_in(text, err, tmp_path / "book.Rmd") == [
        (
            "book.Rmd:8:5: error R004 unknown-cross-reference cross-reference"
            " '\\@ref(lem:none)' points to no lemma of that id",
            "add #none to the lemma's div (::: {.lemma #none}), or fix the id",
        )
    ]


def test_a_quarto_listing_chunk_is_its_code_numbered() -> None:
    """computorg/published-202412-ambroise-spectral (Computo, CC BY 4.0) shows its code as
    "the Python code @lst-code-affinity", a chunk with `#| lst-label:` and `#| lst-cap:`:
    the code needs no running, so it is the listing, numbered, without Quarto's option lines
    (before, the chunk was left out and the reference was R004)."""
    from docbuild.cite.chunks import prepare_chunks

    text = (
        "The calculation is highlighted by the Python code @lst-code-affinity.\n\n"
        "```{python affinity, python.reticulate = FALSE}\n#| lst-label: lst-code-affinity\n"
        '#| lst-cap: "Python code for affinity matrix computation"\n#| echo: true\n'
        "#| eval: false\n\n# Initialize the matrix as empty\n"
        "affinity = np.empty((self.n_nodes, self.n_nodes))\n```\n"
    )
    page, reports = html(prepare_chunks(text))
    assert refs(page) == [("lst-code-affinity", "1")] and filter_reports(reports) == []
    assert labels(page) == [f"Listing{NB}1:"]
    assert "</span> Python code for affinity matrix computation" in page
    assert "np.empty" in page and "lst-cap" not in page and "#|" not in page


def test_a_bookdown_label_in_an_unnumbered_row_names_the_number_before_it() -> None:
    """tlverse-handbook's 10-tmle3mediate.Rmd:131-139 writes its likelihood as an
    `align` whose rows after the first say `\\\\ \\nonumber`, the label alone on the last: LaTeX's
    \\label takes the last number given, (1), which "In Equation \\@ref(eq:...)" prints."""
    page, reports = html(
        "\\begin{align}\n  p_0(o) = &q_{0,Y}(y \\mid Z = z) \\\\ \\nonumber\n"
        "    &q_{0,W}(w).\\\\ \\nonumber\n  (\\#eq:likelihood-factorization-mediate)\n"
        "\\end{align}\nIn Equation \\@ref(eq:likelihood-factorization-mediate), $q$ is.\n"
    )
    assert refs(page) == [("eq:likelihood-factorization-mediate", "(1)")]
    assert filter_reports(reports) == [] and '<span class="eq-number">(1)</span>' in page


def test_a_chunk_labelled_with_its_hash_is_named_in_the_fix(tmp_path: Path) -> None:
    """AntheSevenants/gij-bent's paper/paper.qmd:693 (commit a9be530): ```{r
    #tbl-regression-output}``` and `@tbl-regression-output` at line 683; knitr takes the
    '#' into the label, so the reference points nowhere, and the fix said to add
    {#tbl-regression-output} to a table the paper has no Markdown for."""
    paper = tmp_path / "paper.qmd"
    paper.write_text(
        "@tbl-regression-output toont de resultaten.\n\n"
        '```{r #tbl-regression-output}\n#| tbl-cap: "Output."\nfit %>% format_table()\n```\n',
        encoding="utf-8",
    )
    report = {"docbuild": "unknown-cross-reference", "id": "tbl-regression-output",
              "form": "@tbl-regression-output"}  # fmt: skip
    [found] = unknown_crossrefs([report], [paper])
    assert found.fix == (
        "the chunk at paper.qmd:3 is labelled '#tbl-regression-output', its '#' part of the"
        " label: write ```{r tbl-regression-output}``` or '#| label: tbl-regression-output'"
    )
    paper.write_text("@tbl-regression-output toont.\n", encoding="utf-8")
    [found] = unknown_crossrefs([report], [paper])
    assert found.fix == "add {#tbl-regression-output} to the table, or fix the id"


def test_a_meta_shortcode_prints_the_front_matter_s_value() -> None:
    """gij-bent's paper.qmd:99-101 (AntheSevenants/gij-bent, commit a9be530): three list items
    printed "English title:" and nothing after it; a key the front matter lacks stays out, as
    before, and another shortcode too."""
    page, _ = html(
        "---\ntitle-eng: |\n  Flemish Flexion\nkeywords:\n  - Dutch\n  - Flemish\n"
        "journal:\n  title: Taal\n---\n\n"
        "- **English title:** {{< meta title-eng >}}\n- **keywords:** {{< meta keywords >}}\n"
        "- **in:** {{< meta journal.title >}}\n- **none:** {{< meta nowhere >}}\n"
        "- **words:** {{< words-sum body >}}\n"
    )
    items = re.findall(r"<li>(.*?)</li>", page)
    assert items == [
        "<strong>English title:</strong> Flemish Flexion",
        "<strong>keywords:</strong> Dutch, Flemish",
        "<strong>in:</strong> Taal",
        "<strong>none:</strong>",
        "<strong>words:</strong>",
    ]
