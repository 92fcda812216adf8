"""What the preview page is told: the state of the latest rebuild, and a wait for the next.

One `Hub` per preview; the rebuild and the PDF thread publish, each page's event stream waits.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping


class Hub:
    def __init__(self, state: Mapping[str, object]) -> None:
        self._changed = threading.Condition()
        self._state: dict[str, object] = dict(state)
        self._version = 0
        self._closed = False

    def publish(self, **changes: object) -> None:
        with self._changed:
            self._state.update(changes)
            self._version += 1
            self._changed.notify_all()

    def current(self) -> tuple[int, dict[str, object]]:
        with self._changed:
            return self._version, dict(self._state)

    def wait(self, after: int, timeout: float) -> tuple[int, dict[str, object]] | None:
        """The state once its version passes `after`; None on timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._version > after, timeout)
            if self._closed or self._version <= after:
                return None
            return self._version, dict(self._state)

    @property
    def closed(self) -> bool:
        with self._changed:
            return self._closed

    def close(self) -> None:
        """End every waiting stream (the preview is stopping)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
