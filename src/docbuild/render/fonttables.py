"""Which tables a font file has, read from its table directory: a look the style's loading
makes on every `doit` call (the math font), too small a job to import fontTools for."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# An OpenType or TrueType font's first four bytes; its table directory follows (numTables at
# byte 4, then 16-byte records from byte 12, each opening with the table's tag).
_SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true")


@cache
def has_math_table(path: Path) -> bool:
    """Whether the font has a MATH table. A plain font's table directory is read here: the
    styles' fonts are looked at by every `doit` call's task creators, where importing
    fontTools and opening a dozen fonts with it was a tenth of a no-op build; other
    containers (WOFF, WOFF2, collections) and a cut-short directory are fontTools' to read."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if len(head) == 12 and head[:4] in _SFNT_VERSIONS:
                count = int.from_bytes(head[4:6], "big")
                records = fh.read(16 * count)
                if len(records) == 16 * count:
                    return any(records[i : i + 4] == b"MATH" for i in range(0, len(records), 16))
    except OSError:
        return False
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            return "MATH" in font
    except Exception:  # not a font fontTools can read: not a math font
        return False
