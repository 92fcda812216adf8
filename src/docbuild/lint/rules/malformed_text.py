"""B012 malformed-text: typing slips in titles and containers that will print as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.fold import fold_words
from docbuild.bib.journal_macros import journal_macro
from docbuild.bib.latex import LINE_BREAK_ACCENT, silent_commands
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

FIELDS = frozenset(
    {
        "title",
        "subtitle",
        "booktitle",
        "journal",
        "journaltitle",
        "publisher",
        "institution",
        "organization",
        "school",
        "series",
        "howpublished",
        "volume",
        "number",
    }
)
# Printed text that is not a title: only debris is looked for there.
NOTES = frozenset({"note", "addendum"})
# Zotero's "extra" lines exported into `note` (`ISSN: 2164-0580`, `Conference Name: ...`).
_ZOTERO_EXTRA = re.compile(
    r"(?:^|\n|/\s*)(?:ISSN|Conference Name|Publisher|Number|type|version|original-date|"
    r"ArticleType|Full publication date|Copyright)\s*:",
    re.IGNORECASE,
)
_CITE = re.compile(r"\\(?:cite[a-z]*|ref|label)\s*(?:\[[^\]]*\]\s*)*\{")
_EMPTY_ACCENT = re.compile(r"\\['`^\"~]\{\}")  # `MIMI\'{}88`: an accent on nothing
# Found by its apostrophe (a leading `\w{2,}` would rescan each long word at every letter).
_APOSTROPHE_JOIN = re.compile(r"(?<=[^\W\d_]{2})['’](?=[A-Z][^\W\d_])")
_WORD_AT = re.compile(r"[\w'’]+")
_HYPHEN_SPACE = re.compile(r"(?<=[^\W_])- (?!(?:and|or|to|und|et|bis)\b)(?=[^\W_])")
_SPACE_HYPHEN = re.compile(r"(?<=[^\W_]) -(?=[^\W\d_])")
# Three letters before and two after: `f(x)`, `Ca(OH)2` and `(Re)thinking` are written so.
_PAREN_JOIN = re.compile(r"(?<=[^\W\d_]{3})\((?=[^\W\d_]{2})")
_JOIN_PAREN = re.compile(r"(?<=[^\W\d_]{5}\))(?=[^\W\d_])")
# Spacing slips: what finds one, how the finding names it, what replaces it in the fix.
_SPACING = (
    (_HYPHEN_SPACE, "a space after a hyphen", "-"),
    (_SPACE_HYPHEN, "a space before a hyphen", "-"),
    (_PAREN_JOIN, "no space before '('", " ("),
    (_JOIN_PAREN, "no space after ')'", " "),
)
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("``", "''"))
# Every slip but a title that opens with its journal's name needs one of these (the spacing
# slips, LaTeX's backslash, an ellipsis, a stray ':' or '*' at the end, a site's '|'): most
# values have none and are passed over at one look.
_ANY_MARK = re.compile(r"""[-()\[\]“”`'’"\\…:*|]| {2}|^\.\.\.""")


@rule("B012", "malformed-text", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """No words glued by an apostrophe (`Russia'Interest`; a word that opens with one, as
    the language `'Are'Are` does, is spelled with a glottal stop; Italian and French elide a
    word before one, as in `dell'Istituto`), hyphens followed by a space
    (`Russia- Pakistan`), brackets glued to a word (`Center(Russia`), unbalanced quotes and
    brackets, LaTeX that prints (`\\\\` before an accent, an accent on nothing, `\\cite`) or
    prints as nothing (a command no table knows, `\\textasciimacron{}`; not a font switch), an
    ellipsis, a title ending in `:` or `*` or opening with its journal's or its platform's
    name (`ScienceDirect - ...`), in titles, containers, publishers and volumes; no Zotero
    "extra" lines (`ISSN: ...`), bare numbers or dangling separators in a note; nothing but
    the identifier in `isbn` and `issn`, and no month as the issue number (`issue = {JUL}`)
    (info). Doubled spaces are fine: they print as one.

    PASS: @article{shah2020, title = {Russia-Pakistan Strategic Relations}}
    FAIL: @article{shah2020, title = {Russia- Pakistan Strategic Relations}}
    FAIL: @article{ahmed2019, title = {Russia'Interest In Pakistan}}
    PASS: @article{lenoir1993, title = {Roads}, journal = {Bollettino dell'Istituto di Archeologia}}
    """
    for f in entry.fields:
        name = f.name.lower()
        if name in NOTES:
            yield from _note(name, f.value, f.line, f.column)
            continue
        if name in IDS:
            yield from _identifier(name, f.value, f.line, f.column)
            continue
        if name in ISSUES and _MONTH_NAME.fullmatch(f.value.strip()):
            yield _month_as_issue(entry, name, f.value.strip(), f.line, f.column)
            continue
        if name not in FIELDS:
            continue
        value = f.value.strip()
        if not _ANY_MARK.search(value) and not (
            name == "title" and _starts_with_container(entry, value)
        ):
            continue
        line, column = f.line, f.column
        fixed = value
        problems: list[str] = []
        for pattern, what, replacement in _SPACING:
            m = pattern.search(value)
            if m:
                problems.append(f"{what} in '{_around(value, m.start())}'")
                fixed = pattern.sub(replacement, fixed)
        if LINE_BREAK_ACCENT.search(value):
            problems.append("'\\\\' (a line break) where an accent was meant")
            fixed = LINE_BREAK_ACCENT.sub(r"\\", fixed)
        if _EMPTY_ACCENT.search(value):
            problems.append("an accent on nothing ('\\'{}')")
        if _CITE.search(value):
            problems.append("a LaTeX citation command, which prints as written")
        silent = silent_commands(value) if "\\" in value and journal_macro(value) is None else ()
        dropped = ", ".join(f"'\\{c}'" for c in silent)
        if silent:
            # A whole journal that is one macro is B008's (it prints no journal at all).
            problems.append(f"LaTeX that prints as nothing ({dropped})")
        if name in ("title", "booktitle") and value.endswith((":", "*")):
            problems.append(f"a stray '{value[-1]}' at the end")
            fixed = fixed.rstrip(":* ")
        if "…" in value or value.startswith("..."):
            problems.append("an ellipsis: it is cut short")
        if name == "title" and _starts_with_container(entry, value):
            problems.append("the journal's name at its start")
        site = (
            _SITE_PREFIX.match(value.replace("{", "").replace("}", "")) if name == "title" else None
        )
        if site:
            problems.append(f"the site's name '{site.group(1)}' at its start (a saved web page)")
        shown = _glued_by_apostrophe(value)
        if shown:
            problems.append(f"two words joined by an apostrophe in '{shown}'")
        unbalanced = _unbalanced(value)
        if unbalanced:
            problems.append(f"an unbalanced '{unbalanced}'")
        if not problems:
            continue
        fix = (
            f"{name} = {{{fixed}}}"
            if fixed != value
            else "correct the text (a missing letter, space or closing mark?)"
        )
        if silent and len(problems) == 1:
            fix = f"write what {dropped} stands for: its character, or math between $ signs"
        yield Finding(f"{name} has {'; '.join(problems)}", fix=fix, line=line, column=column)


_REMOVE = "remove it from {name}"
_NUMBER_ONLY = re.compile(r"^\s*0\d+\s*$")  # `02435`: a citation count or record number, not a note
_DANGLING = re.compile(r"[:;,]\s*$")  # `Online: ` with nothing after it
# What a note may hold that prints as debris, how the finding says it, and what to do.
_NOTE_DEBRIS = (
    (_NUMBER_ONLY, "'{value}' is a bare number (a citation count?), which prints", _REMOVE),
    (_DANGLING, "'{value}' ends in a dangling separator", "complete the note or remove it"),
    (
        _ZOTERO_EXTRA,
        "'{value}' holds Zotero's extra fields, which print",
        "remove them from {name} (Zotero: clear the Extra field, or export without it)",
    ),
    (
        _CITE,
        "has a LaTeX citation command, which prints as written",
        "write the reference out in {name}, or cite it in the text",
    ),
)


# An identifier field that holds more than the identifier (Mendeley: `1545-7885 (Electronic)`,
# literal `\n`; an OpenURL query; a stray comma first).
IDS = frozenset({"isbn", "issn"})
_ID_DEBRIS = re.compile(r"^\s*[,;]|\((?:electronic|linking|print)\)|\\|[=?&]", re.IGNORECASE)


def _identifier(name: str, value: str, line: int, column: int | None) -> Iterator[Finding]:
    if _ID_DEBRIS.search(value):
        yield Finding(
            f"{name} '{value.strip()}' holds more than the {name}",
            fix=f"keep one {name.upper()} in {name}, without labels or debris",
            line=line,
            column=column,
            severity=Severity.INFO,
        )


# An issue typed as its month (Scopus: `issue = {JUL}`) prints as "no. JUL"; the month has
# its own field (biblatex's `issue` is for names such as `Spring`, not months).
ISSUES = frozenset({"number", "issue"})
_MONTH_NAME = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)\.?|january|february|march|april|"
    r"june|july|august|september|october|november|december",
    re.IGNORECASE,
)


def _month_as_issue(
    entry: BibEntry, name: str, value: str, line: int, column: int | None
) -> Finding:
    fix = f"remove {name}" if entry.has("month") else f"month = {{{value}}}, and remove {name}"
    return Finding(
        f"{name} '{value}' is a month, not an issue number",
        fix=fix,
        line=line,
        column=column,
        severity=Severity.INFO,
    )


def _glued_by_apostrophe(value: str) -> str | None:
    """The first word glued to the next by an apostrophe (`Russia'Interest`), or None.

    A word that opens with an apostrophe is spelled with a glottal stop, as names of the
    Pacific are ('Are'Are, a language of the Solomon Islands; 'Ewa): a slip joins two words
    that each begin with a letter."""
    for m in _APOSTROPHE_JOIN.finditer(value):
        start = len(value[: m.start()]) - len(value[: m.start()].split()[-1])
        word = _WORD_AT.match(value, start)
        shown = word.group() if word else value[start : m.end() + 1]
        elided = value[start : m.start()].lower().lstrip('({["“«')
        if not shown.startswith(("'", "’")) and elided not in _ELIDED:
            return shown
    return None


# Italian and French words that drop their last vowel before one: "Bollettino dell'Istituto",
# "jusqu'Alger" are spelled so (Zotero keeps the capital of a name after them).
_ELIDED = frozenset(
    [
        "dell",
        "dall",
        "nell",
        "sull",
        "all",
        "coll",
        "pell",
        "degl",
        "dagl",
        "negl",
        "sugl",
        "quell",
        "quest",
        "bell",
        "sant",
        "tutt",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
        "presqu",
        "quelqu",
    ]
)


def _note(name: str, value: str, line: int, column: int | None) -> Iterator[Finding]:
    for pattern, what, fix in _NOTE_DEBRIS:
        if pattern.search(value):
            message = f"{name} " + what.format(value=value.strip())
            yield Finding(message, fix=fix.format(name=name), line=line, column=column)
            return


# A page saved from a publisher's platform keeps the platform in its title (Zotero:
# `ScienceDirect - Ecological Modelling : A simulation model ...`).
_SITE_PREFIX = re.compile(
    r"(ScienceDirect|JSTOR|SpringerLink|Wiley Online Library|PubMed|Europe PMC|ResearchGate|"
    r"Academia\.edu|Google Books|Google Scholar|IEEE Xplore|ACM Digital Library|"
    r"Taylor & Francis Online|Semantic Scholar)\s*(?:-|:|\|)\s"
)


def _starts_with_container(entry: BibEntry, title: str) -> bool:
    """`The {R} Journal: fairmodels: ...`: the journal's name typed into the title."""
    journal = fold_words(entry.value("journal") or entry.value("journaltitle") or "")
    head = fold_words(title.split(":", 1)[0]) if ":" in title else ""
    return bool(journal) and head == journal


def _around(text: str, at: int, width: int = 12) -> str:
    start = text.rfind(" ", 0, max(at - width, 0)) + 1
    end = text.find(" ", min(at + width, len(text)))
    return text[start : end if end >= 0 else len(text)].strip()


def _unbalanced(text: str) -> str | None:
    for opening, closing in _PAIRS:
        if text.count(opening) != text.count(closing):
            return opening if text.count(opening) > text.count(closing) else closing
    plain = text.replace('\\"', "")
    if plain.count('"') % 2:
        return '"'
    return None
