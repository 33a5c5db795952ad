"""What waits until the first frame is on the terminal (the footer's keys, the check for a call
left unfinished): the board is drawn first, as a bare Textual app draws its screen before its
footer's keys (issue 24)."""

from __future__ import annotations

from collections.abc import Callable


class FirstFrame:
    def __init__(self) -> None:
        self.out = False
        self._waiting: list[Callable[[], None]] = []

    def then(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the first frame is out (now, if it is)."""
        if self.out:
            callback()
        else:
            self._waiting.append(callback)

    def reached(self) -> None:
        """The first frame is out: run what waited for it, in the order it asked."""
        self.out = True
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()
