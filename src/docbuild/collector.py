"""Python's cycle collector paused around work that makes millions of long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off within the block (or the decorated function), as it was
    after. Each automatic full collection walks every live object again: reading 10,000
    bib entries makes a million of them (a quarter of the read), a layout of the 351-page book
    several million (half the CPU of a layout that keeps most pages). Work that leaves cycles
    behind collects them itself (render/pdf.py does once per layout)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
