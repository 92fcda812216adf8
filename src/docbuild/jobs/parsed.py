"""The manuscript as the production outputs (JATS, Crossref deposit, DOCX) read it.

The same reader as the HTML and PDF: pandoc's AST (the `_parse` step's, jobs/parse.py), the
validated front matter (`render/frontmatter`) and the references the build prints
(jobs/references.py: build/refs.json and Manubot's citations), with the style's CSL.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docbuild.config import Settings
from docbuild.errors import InputError
from docbuild.render import pandoc
from docbuild.render.frontmatter import FrontMatter, read_front_matter
from docbuild.style import Style, resolve_style

# Edits pandoc's metadata before the front matter is read: `docbuild issue` sets each
# paper's pages, volume and issue this way, without touching its files.
MetaEdit = Callable[[dict[str, object]], None]


@dataclass(frozen=True, slots=True)
class Parsed:
    ast: dict[str, object]  # pandoc's JSON AST, the dropped metadata removed
    front: FrontMatter
    style: Style
    csl: Path
    # The references the build prints (jobs/references.py): build/refs.json's CSL items and
    # those the text's Manubot citations resolve to; [] without any
    refs: list[dict[str, object]]
    refs_path: Path | None  # the file of those items, for citeproc; None without one
    files: list[Path]  # the manuscript files
    # Each citation's keys, in order, as the pandoc step reads them (before the abstract is
    # taken): what the references and the render's time limit are worked out from
    groups: tuple[tuple[str, ...], ...]


def parse_paper(
    settings: Settings, *, edit_meta: MetaEdit | None = None, echo: bool = True
) -> Parsed:
    """Parse the manuscript and validate its front matter (ConfigError, InputError).
    `echo`: print the front matter's warnings (not where the pandoc step of the same run
    printed them: `docbuild issue`)."""
    from docbuild.csl_styles import resolve_csl
    from docbuild.jobs.parse import manuscript_files, read_parsed

    style = resolve_style(settings)
    csl = resolve_csl(settings, style)
    files = manuscript_files(settings)
    # The `_parse` step's AST (build/manuscript.json), as lint and the HTML and PDF use it.
    parsed = read_parsed(settings)
    ast = parsed.ast
    groups = parsed.citation_groups()  # as the pandoc step reads them
    meta = ast.get("meta", {})
    assert isinstance(meta, dict)
    if edit_meta is not None:
        edit_meta(meta)
    from docbuild.render.abstract import take_abstract_section

    # An opening `# Abstract` section (the pandoc step says so), as the pandoc step takes it.
    take_abstract_section(ast, summary="abstract" in style.required_front_matter)
    from docbuild.jobs.author_meta import author_csl, drop_read_bibliography

    texts = parsed.file_texts()
    # As the pandoc step: the author's `csl:` prints the DOCX/JATS citations too, and no R001.
    csl = author_csl(meta, settings, files, texts) or csl
    drop_read_bibliography(meta, settings, files)  # the file docbuild reads: no R001
    front, warnings = read_front_matter(
        meta,
        files=[*files, *settings.metadata_files()],  # an error in metadata.yaml names it
        texts=texts,
        required=style.required_front_matter,
        masthead=style.masthead_front_matter,
        bibliography=", ".join(settings.bibliography),  # R001: "from a.bib, b.bib and the CSL"
    )
    for warning in warnings if echo else ():
        # The pandoc step keeps these in its report; a production task alone still shows them.
        print(warning.format(settings.root), file=sys.stderr)
    for key in pandoc.DROPPED_META:
        meta.pop(key, None)
    if "title" not in meta and front.title:
        # Another tool's spelling (ReScience's `Title:`): the writers print `title`.
        meta["title"] = {"t": "MetaString", "c": front.title}
    from docbuild.jobs.references import printed_references, rename_citations

    # What the HTML and PDF print: refs.json and the items Manubot's citations resolve to.
    references = printed_references(settings, parsed.texts, groups)
    rename_citations(ast, references.renamed)  # one work cited under two keys: printed once
    return Parsed(
        ast=ast,
        front=front,
        style=style,
        csl=csl,
        refs=references.items(),
        refs_path=references.path,
        files=files,
        groups=groups,
    )


def run_pandoc_on(
    parsed: Parsed, settings: Settings, args: list[str], *, what: str
) -> pandoc.PandocResult:
    """pandoc with `args` on the parsed paper's AST, under the render steps' time limit (the
    production tasks each write one edition from it)."""
    from docbuild.jobs.pandoc import render_time_limit

    return pandoc.run(
        args,
        cwd=settings.root,
        stdin=json.dumps(parsed.ast).encode("utf-8"),
        timeout=render_time_limit(len(parsed.groups)),
        what=what,
    )


def image_paths(ast: object) -> list[str]:
    """The `src` of every image in the AST, in order, once."""
    found: list[str] = []
    stack = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == "Image":
                content = node.get("c")
                if isinstance(content, list) and len(content) == 3:
                    target = content[2]
                    if isinstance(target, list) and target and str(target[0]) not in found:
                        found.append(str(target[0]))
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))
    return found


def copy_images(parsed: Parsed, settings: Settings) -> list[Path]:
    """Copy the images into build/ under their own paths, checked as the HTML edition checks
    them (inside the paper folder, present, not too large)."""
    from docbuild.jobs.build import in_manuscript
    from docbuild.render.html import copy_resources

    page = "".join(f'<img src="{html.escape(src)}">' for src in image_paths(parsed.ast))
    try:
        return copy_resources(page, root=settings.root, build=settings.build_path)
    except InputError as exc:
        raise in_manuscript(exc, parsed.files) from None


def raw_block_meta(xml: str) -> dict[str, object]:
    """A metadata value the writer prints verbatim (XML docbuild wrote)."""
    return {"t": "MetaBlocks", "c": [{"t": "RawBlock", "c": ["jats", xml]}]}


def csl_is_numeric(csl: Path) -> bool:
    """Whether the CSL numbers its references (`citation-format="numeric"`)."""
    try:
        head = csl.read_text(encoding="utf-8")[:4000]
    except (OSError, UnicodeDecodeError):
        return False
    return 'citation-format="numeric"' in head
