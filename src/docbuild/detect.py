"""Where a repository keeps its manuscript: `docbuild init`'s detection. Pure.

Given the repository's file names and the text of its Markdown and YAML files, find the
manuscript (JOSS, Quarto, pandoc-crossref, Manubot, or one Markdown file), its bibliography
and CSL, and say what was found and what was assumed; init.py reads the files and writes.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from docbuild.bib.model import names_of
from docbuild.frontyaml import front_matter_block, top_level

# Folders that hold no manuscript: tools' caches, environments, outputs.
SKIPPED = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "node_modules",
        "build",
        "_build",
        "_output",
        "output",
        "_site",
        "_freeze",
        ".quarto",
        "__pycache__",
        "site-packages",
        "_extensions",
        ".ipynb_checkpoints",
    }
)
MANUSCRIPT_SUFFIXES = (".md", ".qmd", ".markdown", ".Rmd", ".rmd")  # R Markdown is Markdown too
# Markdown files that are about a repository, not a paper.
NOT_PAPERS = frozenset(
    {
        "readme.md",
        "license.md",
        "changelog.md",
        "contributing.md",
        "code_of_conduct.md",
        "authors.md",
        "news.md",
        "history.md",
    }
)
CROSSREF_SETTINGS = ("crossref.yaml", "pandoc-crossref.yaml", "crossref.yml")
MANUBOT_PART = re.compile(r"^\d+\.[^/]+\.md$")
# A part of a thesis or book: `10_introduction.md`, `02-methods.md`, `3.results.md`.
NUMBERED_PART = re.compile(r"^\d+[-_.]")
DOC_FOLDERS = frozenset({"docs", "doc", "documentation", "wiki", "tutorials", "examples"})
# A Manubot front-matter template is Jinja, filled in by manubot: not the author's prose.
JINJA = re.compile(r"\{\{|\{%")


class Kind(enum.Enum):
    JOSS = "JOSS paper"
    QUARTO = "Quarto manuscript"
    CROSSREF = "pandoc-crossref paper"
    MANUBOT = "Manubot manuscript"
    TYPESETTER = "manuscript-typesetter paper"
    MARKDOWN = "pandoc Markdown paper"


@dataclass(frozen=True, slots=True)
class Plan:
    kind: Kind
    manuscript: tuple[str, ...]  # paths relative to the repository, in reading order
    # the .bib files, relative, in the order pandoc is given them; () when there is none
    bibliography: tuple[str, ...]
    csl: str | None = None  # the author's CSL file, relative
    settings: tuple[str, ...] = ()  # the authors' tools' settings files that were read
    metadata: tuple[str, ...] = ()  # YAML front matter kept outside the manuscript (Manubot)
    found: tuple[str, ...] = ()  # one line per fact read from a file
    assumed: tuple[str, ...] = ()  # one line per guess: the user should check these
    ignored: tuple[str, ...] = field(default=())  # files seen and left out, with why


class NotFound(Exception):
    """No manuscript: the message says what was looked for, or which files could each be it
    (`candidates`, for the hint to name one)."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


def detect(
    names: Sequence[str],
    texts: Mapping[str, str],
    *,
    given: str | None = None,
) -> Plan:
    """The plan for the repository whose files (POSIX paths relative to its root) are `names`;
    `texts` holds the text of its .md, .qmd, .yml and .yaml files. `given` is the manuscript
    the user named, if any. Raises NotFound."""
    files = sorted(n for n in names if not (set(PurePosixPath(n).parts[:-1]) & SKIPPED))
    if given is not None:
        return _plan_for(given, files, texts, why=f"'{given}' (named on the command line)")
    finders = (_manubot, _quarto, _joss, _crossref, _typesetter, _single_markdown, _numbered_parts)
    for finder in finders:
        plan = finder(files, texts)
        if plan is not None:
            return plan
    tied = _tied([*_papers(files, texts), *(f for f in files if f.endswith(".qmd"))])
    if len(tied) > 1:
        # Two papers side by side (a report beside the manuscript, appendices beside the
        # paper): which one is the paper is the author's to say, not a guess
        named = ", ".join(f"'{t}'" for t in tied[:6]) + (", ..." if len(tied) > 6 else "")
        raise NotFound(
            f"{len(tied)} files could each be the manuscript, and docbuild does not guess: {named}",
            tied,
        )
    raise NotFound(
        "no manuscript found: looked for a JOSS paper.md, a Quarto _quarto.yml or .qmd, "
        "a Markdown file with a crossref.yaml beside it, Manubot's content/metadata.yaml, "
        "a single Markdown file with a YAML front matter, and a folder of numbered Markdown parts"
    )


def _manubot(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    meta = next((f for f in files if f.endswith("content/metadata.yaml")), None)
    if meta is None:
        return None
    folder = str(PurePosixPath(meta).parent)
    parts = [
        f
        for f in files
        if str(PurePosixPath(f).parent) == folder and MANUBOT_PART.match(PurePosixPath(f).name)
    ]
    prose = [p for p in parts if not JINJA.search(texts.get(p, ""))]
    templates = [p for p in parts if p not in prose]
    if not prose:
        return None
    bib = _first_bib(files, folder)
    found = [f"Manubot's {meta} and {len(prose)} numbered parts in {folder}/"]
    assumed = [f"{t} is a Jinja template that manubot fills in: left out" for t in templates]
    json_refs = f"{folder}/manual-references.json"
    found.append(f"the title and authors in {meta}")
    if json_refs in files:
        found.append(f"{json_refs}: Manubot's works, for its citation keys")
    return Plan(
        Kind.MANUBOT,
        tuple(prose),
        (bib,) if bib else (),
        settings=(meta,),
        metadata=(meta,),
        found=tuple(found),
        assumed=tuple(assumed),
        ignored=tuple(templates),
    )


def _quarto(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    configs = [f for f in files if PurePosixPath(f).name == "_quarto.yml"]
    qmds = [f for f in files if f.endswith(".qmd")]
    if configs:
        guess = ""
        config = min(configs, key=lambda c: (c.count("/"), c))
        folder = PurePosixPath(config).parent
        data = top_level(texts.get(config, ""))
        listed = _strings(data.get("manuscript.article")) or _strings(data.get("project.render"))
        entry = [_join(folder, e) for e in listed if e.endswith(MANUSCRIPT_SUFFIXES)]
        found = [f"Quarto project {config}"]
        if entry:
            found.append(f"{config} names {', '.join(listed)}")
        else:
            in_folder = [q for q in qmds if PurePosixPath(q).parent == folder]
            entry = _pick_one(in_folder)
            home = _join(folder, "index.qmd")
            if not entry and home in in_folder:
                # Several documents and no list: Quarto renders them all, its home document
                # (a website's, a book's first page) being index.qmd; slides beside it
                # (quarto-cn-tools' slides.qmd) are another output.
                entry = [home]
                others = ", ".join(q for q in in_folder if q != home)
                guess = f"{home}, the project's home document, of its .qmd files ({others})"
        entry = [e for e in entry if e in files]
        if not entry:
            return None
        plan = _plan_for(entry[0], files, texts, why=found[0], extra=entry[1:], config=config)
        if guess:
            plan = _with(plan, assumed=(f"manuscript {guess}: name another with `docbuild init"
                                        " FILE`", *plan.assumed))  # fmt: skip
        given = _project_metadata(data, texts.get(entry[0], ""))
        if given:
            # Quarto gives every document of the project the top-level keys of _quarto.yml,
            # the document's own front matter winning: docbuild reads the file as pandoc's
            # --metadata-file, whose values the front matter overrides in the same way.
            found.append(f"{' and '.join(given)} in {config} (Quarto gives them to the document)")
            plan = _with(plan, metadata=(config, *plan.metadata))
        return _with(plan, kind=Kind.QUARTO, found=(*found, *plan.found[1:]))
    if qmds:
        entry = _pick_one(qmds)
        if entry:
            plan = _plan_for(entry[0], files, texts, why=f"the Quarto document {entry[0]}")
            return _with(plan, kind=Kind.QUARTO)
    return None


# The keys of a Quarto project's _quarto.yml that docbuild needs from the document: the title
# block. Only when the manuscript's front matter lacks one of them is the file read for them.
_PROJECT_TITLE_KEYS = ("title", "author")


def _project_metadata(project: Mapping[str, object], manuscript: str) -> list[str]:
    """The title-block keys that `_quarto.yml` (read by `top_level`) sets at its top level
    and the manuscript's front matter does not: `title`, `author`."""
    own = top_level(front_matter_block(manuscript))
    return [
        key
        for key in _PROJECT_TITLE_KEYS
        if any(k == key or k.startswith(f"{key}.") for k in project)
        and not any(k == key or k.startswith(f"{key}.") for k in own)
    ]


def _joss(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    papers = sorted(
        (f for f in files if PurePosixPath(f).name == "paper.md"), key=lambda f: (f.count("/"), f)
    )
    for paper in papers:
        meta = top_level(front_matter_block(texts.get(paper, "")))
        if "authors" in meta or "affiliations" in meta or "tags" in meta:
            plan = _plan_for(paper, files, texts, why=f"the JOSS paper {paper}")
            return _with(plan, kind=Kind.JOSS)
    return None


def _crossref(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    for settings in (f for f in files if PurePosixPath(f).name in CROSSREF_SETTINGS):
        folder = PurePosixPath(settings).parent
        entry = _pick_one([f for f in _papers(files, texts) if PurePosixPath(f).parent == folder])
        if entry:
            plan = _plan_for(entry[0], files, texts, why=f"{entry[0]} with {settings} beside it")
            return _with(plan, kind=Kind.CROSSREF, settings=(settings, *plan.settings))
    return None


def _typesetter(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    """PoisotLab's manuscript-typesetter: the paper is README.md, with no front matter; its
    title, authors and abstract are in metadata.json beside it (which pandoc reads as YAML),
    its works in the .bib file there; `appendix/*.md` are supplements it builds apart."""
    for meta in (f for f in files if PurePosixPath(f).name == "metadata.json"):
        folder = PurePosixPath(meta).parent
        entry = _join(folder, "README.md")
        bib = _first_bib(files, str(folder))
        if entry not in files or bib is None or front_matter_block(texts.get(entry, "")):
            continue
        appendix = _join(folder, "appendix") + "/"
        supplements = [f for f in files if f.startswith(appendix) and f.endswith(".md")]
        return Plan(
            Kind.TYPESETTER,
            (entry,),
            (bib,),
            metadata=(meta,),
            found=(
                f"{entry} with {meta} beside it (the manuscript-typesetter's layout)",
                f"the title, authors and abstract in {meta}",
                f"bibliography {bib}, the .bib file beside it",
            ),
            assumed=tuple(
                f"{s}: a supplement, which the typesetter builds on its own; left out"
                for s in supplements
            ),
            ignored=tuple(supplements),
        )
    return None


def _single_markdown(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    entry = _pick_one(_papers(files, texts))
    if not entry:
        return None
    return _plan_for(
        entry[0], files, texts, why=f"{entry[0]}, the one Markdown file with a YAML front matter"
    )


def _numbered_parts(files: list[str], texts: Mapping[str, str]) -> Plan | None:
    """A thesis or book kept as numbered parts without front matter, `content/10_intro.md`,
    `content/20_methods.md`, ... (the metadata given to pandoc by a build script): the parts
    of the one folder holding three or more, in name order. A repository's numbered docs
    (`docs/01-install.md`) are not a manuscript."""
    by_folder: dict[str, list[str]] = {}
    for f in files:
        path = PurePosixPath(f)
        if path.suffix in (".md", ".markdown") and NUMBERED_PART.match(path.name):
            by_folder.setdefault(str(path.parent), []).append(f)
    folders = [
        d for d, parts in by_folder.items()
        if len(parts) >= 3 and PurePosixPath(d).name.lower() not in DOC_FOLDERS
    ]  # fmt: skip
    if len(folders) != 1:
        return None
    folder = folders[0]
    parts = by_folder[folder]
    found = [f"{len(parts)} numbered Markdown parts in {folder}/, read in name order"]
    assumed = [
        f"the parts have no front matter: give the title and authors in a YAML block at the"
        f" top of {parts[0]}, or in a file named by docbuild.toml's metadata"
    ]
    bib = _first_bib(files, folder)
    bibs: tuple[str, ...] = (bib,) if bib else ()
    below = sorted(f for f in files if f.endswith(".bib") and f.startswith(f"{folder}/"))
    if bib is None and len(below) == 1:
        bibs = (below[0],)
        assumed.append(f"bibliography {below[0]}, the one .bib file in {folder}/")
    elif bib is None and below:
        # A thesis keeps its works by kind (content/bibliography/article.bib, book.bib, ...)
        # and gives them all to pandoc; the order matters only to a key in two of them.
        bibs = tuple(below)
        assumed.append(
            f"bibliographies {names_of(below)}: every .bib file in {folder}/, in name order"
            " (of a key in two files, pandoc prints the later file's entry)"
        )
    return Plan(Kind.MARKDOWN, tuple(parts), bibs, found=tuple(found), assumed=tuple(assumed))


def _papers(files: list[str], texts: Mapping[str, str]) -> list[str]:
    return [
        f
        for f in files
        if f.endswith(MANUSCRIPT_SUFFIXES)
        and PurePosixPath(f).name.lower() not in NOT_PAPERS
        and front_matter_block(texts.get(f, ""))
    ]


def _tied(candidates: list[str]) -> list[str]:
    """The shallowest of `candidates`, each once, in name order."""
    if not candidates:
        return []
    depth = min(c.count("/") for c in candidates)
    return sorted({c for c in candidates if c.count("/") == depth})


def _pick_one(candidates: list[str]) -> list[str]:
    """The manuscript among `candidates`: the only one, or the shallowest when that is one."""
    if not candidates:
        return []
    depth = min(c.count("/") for c in candidates)
    top = [c for c in candidates if c.count("/") == depth]
    return top if len(top) == 1 else []


def _plan_for(
    entry: str,
    files: list[str],
    texts: Mapping[str, str],
    *,
    why: str,
    extra: Sequence[str] = (),
    config: str | None = None,
) -> Plan:
    if entry not in files:
        raise NotFound(f"'{entry}' does not exist")
    folder = PurePosixPath(entry).parent
    meta = top_level(front_matter_block(texts.get(entry, "")))
    config_meta = top_level(texts.get(config, "")) if config else {}
    found = [why]
    assumed: list[str] = []
    bibs: list[str] = []
    missing: list[str] = []
    for where, data, base in ((entry, meta, folder), (config, config_meta, _parent(config))):
        if bibs or where is None:
            continue
        named = _strings(data.get("bibliography")) or _strings(data.get("Bibliography"))
        paths = [_join(base, name) for name in named]
        bibs = list(dict.fromkeys(p for p in paths if p in files))  # every file, in order
        if len(bibs) == 1:
            found.append(f"bibliography {bibs[0]} (the 'bibliography:' of {where})")
        elif bibs:
            found.append(f"bibliographies {names_of(bibs)} (the 'bibliography:' of {where})")
        for name, path in zip(named, paths, strict=True):
            if path in files:
                continue
            fallback = None if bibs else _first_bib(files, str(folder))
            if fallback is not None:
                bibs = [fallback]
                assumed.append(
                    f"{where} names the bibliography '{name}', which does not exist;"
                    f" using {fallback}, the .bib file beside it"
                )
            elif bibs:
                assumed.append(
                    f"{where} names the bibliography '{name}', which does not exist; left out"
                )
            else:
                missing.append(f"{where} names the bibliography '{name}', which does not exist")
    bib = bibs[0] if bibs else None
    if bib is None:
        bib = _first_bib(files, str(folder))
        if bib is not None:
            assumed.append(
                f"bibliography {bib}: the front matter names none; it is the .bib "
                "file beside the manuscript"
            )
        elif missing:
            assumed.extend(f"{m}; no bibliography is read" for m in missing)
        else:
            assumed.append(
                "no bibliography: no 'bibliography:' and no .bib file beside the manuscript"
            )
    csl = None
    for where, data, base in ((entry, meta, folder), (config, config_meta, _parent(config))):
        named_csl = _strings(data.get("csl"))
        if csl is None and where is not None and named_csl:
            path = _join(base, named_csl[0])
            if path in files:
                csl = path
                found.append(f"CSL style {path} (the 'csl:' of {where})")
            else:
                assumed.append(
                    f"{where} names the CSL style '{named_csl[0]}', which is not in "
                    "the repository; the journal style's own CSL is used"
                )
    return Plan(
        Kind.MARKDOWN,
        (entry, *[e for e in extra if e != entry]),
        tuple(bibs) if bibs else (bib,) if bib else (),
        csl=csl,
        settings=(config,) if config else (),
        found=tuple(found),
        assumed=tuple(assumed),
    )


def _first_bib(files: list[str], folder: str) -> str | None:
    base = PurePosixPath(folder)
    bibs = [f for f in files if f.endswith(".bib") and PurePosixPath(f).parent == base]
    # paper.md's convention first (paper.bib), then the only one.
    for name in ("paper.bib", "references.bib", "refs.bib"):
        if str(base / name) in bibs or (folder in ("", ".") and name in bibs):
            return str(base / name) if folder not in ("", ".") else name
    return bibs[0] if len(bibs) == 1 else None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    return []


def _parent(path: str | None) -> PurePosixPath:
    return PurePosixPath(path).parent if path else PurePosixPath(".")


def _join(folder: PurePosixPath, name: str) -> str:
    # As listed: the listing has no "." or ".." parts, so "a/./b" is "a/b" and a JOSS paper's
    # "docs/paper/../refs.bib" is "docs/refs.bib". A path that climbs above the repository keeps
    # its leading "..", which no listed file has.
    parts: list[str] = []
    for part in (PurePosixPath(folder) / name).parts:
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return str(PurePosixPath(*parts)) if parts else "."


def _with(plan: Plan, **changes: object) -> Plan:
    from dataclasses import replace

    return replace(plan, **changes)  # type: ignore[arg-type]
