"""The official schemas (fetched by scripts/fetch_schemas.sh) and the rules that matter to
PubMed Central's style checker and Crossref, written as checks; shared by this folder's tests.

Without the schemas a test fails and says how to get them: the README's set-up command
fetches them, so a missing schema never passes unnoticed.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(os.environ.get("DOCBUILD_SCHEMAS", ROOT / ".schemas"))
JATS_DTD = SCHEMAS / "jats-1.3" / "JATS-journalpublishing1-3-mathml3.dtd"
CROSSREF_XSD = SCHEMAS / "crossref-5.3.1" / "crossref5.3.1.xsd"
XLINK = "{http://www.w3.org/1999/xlink}href"
# PMC's image specification: "SVG formatted images are not accepted", nor PDF figures
# (TIFF, EPS, PNG or JPEG only): https://pmc.ncbi.nlm.nih.gov/pub/filespec-images
PMC_REFUSED = (".svg", ".pdf")
MML = "http://www.w3.org/1998/Math/MathML"
CR = "{http://www.crossref.org/schema/5.3.1}"
ORCID_URL = re.compile(r"^https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
# What an xref of each ref-type must point to (JATS4R, PMC's style checker).
XREF_TARGETS = {
    "bibr": "ref",
    "fig": "fig",
    "table": "table-wrap",
    "fn": "fn",
    "aff": "aff",
    "corresp": "corresp",
    "sec": "sec",
}
NOT_EMPTY = (
    "surname",
    "given-names",
    "source",
    "article-title",
    "year",
    "fpage",
    "lpage",
    "issn",
    "volume",
    "issue",
    "pub-id",
    "journal-id",
    "journal-title",
    "kwd",
    "institution",
)


def _need(path: Path) -> None:
    if not path.is_file():
        pytest.fail(f"{path} missing: run 'bash scripts/fetch_schemas.sh' once")


@functools.cache
def _jats_dtd() -> etree.DTD:
    # Parsed once per process: the DTD and its modules take longer to read than a paper's check.
    return etree.DTD(str(JATS_DTD))


def jats_dtd_errors(path: Path) -> list[str]:
    """The JATS 1.3 Publishing DTD's verdict on the file (no network: the DTD is local)."""
    _need(JATS_DTD)
    dtd = _jats_dtd()
    doc = etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False))
    if dtd.validate(doc):
        return []
    return [f"{path.name}:{e.line}: {e.message}" for e in dtd.error_log]


# The W3C modules Crossref's schema imports by address, and their local copies.
W3C_MODULES = {
    "xml.xsd": "standard-modules/xml.xsd",
    "xlink.xsd": "standard-modules/xlink.xsd",
    "mathml3.xsd": "standard-modules/mathml3/mathml3.xsd",
}


class _LocalW3C(etree.Resolver):
    """Resolve those imports to the local copies (no network)."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        if url and url.startswith(("http://", "https://")):
            local = W3C_MODULES.get(url.rsplit("/", 1)[-1])
            if local:
                return self.resolve_filename(str(CROSSREF_XSD.parent / local), context)
        return None


@functools.cache
def _crossref_schema() -> etree.XMLSchema:
    # Compiled once per process: compiling the schema (with MathML 3) costs seconds, validating
    # a deposit milliseconds. lxml keeps no state between validations but the error log, which
    # each validate() call replaces.
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalW3C())
    return etree.XMLSchema(etree.parse(str(CROSSREF_XSD), parser))


def crossref_errors(path: Path) -> list[str]:
    """The Crossref 5.3.1 deposit schema's verdict on the file."""
    _need(CROSSREF_XSD)
    schema = _crossref_schema()
    doc = etree.parse(str(path), etree.XMLParser(no_network=True))
    if schema.validate(doc):
        return []
    return [f"{path.name}:{e.line}: {e.message}" for e in schema.error_log]


def pmc_rule_errors(path: Path) -> list[str]:
    """The rules of PMC's style checker and JATS4R that a DTD cannot express."""
    doc = etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False))
    root = doc.getroot()
    out: list[str] = []

    def fail(rule: str, el: etree._Element | None, what: str) -> None:
        line = el.sourceline if el is not None else 0
        out.append(f"{rule} line {line}: {what}")

    if root.tag != "article" or root.get("dtd-version") != "1.3":
        fail("article", root, "root must be <article dtd-version='1.3'>")
    for attr in ("article-type", "{http://www.w3.org/XML/1998/namespace}lang"):
        if not root.get(attr):
            fail("article", root, f"<article> has no {attr}")
    jm = root.find("front/journal-meta")
    if jm is None:
        fail("journal-meta", None, "no journal-meta")
    else:
        for need in (
            "journal-id",
            "journal-title-group/journal-title",
            "issn",
            "publisher/publisher-name",
        ):
            if jm.find(need) is None:
                fail("journal-meta", jm, f"no {need}")
        for issn in jm.findall("issn"):
            if issn.get("publication-format") not in ("print", "electronic"):
                fail("issn", issn, "issn without publication-format print or electronic")
    am = root.find("front/article-meta")
    if am is None:
        fail("article-meta", None, "no article-meta")
        return out
    if am.find("article-id[@pub-id-type='doi']") is None:
        fail("article-meta", am, "no article-id pub-id-type='doi'")
    title = am.find("title-group/article-title")
    if title is None or not "".join(title.itertext()).strip():
        fail("article-meta", am, "no article title")
    if am.find("pub-date/year") is None:
        fail("article-meta", am, "no pub-date with a year")
    if am.find("fpage") is None and am.find("elocation-id") is None:
        fail("article-meta", am, "neither fpage nor elocation-id")
    for contrib in root.iter("contrib"):
        if (
            contrib.find("name") is None
            and contrib.find("collab") is None
            and contrib.find("string-name") is None
        ):
            fail("contrib", contrib, "contrib without a name")
        for cid in contrib.findall("contrib-id[@contrib-id-type='orcid']"):
            if not ORCID_URL.match(cid.text or ""):
                fail("contrib-id", cid, f"ORCID '{cid.text}' is not https://orcid.org/<id>")
    ids: dict[str, etree._Element] = {}
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("id"):
            if el.get("id") in ids:
                fail("id", el, f"id '{el.get('id')}' used twice")
            ids[el.get("id", "")] = el
    for xref in root.iter("xref"):
        kind = xref.get("ref-type")
        for rid in (xref.get("rid") or "").split():
            target = ids.get(rid)
            if target is None:
                fail("xref", xref, f"rid '{rid}' points to nothing")
            elif kind in XREF_TARGETS and target.tag != XREF_TARGETS[kind]:
                fail("xref", xref, f"ref-type '{kind}' points to <{target.tag}>")
        if kind == "bibr" and not "".join(xref.itertext()).strip():
            fail("xref", xref, "citation without text")
    for ref in root.iter("ref"):
        citations = [c for c in ref if c.tag in ("element-citation", "mixed-citation")]
        if len(citations) != 1:
            fail("ref", ref, f"ref '{ref.get('id')}' has {len(citations)} citations")
        for c in citations:
            if not c.get("publication-type"):
                fail("ref", c, f"ref '{ref.get('id')}' has no publication-type")
    for group in root.iter("person-group"):
        if not group.get("person-group-type"):
            fail("person-group", group, "person-group without person-group-type")
    for tag in NOT_EMPTY:
        for el in root.iter(tag):
            if not "".join(el.itertext()).strip():
                fail("empty", el, f"<{tag}> is empty")
    for link in root.iter("ext-link"):
        if not link.get(XLINK):
            fail("ext-link", link, "ext-link without xlink:href")
    for graphic in root.iter("graphic"):
        href = graphic.get(XLINK) or ""
        if not (path.parent / href).is_file():
            fail("graphic", graphic, f"graphic '{href}' is not beside the XML")
        if href.lower().endswith(PMC_REFUSED):
            fail("graphic", graphic, f"graphic '{href}' is a format PubMed Central refuses")
    for el in root.iter(f"{{{MML}}}math"):
        parent = el.getparent()
        while parent is not None and parent.tag not in ("inline-formula", "disp-formula"):
            parent = parent.getparent()
        if parent is None:
            fail("math", el, "MathML outside inline-formula or disp-formula")
    for lic in root.iter("license"):
        if (
            not lic.get(XLINK)
            and lic.find("{http://www.niso.org/schemas/ali/1.0/}license_ref") is None
        ):
            fail("license", lic, "license without an address")
    return out


def archival_figure(build: Path, stem: str, given: str) -> Path:
    """The one figure of build/paper.jats.xml, checked as PubMed Central takes it: named by
    its TIFF (`figures/<stem>-<hash>.tif`, not its `given` .pdf or .svg, which build/ holds
    no copy of), lossless, 600 dpi, at least 7 in wide, not blank."""
    from PIL import Image

    jats = (build / "paper.jats.xml").read_text(encoding="utf-8")
    [(subtype, href)] = re.findall(r'<graphic mimetype="image" mime-subtype="([^"]+)"'
                                   r' xlink:href="([^"]+)"', jats)  # fmt: skip
    assert subtype == "tiff" and re.fullmatch(rf"figures/{stem}-[0-9a-f]{{16}}\.tif", href)
    assert given not in jats and not list(build.rglob(f"*{given}"))
    tiff = build / href
    with Image.open(tiff) as picture:
        assert picture.info["compression"] == "tiff_lzw"
        assert picture.info["dpi"] == (600, 600)
        assert picture.width >= 7 * 600
        darkest = min(low for low, _high in picture.convert("RGB").getextrema())
        assert darkest < 100  # the figure's marks and text, not a blank page
    return tiff
