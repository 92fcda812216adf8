"""Build an issue: every paper with its pages following on, then the table of contents, the
issue PDF with a bookmark per article, the issue's Crossref deposit and a manifest.

Everything lands in the issue's own build folder (papers/NN-name/ for each paper's build);
no paper's files are written. A paper is rebuilt only when its inputs or its place in the
issue (first page, volume, number, date) changed; one that fails is reported and skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from docbuild.config import Settings, load_settings
from docbuild.errors import ConfigError, DocbuildError
from docbuild.fsutil import write_bytes_atomic, write_text_atomic
from docbuild.issue.spec import IssueSpec, read_issue
from docbuild.style import Style

STATE = "issue-state.json"
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class PaperRecord:
    folder: Path
    slot: Path  # the paper's build folder inside the issue's
    signature: str  # what its build depended on
    title: str = ""
    authors: str = ""
    doi: str = ""
    fpage: int | None = None
    lpage: int | None = None
    rebuilt: bool = False
    failed: str = ""  # the reason, for a paper that did not build
    deposit: str = ""  # why the paper is not in the issue's Crossref deposit, if it is not

    @property
    def pdf(self) -> Path:
        return self.slot / "paper.pdf"

    @property
    def pages(self) -> int:
        return 0 if self.fpage is None or self.lpage is None else self.lpage - self.fpage + 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paper_signature(settings: Settings, spec: IssueSpec, fpage: int) -> str:
    """A digest of everything a paper's build reads: its files, the style, docbuild's
    version, SOURCE_DATE_EPOCH and its place in the issue."""
    import os

    from docbuild import __version__
    from docbuild.style import resolve_style

    style = resolve_style(settings)
    files = [
        *settings.manuscript_files(),
        settings.bib_path,
        settings.config_path,
        *style.pandoc_inputs(),
        *style.pdf_inputs(),
    ]
    listing = settings.build_path / "resources.json"
    if listing.is_file():
        files += [settings.root / rel for rel in json.loads(listing.read_text(encoding="utf-8"))]
    digest = {
        "docbuild": __version__,
        "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "place": [spec.volume, spec.issue, spec.date, fpage],
        "files": sorted(
            (str(p), _sha256(p) if p.is_file() else "missing") for p in dict.fromkeys(files)
        ),
    }
    return hashlib.sha256(json.dumps(digest, sort_keys=True).encode("utf-8")).hexdigest()


def issue_meta_edit(
    spec: IssueSpec, fpage: int, lpage: int | None
) -> Callable[[dict[str, object]], None]:
    """Set the paper's volume, issue, pages and date in pandoc's metadata (its files stay).
    Without `lpage`, the paper's own is removed: the pdf step counts it (jobs/build.py)."""

    def edit(meta: dict[str, object]) -> None:
        article = meta.get("article")
        fields = (
            dict(article["c"])
            if isinstance(article, dict) and article.get("t") == "MetaMap"
            else {}
        )
        fields.pop("lpage", None)
        for key, value in (
            ("volume", spec.volume),
            ("issue", spec.issue),
            ("fpage", str(fpage)),
            *((("lpage", str(lpage)),) if lpage is not None else ()),
        ):
            fields[key] = {"t": "MetaString", "c": value}
        meta["article"] = {"t": "MetaMap", "c": fields}
        meta["date"] = {"t": "MetaString", "c": spec.date}

    return edit


def _page_count(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(pdf).pages)


def build_paper(
    spec: IssueSpec, folder: Path, slot: Path, *, fpage: int, previous: dict[str, object] | None
) -> PaperRecord:
    """Build one paper into `slot` with its first page at `fpage`; DocbuildError on failure."""
    from docbuild.errors import InputError
    from docbuild.jobs.build import run_pdf
    from docbuild.jobs.crossref_xml import deposit_article
    from docbuild.jobs.jats import PAPER_JATS, render_jats
    from docbuild.jobs.lint import run_lint_report
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parsed import copy_images, parse_paper
    from docbuild.lock import build_lock
    from docbuild.render.crossref_deposit import journal_article

    if not (folder / "manuscript").is_dir() and not (folder / "docbuild.toml").is_file():
        raise InputError(
            f"'{folder}' is not a paper folder (no docbuild.toml, no manuscript/)",
            hint="check 'papers' in ISSUE.toml",
        )
    settings = dataclasses.replace(load_settings(folder), build_dir=str(slot))
    slot.mkdir(parents=True, exist_ok=True)
    signature = paper_signature(settings, spec, fpage)
    if previous and previous.get("signature") == signature and (slot / "paper.pdf").is_file():
        return PaperRecord(
            folder=folder,
            slot=slot,
            signature=signature,
            title=str(previous.get("title", "")),
            authors=str(previous.get("authors", "")),
            doi=str(previous.get("doi", "")),
            fpage=fpage,
            lpage=int(str(previous["lpage"])),
            deposit=str(previous.get("deposit", "")),
        )
    run_normalize(settings, in_place=False, verbose=False)
    run_lint_report(settings)
    # The pdf step prints the PDF's own last page (render/lastpage.py, jobs/build.py).
    edit = issue_meta_edit(spec, fpage, None)
    run_pandoc(settings, edit_meta=edit)
    run_pdf(settings, edit_meta=edit)
    pages = _page_count(settings.build_path / "paper.pdf")
    edit = issue_meta_edit(spec, fpage, fpage + pages - 1)
    # One parse for both the JATS and the deposit (the same reader as `doit jats`).
    with build_lock(settings):
        parsed = parse_paper(settings, edit_meta=edit)
        jats = render_jats(parsed, settings)
        copy_images(parsed, settings)
        write_text_atomic(slot / PAPER_JATS, jats)
    fragment = slot / "article.crossref.xml"
    try:
        write_text_atomic(fragment, journal_article(deposit_article(parsed, settings)))
        deposit_note = ""
    except ConfigError as exc:
        # The paper is built; only its DOI registration waits for the missing field.
        fragment.unlink(missing_ok=True)
        deposit_note = exc.message
        print(f"{folder.name}: not in the issue deposit: {exc}", file=sys.stderr)
    front = parsed.front
    return PaperRecord(
        folder=folder,
        slot=slot,
        # The first signature could not know the images (resources.json is made by the build).
        signature=paper_signature(settings, spec, fpage),
        title=front.title,
        authors=", ".join(a.name for a in front.authors),
        doi=front.doi or "",
        fpage=fpage,
        lpage=fpage + pages - 1,
        rebuilt=True,
        deposit=deposit_note,
    )


def run_issue(path: Path, *, out: TextIO = sys.stderr) -> int:
    """`docbuild issue ISSUE.toml`: 0 when every paper built, 1 when any failed."""
    spec = read_issue(path)
    build = spec.build_dir
    build.mkdir(parents=True, exist_ok=True)
    state_path = build / STATE
    state: dict[str, dict[str, object]] = {}
    if state_path.is_file():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except ValueError:
            state = {}  # a damaged state means rebuilding everything, never a wrong issue
    state_before = dict(state)
    records: list[PaperRecord] = []
    page = spec.first_page
    for n, folder in enumerate(spec.papers, start=1):
        slot = build / "papers" / f"{n:02d}-{folder.name}"
        try:
            record = build_paper(spec, folder, slot, fpage=page, previous=state.get(str(folder)))
        except DocbuildError as exc:
            record = PaperRecord(folder, slot, "", title=folder.name, failed=exc.message)
            print(f"{folder}: paper {n} failed:\n{exc}", file=out)
        except Exception as exc:  # our bug: keep its traceback, but build the others
            traceback.print_exc(file=out)
            record = PaperRecord(
                folder, slot, "", title=folder.name, failed=f"internal error: {exc!r}"
            )
        if record.lpage is not None:
            page = record.lpage + 1
            what = "built" if record.rebuilt else "up to date"
            print(f"{folder.name}: pages {record.fpage}-{record.lpage} ({what})", file=out)
        records.append(record)
    state = {
        str(r.folder): {
            "signature": r.signature,
            "title": r.title,
            "authors": r.authors,
            "doi": r.doi,
            "fpage": r.fpage,
            "lpage": r.lpage,
            "pages": r.pages,
            "deposit": r.deposit,
        }
        for r in records
        if not r.failed
    }
    # The issue's own outputs depend only on the papers' records and the issue's settings.
    outputs_key = hashlib.sha256(
        json.dumps(
            [
                spec.label,
                spec.style,
                spec.depositor_name,
                spec.depositor_email,
                spec.registrant,
                [[str(r.folder), r.signature, r.failed, r.fpage, r.lpage] for r in records],
            ],
        ).encode("utf-8")
    ).hexdigest()
    previous_key = state_before.get("_outputs", {}).get("key") if state_before else None
    if previous_key != outputs_key or not (build / MANIFEST).is_file():
        write_issue_outputs(spec, records)
    state["_outputs"] = {"key": outputs_key}
    write_text_atomic(state_path, json.dumps(state, indent=1, sort_keys=True) + "\n")
    failed = [r for r in records if r.failed]
    print(
        f"{spec.path.name}: {len(records) - len(failed)} of {len(records)} papers in"
        f" {build / 'issue.pdf'}" + (f"; {len(failed)} failed (see above)" if failed else ""),
        file=out,
    )
    return 1 if failed else 0


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
                "title": r.title,
                "authors": r.authors,
                "doi": r.doi,
                "fpage": r.fpage,
                "lpage": r.lpage,
                "pages": r.pages,
                "pdf": str(r.pdf.relative_to(spec.build_dir)) if not r.failed else None,
                "sha256": _sha256(r.pdf) if not r.failed else None,
                "status": "failed" if r.failed else "ok",
                "reason": r.failed or None,
                "in_deposit": not r.failed and not r.deposit,
                "deposit_note": r.deposit or None,
            }
            for r in records
        ],
        "outputs": {
            name: _sha256(spec.build_dir / name)
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
    journal = ""
    if built:
        metadata = built[0].slot / "metadata.json"
        if metadata.is_file():
            journal = str(json.loads(metadata.read_text(encoding="utf-8")).get("journal_title", ""))
    return journal or spec.path.parent.name, style


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
