"""The render steps' findings (R001-R011): printed as they happen, kept in build/, and shown by
`doit lint-refs` in every format beside the linter's.

The paper is tests/integration/fixtures/paper with a front matter `csl:` (R001), a script in
its raw HTML (R002) and an unknown cross-reference (R004); the real pandoc step runs on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import InputError
from docbuild.jobs.build import in_manuscript
from docbuild.jobs.lint import print_lint_report, run_lint_report
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"


def make_paper(tmp: Path, extra_body: str) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    front = root / "manuscript" / "01-front.md"
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("title:", "csl: other.csl\ntitle:", 1), encoding="utf-8")
    body = root / "manuscript" / "02-body.md"
    body.write_text(body.read_text(encoding="utf-8") + extra_body, encoding="utf-8")
    (root / "build").mkdir()
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    assert run_lint_report(settings)
    return root


def body_line(root: Path, text: str) -> int:
    lines = (root / "manuscript" / "02-body.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_warnings_are_printed_and_kept_for_lint_refs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_paper(tmp_path, '\n<p onclick="steal()">Click.</p>\n')
    settings = load_settings(root)
    capsys.readouterr()
    assert run_pandoc(settings)
    line = body_line(root, "onclick")
    expected = [
        "manuscript/01-front.md:2: warning R001 ignored-front-matter 'csl' in the front matter"
        " is ignored; citation data comes only from refs.bib and the style's CSL",
        f"manuscript/02-body.md:{line}:13: warning R002 unsafe-html-removed attribute 'onclick'"
        " removed; a manuscript may not run scripts",
    ]
    assert capsys.readouterr().err.splitlines() == expected

    report = json.loads((root / "build" / "pandoc-report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"error": 0, "warning": 2, "info": 0}

    print_lint_report(settings, fmt="json")
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["name"], f["file"]) for f in findings if f["rule"][0] == "R"] == [
        ("R001", "ignored-front-matter", "manuscript/01-front.md"),
        ("R002", "unsafe-html-removed", "manuscript/02-body.md"),
    ]

    print_lint_report(settings, fmt="text")
    text = capsys.readouterr().out
    assert expected[0].split(" ", 1)[1] in text.replace("manuscript/01-front.md", "", 1)
    assert "R002 unsafe-html-removed" in text

    print_lint_report(settings, fmt="sarif")
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"R001", "R002"}

    print_lint_report(settings, fmt="github")
    github = capsys.readouterr().out.splitlines()
    assert (
        f"::warning file=manuscript/02-body.md,line={line},col=13,title=R002 unsafe-html-removed::"
        "attribute 'onclick' removed; a manuscript may not run scripts%0Afix: remove it"
        " from the manuscript's raw HTML"
    ) in github


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # JOSS's and Quarto's way (beside the Markdown file), as docbuild init sets it from it
        ("bibliography: ../paper.bib", []),
        ("Bibliography: paper.bib", []),  # ReScience's key, in the paper folder
        (
            "bibliography: [../paper.bib, ../other.bib]",
            [
                "manuscript/01-front.md:2: warning R001 ignored-front-matter 'bibliography' in"
                " the front matter is ignored; citation data comes only from paper.bib and the"
                " style's CSL"
            ],
        ),
    ],
)
def test_a_front_matter_bibliography_docbuild_reads_is_no_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, expected: list[str]
) -> None:
    """`docbuild init` names the front matter's own bibliography in docbuild.toml: docbuild
    reads that file, so a warning that it is ignored would be false. A key that names a file
    docbuild does not read keeps R001, which names the file it does read."""
    root = tmp_path / "paper"
    shutil.copytree(FIXTURE, root)
    (root / "refs.bib").rename(root / "paper.bib")
    toml = root / "docbuild.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'bibliography = "paper.bib"\n')
    front = root / "manuscript" / "01-front.md"
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("title:", f"{written}\ntitle:", 1), encoding="utf-8")
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    capsys.readouterr()
    assert run_pandoc(settings)
    assert [line for line in capsys.readouterr().err.splitlines() if "R001" in line] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("bibliography: [../paper.bib, ../other.bib]", []),
        ("bibliography: [../other.bib]", []),
        (
            "bibliography: [../paper.bib, ../third.bib]",
            [
                "manuscript/01-front.md:2: warning R001 ignored-front-matter 'bibliography' in"
                " the front matter is ignored; citation data comes only from paper.bib,"
                " other.bib and the style's CSL"
            ],
        ),
    ],
)
def test_front_matter_bibliographies_docbuild_reads_are_no_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, expected: list[str]
) -> None:
    """docbuild.toml names several files, as `docbuild init` writes the front matter's list:
    each is read, so R001 stays silent; a file it does not name keeps R001."""
    root = tmp_path / "paper"
    shutil.copytree(FIXTURE, root)
    (root / "refs.bib").rename(root / "paper.bib")
    (root / "other.bib").write_text("@misc{other2020, title = {Other}, year = {2020}}\n")
    (root / "third.bib").write_text("")
    toml = root / "docbuild.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + 'bibliography = ["paper.bib", "other.bib"]\n'
    )
    front = root / "manuscript" / "01-front.md"
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("title:", f"{written}\ntitle:", 1), encoding="utf-8")
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    capsys.readouterr()
    assert run_pandoc(settings)
    assert [line for line in capsys.readouterr().err.splitlines() if "R001" in line] == expected


def test_a_front_matter_csl_docbuild_toml_names_too_is_no_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docbuild init` writes the front matter's `csl:` (a file beside the manuscript) into
    docbuild.toml: that style is used, so R001 saying the key is ignored would be false."""
    from docbuild.csl_styles import CSL_DIR

    root = tmp_path / "paper"
    shutil.copytree(FIXTURE, root)
    shutil.copy(CSL_DIR / "apa.csl", root / "manuscript" / "journal.csl")
    toml = root / "docbuild.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'csl = "manuscript/journal.csl"\n')
    front = root / "manuscript" / "01-front.md"
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("title:", "csl: journal.csl\ntitle:", 1), encoding="utf-8")
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    capsys.readouterr()
    assert run_pandoc(settings)
    assert [line for line in capsys.readouterr().err.splitlines() if "R001" in line] == []


def test_a_key_citeproc_does_not_find_is_placed_at_its_first_citation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pandoc's "citation K not found" has no place; the finding gets K's first citation's
    line and column, and K as its key, as lint's M001 for the same key has them."""
    root = make_paper(tmp_path, "\nA work nobody listed [@nokey2020], twice @nokey2020.\n")
    settings = load_settings(root)
    capsys.readouterr()
    assert run_pandoc(settings)
    line = body_line(root, "nobody listed")
    warnings = [w for w in capsys.readouterr().err.splitlines() if "R003" in w]
    assert warnings == [
        f"manuscript/02-body.md:{line}:23: warning R003 pandoc-warning [nokey2020]"
        " Citeproc: citation nokey2020 not found"
    ]


def test_lint_refs_names_a_missing_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """lint's M001 and citeproc's R003 both say the key has no entry; lint-refs prints M001
    alone, while a pandoc warning about something else is still shown."""
    root = make_paper(tmp_path, "\nA work nobody listed [@nokey2020].\n")
    settings = load_settings(root)
    assert run_pandoc(settings)
    capsys.readouterr()
    print_lint_report(settings, "json")
    findings = json.loads(capsys.readouterr().out)["findings"]
    about_key = sorted(f["rule"] for f in findings if "nokey2020" in f["message"])
    assert about_key == ["M001"]
    assert any(f["rule"] == "R001" for f in findings)


def test_an_unknown_cross_reference_stops_the_build_and_is_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_paper(tmp_path, "\nAs @fig:nowhere shows.\n")
    settings = load_settings(root)
    with pytest.raises(InputError) as info:
        run_pandoc(settings)
    line = body_line(root, "@fig:nowhere")
    assert str(info.value) == (
        f"{root / 'manuscript' / '02-body.md'}:{line}:4: error: cross-reference '@fig:nowhere'"
        " points to no figure of that id\n"
        "  hint: add {#fig:nowhere} to the figure, or fix the id"
    )
    capsys.readouterr()
    assert not print_lint_report(settings, fmt="text")  # an error remains: lint-refs fails
    assert (
        f"manuscript/02-body.md:{line}:4: error R004 unknown-cross-reference cross-reference"
        " '@fig:nowhere' points to no figure of that id"
    ) in capsys.readouterr().out
    assert not (root / "build" / "pandoc.html").exists()


def test_a_resource_error_is_located_by_its_field_not_its_message(tmp_path: Path) -> None:
    page = tmp_path / "m.md"
    page.write_text("Text.\n\n![A map](figures/map.png)\n", encoding="utf-8")
    exc = InputError("that image is too wide to print", resource="figures/map.png")
    located = in_manuscript(exc, [page])
    assert str(located.location) == f"{page}:3:10"
    assert located.message == exc.message and located.resource == "figures/map.png"
    assert in_manuscript(InputError("resource 'figures/map.png' refused"), [page]).location is None


def test_css_weasyprint_ignores_is_a_finding_of_the_pdf_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docbuild.jobs.build import run_pdf
    from docbuild.style import PACKAGE_STYLES

    root = make_paper(tmp_path, "")
    style = root / "styles" / "preprint"
    shutil.copytree(PACKAGE_STYLES / "preprint", style)
    css = style / "print.css"
    lines = css.read_text(encoding="utf-8").count("\n")
    css.write_text(css.read_text(encoding="utf-8") + "h1 { colr: red; }\n", encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings)
    capsys.readouterr()
    assert run_pdf(settings)
    assert capsys.readouterr().err.splitlines() == [
        f"styles/preprint/print.css: warning R005 weasyprint-warning Ignored `colr: red` at"
        f" {lines + 1}:6, unknown property."
    ]
    report = json.loads((root / "build" / "pdf-report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["findings"]] == ["R005"]


def test_an_image_without_alternative_text_is_a_warning_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = (
        "\n![](figures/route.png)\n\n"  # no caption: pandoc writes no alt
        '![A map.](figures/route.png#described){fig-alt="The route on a map."}\n\n'  # described
        '<img src="figures/route.png#raw">\n'  # raw HTML without alt
    )
    root = make_paper(tmp_path, extra)
    settings = load_settings(root)
    capsys.readouterr()
    assert run_pandoc(settings)
    fix = (
        "say what it shows: ![What it shows]({src}) (a figure's caption, or"
        ' {{fig-alt="..."}} beside the caption); in raw HTML, alt="What it shows"'
    )
    report = json.loads((root / "build" / "pandoc-report.json").read_text(encoding="utf-8"))
    missing = [
        (f["rule"], f["name"], f["severity"], f["line"], f["message"], f["fix"])
        for f in report["findings"]
        if f["rule"] == "R011"
    ]
    first = body_line(root, "![](figures/route.png)")
    raw = body_line(root, "#raw")
    assert missing == [
        ("R011", "missing-alt-text", "warning", first,
         "image 'figures/route.png' has no alternative text",
         fix.format(src="figures/route.png")),
        ("R011", "missing-alt-text", "warning", raw,
         "image 'figures/route.png#raw' has no alternative text",
         fix.format(src="figures/route.png#raw")),
    ]  # fmt: skip
    # Not reported: the fixture's figure (its caption is its alt) and the one with fig-alt.
    assert 14 not in [m[3] for m in missing] and body_line(root, "#described") > 14


def test_docs_list_every_render_finding() -> None:
    from docbuild.render.findings import RENDER_RULES

    lint_md = (Path(__file__).parents[2] / "docs" / "lint.md").read_text(encoding="utf-8")
    for rule in RENDER_RULES:
        assert f"| {rule.id} | `{rule.name}` | {rule.severity.value} |" in lint_md
