"""Content keys for docbuild's caches (build/.cache): one home for how a key is made."""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """A key for `parts` taken in order: each part hashed on its own first, so no two lists of
    parts run together into one key ("ab", "c" against "a", "bc")."""
    whole = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        whole.update(hashlib.sha256(data).digest())
    return whole.hexdigest()
