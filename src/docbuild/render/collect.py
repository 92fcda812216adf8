"""Python's cycle collector paused while the PDF is rendered, and run once per layout instead.

A layout of a long paper makes millions of objects that live until the next layout (boxes,
styles, the previous layout's pages that the float pass keeps). Each automatic full
collection traverses all of them and finds almost nothing: on the 351-page book a layout
that keeps most pages spent half its CPU in them (bench/RESULTS.md, hF2). The garbage that
matters is the documents the float pass has replaced, which hold cycles; `collect()` frees
them before each layout, so the memory stays that of two layouts, as before.
"""

from __future__ import annotations

import gc


def pause_collection() -> bool:
    """No automatic collection from now on; whether there was (for `resume_collection`)."""
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def resume_collection(enabled: bool) -> None:
    """The collector as `pause_collection` found it."""
    if enabled:
        gc.enable()


def collect() -> None:
    """The cycles left by the layouts before (the documents replaced), freed now."""
    gc.collect()
