"""Build tests/data/hallmark/registry_records.jsonl: the works a registry stand-in should know.

    python bench/build_hallmark_records.py --hallmark PATH   # a HALLMARK checkout or bare git dir

It reads the development split kept in tests/data/hallmark, and two more files of the same
HALLMARK commit (SOURCE.toml): data/v1.0/test_public.jsonl and data/raw/valid_entries.jsonl,
the pools of real works HALLMARK perturbed. The records are

1. the works of the split's VALID entries, and
2. the real works its HALLUCINATED entries imitate, where HALLMARK's data names them: the VALID
   entry (in any pool) with the same title, the "original" title of a near miss, the entry keys
   an explanation names ("authors from 'X', title from 'Y'"), the VALID entry whose DOI the
   fabrication reuses.

Each work is rewritten as a registry would show it (plain-text names and titles, venues under
their registry names, arXiv DOIs without a version suffix). It also writes imitations.jsonl:
for every entry of the split, which records it was linked to and how.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pylatexenc.latex2text import LatexNodes2Text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from hallmark_data import DATA, KINDS, VALID, HallmarkEntry, read_entries, read_entries_text  # noqa: E402, I001
from registry.records import Person, Registry, WorkRecord, WorkType, write_records  # noqa: E402

POOLS = ("data/v1.0/test_public.jsonl", "data/raw/valid_entries.jsonl")
RECORDS = DATA / "registry_records.jsonl"
OTHER_RECORDS = DATA / "registry_pool_records.jsonl"
IMITATIONS = DATA / "imitations.jsonl"

# DOI prefixes registered with DataCite rather than Crossref (arXiv, Zenodo, think tanks).
DATACITE_PREFIXES = frozenset({"10.48550", "10.5281", "10.48561", "10.6084", "10.5061"})
PUBLISHERS = {
    "10.1109": "IEEE",
    "10.1609": "Association for the Advancement of Artificial Intelligence (AAAI)",
    "10.1007": "Springer Science and Business Media LLC",
    "10.1038": "Springer Science and Business Media LLC",
    "10.1145": "ACM",
    "10.18653": "Association for Computational Linguistics",
    "10.48550": "arXiv",
}
# How registries name the venues HALLMARK abbreviates. A year in braces is the venue's year;
# NeurIPS volumes and ICML editions count from their first meeting.
VENUES: dict[str, str] = {
    "AAAI": "Proceedings of the AAAI Conference on Artificial Intelligence",
    "ACL": "Proceedings of the Annual Meeting of the Association for Computational Linguistics",
    "AISTATS": "Proceedings of the International Conference on Artificial Intelligence and "
    "Statistics",
    "CVPR": "{year} IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    "ECCV": "Computer Vision – ECCV {year}",
    "EMNLP": "Proceedings of the Conference on Empirical Methods in Natural Language Processing",
    "ICCV": "{year} IEEE/CVF International Conference on Computer Vision (ICCV)",
    "ICLR": "International Conference on Learning Representations",
    "IJCAI": "Proceedings of the International Joint Conference on Artificial Intelligence",
    "J. Mach. Learn. Res.": "Journal of Machine Learning Research",
    "KDD": "Proceedings of the ACM SIGKDD International Conference on Knowledge Discovery and "
    "Data Mining",
    "Mach. Learn.": "Machine Learning",
    "NAACL": "Proceedings of the Conference of the North American Chapter of the Association for "
    "Computational Linguistics",
    "Nature": "Nature",
    "Trans. Mach. Learn. Res.": "Transactions on Machine Learning Research",
    "UAI": "Proceedings of the Conference on Uncertainty in Artificial Intelligence",
}
JOURNALS = frozenset({"J. Mach. Learn. Res.", "Mach. Learn.", "Nature", "Trans. Mach. Learn. Res."})
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos", "ter"}
)
_DBLP_NUMBER = re.compile(r"\s+\d{4}$")  # DBLP's homonym numbers: "Lei Liu 0049"
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+?)(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
_ORIGINAL = re.compile(r"\(original: '(.*)'\)$")
_NAMED_KEYS = re.compile(r"(?:authors|title) (?:swapped )?from '([^']+)'", re.IGNORECASE)
_TEXT = LatexNodes2Text()


def plain(text: str) -> str:
    """BibTeX/LaTeX to the plain text a registry holds: "St{\\'e}phane" -> "Stéphane"."""
    try:
        out = _TEXT.latex_to_text(text)
    except Exception:  # pylatexenc gives up on some broken input: keep the text, braces dropped
        out = text.replace("{", "").replace("}", "")
    return " ".join(out.split())


def norm_title(title: str) -> str:
    return re.sub(r"[^0-9a-z]", "", plain(title).lower())


def bare_doi(doi: str) -> str:
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi.strip(), flags=re.IGNORECASE)
    m = _ARXIV_DOI.match(doi)
    # arXiv registers one DOI per paper, without the version ("10.48550/arXiv.2101.11986").
    return f"10.48550/arXiv.{m.group(1)}" if m else doi


def person(name: str) -> Person:
    name = plain(_DBLP_NUMBER.sub("", name.strip()))
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return Person(family, given)
    tokens = name.split()
    if len(tokens) == 1:
        return Person(tokens[0])
    first_family = len(tokens) - 1
    while first_family > 1 and tokens[first_family - 1].lower() in PARTICLES:
        first_family -= 1
    return Person(" ".join(tokens[first_family:]), " ".join(tokens[:first_family]))


def authors(value: str) -> tuple[Person, ...]:
    names = [n for n in re.split(r"\s+and\s+", value.strip()) if n.strip()]
    return tuple(person(n) for n in names if n.strip().lower() != "others")


def venue_name(short: str, year: int | None) -> str:
    template = VENUES.get(short)
    if short == "NeurIPS" and year:
        return f"Advances in Neural Information Processing Systems {year - 1987}"
    if short == "ICML" and year:
        n = year - 1983
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"Proceedings of the {n}{suffix} International Conference on Machine Learning"
    if template is None:
        return plain(short)
    return template.format(year=year or "")


def record_of(entry: HallmarkEntry, source: str) -> WorkRecord:
    """The work a (real) HALLMARK entry cites, as the registries would show it."""
    f = entry.fields
    year = int(f["year"]) if f.get("year", "").isdigit() else None
    doi = bare_doi(f.get("doi", ""))
    prefix = doi.split("/", 1)[0] if doi else ""
    arxiv = _ARXIV_DOI.match(doi)
    url_arxiv = _ARXIV_URL.search(f.get("url", ""))
    arxiv_id = arxiv.group(1) if arxiv else (url_arxiv.group(1) if url_arxiv else "")
    short = f.get("booktitle") or f.get("journal") or ""
    if arxiv:
        kind, venue = WorkType.PREPRINT, "arXiv"
    else:
        is_journal = entry.entry_type == "article" or short in JOURNALS
        kind = WorkType.JOURNAL_ARTICLE if is_journal else WorkType.PROCEEDINGS_ARTICLE
        venue = venue_name(short, year) if short else ""
    if not doi:
        registry = Registry.NONE
    elif prefix in DATACITE_PREFIXES:
        registry = Registry.DATACITE
    else:
        registry = Registry.CROSSREF
    title = plain(f.get("title", ""))
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # DBLP ends journal titles with a period; registries do not
    return WorkRecord(
        title=title,
        authors=authors(f.get("author", "")),
        year=year,
        venue=venue,
        type=kind,
        doi=doi,
        registry=registry,
        arxiv_id=arxiv_id,
        publisher=PUBLISHERS.get(prefix, ""),
        provenance=f"hallmark {source} {entry.key} ({entry.label})",
    )


@dataclass
class Pools:
    """The VALID entries of every pool, by title, DOI and key; the dev split first."""

    by_title: dict[str, tuple[HallmarkEntry, str]] = field(default_factory=dict)
    by_doi: dict[str, tuple[HallmarkEntry, str]] = field(default_factory=dict)
    by_key: dict[str, tuple[HallmarkEntry, str]] = field(default_factory=dict)

    def add(self, entries: Iterable[HallmarkEntry], source: str) -> None:
        for e in entries:
            if e.label != VALID:
                continue
            self.by_title.setdefault(norm_title(e.fields.get("title", "")), (e, source))
            doi = bare_doi(e.fields.get("doi", "")).lower()
            if doi:
                self.by_doi.setdefault(doi, (e, source))
            self.by_key.setdefault(e.key, (e, source))


def links_of(entry: HallmarkEntry, pools: Pools) -> list[tuple[str, HallmarkEntry, str]]:
    """(how, pool entry, pool) for each real work the entry cites or imitates."""
    out: list[tuple[str, HallmarkEntry, str]] = []
    seen: set[str] = set()

    def add(how: str, found: tuple[HallmarkEntry, str] | None) -> None:
        if found is not None and found[0].key not in seen:
            seen.add(found[0].key)
            out.append((how, *found))

    if entry.label == VALID:
        add("valid-entry", (entry, "dev_public"))
        return out
    add("title", pools.by_title.get(norm_title(entry.fields.get("title", ""))))
    original = _ORIGINAL.search(entry.explanation)
    if original:
        add("original-title", pools.by_title.get(norm_title(original.group(1))))
    for key in _NAMED_KEYS.findall(entry.explanation):
        add("explanation-key", pools.by_key.get(key))
    doi = bare_doi(entry.fields.get("doi", "")).lower()
    if doi:
        add("doi", pools.by_doi.get(doi))
    return out


def read_pool(hallmark: Path, commit: str, path: str) -> str:
    file = hallmark / path
    if file.exists():
        return file.read_text(encoding="utf-8")
    git = ["git", "--git-dir", str(hallmark), "show", f"{commit}:{path}"]
    return subprocess.run(git, check=True, capture_output=True, text=True).stdout


@dataclass(frozen=True, slots=True)
class Built:
    records: list[WorkRecord]  # the works the split cites or imitates
    imitations: list[dict[str, object]]
    others: list[WorkRecord]  # the pools' other real works: neighbours for a harder stand-in


def build(dev: list[HallmarkEntry], pools_text: dict[str, str]) -> Built:
    pools = Pools()
    pools.add(dev, "dev_public")
    for name, text in pools_text.items():
        pools.add(read_entries_text(text), name)
    records: dict[str, WorkRecord] = {}  # by normalised title: one record per work
    imitations: list[dict[str, object]] = []
    for entry in sorted(dev, key=lambda e: (e.label != VALID, e.key)):  # VALID works first
        linked = []
        for how, found, source in links_of(entry, pools):
            record = record_of(found, source)
            title_key = norm_title(record.title)
            kept = records.setdefault(title_key, record)  # the first pool's version wins
            linked.append({"how": how, "record": kept.key})
        imitations.append({"key": entry.key, "group": entry.group, "links": linked})
    imitations.sort(key=lambda i: str(i["key"]))
    others: dict[str, WorkRecord] = {}
    for title_key, (found, source) in pools.by_title.items():
        if title_key not in records and title_key not in others:
            others[title_key] = record_of(found, source)
    return Built(list(records.values()), imitations, list(others.values()))


def summary(built: Built) -> str:
    linked = Counter(str(i["group"]) for i in built.imitations if i["links"])
    total = Counter(str(i["group"]) for i in built.imitations)
    registries = Counter(r.registry.value for r in built.records)
    lines = [
        f"{len(built.records)} records ("
        + ", ".join(f"{n} {name}" for name, n in sorted(registries.items()))
        + f"; {sum(1 for r in built.records if r.arxiv_id)} with an arXiv id); "
        f"{len(built.others)} other works of the pools",
        f"{'group':<24} {'entries':>7} {'linked':>7}",
    ]
    for group in [VALID, *(k for k, _ in KINDS)]:
        lines.append(f"{group:<24} {total[group]:>7} {linked[group]:>7}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hallmark", type=Path, required=True, help="a checkout or bare git dir")
    args = parser.parse_args()
    commit = tomllib.loads((DATA / "SOURCE.toml").read_text(encoding="utf-8"))["commit"]
    pools_text = {Path(p).stem: read_pool(args.hallmark, commit, p) for p in POOLS}
    built = build(read_entries(), pools_text)
    write_records(RECORDS, built.records)
    write_records(OTHER_RECORDS, built.others)
    IMITATIONS.write_text(
        "".join(json.dumps(i, sort_keys=True) + "\n" for i in built.imitations), encoding="utf-8"
    )
    print(summary(built))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
