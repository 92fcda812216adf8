"""Write confident DOIs from the lock into a bibliography (`normalize-refs --apply-dois`)."""

from __future__ import annotations

import dataclasses

from docbuild.bib.model import BibEntry, BibField, Bibliography, ValueKind
from docbuild.bib.write import patch_entry_raw
from docbuild.crossref.lock import Lock, Status


def dois_to_apply(bib: Bibliography, lock: Lock) -> dict[str, str]:
    """Entry key -> the DOI Crossref confidently matched, for entries that still have none."""
    out: dict[str, str] = {}
    for entry in bib.entries:
        verified = lock.entries.get(entry.key)
        if (
            verified is not None
            and verified.status is Status.FOUND
            and verified.record is not None
            and not entry.has("doi")
            and entry.key not in out
        ):
            out[entry.key] = verified.record.doi
    return out


def apply_dois(bib: Bibliography, lock: Lock) -> tuple[Bibliography, dict[str, str]]:
    """The bibliography with a `doi` field added to each entry in `dois_to_apply`, and those."""
    dois = dois_to_apply(bib, lock)
    if not dois:
        return bib, dois
    blocks = tuple(
        _with_doi(b, dois[b.key]) if isinstance(b, BibEntry) and b.key in dois else b
        for b in bib.blocks
    )
    return dataclasses.replace(bib, blocks=blocks), dois


def _with_doi(entry: BibEntry, doi: str) -> BibEntry:
    last = entry.fields[-1].line if entry.fields else entry.line
    field = BibField("doi", doi, line=last + 1, raw=f"{{{doi}}}", kind=ValueKind.BRACED)
    fields = (*entry.fields, field)
    # Keep the entry's layout: the new field goes after the last one, indented like it.
    origin = (*range(len(entry.fields)), None)
    return dataclasses.replace(entry, fields=fields, raw=patch_entry_raw(entry, fields, origin))
