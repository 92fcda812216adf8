"""What the `pandoc` task does: the parsed manuscript + refs.json + template + CSL -> the page
(build/pandoc.html), with the front matter (metadata.json), the files it uses (resources.json)
and its findings (pandoc-report.json)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from docbuild import progress
from docbuild.config import Settings
from docbuild.diagnostics import Diagnostic, Location
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.author_meta import add_crossref_settings, author_csl, drop_read_bibliography
from docbuild.jobs.build import (
    METADATA_JSON,
    PANDOC_HTML,
    PANDOC_REPORT,
    RESOURCES_JSON,
    UNREADABLE_JSON,
    report,
)
from docbuild.jobs.pandoc_findings import (
    empty_references,
    missing_alt,
    pandoc_findings,
    read_unreadable,
    sanitized,
    stop_on_errors,
)
from docbuild.jobs.references import printed_references, rename_citations
from docbuild.lock import build_lock
from docbuild.render import pandoc
from docbuild.render.abstract import Taken, take_abstract_section
from docbuild.render.labels import localize, localized_crossref
from docbuild.render.lastpage import UNKNOWN_PAGES
from docbuild.style import Style, resolve_style

if TYPE_CHECKING:
    from docbuild.jobs.parse import ParsedManuscript

SELF_CITATION_MARK = "<!-- docbuild:self-citation -->"


# The time limit catches stalls, not slow machines, so it grows with the work: pandoc's
# citeproc on a 100,000-word book with 3,000 citations and 2,000 references needs 30-45 s of
# CPU. (The parse's limit is in jobs/parse.py, WeasyPrint's in jobs/build.py.)
def render_time_limit(citations: int) -> float:
    return 60.0 + 0.1 * citations


def _style(settings: Settings) -> tuple[Style, Path]:
    from docbuild.csl_styles import resolve_csl

    style = resolve_style(settings)
    return style, resolve_csl(settings, style)


def run_pandoc(
    settings: Settings,
    *,
    timeout: float | None = None,
    edit_meta: Callable[[dict[str, object]], None] | None = None,
    parse: ParsedManuscript | None = None,
    pages: int | None = None,
    echo: bool = True,
) -> bool:
    """manuscript + refs.json + template + CSL -> build/pandoc.html and build/metadata.json.

    `edit_meta` changes pandoc's metadata before the front matter is read: `docbuild issue`
    sets a paper's pages, volume and issue that way, never touching its files. `parse` is the
    `_parse` step's, just made (jobs/parse.py's `store_parse`; its AST is changed here), in
    place of reading build/manuscript.json back. `pages` is the PDF's page count (the pdf step
    passes it where it must); without it, a last page the front matter does not name is a mark
    the pdf step fills (render/lastpage.py).
    `echo=False` keeps the findings in the report without printing them (the pdf step's
    second run: they were printed once)."""
    from docbuild.jobs.parse import manuscript_files, read_parsed
    from docbuild.render.frontmatter import read_front_matter
    from docbuild.render.metadata import metadata_json, self_csl_item, template_vars, to_meta_value
    from docbuild.render.refsheading import with_references_heading

    style, csl = _style(settings)
    files = manuscript_files(settings)
    # The pdf task needs WeasyPrint (0.3-1 s to import); import it while pandoc runs.
    from docbuild.render.weasyload import import_weasyprint

    preload = threading.Thread(target=import_weasyprint, daemon=True)
    if "weasyprint" not in sys.modules:  # a warm process has it: no thread to start
        preload.start()
    with build_lock(settings):
        # A report from an earlier run must not outlive a run that stops half-way.
        (settings.build_path / PANDOC_REPORT).unlink(missing_ok=True)
        # The `_parse` step's AST (build/manuscript.json): the Markdown is not parsed again.
        parsed = parse or read_parsed(settings, timeout=timeout)
        ast = parsed.ast
        from docbuild.render.chapters import without_blocks

        groups = parsed.citation_groups()
        render_limit = timeout or render_time_limit(len(groups))
        references = printed_references(settings, parsed.texts, groups)
        meta = ast.get("meta", {})
        assert isinstance(meta, dict)
        if edit_meta is not None:
            edit_meta(meta)
        file_texts = parsed.file_texts()
        csl = author_csl(meta, settings, files, file_texts) or csl
        drop_read_bibliography(meta, settings, files)
        abstract = take_abstract_section(ast, summary="abstract" in style.required_front_matter)
        parts, part_keys = parsed.parts, parsed.part_keys
        if abstract is not None and parts is not None and part_keys is not None:
            parts, part_keys = without_blocks(parts, part_keys, abstract.start, abstract.end)
        if references.renamed:
            from docbuild.digest import digest

            # One work cited under two keys: citeproc is given one, so prints it once.
            rename_citations(ast, references.renamed)  # `nocite` and the abstract taken too
            if part_keys is not None:  # what each chapter is: its text and the renaming
                renaming = digest(json.dumps(references.renamed))
                part_keys = tuple(f"{key}-{renaming}" for key in part_keys)
        fm, findings = read_front_matter(
            meta,
            files=[*files, *settings.metadata_files()],  # an error in metadata.yaml names it
            texts=file_texts,
            required=style.required_front_matter,
            masthead=style.masthead_front_matter,
            pages=pages or UNKNOWN_PAGES,
            bibliography=", ".join(settings.bibliography),  # R001: "from a.bib, b.bib and the CSL"
        )
        if abstract is not None:
            findings.append(_abstract_read(abstract, parsed.files(), file_texts))
        for key in pandoc.DROPPED_META:
            meta.pop(key, None)
        add_crossref_settings(meta, files, settings.root)
        from docbuild.render.images import convert_pdf_figures

        made = convert_pdf_figures(ast, settings.root, settings.build_path, parsed.images)
        from docbuild.render.editions import has_conditions, mark_editions

        if has_conditions(text for _, text in parsed.texts):
            mark_editions(ast)  # Quarto's when-format: each edition cuts the other's part
        if "title" not in meta and fm.title:
            # Another tool's spelling (ReScience's `Title:`): the template prints `title`.
            meta["title"] = to_meta_value(fm.title)
        # The self-citation is a separate small pandoc run; it runs beside the main one and
        # fills a placeholder, so it adds no time to the build.
        wants_self = bool(fm.title and fm.authors)
        meta["docbuild"] = to_meta_value(
            template_vars(fm, self_citation=SELF_CITATION_MARK if wants_self else None)
        )
        # The style's conventions, under the author's own settings (crossref.lua).
        meta["docbuild-style-crossref"] = to_meta_value(
            localized_crossref(style.crossref_settings(), fm.lang)
        )
        item = self_csl_item(fm) if wants_self else None
        key = _self_citation_key(item, csl, settings.root) if item is not None else ""
        kept = _SELF_CITATIONS.get(key) if item is not None else None
        with ThreadPoolExecutor(max_workers=1) as pool:  # no thread until a submit
            self_citation = (
                pool.submit(
                    _self_citation, item, key=key, csl=csl, root=settings.root,
                    timeout=render_limit,
                )
                if item is not None and kept is None
                else None
            )  # fmt: skip
            from docbuild.render import citecache

            # citeproc's work is kept in build/.cache/ while the citations stay the same.
            result = citecache.render_html(
                ast,
                root=settings.root,
                template=style.template,
                csl=csl,
                bibliography=references.path,
                timeout=render_limit,
                cache=settings.build_path,
                parts=parts,
                part_keys=part_keys,
                images=parsed.images,
            )
            citation = self_citation.result() if self_citation is not None else kept or ""
        page = result.output.decode("utf-8").replace(SELF_CITATION_MARK, citation)
        # What the body's findings are looked up in: the files Quarto includes too.
        body = parsed.files()
        page, removals = sanitized(page, body, result.fragments)
        page = with_references_heading(page, localize(style.references_title, fm.lang))
        from docbuild.jobs.parse import project_folder
        from docbuild.render.typed_refs import typed_numbers_missing
        from docbuild.render.xref import code_not_run, missing_includes

        unreadable = read_unreadable(settings.build_path / UNREADABLE_JSON, settings.bib_path)
        findings += [
            *pandoc_findings(result, body, parsed.texts, ast, unreadable),
            *empty_references(page, result, body, parsed.texts),
            *removals,
            *code_not_run(list(file_texts.items()), settings.root),
            *missing_includes(file_texts, settings.root, project_folder(body, settings.root)),
            *missing_alt(page, body),
            *typed_numbers_missing(page, body),
        ]
        report(settings, PANDOC_REPORT, findings, echo=echo)
        stop_on_errors(findings)
        write_text_atomic(
            settings.build_path / METADATA_JSON,
            metadata_text(
                metadata_json(fm),
                marked=not pages,
                previous=settings.build_path / METADATA_JSON,
            ),
        )
        write_text_atomic(
            settings.build_path / RESOURCES_JSON,
            json.dumps(local_resources(page, made, settings.root), indent=1) + "\n",
        )
        write_text_atomic(settings.build_path / PANDOC_HTML, page)
    progress.done()
    if preload.is_alive():
        preload.join()
    return True


def _abstract_read(taken: Taken, files: list[Path], texts: Mapping[Path, str]) -> Diagnostic:
    """R009: the section that opens the paper was read as its abstract."""
    from docbuild.render.findings import READ_AS, finding
    from docbuild.render.places import Finder

    title = taken.title
    where = Finder(files, texts).find(f"# {title}") or Location(files[0], 0)
    why = "the front matter has none"
    if taken.summary:
        why = "this style requires one and the front matter has none (a JOSS paper's summary)"
    return finding(
        READ_AS,
        Location(where.path, where.line),
        f"the section '{title}' is read as the abstract, as {why}: the masthead prints it",
        fix="move it into the front matter's 'abstract:' to say so yourself, or write the"
        " abstract there",
    )


_SELF_CITATIONS: dict[str, str] = {}  # one entry: what a warm process rendered last


def _self_citation_key(item: dict[str, object], csl: Path, root: Path) -> str:
    return json.dumps([item, str(csl), csl.read_bytes().hex(), str(root)], sort_keys=True)


def _self_citation(
    item: dict[str, object], *, key: str, csl: Path, root: Path, timeout: float
) -> str:
    """The paper's own reference (`key` its _self_citation_key), rendered again only when its
    front matter or the style changes: a process that builds more than once (`docbuild
    preview`) saves a pandoc run."""
    if key not in _SELF_CITATIONS:
        rendered = pandoc.render_reference(item, csl=csl, root=root, timeout=timeout)
        _SELF_CITATIONS.clear()
        _SELF_CITATIONS[key] = rendered
    return _SELF_CITATIONS[key]


def metadata_text(
    data: dict[str, object], *, marked: bool = False, previous: Path | None = None
) -> str:
    """build/metadata.json's text. `marked`: its lpage is render/lastpage.py's mark, with the
    `previous` build's page count as `lpage_guess` (what an HTML edition made before the PDF,
    as `docbuild preview` makes it, prints meanwhile)."""
    if marked and not data.get("lpage_declared") and isinstance(data.get("lpage"), int):
        data = {**data, "lpage_mark": True}
        try:
            old = json.loads(previous.read_text(encoding="utf-8")) if previous else {}
            pages = int(old["lpage"]) - int(old["fpage"]) + 1
            if not old.get("lpage_mark") and pages > 0 and isinstance(data["fpage"], int):
                data["lpage_guess"] = data["fpage"] + pages - 1
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no earlier build: no guess
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def local_resources(
    page: str, made: Mapping[str, str] | None = None, root: Path | None = None
) -> list[str]:
    """The paper's own files the page loads (images, objects), for the html and pdf tasks;
    `made`: the PNGs made from PDF figures, each listed as its PDF (what the author edits);
    with the folder `root`, the files its SVG figures load too."""
    from docbuild.render.html import local_path, resource_urls, svg_loads

    made = made or {}
    paths = (local_path(url) for url in resource_urls(page, sanitized=True))
    listed = {made.get(p, p) for p in paths if p and "://" not in p and not p.startswith("/")}
    if root is not None:
        for rel in [p for p in listed if p.lower().endswith(".svg")]:
            listed.update(svg_loads(root, rel))
    return sorted(listed)
