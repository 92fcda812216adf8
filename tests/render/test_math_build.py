"""Math through a whole build: pandoc, the HTML edition and the PDF, for real.

The paper is tests/integration/fixtures/paper with a page of math added: macros from the
front matter's header-includes and from docbuild.toml, numbered equations, a JOSS-style
LaTeX environment. The PDF is checked by its text layer (what a reader can search and copy)
and its fonts; the HTML edition by its MathML.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from docbuild.config import load_settings
from docbuild.errors import InputError
from docbuild.jobs.build import run_html, run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.style import PACKAGE_STYLES

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
MATH_PAGE = r"""---
header-includes: |
  \newcommand{\E}{\mathbb{E}}
  \DeclareMathOperator{\Var}{Var}
  \usepackage{evil}
---

# Estimation

The estimate solves @eq:normal over $\R^p$, with $\E[X] = \mu$ and
$\Var(X) = \norm{X - \mu}^2$. By \autoref{eq:gauss},
\begin{equation}\label{eq:gauss}
\int_{-\infty}^{\infty} e^{-x^2}\,\mathrm{d}x = \sqrt{\pi}
\end{equation}
and, for the least-squares fit,

$$X^\top X \hat{\beta} = X^\top y$$ {#eq:normal}

$$A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}, \quad
|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}$$
"""
MACROS = "\n[math]\nmacros = { R = '\\mathbb{R}', norm = '\\left\\lVert #1 \\right\\rVert' }\n"


def build(tmp: Path, page: str, *, macros: str = MACROS, style: str = "preprint") -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    config = root / "docbuild.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("preprint", style), "utf-8")
    (root / "manuscript" / "03-math.md").write_text(page, encoding="utf-8")
    with (root / "docbuild.toml").open("a", encoding="utf-8") as config:
        config.write(macros)
    (root / "build").mkdir()
    assert run_normalize(load_settings(root), in_place=False)
    report = {"version": 1, "summary": {"error": 0, "warning": 0}, "findings": []}
    (root / "build" / "lint-report.json").write_text(json.dumps(report), encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings)
    return root


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build(tmp_path_factory.mktemp("math"), MATH_PAGE)
    settings = load_settings(root)
    assert run_pdf(settings) and run_html(settings)
    return root


def pdf_text(root: Path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(root / "build" / "paper.pdf").pages)


def pdf_fonts(root: Path) -> set[str]:
    fonts = set()
    for page in pypdf.PdfReader(root / "build" / "paper.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_no_tex_reaches_the_pdf_text(paper: Path) -> None:
    text = pdf_text(paper)
    for source in ("\\", "^{", "_{", "$", "\\frac", "\\begin", "\\label", "{#eq"):
        assert source not in text, source


def test_math_is_searchable_text_in_the_math_font(paper: Path) -> None:
    text = pdf_text(paper)
    squeezed = re.sub(r"\s+", "", text)
    for searched in ("𝔼[𝑋]=𝜇", "ℝ", "Var", "∫", "√𝜋", "𝑋⊤𝑋", "otherwise"):
        assert searched in squeezed, searched
    fonts = pdf_fonts(paper)  # the style's own: its text font and its math font, nothing else
    assert "STIX-Two-Math" in fonts and all(f.startswith(("Charis-SIL", "STIX")) for f in fonts)


def test_equations_are_numbered_and_referenced_in_the_pdf(paper: Path) -> None:
    text = " ".join(pdf_text(paper).split())
    assert "By Equation 1," in text  # \autoref of the JOSS-style environment
    assert "solves (2) over" in text  # @eq:normal, numbered after it
    assert "(1)" in text and "(2)" in text


def test_the_html_edition_has_the_same_math_as_mathml(paper: Path) -> None:
    page = (paper / "build" / "paper.html").read_text(encoding="utf-8")
    tex = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page, re.S)
    assert "\\mathbb{E}[X] = \\mu" in tex  # header-includes macro, expanded
    assert "\\mathop{\\mathrm{Var}}(X) = \\left\\lVert X - \\mu \\right\\rVert^2" in tex
    assert "\\mathbb{R}^p" in tex  # docbuild.toml macro
    assert re.search(r'id="eq:normal" class="equation">.*?\(2\)</span>', page, re.S)
    assert "evil" not in page  # header-includes gives only its macro definitions
    assert (paper / "build" / "style" / "fonts" / "STIXTwoMath-Regular.ttf").is_file()


def failing(tmp_path: Path, page: str) -> InputError:
    root = build(tmp_path, "# Math\n\n" + page)
    with pytest.raises(InputError) as caught:
        run_pdf(load_settings(root))
    return caught.value


def test_a_character_no_font_has_is_an_error_at_its_line(tmp_path: Path) -> None:
    error = failing(tmp_path, "Text.\n\nThe word $\\text{中} = x$ here.\n")
    assert error.message == (
        "the math font 'STIX Two Math' has no '中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D) in "
        "'$\\text{中} = x$'"
    )
    assert error.location is not None
    assert (error.location.path.name, error.location.line) == ("03-math.md", 5)


def test_math_pandoc_cannot_read_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = failing(tmp_path, "Text.\n\nSee $\\S 2$ and\n\n$$\\frobnicate{x}$$\n")
    assert error.message == "2 math expressions cannot be printed (each is listed above)"
    printed = capsys.readouterr().err
    assert (  # why, in texmath's words
        "03-math.md:5:6: error: pandoc could not read the math '$\\S 2$': "
        "unexpected control sequence \\S\n"
    ) in printed
    assert (
        "03-math.md:7:3: error: pandoc could not read the math '$$\\frobnicate{x}$$': "
        "unexpected control sequence \\frobnicate\n"
    ) in printed


def test_math_pandoc_would_print_without_a_part_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    error = failing(
        tmp_path,
        "Text.\n\nA $\\color{red} x$ and\n\n$$\\begin{array}{r@{.}l} 3 & 14 \\end{array}$$\n",
    )
    assert error.message == "2 math expressions cannot be printed (each is listed above)"
    printed = capsys.readouterr().err
    assert (
        "03-math.md:5:4: error: pandoc would leave '\\color{red}' out of the math "
        "'$\\color{red} x$': math prints in the text's colour\n"
        "  hint: remove '\\color{red}'; to single out a term, say so in the text or box it "
        "with \\boxed{...}"
    ) in printed
    assert (
        "03-math.md:7:3: error: pandoc would leave '@{.}' out of the math "
        "'$$\\begin{array}{r@{.}l} 3 & 14 \\end{array}$$': the text between the columns "
        "would not be printed"
    ) in printed


def test_an_array_of_repeated_columns_closed_by_a_row_break_prints_its_rows(
    tmp_path: Path,
) -> None:
    """crossref-viejo-2016's covariance matrix, as written: `*4{c}` and a last `\\\\`."""
    root = build(
        tmp_path,
        "# Math\n\n>> $\\Sigma = \\left(\n    \\begin{array}{*4{c}}\n"
        "    a \\times \\eta &  0 &  \\ldots & 0 \\\\\n"
        "     0 &  \\ldots &  0 & b \\times \\eta \\\\     \n  \\end{array}\\right)$\n",
    )
    settings = load_settings(root)
    assert run_pdf(settings) and run_html(settings)
    page = (root / "build" / "paper.html").read_text(encoding="utf-8")
    rows = re.findall(r"<mtr>(.*?)</mtr>", page, re.S)
    assert [row.count("<mtd") for row in rows] == [4, 4]  # no empty row under them
    squeezed = re.sub(r"\s+", "", pdf_text(root))
    assert "Σ=(" in squeezed and "𝑎×𝜂0…0" in squeezed and "0…0𝑏×𝜂" in squeezed


@pytest.mark.parametrize("where", ["pdf", "html"])
def test_the_style_without_a_math_font_is_an_error_not_a_machine_font(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build(tmp_path, "# Math\n\nText $x^2$.\n")
    own = root / "styles" / "preprint"
    shutil.copytree(PACKAGE_STYLES / "preprint", own)
    (own / "fonts" / "STIXTwoMath-Regular.ttf").unlink()
    text = (own / "style.toml").read_text(encoding="utf-8")
    (own / "style.toml").write_text(text.replace("math_font =", "# math_font ="), "utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings)
    if where == "html":
        assert run_html(settings)  # the browser lays MathML out with its own fonts
        return
    with pytest.raises(InputError) as caught:
        run_pdf(settings)
    # the fixture's own three expressions, and this one
    assert caught.value.message == "4 math expressions cannot be printed (each is listed above)"
    assert "03-math.md:3:7: error: the style ships no math font for '$x^2$'" in (
        capsys.readouterr().err
    )


def test_math_wider_than_its_line_is_a_warning_saying_how_much_it_is_shrunk(
    tmp_path: Path,
) -> None:
    """R016 from the laid-out PDF: each expression the print CSS shrinks to its line or text
    area, at its line, with the part of its size it is printed at; one twice as long is
    printed at half that size (the figure is the layout's, not a guess), and math that fits
    is not reported."""
    terms = {n: " + ".join(["x"] * n) for n in (60, 120)}
    page = (
        "# Sums\n\nA short one, $x^2$, fits its line.\n\n"
        f"A long one, ${terms[60]}$, does not.\n\n"
        f"One twice as long, ${terms[120]}$, even less.\n\n"
        f"$${terms[120]} + y$$\n"
    )
    root = build(tmp_path, page, macros="")
    assert run_pdf(load_settings(root))
    report = json.loads((root / "build" / "pdf-report.json").read_text(encoding="utf-8"))
    shrunk = [f for f in report["findings"] if f["rule"] == "R016"]
    assert [(f["file"], f["line"]) for f in shrunk] == [
        ("manuscript/03-math.md", 5),
        ("manuscript/03-math.md", 7),
        ("manuscript/03-math.md", 9),
    ]
    assert ["inline expression" in f["message"] for f in shrunk] == [True, True, False]
    scales = [int(re.search(r"at (\d+)% of its size", f["message"])[1]) for f in shrunk]
    assert all(s < 80 for s in scales)
    assert 1.85 < scales[0] / scales[1] < 2.15
