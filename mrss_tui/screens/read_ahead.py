"""A kept screen's first data, read ahead in idle time (screens/warmup.py) and shown into the
screen mounted ahead (screens/premount.py), or else as the screen first arrives.

A repeat visit to a kept screen shows its last data at once and reads it again; a first visit
had nothing to show until its read came back (and, under the GIL, that read ran while the
screen was being drawn). Here the warm-up reads each screen's first data in a thread, writing
nothing (the audit viewer's read is recorded by the visit, as before), so the first visit
draws a filled screen in one frame, then reads again like every visit. Keys typed on arrival
still wait for that visit's own read (screens/key_gate.py). The data is only as old as the
warm-up, and only until that read is shown (a repeat visit shows its last data the same way).

A screen offers its first read with ``first_read() -> (work, show)``: ``work(session)`` runs
in a thread, ``show(result)`` on the UI thread, into the hidden screen or on its arrival.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from mrss_tui.screens.premount import mounted_unseen

_AHEAD = "_read_ahead"  # the shown-on-arrival callable, kept on the screen until then


async def read_all(app: Any, screens: Sequence[Any],
                   between: Callable[[], Awaitable[None]]) -> None:
    """The screens' first reads, one after another, each in a thread. Each is kept on its
    screen as it comes: shown on arrival if the screen is visited first, or into it once it
    is mounted ahead (``show_into_hidden``). ``between`` runs before each read."""
    for screen in screens:
        await between()  # a visit's own read goes first
        shown = await _read(app, screen)
        if shown is not None and not _visited(app, screen):
            setattr(screen, _AHEAD, shown)


async def _read(app: Any, screen: Any) -> Callable[[], None] | None:
    """Read ``screen``'s first data, unless it has none to offer or was visited already."""
    first_read = getattr(screen, "first_read", None)
    if first_read is None or _visited(app, screen):
        return None
    work, show = first_read()

    def job() -> Any:
        with app.thread_session() as session:
            return work(session)

    try:
        result = await asyncio.to_thread(job)
    except Exception:  # noqa: BLE001 - the visit reads again and reports a failure itself
        return None
    return lambda: show(result)


def show_into_hidden(app: Any, screen: Any) -> None:
    """The data read ahead, shown into the screen mounted ahead (screens/premount.py): it then
    arrives drawn. A screen visited meanwhile showed it on arrival."""
    shown: Callable[[], None] | None = getattr(screen, _AHEAD, None)
    if shown is not None and mounted_unseen(app, screen):
        setattr(screen, _AHEAD, None)
        shown()


def _visited(app: Any, screen: Any) -> bool:
    return getattr(screen, "_resumed_once", False) or screen in app.screen_stack


def show_read_ahead(screen: Any) -> None:
    """On arrival: show the data read ahead, once (later arrivals show their last data)."""
    show: Callable[[], None] | None = getattr(screen, _AHEAD, None)
    if show is not None:
        setattr(screen, _AHEAD, None)
        show()
