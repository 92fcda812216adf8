"""Executable code chunks of a .qmd or .Rmd (```` ```{r} ````, ```` ```{python} ````), which
docbuild reads but does not run. Pure.

pandoc's Markdown reader does not know the `{r}` fence: it reads the whole chunk as inline
code in a paragraph (the `#| label: fig-x` lines become prose). `prepare_chunks` rewrites each
chunk's opening fence, and nothing else, as a fenced code block pandoc reads
(`{.docbuild-chunk engine="r" header="..."}`, the header hex-coded so no quote in it can end
the attribute); every line keeps its number, so every finding keeps its place. The filter
(render/crossref_chunks.lua) makes a chunk labelled `fig-x` or `tbl-x` a numbered figure or
table that says code makes it, and leaves the other chunks out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from docbuild.cite.includes import without_includes

# An opening fence whose braces start with an engine name, as Quarto and knitr write it; a
# pandoc attribute block starts with `.`, `#`, `=` or a key=value, never a bare word.
# knitr's options are R: a quoted value may hold braces and commas, `fig.cap="... \\label{x}"`.
CHUNK_FENCE = re.compile(
    r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{(?P<engine>[A-Za-z][\w-]*)"
    r"""(?P<header>(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^}"'])*)\}[ \t]*$"""
)
# Inline code that knitr evaluates: `r expr` (R Markdown) or `{r} expr` (Quarto).
INLINE_CODE = re.compile(r"(?<!`)`(?:r|\{r\}|\{python\}|\{julia\}) [^`\n]+`(?!`)")
# The tool that runs each engine's chunks, for the message.
RENDERERS = {"r": "knitr", "python": "Jupyter", "julia": "Jupyter", "ojs": "Quarto"}
SHORTCODE = re.compile(r"\{\{<\s*(?P<name>[\w-]+)[^>]*>\}\}")
# `#| label: x`, or `# | label: x` as black and ruff format it (Quarto reads both).
LABEL = re.compile(r"^\s*# ?\|\s*label:\s*['\"]?(?P<label>[\w-]+)", re.M)


@dataclass(frozen=True, slots=True)
class ChunkSummary:
    chunks: int  # code chunks in the file
    inline: int  # inline expressions (`r x`)
    engines: tuple[str, ...]  # each engine once, in order of appearance ("r", "python")
    figures: tuple[str, ...]  # labels of chunks that make a figure (fig-...)
    tables: tuple[str, ...]  # and a table (tbl-...)
    first_line: int  # the first chunk's line (1-based), 0 when there is none
    shortcodes: tuple[str, ...] = ()  # Quarto shortcodes used (`embed`, `include`), each once


def has_chunks(text: str) -> bool:
    """Whether `text` has a chunk fence (cheap: most manuscripts have none)."""
    return "{" in text and any(CHUNK_FENCE.match(line) for line in text.splitlines())


def prepare_chunks(text: str) -> str:
    """`text` with each chunk's opening fence made one pandoc reads; same lines otherwise."""
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        m = CHUNK_FENCE.match(line.rstrip("\r"))
        if m is None:
            opening = re.match(r"\s*(`{3,}|~{3,})", line)
            if opening:
                fence = opening[1]
            continue
        header = m["header"].strip().lstrip(",").strip().encode("utf-8").hex()
        engine = m["engine"].lower()
        lines[i] = (
            f'{m["indent"]}{m["fence"]}{{.docbuild-chunk engine="{engine}" header="{header}"}}'
        )
        fence = m["fence"]
    return "\n".join(lines)


# By text: the render and the lint look at every manuscript file on each save of `docbuild
# preview`, where one of a book's thirty chapters changed.
@functools.lru_cache(maxsize=256)
def summarize_chunks(text: str) -> ChunkSummary:
    """What the file's chunks are: how many, which engines, which make figures and tables."""
    engines: list[str] = []
    labels: list[str] = []
    first = count = 0
    fence: str | None = None
    chunk = False  # inside a chunk, not an ordinary code block
    body: list[str] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                found = LABEL.search("\n".join(body)) if chunk else None
                if found:
                    labels.append(found["label"])
                fence = None
            else:
                body.append(line)
            continue
        m = CHUNK_FENCE.match(line.rstrip("\r"))
        if m is None:
            opening = re.match(r"\s*(`{3,}|~{3,})", line)
            if opening:
                fence, chunk, body = opening[1], False, []
            continue
        count += 1
        first = first or n
        engine = m["engine"].lower()
        if engine not in engines:
            engines.append(engine)
        fence, chunk = m["fence"], True
        # knitr's header: `{r fig-x, fig.cap="..."}`, the label first
        header_label = m["header"].strip().lstrip(",").split(",")[0].strip()
        body = [f"#| label: {header_label}"] if header_label and "=" not in header_label else []
    return ChunkSummary(
        chunks=count,
        inline=len(INLINE_CODE.findall(text)),
        engines=tuple(engines),
        figures=tuple(label for label in labels if label.startswith("fig-")),
        tables=tuple(label for label in labels if label.startswith("tbl-")),
        first_line=first,
        # An include on a line of its own is read by docbuild (cite/includes.py), not Quarto's.
        shortcodes=tuple(
            dict.fromkeys(m["name"] for m in SHORTCODE.finditer(without_includes(text)))
        ),
    )
