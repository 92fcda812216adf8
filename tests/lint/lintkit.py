"""Helpers for lint tests: lint a `.bib` snippet (and a manuscript) through the real reader."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from docbuild.bib.braces import group_end
from docbuild.bib.join import join_bibliographies
from docbuild.bib.read import parse_bib
from docbuild.cite.engine import CslPrinter
from docbuild.crossref.verified import Verification
from docbuild.diagnostics import Diagnostic
from docbuild.jobs.parse import parse_text
from docbuild.lint.engine import DEFAULT_POLICY, LintPolicy, LintResult, lint_all

BIB = Path("/paper/refs.bib")
BUILD_DATE = date(2026, 12, 2)  # "today" for the rules that judge dates (future-date)
MD = Path("/paper/manuscript/text.md")
CORPUS = Path(__file__).parents[1] / "realworld" / "bib"


def lint_text(
    bib: str | bytes | dict[str, str],
    md: str | None = None,
    *,
    policy: LintPolicy = DEFAULT_POLICY,
    verified: dict[str, Verification] | None = None,
    baseline: list[tuple[str, str | None, str]] | None = None,
    csl_path: Path | None = None,
    build_date: date | None = BUILD_DATE,
) -> LintResult:
    # Several files (name -> text) are read as `bibliography: [a.bib, b.bib]` is.
    bibliography = (
        join_bibliographies([parse_bib(text, BIB.with_name(name)) for name, text in bib.items()])
        if isinstance(bib, dict)
        else parse_bib(bib, BIB)
    )
    # pandoc parses the text, as in a build: it says what is a citation, a heading id, code.
    manuscript = parse_text(md, MD).manuscript() if md is not None else None
    return lint_all(
        bibliography,
        manuscript,
        policy=policy,
        verified=verified,
        baseline=baseline or (),
        printer=CslPrinter(csl_path),  # as the shell gives it: APA without a csl_path
        build_date=build_date,
    )


def of_rule(result: LintResult, rule: str) -> list[Diagnostic]:
    return [d for d in result.findings if d.rule == rule or d.name == rule]


def findings(
    rule: str, bib: str | dict[str, str], md: str | None = None, **kw: object
) -> list[Diagnostic]:
    """The findings of one rule (by id or name)."""
    return of_rule(lint_text(bib, md, **kw), rule)  # type: ignore[arg-type]


def messages(
    rule: str, bib: str | dict[str, str], md: str | None = None, **kw: object
) -> list[str]:
    """`[key] message` of each finding of one rule, for exact comparisons."""
    return [f"[{d.key}] {d.message}" for d in findings(rule, bib, md, **kw)]


def corpus_entry(folder: str, key: str) -> str:
    """One entry of a labelled real bibliography (tests/realworld/bib/<folder>/refs.bib), byte
    for byte as its authors wrote it: from its `@` to the brace that closes it."""
    text = (CORPUS / folder / "refs.bib").read_text(encoding="utf-8")
    m = re.search(r"^[ \t]*@\w+\s*\{\s*" + re.escape(key) + r"\s*,", text, re.MULTILINE)
    if m is None:
        raise KeyError(f"no entry '{key}' in {folder}")
    start = m.start() + len(m.group()) - len(m.group().lstrip())
    end = group_end(text, text.index("{", start))
    if end is None:
        raise ValueError(f"entry '{key}' of {folder} never closes")
    return text[start:end] + "\n"
