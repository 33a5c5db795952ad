"""After the first frame: get the screens a person is likely to open next ready in idle time.

A screen's first visit would otherwise import its module (Textual widgets, workflow, models:
100-200 ms) and re-parse the whole stylesheet for its CSS file on the key press. Here, once the
screen on show has its data, each screen the role may open is imported in a thread (the UI
thread keeps handling keys meanwhile); a kept screen is then built, installed and its CSS read,
one screen at a time. Its widgets are not mounted until it is first shown (a screen mounted
while hidden can be shown half-built if its key arrives mid-mount), and nothing is read from
the database (screens load data on resume): no audit row is written, no byte is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from mrss_tui.screens.nav import NavEntry

# Between two screens the UI thread gets a moment for whatever the user typed.
PAUSE_SECONDS = 0.05
# Rounds of "wait for the other workers" before warming anyway (a screen that polls forever).
MAX_WAITS = 5


def warm_up(app: Any, entries: Sequence[NavEntry], install: Callable[[NavEntry], Any], *,
            then: Callable[[], None]) -> None:
    """Start warming ``entries`` (in order: most likely first) on ``app``. ``install`` builds
    and installs a kept screen (the app's own way of keeping one copy of each) and returns its
    name. ``then`` runs when the warm-up ends, however it ends."""
    app.run_worker(_warm(app, list(entries), install, then), group="warm-up", exclusive=True,
                   exit_on_error=False)


async def _warm(app: Any, entries: list[NavEntry], install: Callable[[NavEntry], Any],
                then: Callable[[], None]) -> None:
    try:
        await _start_work_done(app)
        for nav in entries:
            await asyncio.to_thread(nav.screen_class)  # the import: off the UI thread
            if nav.keep and app.is_running:
                _read_css(app, app.get_screen(install(nav)))
            await asyncio.sleep(PAUSE_SECONDS)
    finally:
        then()


def _read_css(app: Any, screen: Any) -> None:
    """Read the screen's CSS files now, as Textual does on the first switch to a screen (that
    re-parses and re-applies the whole stylesheet). One private step of Textual 8: a Textual
    without it just skips this, and the visit then does it."""
    load_css = getattr(app, "_load_screen_css", None)
    if load_css is not None and app.screen is not screen:
        load_css(screen)


async def _start_work_done(app: Any) -> None:
    """Wait until no other worker runs: the start's database work (the home screen's data, the
    drafts notice, the unfinished-call check that follows the data) is done, so the user sees
    data before anything is warmed."""
    for _ in range(MAX_WAITS):
        others = [w for w in app.workers if w.group != "warm-up" and not w.is_finished]
        if not others:
            return
        await asyncio.gather(*(w.wait() for w in others), return_exceptions=True)
        await asyncio.sleep(PAUSE_SECONDS)
