"""A blank intake form built in idle time: F2 shows a form already built (issue 19).

Building the intake form (about a hundred widgets composed, styled, mounted and laid out) was
the biggest part of F2, and a burst typed after F2 waited for it. Here one blank form is built,
mounted and laid out at the terminal's size while the app is idle: in the warm-up after the
first frame (screens/warmup.py), and again once an intake has been left. F2 then begins the call
on it (its response clock starts then; a resumed draft is filled in) and shows it.

A form takes one call only and is thrown away when it is left, as before: a spare has never
been shown nor typed into, so nothing of one call (or one user's draft, after a lock) can reach
the next. A spare still being built when F2 comes is not used: the form is built on the key
press, as it was without a spare.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any
from weakref import WeakKeyDictionary

from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.screens.resume_styles import restyle_if_stale

BUILD_GROUP = "intake-spare"
# Rounds of "wait for the other workers" before building anyway (a screen that polls forever).
MAX_WAITS = 5
PAUSE_SECONDS = 0.05  # the UI thread gets a moment for whatever the user typed

# app -> its spare, from when its building starts; ``ready`` once built and laid out
_spares: WeakKeyDictionary[Any, IntakeScreen] = WeakKeyDictionary()
_ready: WeakKeyDictionary[IntakeScreen, bool] = WeakKeyDictionary()


def take_spare(app: Any) -> IntakeScreen | None:
    """The app's spare form if it is ready (it is then the caller's: nobody else gets it)."""
    spare = _spares.get(app)
    if spare is None or not _ready.get(spare, False) or not spare.is_running:
        return None
    del _spares[app]
    return spare


def spare_ready(app: Any) -> bool:
    spare = _spares.get(app)
    return spare is not None and _ready.get(spare, False)


def build_spare_later(app: Any) -> None:
    """Build a spare in a worker once the app is idle (no other worker at work)."""
    if _spares.get(app) is None and app.is_running:
        app.run_worker(build_spare(app), group=BUILD_GROUP, exclusive=True,
                       exit_on_error=False)


async def build_spare(app: Any) -> None:
    if _spares.get(app) is not None or not app.is_running:
        return
    await _others_done(app)
    if _spares.get(app) is not None or not app.is_running:
        return
    spare = IntakeScreen(spare=True)
    _spares[app] = spare
    try:
        await _read_css_of_what_follows(app)  # first: the spare is styled with it
        app._load_screen_css(spare)
        await _mounted(app, spare)
        # Laid out now at the terminal's size: shown, it is only drawn (Textual lays a screen
        # out on its first show when its size differs from the terminal's).
        refresh_layout = getattr(spare, "_refresh_layout", None)
        if refresh_layout is not None and app.is_running:
            refresh_layout(app.size)
        await asyncio.sleep(0)
        _ready[spare] = True
        restyle_if_stale(app.screen)  # the screen on show, now rather than as it returns
    finally:
        if not _ready.get(spare, False) and _spares.get(app) is spare:
            del _spares[app]  # not built (the app closing): the next intake left tries again


async def _read_css_of_what_follows(app: Any) -> None:
    """Page team follows a recorded call: its widget classes' CSS is read now (Textual would
    read it as Page team first mounts, and then restyle each screen as it returns to the
    top: the board, in the middle of a burst)."""
    from mrss_tui.domain.enums import Line
    from mrss_tui.domain.models import Call
    from mrss_tui.screens.warm_css import read_default_css

    page_team = await asyncio.to_thread(importlib.import_module, "mrss_tui.screens.page_team")
    if not app.is_running:
        return
    stand_in = Call(id=0, received_at=app.session.now(), line=Line.L988, taken_by="")
    read_default_css(app, page_team.PageTeamModal(stand_in))  # a copy never shown


async def _mounted(app: Any, screen: IntakeScreen) -> None:
    """Mounted off screen, the way Textual mounts a screen it is about to show."""
    from textual.widget import AwaitMount

    widgets = app._register(app, screen)
    await AwaitMount(screen, widgets)


async def _others_done(app: Any) -> None:
    """Wait until no other worker runs (a screen's load, a save) and no key waits: the
    person's work first."""
    for _ in range(MAX_WAITS):
        await asyncio.sleep(PAUSE_SECONDS)
        others = [w for w in app.workers if w.group not in (BUILD_GROUP, "warm-up")
                  and not w.is_finished]
        if not others:
            break
        await asyncio.gather(*(w.wait() for w in others), return_exceptions=True)
    while app.is_running and not app.keys.idle:
        await asyncio.sleep(PAUSE_SECONDS)
