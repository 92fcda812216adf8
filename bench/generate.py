"""Deterministic inputs for benchmarks and hardening tests: `.bib` files and paper folders.

The same seed always gives the same bytes, so numbers from different runs compare.
Usage: `python bench/generate.py bib 10000 out.bib` or `python bench/generate.py book DIR`.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FAMILY = (
    "Khan",
    "Ishfaq",
    "Ashfaq",
    "Smith",
    "Nguyen",
    "Garc{\\'i}a",
    'M{\\"u}ller',
    "{\\L}ukasiewicz",
    "O'Brien",
    "Okafor",
    "Tanaka",
    "Ivanova",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Chen",
    "Singh",
    "Andersson",
    "Papadopoulos",
    "Silva",
    "Kim",
    "Mahmood",
    "Yilmaz",
    "Fischer",
    "Novak",
    'Bergstr{\\"o}m',
    "Ahmed",
    "Mart{\\'i}nez",
    "Wang",
)
PARTICLES = ("van der", "de la", "von", "van", "de", "di")
GIVEN = (
    "Uroosa",
    "Kashif",
    "Hamza",
    "Maria",
    "John",
    "Li",
    "Aisha",
    "Pierre",
    "Olga",
    "Kenji",
    "Fatima",
    "Lars",
    "Ana",
    "Tom{\\'a}s",
    'J{\\"u}rgen',
    "Chidi",
    "Priya",
    "Sergei",
    "Elif",
    "Minh",
    "A. B.",
    "M. T. F.",
)
CORPORATE = (
    "{United Nations}",
    "{World Bank}",
    "{International Monetary Fund}",
    "{Stockholm International Peace Research Institute}",
    "{Ministry of Foreign Affairs}",
)
WORDS = (
    "policy",
    "regional",
    "security",
    "trade",
    "alliance",
    "energy",
    "corridor",
    "strategic",
    "partnership",
    "economic",
    "relations",
    "dynamics",
    "balance",
    "power",
    "influence",
    "cooperation",
    "conflict",
    "diplomacy",
    "region",
    "analysis",
    "framework",
    "defence",
    "interests",
    "transition",
    "multilateral",
    "bilateral",
    "agreement",
    "sanctions",
    "pipeline",
    "summit",
    "negotiation",
    "stability",
    "order",
    "hegemony",
    "alignment",
    "neutrality",
    "investment",
    "infrastructure",
    "terrorism",
    "border",
    "maritime",
    "nuclear",
    "arms",
    "aid",
    "development",
    "governance",
    "state",
    "institutions",
    "evidence",
    "model",
    "survey",
    "measurement",
    "outcome",
    "shift",
    "pressure",
    "response",
    "narrative",
    "history",
    "legacy",
    "future",
)
FILLER = (
    "the",
    "of",
    "and",
    "in",
    "a",
    "to",
    "with",
    "for",
    "on",
    "its",
    "between",
    "across",
    "while",
    "after",
    "under",
    "this",
    "that",
    "these",
    "both",
    "each",
)
VERBS = (
    "shapes",
    "reflects",
    "limits",
    "strengthens",
    "weakens",
    "reframes",
    "accompanies",
    "precedes",
    "follows",
    "explains",
    "complicates",
    "sustains",
)
ACRONYMS = ("{NATO}", "{BRICS}", "{COVID-19}", "{CPEC}", "{SCO}", "{US}", "{UN}")
JOURNALS = (
    "Global Foreign Policies Review",
    "Journal of Strategic Studies",
    "International Affairs",
    "Asian Survey",
    "Foreign Policy Analysis",
    "Review of International Studies",
    "Journal of Peace Research",
    "Security Dialogue",
    "Contemporary South Asia",
    "Europe-Asia Studies",
)
PUBLISHERS = (
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Routledge", "London"),
    ("Palgrave Macmillan", "Basingstoke"),
    ("Springer", "Cham"),
    ("Brookings Institution Press", "Washington, DC"),
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Entry types with their relative frequency in real bibliographies of the field.
TYPES = (
    ("article", 40),
    ("book", 12),
    ("incollection", 8),
    ("inproceedings", 8),
    ("online", 8),
    ("report", 5),
    ("techreport", 3),
    ("phdthesis", 3),
    ("thesis", 2),
    ("misc", 5),
    ("inbook", 2),
    ("mastersthesis", 2),
    ("newspaper", 2),
)
_TYPE_NAMES = tuple(t for t, _ in TYPES)
_TYPE_WEIGHTS = tuple(w for _, w in TYPES)


@dataclass(frozen=True, slots=True)
class GeneratedBib:
    text: str
    keys: tuple[str, ...]  # in file order
    n_strings: int


def _title(rng: random.Random, lo: int = 4, hi: int = 12) -> str:
    n = rng.randint(lo, hi)
    words: list[str] = []
    for i in range(n):
        if i and rng.random() < 0.3:
            words.append(rng.choice(FILLER))
        else:
            words.append(rng.choice(WORDS))
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(ACRONYMS))
    text = " ".join(words)
    if rng.random() < 0.15:
        text += ": " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    return text[0].upper() + text[1:]


# Real bibliographies have a few very common surnames and a long tail; 31 names alone would
# make every second citation ambiguous and turn APA disambiguation into the whole benchmark.
_SYLLABLES = ("ka", "ra", "mi", "so", "len", "tor", "vi", "an", "del", "ho", "zu", "ber", "na",
              "qui", "sha", "lo", "ten", "gar", "fi", "mor", "dai", "us", "wen", "pe")  # fmt: skip
TAIL = tuple(
    (a + b + c).capitalize()
    for a in _SYLLABLES[:12]
    for b in _SYLLABLES[6:18]
    for c in ("", "n", "sky", "ez", "i")
)


def _family(rng: random.Random) -> str:
    return rng.choice(FAMILY) if rng.random() < 0.4 else rng.choice(TAIL)


def _person(rng: random.Random) -> str:
    family = _family(rng)
    given = rng.choice(GIVEN)
    if rng.random() < 0.08:
        return f"{rng.choice(PARTICLES)} {family}, {given}"
    if rng.random() < 0.5:
        return f"{family}, {given}"
    return f"{given} {family}"


def _authors(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(CORPORATE)
    n = rng.choices((1, 2, 3, 4, 6, 12), weights=(30, 30, 20, 10, 6, 4))[0]
    names = [_person(rng) for _ in range(n)]
    if n >= 6 and rng.random() < 0.3:
        names = [*names[:3], "others"]
    return " and ".join(names)


def _doi(rng: random.Random, key: str) -> str:
    suffix = f"10.{rng.randint(1000, 9999)}/{key.lower()}.{rng.randint(1, 999)}"
    form = rng.random()
    if form < 0.7:
        return suffix
    if form < 0.85:
        return "https://doi.org/" + suffix
    return "doi:" + suffix


def _key(rng: random.Random, authors: str, year: int, used: set[str]) -> str:
    first = authors.split(" and ")[0]
    family = first.split(",")[0] if "," in first else first.split()[-1]
    base = "".join(c for c in family.lower() if c.isalpha() and c.isascii()) or "anon"
    key = f"{base}{year}"
    if key in used:
        for suffix in "abcdefghijklmnopqrstuvwxyz":
            if key + suffix not in used:
                key += suffix
                break
        else:
            key = f"{key}-{len(used)}"
    used.add(key)
    return key


def _entry(rng: random.Random, used: set[str], strings: tuple[str, ...]) -> tuple[str, str]:
    etype = rng.choices(_TYPE_NAMES, weights=_TYPE_WEIGHTS)[0]
    authors = _authors(rng)
    year = rng.randint(1950, 2024)
    key = _key(rng, authors, year, used)
    fields: list[tuple[str, str]] = [("author", "{" + authors + "}")]
    title = _title(rng)
    biblatex = etype in {"online", "report", "thesis"} or rng.random() < 0.25
    fields.append(("title", "{" + title + "}" if rng.random() < 0.9 else f'"{title}"'))
    if biblatex:
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}" if rng.random() < 0.5 else f"{year}-{month:02d}"
        fields.append(("date", "{" + date + "}"))
    else:
        fields.append(("year", str(year) if rng.random() < 0.7 else "{" + str(year) + "}"))
        if rng.random() < 0.3:
            fields.append(("month", rng.choice(MONTHS)))
    if etype in {"article", "newspaper"}:
        if strings and rng.random() < 0.3:
            fields.append(("journal", rng.choice(strings)))
        else:
            name = "journaltitle" if biblatex else "journal"
            fields.append((name, "{" + rng.choice(JOURNALS) + "}"))
        fields.append(("volume", "{" + str(rng.randint(1, 80)) + "}"))
        if rng.random() < 0.7:
            fields.append(("number", "{" + str(rng.randint(1, 12)) + "}"))
        first = rng.randint(1, 900)
        dash = "--" if rng.random() < 0.8 else "-"
        fields.append(("pages", "{" + f"{first}{dash}{first + rng.randint(5, 40)}" + "}"))
    elif etype in {"book", "inbook", "incollection"}:
        publisher, place = rng.choice(PUBLISHERS)
        if etype != "book":
            fields.append(("booktitle", "{" + _title(rng, 3, 7) + "}"))
            fields.append(("editor", "{" + _person(rng) + " and " + _person(rng) + "}"))
            first = rng.randint(1, 400)
            fields.append(("pages", "{" + f"{first}--{first + rng.randint(10, 30)}" + "}"))
        fields.append(("publisher", "{" + publisher + "}"))
        fields.append(("location" if biblatex else "address", "{" + place + "}"))
        if rng.random() < 0.4:
            fields.append(("isbn", "{978-" + str(rng.randint(10**9, 10**10 - 1)) + "}"))
    elif etype == "inproceedings":
        fields.append(("booktitle", "{Proceedings of the " + _title(rng, 2, 4) + " Conference}"))
        first = rng.randint(1, 400)
        fields.append(("pages", "{" + f"{first}--{first + rng.randint(5, 15)}" + "}"))
    elif etype in {"report", "techreport"}:
        fields.append(("institution", "{" + rng.choice(CORPORATE).strip("{}") + "}"))
        fields.append(("number", "{" + f"WP-{rng.randint(1, 300)}" + "}"))
    elif etype in {"phdthesis", "mastersthesis", "thesis"}:
        fields.append(
            (
                "school",
                "{University of " + rng.choice(("Peshawar", "Oxford", "Lahore", "Toronto")) + "}",
            )
        )
        if etype == "thesis":
            fields.append(("type", "{phdthesis}"))
    if etype in {"online", "misc"} or rng.random() < 0.1:
        fields.append(("url", "{https://example.org/" + key + "}"))
        fields.append(
            ("urldate", "{" + f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" + "}")
        )
    if etype in {"article", "inproceedings", "incollection"} and rng.random() < 0.75:
        fields.append(("doi", "{" + _doi(rng, key) + "}"))
    if rng.random() < 0.05:
        fields.append(
            ("eprint", "{" + f"{rng.randint(1000, 2400)}.{rng.randint(10000, 99999)}" + "}")
        )
        fields.append(("eprinttype", "{arxiv}"))
    if rng.random() < 0.1:
        fields.append(
            ("abstract", "{" + " ".join(_title(rng, 8, 16) + "." for _ in range(3)) + "}")
        )
    if rng.random() < 0.05:
        fields.append(("note", "{In " + rng.choice(("Urdu", "Russian", "French")) + "}"))
    if rng.random() < 0.05:
        fields.append(("keywords", "{" + ", ".join(rng.sample(WORDS, 3)) + "}"))
    indent = "  " if rng.random() < 0.8 else "\t"
    body = ",\n".join(f"{indent}{name} = {value}" for name, value in fields)
    trailing = "," if rng.random() < 0.3 else ""
    return key, f"@{etype}{{{key},\n{body}{trailing}\n}}\n"


def generate_bib(n: int, *, seed: int = 0) -> GeneratedBib:
    """A `.bib` file of `n` valid entries mixing BibTeX and BibLaTeX, with macros and comments."""
    rng = random.Random(seed)
    strings = ("gfpr", "jss", "ia")
    parts = [
        "% Generated by bench/generate.py; deterministic for a given seed.\n",
        '@preamble{"\\providecommand{\\noopsort}[1]{}"}\n\n',
        f"@string{{{strings[0]} = {{{JOURNALS[0]}}}}}\n",
        f'@string{{{strings[1]} = "{JOURNALS[1]}"}}\n',
        f"@string{{{strings[2]} = {{{JOURNALS[2]}}}}}\n\n",
    ]
    used: set[str] = set()
    keys: list[str] = []
    for i in range(n):
        key, text = _entry(rng, used, strings)
        keys.append(key)
        parts.append(text)
        if i % 97 == 50:
            parts.append(f"\n% Section {i // 97}: entries checked by the editor.\n")
        elif i % 211 == 100:
            parts.append("@comment{Imported from a reference manager export.}\n")
        parts.append("\n")
    return GeneratedBib("".join(parts), tuple(keys), len(strings))


def write_bib(path: Path, n: int, *, seed: int = 0) -> GeneratedBib:
    bib = generate_bib(n, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bib.text, encoding="utf-8")
    return bib


# ---- paper folders ------------------------------------------------------------------------


FRONT_MATTER = """\
---
title: "{title}"
author:
  - name: Generated Author
    surname: Author
    given-names: Generated
    affiliation: [aff1]
    email: author@example.org
    cor-id: cor1
affiliation:
  - id: aff1
    organization: Department of Benchmarks, Example University
    city: Lahore
    country: Pakistan
journal:
  title: Global Foreign Policies Review
  abbrev-title: GFPR
article:
  volume: VI
  issue: III
  fpage: 1
  doi: 10.31703/gfpr.2023(VI-III).99
date: 2024-01-01
keywords: [benchmark, generated]
abstract: A generated manuscript used to measure docbuild.
---

"""

# The paper folder's own dodo.py, as `docbuild new` writes it: docbuild's standard tasks.
DODO = """\
\"\"\"doit tasks for this paper folder (generated by bench/generate.py).\"\"\"

from docbuild.tasks import *  # noqa: F403  (doit finds tasks by their names in this module)
"""


@dataclass(frozen=True, slots=True)
class GeneratedPaper:
    folder: Path
    chapters: int
    words: int  # words of prose written (citations and markup excluded)
    references: int
    citations: int  # cited keys, counting each key in a group
    figures: int
    tables: int


def _sentence(rng: random.Random) -> list[str]:
    n = rng.randint(8, 22)
    words = [rng.choice(WORDS) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(n)]
    words.insert(rng.randint(2, max(2, n - 2)), rng.choice(VERBS))
    words[0] = words[0].capitalize()
    return words


def _svg(index: int, rng: random.Random) -> str:
    bars = "".join(
        f'<rect x="{20 + 40 * i}" y="{180 - h}" width="30" height="{h}" fill="#4a6fa5"/>'
        for i, h in enumerate(rng.randint(20, 160) for _ in range(8))
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="200" '
        f'viewBox="0 0 360 200"><title>Figure {index}</title>'
        f'<rect width="360" height="200" fill="#fff"/>{bars}</svg>\n'
    )


def _citation_stream(rng: random.Random, keys: tuple[str, ...], total: int) -> Iterator[str]:
    """`total` cited keys, every key at least once when total >= len(keys), shuffled."""
    pool = list(keys) * (total // len(keys)) + rng.sample(list(keys), total % len(keys))
    rng.shuffle(pool)
    yield from pool


def _citation(rng: random.Random, stream: Iterator[str], count: int) -> str:
    keys = [next(stream) for _ in range(count)]
    form = rng.random()
    if count == 1 and form < 0.25:
        return f"@{keys[0]}"
    if count == 1 and form < 0.4:
        return f"[see @{keys[0]}, p. {rng.randint(1, 300)}]"
    return "[" + "; ".join(f"@{k}" for k in keys) + "]"


def generate_paper(
    folder: Path,
    *,
    chapters: int = 1,
    words: int = 6000,
    references: int = 60,
    citations: int = 90,
    figures: int = 2,
    tables: int = 2,
    seed: int = 0,
    title: str = "Generated paper",
    style: str | None = None,
) -> GeneratedPaper:
    """Write a complete paper folder (docbuild.toml, refs.bib, manuscript/, figures/).

    The default is a journal-length article; `generate_book` asks for a 30-chapter book.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    bib = write_bib(folder / "refs.bib", references, seed=seed)
    toml = f'style = "{style}"\n' if style else ""
    (folder / "docbuild.toml").write_text(toml, encoding="utf-8")
    (folder / "dodo.py").write_text(DODO, encoding="utf-8")
    (folder / "manuscript").mkdir(exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    stream = _citation_stream(rng, bib.keys, citations)
    cites_left = citations
    words_left = words
    figs_per = [figures // chapters + (1 if i < figures % chapters else 0) for i in range(chapters)]
    tabs_per = [tables // chapters + (1 if i < tables % chapters else 0) for i in range(chapters)]
    fig_no = tab_no = 0
    written = 0
    for ch in range(chapters):
        ch_words = words_left // (chapters - ch)
        ch_cites = cites_left // (chapters - ch)
        words_left -= ch_words
        cites_left -= ch_cites
        out: list[str] = []
        if ch == 0:
            out.append(FRONT_MATTER.format(title=title))
        heading = f"Chapter {ch + 1}" if chapters > 1 else "Introduction"
        out.append(f"# {heading} {{#sec:ch{ch + 1}}}\n\n")
        paragraphs: list[list[str]] = []
        chapter_written = 0
        while chapter_written < ch_words:
            para: list[str] = []
            for _ in range(rng.randint(3, 7)):
                words_s = _sentence(rng)
                words_s = words_s[: max(1, ch_words - chapter_written)]
                chapter_written += len(words_s)
                para.append(" ".join(words_s))
                if chapter_written >= ch_words:
                    break
            paragraphs.append(para)
        # Spread the chapter's citations over its sentences, a few grouped.
        slots = [(p, s) for p, para in enumerate(paragraphs) for s in range(len(para))]
        groups: list[int] = []
        remaining = ch_cites
        while remaining > 0:
            size = min(remaining, rng.choices((1, 2, 3), weights=(70, 20, 10))[0])
            groups.append(size)
            remaining -= size
        chosen = sorted(rng.sample(range(len(slots)), min(len(groups), len(slots))))
        if len(groups) > len(slots):
            chosen += [len(slots) - 1] * (len(groups) - len(slots))
        for slot_index, size in zip(chosen, groups, strict=True):
            p, s = slots[slot_index]
            paragraphs[p][s] += " " + _citation(rng, stream, size)
        figure_at = {rng.randrange(len(paragraphs)) for _ in range(figs_per[ch])}
        table_at = {rng.randrange(len(paragraphs)) for _ in range(tabs_per[ch])}
        for i, para in enumerate(paragraphs):
            if i and i % 8 == 0:
                out.append(f"## Section {ch + 1}.{i // 8}\n\n")
            out.append(". ".join(para) + ".\n\n")
            if i in figure_at and fig_no < figures:
                fig_no += 1
                (folder / "figures" / f"fig{fig_no}.svg").write_text(_svg(fig_no, rng))
                out.append(
                    f"![Measured values, series {fig_no}](figures/fig{fig_no}.svg)"
                    f"{{#fig:f{fig_no}}}\n\n"
                )
            if i in table_at and tab_no < tables:
                tab_no += 1
                rows = "".join(
                    f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.random():.2f} |\n"
                    for _ in range(rng.randint(3, 8))
                )
                out.append(
                    "| Item | Count | Share |\n|:---|---:|---:|\n"
                    f"{rows}\n: Observed counts {tab_no} {{#tbl:t{tab_no}}}\n\n"
                )
        written += chapter_written
        (folder / "manuscript" / f"{ch + 1:02d}-chapter.md").write_text(
            "".join(out), encoding="utf-8"
        )
    return GeneratedPaper(folder, chapters, written, references, citations, fig_no, tab_no)


def generate_book(folder: Path, *, seed: int = 0) -> GeneratedPaper:
    """The scale case of issue 4: 30 chapters, 100,000 words, 2,000 references, 3,000 citations."""
    return generate_paper(
        folder,
        chapters=30,
        words=100_000,
        references=2000,
        citations=3000,
        figures=30,
        tables=30,
        seed=seed,
        title="A generated book",
    )


def generate_issue(root: Path, papers: int, *, seed: int = 0, **kwargs: int) -> list[Path]:
    """A journal issue: `papers` small paper folders under `root` (for `docbuild batch`)."""
    folders = []
    for i in range(papers):
        folder = root / f"paper{i + 1:02d}"
        generate_paper(folder, seed=seed + i, title=f"Generated paper {i + 1}", **kwargs)
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    p_bib = sub.add_parser("bib")
    p_bib.add_argument("n", type=int)
    p_bib.add_argument("out", type=Path)
    p_bib.add_argument("--seed", type=int, default=0)
    p_book = sub.add_parser("book")
    p_book.add_argument("folder", type=Path)
    p_paper = sub.add_parser("paper")
    p_paper.add_argument("folder", type=Path)
    p_paper.add_argument("--words", type=int, default=6000)
    args = parser.parse_args()
    if args.what == "bib":
        write_bib(args.out, args.n, seed=args.seed)
    elif args.what == "book":
        print(generate_book(args.folder))
    else:
        print(generate_paper(args.folder, words=args.words))


if __name__ == "__main__":
    main()
