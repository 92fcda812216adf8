"""The build jobs on a small paper: PDF and HTML by content, DRAFT gate, reproducible bytes,
atomic targets, the build lock, wide tables and tall figures.

The paper is tests/integration/fixtures/paper; build/refs.json comes from the real
normalize job, and build/lint-report.json is written here to set the number of lint errors.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from docbuild.config import load_settings
from docbuild.errors import InputError, LockError, UnsafeResourceError
from docbuild.jobs.build import run_html, run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.lock import build_lock

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"


def make_paper(tmp: Path, *, lint_errors: int = 0) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    (root / "build").mkdir()
    assert run_normalize(load_settings(root), in_place=False)  # build/refs.json, for real
    report = {"version": 1, "summary": {"error": lint_errors, "warning": 0}, "findings": []}
    (root / "build" / "lint-report.json").write_text(json.dumps(report), encoding="utf-8")
    return root


def build_all(root: Path) -> None:
    settings = load_settings(root)
    # doit's order: the pdf step counts the pages the HTML's meta tags name.
    assert run_pandoc(settings) and run_pdf(settings) and run_html(settings)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_paper(tmp_path_factory.mktemp("clean"))
    build_all(root)
    return root


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_paper(tmp_path_factory.mktemp("draft"), lint_errors=3)
    build_all(root)
    return root


def pdf_text(path: Path) -> list[str]:
    """Each page's text, whitespace (line breaks, no-break spaces) folded to single spaces."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def test_pdf_content(built: Path) -> None:
    pages = pdf_text(built / "build" / "paper.pdf")
    text = "\n".join(pages)
    assert len(pages) == 2
    assert "Trade Corridors and Regional Bargaining" in pages[0]
    assert "Vol. VI, No. III (Summer 2023)" in pages[0]
    assert "Corresponding Author: Ayesha Rahman" in pages[0]
    assert "Key Words: trade corridors, bargaining, regional integration" in pages[0]
    assert "Citation: Rahman, A., Khan, B., & Tariq, M. (2023)." in pages[0]
    assert "(Khan, 2021; Rahman & Tariq, 2019, p. 12)" in text
    for expected in ("Table 1", "Figure 1", "Section 2", "The route data come from public"):
        assert expected in text
    for leftover in ("???", "[@", "@fig:", "??", "\\alpha"):
        assert leftover not in text
    assert "DRAFT" not in text


def test_pdf_fonts_are_only_the_styles(built: Path) -> None:
    reader = pypdf.PdfReader(built / "build" / "paper.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            obj = font.get_object()
            fonts.add(str(obj["/BaseFont"]).split("+", 1)[1])
            descriptor = obj["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    # the style's text font, and its math font for the fixture's equations
    assert fonts == {
        "Charis-SIL",
        "Charis-SIL-Bold",
        "Charis-SIL-Italic",
        "Charis-SIL-Bold-Italic",
        "STIX-Two-Math",
    }


def test_pdf_metadata_outline_and_links(built: Path) -> None:
    reader = pypdf.PdfReader(built / "build" / "paper.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta["/Title"] == "Trade Corridors and Regional Bargaining"
    assert meta["/Author"] == "Ayesha Rahman, Bilal Khan, Mariam Tariq"
    assert meta["/Subject"] == (
        "Global Foreign Policies Review, Vol. VI, No. III (Summer 2023)."
        " DOI: 10.31703/gfpr.2023(VI-III).01"
    )
    assert meta["/Keywords"] == "trade corridors, bargaining, regional integration"
    assert meta["/doi"] == "10.31703/gfpr.2023(VI-III).01"
    titles = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    assert titles[:3] == ["Trade Corridors and Regional Bargaining", "Introduction", "Method"]
    uris = set()
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
            elif action or annot.get_object().get("/Dest"):
                internal += 1
    assert "https://doi.org/10.1234/jrs.2021.003" in uris
    assert "https://orcid.org/0000-0002-1825-0097" in uris
    assert internal >= 6  # citations, cross-references


def test_draft_mark_on_every_page_while_lint_errors_remain(draft: Path) -> None:
    pages = pdf_text(draft / "build" / "paper.pdf")
    assert all("DRAFT \u2014 3 reference problems" in p for p in pages)
    page = (draft / "build" / "paper.html").read_text(encoding="utf-8")
    assert '<div class="docbuild-draft" role="note">DRAFT \u2014 3 reference problems' in page


def test_html_edition(built: Path) -> None:
    build = built / "build"
    page = (build / "paper.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="style/screen.css" />' in page
    assert (
        '<meta name="citation_title" content="Trade Corridors and Regional Bargaining" />' in page
    )
    assert '<meta name="citation_doi" content="10.31703/gfpr.2023(VI-III).01" />' in page
    assert '<meta name="citation_firstpage" content="1" />' in page
    assert '<meta name="citation_author" content="Bilal Khan" />' in page
    ld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["@type"] == "ScholarlyArticle"
    assert ld["identifier"]["value"] == "10.31703/gfpr.2023(VI-III).01"
    assert ld["isPartOf"]["issueNumber"] == "III"
    assert '<a href="#ref-khan2021" role="doc-biblioref">' in page
    assert '<a href="https://doi.org/10.1234/jrs.2021.003">' in page
    assert '<html lang="en">' in page and "<main" in page
    assert 'alt="The corridor route, drawn to scale."' in page
    assert "docbuild-draft" not in page
    assert (build / "figures" / "route.png").read_bytes() == (
        built / "figures" / "route.png"
    ).read_bytes()
    assert (build / "style" / "screen.css").is_file()
    assert (build / "style" / "fonts" / "CharisSIL-Regular.ttf").is_file()


def test_same_inputs_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    first_pdf = (built / "build" / "paper.pdf").read_bytes()
    first_html = (built / "build" / "paper.html").read_bytes()
    build_all(built)
    assert (built / "build" / "paper.pdf").read_bytes() == first_pdf
    assert (built / "build" / "paper.html").read_bytes() == first_html


def test_failed_render_leaves_the_old_target_whole(built: Path, tmp_path: Path) -> None:
    # A copy of the module's build: this test breaks its page, and needs only an old target.
    root = tmp_path / "paper"
    shutil.copytree(built, root)
    before = (root / "build" / "paper.pdf").read_bytes()
    page = root / "build" / "pandoc.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("<main", '<img src="../../x.png"><main'),
        encoding="utf-8",
    )
    with pytest.raises(UnsafeResourceError):
        run_pdf(load_settings(root))
    assert (root / "build" / "paper.pdf").read_bytes() == before
    assert not list((root / "build").glob(".paper.pdf.*"))


def test_a_second_build_waits_then_reports_the_lock(tmp_path: Path) -> None:
    root = make_paper(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from docbuild.config import load_settings; from docbuild.lock import build_lock\n"
            "with build_lock(load_settings(Path(sys.argv[1]))):\n"
            "    print('held', flush=True); time.sleep(30)",
            str(root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(LockError) as info, build_lock(load_settings(root), wait=0.2):
            pass
        assert info.value.message == f"another build of this paper is running (pid {holder.pid})"
    finally:
        holder.kill()
        holder.wait()


WIDE = """
| {head} |
|{rule}|
| {cells} |

: A wide table. {{#tbl:wide}}

![A tall figure.](figures/tall.png){{#fig:tall}}
"""


def test_wide_table_and_tall_figure_stay_on_the_page(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    root = make_paper(tmp_path)
    Image.new("RGB", (200, 4000), "black").save(root / "figures" / "tall.png")
    cols = 14
    (root / "manuscript" / "03-wide.md").write_text(
        WIDE.format(
            head=" | ".join(f"Column{i}header" for i in range(cols)),
            rule="|".join("---" for _ in range(cols)),
            cells=" | ".join(f"value{i}withalongunbrokenword" for i in range(cols)),
        ),
        encoding="utf-8",
    )
    build_all(root)
    pdf = pdfium.PdfDocument(root / "build" / "paper.pdf")
    for page in pdf:
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            assert left >= 0 and right <= width and bottom >= 0 and top <= height
        for obj in page.get_objects():
            left, bottom, right, top = obj.get_bounds()
            assert left >= -0.5 and right <= width + 0.5 and bottom >= -0.5 and top <= height + 0.5
    # Hyphenated where it wraps (U+2010, WeasyPrint's hyphen), and read back whole.
    text = "".join(pdf_text(root / "build" / "paper.pdf")).replace(" ", "").replace("\u2010", "")
    assert "value13withalongunbrokenword" in text  # wrapped inside its cell, not cut off


def test_two_folders_give_the_same_bytes_and_pages_start_at_fpage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    roots = []
    for name in ("one", "two"):
        root = make_paper(tmp_path / name)
        front = root / "manuscript" / "01-front.md"
        text = front.read_text(encoding="utf-8").replace("fpage: 1", "fpage: 5")
        front.write_text(text.replace("fpage: 5", "fpage: 5\n  lpage: 6"), encoding="utf-8")
        build_all(root)
        roots.append(root)
    one, two = ((r / "build" / "paper.pdf").read_bytes() for r in roots)
    assert one == two
    pages = pdf_text(roots[0] / "build" / "paper.pdf")
    assert [p.rsplit(" ", 1)[-1] for p in pages] == ["5", "6"]
    reader = pypdf.PdfReader(roots[0] / "build" / "paper.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20231114221320Z"
    assert reader.metadata["/ModDate"] == "D:20231114221320Z"


def test_the_last_page_is_the_pdfs_own_count(built: Path) -> None:
    """The fixture names no lpage: page 1, the self-citation and the HTML's meta tags print
    the PDF's pages (2), in one layout (render/lastpage.py's mark, then the number)."""
    build = built / "build"
    assert len(pypdf.PdfReader(build / "paper.pdf").pages) == 2
    metadata = json.loads((build / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["fpage"], metadata["lpage"], metadata["lpage_declared"]) == (1, 2, False)
    html = (build / "paper.html").read_text(encoding="utf-8")
    assert '<meta name="citation_lastpage" content="2" />' in html
    assert "VI</em>(III), 1–2." in (build / "pandoc.html").read_text(encoding="utf-8")


def test_an_html_edition_made_before_the_pdf_prints_the_last_count(tmp_path: Path) -> None:
    """`docbuild preview` writes the HTML edition first: it shows the last build's count (or
    "?" before any), never the mark."""
    root = make_paper(tmp_path)
    settings = load_settings(root)
    assert run_pandoc(settings) and run_html(settings)
    html = (root / "build" / "paper.html").read_text(encoding="utf-8")
    assert "900000000" not in html and "VI</em>(III), 1–?." in html
    assert "citation_lastpage" not in html
    assert run_pdf(settings) and run_pandoc(settings) and run_html(settings)
    html = (root / "build" / "paper.html").read_text(encoding="utf-8")
    assert "VI</em>(III), 1–2." in html
    assert '<meta name="citation_lastpage" content="2" />' in html


def test_a_page_made_with_another_count_is_made_again(tmp_path: Path) -> None:
    """Where pandoc's page names a last page that is not the PDF's (made with a count of 7,
    as a float after the body's end could make it), the pdf step makes it again with 2."""
    root = make_paper(tmp_path)
    settings = load_settings(root)
    assert run_pandoc(settings, pages=7)
    assert "VI</em>(III), 1–7." in (root / "build" / "pandoc.html").read_text(encoding="utf-8")
    assert run_pdf(settings)
    assert "VI</em>(III), 1–2." in (root / "build" / "pandoc.html").read_text(encoding="utf-8")
    metadata = json.loads((root / "build" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["lpage"] == 2 and "lpage_mark" not in metadata
    assert "1–2." in " ".join(pdf_text(root / "build" / "paper.pdf"))


def test_a_declared_last_page_that_disagrees_is_an_error(tmp_path: Path) -> None:
    root = make_paper(tmp_path)
    front = root / "manuscript" / "01-front.md"
    text = front.read_text(encoding="utf-8").replace("fpage: 1", "fpage: 1\n  lpage: 8")
    front.write_text(text, encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings)
    with pytest.raises(InputError) as info:
        run_pdf(settings)
    line = text.splitlines().index("  lpage: 8") + 1
    assert str(info.value) == (
        f"{front}:{line}: error: 'article.lpage' is 8, but the PDF's pages are 1-2 (2 pages)\n"
        "  hint: write lpage: 2, or remove 'lpage' and docbuild prints the PDF's own"
    )
    assert not (root / "build" / "paper.pdf").exists()


def test_refused_resource_is_located_in_the_manuscript(tmp_path: Path) -> None:
    root = make_paper(tmp_path)
    body = root / "manuscript" / "02-body.md"
    body.write_text(
        body.read_text(encoding="utf-8") + "\n![Remote](http://127.0.0.1:9/remote.png)\n",
        encoding="utf-8",
    )
    settings = load_settings(root)
    run_pandoc(settings)
    line = (
        body.read_text(encoding="utf-8")
        .splitlines()
        .index("![Remote](http://127.0.0.1:9/remote.png)")
    )
    with pytest.raises(UnsafeResourceError) as info:
        run_html(settings)
    assert str(info.value).splitlines()[0] == (
        f"{body}:{line + 1}:11: error: resource 'http://127.0.0.1:9/remote.png' refused:"
        " only files inside the paper folder are used"
    )
    with pytest.raises(UnsafeResourceError) as info:
        run_pdf(settings)
    assert str(info.value).splitlines()[0] == (
        f"{body}:{line + 1}:11: error: resource 'http://127.0.0.1:9/remote.png' refused:"
        " network and other non-file addresses are not fetched"
    )


def test_fail_on_error_stops_the_build_before_any_output(tmp_path: Path) -> None:
    from docbuild.errors import InputError

    root = make_paper(tmp_path, lint_errors=2)
    with (root / "docbuild.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[lint]\nfail_on = "error"\n')
    settings = load_settings(root)
    run_pandoc(settings)
    for job in (run_html, run_pdf):
        with pytest.raises(InputError) as info:
            job(settings)
        assert info.value.message == "2 reference problems stop the build (lint.fail_on = 'error')"
    assert not (root / "build" / "paper.pdf").exists()
    assert not (root / "build" / "paper.html").exists()


def test_threads_of_one_build_share_the_lock(tmp_path: Path) -> None:
    import threading

    root = make_paper(tmp_path)
    settings = load_settings(root)
    inside = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def task() -> None:
        try:
            with build_lock(settings, wait=5):
                inside.wait()  # both threads hold it at once
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=task) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with build_lock(settings, wait=0.1):  # released: free again
        pass


def test_a_damaged_metadata_file_is_a_message(tmp_path: Path) -> None:
    root = make_paper(tmp_path)
    settings = load_settings(root)
    assert run_pandoc(settings)
    (root / "build" / "metadata.json").write_text('{"title": "cut', encoding="utf-8")
    with pytest.raises(InputError) as info:
        run_pdf(settings)
    assert info.value.message.startswith("cannot read 'metadata.json': Unterminated string")
    assert info.value.hint == "it is made by the pandoc step; delete it and run 'doit build' again"
