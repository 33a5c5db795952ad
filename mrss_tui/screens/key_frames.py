"""Drawing while the key gate has a backlog: once for a burst, not once a key.

While keys wait their turn the screen is not redrawn after each of them: a frame of a big form
costs more than handling a key, and the frames in between are stale the moment they are drawn.
A long burst still shows a frame every DRAW_EVERY_SECONDS, or less often when frames are slow
(a loaded machine): a frame mid-burst that took half the time would double the time the keys
wait, and more keys would then wait for more frames. Where the focus goes does not depend on
drawing. Once every key has been handled, one frame shows where the burst ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import _time

if TYPE_CHECKING:
    from textual.app import App

# A long burst still shows the typist a frame this often... (The first frame of a burst on a
# form not drawn yet lays out and draws all of it, about 0.1 s: at every quarter second that
# added a third to a whole intake typed as one burst on a loaded machine.)
DRAW_EVERY_SECONDS = 0.5
DRAW_SHARE = 0.2  # ...but drawing takes at most this share of the time keys wait


class BurstFrames:
    def __init__(self, app: "App", keys: Callable[[], tuple[bool, bool]]) -> None:
        """``keys()``: whether keys are waiting, and whether one is being handled."""
        self.app = app
        self._keys = keys
        self._batch: Any = None  # the app's batch update while keys wait
        self._batch_since = 0.0
        self._frame_owed = False
        self._frame_started = 0.0
        self._frame_seconds = 0.0  # how long the last frame drawn mid-burst took

    def update(self) -> None:
        """The keys waiting or in hand changed: hold drawing back, or let a frame through."""
        waiting, busy = self._keys()
        if waiting and self._batch is None and not self._frame_owed:
            self._batch = self.app.batch_update()
            self._batch.__enter__()
            self._batch_since = _time.get_time()
        elif self._batch is not None and (
                not (waiting or busy) or _time.get_time() - self._batch_since > max(
                    DRAW_EVERY_SECONDS, self._frame_seconds / DRAW_SHARE)):
            batch, self._batch = self._batch, None
            batch.__exit__(None, None, None)
            self._refresh_footer()
            if waiting:
                self._frame_owed = True
                self._frame_started = _time.get_time()
                self.app.call_after_refresh(self._frame_drawn)

    @property
    def backlog(self) -> bool:
        """Keys are waiting and the screen is not being redrawn for each (the footer waits)."""
        return self._batch is not None

    def _refresh_footer(self) -> None:
        try:
            self.app.screen.refresh_bindings()
        except Exception:  # noqa: BLE001 - no screen while closing
            pass

    def _frame_drawn(self) -> None:
        self._frame_owed = False
        self._frame_seconds = _time.get_time() - self._frame_started
        self.update()
