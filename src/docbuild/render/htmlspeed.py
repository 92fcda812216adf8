"""A shortcut through tinyhtml5 (WeasyPrint's HTML parser) that leaves its parse as it was:
the patterns of its `chars_until` kept under the key it looks them up by.

tinyhtml5 2.1 caches the pattern each `chars_until(characters)` call compiles, but its chained
assignment (`characters = cache[(characters, opposite)] = regex`) rebinds `characters` first,
so the pattern is stored under the pattern itself and every call builds it again: a list
comprehension, a join and a look-up in re's cache, 23,000 times for a page of 900 math images
(0.14 s of 0.34 s of the parse). Here each pattern is put in that cache, under its right key,
before tinyhtml5 looks for it: the same pattern tinyhtml5 would compile, so the same parse.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Hashable, Iterable
from types import ModuleType

_SPED_UP: list[bool] = []


def speed_up_tinyhtml5(inputstream: ModuleType | None = None) -> bool:
    """Install the shortcut into tinyhtml5's `inputstream` module (the installed one by
    default), once; whether it is in (a WeasyPrint without tinyhtml5, or a tinyhtml5 without
    that cache or method, keeps its own code)."""
    if _SPED_UP:
        return True
    if inputstream is None:
        try:
            inputstream = importlib.import_module("tinyhtml5.inputstream")
        except ImportError:
            return False
    cache = getattr(inputstream, "characters_until_regex", None)
    stream = getattr(inputstream, "HTMLUnicodeInputStream", None)
    original: Callable[..., str] | None = getattr(stream, "chars_until", None)
    if not isinstance(cache, dict) or original is None:
        return False

    def chars_until(self: object, characters: Iterable[str], opposite: bool = False) -> str:
        key = (characters, opposite)
        if isinstance(characters, Hashable) and key not in cache:
            cache[key] = _pattern(characters, opposite)
        return original(self, characters, opposite)

    stream.chars_until = chars_until  # type: ignore[union-attr]
    _SPED_UP.append(True)
    return True


def _pattern(characters: Iterable[str], opposite: bool) -> re.Pattern[str]:
    """The pattern tinyhtml5 2.1's `chars_until` compiles (its code, MIT licence)."""
    regex = "".join([f"\\x{ord(character):02x}" for character in characters])
    if not opposite:
        regex = f"^{regex}"
    return re.compile(f"[{regex}]+")
