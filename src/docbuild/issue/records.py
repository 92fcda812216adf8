"""One paper of an issue as the issue sees it: where it was built, its pages, why it failed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PaperRecord:
    folder: Path
    slot: Path  # the paper's build folder inside the issue's
    signature: str  # what its build depended on
    title: str = ""
    authors: str = ""
    doi: str = ""
    fpage: int | None = None
    lpage: int | None = None
    rebuilt: bool = False
    failed: str = ""  # the reason, for a paper that did not build
    deposit: str = ""  # why the paper is not in the Crossref deposit, if it is not

    @property
    def pdf(self) -> Path:
        return self.slot / "paper.pdf"

    @property
    def pages(self) -> int:
        return 0 if self.fpage is None or self.lpage is None else self.lpage - self.fpage + 1

    def described(self) -> dict[str, object]:
        """What the issue's state file and its manifest both keep of the paper, in order."""
        return {
            "title": self.title,
            "authors": self.authors,
            "doi": self.doi,
            "fpage": self.fpage,
            "lpage": self.lpage,
            "pages": self.pages,
        }


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
