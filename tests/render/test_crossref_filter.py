"""The filter's run on only the blocks it has work in (render/crossref_filter.py) gives what
the whole document through crossref.lua gives: the AST, the warnings and the reports. pandoc
runs for real; tests/render/test_citecache.py compares the pages built that way too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.render import pandoc
from docbuild.render.crossref_filter import filter_document, has_work

ROOT = Path(__file__).resolve().parents[2]

# Each case holds work for the filter in one block only, beside prose that has none, so a
# block wrongly left out changes the output (the numbers, the links, a report).
CASES = {
    "figure and references": "Prose [@smith2020].\n\n![One](a.png){#fig:a}\n\nSee @fig:a.\n",
    "capitalised id": "![One](a.png){#fig:a}\n\nProse.\n\n@Fig:a shows it.\n",
    "quarto div": "Prose.\n\n::: {#fig-q}\n![](a.png)\n\nA caption.\n:::\n\nSee @fig-q.\n",
    "labelled inline image": "Prose.\n\nText ![A \\label{fig:b}](b.png) runs on.\n\nSee @fig:b.\n",
    "table": "Prose.\n\n| a |\n|---|\n| 1 |\n\n: Cap {#tbl:t}\n\nSee @tbl:t.\n",
    "listing": 'Prose.\n\n```{#lst:c caption="Code"}\nx = 1\n```\n\nSee @lst:c.\n',
    "equation": "Prose.\n\n$$ a = b $$ {#eq:e}\n\nProse.\n\nSee @eq:e.\n",
    "raw latex equation": (
        "\\begin{equation}\\label{eq:r} x \\end{equation}\n\nSee \\eqref{eq:r}.\n"
    ),
    "inline math": "Prose.\n\nA vector $\\mathbf{x}$.\n",
    "inline math the filter keeps": "Prose $x_1$.\n\nA sum $\\sum_i x_i \\le \\alpha$.\n",
    "inline math it rewrites": (
        "Prose $x$.\n\n$\\hbox{a}$, $\\rlap{b}$, $\\mathllap{c}$.\n\n"
        "$\\begin{array}{*{2}{c}} 1 & 2 \\end{array}$\n\n"
        "$\\begin{pmatrix} a \\\\ b \\\\ \\end{pmatrix}$ $\\begin{cases} a \\\\ \\end{cases}$\n"
        "\nA trial $B \\sim {\\rm Bernoulli}(\\phi)$, ${\\bf x}$, ${ \\cal L}$.\n"
    ),
    "footnote": "Prose.\n\nText.^[A note [@smith2020].]\n\nMore prose.\n",
    "raw tex": "Prose.\n\nSrCoO`\\textsubscript{3}`{=latex} and `\\clearpage`{=latex}.\n",
    "shortcode": "Prose.\n\nWords {{< words-sum body >}} here.\n\n{{< embed nb.ipynb#fig-n >}}\n",
    "sections": "# One\n\nProse.\n\n## Two {#sec:two}\n\nProse.\n\nAs in @sec:two.\n",
    "unknown reference": "Prose [@smith2020].\n\nSee @fig:missing and \\ref{tab:none}.\n",
    "subfigures": (
        "::: {#fig:p}\n![A](a.png){#fig:pa}\n\n![B](b.png){#fig:pb}\n\nBoth.\n:::\n\n"
        "Prose.\n\nSee @fig:pb.\n"
    ),
    # TomHardwicke/Reproducibility-Psych-Sci (papaja): bookdown's references, a Str to pandoc
    "bookdown": (
        "# Results {#results}\n\n![A](a.png){#fig:forestPlot}\n\nProse.\n\n"
        "Shown in Figure \\@ref(fig:forestPlot) and Section \\@ref(results).\n"
    ),
    "a div that looks like a placeholder": (
        "Prose.\n\n::: {.docbuild-kept docbuild-kept=0}\n:::\n\nProse.\n"
    ),
}


def parse(markdown: str) -> dict[str, object]:
    done = pandoc.run(["-f", "markdown", "-t", "json"], cwd=ROOT, stdin=markdown.encode())
    return json.loads(done.output)


def whole(doc: dict[str, object]) -> tuple[dict[str, object], pandoc.PandocResult]:
    """The filter on the whole document, as the build ran it before."""
    args = ["-f", "json", "-t", "json", "--lua-filter", str(pandoc.CROSSREF_FILTER)]
    done = pandoc.run(args, cwd=ROOT, stdin=json.dumps(doc).encode())
    return json.loads(done.output), done


def assert_same(doc: dict[str, object]) -> None:
    expected, full = whole(doc)
    got, part = filter_document(doc, root=ROOT, timeout=60)
    assert got == expected
    assert (part.warnings, part.reports) == (full.warnings, full.reports)


@pytest.mark.parametrize("markdown", list(CASES.values()), ids=list(CASES))
def test_each_kind_of_work_gives_what_the_whole_document_gives(markdown: str) -> None:
    assert_same(parse(markdown))


def test_the_sample_paper_with_its_style_settings() -> None:
    from docbuild.jobs.parse import parse_files

    files = sorted((ROOT / "manuscript").glob("*.md"))
    doc = parse_files(files, root=ROOT).ast
    meta = doc["meta"]
    assert isinstance(meta, dict)
    meta["docbuild-style-crossref"] = {"t": "MetaMap", "c": {"fig": {"t": "MetaMap", "c": {
        "caption": {"t": "MetaString", "c": "Fig. {n}."}}}}}  # fmt: skip
    assert_same(doc)


def test_blocks_without_work_are_not_sent_and_come_back_as_they_were() -> None:
    doc = parse(CASES["figure and references"])
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    assert [has_work(json.dumps(b)) for b in blocks] == [False, True, True]
    got, _ = filter_document(doc, root=ROOT, timeout=60)
    assert got["blocks"][0] is blocks[0]  # type: ignore[index]


@pytest.mark.parametrize(
    ("markdown", "work"),
    [
        ("Prose [@smith2020; @jones-2019].\n", False),  # a key with '-' after a digit
        ("Prose [@Tab:x].\n", True),  # crossref.lua reads `Tab:` as a table too
        ("See [@tab:x].\n", True),
        ("A `{{< code >}}` span.\n", True),
        ("Plain *emphasis* and a [link](https://example.org).\n", False),
        ("Inline math $x_i^2 + \\alpha$ the filter hands back.\n", False),
        ("Bold $\\mathbf{x}$, rewritten by the filter.\n", True),
        # FrancisBanville/ms_interpreting_probabilities (README.md:277): LaTeX's `{\rm x}`
        ("A trial $B_{i, j} \\sim {\\rm Bernoulli}(\\phi)$.\n", True),
        ("Upright $\\mathrm{d}x$ and $\\operatorname{rm}$ stay.\n", False),
        ("A switch heading the math, $\\bf A$ (a Computo article).\n", True),
        ("Display $$x$$ math.\n", True),
        ("Shown in Figure \\@ref(fig:forestPlot).\n", True),
        # ameye/fuzzy-audiogram (manuscript.qmd:292): rewritten to \dfrac by the filter
        ("$\\displaystyle\\frac{x - a}{b - a}$ inline.\n", True),
    ],
)
def test_what_counts_as_work(markdown: str, work: bool) -> None:
    blocks = parse(markdown)["blocks"]
    assert isinstance(blocks, list)
    assert has_work(json.dumps(blocks[0])) is work


def test_the_same_blocks_again_take_the_last_output_without_pandoc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docbuild preview` after an edit in prose: the blocks with work are the same, so is
    the output; a changed block with work, or a changed filter file, runs pandoc again."""
    import shutil

    from docbuild.render import crossref_filter

    for lua in pandoc.CROSSREF_FILTER.parent.glob("crossref*.lua"):
        shutil.copy(lua, tmp_path / lua.name)
    monkeypatch.setattr(pandoc, "CROSSREF_FILTER", tmp_path / "crossref.lua")
    runs: list[bytes] = []
    real_run = pandoc.run

    def counted(args: list[str], **kw: object) -> pandoc.PandocResult:
        if "--lua-filter" in args:
            runs.append(kw["stdin"])  # type: ignore[arg-type]
        return real_run(args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    crossref_filter._LAST.clear()
    first = CASES["unknown reference"] + "\nProse that has no work.\n"
    edited = first.replace("has no work", "has no work at all")
    _, result = filter_document(parse(first), root=ROOT, timeout=60)
    assert len(runs) == 1 and result.reports  # the unknown references were reported
    doc = parse(edited)
    expected, full = whole(doc)  # the second run
    again, cached = filter_document(doc, root=ROOT, timeout=60)
    assert len(runs) == 2
    assert again["blocks"][-1] is doc["blocks"][-1]  # type: ignore[index]
    assert again == expected and (cached.reports, cached.warnings) == (full.reports, full.warnings)
    other = edited.replace("@fig:missing", "@fig:gone")
    filter_document(parse(other), root=ROOT, timeout=60)
    assert len(runs) == 3
    with (tmp_path / "crossref_words.lua").open("a", encoding="utf-8") as lua:
        lua.write("-- changed\n")
    filter_document(parse(other), root=ROOT, timeout=60)
    assert len(runs) == 4


def test_a_generated_math_paper_gives_what_the_whole_document_gives() -> None:
    """bench/bench_math.py's paper: 600 inline and 300 display expressions, a third numbered;
    the paragraphs with inline math alone are not sent."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_math", ROOT / "bench" / "bench_math.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    doc = parse(bench.paper_text(with_math=True, displays=60, inlines=120))
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    sent = [has_work(json.dumps(b)) for b in blocks]
    assert sent.count(False) == 60  # one paragraph of prose and inline math per display
    assert_same(doc)


def test_a_bookdown_text_reference_goes_to_the_filter() -> None:
    """`(ref:defolCap) Words...` names the words a caption's `(ref:defolCap)` stands for; a
    paragraph of prose that held it went around the filter and printed as written."""
    from docbuild.render.crossref_filter import has_work

    para = {"t": "Para", "c": [{"t": "Str", "c": "(ref:defolCap)"}, {"t": "Space"}]}
    assert has_work(json.dumps(para))
    assert not has_work(json.dumps({"t": "Para", "c": [{"t": "Str", "c": "(ref)"}]}))
