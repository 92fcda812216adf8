"""Import WeasyPrint without its library probe: 0.15-0.35 s of CPU and ~200 processes saved.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi under several names each, the
Linux soname (`libpango-1.0.so.0`) among the last. For every name before it cffi asks
`ctypes.util.find_library`, which on Linux runs ldconfig, gcc and ld to look for the library
(16 names, over 200 processes). On Linux the sonames load directly, so while WeasyPrint is
imported that question is answered "not found" at once and cffi moves on to the soname. If the
import fails that way (a system without those sonames), it is retried with the real probe.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def import_weasyprint() -> ModuleType:
    """`import weasyprint`, the fast way on Linux; the same module either way."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    with _lock:
        probe = ctypes.util.find_library
        ctypes.util.find_library = _not_found  # type: ignore[assignment]
        try:
            return importlib.import_module("weasyprint")
        except OSError:
            for name in [
                m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")
            ]:
                del sys.modules[name]  # half-imported: import it again, the slow way
        finally:
            ctypes.util.find_library = probe
    return importlib.import_module("weasyprint")


def _not_found(name: str) -> str | None:
    return None
