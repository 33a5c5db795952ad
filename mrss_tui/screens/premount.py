"""A kept screen built and mounted while another is on show (screens/warmup.py), so that its
first visit only lays it out and draws it.

Mounting a screen's widgets (compose, styles, a dropdown's overlay, a table's columns) took
40-120 ms of the UI thread on the key press, for a screen opened once per process. Mounted in
idle time, the screen waits off the stack like a kept screen after its visit. Its data is read
and shown into it ahead too (screens/read_ahead.py), then it is laid out and drawn once off
screen (nothing reaches the terminal); the visit reads again, as every visit does.

Textual mounts a screen when it is first pushed; here the same step (register, then wait for
its widgets to be mounted) runs early. One private step of Textual 8 (``App._register``): a
Textual without it skips this, and the visit mounts the screen as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

LAYOUT_PASSES = 3  # the first, one for the scroll bars it made appear, one to spare
LAYOUT_SETTLE_SECONDS = 0.02


async def mount_hidden(app: Any, screen: Any) -> None:
    """Mount ``screen`` (installed, not on show) and wait until its widgets are mounted.
    A screen the user went to meanwhile is mounted by that visit instead."""
    register = getattr(app, "_register", None)
    if register is None or screen.is_running or screen in app.screen_stack:
        return
    from textual.widget import AwaitMount

    await AwaitMount(screen, register(app, screen))


def mounted_unseen(app: Any, screen: Any) -> bool:
    """Mounted ahead and not shown yet: what is shown into it now is there on arrival."""
    return screen.is_mounted and not getattr(screen, "_resumed_once", False) \
        and screen not in app.screen_stack


async def lay_out_hidden(app: Any, screen: Any,
                         between: Callable[[], Awaitable[None]]) -> None:
    """Lay ``screen`` out now at the terminal's size, with the data shown into it, and draw it
    once: the visit then only puts lines already drawn on the terminal (a report's tables were
    drawn in full to learn their height, 100-150 ms on the key press). A scroll bar that the
    first pass made appear asks for a second pass at the narrower width, as it would on show.
    ``between`` runs between the steps (each is a stretch of the UI thread). A terminal resized
    meanwhile lays it out again on arrival, as Textual does for any screen whose size changed.
    One private step of Textual 8 (``Screen._refresh_layout``); without it the visit lays it
    out."""
    refresh_layout = getattr(screen, "_refresh_layout", None)
    if refresh_layout is None:
        return
    for _ in range(LAYOUT_PASSES):
        if not mounted_unseen(app, screen):
            return
        screen._layout_required = False
        refresh_layout(app.size)
        await asyncio.sleep(LAYOUT_SETTLE_SECONDS)  # the widgets' own layout requests arrive
        if not screen._layout_required:
            break
        await between()
    await between()
    _paint_hidden(app, screen)


def _paint_hidden(app: Any, screen: Any) -> None:
    """Draw the laid-out screen once, into the widgets' own line caches, and drop the
    drawing: its first frame is then put together from lines already drawn (a report's whole
    text turned into lines: 40-60 ms on the key press). Nothing reaches the terminal."""
    compositor = getattr(screen, "_compositor", None)
    if compositor is not None and hasattr(compositor, "render_full_update") \
            and mounted_unseen(app, screen):
        compositor.render_full_update()
