"""HALLMARK's entries as our records, and as a .bib: the one reader of tests/data/hallmark.

HALLMARK (github.com/rpatrik96/hallmark, MIT) keeps each entry as a JSON object whose
`fields` are BibTeX field values; see tests/data/hallmark/README.md for the fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "hallmark"
DEV_SPLIT = DATA / "dev_public.jsonl"
VALID = "VALID"
HALLUCINATED = "HALLUCINATED"
# The 14 fabrication kinds, in HALLMARK's tier order (tier 1 easy, 3 hard).
KINDS: tuple[tuple[str, int], ...] = (
    ("fabricated_doi", 1),
    ("nonexistent_venue", 1),
    ("placeholder_authors", 1),
    ("future_date", 1),
    ("chimeric_title", 2),
    ("wrong_venue", 2),
    ("swapped_authors", 2),
    ("preprint_as_published", 2),
    ("hybrid_fabrication", 2),
    ("merged_citation", 2),
    ("partial_author_list", 2),
    ("near_miss_title", 3),
    ("plausible_fabrication", 3),
    ("arxiv_version_mismatch", 3),
)


@dataclass(frozen=True, slots=True)
class HallmarkEntry:
    key: str  # HALLMARK's `bibtex_key`: a hex hash ("a1a52be81664")
    entry_type: str  # "inproceedings" or "article"
    fields: Mapping[str, str]  # BibTeX field values, as HALLMARK wrote them (LaTeX kept)
    label: str  # VALID or HALLUCINATED
    kind: str | None  # one of KINDS for HALLUCINATED entries, None for VALID ones
    tier: int | None
    explanation: str
    generation_method: str  # scraped, perturbation, llm_generated, adversarial, real_world

    @property
    def group(self) -> str:
        """What a per-kind table counts the entry under: its kind, or VALID."""
        return self.kind or VALID


def entry_from_json(data: Mapping[str, object]) -> HallmarkEntry:
    fields = data["fields"]
    if not isinstance(fields, dict):
        raise ValueError(f"entry {data.get('bibtex_key')!r} has no fields object")
    kind = data.get("hallucination_type")
    tier = data.get("difficulty_tier")
    return HallmarkEntry(
        key=str(data["bibtex_key"]),
        entry_type=str(data["bibtex_type"]),
        fields={str(k): str(v) for k, v in fields.items()},
        label=str(data["label"]),
        kind=str(kind) if kind else None,
        tier=int(tier) if isinstance(tier, int) else None,
        explanation=str(data.get("explanation") or ""),
        generation_method=str(data.get("generation_method") or ""),
    )


def read_entries(path: Path = DEV_SPLIT) -> list[HallmarkEntry]:
    return read_entries_text(path.read_text(encoding="utf-8"))


def read_entries_text(text: str) -> list[HallmarkEntry]:
    return [entry_from_json(json.loads(line)) for line in text.splitlines() if line.strip()]


# BibTeX writes fields in this order; others follow alphabetically.
FIELD_ORDER = ("author", "title", "booktitle", "journal", "year", "doi", "url")


def to_bibtex(entries: Iterable[HallmarkEntry]) -> str:
    """One `@type{key, field = {value}, ...}` per entry, values exactly as HALLMARK has them."""
    out: list[str] = []
    for e in entries:
        names = sorted(
            e.fields, key=lambda n: (FIELD_ORDER.index(n) if n in FIELD_ORDER else 99, n)
        )
        body = ",\n".join(f"  {n} = {{{e.fields[n]}}}" for n in names)
        out.append(f"@{e.entry_type}{{{e.key},\n{body}\n}}\n")
    return "\n".join(out)
