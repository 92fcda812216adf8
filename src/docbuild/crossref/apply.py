"""Write the confident DOIs of refs.verified.json into a bibliography (`--apply-dois`)."""

from __future__ import annotations

import dataclasses

from docbuild.bib.model import BibEntry, BibField, Bibliography, Block, ValueKind
from docbuild.bib.write import patch_entry_raw
from docbuild.crossref.verified import Status, VerifiedRefs


def dois_to_apply(bib: Bibliography, verified: VerifiedRefs) -> dict[str, str]:
    """Entry key -> the DOI Crossref confidently matched, for entries that still have none."""
    out: dict[str, str] = {}
    for entry in bib.by_key().values():  # of a duplicate key, verify-refs saw the first only
        found = verified.entries.get(entry.key)
        if (
            found is not None
            and found.status is Status.FOUND
            and found.record is not None
            and found.record.doi  # an OpenAlex or arXiv match may have none
            and not entry.has("doi")
        ):
            out[entry.key] = found.record.doi
    return out


def apply_dois(bib: Bibliography, verified: VerifiedRefs) -> tuple[Bibliography, dict[str, str]]:
    """The bibliography with a `doi` field added to each entry in `dois_to_apply`, and those."""
    dois = dois_to_apply(bib, verified)
    if not dois:
        return bib, dois
    blocks: list[Block] = []
    pending = dict(dois)
    for b in bib.blocks:
        # `pop`: of a duplicate key only the first entry, the one verify-refs looked up.
        doi = pending.pop(b.key, None) if isinstance(b, BibEntry) else None
        blocks.append(_with_doi(b, doi) if isinstance(b, BibEntry) and doi else b)
    return dataclasses.replace(bib, blocks=tuple(blocks)), dois


def _with_doi(entry: BibEntry, doi: str) -> BibEntry:
    last = entry.fields[-1].line if entry.fields else entry.line
    field = BibField("doi", doi, line=last + 1, raw=f"{{{doi}}}", kind=ValueKind.BRACED)
    fields = (*entry.fields, field)
    # Keep the entry's layout: the new field goes after the last one, indented like it.
    origin = (*range(len(entry.fields)), None)
    return dataclasses.replace(entry, fields=fields, raw=patch_entry_raw(entry, fields, origin))
