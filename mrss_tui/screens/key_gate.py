"""Keys land in the field they were typed for, however they arrive.

Textual hands a key to the focused widget by posting it to that widget's queue and goes straight
on to the next key. When keys come in a burst (a slow SSH link that stalls and then delivers a
second of typing at once, a paste of keystrokes, type-ahead), the next key is routed before the
previous one was handled: Tab bubbles up to the screen and moves the focus only after the
following letters were already given to the old field ("Dana Whitlockmo", "ther").

The gate fixes this once, for every form: the app lets one key through, then waits until that
key and everything it set off (bindings, bubbling, focus moves, a screen being mounted) has been
handled, and only then routes the next one, to whatever has the focus by then.

A save that changes screens runs in a worker, so a form *holds* the gate while it saves. Keys
typed meanwhile (ctrl+s then ``p`` to page) go in order to a dialog the save opened, or are
dropped whole, with a word, when the form stayed open or the app went on to a screen of
commands: a letter typed into a form never becomes a command of the screen behind it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import _time, events

if TYPE_CHECKING:
    from textual.app import App

PASS_THROUGH = {"ctrl+q"}  # quitting is never held back (forms keep drafts)
REAP_SECONDS = 0.25  # how often a hold whose worker never ran (cancelled early) is let go
MAX_ROUNDS = 30  # a screen that never goes quiet (an animation) must not stop the keys
ROUND_TIMEOUT_SECONDS = 2.0  # a widget removed mid-round never answers its barrier


class KeyGate:
    def __init__(self, app: "App") -> None:
        self.app = app
        self._waiting: deque[events.Key | events.Paste] = deque()
        self._released: set[int] = set()
        self._busy = False
        # per hold: the screens present when it began, or None when the keys are for this screen
        self._holds: dict[object, set[int] | None] = {}
        self._releasing: set[object] = set()
        self._tasks: set[asyncio.Task] = set()  # asyncio keeps only weak references to tasks
        self.dropped = 0  # keys dropped whole after a hold (for tests and the notice)
        self._workers: dict[object, Any] = {}  # hold token -> the worker that releases it
        self._reaper: Any = None
        self._drop_why = ""
        # Keys received before a save ended with the form still open were typed for what the
        # save would have led to (ctrl+s p: page the team), not for the form: they are dropped
        # even when the save failed so fast that they reached the gate after it ended.
        self._stale_before = 0.0

    # -- called by the app for every key from the terminal ---------------------------------------
    def admit(self, event: events.Key | events.Paste) -> bool:
        """True: handle this key (or paste) now. False: it waits its turn (the app must not
        handle it)."""
        if getattr(event, "key", None) in PASS_THROUGH:
            return True
        if id(event) in self._released:
            self._released.discard(id(event))
            self._busy = True
            return True
        if event.time <= self._stale_before:
            self._waiting.append(event)
            self.drop_waiting("while saving")
            return False
        if self._busy or self._holds or self._waiting:
            self._waiting.append(event)
            return False
        self._busy = True
        if not self._screen_ready():  # a screen opened by a timer or a worker is still coming
            self._waiting.append(event)
            self._start(self._settle_then_next())
            return False
        return True

    def _start(self, work) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _screen_ready(self) -> bool:
        try:
            return self.app.screen.is_mounted
        except Exception:  # noqa: BLE001 - no screen yet
            return False

    def handled(self, event: events.Key | events.Paste) -> None:
        """The admitted key was routed; let the next one through once it has been handled."""
        if getattr(event, "key", None) in PASS_THROUGH:
            return  # admitted outside the queue: the key in flight (if any) has its own settle
        self._start(self._settle_then_next())

    # -- holds around saves that change screens ---------------------------------------------------
    def hold(self, *, here: bool = False) -> object:
        """Keep keys back until ``release(token)``. ``here``: they are for the current screen
        (it is still loading what they act on); otherwise they go on only to a dialog the save
        opened (Page team after ctrl+s) and are dropped whole if the form stayed open or the
        app went on to a screen of commands (the board, the screen behind a form)."""
        token = object()
        self._holds[token] = None if here else {id(s) for s in self.app.screen_stack}
        return token

    def release(self, token: object) -> None:
        self._workers.pop(token, None)
        if token not in self._holds or token in self._releasing:
            return  # released already
        self._releasing.add(token)
        self._start(self._after_hold(token))

    def watch(self, token: object, worker: Any) -> None:
        """The worker releases the hold when it ends; should it be cancelled before its work
        ran (a newer one of its group replaced it), the hold is let go all the same."""
        self._workers[token] = worker
        if self._reaper is None:
            self._reaper = self.app.set_interval(REAP_SECONDS, self._reap)

    def _reap(self) -> None:
        for token, worker in list(self._workers.items()):
            if worker.is_finished or worker.is_cancelled:
                self.release(token)
        if not self._workers and self._reaper is not None:
            self._reaper.stop()
            self._reaper = None

    async def _after_hold(self, token: object) -> None:
        # The hold lasts until what the save set off has been handled (a dialog mounted, the
        # problems shown): a key arriving meanwhile still waits, to be passed on or dropped.
        try:
            await self._quiet()
        finally:
            before = self._holds.pop(token, None)
            self._releasing.discard(token)
        screen = self.app.screen
        follows_on = before is None or (id(screen) not in before and screen.is_modal)
        if self._drop_why:  # keys still on their way when drop_waiting was called
            self.drop_waiting(self._drop_why)
            self._drop_why = ""
        elif not follows_on:
            self._stale_before = _time.get_time()
            self.drop_waiting("while saving")
        if not self._busy:
            self._next()

    def drop_waiting(self, why: str) -> None:
        """Drop the keys typed ahead, whole, and say so (a question they were not meant for
        is about to be asked, or a save ended where they would become commands). Keys still
        arriving before the current hold ends are dropped with them."""
        if self._holds:
            self._drop_why = why
        if not self._waiting:
            return
        count = len(self._waiting)
        self.dropped += count
        self._waiting.clear()
        self.app.bell()
        self.app.notify(f"{count} key{'s' * (count != 1)} typed {why} "
                        f"{'were' if count != 1 else 'was'} not used.", timeout=5)

    # -- waiting until the app has handled everything a key set off --------------------------------
    async def _settle_then_next(self) -> None:
        try:
            await self._quiet()
        finally:
            self._busy = False
            self._next()

    def _next(self) -> None:
        if self._holds or self._busy or not self._waiting:
            return
        waiting = self._waiting.popleft()
        again = (events.Paste(waiting.text) if isinstance(waiting, events.Paste)
                 else events.Key(waiting.key, waiting.character))
        self._released.add(id(again))
        self._busy = True  # until the app admits the released key
        if not self.app.post_message(again):
            self._released.discard(id(again))
            self._busy = False

    async def _quiet(self) -> None:
        for _ in range(MAX_ROUNDS):
            await self._round()
            if self._is_quiet():
                return

    async def _round(self) -> None:
        """Every pump of the screen (and the app) handles what was queued before now."""
        try:
            screen = self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet or while closing
            return
        pumps = [self.app, *screen.walk_children(with_self=True)]
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

    def _is_quiet(self) -> bool:
        try:
            screen = self.app.screen
        except Exception:  # noqa: BLE001
            return True
        if not screen.is_mounted:
            return False
        if any(widget.message_queue_size for widget in screen.walk_children(with_self=True)):
            return False
        # The app's queue may hold keys still arriving from the terminal; anything else
        # (a deferred focus, a screen push) is work the last key set off.
        queued = getattr(self.app._message_queue, "_queue", None)
        if queued is None:
            return self.app.message_queue_size == 0
        return all(isinstance(m, events.InputEvent) for m in list(queued))

