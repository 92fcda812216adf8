"""citeproc once per set of citations: the HTML of `pandoc.render_html`, byte for byte, with
citeproc's work kept in build/.cache/ and reused while the citations, the bibliography and the
style stay the same.

pandoc's citeproc costs minutes on a book (2,000 references in APA: 150 s of CPU; see
docs/performance.md), while an edit to the prose changes no citation. citeproc's output
depends only on the citations, in order, the metadata, the references and the style, so the
render is split in three pandoc runs:

1. the cross-reference filter (it turns `@fig:x` citations into links, and copies footnotes),
   JSON to JSON, on the blocks it has work in (render/crossref_filter.py);
2. citeproc on a document made of the metadata and one paragraph per remaining citation, in
   the order pandoc walks them (metadata first, then the body); its output, the rendered
   citations and the bibliography, is cached under a hash of that document and every input;
3. the spliced document (each citation replaced by its rendered self, the bibliography
   appended where pandoc appends it) to HTML with the style's template.

Note styles (citations in footnotes depend on where they stand) take the single-run path,
`pandoc.render_html`; so do two `#refs` divs or one that holds citations.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from docbuild import progress
from docbuild.errors import PandocError
from docbuild.fsutil import write_bytes_atomic, write_text_atomic
from docbuild.render import citeproc_style, pandoc
from docbuild.render.cite_splice import (
    citation_document,
    citations,
    refs_divs,
    splice,
    trailing_heading,
)

CACHE_DIR = ".cache/citeproc"  # under build/
VERSION = "2"  # bump when the split, the cached record or the citeproc run changes
# The single run sets these with -M (pandoc.render_html); both halves of the split need them.
CITATION_LINKS = ("-M", "link-citations=true", "-M", "link-bibliography=true")

Node = dict[str, object]


def parse_markdown(
    files: list[Path], *, root: Path, timeout: float
) -> tuple[Node, pandoc.PandocResult]:
    """`pandoc.parse_markdown` with the cross-reference filter in the same run (one pandoc
    process less): the AST, and the filter's reports for `render_html(parsed=...)`.

    The filter reads only the blocks, so running it before the front matter is read and the
    metadata edited gives what running it at the render did. pandoc's reader warnings are
    dropped, as `pandoc.parse_markdown` drops them."""
    from docbuild.diagnostics import relative_to

    rel = [str(relative_to(f, root)) for f in files]
    result = pandoc.run(
        ["-f", "markdown", "-t", "json", "--lua-filter", pandoc.option_path(pandoc.CROSSREF_FILTER),
         "--", *(pandoc.file_argument(f, root) for f in files)],
        cwd=root, timeout=timeout, what=", ".join(rel) or "the manuscript",
    )  # fmt: skip
    try:
        ast: Node = json.loads(result.output)
    except RecursionError:
        raise PandocError(
            f"the markup of {', '.join(rel)} nests too deep to be read",
            hint="flatten deeply nested lists, blockquotes or divs",
        ) from None
    return ast, pandoc.PandocResult(b"", (), result.reports)


def render_html(
    ast: Node,
    *,
    root: Path,
    template: Path,
    csl: Path,
    bibliography: Path | None,
    timeout: float,
    cache: Path,
    parsed: pandoc.PandocResult | None = None,
    parts: Sequence[int] | None = None,
    part_keys: Sequence[str] | None = None,
    images: Sequence[list[object]] | None = None,
) -> pandoc.PandocResult:
    """`pandoc.render_html(...)`'s result, with citeproc's part cached in folder `cache`.

    `parsed`: `ast` comes from `parse_markdown` above, filtered already; its reports come first.
    `parts`: the number of top-level blocks of each manuscript file, when they were parsed
    apart (jobs/parse.py): the filter and the HTML then run a chapter at a time, each kept
    while it stays the same (render/chapters.py); `part_keys` and `images` say what each
    chapter is (`chapters.render_html`).
    """
    if parsed is None and parts is not None and len(parts) > 1:
        from docbuild.render import chapters

        by_chapter = chapters.render_html(
            ast, parts, root=root, template=template, csl=csl, bibliography=bibliography,
            timeout=timeout, cache=cache, part_keys=part_keys, images=images,
        )  # fmt: skip
        if by_chapter is not None:
            return by_chapter
    style = csl.read_bytes()
    # A note style renders a citation by where it stands (in a footnote or not); two `#refs`
    # divs or one holding citations: the single run, which knows what pandoc does there.
    divs = refs_divs(ast.get("blocks"))
    note_style = pandoc.is_note_style(style)
    if (
        note_style
        or len(divs) > 1
        or any(next(citations(d), None) for d in [*divs, *trailing_heading(ast)])
    ):
        if parsed is None:
            return pandoc.render_html(
                ast, root=root, template=template, csl=csl, bibliography=bibliography,
                timeout=timeout,
            )  # fmt: skip
        # pandoc.render_html less the filter, which has run.
        single = pandoc.run(
            [*_html_args(template, csl, bibliography),
             *pandoc.citeproc_args(note_style=note_style)],
            cwd=root, stdin=json.dumps(ast).encode("utf-8"), timeout=timeout,
            what="the manuscript",
        )  # fmt: skip
        return pandoc.PandocResult(single.output, single.warnings, parsed.reports + single.reports)
    if parsed is None:
        from docbuild.render.crossref_filter import filter_document

        doc, filtered = filter_document(ast, root=root, timeout=timeout)
    else:
        filtered, doc = parsed, ast
    rendered, cited, _ = cached_citeproc(
        citation_document(doc), root=root, csl=csl, style=style, bibliography=bibliography,
        timeout=timeout, cache=cache,
    )  # fmt: skip
    progress.say("pandoc: writing the HTML")
    page = pandoc.run(
        [*_html_args(template, csl, bibliography)],
        cwd=root, stdin=json.dumps(splice(doc, rendered)).encode("utf-8"), timeout=timeout,
        what="the manuscript",
    )  # fmt: skip
    return pandoc.PandocResult(
        page.output,
        filtered.warnings + cited.warnings + page.warnings,
        filtered.reports + cited.reports + page.reports,
    )


def _citeproc_args(csl: Path, bibliography: Path | None) -> list[str]:
    args = ["--citeproc", "--csl", pandoc.option_path(csl), *CITATION_LINKS]
    if bibliography is not None:
        args += ["--bibliography", pandoc.option_path(bibliography)]
    return args


def _html_args(template: Path, csl: Path, bibliography: Path | None) -> list[str]:
    """The single run's options less the filter and citeproc (`--csl` and `--bibliography`
    only set metadata without `--citeproc`, as they did there)."""
    args = ["-f", "json", "-t", "html5", "--standalone", "--template",
            pandoc.option_path(template), "--csl", pandoc.option_path(csl), "--mathml",
            "--wrap=none", *CITATION_LINKS]  # fmt: skip
    if bibliography is not None:
        args += ["--bibliography", pandoc.option_path(bibliography)]
    return args


def citeproc_time_limit(timeout: float, document: Node) -> float:
    """The render's limit, grown with the square of the works cited beyond 1,000: citeproc's
    cost with APA does (150 s of CPU for 2,000, docs/performance.md), and the limit is there
    to stop a stall, not a long bibliography on a busy machine."""
    keys = {c.get("citationId") for cite in citations(document["blocks"])
            for c in cite["c"][0]}  # type: ignore[index, union-attr]  # fmt: skip
    return timeout * max(1.0, (len(keys) / 1000) ** 2)


def cached_citeproc(
    document: Node,
    *,
    root: Path,
    csl: Path,
    style: bytes,
    bibliography: Path | None,
    timeout: float,
    cache: Path,
) -> tuple[Node, pandoc.PandocResult, str]:
    """citeproc's output for `document` (pandoc's JSON), from `cache` when it has it, and the
    hash it is kept under (of everything it read)."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256()
    for part in (
        VERSION.encode(), pandoc.pandoc_path().encode(), style,
        bibliography.read_bytes() if bibliography is not None else b"",
        json.dumps(_citeproc_args(csl, bibliography)).encode(), text.encode("utf-8"),
    ):  # fmt: skip
        digest.update(hashlib.sha256(part).digest())
    key = digest.hexdigest()
    folder = cache / CACHE_DIR
    entry = folder / f"{key}.json"
    count = len(document["blocks"])  # type: ignore[arg-type]
    if key in _LAST and entry.is_file():
        progress.say(f"pandoc: citations as in the last build ({count:,})")
        output, result = _LAST[key]
        return output, result, key
    if entry.is_file():
        progress.say(f"pandoc: citations as in the last build ({count:,})")
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
            result = pandoc.PandocResult(b"", tuple(record["warnings"]), tuple(record["reports"]))
            _LAST.clear()
            _LAST[key] = (record["output"], result)
            return record["output"], result, key
        except (ValueError, KeyError, TypeError):
            entry.unlink(missing_ok=True)  # a damaged entry is recomputed, never trusted
    progress.say(f"pandoc: citeproc on {count:,} citations")

    def run(style_path: Path) -> tuple[Node, pandoc.PandocResult]:
        done = pandoc.run(
            ["-f", "json", "-t", "json", *_citeproc_args(style_path, bibliography)],
            cwd=root, stdin=text.encode("utf-8"), timeout=citeproc_time_limit(timeout, document),
            what="the manuscript",
        )  # fmt: skip
        return json.loads(done.output), done

    fast = _fast_style(document, style=style, bibliography=bibliography, folder=folder)
    output, result = run(fast or csl)
    if fast is not None and not _named_style(output, fast, csl):
        output, result = run(csl)  # metadata other than expected: the full style's run
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):  # one entry: the cache never grows with the edits
        old.unlink(missing_ok=True)
    record = {"output": output, "warnings": result.warnings, "reports": result.reports}
    write_text_atomic(entry, json.dumps(record, ensure_ascii=False))
    _LAST.clear()
    _LAST[key] = (output, result)
    return output, result, key


def _fast_style(
    document: Node, *, style: bytes, bibliography: Path | None, folder: Path
) -> Path | None:
    """A copy of the style without its global given-name rule, in `folder`, where that prints
    the same (render/citeproc_style.py: no family shared by two different names); None where
    it may not, or cannot be told. The cache key stays the original style's: the output is
    the same."""
    made = citeproc_style.to_fast_style(style)
    meta = document.get("meta")
    # References pandoc would take from the metadata are not read here: the full style.
    if made is None or bibliography is None or bibliography.suffix != ".json":
        return None
    fast, first_only = made
    if not isinstance(meta, dict) or "references" in meta or "bibliography" in meta:
        return None
    try:
        items = json.loads(bibliography.read_bytes())
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    cited = citeproc_style.cited_items(items, document)
    if citeproc_style.shared_family(cited, first_only=first_only) is not None:
        return None
    path = folder / f"style-{hashlib.sha256(fast).hexdigest()[:32]}.csl"
    if not path.is_file() or path.read_bytes() != fast:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("style-*.csl"):  # one copy, of the style in use
            old.unlink(missing_ok=True)
        write_bytes_atomic(path, fast)
    return path


def _named_style(output: Node, fast: Path, csl: Path) -> bool:
    """Whether the metadata of citeproc's `output` names the copy `fast` as the style, now
    made to name `csl`, as the full style's run does; False where it is not as expected (the
    full style then runs)."""
    meta = output.get("meta")
    shown = {"t": "MetaString", "c": pandoc.option_path(fast)}
    if not isinstance(meta, dict) or meta.get("csl") != shown:
        return False
    meta["csl"] = {"t": "MetaString", "c": pandoc.option_path(csl)}
    return True


# The last output, by key, for a process that renders again (`docbuild preview`): a book's is
# megabytes of JSON to read back. Never changed by its users (they build new documents).
_LAST: dict[str, tuple[Node, pandoc.PandocResult]] = {}


def clear_cache(cache: Path) -> None:
    """Remove the cached citeproc output under `cache` (what `doit clean` does)."""
    import shutil

    from docbuild.jobs.parse_apart import CACHE_DIR as PARSE_CACHE
    from docbuild.render.chapter_store import clear_cache

    clear_cache(cache)
    shutil.rmtree(cache / PARSE_CACHE, ignore_errors=True)
    shutil.rmtree(cache / CACHE_DIR, ignore_errors=True)
    for folder in ((cache / CACHE_DIR).parent,):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
