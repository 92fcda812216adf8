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
# `{{< meta key >}}`: the front matter's value, which docbuild prints (crossref_chunks.lua).
META_SHORTCODE = re.compile(r"\{\{<\s*meta\s+(?P<key>[\w.-]+)\s*>\}\}")
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


def has_inline_code(text: str) -> bool:
    """Whether `text` has an inline expression knitr or Quarto would run (`r x`)."""
    return "`" in text and INLINE_CODE.search(text) is not None


def prepare_chunks(text: str) -> str:
    """`text` with each chunk's opening fence made one pandoc reads, and each inline
    expression inside math made TeX (`_inline_code_in_math`); same lines otherwise."""
    lines = text.split("\n")
    fence: str | None = None
    prose: list[int] = []  # the lines outside fenced blocks, where math may be
    for i, line in enumerate(lines):
        opens = CHUNK_FENCE.match(line.rstrip("\r")) or re.match(r"\s*(`{3,}|~{3,})", line)
        if fence is None and not opens:
            prose.append(i)
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
    for start, stop in _runs(prose):
        run = "\n".join(lines[start:stop])
        if has_inline_code(run):
            lines[start:stop] = _inline_code_in_math(run).split("\n")
    return "\n".join(lines)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive line numbers as [start, stop) ranges."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _closes(text: str, start: int) -> bool:
    """Whether inline math opened before `start` closes in its paragraph, as pandoc closes
    it: a `$` after a non-space, not before a digit, not escaped (`$5 and $10` is no math)."""
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    i = start
    while i < end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if _closing(text, i):
            return True
        i += 1
    return False


def _closing(text: str, i: int) -> bool:
    """Whether the `$` at `i` can close inline math: after a non-space, not before a digit."""
    after = text[i + 1 : i + 2]
    return text[i] == "$" and not text[i - 1].isspace() and not after.isdigit()


# What \text{...} needs escaped of the code it prints: TeX's specials (`$` would end the math).
_TEXT_SPECIALS = re.compile(r"([\\{}$_#%&])")


def _inline_code_in_math(text: str) -> str:
    """Each inline expression inside `$...$` or `$$...$$` as `\\text{r expr}`: knitr would put
    its value there, and unrun it is code that texmath cannot read (`$`r covering/nbsim`$`),
    or that ends the math at its own `$` (`` `r res$isco[1,1]` ``). Elsewhere it stays code.
    Math is found as pandoc finds it: `$` opens before a non-space and closes after one, not
    before a digit; a blank line ends it; a code span outside math holds no math."""
    out: list[str] = []
    math: str | None = None  # "$" or "$$" while inside math
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        if text.startswith("\n\n", i):
            math = None
        if math is None:
            if c == "`":
                ticks = re.match(r"`+", text[i:])[0]  # type: ignore[index]
                close = text.find(ticks, i + len(ticks))
                end = close + len(ticks) if close >= 0 else i + len(ticks)
                out.append(text[i:end])
                i = end
                continue
            if text.startswith("$$", i):
                math, i = "$$", i + 2
                out.append("$$")
                continue
            if c == "$" and i + 1 < n and not text[i + 1].isspace() and _closes(text, i + 1):
                math = "$"
            out.append(c)
            i += 1
            continue
        code = INLINE_CODE.match(text, i) if c == "`" else None
        if code:
            expr = code[0][1:-1]
            out.append("\\text{" + _TEXT_SPECIALS.sub(r"\\\1", expr) + "}")
            i = code.end()
            continue
        if math == "$$" and text.startswith("$$", i):
            math, i = None, i + 2
            out.append("$$")
            continue
        if math == "$" and _closing(text, i):
            math = None
        out.append(c)
        i += 1
    return "".join(out)


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
            dict.fromkeys(
                m["name"] for m in SHORTCODE.finditer(without_includes(text)) if m["name"] != "meta"
            )
        ),
    )
