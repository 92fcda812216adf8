"""What a long build is doing, on stderr: the step and how far along.

Shown on a terminal, or wherever `DOCBUILD_PROGRESS=1` asks for it (`=0` silences it): a log
or CI keeps only the findings otherwise. On a terminal the line is rewritten in place; asked for
elsewhere, each step is a line of its own, e.g. `docbuild: pdf: laying out page 12`.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import TextIO

ENV = "DOCBUILD_PROGRESS"
PREFIX = "docbuild: "


def wanted(stream: TextIO | None = None) -> bool:
    value = os.environ.get(ENV, "").strip()
    if value in ("0", "1"):
        return value == "1"
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


def say(text: str, stream: TextIO | None = None) -> None:
    """One step of progress; nothing unless `wanted()`."""
    stream = stream or sys.stderr
    if not wanted(stream):
        return
    if stream.isatty():
        stream.write(f"\r\x1b[K{PREFIX}{text}")  # one line, rewritten
    else:
        stream.write(f"{PREFIX}{text}\n")
    stream.flush()


def done(stream: TextIO | None = None) -> None:
    """End a rewritten line, so that what follows starts on a line of its own."""
    stream = stream or sys.stderr
    if wanted(stream) and stream.isatty():
        stream.write("\r\x1b[K")
        stream.flush()


_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)")
_AGAIN = re.compile(r"Step 5 - Creating layout - Repagination #(\d+)")


class WeasyPrintSteps(logging.Handler):
    """WeasyPrint's progress log (`weasyprint.progress`) as docbuild's progress lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if page := _PAGE.match(message):
            self.pages = max(self.pages, int(page[1]))
            say(f"pdf: laying out page {page[1]}")
        elif again := _AGAIN.match(message):
            say(f"pdf: laying out again (pass {int(again[1]) + 1}) for page references")
        elif message.startswith("Step 6"):
            say(f"pdf: writing {self.pages} page{'' if self.pages == 1 else 's'}")
        elif message.startswith("Step 1"):
            say("pdf: reading the HTML and CSS")


def follow_weasyprint() -> WeasyPrintSteps | None:
    """Report WeasyPrint's steps while it renders, if progress is wanted."""
    if not wanted():
        return None
    handler = WeasyPrintSteps()
    logger = logging.getLogger("weasyprint.progress")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler
