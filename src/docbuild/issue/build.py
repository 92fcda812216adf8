"""Build an issue: every paper with its pages following on, then the table of contents, the
issue PDF with a bookmark per article, the issue's Crossref deposit and a manifest.

Everything lands in the issue's own build folder (papers/NN-name/ for each paper's build);
no paper's files are written. A paper is rebuilt only when its inputs or its place in the
issue (first page, volume, number, date) changed; one that fails is reported and skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import traceback
from pathlib import Path
from typing import TextIO

from docbuild.config import Settings, load_settings
from docbuild.errors import ConfigError, DocbuildError
from docbuild.fsutil import write_text_atomic
from docbuild.issue.outputs import MANIFEST, write_issue_outputs
from docbuild.issue.records import PaperRecord, file_sha256
from docbuild.issue.spec import IssueSpec, issue_meta_edit, read_issue

STATE = "issue-state.json"


def paper_signature(settings: Settings, spec: IssueSpec, fpage: int) -> str:
    """A digest of everything a paper's build reads: its files, the style, docbuild's
    version, SOURCE_DATE_EPOCH and its place in the issue."""
    import os

    from docbuild import __version__
    from docbuild.style import resolve_style

    style = resolve_style(settings)
    files = [
        *settings.manuscript_files(),
        *settings.bib_paths,
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
        "place": [spec.journal, spec.volume, spec.issue, spec.date, fpage],
        "files": sorted(
            (str(p), file_sha256(p) if p.is_file() else "missing") for p in dict.fromkeys(files)
        ),
    }
    return hashlib.sha256(json.dumps(digest, sort_keys=True).encode("utf-8")).hexdigest()


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
    from docbuild.jobs.jats import PAPER_JATS, archival_figures, render_jats
    from docbuild.jobs.lint import run_lint_report
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parsed import copy_images, parse_paper
    from docbuild.lock import build_lock
    from docbuild.render.crossref_deposit import journal_article

    if not (folder / "manuscript").is_dir() and not (folder / "docbuild.toml").is_file():
        raise InputError(
            f"'{folder}' is not a paper folder (no docbuild.toml, no manuscript/)",
            hint=(
                f"a paper as its authors sent it (a JOSS or Quarto folder) is set up with "
                f"'docbuild init --dir {folder}'"
                if folder.is_dir()
                else "check 'papers' in ISSUE.toml"
            ),
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
        parsed = parse_paper(settings, edit_meta=edit, echo=False)  # run_pandoc said them
        archival_figures(parsed, settings)
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
        str(r.folder): {"signature": r.signature, **r.described(), "deposit": r.deposit}
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
