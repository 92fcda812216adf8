"""The lint engine: run the registered rules over a bibliography and manuscript, then apply the
policy (`policy.py`: disabled rules, severities, waivers) and the baseline (`baseline.py`).
Pure: no files, no printing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from docbuild.bib.inherit import LINKS, parent_keys, with_inherited
from docbuild.bib.model import BibEntry, Bibliography
from docbuild.cite.keys import Citation, CitationKind
from docbuild.cite.manuscript import Manuscript
from docbuild.crossref.verified import Verification
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.lint.baseline import BaselineKey, without_baseline
from docbuild.lint.citations import AuthorIndex, Outcome, Resolution, resolve
from docbuild.lint.policy import DEFAULT_POLICY, LintPolicy, waives
from docbuild.lint.registry import ALL_RULES
from docbuild.lint.rule import Finding, LintContext, RuleInfo, Scope, StylePrinter


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: tuple[Diagnostic, ...]  # sorted by file, line, column, rule
    waived: int = 0  # findings silenced by a waiver in refs.bib or the manuscript
    baselined: int = 0  # findings already in the baseline
    unfiltered: tuple[Diagnostic, ...] = ()  # before the baseline: what a new baseline holds


# (keys resolved outside refs.bib, unresolved Manubot key -> identifier)
Elsewhere = tuple[frozenset[str], Mapping[str, str]]


def build_context(
    bibliography: Bibliography,
    manuscript: Manuscript | None = None,
    *,
    printer: StylePrinter | None = None,
    verified: Mapping[str, Verification] | None = None,
    elsewhere: Elsewhere = (frozenset(), {}),
    build_date: date | None = None,
) -> LintContext:
    """Index the inputs once: citations by paragraph, their resolutions, what is cited.
    Rules see every entry with what crossref and xdata give it, as biber and pandoc do.

    `elsewhere`: the citations resolved outside refs.bib, and the Manubot identifiers of
    those nothing resolves (the shell reads manual-references.json and the lock).
    """
    bibliography = with_inherited(bibliography)
    entries = bibliography.by_key()
    citations = manuscript.citations if manuscript is not None else ()
    grouped: dict[int, list[Citation]] = {}
    for c in citations:
        grouped.setdefault(c.paragraph, []).append(c)
    by_paragraph = {index: tuple(found) for index, found in grouped.items()}
    # Only a typed citation without a key is resolved by surname: the index of 10,000 entries'
    # names costs as much as a quarter of the rules, so it is built only when one needs it.
    typed = any(c.kind is not CitationKind.PANDOC and c.key is None for c in citations)
    index = AuthorIndex.build(bibliography.entries if typed else ())
    resolutions: dict[Citation, Resolution] = {}
    cited: set[str] = set(manuscript.nocite) if manuscript is not None else set()
    for c in citations:
        r = resolve(c, entries, index)
        resolutions[c] = r
        if r.outcome is Outcome.CITED:
            cited.update(r.keys)
        elif r.outcome is Outcome.YEAR_MISMATCH and c.key is not None:
            cited.add(c.key)
    _add_parents(cited, entries)
    return LintContext(
        bibliography=bibliography,
        manuscript=manuscript,
        printer=printer,
        verified=MappingProxyType(dict(verified or {})),
        entries_by_key=MappingProxyType(entries),
        citations=tuple(citations),
        citations_by_paragraph=MappingProxyType(by_paragraph),
        resolutions=MappingProxyType(resolutions),
        cited_keys=frozenset(cited),
        keys_by_lower=MappingProxyType({k.lower(): k for k in reversed(entries)}),
        resolved_elsewhere=frozenset(elsewhere[0]),
        unresolved_ids=MappingProxyType(dict(elsewhere[1])),
        build_date=build_date,
    )


def lint(
    ctx: LintContext,
    policy: LintPolicy = DEFAULT_POLICY,
    baseline: Iterable[BaselineKey] = (),
) -> LintResult:
    """Every finding of every enabled rule, as diagnostics, with waivers and baseline applied."""
    run = _Run(ctx, policy)
    run.entries()
    run.bibliography()
    run.problems()
    run.paragraphs()
    out = tuple(sorted(run.out, key=_order_by()))
    kept, baselined = without_baseline(out, baseline)
    return LintResult(kept, run.waived, baselined, out)


def lint_problems(
    bibliography: Bibliography, policy: LintPolicy = DEFAULT_POLICY
) -> tuple[Diagnostic, ...]:
    """The reader's problems as findings, through the policy and waivers (no other rule runs):
    what `doit normalize-refs` prints."""
    run = _Run(LintContext(bibliography, entries_by_key=bibliography.by_key()), policy)
    run.problems()
    return tuple(sorted(run.out, key=_order_by()))


class _Run:
    """One run of the enabled rules over one context: the diagnostics and the waived count."""

    def __init__(self, ctx: LintContext, policy: LintPolicy) -> None:
        self.ctx = ctx
        self.policy = policy
        self.rules = [r for r in ALL_RULES if r.id not in policy.disabled]
        self.all_entries = ctx.bibliography.entries  # a property that builds a tuple: once
        self.out: list[Diagnostic] = []
        self.waived = 0
        self.cited = _cited_keys(ctx)

    def emit(
        self,
        info: RuleInfo,
        f: Finding,
        path: Path,
        line: int,
        column: int | None,
        key: str | None,
    ) -> None:
        severity = self.policy.severity.get(info.id) or f.severity or info.severity
        if f.guess and severity is Severity.ERROR:
            severity = Severity.WARNING  # a style may insist, but a guess is not known
        key = f.key if f.key is not None else key
        cited = None
        if self.cited is not None and key is not None:
            cited = "*" in self.cited or key in self.cited  # `nocite: '@*'` cites the whole file
        self.out.append(
            Diagnostic(
                location=Location(f.path or path, f.line or line, f.column or column),
                rule=info.id,
                name=info.name,
                severity=severity,
                message=f.message,
                key=key,
                fix=f.fix,
                cited=cited,
            )
        )

    def entries(self) -> None:
        ctx = self.ctx
        bib_path = ctx.bibliography.path
        entry_rules = [r for r in self.rules if r.scope is Scope.ENTRY]
        for entry in self.all_entries:
            ignored = entry.ignored_rules
            # A finding on a field the entry inherits is its parent's: the parent has it too.
            theirs = {f.line for f in entry.fields if f.inherited_from is not None}
            for info in entry_rules:
                if ignored and waives(ignored, info):
                    self.waived += sum(1 for _ in info.check(entry, ctx))
                    continue
                for f in info.check(entry, ctx):
                    if theirs and f.line in theirs:
                        continue
                    # Of several files, the entry's own (bib/join.py).
                    path = entry.path or bib_path
                    self.emit(info, f, path, entry.line, entry.column, entry.key)

    def bibliography(self) -> None:
        ctx = self.ctx
        for info in self.rules:
            if info.scope is not Scope.BIBLIOGRAPHY:
                continue
            for f in info.check(ctx):
                entry = self.entry_at(f.key, f.line)
                if self.waives(entry, info):
                    continue
                path = ctx.bibliography.path_of(entry)
                self.emit(info, f, path, entry.line if entry else 0, None, f.key)

    def problems(self) -> None:
        ctx = self.ctx
        owner = {k: r for r in self.rules if r.scope is Scope.PROBLEM for k in r.problems}
        for problem in ctx.bibliography.problems:
            info = owner.get(problem.kind)
            if info is None:  # its rule is disabled
                continue
            for f in info.check(problem, ctx):
                key = f.key if f.key is not None else problem.key
                if self.waives(self.entry_at(key, f.line or problem.line), info):
                    continue
                path = ctx.bibliography.path_of(problem)
                self.emit(info, f, path, problem.line, problem.column, problem.key)

    def paragraphs(self) -> None:
        ctx = self.ctx
        if ctx.manuscript is None:
            return
        paragraph_rules = [r for r in self.rules if r.scope is Scope.PARAGRAPH]
        for p in ctx.manuscript.paragraphs:
            for info in paragraph_rules:
                found = info.check(p, ctx)
                if p.ignored_rules and waives(p.ignored_rules, info):
                    self.waived += sum(1 for _ in found)
                    continue
                for f in found:
                    self.emit(info, f, p.path, p.line, None, None)

    def entry_at(self, key: str | None, line: int | None) -> BibEntry | None:
        return _entry_at(self.all_entries, self.ctx.entries_by_key, key, line)

    def waives(self, entry: BibEntry | None, info: RuleInfo) -> bool:
        """Whether the entry's `% docbuild: ignore` waives the rule (and counts it if so)."""
        if entry is not None and entry.ignored_rules and waives(entry.ignored_rules, info):
            self.waived += 1
            return True
        return False


def lint_all(
    bibliography: Bibliography,
    manuscript: Manuscript | None = None,
    *,
    policy: LintPolicy = DEFAULT_POLICY,
    printer: StylePrinter | None = None,
    verified: Mapping[str, Verification] | None = None,
    baseline: Iterable[BaselineKey] = (),
    elsewhere: Elsewhere = (frozenset(), {}),
    build_date: date | None = None,
) -> LintResult:
    """`build_context` then `lint`: the one call most callers need."""
    ctx = build_context(
        bibliography,
        manuscript,
        printer=printer,
        verified=verified,
        elsewhere=elsewhere,
        build_date=build_date,
    )
    return lint(ctx, policy, baseline)


def _entry_at(
    entries: Sequence[BibEntry], by_key: Mapping[str, BibEntry], key: str | None, line: int | None
) -> BibEntry | None:
    if key is None:
        return None
    first = by_key.get(key)
    if first is None or line is None or first.line == line:
        return first
    for e in entries:  # a duplicate key: the entry on the finding's line
        if e.key == key and e.line <= line <= max(e.end_line, e.line):
            return e
    return first


def _add_parents(cited: set[str], entries: Mapping[str, BibEntry]) -> None:
    """A cited entry's crossref and xdata parents are cited too: what they hold is printed."""
    todo = [k for k in cited if k in entries]
    while todo:
        entry = entries[todo.pop()]
        for link in LINKS:
            for key in parent_keys(entry.value(link)):
                if key not in cited:
                    cited.add(key)
                    if key in entries:
                        todo.append(key)


def _cited_keys(ctx: LintContext) -> frozenset[str] | None:
    """The keys whose findings count as cited, or None without a manuscript (then no finding
    says whether its entry is cited). Each finding is marked as it is made, not copied after:
    `dataclasses.replace` on 12,000 findings cost a tenth of a second."""
    if ctx.manuscript is None:
        return None
    # A key the text cites counts even where its entry could not be read (a parse error); a
    # master bibliography's uncited entries must not stop the paper's build.
    return ctx.cited_keys | {c.key for c in ctx.citations if c.key is not None}


def _order_by() -> Callable[[Diagnostic], tuple[str, int, int, str, str]]:
    """The sort key of findings: file, line, column, rule, message. Findings share a few
    paths, so each path is made a string once, not once a finding."""
    names: dict[Path, str] = {}

    def order(d: Diagnostic) -> tuple[str, int, int, str, str]:
        loc = d.location
        name = names.get(loc.path)
        if name is None:
            name = names[loc.path] = str(loc.path)
        return (name, loc.line, loc.column or 0, d.rule, d.message)

    return order


__all__ = ["LintResult", "build_context", "lint", "lint_all", "lint_problems"]
