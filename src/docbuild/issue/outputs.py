"""What an issue makes from its papers: the table of contents (HTML, PDF), the issue PDF with
a bookmark per article, the issue's Crossref deposit, and the manifest."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sys
from pathlib import Path

from docbuild.config import load_settings
from docbuild.fsutil import write_bytes_atomic, write_text_atomic
from docbuild.issue.records import PaperRecord, file_sha256
from docbuild.issue.spec import IssueSpec, issue_meta_edit
from docbuild.style import Style

MANIFEST = "manifest.json"


def write_issue_outputs(spec: IssueSpec, records: list[PaperRecord]) -> None:
    """Table of contents (HTML, PDF), the issue PDF, the issue deposit, the manifest."""
    built = [r for r in records if not r.failed]
    journal, style = _journal_and_style(spec, built)
    toc_pdf = _write_toc(spec, records, journal, style)
    _write_issue_pdf(spec, built, toc_pdf)
    deposit = _write_deposit(spec, built)
    manifest = {
        "version": 1,
        "volume": spec.volume,
        "issue": spec.issue,
        "date": spec.date,
        "first_page": spec.first_page,
        "papers": [
            {
                "folder": str(r.folder),
                **r.described(),
                "pdf": str(r.pdf.relative_to(spec.build_dir)) if not r.failed else None,
                "sha256": file_sha256(r.pdf) if not r.failed else None,
                "status": "failed" if r.failed else "ok",
                "reason": r.failed or None,
                "in_deposit": not r.failed and not r.deposit,
                "deposit_note": r.deposit or None,
            }
            for r in records
        ],
        "outputs": {
            name: file_sha256(spec.build_dir / name)
            for name in ("toc.html", "toc.pdf", "issue.pdf", *(["crossref.xml"] if deposit else []))
        },
    }
    write_text_atomic(
        spec.build_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )


def _journal_and_style(spec: IssueSpec, built: list[PaperRecord]) -> tuple[str, Style]:
    from docbuild.style import resolve_style

    root = built[0].folder if built else spec.path.parent
    settings = load_settings(root)
    if spec.style:
        settings = dataclasses.replace(settings, style=spec.style)
    style = resolve_style(settings)
    journal = spec.journal or ""
    for record in built if not journal else ():
        metadata = record.slot / "metadata.json"
        if metadata.is_file():
            journal = str(json.loads(metadata.read_text(encoding="utf-8")).get("journal_title", ""))
        if journal:
            break
    if not journal:
        # No name is made up (the folder's was printed before): the contents go without one.
        print(
            f"{spec.path.name}: warning: no journal title, neither in {spec.path.name} nor in "
            'a paper\'s front matter: the contents print none; add journal = "..." to '
            f"{spec.path.name}",
            file=sys.stderr,
        )
    return journal, style


def _write_toc(spec: IssueSpec, records: list[PaperRecord], journal: str, style: Style) -> Path:
    from weasyprint import HTML

    from docbuild.issue.toc import TocEntry, style_typography, toc_html

    entries = [
        TocEntry(
            title=r.title,
            authors=r.authors,
            pages="" if r.failed else f"{r.fpage}\u2013{r.lpage}" if r.pages > 1 else str(r.fpage),
            doi=r.doi,
            href="" if r.failed else str(r.pdf.relative_to(spec.build_dir)),
            failed=r.failed,
        )
        for r in records
    ]
    from docbuild.render.html import STYLE_DIR, copy_style_files

    css = style.folder / "print.css"
    typography = style_typography(css.read_text(encoding="utf-8") if css.is_file() else "")
    page = toc_html(journal=journal, issue_line=spec.label, entries=entries, typography=typography)
    # The HTML finds the style's fonts in build/style/, where the PDF finds them in the style.
    copy_style_files(style, spec.build_dir)
    web = page.replace("url(fonts/", f"url({STYLE_DIR}/fonts/").replace(
        'url("fonts/', f'url("{STYLE_DIR}/fonts/'
    )
    write_text_atomic(spec.build_dir / "toc.html", web)
    pdf = HTML(string=page, base_url=style.folder.as_uri() + "/").write_pdf(
        pdf_identifier=b"docbuild-toc"
    )
    target = spec.build_dir / "toc.pdf"
    write_bytes_atomic(target, pdf)
    return target


def _write_issue_pdf(spec: IssueSpec, built: list[PaperRecord], toc: Path) -> None:
    """The table of contents, then each article, a bookmark each; page labels as printed."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.append(str(toc), outline_item="Contents")
    toc_pages = len(writer.pages)
    writer.set_page_label(0, toc_pages - 1, style="/r")
    for r in built:
        start = len(writer.pages)
        writer.append(str(r.pdf), outline_item=r.title)
        writer.set_page_label(start, len(writer.pages) - 1, style="/D", start=r.fpage or 1)
    writer.add_metadata({"/Title": spec.label, "/Producer": "docbuild"})
    # A fixed file identifier: the same papers give the same issue PDF.
    ident = pypdf.generic.ByteStringObject(hashlib.md5(spec.label.encode("utf-8")).digest())
    writer._ID = pypdf.generic.ArrayObject([ident, ident])
    data = io.BytesIO()
    writer.write(data)
    write_bytes_atomic(spec.build_dir / "issue.pdf", data.getvalue())


def _write_deposit(spec: IssueSpec, built: list[PaperRecord]) -> bool:
    """The issue's Crossref deposit from the articles' parts; False (and a note) without the
    depositor it needs."""
    from docbuild.jobs.build import source_date_epoch
    from docbuild.jobs.parsed import parse_paper
    from docbuild.render.crossref_deposit import Depositor, journal_head, wrap_batch

    if not built:
        return False
    first = dataclasses.replace(load_settings(built[0].folder), build_dir=str(built[0].slot))
    edit = issue_meta_edit(spec, built[0].fpage or 1, built[0].lpage or 1)
    parsed = parse_paper(first, edit_meta=edit)
    front = parsed.front
    name = spec.depositor_name or front.publishing.depositor_name
    email = spec.depositor_email or front.publishing.depositor_email
    registrant = spec.registrant or front.publishing.publisher
    if not (name and email and registrant):
        print(
            f"{spec.path}: note: no issue deposit: give [depositor] name, email and registrant"
            " in ISSUE.toml (or journal.depositor and journal.publisher-name in the papers)",
            file=sys.stderr,
        )
        return False
    built = [r for r in built if not r.deposit]
    if not built:
        return False
    articles = "".join((r.slot / "article.crossref.xml").read_text(encoding="utf-8") for r in built)
    xml = wrap_batch(
        journal_head(front) + articles,
        [r.doi for r in built],
        Depositor(name, email, registrant),
        epoch=source_date_epoch(first, parsed.style),
    )
    write_text_atomic(spec.build_dir / "crossref.xml", xml)
    return True
