"""A paper's body as its authors' tools read it, through the real parse and pandoc steps: a
.qmd's code chunks (not run: R006), images beside the Markdown file, PDF figures, and
pandoc-crossref's settings file.

The paper is tests/integration/fixtures/paper, its body in `paper/` (as JOSS keeps it) with
pieces cut from corpus papers (tests/realworld/manuscripts/, named below).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import PdfRenderError
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import run_parse

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
CORPUS = Path(__file__).parents[1] / "realworld" / "manuscripts"
EXCERPTS = CORPUS.parent / "excerpts"
# From quarto-playstyle/manuscript.qmd (lines 585-592, its caption shortened) and quarto's
# inline R; the chunk draws a figure the text refers to.
QMD_BODY = """
# Results

Visual inspection suggested distinctive preferences (@fig-session-timeline); in total
`r nrow(pvz_df_analysis)` players.

```{r}
#| label: fig-session-timeline
#| fig-cap: "Session timelines for two example players."
plot_session_timeline(pvz_df_analysis)
```

```{r}
#| label: setup
#| include: false
knitr::opts_chunk$set(echo = FALSE)
```

The prose after the chunks builds.
"""


def make_paper(tmp: Path, body_name: str, body: str) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    (root / "paper").mkdir()
    front = (root / "manuscript" / "01-front.md").read_text(encoding="utf-8")
    end = front.index("\n---\n", 4) + 5  # the front matter only: the body refers to its own
    (root / "paper" / "00-front.md").write_text(front[:end], encoding="utf-8")
    (root / "manuscript" / "01-front.md").unlink()
    (root / "manuscript" / "02-body.md").unlink()
    (root / "paper" / body_name).write_text(body, encoding="utf-8")
    (root / "docbuild.toml").write_text(
        f'style = "preprint"\nmanuscript = ["paper/00-front.md", "paper/{body_name}"]\n',
        encoding="utf-8",
    )
    (root / "build").mkdir()
    return root


def build_page(root: Path) -> str:
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    return (root / "build" / "pandoc.html").read_text(encoding="utf-8")


def pdf_error(root: Path) -> PdfRenderError:
    """The error the PDF step stops with, the page built first."""
    from docbuild.jobs.build import run_pdf

    build_page(root)
    with pytest.raises(PdfRenderError) as caught:
        run_pdf(load_settings(root))
    return caught.value


def test_qmd_chunks_are_not_run_and_one_message_names_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_paper(tmp_path, "manuscript.qmd", QMD_BODY)
    page = build_page(root)
    assert '<a href="#fig-session-timeline" class="cross-ref">Figure&nbsp;1</a>' in page
    assert "Session timelines for two example players." in page
    assert "made by the r code chunk 'fig-session-timeline', which docbuild does not run" in page
    assert "opts_chunk" not in page and "#|" not in page  # other chunks are left out
    assert "The prose after the chunks builds." in page
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "paper/manuscript.qmd:7: warning R006 code-not-run 2 code chunks, 1 inline expression"
        " not run (knitr): docbuild does not execute code, so their output is left out; the"
        " figures and tables they make (fig-session-timeline) are placeholders"
    ]


def test_black_formatted_chunk_options_and_subfigures(tmp_path: Path) -> None:
    """A python chunk whose options black wrote `# | label: fig-circ`, with four `fig-subcap`
    items: MitchellAcoustics/JASAEL's paper.qmd (tests/realworld/excerpts). Quarto reads
    `# |` as `#|` and names the subfigures fig-circ-1 ... fig-circ-4; before, every
    `@fig-circ` was an R004 error and the chunk's code was shown."""
    excerpt = (EXCERPTS / "jasael-soundscape.qmd").read_text(encoding="utf-8")
    body = excerpt[excerpt.index("\n---\n", 4) + 5 :]  # the body: the sample gives the front
    page = build_page(make_paper(tmp_path, "paper.qmd", body))
    assert '<a href="#fig-circ" class="cross-ref">Figure&nbsp;2</a>' in page
    assert '<a href="#fig-circ-1" class="cross-ref">Figure&nbsp;2a</a>' in page
    assert '<a href="#fig-circ-4" class="cross-ref">Figure&nbsp;2d</a>' in page
    assert page.count("made by the python code chunk 'fig-circ', which docbuild does not run") == 4
    assert "Soundscape perception as a function of sound level" in page
    assert "import soundscapy" not in page and "# |" not in page


def test_images_beside_the_markdown_file_and_pdf_figures(tmp_path: Path) -> None:
    """joss-iondiff's `![...](figure.pdf)` in paper/paper.md; a PNG beside it too."""
    body = (
        "\n# Figures\n\n![Route.\\label{fig:route}](route.png)\n\n"
        "![Diffusion paths.\\label{fig:paths}](figure.pdf)\n\nAs \\autoref{fig:paths} shows.\n"
    )
    root = make_paper(tmp_path, "paper.md", body)
    shutil.move(root / "figures" / "route.png", root / "paper" / "route.png")
    shutil.copy(CORPUS / "joss-iondiff" / "paper" / "figure.pdf", root / "paper" / "figure.pdf")
    page = build_page(root)
    assert '<img src="paper/route.png"' in page
    [png] = (root / "build" / "figures").glob("figure-*.png")
    assert f'<img src="figures/{png.name}"' in page  # where build/ holds it
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = png.read_bytes()
    png.unlink()
    build_page(root)  # the same PDF gives the same picture, byte for byte
    assert png.read_bytes() == first


def test_the_settings_file_beside_the_manuscript_is_used(tmp_path: Path) -> None:
    """crossref-henriques-2017's crossref.yaml: empty prefixes, "Table @tbl:table"."""
    body = (
        "\nThe eigenvalues are reported in Table @tbl:table.\n\n"
        "| FA | λ1 |\n|---|---|\n| 0.71 | 1.6 |\n\n: Eigenvalues {#tbl:table}\n"
    )
    root = make_paper(tmp_path, "article.md", body)
    shutil.copy(CORPUS / "crossref-henriques-2017" / "article" / "crossref.yaml", root / "paper")
    text = (root / "paper" / "crossref.yaml").read_text(encoding="utf-8")
    (root / "paper" / "crossref.yaml").write_text(
        text.replace('tableTitle: "Table"', 'tableTitle: "TABLE"'), encoding="utf-8"
    )
    page = build_page(root)
    assert 'reported in Table <a href="#tbl:table" class="cross-ref">1</a>.' in page
    assert '<span class="caption-label">TABLE&nbsp;1:</span>' in page


@pytest.mark.parametrize("csl", ["ieee", "ieee.csl"])
def test_the_authors_csl_is_used_by_name_or_as_a_file_beside_the_manuscript(
    tmp_path: Path, csl: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """pandoc-scholar-example and quarto-playstyle name `csl: apa.csl` beside the manuscript."""
    from docbuild.csl_styles import find_csl

    root = make_paper(tmp_path, "paper.md", "\nAs shown [@khan2021].\n")
    front = root / "paper" / "00-front.md"
    front.write_text(front.read_text(encoding="utf-8").replace("---\n", f"---\ncsl: {csl}\n", 1))
    if csl.endswith(".csl"):
        shutil.copy(find_csl("ieee"), root / "paper" / csl)
    page = build_page(root)
    assert 'role="doc-biblioref">[1]</a>' in page  # IEEE, not the style's author-year
    assert "R001" not in capsys.readouterr().err  # used, so not "ignored"


def test_a_csl_outside_the_paper_folder_is_ignored_as_r001_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_paper(tmp_path, "paper.md", "\nAs shown [@khan2021].\n")
    (tmp_path / "evil.csl").write_text("<style/>", encoding="utf-8")
    front = root / "paper" / "00-front.md"
    text = front.read_text(encoding="utf-8").replace("---\n", "---\ncsl: ../../evil.csl\n", 1)
    front.write_text(text, encoding="utf-8")
    page = build_page(root)
    assert 'role="doc-biblioref">Khan, 2021</a>)' in page  # the style's own CSL
    assert "warning R001 ignored-front-matter 'csl'" in capsys.readouterr().err


def test_an_svg_figure_prints_in_the_styles_font(tmp_path: Path) -> None:
    """joss-sbmltoolkit's figure.svg names Roboto: the PDF sets its text in Charis SIL."""
    import pypdf

    from docbuild.jobs.build import run_pdf

    body = "\n![The Julia ecosystem for systems biology.\\label{fig:summary}](figure.svg)\n"
    root = make_paper(tmp_path, "paper.md", body)
    shutil.copy(CORPUS / "joss-sbmltoolkit" / "paper" / "figure.svg", root / "paper")
    build_page(root)
    assert run_pdf(load_settings(root))
    reader = pypdf.PdfReader(root / "build" / "paper.pdf")
    fonts: set[str] = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for res in [
            page["/Resources"],
            *(x.get_object().get("/Resources", {}) for x in xobjects.values()),
        ]:
            fonts.update(str(f.get_object()["/BaseFont"]) for f in res.get("/Font", {}).values())
    assert fonts and all(f.split("+")[-1].startswith(("Charis-SIL", "STIXTwoMath")) for f in fonts)
    assert "ModelingToolkit.jl" in "".join(p.extract_text() for p in reader.pages)


def test_a_character_the_styles_fonts_lack_is_named_with_its_place(tmp_path: Path) -> None:
    """No shipped font has Braille (the machine's DejaVu does): the build names it, and not ∈,
    which STIX Two Math sets in running text (η, which Charis lacks, prints in Gentium Plus)."""
    # with a footnote: its back-link ↩ (hidden by the print CSS) is no suspect
    root = make_paper(tmp_path, "paper.md", "\nThe effect was small,^[Noted.]\n⠁ = 0.02, η ∈ R.\n")
    error = pdf_error(root)
    # which font the machine falls back to is the machine's (DejaVu Sans here)
    assert re.fullmatch(
        "the PDF would use the machine's font '[^']+', which the style does not ship;"
        " the text has '⠁' \\(U\\+2801\\), which the style's fonts lack",
        error.message,
    )
    assert str(error.location) == f"{root / 'paper' / 'paper.md'}:3:1"


def test_a_footnote_longer_than_a_page_is_an_error_not_left_out(tmp_path: Path) -> None:
    """WeasyPrint cannot break a footnote across pages: a note taller than a page's room went
    on to the next page, with the notes beside it, and at the end of the document those were
    dropped from the PDF without a word (both notes here, in gfpr). A note of a third of a
    page prints, and one of a page does (preprint)."""
    from docbuild.jobs.build import run_pdf

    sentence = "Sentence {} of a note that goes on, quoting an archive and its sources at length."
    body = "\nA first claim.[^a] A claim that needs a long note.[^long]\n\n[^a]: Short.\n\n"

    def paper(folder: Path, sentences: int, style: str) -> Path:
        note = " ".join(sentence.format(i) for i in range(1, sentences))
        root = make_paper(folder, "paper.md", body + f"[^long]: {note}\n")
        config = root / "docbuild.toml"
        config.write_text(config.read_text().replace('"preprint"', f'"{style}"'))
        return root

    root = paper(tmp_path, 140, "gfpr")
    error = pdf_error(root)
    assert error.message == (
        "footnote 'Sentence 1 of a note that goes on, quoting an archive and …' (11,428"
        " characters) is longer than a page holds: the PDF would leave out 2 notes, the first"
        " 'Short.'"
    )
    assert str(error.location) == f"{root / 'paper' / 'paper.md'}:6:10"
    for folder, sentences, style in (("third", 25, "gfpr"), ("page", 99, "preprint")):
        root = paper(tmp_path / folder, sentences, style)
        build_page(root)
        assert run_pdf(load_settings(root))


def test_a_character_only_the_code_font_has_is_named_with_its_place(tmp_path: Path) -> None:
    """Hebrew in preprint's prose (Genesis 1:1): Charis SIL and Gentium Plus lack it, and only
    Liberation Mono, the code font, has it. The build stopped with `the PDF would use the
    machine's font 'DejaVu Sans', which the style does not ship`, naming no character and no
    line, as the code font counted as one that covers it."""
    root = make_paper(tmp_path, "paper.md", "\nGenesis begins\n[בְּרֵאשִׁית]{lang=he} `code`.\n")
    error = pdf_error(root)
    assert re.fullmatch(
        "the PDF would use the machine's font '[^']+', which the style does not ship;"
        " the text has 'ב' \\(U\\+05D1\\), 'ְ' \\(U\\+05B0\\), 'ּ' \\(U\\+05BC\\),"
        " 'ר' \\(U\\+05E8\\), 'ֵ' \\(U\\+05B5\\), which the style's text fonts lack \\(its"
        " code font has them\\)",
        error.message,
    )
    assert str(error.location) == f"{root / 'paper' / 'paper.md'}:3:2"
    assert error.hint is not None
    assert error.hint.endswith(
        "; for Hebrew text: Ezra SIL or Noto Serif Hebrew (SIL OFL), with its licence, in a copy"
        " of the style"
    )


@pytest.mark.skipif(
    bool(shutil.which("fc-list"))
    and bool(subprocess.run(["fc-list", ":charset=4e2d"], capture_output=True, text=True).stdout),
    reason="this machine has a font with 中 (then the machine-font error above applies)",
)
def test_a_character_no_font_has_is_an_error_not_an_empty_box(tmp_path: Path) -> None:
    """WeasyPrint prints .notdef (a box) for a character no font has and only logs it."""
    from docbuild.errors import PdfRenderError
    from docbuild.jobs.build import run_pdf

    root = make_paper(tmp_path, "paper.md", "\nThe word is written\n中文 in the source.\n")
    build_page(root)
    with pytest.raises(PdfRenderError) as caught:
        run_pdf(load_settings(root))
    assert caught.value.message == (
        "the PDF would print an empty box for '中' (U+4E2D), '文' (U+6587): "
        "no font of the style has it"
    )
    assert str(caught.value.location) == f"{root / 'paper' / 'paper.md'}:3:1"


def test_resource_path_in_the_front_matter_is_searched(tmp_path: Path) -> None:
    """crossref-viejo-2016 keeps its figure in ../code/ beside article/ (a `resource-path`)."""
    body = "\n![Results.](fig.png){#fig:figure1}\n\nSee @fig:figure1.\n"
    root = make_paper(tmp_path, "paper.md", body)
    (root / "code").mkdir()
    shutil.move(root / "figures" / "route.png", root / "code" / "fig.png")
    front = root / "paper" / "00-front.md"
    front.write_text(
        front.read_text(encoding="utf-8").replace("---\n", "---\nresource-path: [../code]\n", 1)
    )
    page = build_page(root)
    assert '<img src="code/fig.png"' in page


def test_raw_latex_figure_environments_are_figures(tmp_path: Path) -> None:
    """joule-profiler's JOSS paper (tests/realworld/excerpts) writes its figures as LaTeX
    environments in the Markdown, `\\begin{figure}` ... `\\includegraphics[width=\\linewidth]
    {images/phases.png}` ... `\\label{fig:phases}`, and refers to them as `Figure~\\ref{..}`.
    Before, both figures were left out (R010) and every reference was an R004 error."""
    excerpt = (EXCERPTS / "joule-profiler.md").read_text(encoding="utf-8")
    body = excerpt[excerpt.index("\n---\n", 4) + 5 :]
    root = make_paper(tmp_path, "paper.md", body)
    (root / "paper" / "images").mkdir()
    for name in ("phases.png", "archi.png"):
        shutil.copy(root / "figures" / "route.png", root / "paper" / "images" / name)
    page = build_page(root)
    figures = re.findall(r'<figure id="([^"]+)"[^>]*>\s*<img src="([^"]+)" style="([^"]*)"'
                         r'\s+alt="([^"]*)"', page)  # fmt: skip
    assert figures == [
        ("fig:phases", "paper/images/phases.png", "width:100.0%",
         "Process lifecycle illustrating sequential phases"),
        ("fig:archi", "paper/images/archi.png", "width:90.0%",
         "Software architecture of Joule Profiler, showing the orchestrator coordinating"
         " measurement sources (RAPL, Nvidia-NVML, perf events) and exporting results to"
         " Terminal, JSON, and CSV formats."),
    ]  # fmt: skip
    # LaTeX's tie is a no-break space, and "Figure" before it the reference's own word.
    assert 'as shown in Figure&nbsp;<a href="#fig:archi" class="cross-ref">2</a>.' in page
    assert "\\begin{figure}" not in page and "~" not in page


def test_a_knitr_figure_named_without_its_extension_and_a_share_of_the_line(
    tmp_path: Path,
) -> None:
    """graphsim's JOSS paper (tests/realworld/excerpts), knitted by R Markdown (`keep_md`):
    knitr writes its figure as a LaTeX environment, `\\includegraphics[width=.375\\linewidth,
    ...]{Plotsimple_graph-1}` for Plotsimple_graph-1.pdf, as pdfLaTeX finds it. Before, the
    build stopped ("resource 'Plotsimple_graph-1' refused: file not found"), and the widths
    were dropped (pandoc keeps `.375\\linewidth` as written)."""
    excerpt = (EXCERPTS / "graphsim-figure.md").read_text(encoding="utf-8")
    body = excerpt[excerpt.index("\n---\n", 4) + 5 :]
    root = make_paper(tmp_path, "paper.md", body)
    for name in ("Plotsimple_graph-1.pdf", "Plotsimple_graph-2.pdf"):
        shutil.copy(CORPUS / "joss-iondiff" / "paper" / "figure.pdf", root / "paper" / name)
    (root / "paper" / "Plotsimple_graph-2.png").write_bytes(b"")  # .pdf comes first
    page = build_page(root)
    [figure] = re.findall(r'<figure id="fig:simple_graph".*?</figure>', page, re.S)
    images = re.findall(r'<img src="figures/(Plotsimple_graph-\d)-[0-9a-f]{16}\.png"'
                        r' style="([^"]*)"', figure)  # fmt: skip
    assert images == [("Plotsimple_graph-1", "width:37.5%"), ("Plotsimple_graph-2", "width:37.5%")]
    # pandoc's LaTeX reader gives each image the alternative text "image": the caption
    # instead, each image told apart by its place.
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', figure)
    caption = "Simulated graph structures. A constructed graph structure used as an example"
    assert [alt[: len(caption)] for alt in alts] == [caption, caption]
    assert [alt[alt.rindex("(") :] for alt in alts] == ["(image 1 of 2)", "(image 2 of 2)"]
    # A Markdown image keeps the name it has: no extension is guessed for it.
    (root / "paper" / "paper.md").write_text(body + "\n![A map.](route)\n", encoding="utf-8")
    shutil.copy(root / "figures" / "route.png", root / "paper" / "route.png")
    assert '<img src="route"' in build_page(root)


def test_quarto_include_in_header_macros_and_an_alignat_label(tmp_path: Path) -> None:
    """localhierarchy's paper.qmd (tests/realworld/excerpts) names its macros' file the
    Quarto way, `include-in-header: - file: preamble.tex` (`\\newcommand{\\glob}{\\mathrm{
    global}}`, ...), and refers to a row of an `alignat` as `\\ref{eq-countryhier}`. Before,
    pandoc left every math with a macro as TeX (R003, 23 times), and the reference was an
    R004 error."""
    excerpt = (EXCERPTS / "localhierarchy-paper.qmd").read_text(encoding="utf-8")
    root = make_paper(tmp_path, "paper.qmd", excerpt)
    shutil.copy(EXCERPTS / "localhierarchy-preamble.tex", root / "paper" / "preamble.tex")
    page = build_page(root)
    report = (root / "build" / "pandoc-report.json").read_text(encoding="utf-8")
    assert "Could not convert TeX math" not in report and "newcommand" not in report
    assert "\\glob" not in page and "\\subregion" not in page
    upright = "".join(f'<mi mathvariant="normal">{c}</mi>' for c in "subregion")
    assert page.count(upright) >= 4  # \subregion, as the preamble defines it
    [number] = re.findall(r'id="eq-countryhier" class="equation">.*?'
                          r'<span class="eq-number">\((\d+)\)</span>', page, re.S)  # fmt: skip
    assert f'Eq.&nbsp;<a href="#eq-countryhier" class="cross-ref">{number}</a>' in page
    # The top-level form, `include-in-header: preamble.tex`: read too, and no R008 for it.
    top = excerpt.replace("    include-in-header: \n      - file: preamble.tex \n", "")
    top = top.replace("bibliography:", "include-in-header: preamble.tex\nbibliography:", 1)
    (root / "paper" / "paper.qmd").write_text(top, encoding="utf-8")
    assert "\\glob" not in build_page(root)
    report = (root / "build" / "pandoc-report.json").read_text(encoding="utf-8")
    assert "Could not convert TeX math" not in report and "include-in-header" not in report
