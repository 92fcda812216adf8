"""Numbered equations and macros: render/crossref.lua's equation part and `[math] macros`.

pandoc runs for real with the filter, as render_html runs it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import ConfigError
from docbuild.frontyaml import header_files
from docbuild.render.mathpage import macro_preamble, tex_definitions
from docbuild.render.pandoc import CROSSREF_FILTER, pandoc_path


def html(markdown: str) -> tuple[str, str]:
    """pandoc's HTML (MathML) with the cross-reference filter, and its stderr."""
    proc = subprocess.run(
        [
            pandoc_path(),
            "-f",
            "markdown",
            "-t",
            "html5",
            "--mathml",
            "--wrap=none",
            "--lua-filter",
            str(CROSSREF_FILTER),
        ],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    )
    return proc.stdout.decode(), proc.stderr.decode()


def tex_of(page: str) -> list[str]:
    return re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page, re.S)


def numbers(page: str) -> list[tuple[str, str]]:
    """(id, number) of every numbered equation, in order."""
    return re.findall(
        r'<span (?:id="([^"]*)" )?class="equation"><math.*?</math><span class="eq-number">'
        r"\(([^)]*)\)</span></span>",
        page,
        re.S,
    )


def marks(page: str) -> list[tuple[str, str]]:
    """(id, what is printed at the right) of every numbered block: "(2) (3) (4)" for rows."""
    found = re.findall(
        r'<span (?:id="([^"]*)" )?class="equation"><math.*?</math><span class="eq-number">'
        r"(.*?)</span></span>",
        page,
        re.S,
    )
    return [(ident, re.sub(r"\s*<br\s*/?>\s*", " ", text)) for ident, text in found]


def links(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="#([^"]*)" class="cross-ref">([^<]*)</a>', page)


def test_crossref_and_quarto_ids_are_numbered_and_referenced() -> None:
    page, err = html(
        "See @eq:sum and @eq-quarto, [@eq:sum; @eq-quarto].\n\n"
        "$$\\sum_i x_i$$ {#eq:sum}\n\n$$y = 1$$ {#eq-quarto}\n\n$$z = 2$$\n"
    )
    assert err == ""
    assert numbers(page) == [("eq:sum", "1"), ("eq-quarto", "2")]
    assert links(page) == [
        ("eq:sum", "(1)"),
        ("eq-quarto", "(2)"),
        ("eq:sum", "(1)"),
        ("eq-quarto", "(2)"),
    ]
    assert "{#eq" not in page  # the attribute is used up, not printed
    assert page.count('<math display="block"') == 3  # the unlabelled one stays unnumbered


def test_a_joss_style_latex_equation_is_numbered_in_its_paragraph() -> None:
    """JOSS papers write raw LaTeX inside a paragraph and refer to it with \\autoref."""
    page, err = html(
        "The functional is \\autoref{eq:w}, or \\eqref{eq:w},\n"
        "\\begin{equation}\\label{eq:w}\nW = \\int_\\Omega \\phi\n\\end{equation}\n"
        "where $W$ is the energy.\n"
    )
    assert err == ""
    assert numbers(page) == [("eq:w", "1")]
    assert links(page) == [("eq:w", "Equation\u00a01"), ("eq:w", "(1)")]
    assert "W = \\int_\\Omega \\phi" in tex_of(page)[0]
    assert "\\label" not in page and "\\begin{equation}" not in page


def test_starred_and_nonumber_environments_are_not_numbered() -> None:
    page, _ = html(
        "\\begin{align*}\na &= b\n\\end{align*}\n\n"
        "\\begin{equation}\na = b \\nonumber\n\\end{equation}\n\n"
        "\\begin{align}\nc &= d \\\\\ne &= f\n\\end{align}\n\n"
        "$$x \\tag{A}$$\n"
    )
    assert marks(page) == [("", "(1) (2)"), ("", "(A)")]  # align numbers each row, as LaTeX
    assert page.count('<math display="block"') == 4
    assert "\\tag" not in page


def test_rows_are_numbered_as_latex_numbers_them() -> None:
    """joss-fabm-oxypom: an equation, a three-row eqnarray, an equation are (1), (2)-(4), (5)."""
    page, err = html(
        "\\begin{equation}\na\n\\label{eq:do}\n\\end{equation}\n\n"
        "\\begin{eqnarray}\nb &=& 1 \\\\\nc &=& 2 \\label{eq:det} \\\\\n"
        "d &=& \\begin{cases} 3 \\\\ 4 \\end{cases}\n\\end{eqnarray}\n\n"
        "\\begin{align}\ne &= 5 \\nonumber \\\\\nf &= 6 \\label{eq:f}\n\\end{align}\n\n"
        "See \\eqref{eq:det} and \\eqref{eq:f}.\n"
    )
    assert err == ""
    assert marks(page) == [("eq:do", "(1)"), ("eq:det", "(2) (3) (4)"), ("eq:f", "(5)")]
    assert links(page) == [("eq:det", "(3)"), ("eq:f", "(5)")]


def test_numbers_follow_the_text_across_dollars_and_environments() -> None:
    page, _ = html(
        "$$a$$ {#eq:a}\n\n\\begin{equation}\\label{eq:b}\nb\n\\end{equation}\n\n$$c$$ {#eq:c}\n"
    )
    assert numbers(page) == [("eq:a", "1"), ("eq:b", "2"), ("eq:c", "3")]


def test_an_unknown_equation_is_reported() -> None:
    _, err = html("See @eq:nowhere and \\eqref{eq:gone}.\n")
    reported = [json.loads(line) for line in err.splitlines()]
    assert reported == [
        {"docbuild": "unknown-cross-reference", "id": "eq:nowhere", "form": "@eq:nowhere"},
        {"docbuild": "unknown-cross-reference", "id": "eq:gone", "form": "\\eqref{eq:gone}"},
    ]


def test_mathbf_is_upright_bold_as_in_latex() -> None:
    """texmath would set \\mathbf{x} bold italic; \\boldsymbol stays bold italic."""
    page, _ = html("$\\mathbf{x} + \\mathbf{AB} + \\boldsymbol{x} + \\mathbf{\\Sigma}$\n")
    assert "𝐱" in page and "𝐀𝐁" in page and "𝒙" in page
    assert tex_of(page) == ["𝐱 + 𝐀𝐁 + \\boldsymbol{x} + \\mathbf{\\Sigma}"]


def test_mathbf_of_one_letter_without_braces_is_upright_bold() -> None:
    """PySINDy's JOSS paper (dynamicslab/pysindy docs/JOSS2/paper.md) writes `$\\mathbf Q_t$`
    and `\\mathbf q_{xx}` beside `\\mathbf{Q}`: LaTeX sets both upright bold, texmath set the
    first bold italic. `\\mathbfQ` would be another command, and is left alone."""
    page, _ = html("$\\mathbf Q_t \\approx \\mathbf{Q}$, $\\mathbf q_{xx}$, $\\mathbf  x$\n")
    assert tex_of(page) == ["𝐐_t \\approx 𝐐", "𝐪_{xx}", "𝐱"]


def test_mathbf_after_a_command_or_a_script_keeps_its_meaning() -> None:
    """El Masri et al.'s Computo article (computorg/published-202402-elmasri-optimal) writes
    `\\frac{\\mathbf{X}}{\\lVert\\mathbf{X}\\rVert}`: the bold letter written after `\\lVert`
    made `\\lVert𝐗` one command's name to texmath (𝐗 is a letter), which it could not read;
    and `x_\\mathbf{AB}` scripted only 𝐀."""
    page, err = html(
        "$\\mathbf{A}=\\frac{\\mathbf{X}}{\\lVert\\mathbf{X}\\rVert}$, $x_\\mathbf{AB}$\n"
    )
    assert tex_of(page) == ["𝐀=\\frac{𝐗}{\\lVert 𝐗\\rVert}", "x_{𝐀𝐁}"] and err == ""
    page, _ = html("$\\bf A$, ${\\bf A}=\\mathbf{X}$\n")  # upright bold, as LaTeX's \\bf
    assert tex_of(page) == ["𝐀", "𝐀=𝐗"]


def test_a_row_break_at_the_top_of_display_math_gathers_the_rows() -> None:
    """computorg/published-202402-elmasri-optimal:717 breaks a display with `\\\\` outside any
    environment, as MathJax allows (texmath: "unexpected control sequence \\\\"): the rows
    are gathered, one under the other; an environment's own rows are left alone."""
    page, err = html(
        "$$\n\t\\Sigma^*_{12} = \\mathbb{E} \\left( X_2 \\mid X_1 \\right)\\\\\n"
        "\t = \\frac{1}{\\mathcal{E}} x\n$$\n\n$$\\begin{pmatrix} a \\\\ b \\end{pmatrix}$$\n"
    )
    assert err == "" and page.count("<mtable") == 2
    first, second = tex_of(page)
    assert first.startswith("\\begin{gathered}") and first.endswith("\\end{gathered}")
    assert second == "\\begin{pmatrix} a \\\\ b \\end{pmatrix}"


def test_a_label_alone_on_the_last_row_adds_no_row() -> None:
    """tlverse-handbook's 10-tmle3mediate.Rmd:131-139 ends an `align` with `\\\\ \\nonumber`
    and the label on its own line: the empty row it left made ziamath lay the block out at a
    height below zero, and the PDF printed a blank page where it stood. No row, as in LaTeX;
    a `\\\\` ending an `aligned` is dropped too."""
    page, err = html(
        "\\begin{align}\n  p_0(o) = &q_{0,Y}(y) \\\\ \\nonumber\n    &q_{0,W}(w).\\\\ \\nonumber\n"
        "  (\\#eq:lik)\n\\end{align}\n\n$$\\begin{aligned} a &= b \\\\ &= c \\\\ \\end{aligned}$$\n"
    )
    assert err == "" and page.count("<mtr") == 4
    assert numbers(page) == [("eq:lik", "1")]  # the block carries the id the link names


def test_macros_become_definitions_pandoc_reads() -> None:
    assert macro_preamble((("R", "\\mathbb{R}"), ("norm", "\\lVert #1 \\rVert_{#2}"))) == (
        "\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\norm}[2]{\\lVert #1 \\rVert_{#2}}\n"
    )
    assert macro_preamble(()) == ""


def test_the_definitions_of_a_latex_preamble_and_where_quarto_names_it() -> None:
    """localhierarchy's preamble.tex (tests/realworld/excerpts): its definitions, each as
    written, without the comment after the first or the \\usepackage; and the forms of
    Quarto's `include-in-header` (the paper's own, `- file: preamble.tex`, is the first)."""
    excerpts = Path(__file__).parents[1] / "realworld" / "excerpts"
    preamble = (excerpts / "localhierarchy-preamble.tex").read_text(encoding="utf-8")
    assert tex_definitions(preamble) == [
        "\\newcommand{\\glob}{\\mathrm{global}}",
        "\\newcommand{\\region}{\\mathrm{region}}",
        "\\newcommand{\\subregion}{\\mathrm{subregion}}",
        "\\newcommand{\\country}{\\mathrm{country}}",
        "\\newcommand{\\subnat}{\\mathrm{subnat}}",
    ]
    assert tex_definitions(
        "\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\n"
        "\\DeclareMathOperator*{\\argmax}{arg\\,max} \\newcommand\\R{\\mathbb{R}}\n"
        "\\newcommand{\\set}[2][x]{\\{#1 : #2\\}}\n\\newcommand{\\cut}{\\x{"
    ) == [
        "\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}",
        "\\DeclareMathOperator*{\\argmax}{arg\\,max}",
        "\\newcommand\\R{\\mathbb{R}}",
        "\\newcommand{\\set}[2][x]{\\{#1 : #2\\}}",
    ]  # the last is cut short: left out
    front = (excerpts / "localhierarchy-paper.qmd").read_text(encoding="utf-8")
    assert header_files(front.split("\n---\n", 1)[0]) == ["preamble.tex"]
    assert header_files(
        "include-in-header: a.tex\nformat:\n  pdf:\n    include-in-header: [b.tex, c.tex]\n"
        "  html:\n    include-in-header:\n      - text: |\n          <meta>\n      - d.tex\n"
        "title: T\n"
    ) == ["a.tex", "b.tex", "c.tex", "d.tex"]


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docbuild.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_macros_are_read_from_docbuild_toml(tmp_path: Path) -> None:
    root = write_config(tmp_path, "[math]\nmacros = { R = '\\mathbb{R}', '\\E' = '\\mathbb{E}' }\n")
    assert load_settings(root).math.macros == (("R", "\\mathbb{R}"), ("E", "\\mathbb{E}"))


@pytest.mark.parametrize(
    ("toml", "message", "line"),
    [
        ("[math]\nmacros = { 'R2' = 'x' }\n", "'math.macros' has a macro named 'R2'", 2),
        ("[math]\n\n[math.macros]\nR = 3\n", "'math.macros.R' must be TeX in quotes, not 3", 4),
        ("[math]\nmacro = {}\n", "unknown setting 'math.macro' in docbuild.toml", 2),
    ],
)
def test_bad_macros_are_errors_at_their_line(
    tmp_path: Path, toml: str, message: str, line: int
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(tmp_path, toml))
    assert caught.value.message == message
    assert caught.value.location is not None and caught.value.location.line == line


def test_a_row_break_before_the_end_of_an_environment_leaves_no_text() -> None:
    """chguiterman/dfoliatR_paper's dfoliatR_ms.Rmd:108-110 (GPL-3.0), shortened: `\\` at the
    end of the last row, then `\\end{align}`. pandoc 3.9 reads the environment as raw TeX and
    the `\\end{align}` once more as text, which printed after equation (1)."""
    text = (
        "The GSI is calculated for each host tree as \n\\begin{align}\n"
        "\\textrm{GSI}_{i} = \\textrm{H}_{i} - \\left( \\textrm{NH}_{i} \\right) \\\n"
        "\\end{align}\nwhere H and NH are the host-tree series.\n"
    )
    native = subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", "native"],
        input=text, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert 'Str "\\\\end{align}"' in native  # pandoc's own reading, the cause
    page, _ = html(text)
    assert "end{align}" not in re.sub(r"<math.*?</math>", "", page, flags=re.S)
    assert numbers(page) == [("", "1")]  # an align is numbered, as LaTeX numbers it
    assert "where H and NH" in page and "<math" in page
