"""Bytes to text for the reader: UTF-8, with stray bytes read as Windows-1252 and recorded."""

from __future__ import annotations

import re

_SURROGATES = re.compile("[\udc80-\udcff]+")
# Control characters other than tab, newline, carriage return and form feed are not text.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> tuple[str, list[tuple[int, int, bytes]]]:
    """UTF-8, with each invalid byte read as Windows-1252 (so nothing is lost) and recorded as
    (character offset, byte offset, bytes)."""
    text = data.decode("utf-8", errors="surrogateescape")
    if not _SURROGATES.search(text):
        return text, []
    bad: list[tuple[int, int, bytes]] = []
    parts: list[str] = []
    pos = 0
    byte_pos = 0
    for m in _SURROGATES.finditer(text):
        byte_pos += len(text[pos : m.start()].encode("utf-8", errors="surrogateescape"))
        raw = bytes(ord(c) - 0xDC00 for c in m.group())
        bad.append((m.start(), byte_pos, raw))
        parts.append(text[pos : m.start()])
        parts.append(windows_1252(raw))
        byte_pos += len(raw)
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), bad


def windows_1252(raw: bytes) -> str:
    """The usual meaning of stray bytes in a .bib (Latin-1 where Windows-1252 has a gap)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
