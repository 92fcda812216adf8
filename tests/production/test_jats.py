"""`doit jats`: JATS 1.3 Journal Publishing XML, valid against the official DTD and the rules
PubMed Central's style checker applies, for the sample paper in each style."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from schemakit import ROOT, archival_figure, jats_dtd_errors, pmc_rule_errors

from docbuild.render.jats_refs import element_citation, ref_id, rich_text, split_pages

STYLES = ("gfpr", "ieee", "preprint")


def _paper(tmp: Path, style: str) -> Path:
    for name in ("dodo.py", "refs.bib"):
        shutil.copy(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "manuscript", tmp / "manuscript")
    config = (ROOT / "docbuild.toml").read_text(encoding="utf-8")
    (tmp / "docbuild.toml").write_text(
        config.replace('style = "gfpr"', f'style = "{style}"'), encoding="utf-8"
    )
    return tmp


def doit(paper: Path, *tasks: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "doit", *tasks],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module", params=STYLES)
def jats(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    paper = _paper(tmp_path_factory.mktemp(f"jats-{request.param}"), request.param)
    doit(paper, "jats")
    return paper / "build" / "paper.jats.xml"


def _line_naming(paper: Path, name: str) -> int:
    text = (paper / "manuscript" / "03-moscow.md").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if name in line)


def _ink_width(picture: object, top: float, bottom: float, scale: float) -> float:
    """The width (in the SVG's px) of the red ink of the legend's first line, right of its
    diamond: the SVG's 'Pakistan and Russia' in bold, fill #a4332a."""
    from PIL import Image

    assert isinstance(picture, Image.Image)
    band = picture.convert("RGB").crop(
        (round(20 * scale), round(top * scale), picture.width, round(bottom * scale))
    )
    pixels = band.load()
    xs = [
        x
        for x in range(band.width)
        for y in range(0, band.height, 2)
        if pixels[x, y][0] - pixels[x, y][1] > 60
    ]
    return (max(xs) - min(xs) + 1) / scale


@pytest.mark.parametrize(
    ("style", "bold"), [("preprint", "CharisSIL-Bold.ttf"), ("ieee", "LiberationSerif-Bold.ttf")]
)
def test_an_svg_figure_is_a_600_dpi_tiff_in_the_style_s_font(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    style: str,
    bold: str,
) -> None:
    """PubMed Central does not accept SVG figures: the sample's timeline (330 x 422 px) is a
    lossless TIFF at 600 dpi, 7 in wide, drawn as the PDF draws it: its legend's text is as
    wide as the style's bold face sets it (Charis SIL's and Liberation Serif's differ by 9%,
    the tolerance is 2%). The same bytes from a second build."""
    from PIL import Image, ImageFont

    from docbuild.config import load_settings
    from docbuild.jobs.jats import run_jats
    from docbuild.style import PACKAGE_STYLES

    paper = _paper(tmp_path, style)
    monkeypatch.chdir(paper)
    settings = load_settings(paper)
    assert run_jats(settings)
    assert "is SVG" not in capsys.readouterr().err
    tiff = archival_figure(settings.build_path, "timeline", ".svg")
    with Image.open(tiff) as picture:
        assert abs(picture.height - picture.width * 422 / 330) <= 1
        measured = _ink_width(picture, 4, 19, picture.width / 330)
    widths = {}
    for face in ("CharisSIL-Bold.ttf", "LiberationSerif-Bold.ttf"):
        folder = "preprint" if face.startswith("Charis") else "ieee"
        font = ImageFont.truetype(str(PACKAGE_STYLES / folder / "fonts" / face), 1000)
        left, _top, right, _bottom = font.getbbox("Pakistan and Russia")
        widths[face] = (right - left) / 100  # at the SVG's font-size="10.0"
    assert abs(measured - widths[bold]) / widths[bold] < 0.02
    assert min(widths.values()) / max(widths.values()) < 0.96  # the two tell apart
    first = tiff.read_bytes()
    tiff.unlink()
    assert run_jats(settings)
    assert tiff.read_bytes() == first


def test_an_svg_figure_that_cannot_be_drawn_is_an_error_where_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF step's error (here its time limit, WeasyPrint's child stopped), at the line
    of the manuscript that names the SVG, and no TIFF."""
    import docbuild.jobs.build
    from docbuild.config import load_settings
    from docbuild.errors import PdfRenderError
    from docbuild.jobs.jats import run_jats

    paper = _paper(tmp_path, "preprint")
    monkeypatch.chdir(paper)
    monkeypatch.setattr(docbuild.jobs.build, "pdf_time_limit", lambda chars: 0.001)
    with pytest.raises(PdfRenderError) as info:
        run_jats(load_settings(paper))
    assert info.value.format(paper) == (
        f"manuscript/03-moscow.md:{_line_naming(paper, 'timeline.svg')}:"
        f"{info.value.location.column}: error: WeasyPrint did not finish within 0.001 s\n"
        "  hint: look for very large tables or images, or deeply nested markup; the renderer"
        " was stopped"
    )
    assert not list((paper / "build").rglob("*.tif"))


def test_the_sample_is_valid_against_the_jats_1_3_publishing_dtd(jats: Path) -> None:
    assert jats_dtd_errors(jats) == []


def test_the_sample_keeps_pmc_s_rules(jats: Path) -> None:
    assert pmc_rule_errors(jats) == []


def test_every_cited_work_is_a_ref_and_every_citation_links_to_one(jats: Path) -> None:
    root = etree.parse(str(jats)).getroot()
    refs = root.findall("back/ref-list/ref")
    assert len(refs) == 14  # the works the manuscript cites (refs.bib has one more)
    ids = {r.get("id") for r in refs}
    cites = [x for x in root.iter("xref") if x.get("ref-type") == "bibr"]
    assert len(cites) >= 30
    assert {x.get("rid") for x in cites} == ids
    khan = root.find("back/ref-list/ref[@id='ref-khan2019']/element-citation")
    assert khan is not None and khan.get("publication-type") == "journal"
    assert khan.findtext("pub-id[@pub-id-type='doi']") == "10.53532/ss.039.03.00107"
    assert (khan.findtext("fpage"), khan.findtext("lpage")) == ("89", "104")


def test_the_front_matter_is_complete(jats: Path) -> None:
    root = etree.parse(str(jats)).getroot()
    jm, am = root.find("front/journal-meta"), root.find("front/article-meta")
    assert jm is not None and am is not None
    assert [i.text for i in jm.findall("issn")] == ["2708-3586", "2708-3594"]
    assert am.findtext("article-id[@pub-id-type='doi']") == "10.31703/gfpr.2023(VI-III).01"
    assert am.findtext("pub-date[@date-type='pub']/year") == "2023"
    assert am.findtext("pub-date[@date-type='collection']/season") == "Summer"
    assert am.findtext("history/date[@date-type='received']/month") == "01"
    assert (am.findtext("volume"), am.findtext("issue"), am.findtext("fpage")) == ("VI", "III", "1")
    lic = am.find("permissions/license")
    assert lic is not None
    assert (
        lic.get("{http://www.w3.org/1999/xlink}href")
        == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert am.findtext("aff/institution-wrap/institution-id[@institution-id-type='ror']") == (
        "https://ror.org/03vek6s52"
    )
    assert am.findtext("funding-group/award-group/award-id") == "ERC-2021-0042"
    assert am.find("contrib[@corresp='yes']") is None  # contribs sit in contrib-group
    assert am.find("contrib-group/contrib[@corresp='yes']/xref[@ref-type='corresp']") is not None


def test_the_body_has_sections_figure_table_footnote(jats: Path) -> None:
    root = etree.parse(str(jats)).getroot()
    assert len(root.findall("body/sec")) >= 4
    assert root.find(".//fig/graphic") is not None
    assert root.find(".//table-wrap[@id]/table") is not None
    assert root.find("back/fn-group/fn") is not None
    # The hand-typed "(Kurita, [2019](#))" links nowhere: its text stays, the link goes.
    assert not [x for x in root.iter("xref") if not x.get("rid")]


def test_numbered_styles_label_their_refs(jats: Path) -> None:
    root = etree.parse(str(jats)).getroot()
    labels = [r.findtext("label") for r in root.findall("back/ref-list/ref")]
    numbered = "ieee" in str(jats.parent.parent.name)
    assert labels == ([str(n) for n in range(1, 15)] if numbered else [None] * 14)


def test_the_rules_fail_on_a_broken_document(tmp_path: Path) -> None:
    """The checks can fail: each broken rule is reported at its line."""
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<article dtd-version="1.2" article-type="research-article" xml:lang="en">'
        "<front><journal-meta><journal-id>J</journal-id></journal-meta><article-meta>"
        "<title-group><article-title>T</article-title></title-group>"
        '<contrib-group><contrib><contrib-id contrib-id-type="orcid">0000-0002-1825-0097'
        "</contrib-id><name><surname></surname></name></contrib></contrib-group>"
        "</article-meta></front><body><p>"
        '<xref ref-type="bibr" rid="ref-x">1</xref><xref ref-type="fig" rid="t1">T</xref>'
        '<table-wrap><table id="t1"/></table-wrap></p>'
        '<fig xmlns:xlink="http://www.w3.org/1999/xlink"><graphic xlink:href="f.svg"/></fig>'
        "</body></article>",
        encoding="utf-8",
    )
    errors = pmc_rule_errors(bad)
    assert "article line 1: root must be <article dtd-version='1.3'>" in errors
    assert "journal-meta line 1: no issn" in errors
    assert "article-meta line 1: no article-id pub-id-type='doi'" in errors
    assert "contrib-id line 1: ORCID '0000-0002-1825-0097' is not https://orcid.org/<id>" in errors
    assert "xref line 1: rid 'ref-x' points to nothing" in errors
    assert "xref line 1: ref-type 'fig' points to <table>" in errors
    assert "empty line 1: <surname> is empty" in errors
    assert "graphic line 1: graphic 'f.svg' is a format PubMed Central refuses" in errors


def test_the_dtd_rejects_what_jats_forbids(tmp_path: Path) -> None:
    pytest.importorskip("lxml")
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<article dtd-version="1.3"><front><article-meta><title-group><article-title>T'
        "</article-title></title-group></article-meta></front><body><p><bogus/></p></body>"
        "</article>",
        encoding="utf-8",
    )
    errors = jats_dtd_errors(bad)
    assert any("bogus" in e for e in errors)
    assert any("journal-meta" in e or "article-meta" in e for e in errors)


# -- the reference mapping, pure ------------------------------------------------------


def test_a_journal_article_maps_to_element_citation() -> None:
    xml = element_citation(
        {
            "id": "k",
            "type": "article-journal",
            "author": [{"family": "Dijk", "given": "Jan", "non-dropping-particle": "van"}],
            "title": 'On <i>Naja</i> <span class="nocase">DNA</span>',
            "container-title": "Journal & Review",
            "issued": {"date-parts": [[2019, 3]]},
            "volume": "39",
            "issue": "3",
            "page": "89–104",
            "DOI": "10.1/x",
        }
    )
    assert xml == (
        '<element-citation publication-type="journal"><person-group person-group-type="author">'
        "<name><surname>van Dijk</surname><given-names>Jan</given-names></name></person-group>"
        "<article-title>On <italic>Naja</italic> DNA</article-title>"
        "<source>Journal &amp; Review</source>"
        '<year iso-8601-date="2019-03">2019</year><month>03</month>'
        "<volume>39</volume><issue>3</issue><fpage>89</fpage><lpage>104</lpage>"
        '<pub-id pub-id-type="doi">10.1/x</pub-id></element-citation>'
    )


def test_a_chapter_with_editors_and_a_literal_author() -> None:
    xml = element_citation(
        {
            "id": "c",
            "type": "chapter",
            "author": [{"literal": "United Nations"}],
            "editor": [{"family": "Roe", "given": "A."}],
            "title": "A chapter",
            "container-title": "The book",
            "publisher": "Press",
            "publisher-place": "Lahore",
            "page": "e1234",
        }
    )
    assert '<person-group person-group-type="author"><collab>United Nations</collab>' in xml
    assert '<person-group person-group-type="editor"><name><surname>Roe</surname>' in xml
    assert "<chapter-title>A chapter</chapter-title><source>The book</source>" in xml
    assert "<elocation-id>e1234</elocation-id>" in xml
    assert "<publisher-loc>Lahore</publisher-loc><publisher-name>Press</publisher-name>" in xml
    assert xml.startswith('<element-citation publication-type="book">')


def test_rich_text_keeps_only_what_jats_has() -> None:
    assert (
        rich_text("a < b & <b>bold</b> <sup>2</sup>")
        == "a &lt; b &amp; <bold>bold</bold> <sup>2</sup>"
    )
    assert rich_text("unclosed <i>x") == "unclosed <italic>x</italic>"


def test_ref_ids_are_xml_ids() -> None:
    assert ref_id("khan2019") == "ref-khan2019"
    assert ref_id("a:b/c+d") == "ref-aU003AbU002FcU002Bd"
    assert re.fullmatch(r"[A-Za-z][\w.-]*", ref_id("2019 é"))


def test_page_ranges() -> None:
    assert split_pages("89--104") == ("89", "104")
    assert split_pages("S12 – S20") == ("S12", "S20")
    assert split_pages("79") == ("79", None)
    assert split_pages("79, 81") == (None, None)


def test_quarto_divs_and_an_appendix_after_the_references_stay_valid(tmp_path: Path) -> None:
    """quarto-navigating-hostility: a heading inside `::: {.content-visible}`, and a second
    document read after the first's references, once gave paragraphs outside any <sec>."""
    paper = _paper(tmp_path, "gfpr")
    (paper / "manuscript" / "04-appendix.md").write_text(
        '::: {.content-visible when-format="html"}\n# Web only {.hide}\n\nOn the web.\n:::\n\n'
        "The appendix opens with this paragraph.\n\n::: {.note}\n\\singlespacing\n:::\n\n"
        "::: {.aside}\n# Appendix A\n\nInside a div.\n:::\n",
        encoding="utf-8",
    )
    doit(paper, "jats")
    xml = paper / "build" / "paper.jats.xml"
    assert jats_dtd_errors(xml) == []
    text = xml.read_text(encoding="utf-8")
    assert "On the web" not in text and "Web only" not in text  # when-format="html"
    assert "<title>Appendix A</title>" in text
    body = text[text.index("<body>") : text.index("</body>")]
    # The paragraph moved before the references' heading, into the section before it.
    assert body.index("The appendix opens") < body.index("<title>Appendix A</title>")
