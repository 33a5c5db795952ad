"""Slowing a screen's loader on purpose, so a burst of keys surely arrives while it loads.

``SlowLoads(app, "roster")`` blocks the worker of every run_db group named until ``release()``
(``MrssApp.before_work``): the test hands the burst over, waits until the keys are in the gate,
then lets the loader finish. Nothing here depends on the machine's speed.
"""

from __future__ import annotations

import threading

from textual.pilot import Pilot

WAIT_LIMIT_SECONDS = 30.0  # a test that forgets to release must not hang the run


class SlowLoads:
    def __init__(self, app, *groups: str) -> None:
        self.groups = set(groups)
        self.go = threading.Event()
        self.started: set[str] = set()
        app.before_work = self._before

    def _before(self, group: str) -> None:
        if group in self.groups:
            self.started.add(group)
            self.go.wait(WAIT_LIMIT_SECONDS)

    def release(self) -> None:
        self.go.set()


async def until(pilot: Pilot, condition, what: str) -> None:
    """Wait for a state of the app (not for time)."""
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")
