"""The start in two steps: the first frame (the board with its data and the footer's keys),
then the whole first screen (the footer says its keys are on the terminal: with the first frame,
since the footer is one line drawn with it). What the screen shows a moment later waits for the
first (the check for a call left unfinished); the start's background work (the warm-up's
imports, the file check, the demo's pager, the drafts notice) waits for the second, so it never
competes with drawing the keys (issue 24)."""

from __future__ import annotations

from collections.abc import Callable

# Should the footer never say its keys are drawn (a screen without keys), the background work
# starts this long after the first frame anyway: it must never be left undone.
WHOLE_AT_THE_LATEST_SECONDS = 0.3


class FirstFrame:
    def __init__(self) -> None:
        self.out = False
        self.whole = False
        self._waiting: list[Callable[[], None]] = []
        self._waiting_for_whole: list[Callable[[], None]] = []

    def then(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the first frame is out (now, if it is)."""
        if self.out:
            callback()
        else:
            self._waiting.append(callback)

    def when_whole(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the whole first screen is out (now, if it is)."""
        if self.whole:
            callback()
        else:
            self._waiting_for_whole.append(callback)

    def reached(self) -> None:
        """The first frame is out: run what waited for it, in the order it asked."""
        self.out = True
        self._run(self._waiting)
        self._waiting = []

    def whole_reached(self) -> None:
        """The whole first screen is out (or the wait ran out): once, after the first frame."""
        if self.whole or not self.out:
            return
        self.whole = True
        self._run(self._waiting_for_whole)
        self._waiting_for_whole = []

    @staticmethod
    def _run(callbacks: list[Callable[[], None]]) -> None:
        for callback in list(callbacks):
            callback()
