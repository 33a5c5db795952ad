"""Draft saves of one form land in the order their contents were taken.

A form's draft is saved two ways: by a timer, whose save runs in a database worker thread, and
at once on the UI thread when the idle lock comes or the link drops (screens/hang_up.py). A
worker's save taken before the last keys could commit after the save that holds them and put
the older text back: a dropped link left "mothe" where "mother" had been saved (seen once in
CI, tests/integration/test_slow_link.py). Here each save is numbered when its content is taken
(on the UI thread), and one taken earlier than the last written is skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DraftOrder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._taken = 0
        self._written = 0

    def take(self) -> int:
        """The number of a save whose content is being taken now (on the UI thread)."""
        self._taken += 1
        return self._taken

    def write(self, number: int, save: Callable[[], T]) -> T | None:
        """Run ``save`` (the save numbered ``number``) unless a later one was written already;
        None when skipped. Any thread."""
        with self._lock:
            if number < self._written:
                return None
            result = save()
            self._written = number
            return result
