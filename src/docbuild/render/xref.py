"""Cross-references (`@fig:x`, `@fig-x`, `\\autoref{fig:x}`) that point nowhere, as our Lua
filter reports them, located in the manuscript."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.cite.pandoc_ast import THEOREM_KINDS
from docbuild.diagnostics import Diagnostic, Location
from docbuild.render.findings import UNKNOWN_CROSS_REFERENCE, finding
from docbuild.render.places import find_text

# What each kind of id names, in the message; LaTeX's `tab:` is a table as `tbl:` is.
_NOUNS = {"fig": "figure", "tbl": "table", "tab": "table", "sec": "section", "eq": "equation",
          "eqn": "equation", "lst": "listing", "chap": "section", "app": "section",
          "thm": "theorem", "lem": "lemma", "cor": "corollary", "prp": "proposition",
          "cnj": "conjecture", "def": "definition", "exm": "example",
          "exr": "exercise"}  # fmt: skip


def unknown_crossrefs(
    reports: Sequence[Mapping[str, object]], files: Sequence[Path]
) -> list[Diagnostic]:
    """One finding per unknown cross-reference, located at its first use as written (the
    filter reports every use: a paper citing one missing figure five times gets one finding)."""
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for report in reports:
        if report.get("docbuild") != "unknown-cross-reference":
            continue
        ident = str(report.get("id"))
        form = str(report.get("form") or "@" + ident)
        if form in seen:
            continue
        seen.add(form)
        where = find_text(files, form) or Location(files[0] if files else Path("."), 0)
        kind = ident.replace("-", ":", 1).split(":", 1)[0].lower()
        noun = _NOUNS.get(kind, "figure, table or section")
        if form.startswith("\\@ref("):  # bookdown's: a heading's id, or a chunk's label
            label = ident.split(":", 1)[1] if ":" in ident else ident
            if kind in THEOREM_KINDS:  # bookdown's `::: {.theorem #tri}`, `\@ref(thm:tri)`
                fix = f"add #{label} to the {noun}'s div (::: {{.{noun} #{label}}}), or fix the id"
            elif ":" in ident:
                fix = f"name the chunk '{label}' (```{{r {label}, ...}}```), or fix the id"
            else:
                fix = f"add {{#{ident}}} to the heading, or fix the id"
        elif form.startswith("\\"):
            fix = f"put \\label{{{ident}}} in the {noun}'s caption, or fix the id"
        elif (chunk := _hashed_chunk(files, ident)) is not None:
            fix = (
                f"the chunk at {chunk} is labelled '#{ident}', its '#' part of the label:"
                f" write ```{{r {ident}}}``` or '#| label: {ident}'"
            )
        else:
            fix = f"add {{#{ident}}} to the {noun}, or fix the id"
        out.append(
            finding(
                UNKNOWN_CROSS_REFERENCE,
                where,
                f"cross-reference '{form}' points to no {noun} of that id",
                fix=fix,
            )
        )
    return out


def _hashed_chunk(files: Sequence[Path], ident: str) -> str | None:
    """`file:line` of a code chunk whose header names `ident` pandoc's way, `{r #tbl-x}`:
    knitr takes `#tbl-x` for the label, '#' and all, so nothing is `tbl-x`."""
    header = re.compile(rf"^[ \t]*`{{3,}}\s*\{{\s*[\w.]+[\s,]+#{re.escape(ident)}(?![\w-])", re.M)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if (m := header.search(text)) is not None:
            return f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}"
    return None


def left_out_tex(
    reports: Sequence[Mapping[str, object]], files: Sequence[Path]
) -> list[Diagnostic]:
    """One finding per piece of raw LaTeX the filter left out (R010), at its first place."""
    from docbuild.render.findings import RAW_TEX_LEFT_OUT

    texts = dict.fromkeys(
        str(r.get("text")) for r in reports if r.get("docbuild") == "raw-tex-left-out"
    )
    return [
        finding(
            RAW_TEX_LEFT_OUT,
            find_text(files, text) or Location(files[0] if files else Path("."), 0),
            f"raw LaTeX '{text}' is left out of both editions",
            fix="write it in Markdown (pseudocode as a code block or a list), or as a figure",
        )
        for text in texts
    ]


def code_not_run(texts: Sequence[tuple[Path, str]], root: Path) -> list[Diagnostic]:
    """One finding per manuscript file with code chunks or shortcodes, naming the command
    that runs them."""
    from docbuild.cite.chunks import RENDERERS, summarize_chunks
    from docbuild.diagnostics import relative_to
    from docbuild.render.findings import CODE_NOT_RUN

    out: list[Diagnostic] = []
    for path, text in texts:
        s = summarize_chunks(text)
        if not s.chunks and not s.inline and not s.shortcodes:
            continue
        rel = relative_to(path, root).as_posix()
        if path.suffix.lower() == ".rmd":
            command = f"Rscript -e \"rmarkdown::render('{rel}')\""
        else:
            command = f"quarto render {rel}"
        tools = [RENDERERS.get(e, e) for e in s.engines] + ["Quarto"] * bool(s.shortcodes)
        parts = [_count(s.chunks, "code chunk"), _count(s.inline, "inline expression")]
        if s.shortcodes:
            parts.append(f"shortcodes ({', '.join(s.shortcodes)})")
        made = [*s.figures, *s.tables]
        left = f"; the figures and tables they make ({', '.join(made)}) are placeholders"
        line = s.first_line or next(
            (n for n, ln in enumerate(text.splitlines(), 1) if "{{<" in ln), 1
        )
        out.append(
            finding(
                CODE_NOT_RUN,
                Location(path, line),
                f"{', '.join(p for p in parts if p)} not run "
                f"({', '.join(dict.fromkeys(tools))}): docbuild does not execute code, so "
                f"their output is left out{left if made else ''}",
                fix=f"run them with `{command}`; the prose, citations and references build here",
            )
        )
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}" if n else ""


def missing_includes(texts: Mapping[Path, str], root: Path, project: Path) -> list[Diagnostic]:
    """One finding per Quarto include left in the text (R013): the parse splices in every
    include it may read and stops on one it may not, so what is left names no file; `project`
    is the folder an include written `/x` is read from."""
    from docbuild.cite.includes import find_includes, include_path
    from docbuild.diagnostics import relative_to
    from docbuild.render.findings import MISSING_INCLUDE

    out: list[Diagnostic] = []
    for path, text in texts.items():
        for inc in find_includes(text):
            named = include_path(path, inc.target, project) or path.parent / inc.target
            target = relative_to(named, root).as_posix()
            out.append(
                finding(
                    MISSING_INCLUDE,
                    Location(path, inc.line),
                    f"'{{{{< include {inc.target} >}}}}': the file '{target}' does not exist,"
                    " so its text is left out",
                    fix="add the file (a Quarto extension's: install the extension), or"
                    " remove the shortcode",
                )
            )
    return out
