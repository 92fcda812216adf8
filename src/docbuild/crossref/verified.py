"""What `doit verify-refs` found for each entry (refs.verified.json, beside refs.bib): the
records, their JSON and what a re-verification changed. Pure: `verified_file` reads and writes.

Versioned, with sorted keys and one field per line, so that a re-verification diffs well in git.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.bib.doi import arxiv_versionless
from docbuild.crossref.work import Work, work_from_dict, work_to_dict
from docbuild.diagnostics import Location
from docbuild.errors import InputError

VERIFIED_VERSION = 1


class Status(enum.Enum):
    CONFIRMED = "confirmed"  # the entry's DOI resolves to the work the entry describes
    MISMATCH = "mismatch"  # the entry's DOI resolves to another work
    UNKNOWN_DOI = "unknown-doi"  # Crossref does not know the entry's DOI (another agency's?)
    FOUND = "found"  # no DOI in the entry; a confident match was found
    NO_MATCH = "no-match"  # no DOI in the entry, and no confident match
    NO_TITLE = "no-title"  # nothing to search with
    DOI_NOT_FOUND = "doi-not-found"  # no registration agency knows the entry's DOI
    # No DOI in the entry; a work with its title was found, but other fields disagree.
    DIFFERS = "differs"


class Answer(enum.Enum):
    """What one registry said about an entry."""

    FOUND = "found"  # it knows the DOI, or has a confident (or title) match
    ABSENT = "absent"  # it answered, and does not know the work
    FAILED = "failed"  # no usable answer: timeouts, errors after retries, a broken body


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """One registry asked for one entry, and its answer: the evidence a finding cites."""

    source: str  # "crossref", "agency" (Crossref's DOI agency look-up), "datacite", ...
    answer: Answer
    detail: str = ""  # what was asked or why it failed: "10.1234/x", "timeout after 5 tries"


@dataclass(frozen=True, slots=True)
class Verification:
    status: Status
    score: float  # 0..1: how well `record` matches the entry (0 without a record)
    reason: str  # the match's reason, or why there is no record
    fetched_at: str  # ISO 8601 UTC, when Crossref answered
    doi: str = ""  # the entry's own DOI when it was checked (normalized); "" when it had none
    query: str = ""  # the bibliographic query sent, for entries without a DOI
    record: Work | None = None  # the matched work: for CONFIRMED, MISMATCH and FOUND only
    # For a MISMATCH: the work a bibliographic query confidently found instead, and its score.
    suggestion: Work | None = None
    suggestion_score: float = 0.0
    # Every registry asked, in order, and its answer (empty in locks of older docbuilds).
    checked: tuple[SourceCheck, ...] = ()
    # For NO_MATCH: the nearest work any registry offered, and its score; shown, never applied.
    candidate: Work | None = None
    candidate_score: float = 0.0

    def answer_of(self, source: str) -> Answer | None:
        """What `source` answered for this entry (its last answer), or None: not asked."""
        found = [c.answer for c in self.checked if c.source == source]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class VerifiedRefs:
    entries: Mapping[str, Verification] = field(default_factory=dict)
    api: str = ""


def record_for(verified: Verification | None, doi: str) -> Work | None:
    """The work an entry was matched with, while the match still applies to the entry.

    `doi` is the entry's DOI now (normalized; "" when none). A record found for an entry
    without a DOI applies until the entry gets one; a checked DOI's record applies while the
    entry keeps that DOI. Anything else means the entry changed since `doit verify-refs`.
    """
    if verified is None or verified.record is None:
        return None
    if verified.status is Status.FOUND and not doi:
        return verified.record
    if doi and verified.record.doi.lower() in (doi, (arxiv_versionless(doi) or "").lower()):
        return verified.record  # an arXiv DOI with its version: the paper's own record
    return None


def verified_to_json(refs: VerifiedRefs) -> str:
    entries = {}
    for key, e in refs.entries.items():
        entries[key] = {
            "status": e.status.value,
            "score": e.score,
            "reason": e.reason,
            "fetched_at": e.fetched_at,
            "doi": e.doi,
            "query": e.query,
            "record": work_to_dict(e.record) if e.record is not None else None,
            "suggestion": work_to_dict(e.suggestion) if e.suggestion is not None else None,
            "suggestion_score": e.suggestion_score,
            "checked": [
                {"source": c.source, "answer": c.answer.value, "detail": c.detail}
                for c in e.checked
            ],
            "candidate": work_to_dict(e.candidate) if e.candidate is not None else None,
            "candidate_score": e.candidate_score,
        }
    data = {"version": VERIFIED_VERSION, "api": refs.api, "entries": entries}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def verified_from_json(text: str, path: Path) -> VerifiedRefs:
    """Parse refs.verified.json; a damaged or newer file is an `InputError` naming what to do."""
    where = Location(path, 0)
    redo = "delete it and run `doit verify-refs` again"
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(
            f"{path.name} is not valid JSON: {exc}", location=where, hint=redo
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise InputError(f"{path.name} has no 'entries' table", location=where, hint=redo)
    version = data.get("version")
    if version != VERIFIED_VERSION:
        raise InputError(
            f"{path.name} has format version {version!r}; this docbuild reads {VERIFIED_VERSION}",
            location=where,
            hint="upgrade docbuild, or " + redo,
        )
    entries: dict[str, Verification] = {}
    for key, raw in data["entries"].items():
        try:
            record = raw.get("record")
            suggestion = raw.get("suggestion")
            candidate = raw.get("candidate")
            entries[key] = Verification(
                status=Status(raw["status"]),
                score=float(raw.get("score", 0.0)),
                reason=str(raw.get("reason", "")),
                fetched_at=str(raw.get("fetched_at", "")),
                doi=str(raw.get("doi", "")),
                query=str(raw.get("query", "")),
                record=work_from_dict(record) if isinstance(record, dict) else None,
                suggestion=work_from_dict(suggestion) if isinstance(suggestion, dict) else None,
                suggestion_score=float(raw.get("suggestion_score", 0.0)),
                checked=tuple(
                    SourceCheck(str(c["source"]), Answer(c["answer"]), str(c.get("detail", "")))
                    for c in raw.get("checked", [])
                ),
                candidate=work_from_dict(candidate) if isinstance(candidate, dict) else None,
                candidate_score=float(raw.get("candidate_score", 0.0)),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{path.name}: entry '{key}' is damaged ({type(exc).__name__}: {exc})",
                location=where,
                hint=redo,
            ) from None
    return VerifiedRefs(entries=entries, api=str(data.get("api", "")))


def describe_changes(old: VerifiedRefs, new: VerifiedRefs) -> list[str]:
    """What a re-verification changed, one line per entry: `key: what → what`."""
    lines: list[str] = []
    for key in sorted(set(old.entries) | set(new.entries)):
        before, after = old.entries.get(key), new.entries.get(key)
        if before is None and after is not None:
            lines.append(f"{key}: new, {after.status.value}")
        elif after is None:
            lines.append(f"{key}: no longer in the bibliography")
        elif before is not None:
            lines.extend(f"{key}: {change}" for change in _entry_changes(before, after))
    return lines


def _entry_changes(before: Verification, after: Verification) -> list[str]:
    out: list[str] = []
    if before.status != after.status:
        out.append(f"status {before.status.value} → {after.status.value}")
    a, b = before.record, after.record
    if a is None or b is None:
        if a is not None or b is not None:
            out.append(f"record {a.doi if a else 'none'} → {b.doi if b else 'none'}")
        return out
    for name in ("doi", "title", "container", "issued", "online", "print", "type"):
        was, now = getattr(a, name), getattr(b, name)
        if was != now:
            out.append(f"{name} '{was}' → '{now}'")
    if a.authors != b.authors:
        out.append("authors changed")
    notice_was, notice_now = a.notice(), b.notice()
    if notice_was != notice_now:
        was_text = notice_was[0].value if notice_was else "none"
        now_text = f"{notice_now[0].value} ({notice_now[1].doi})" if notice_now else "none"
        out.append(f"notice {was_text} → {now_text}")
    was_s, now_s = before.suggestion, after.suggestion
    if (was_s.doi if was_s else "") != (now_s.doi if now_s else ""):
        out.append(
            f"suggested doi {was_s.doi if was_s else 'none'} → {now_s.doi if now_s else 'none'}"
        )
    if before.score != after.score and not out:
        out.append(f"score {before.score:.2f} → {after.score:.2f}")
    return out
