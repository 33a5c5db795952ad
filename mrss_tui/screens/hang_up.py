"""When the link drops, what was typed is kept.

Over SSH a dropped link ends the session with SIGHUP, often while keys that already reached the
app wait in the key gate behind a load (a stalled link delivers them in a burst). Python's
default would end the process at once and lose them: the draft then held "Dana WhitlockW5300".
Here the keys still waiting go into the form first, then every form's draft is saved, then the
app ends.

Only keys that fill in a form go in: text, moving between fields, picking an answer. The first
key that would save, leave or change screens (ctrl+s, escape, F-keys) ends the replay: nobody
is there to see what it would do.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from textual import events

from mrss_tui.screens.key_settle import until_quiet
from mrss_tui.screens.lock import DraftHolder

# The session is ending: a form that never settles must not keep it alive. Generous: the keys
# may first wait for a look-up and the form it opens, on a machine busy with other sessions.
FLUSH_SECONDS = 10.0
LOAD_POLL_SECONDS = 0.01  # how often a load the waiting keys are for is looked at
# How long that load may take before its form is opened at once instead (half the flush time:
# the keys still need the rest to go in).
LOAD_SECONDS = FLUSH_SECONDS / 2


_running: set[asyncio.Task] = set()  # asyncio keeps only weak references to tasks
_hung_up: "WeakSet[Any]" = WeakSet()  # apps already ending on a hang-up
# app -> how to open at once the form a load in progress would open for the waiting keys
_openers: WeakKeyDictionary[Any, Callable[[], bool]] = WeakKeyDictionary()


def open_now_if_ended(app: Any, opener: Callable[[], bool] | None) -> None:
    """While a load runs whose form the waiting keys are for, ``opener()`` opens that form on
    the UI thread at once and says whether it did; it is used only if the session ends before
    the load does (None: the load ended)."""
    if opener is None:
        _openers.pop(app, None)
    else:
        _openers[app] = opener


def watch_for_hang_up(app: Any) -> None:
    """Hear SIGHUP (where signals can be handled: the main thread's loop). The terminal driver
    (screens/terminal_driver.py) reports a terminal gone the same way, whichever comes first."""
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, heard_hang_up, app)
    except (RuntimeError, NotImplementedError, ValueError):
        pass


def heard_hang_up(app: Any) -> None:
    """On the app's loop: run ``hang_up`` once, as a task of its own, not inside the app's
    message handling, so the keys it hands over are handled by the app meanwhile."""
    if app in _hung_up:
        return
    _hung_up.add(app)
    # Heard as SIGHUP first: the terminal driver stops reading and drawing as well.
    driver_heard = getattr(getattr(app, "_driver", None), "terminal_gone", None)
    if driver_heard is not None:
        driver_heard()
    task = asyncio.ensure_future(hang_up(app))
    _running.add(task)
    task.add_done_callback(_running.discard)


def stop_watching() -> None:
    try:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
    except (RuntimeError, NotImplementedError, ValueError):
        pass


async def hang_up(app: Any) -> None:
    try:
        await asyncio.wait_for(fill_in_waiting_keys(app), FLUSH_SECONDS)
    except asyncio.TimeoutError:
        pass
    app.idle.save_drafts()
    # No farewell message: the terminal is gone, and printing one to it failed (EIO), which
    # turned every dropped link into a crash report.
    app.exit(return_code=0)


def _fills_in(key: events.Key | events.Paste) -> bool:
    if isinstance(key, events.Paste):
        return True
    name = key.key
    saves_or_leaves = (name.startswith("ctrl+") or name == "escape"
                       or (name.startswith("f") and name[1:].isdigit()))
    return not saves_or_leaves


async def fill_in_waiting_keys(app: Any) -> None:
    """Hand the waiting keys, in order, to the form on screen, each once the one before it was
    handled. A load they wait for is let finish first (F2 then typing: the look-up of an
    unfinished call opens the form they were typed for); should it still run after
    LOAD_SECONDS, its form is opened at once where that can be done (a new call's intake),
    so the keys are not lost with the session. The caller bounds the whole."""
    gate = app.keys
    gate.stop_passing_on()
    loop = asyncio.get_running_loop()
    open_at = loop.time() + LOAD_SECONDS
    while gate.loading:
        # Only a load that has not answered yet is cut short (one whose form is mounting is
        # waited for, as it always was).
        if loop.time() >= open_at and app in _openers and _openers.pop(app)():
            while not (isinstance(app.screen, DraftHolder) and app.screen.is_mounted):
                await asyncio.sleep(LOAD_POLL_SECONDS)
            await until_quiet(app)  # mounted and focused: the keys go where they were typed
            break
        await asyncio.sleep(LOAD_POLL_SECONDS)
    _openers.pop(app, None)
    for key in gate.take_waiting():
        if not isinstance(app.screen, DraftHolder) or not _fills_in(key):
            return
        await gate.deliver_now(key)
