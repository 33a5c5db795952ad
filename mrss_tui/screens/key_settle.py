"""Waiting until the app has handled everything a key set off (for the key gate).

A key's work is done when the focused widget and those it bubbles to have handled what they had
in hand, no widget has a message queued, no widget's own task (an input's completion) runs, and
the app holds nothing but keys still arriving. Only those widgets are waited for: a round
through every widget of a big form cost 20 ms a key. Redrawing is not part of a key's work: the
focus and the bindings the next key meets do not depend on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual import events, messages
from textual.notifications import Notify
from textual.widgets._toast import ToastRack

from mrss_tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from textual.app import App

MAX_ROUNDS = 30  # a screen that never goes quiet (an animation) must not stop the keys
ROUND_TIMEOUT_SECONDS = 2.0  # a widget removed mid-round never answers its barrier
DRAWING = (messages.Update, messages.Layout, messages.UpdateScroll, Notify)
# Never take a key or the focus; redrawing them (the footer's keys change with every focus
# move) costs more than handling the key.
NOT_ROUTING = (KeysFooter, ToastRack)


async def until_quiet(app: "App") -> None:
    for _ in range(MAX_ROUNDS):
        try:
            screen = app.screen
        except Exception:  # noqa: BLE001 - no screen yet or while closing
            return
        await _round([app, *_focus_chain(screen),
                      *(w for w in _routing_widgets(screen) if _has_queued(w))])
        try:
            screen = app.screen
        except Exception:  # noqa: BLE001
            return
        if (screen.is_mounted and _app_quiet(app)
                and not any(_has_queued(w) for w in _routing_widgets(screen))
                and not _tasks_running(app, screen)):
            return


def _focus_chain(screen: Any) -> list[Any]:
    """The focused widget and every node up to the screen: where the key went and bubbled
    (its handlers may still be at work, with nothing queued)."""
    node, chain = screen.focused, [screen]
    while node is not None and node is not screen:
        chain.append(node)
        node = node.parent
    return chain


async def _round(pumps: list[Any]) -> None:
    """Each of ``pumps`` handles what was queued to it before now."""
    loop = asyncio.get_running_loop()
    pending = 0
    done = loop.create_future()

    def answered() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0 and not done.done():
            done.set_result(None)

    for pump in pumps:
        if pump.call_later(answered):
            pending += 1
    if pending:
        try:
            await asyncio.wait_for(asyncio.shield(done), ROUND_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            pass


def _app_quiet(app: "App") -> bool:
    # The app's queue may hold keys still arriving from the terminal; anything else (a
    # deferred focus, a screen push) is work the last key set off.
    return all(isinstance(m, (events.InputEvent, *DRAWING))
               for m in list(app._message_queue.values))


def _tasks_running(app: "App", screen: Any) -> bool:
    """A widget's own task (an input's completion) still running: its result is part of what
    the key did (enter takes the completion)."""
    for worker in app.workers:
        node = getattr(worker, "_node", None)
        if (not getattr(worker, "_thread_worker", True) and not worker.is_finished
                and getattr(node, "screen", None) is screen):
            return True
    return False


def _routing_widgets(screen: Any) -> Iterator[Any]:
    stack = [screen]
    while stack:
        node = stack.pop()
        if isinstance(node, NOT_ROUTING):
            continue
        yield node
        stack.extend(node._nodes)


def _has_queued(pump: Any) -> bool:
    """A message queued, or a callback waiting for the queue to empty."""
    if pump._next_callbacks or (pump._pending_message is not None
                                and not isinstance(pump._pending_message, DRAWING)):
        return True
    return any(not isinstance(m, DRAWING) for m in list(pump._message_queue.values))
