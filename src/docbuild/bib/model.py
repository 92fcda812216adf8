"""Our own frozen model of a `.bib` file; nothing outside `bib/` sees bibtexparser's classes."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from docbuild.bib.problems import Problem, ProblemKind


class ValueKind(enum.Enum):
    """How a field value was written, so the writer can write it back the same way."""

    BRACED = "braced"  # {...}
    QUOTED = "quoted"  # "..."
    BARE = "bare"  # 2020, jan, or a @string name
    CONCAT = "concat"  # foo # " bar"


@dataclass(frozen=True, slots=True)
class BibField:
    name: str  # as written in the file (case preserved); compare with `.lower()`
    value: str  # the value without its outer delimiters, @string macros expanded
    line: int  # 1-based line of the field name
    column: int = 1  # 1-based column of the field name
    raw: str = ""  # the value exactly as written, delimiters included
    kind: ValueKind = ValueKind.BRACED
    # The parent's key, for a field the entry inherits through crossref or xdata
    # (bib/inherit.py); its line and column are then the parent's.
    inherited_from: str | None = None


@dataclass(frozen=True, slots=True)
class BibEntry:
    entry_type: str  # lower-case: "article", "online", ...
    key: str
    fields: tuple[BibField, ...]
    line: int  # 1-based line of the `@type{`
    end_line: int = 0  # 1-based line of the closing delimiter
    column: int = 1
    ignored_rules: frozenset[str] = frozenset()  # from `% docbuild: ignore <rule>` just before
    raw: str = ""  # the entry exactly as written, `@type{` to the closing delimiter
    # The file it is written in, when a bibliography joins several files and it is not the
    # first (bib/join.py); None: the bibliography's own `path`.
    path: Path | None = None
    # The first field of each lower-case name: every rule asks for fields by name, many times.
    _by_name: dict[str, BibField] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Reversed, so that the first field of a name is the one that stays.
        by_name = {f.name.lower(): f for f in reversed(self.fields)}
        object.__setattr__(self, "_by_name", by_name)

    def get(self, name: str) -> BibField | None:
        """The first field called `name` (case-insensitive), or None."""
        # Rules ask with lower-case names: one look-up, and `lower()` only on a miss.
        found = self._by_name.get(name)
        return found if found is not None or name.islower() else self._by_name.get(name.lower())

    # `value` and `has` repeat `get` inline: rules call them some forty times an entry.
    def value(self, name: str) -> str | None:
        """The value of field `name`, or None when absent."""
        f = self._by_name.get(name)
        if f is None and not name.islower():
            f = self._by_name.get(name.lower())
        return f.value if f is not None else None

    def has(self, name: str) -> bool:
        f = self._by_name.get(name)
        if f is None and not name.islower():
            f = self._by_name.get(name.lower())
        return f is not None and f.value.strip() != ""

    def has_duplicate_fields(self) -> bool:
        """Whether two fields share a name (case aside)."""
        return len(self._by_name) != len(self.fields)

    def __iter__(self) -> Iterator[BibField]:
        return iter(self.fields)


@dataclass(frozen=True, slots=True)
class BibString:
    name: str  # as written; macro names are case-insensitive
    value: str  # expanded, delimiters removed
    line: int
    raw: str = ""  # the value exactly as written, delimiters included


@dataclass(frozen=True, slots=True)
class BibPreamble:
    value: str  # expanded, delimiters removed
    line: int
    raw: str = ""  # the value exactly as written, delimiters included


@dataclass(frozen=True, slots=True)
class BibComment:
    """`@comment{...}` or any text between entries (an implicit comment)."""

    text: str
    line: int
    explicit: bool = False  # True for @comment{...}


@dataclass(frozen=True, slots=True)
class FailedBlock:
    """A block the parser could not read; kept verbatim so nothing is lost."""

    raw: str
    line: int
    problem: ProblemKind  # what made it unreadable (the reader's Problem says where)
    path: Path | None = None  # as BibEntry.path: its file, of several after the first


Block = BibEntry | BibString | BibPreamble | BibComment | FailedBlock


@dataclass(frozen=True, slots=True)
class Bibliography:
    path: Path  # the file read; the first of them when several are joined
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...] = field(default=())  # what the reader found wrong, in order
    # Every file joined, in the order given (bib/join.py); () for one file, `path`
    files: tuple[Path, ...] = ()

    def path_of(self, item: _Placed | None) -> Path:
        """The file an entry, block or problem is in (the first file for None)."""
        return (item.path or self.path) if item is not None else self.path

    def names(self, conjunction: str = "and") -> str:
        """The files' names in a sentence: `refs.bib`, `a.bib and b.bib`, `a.bib or b.bib`."""
        return names_of([f.name for f in self.files or (self.path,)], conjunction)

    @property
    def entries(self) -> tuple[BibEntry, ...]:
        return tuple(b for b in self.blocks if isinstance(b, BibEntry))

    def by_key(self) -> dict[str, BibEntry]:
        """Entries by key; with duplicate keys in one file, the first one wins (the rest are
        problems); in two files, the later file's, as pandoc reads them (bib/join.py)."""
        out: dict[str, BibEntry] = {}
        for e in self.entries:
            kept = out.setdefault(e.key, e)
            if kept.path != e.path:
                out[e.key] = e
        return out


def names_of(names: Sequence[str], conjunction: str = "and") -> str:
    """Files in a sentence: `a.bib`, `a.bib and b.bib`, `a.bib, b.bib and c.bib`."""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


class _Placed(Protocol):
    """What has a line in one of a bibliography's files: an entry, a block, a problem."""

    @property
    def path(self) -> Path | None: ...
