"""Code chunks of .qmd and .Rmd files (cite/chunks.py), on the corpus's Quarto papers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from docbuild.cite.chunks import has_chunks, prepare_chunks, summarize_chunks

CORPUS = Path(__file__).parents[1] / "realworld" / "manuscripts"


@pytest.mark.parametrize(
    "slug, entry",
    [("quarto-playstyle", "manuscript.qmd"), ("quarto-donor-responses", "index.qmd")],
)
def test_counts_agree_with_expected_toml(slug: str, entry: str) -> None:
    text = (CORPUS / slug / entry).read_text(encoding="utf-8")
    expected = tomllib.loads((CORPUS / slug / "EXPECTED.toml").read_text(encoding="utf-8"))
    summary = summarize_chunks(text)
    assert summary.chunks == expected["conventions"]["executable_chunks"]
    assert summary.inline == expected["conventions"].get("inline_r", 0)
    assert summary.engines == ("r",)


def test_only_the_opening_fences_change_and_every_line_keeps_its_number() -> None:
    text = (CORPUS / "quarto-playstyle" / "manuscript.qmd").read_text(encoding="utf-8")
    prepared = prepare_chunks(text)
    before, after = text.split("\n"), prepared.split("\n")
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 45
    assert all(a.startswith("```{r") for a, _ in changed)
    assert changed[0][1] == '```{.docbuild-chunk engine="r" header=""}'


def test_knitr_headers_and_ordinary_code_blocks() -> None:
    text = (
        '```{r fig-x, fig.cap="A \\"quoted\\" cap"}\nplot(1)\n```\n\n'
        "```python\n```{r}\nnot a chunk: inside a code block\n```\n\n"
        "```{.python}\nx = 1\n```\n"
    )
    assert has_chunks(text)
    summary = summarize_chunks(text)
    assert (summary.chunks, summary.figures, summary.first_line) == (1, ("fig-x",), 1)
    header = b'fig-x, fig.cap="A \\"quoted\\" cap"'.hex()
    assert prepare_chunks(text).split("\n")[0] == (
        f'```{{.docbuild-chunk engine="r" header="{header}"}}'
    )
    assert prepare_chunks(text).split("\n")[4:] == text.split("\n")[4:]
    assert not has_chunks("```{.python}\nx = 1\n```\n")


def test_a_knitr_caption_may_hold_braces() -> None:
    """cboettig/noise-phenomena's paper.Rmd (tests/realworld/excerpts): `fig.cap="...
    \\\\label{gillespie}"` ends in `}"}`; the fence was read as no chunk."""
    excerpt = CORPUS.parent / "excerpts" / "noise-phenomena" / "gillespie.Rmd"
    text = excerpt.read_text(encoding="utf-8")
    summary = summarize_chunks(text)
    assert (summary.chunks, summary.first_line) == (1, 104)
    fence = prepare_chunks(text).split("\n")[103]
    header = bytes.fromhex(fence.split('header="')[1].rstrip('"}'))
    assert header.startswith(b"gillespie, warning=FALSE") and header.endswith(
        b'\\\\label{gillespie}"'
    )


# Delattre & Kuhn's Computo article (computorg/published-202311-delattre-fim main.qmd:509 and
# 560-565, CC BY 4.0): knitr's values written into the math, one of them holding a `$`.
FIM_MATH = """rates of \\newline $`r covering.isco/nbsim`$ respectively, for $0.95$.

$$
\\frac1{10000} \\sum _k I_{n,sco}(\\hat{\\theta}_k)= \\begin{pmatrix}
`r res$isco[1,1]` & `r res$isco[1,2]`\\\\
\\end{pmatrix}.
$$

Prose keeps its code: `r res$isco[1,1]` costs $5 and `r x`, or `` `r y` ``.
"""


def test_inline_code_inside_math_is_text_and_elsewhere_code() -> None:
    """Unrun, `$`r x`$` is TeX texmath cannot read and `` `r res$isco[1,1]` `` ends the math
    at its own `$`: inside math each is `\\text{r ...}` (its `$` escaped), so the math prints
    with the code in place of its value; in prose, code as before. Lines keep their numbers."""
    prepared = prepare_chunks(FIM_MATH)
    assert prepared.count("\n") == FIM_MATH.count("\n")
    assert "$\\text{r covering.isco/nbsim}$" in prepared
    assert "\\text{r res\\$isco[1,1]} & \\text{r res\\$isco[1,2]}\\\\" in prepared
    assert prepared.endswith(
        "Prose keeps its code: `r res$isco[1,1]` costs $5 and `r x`, or `` `r y` ``.\n"
    )
