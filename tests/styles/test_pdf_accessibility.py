"""The sample paper's PDF in every shipped style is tagged PDF/UA-1: the `pdfua` checker finds
no error, and pypdf sees what `pdfinfo` would (Tagged, /Lang, a structure tree, XMP)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pdfua import Severity, validate
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from docbuild.style import PACKAGE_STYLES, STYLE_FILE

SHIPPED = sorted(d.name for d in PACKAGE_STYLES.iterdir() if (d / STYLE_FILE).is_file())
INTERNAL = "docbuild-paper"  # render/pdf.py's VIRTUAL_ROOT: the renderer's folder, nobody's


def walk(obj: PdfObject, seen: set[int] | None = None) -> Iterator[PdfObject]:
    """Every object reachable from `obj` (each indirect object once)."""
    seen = set() if seen is None else seen
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    yield obj
    if isinstance(obj, DictionaryObject):
        for value in obj.values():
            yield from walk(value, seen)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from walk(value, seen)


def structure(reader: PdfReader) -> list[DictionaryObject]:
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    return [o for o in walk(root) if isinstance(o, DictionaryObject) and "/S" in o]


@pytest.mark.parametrize("style", SHIPPED)
def test_the_pdfua_checker_finds_no_error(style: str, sample_pdf: Callable[[str], Path]) -> None:
    report = validate(str(sample_pdf(style)))
    errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity is Severity.ERROR]
    assert errors == []
    # The two warnings an untagged table gave (header cells without /Scope) are fixed too.
    warnings = [f.rule_id for f in report.findings if f.severity is Severity.WARNING]
    assert warnings == []


@pytest.mark.parametrize("style", SHIPPED)
def test_tagged_with_language_structure_and_xmp(
    style: str, sample_pdf: Callable[[str], Path]
) -> None:
    reader = PdfReader(sample_pdf(style))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True  # pdfinfo's "Tagged: yes"
    assert root["/Lang"] == "en-US"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    roles = [str(e["/S"]) for e in structure(reader)]
    assert roles.count("/H1") >= 5 and "/H2" in roles and "/Table" in roles
    figures = [e for e in structure(reader) if e["/S"] == "/Figure" and "/BBox" in e["/A"]]
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert any(a.startswith("Main events in Pakistan") for a in alts), alts
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title["x-default"].startswith("Between Two Capitals")
    assert xmp.dc_creator == ["Amina Qureshi", "Daniel Hartmann"]
    assert xmp.xmp_create_date is not None
    packet = xmp.stream.get_data()
    assert b'pdfuaid:part="1"' in packet or b"<pdfuaid:part>1</pdfuaid:part>" in packet


@pytest.mark.parametrize("style", SHIPPED)
def test_no_internal_url_and_an_id_from_the_content(
    style: str, sample_pdf: Callable[[str], Path]
) -> None:
    reader = PdfReader(sample_pdf(style))
    every = [reader.trailer, *(p for p in reader.pages)]
    found = [
        str(o)
        for start in every
        for o in walk(start)
        if not isinstance(o, DictionaryObject | ArrayObject) and INTERNAL in str(o)
    ]
    assert found == []
    links = [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert links and all(u.startswith(("https://", "http://", "mailto:")) for u in links), links
    # Each link is described by its text (WeasyPrint wrote its target, "#ref-khan2021").
    described = [
        str(a.get_object().get("/Contents", ""))
        for page in reader.pages
        for a in page.get("/Annots", [])
    ]
    assert not [d for d in described if not d or d.startswith("#")], described
    assert any(d.startswith(("Figure", "Fig.")) for d in described), described  # @fig:timeline


def test_the_id_is_derived_from_each_pdfs_content(sample_pdf: Callable[[str], Path]) -> None:
    """pdf_identifier=True: the MD5 of the file, in hex; the literal `docbuild` was the same
    for every paper. (Two builds giving the same bytes: tests/jobs/test_build.py.)"""
    ids = []
    for style in SHIPPED:
        first, second = (str(part) for part in PdfReader(sample_pdf(style)).trailer["/ID"])
        assert re.fullmatch("[0-9a-f]{32}", first) and first == second
        ids.append(first)
    assert len(set(ids)) == len(SHIPPED)
