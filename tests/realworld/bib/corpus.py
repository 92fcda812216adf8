"""The labelled corpus as data: each folder's labels and what the linter finds in its refs.bib,
linted as `doit lint-refs` lints it (the paper's style policy and CSL) but with no manuscript,
so every entry counts as cited for this measure."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from score import Mark, Score, score

from docbuild.cite.engine import CslPrinter
from docbuild.config import load_settings
from docbuild.jobs.bibfile import read_bib
from docbuild.jobs.lint import lint_policy
from docbuild.lint.engine import lint_all
from docbuild.lint.registry import ALL_RULES

HERE = Path(__file__).parent
# Rules that read the manuscript or Crossref have nothing to say about a bibliography alone.
BIB_RULES = frozenset(r.name for r in ALL_RULES if r.id.startswith("B"))


@dataclass(frozen=True, slots=True)
class Measured:
    folder: str
    producer: str
    keys: tuple[str, ...]  # the labelled sample
    score: Score


def folders() -> list[Path]:
    return sorted(p.parent for p in HERE.glob("*/labels.toml"))


def labels(folder: Path) -> tuple[str, list[Mark], list[str]]:
    """The producer, the labelled defects and the sampled keys of one folder."""
    data = tomllib.loads((folder / "labels.toml").read_text(encoding="utf-8"))
    defects: list[Mark] = []
    keys: list[str] = []
    for entry in data.get("entry", []):
        keys.append(entry["key"])
        for d in entry.get("defects", []):
            defects.append(Mark(entry["key"], d["kind"], d["severity"], d.get("note", "")))
    return data["producer"], defects, keys


def findings(folder: Path) -> list[Mark]:
    """What the linter finds in the folder's refs.bib (default settings: the gfpr style)."""
    settings = load_settings(folder)
    policy, csl = lint_policy(settings)
    result = lint_all(read_bib(settings.bib_path), None, policy=policy, printer=CslPrinter(csl))
    return [
        Mark(d.key, d.name, d.severity.value, d.message)
        for d in result.findings
        if d.key is not None and d.name in BIB_RULES
    ]


def measure(folder: Path) -> Measured:
    producer, defects, keys = labels(folder)
    return Measured(folder.name, producer, tuple(keys), score(defects, findings(folder), keys))


def measure_all() -> list[Measured]:
    return [measure(f) for f in folders()]


def by_producer(measured: list[Measured]) -> dict[str, Score]:
    """The scores summed per producer, in name order; "all" is every folder."""
    out: dict[str, Score] = {}
    for m in measured:
        out[m.producer] = out.get(m.producer, Score()) + m.score
    totals = dict(sorted(out.items()))
    totals["all"] = sum((m.score for m in measured), Score())
    return totals
