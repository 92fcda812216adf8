"""What the PDF says about itself: its metadata (Info and XMP), its /ID, and the tagging
details WeasyPrint leaves out. Called in the renderer's child process (render/pdf.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# WeasyPrint writes a random xmpMM:DocumentID for PDF/X-4 and X-5g; builds must not differ.
_RANDOM_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def pdf_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_metadata(meta: object, md: dict[str, object], epoch: int) -> None:
    """The Info dictionary and XMP packet from build/metadata.json (WeasyPrint writes both)."""
    authors = md.get("authors", [])
    title = str(md.get("title") or "")
    if title:
        meta.title = title  # type: ignore[attr-defined]
    if isinstance(authors, list) and authors:
        meta.authors = [str(a.get("name", "")) for a in authors if isinstance(a, dict)]  # type: ignore[attr-defined]
    subject = ", ".join(str(p) for p in (md.get("journal_title"), md.get("issue_line")) if p)
    if md.get("doi"):
        subject = f"{subject}. DOI: {md['doi']}" if subject else f"DOI: {md['doi']}"
        meta.custom = {"doi": str(md["doi"])}  # type: ignore[attr-defined]
    if subject:
        meta.description = subject  # type: ignore[attr-defined]
    keywords = md.get("keywords", [])
    if isinstance(keywords, list):
        meta.keywords = [str(k) for k in keywords]  # type: ignore[attr-defined]
    meta.generator = "docbuild (WeasyPrint)"  # type: ignore[attr-defined]
    meta.created = meta.modified = pdf_date(epoch)  # type: ignore[attr-defined]


def drop_internal_links(pages: list[object], virtual_root: Path) -> int:
    """Remove links into the renderer's own folder (`[2019](#)`, a relative file link): in
    the PDF they would point at `file:///docbuild-paper/...`, which exists nowhere. Their
    text stays. The number removed."""
    inside = virtual_root.as_uri()
    removed = 0
    for page in pages:
        links = page.links  # type: ignore[attr-defined]
        kept = [
            link
            for link in links
            if not (link[0] in ("external", "attachment") and str(link[1]).startswith(inside))
        ]
        removed += len(links) - len(kept)
        links[:] = kept
    return removed


def describe_links(pages: list[object]) -> None:
    """Each link annotation's /Contents is the link's text ("Khan, 2021"), where WeasyPrint
    writes its target ("#ref-khan2021"): what a screen reader says for the link."""
    import pydyf

    for page in pages:
        for _kind, _target, _rect, box in page.links:  # type: ignore[attr-defined]
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            # The whole <a>, also where a line break split it into two boxes.
            text = " ".join("".join(element.itertext()).split())
            if text:
                annotation["Contents"] = pydyf.String(text)


def finisher(seed: bytes) -> Callable[[object, object], None]:
    """What WeasyPrint's `finisher` does to the PDF before it is written: link descriptions,
    column scopes for the header cells of a table's head (PDF/UA asks that a header's cells be
    known), and a document id derived from `seed` where WeasyPrint would write a random one."""
    document_id = b"xmp.did:" + hashlib.sha256(seed).hexdigest()[:32].encode()

    def finish(document: object, pdf: object) -> None:
        describe_links(document.pages)  # type: ignore[attr-defined]
        objects = pdf.objects  # type: ignore[attr-defined]
        by_reference = {obj.reference: obj for obj in objects[1:] if hasattr(obj, "get")}
        for obj in objects[1:]:
            if hasattr(obj, "get") and obj.get("S") == "/TH":
                row = by_reference.get(obj.get("P"))
                group = by_reference.get(row.get("P")) if row is not None else None
                if group is not None and group.get("S") == "/THead" and "A" in obj:
                    obj["A"]["Scope"] = "/Column"
            extra = getattr(obj, "extra", None)
            if isinstance(extra, dict) and extra.get("Type") == "/Metadata":
                obj.stream = [_RANDOM_DOCUMENT_ID.sub(document_id, part) for part in obj.stream]

    return finish
