"""render/mathdrops.py: what pandoc's TeX reader reads but leaves out of the MathML is a
problem naming it, never a silent loss; and the layout's own guard (render/math.py): an
element ziamath does not know, or a character that would not be drawn, cannot be printed.

Each case first shows, with the real pandoc, that texmath does leave the thing out (if a
newer pandoc prints it, that assertion fails and the check can go).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docbuild.render import pandoc
from docbuild.render.math import MathLayoutError, math_font, typeset
from docbuild.render.mathdrops import Dropped, dropped
from docbuild.render.mathml import parse_mathml
from docbuild.render.mathpage import MathProblem, to_print_html
from docbuild.style import PACKAGE_STYLES

FONT = math_font(PACKAGE_STYLES / "gfpr" / "fonts" / "STIXTwoMath-Regular.ttf")
RULES_HINT = (
    "remove the rules ('|' in the column spec, \\hline), or set the figures as a Markdown table"
)


def page_of(markdown: str) -> str:
    """pandoc's HTML with MathML for `markdown`, through the build's own pandoc runner."""
    args = ["-f", "markdown", "-t", "html5", "--mathml"]
    return pandoc.run(args, cwd=Path.cwd(), stdin=markdown.encode()).output.decode()


def body(tex: str, *, display: bool = False) -> str:
    """pandoc's MathML for `tex` without its annotation (what both editions print); texmath
    read it (an unread expression is another error)."""
    page = page_of(f"$${tex}$$" if display else f"${tex}$")
    assert "<math" in page, page
    outside = r"<annotation.*?</annotation>|^.*?(?=<math)|(?<=</math>).*$"
    return re.sub(outside, "", page, flags=re.S)


def test_a_colour_is_left_out_and_reported() -> None:
    tex = r"\color{red} x + y"
    assert "red" not in body(tex) and "color" not in body(tex)
    assert dropped(tex, display=False) == [
        Dropped(
            "'\\color{red}'",
            "math prints in the text's colour",
            "remove '\\color{red}'; to single out a term, say so in the text or box it with "
            "\\boxed{...}",
        )
    ]


def test_display_style_in_inline_math_is_left_out_and_reported() -> None:
    """Inline `\\displaystyle \\sum` would print its limits beside a small sign."""
    assert "munderover" not in body(r"\displaystyle \sum_{i=1}^n x_i")
    assert "munderover" in body(r"\sum_{i=1}^n x_i", display=True)
    assert [d.what for d in dropped(r"\displaystyle \sum_{i=1}^n x_i", display=False)] == [
        "'\\displaystyle'"
    ]


@pytest.mark.parametrize(
    ("tex", "display"),
    [
        (r"\displaystyle \sum_{i=1}^n x_i", True),  # display math is in display style
        (r"\textstyle \sum_{i=1}^n x_i", False),  # and inline math in text style
        (r"\begin{aligned} a &= \displaystyle \sum_i b_i \end{aligned}", False),
        (r"\left\{ \displaystyle x \right\}", True),  # an escaped brace opens no group
    ],
)
def test_a_style_command_that_changes_nothing_is_not_reported(tex: str, display: bool) -> None:
    assert dropped(tex, display=display) == []


@pytest.mark.parametrize(
    ("tex", "display", "command"),
    [
        (r"\begin{cases} \displaystyle \frac{a}{b} & x > 0 \end{cases}", True, "\\displaystyle"),
        (r"\frac{\displaystyle \sum_i a_i}{b}", True, "\\displaystyle"),
        (r"\textstyle \sum_{i=1}^n x_i", True, "\\textstyle"),
        (r"\scriptstyle x", False, "\\scriptstyle"),
        (r"{\scriptscriptstyle x}", True, "\\scriptscriptstyle"),
    ],
)
def test_a_style_command_that_would_change_the_style_is_reported(
    tex: str, display: bool, command: str
) -> None:
    assert "mstyle" not in body(tex, display=display)
    assert [d.what for d in dropped(tex, display=display)] == [f"'{command}'"]


def test_an_arrays_rules_are_left_out_and_reported() -> None:
    tex = r"\begin{array}{c|c} 1 & 2 \\ \hline 3 & 4 \end{array}"
    assert not re.search(r"columnlines|rowlines|frame|menclose", body(tex))
    assert dropped(tex, display=True) == [
        Dropped("the rules ('|') of 'c|c'", "math arrays are printed without rules", RULES_HINT),
        Dropped("the rule '\\hline'", "math arrays are printed without rules", RULES_HINT),
    ]


def test_text_between_an_arrays_columns_is_left_out_and_reported() -> None:
    tex = r"\begin{array}{r@{.}l} 3 & 14 \\ 2 & 71 \end{array}"
    assert "." not in re.sub(r"<[^>]+>", "", body(tex))  # 3 14 / 2 71: the points are gone
    assert dropped(tex, display=False) == [
        Dropped(
            "'@{.}'",
            "the text between the columns would not be printed",
            "write '.' into the cells instead (one 'r' column of 3.14 rather than 'r@{.}l' "
            "of 3 and 14)",
        )
    ]


@pytest.mark.parametrize(
    ("spec", "what"),
    [
        ("@{}ll@{}", None),  # at the edges: MathML puts no space there either
        ("*{3}{c}", None),
        ("l@{}l", "'@{}' of 'l@{}l'"),  # the columns would stay a quad apart
        ("c!{,}c", "'!{,}'"),
        ("*{2}{c|}c", "the rules ('|') of '*{2}{c|}c'"),
    ],
)
def test_an_arrays_column_spec(spec: str, what: str | None) -> None:
    tex = rf"\begin{{array}}{{{spec}}} a & b & c \end{{array}}"
    assert [d.what for d in dropped(tex, display=True)] == ([what] if what else [])


def test_what_is_left_out_is_a_problem_of_the_page_naming_the_expression() -> None:
    page = page_of(
        "Colour $\\color{red} x$ and a rule\n\n$$\\begin{array}{c|c} a & b\\end{array}$$\n"
    )
    printed, problems = to_print_html(page, FONT)
    assert problems == [
        MathProblem(
            "pandoc would leave '\\color{red}' out of the math '$\\color{red} x$': math "
            "prints in the text's colour",
            "\\color{red} x",
            "remove '\\color{red}'; to single out a term, say so in the text or box it with "
            "\\boxed{...}",
        ),
        MathProblem(
            "pandoc would leave the rules ('|') of 'c|c' out of the math "
            "'$$\\begin{array}{c|c} a & b\\end{array}$$': math arrays are printed without rules",
            "\\begin{array}{c|c} a & b\\end{array}",
            RULES_HINT,
        ),
    ]
    assert "<math" not in printed


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        # raw MathML in the Markdown: ziamath would lay its parts out in a row, both shown
        (
            '<math><maction actiontype="toggle"><mi>x</mi><mi>y</mi></maction></math>',
            "the MathML element <maction> is not supported",
        ),
        # ziamath sets an <mtext>'s own text only: the 'b' would be a blank
        ("<math><mtext>a<mi>b</mi></mtext></math>", "'b' would not be drawn"),
    ],
)
def test_what_the_layout_would_lose_is_an_error(markup: str, message: str) -> None:
    with pytest.raises(MathLayoutError) as caught:
        typeset(parse_mathml(markup), FONT)
    assert str(caught.value) == message


def test_every_character_is_drawn_where_the_math_is_complete() -> None:
    """The guard's exceptions: a phantom takes room unseen, a hyphen and an overline are
    drawn as lines, √ is the radical's own sign (not written in the MathML)."""
    tex = r"\phantom{x} \overline{AB} + \sqrt{2} \text{re-use} \quad \hat{\beta}"
    markup = re.search(r"<math.*?</math>", page_of(f"${tex}$"), re.S)
    assert markup
    result = typeset(parse_mathml(markup[0]), FONT)
    assert "use" in result.svg and result.width > 5
