"""Normalize a bibliography (pure, idempotent) and say what changed, field by field.

Field names lower-cased; values trimmed, whitespace collapsed; DOIs bare; page ranges with
`--`; months as BibTeX macros; a missing year or month taken from `date` where the parts
that are present agree; names as `Last, First and Last, First`. Everything else survives,
and an entry that cannot be read as meant (`kept_as_is`) is left byte for byte as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docbuild.bib.dates import month_of, parse_edtf
from docbuild.bib.doi import bare_doi
from docbuild.bib.kept import kept_as_is
from docbuild.bib.model import (
    BibEntry,
    BibField,
    Bibliography,
    BibString,
    Block,
    ValueKind,
)
from docbuild.bib.names import NAME_FIELDS, is_extended_name, parse_name, split_names
from docbuild.bib.values import MONTH_MACROS, Piece, expand, parse_value
from docbuild.bib.write import patch_entry_raw

_PATH_FIELDS = frozenset({"file", "pdf"})  # JabRef and Zotero attachments
_SPACES = re.compile(r"\s+")
_DASH = r"(?:-{1,3}|\u2013|\u2014|\u2212)"
_PAGE = r"[A-Za-z]*\d+[A-Za-z]*"
_PAGE_RANGE = re.compile(rf"\s*({_PAGE})\s*{_DASH}\s*({_PAGE})\s*")
_PAGES = re.compile(rf"{_PAGE_RANGE.pattern}|\s*{_PAGE}\s*")


@dataclass(frozen=True, slots=True)
class Change:
    """One field normalization changed: the list of these is the diff a user sees."""

    key: str
    field: str  # the field's name after normalization
    line: int  # the field's line in the original file (the entry's line for added fields)
    old: str  # `name = value` as written, "" for an added field
    new: str  # `name = value` as it will be written
    reason: str


def normalize(bib: Bibliography) -> tuple[Bibliography, tuple[Change, ...]]:
    """The normalized bibliography and the changes, in file order; the blocks of
    `kept_as_is` stay exactly as they were."""
    macros: dict[str, str] = {}
    blocks: list[Block] = []
    changes: list[Change] = []
    kept = {k.line for k in kept_as_is(bib)}
    for block in bib.blocks:
        if isinstance(block, BibString):
            macros[block.name.lower()] = block.value
        elif isinstance(block, BibEntry) and block.line not in kept:
            block = _normalize_entry(block, macros, changes)
        blocks.append(block)
    return replace(bib, blocks=tuple(blocks)), tuple(changes)


def _normalize_entry(entry: BibEntry, macros: dict[str, str], changes: list[Change]) -> BibEntry:
    new_fields: list[BibField] = []
    origin: list[int | None] = []  # index of the old field each new field comes from
    entry_changes: list[Change] = []
    for i, f in enumerate(entry.fields):
        name = f.name.lower()
        reasons: list[str] = []
        if name != f.name:
            reasons.append("field name lower-cased")
        raw, kind = _normalize_value(name, f, macros, reasons)
        new = f if (raw == f.raw and name == f.name) else _field(f, name, raw, kind, macros)
        if new is not f:
            entry_changes.append(
                Change(
                    entry.key,
                    name,
                    f.line,
                    f"{f.name} = {f.raw}",
                    f"{name} = {raw}",
                    "; ".join(reasons) or "value rewritten",
                )
            )
        new_fields.append(new)
        origin.append(i)
    for index, added in _dates(entry, new_fields):
        new_fields.insert(index, added)
        origin.insert(index, None)
        entry_changes.append(
            Change(
                entry.key,
                added.name,
                added.line,
                "",
                f"{added.name} = {added.raw}",
                f"{added.name} taken from 'date'",
            )
        )
    if not entry_changes:
        return entry
    changes.extend(sorted(entry_changes, key=lambda c: c.line))
    raw = patch_entry_raw(entry, tuple(new_fields), tuple(origin))
    return replace(entry, fields=tuple(new_fields), raw=raw)


def _field(old: BibField, name: str, raw: str, kind: ValueKind, macros: dict[str, str]) -> BibField:
    value = expand(parse_value(raw).pieces, macros)
    return BibField(name, value, old.line, old.column, raw, kind)


def _normalize_value(
    name: str, f: BibField, macros: dict[str, str], reasons: list[str]
) -> tuple[str, ValueKind]:
    """The field's new raw text and kind; appends why it changed to `reasons`."""
    parsed = parse_value(f.raw)
    if parsed.error is not None or not parsed.pieces:
        return f.raw, f.kind
    single = len(parsed.pieces) == 1
    if name in _PATH_FIELDS:  # a file name may hold any spaces: only trim it
        pieces = [replace(p, text=p.text.strip()) if single else p for p in parsed.pieces]
    else:
        pieces = [_collapse(p, trim=single) for p in parsed.pieces]
    raw = _join(pieces, f.kind)
    if raw != f.raw:
        reasons.append("whitespace collapsed")
    if not single:
        return raw, f.kind
    text = pieces[0].text
    if f.kind is ValueKind.BARE:
        if name == "month" and text.lower() in MONTH_MACROS and text != text.lower():
            reasons.append("month as a macro")
            return text.lower(), ValueKind.BARE
        return raw, f.kind
    fixed, why = _fix_text(name, text)
    if not why:
        return raw, f.kind
    reasons.append(why)
    if name == "month":
        return fixed, ValueKind.BARE
    return _wrap(fixed, f.kind), f.kind


def _fix_text(name: str, text: str) -> tuple[str, str]:
    """A field-specific fix of a delimited value's text, with its reason ("" if none)."""
    if name == "doi":
        doi = bare_doi(text)
        if doi != text and "{" not in doi and "}" not in doi:
            return doi, "doi without prefix or url-encoding"
    elif name == "pages":
        fixed = _fix_pages(text)
        if fixed != text:
            return fixed, "page range with '--'"
    elif name == "month":
        macro = _month_macro(text)
        if macro is not None:
            return macro, "month as a macro"
    elif name in NAME_FIELDS:
        fixed = _fix_names(text)
        if fixed != text:
            return fixed, "names as 'Last, First'"
    return text, ""


def _fix_pages(text: str) -> str:
    """`89-104` -> `89--104`, also in lists (`1-5, 9-12`); anything else unchanged."""
    parts = text.split(",")
    if not all(_PAGES.fullmatch(p) for p in parts):
        return text
    out: list[str] = []
    for p in parts:
        m = _PAGE_RANGE.fullmatch(p)
        out.append(f"{m.group(1)}--{m.group(2)}" if m else p.strip())
    return ", ".join(out)


def _month_macro(text: str) -> str | None:
    month = month_of(text)
    return MONTH_MACROS[month - 1] if month is not None else None


def _fix_names(text: str) -> str:
    """Every name as `von Last, Jr, First`; the list unchanged if any name is malformed. A
    name in biblatex's extended format is kept as written: its `useprefix` has no BibTeX form."""
    names = split_names(text)
    out: list[str] = []
    for n in names:
        if n.strip().lower() == "others" or is_extended_name(n):
            out.append(n.strip() if is_extended_name(n) else "others")
            continue
        parsed = parse_name(n)
        if parsed is None or not parsed.last:
            return text
        out.append(parsed.to_bibtex())
    return " and ".join(out)


def _dates(entry: BibEntry, fields: list[BibField]) -> list[tuple[int, BibField]]:
    """Year and month to add from `date`, where what is present agrees with it."""
    names = [f.name for f in fields]
    if "date" not in names:
        return []
    at = names.index("date")
    parsed = parse_edtf(fields[at].value)
    if parsed is None or parsed.interval or parsed.circa or parsed.ends[0][0] < 0:
        return []  # only a plain date says which year and month to write
    year = f"{parsed.ends[0][0]:04d}"
    month = parsed.ends[0][1]
    month_macro = MONTH_MACROS[month - 1] if month is not None else None
    date = fields[at]
    added: list[tuple[int, BibField]] = []
    existing_year = next((f for f in fields if f.name == "year"), None)
    existing_month = next((f for f in fields if f.name == "month"), None)
    if existing_year is not None and existing_year.value.strip() != year:
        return []
    if existing_month is not None and month_macro is not None:
        written = existing_month.value.strip()
        if (_month_macro(written) or written.lower()) != month_macro:
            return []
    index = at + 1
    if existing_year is None:
        added.append((index, BibField("year", year, date.line, date.column, f"{{{year}}}")))
        index += 1
    if month_macro is not None and existing_month is None:
        added.append(
            (
                index,
                BibField("month", month_macro, date.line, date.column, month_macro, ValueKind.BARE),
            )
        )
    return added


def _collapse(p: Piece, *, trim: bool) -> Piece:
    """Whitespace runs as one space; a value of one piece is trimmed as well (the pieces of a
    concatenation keep their outer spaces, which separate words)."""
    text = _SPACES.sub(" ", p.text)
    return Piece(p.kind, text.strip() if trim else text, p.start, p.end)


def _wrap(text: str, kind: ValueKind) -> str:
    if kind is ValueKind.QUOTED:
        return f'"{text}"'
    if kind is ValueKind.BARE:
        return text
    return f"{{{text}}}"


def _join(pieces: list[Piece], kind: ValueKind) -> str:
    if kind is not ValueKind.CONCAT and len(pieces) == 1:
        return _wrap(pieces[0].text, pieces[0].kind)
    return " # ".join(_wrap(p.text, p.kind) for p in pieces)
