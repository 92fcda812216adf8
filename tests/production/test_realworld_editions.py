"""What real manuscripts print in every edition: the same references (the HTML's bibliography,
the JATS `ref-list`, the DOCX's bibliography and the Crossref deposit's `citation_list` hold
the same works, Manubot's citations included: jobs/references.py), and the authors' names as
written where they are no person's (bib/names.written_name).

The real manuscripts of tests/realworld/manuscripts, set up by `docbuild init` as their authors
would (test_realworld_jats.py), built by the real steps: pandoc writes each edition.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from test_realworld_jats import CORPUS, _settings, journal_fields

from docbuild.config import Settings
from docbuild.jobs.crossref_xml import run_crossref_xml

MANUBOT_PAPERS = ("manubot-governance", "manubot-contributorship")


def reference_keys(build: Path) -> dict[str, list[str]]:
    """The keys of the references each edition in `build` prints, in its order."""
    page = (build / "pandoc.html").read_text(encoding="utf-8")
    jats = (build / "paper.jats.xml").read_text(encoding="utf-8")
    deposit = (build / "crossref.xml").read_text(encoding="utf-8")
    with zipfile.ZipFile(build / "paper.docx") as z:
        document = z.read("word/document.xml").decode("utf-8")
    # pandoc's writer puts each entry's bookmark just before its Bibliography paragraph.
    entries = document.count('<w:pStyle w:val="Bibliography" />')
    docx = re.findall(
        r'w:name="ref-([^"]+)" />\s*<w:p><w:pPr><w:pStyle w:val="Bibliography"', document
    )
    return {
        "html": re.findall(r'<div id="ref-([^"]+)"', page),
        "jats": re.findall(r'<ref id="ref-([^"]+)"', jats),
        "docx": docx if len(docx) == entries else [f"{entries} paragraphs"],
        "crossref": re.findall(r'<citation key="([^"]+)"', deposit),
    }


def build_editions(settings: Settings, slug: str) -> Path:
    """normalize-refs, the parse, the pandoc step and the three production editions."""
    from docbuild.jobs.docx import run_docx
    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_pandoc(settings, echo=False)
    assert run_jats(settings)
    assert run_docx(settings)
    assert run_crossref_xml(settings, edit_meta=journal_fields(slug))
    return settings.build_path


@pytest.mark.parametrize("slug", MANUBOT_PAPERS)
def test_every_edition_prints_the_html_s_references(slug: str, tmp_path: Path) -> None:
    if not (CORPUS / slug).is_dir():
        pytest.skip("tests/realworld/manuscripts is not here")
    keys = reference_keys(build_editions(_settings(slug, tmp_path), slug))
    assert keys["jats"] == keys["html"], keys
    assert keys["docx"] == keys["html"], keys
    assert keys["crossref"] == keys["html"], keys
    if slug == "manubot-governance":
        # Its tagged keys (`[@arora2019]: https://...`) resolve through manual-references.json
        # (16 works, 14 of them cited), and `@moore2020`, a key with no tag whose item has
        # that id (Manubot's `raw:moore2020`); its 28 DOI tags wait for the lock (`doit
        # verify-refs`).
        assert len(keys["html"]) == 15
        assert "arora2019" in keys["html"] and "moore2020" in keys["html"]


def test_joss_sbmltoolkit_s_template_author_is_printed_as_written(tmp_path: Path) -> None:
    """joss-sbmltoolkit keeps JOSS's template author `Author with no affiliation`
    (EXPECTED.toml: leftovers are the authors' text, kept as written): the self-citation (the
    "cite this" box), the JATS contrib and the Crossref contributor print it whole; the two
    people are split (bib/names.written_name). Before: `affiliation, A. with no`."""
    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    slug = "joss-sbmltoolkit"
    if not (CORPUS / slug).is_dir():
        pytest.skip("tests/realworld/manuscripts is not here")
    settings = _settings(slug, tmp_path)
    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_pandoc(settings, echo=False)
    page = (settings.build_path / "pandoc.html").read_text(encoding="utf-8")
    self_citation = page.split('class="self-citation"', 1)[1].split("</div>", 1)[0]
    assert "Lang, P. F., Jain, A., &amp; Author with no affiliation" in self_citation
    assert "affiliation, A." not in page
    assert run_jats(settings)
    jats = (settings.build_path / "paper.jats.xml").read_text(encoding="utf-8")
    assert "<string-name>Author with no affiliation</string-name>" in jats
    assert "<surname>Lang</surname><given-names>Paul F.</given-names>" in jats
    assert "<surname>affiliation</surname>" not in jats
    assert run_crossref_xml(settings, edit_meta=journal_fields(slug))
    deposit = (settings.build_path / "crossref.xml").read_text(encoding="utf-8")
    assert (
        '<person_name sequence="additional" contributor_role="author"><surname>Author with no'
        " affiliation</surname>"
    ) in deposit
    assert "<given_name>Author with no</given_name>" not in deposit


def test_a_pdf_figure_is_a_picture_in_the_docx(tmp_path: Path) -> None:
    """joss-iondiff's `![...](figure.pdf)`: the DOCX embedded the PDF itself, which Word does
    not show as a picture; now the PNG the HTML and PDF editions show."""
    from PIL import Image

    from docbuild.jobs.docx import run_docx
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.parse import run_parse

    settings = _settings("joss-iondiff", tmp_path)
    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_docx(settings)
    [png] = (settings.build_path / "figures").glob("figure-*.png")
    with zipfile.ZipFile(settings.build_path / "paper.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert [n.rsplit(".", 1)[1] for n in media] == ["png"], media
        assert z.read(media[0]) == png.read_bytes()
    with Image.open(png) as picture:
        assert picture.width > 1000  # the figure at print quality, not a blank


def test_a_pdf_figure_is_a_600_dpi_tiff_in_the_jats(tmp_path: Path) -> None:
    """joss-iondiff's `![...](figure.pdf)`: the JATS named the PDF, which PubMed Central does
    not take as a figure (TIFF, EPS, PNG or JPEG; TIFF preferred, 600 dpi for line art with
    halftones). Now a lossless TIFF at 600 dpi of the widest the figure prints (7 in), made
    once, the same bytes each time, and the package holds it instead of the PDF."""
    from schemakit import archival_figure

    from docbuild.jobs.jats import run_jats
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.parse import run_parse

    settings = _settings("joss-iondiff", tmp_path)
    build = settings.build_path
    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_jats(settings)
    tiff = archival_figure(build, "figure", ".pdf")
    first = tiff.read_bytes()
    tiff.unlink()
    assert run_jats(settings)
    assert tiff.read_bytes() == first
