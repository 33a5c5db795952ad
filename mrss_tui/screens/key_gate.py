"""Keys land in the field they were typed for, however they arrive.

Textual hands a key to the focused widget by posting it to that widget's queue and goes straight
on to the next key. When keys come in a burst (a slow SSH link that stalls and then delivers a
second of typing at once, a paste of keystrokes, type-ahead), the next key is routed before the
previous one was handled: Tab bubbles up to the screen and moves the focus only after the
following letters were already given to the old field ("Dana Whitlockmo", "ther").

The gate fixes this once, for every screen: the app lets one key through, then waits until that
key and everything it set off (bindings, bubbling, focus moves, a screen being mounted) has been
handled, and only then routes the next one, to whatever has the focus by then. Plain characters
typed into the field that has the focus cannot move the focus, so a run of them goes straight
through (a burst costs about what it costs a bare form); the key after them waits for them.

Screens that are not ready hold the keys (``hold(here=True)``): a screen loading its rows, a
dialog loading what it shows, a worker setting up a form (see ``MrssApp.run_db``). The keys go
on, in order, to whatever is ready once the load has been shown.

Escape followed at once by a letter reaches the app as Alt+letter (that is how a terminal sends
both in one read): it is split back into Escape and the letter, as they were typed.

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
from textual.keys import _character_to_key
from textual.widgets import Input

from mrss_tui.screens.key_events import alt_character, fresh_event, joined, takes_joined_text, \
    text_area_classes
from mrss_tui.screens.key_frames import BurstFrames
from mrss_tui.screens.key_settle import until_quiet

if TYPE_CHECKING:
    from textual.app import App

PASS_THROUGH = {"ctrl+q"}  # quitting is never held back (forms keep drafts)
REAP_SECONDS = 0.25  # how often a hold whose worker never ran (cancelled early) is let go


class KeyGate:
    def __init__(self, app: "App") -> None:
        self.app = app
        self._waiting: deque[events.Key | events.Paste] = deque()
        self._released: set[int] = set()
        self._text: set[int] = set()  # admitted as plain text: nothing waits for them alone
        self._text_in_flight = False  # the next key that is not text waits until they are handled
        self._busy = False
        # per hold: the screens present when it began, or None when the keys are for this screen
        self._holds: dict[object, set[int] | None] = {}
        self._releasing: set[object] = set()
        self._tasks: set[asyncio.Task] = set()  # asyncio keeps only weak references to tasks
        self.dropped = 0  # keys dropped whole after a hold (for tests and the notice)
        self._workers: dict[object, Any] = {}  # hold token -> the worker that releases it
        self._group_holds: dict[object, object] = {}  # worker group -> its latest hold
        self._reaper: Any = None
        self._drop_why = ""
        # Keys received before a save ended with the form still open were typed for what the
        # save would have led to (ctrl+s p: page the team), not for the form: they are dropped
        # even when the save failed so fast that they reached the gate after it ended.
        self._stale_before = 0.0
        self._said: dict[object, tuple[float, Any]] = {}  # hold -> (when, form) it said "saved"
        self._frames = BurstFrames(app, lambda: (bool(self._waiting), self._busy))
        self._aside: list[events.Key | events.Paste] | None = None  # see set_aside
        self._aside_open = False
        self._aside_since = 0.0
        self._ending = False  # the session is ending: keys go on only through deliver_now

    # -- called by the app for every key from the terminal ---------------------------------------
    def admit(self, event: events.Key | events.Paste) -> bool:
        """True: handle this key (or paste) now. False: it waits its turn (the app must not
        handle it)."""
        if getattr(event, "key", None) in PASS_THROUGH:
            return True
        if id(event) in self._released:
            self._released.discard(id(event))
            return True
        if self._split_alt(event):
            return False
        if event.time <= self._stale_before:
            self._waiting.append(event)
            self.drop_waiting("while saving")
            return False
        if self._busy or self._holds or self._waiting or self._ending:
            self._waiting.append(event)
            self._draw_later()
            return False
        text = self._screen_ready() and self.is_text(event)
        if text and not self._burst_behind():
            self._text.add(id(event))
            self._text_in_flight = True
            return True
        self._busy = True
        if self._text_in_flight or not self._screen_ready() or text:
            # the characters before it (a suggestion, a search), a screen still coming, or
            # characters with more keys behind them (they go in together)
            self._waiting.append(event)
            self._start(self._settle_then_next())
            return False
        return True

    def _burst_behind(self) -> bool:
        """More keys already arrived behind this one (a burst): it waits a moment with them,
        so that the characters for one field go in together (see _next)."""
        return any(isinstance(m, (events.Key, events.Paste))
                   for m in list(self.app._message_queue.values))

    def is_text(self, event: events.Key | events.Paste, bindings: Any = None) -> bool:
        """A character (or paste) the focused text field takes as text: it cannot move the
        focus or change the screen, so it need not wait for the key before it. ``bindings``:
        the app's active bindings, when the caller has them at hand."""
        focused = self.app.focused
        text_areas = text_area_classes()
        if not isinstance(focused, (Input, *text_areas)) or focused.disabled:
            return False
        if isinstance(event, events.Paste):
            return True
        if not event.is_printable or event.key.startswith(("alt+", "ctrl+")):
            return False
        if isinstance(focused, text_areas) and focused.read_only:
            return False
        # A priority binding (a screen's or a field's) would take the key before the field.
        binding = (self.app.active_bindings if bindings is None else bindings).get(event.key)
        return binding is None or not binding.binding.priority

    def _split_alt(self, event: events.Key | events.Paste) -> bool:
        """Alt+letter is Escape then the letter, typed fast (the terminal sent ESC e in one
        read): both join the queue in that order, behind everything typed before them."""
        char = alt_character(event)
        if char is None:
            return False
        name = char if char.isalnum() else _character_to_key(char)
        split = [events.Key("escape", "\x1b"), events.Key(name, char)]
        for key in split:
            key.time = event.time  # typed when the pair was (see set_aside)
        self._waiting.extend(split)
        self._draw_later()
        if not self._busy and not self._holds:
            self._busy = True
            self._start(self._settle_then_next())
        return True

    def _start(self, work) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        """A fault in the gate's own work must not leave every later key waiting for good (the
        app looked frozen): it is reported, and the keys go on; should passing them on fail
        again, they are dropped with a word rather than kept waiting silently."""
        self._tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        report = getattr(self.app, "report_unexpected", None)
        if report is not None:
            report(task.exception())
        self._busy = self._text_in_flight = False
        try:
            self._next()
        except Exception:  # noqa: BLE001 - already reported once
            self._busy = False
            self.drop_waiting("after a fault")

    def _screen_ready(self) -> bool:
        try:
            return self.app.screen.is_mounted
        except Exception:  # noqa: BLE001 - no screen yet
            return False

    def handled(self, event: events.Key | events.Paste) -> None:
        """The admitted key was routed; let the next one through once it has been handled."""
        if getattr(event, "key", None) in PASS_THROUGH:
            return  # admitted outside the queue: the key in flight (if any) has its own settle
        if id(event) in self._text:
            self._text.discard(id(event))  # text: the next key waits only if it is not text
            return
        self._start(self._settle_then_next())

    @property
    def idle(self) -> bool:
        """No key waits, none is being handled and nothing holds the keys."""
        return not (self._waiting or self._busy or self._holds)

    # -- holds around saves that change screens ---------------------------------------------------
    def hold(self, *, here: bool = False) -> object:
        """Keep keys back until ``release(token)``. ``here``: they are for the current screen
        (it is still loading what they act on); otherwise they go on only to a dialog the save
        opened (Page team after ctrl+s) and are dropped whole if the form stayed open or the
        app went on to a screen of commands (the board, the screen behind a form)."""
        token = object()
        self._holds[token] = None if here else {id(s) for s in self.app.screen_stack}
        return token

    def said_saved(self, token: object, form: Any) -> None:
        """The save held by ``token`` has told the person it is done (on ``form``): a key that
        arrives from now on answers that, and goes to the form if it is still on top (ctrl+o
        after "Saved as version 2" prints it), instead of being dropped with the keys typed
        while saving."""
        if token in self._holds:
            self._said[token] = (_time.get_time(), form)

    def replace_hold(self, owner: object, token: object | None) -> None:
        """``token`` (or nothing) is now the hold of ``owner`` (a node's worker group whose
        new worker cancels the one before): the hold of the one before is let go."""
        before = self._group_holds.pop(owner, None)
        if token is not None:
            self._group_holds[owner] = token
        if before is not None:
            self.release(before)

    def holding(self, owner: object) -> bool:
        return owner in self._group_holds  # keys wait for a worker of owner (replace_hold)

    def release(self, token: object) -> None:
        self._workers.pop(token, None)
        for owner in [o for o, held in self._group_holds.items() if held is token]:
            del self._group_holds[owner]
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
            said = self._said.pop(token, None)
            self._releasing.discard(token)
        if not self.app.screen_stack:  # the app is closing: nothing is left to pass keys to
            return
        screen = self.app.screen
        follows_on = before is None or (id(screen) not in before and screen.is_modal)
        if self._aside is not None and self._aside_open:  # keys on their way at set_aside
            self._aside_open = False
            # Typed before the question was asked; a key typed since answers it (an Enter
            # typed as it showed, behind another load still holding, was set aside and lost).
            self._aside.extend(k for k in self._waiting if k.time <= self._aside_since)
            self._waiting = deque(k for k in self._waiting if k.time > self._aside_since)
            self._draw_later()
        elif self._drop_why or not follows_on:
            # Typed while saving: dropped. Typed once the form said it saved, and the form is
            # still on top: kept for it (a person answering the notice, not typing ahead).
            answering = said is not None and said[1] is screen
            cut = said[0] if answering else _time.get_time()
            answered = deque(k for k in self._waiting if k.time > cut)
            self._waiting = deque(k for k in self._waiting if k.time <= cut)
            if self._drop_why:  # keys still on their way when drop_waiting was called
                why, self._drop_why = self._drop_why, ""
            else:
                why, self._stale_before = "while saving", cut
            self.drop_waiting(why)
            if answering:  # what is typed from now on answers the form: no later hold drops it
                self._drop_why = ""
                self._stale_before = max(self._stale_before, cut)
            self._waiting.extend(answered)
        if not self._busy:
            self._next()
        self._draw_later()

    def set_aside(self) -> None:
        """Keep the keys typed ahead out of a question about to be asked (resume the
        unfinished call?), with those still arriving before the current hold ends; the answer
        decides what becomes of them (``take_aside``, then ``replay`` or let them go)."""
        self._aside = list(self._waiting)
        self._aside_open = bool(self._holds)
        self._aside_since = _time.get_time()
        self._waiting.clear()
        self._draw_later()

    def take_aside(self) -> list[events.Key | events.Paste]:
        aside, self._aside = self._aside or [], None
        return aside

    def replay(self, keys: list[events.Key | events.Paste]) -> None:
        """Put keys set aside back, ahead of anything typed since, for the screen now ready."""
        self._waiting.extendleft(reversed(keys))
        self._draw_later()
        if keys and not self._busy and not self._holds:
            self._busy = True
            self._start(self._settle_then_next())

    # -- the session ending (screens/hang_up.py) ---------------------------------------------------
    def stop_passing_on(self) -> None:
        """The session is ending: no key goes on by itself any more (they are handed over one
        by one, or not at all), while loads still finish and show what they loaded."""
        self._ending = True

    @property
    def loading(self) -> bool:
        """A screen is still loading what the waiting keys are for (a hold ``here``)."""
        return any(before is None for before in self._holds.values())

    def take_waiting(self) -> list[events.Key | events.Paste]:
        """Every key still waiting, typed ahead or set aside, in order; the gate then lets
        nothing else through on its own (a save's hold keeps its keys: they were for what the
        save led to)."""
        if any(before is not None for before in self._holds.values()):
            return []
        keys = [*(self._aside or []), *self._waiting]
        self._aside = None
        self._waiting.clear()
        self._holds.clear()
        self._busy = True
        return keys

    async def deliver_now(self, key: events.Key | events.Paste) -> None:
        again = fresh_event(key)
        self._released.add(id(again))
        self._text.add(id(again))  # no settle task of its own: this waits for it
        self.app.post_message(again)
        await until_quiet(self.app)

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
        self._draw_later()
        self.app.bell()
        self.app.notify(f"{count} key{'s' * (count != 1)} typed {why} "
                        f"{'were' if count != 1 else 'was'} not used.", timeout=5)

    # -- waiting until the app has handled everything a key set off --------------------------------
    async def _settle_then_next(self) -> None:
        try:
            await self._quiet()
        finally:
            self._busy = False
            self._text_in_flight = False
            self._next()
            self._draw_later()  # the burst has been handled: one frame shows where it ended

    def _next(self) -> None:
        if self._holds or self._busy or self._ending or not self._waiting:
            return
        self._text_in_flight = False
        # A run of characters for the focused text field goes on together: none of them can
        # move the focus, so they need not wait for each other; the run is handled as one key.
        bindings = self.app.active_bindings  # worked out once: the run cannot change them
        first_is_text = self.is_text(self._waiting[0], bindings)  # before taking it: see _finished
        run = [self._waiting.popleft()]
        if first_is_text:
            while self._waiting and self.is_text(self._waiting[0], bindings):
                run.append(self._waiting.popleft())
        self._busy = True  # until the last of the run has been handled
        self._draw_later()
        run = (joined(run) if len(run) > 1 and takes_joined_text(self.app.focused)
               else [fresh_event(key) for key in run])
        for position, again in enumerate(run):
            self._released.add(id(again))
            if position < len(run) - 1:
                self._text.add(id(again))
            if not self.app.post_message(again):
                self._released.discard(id(again))
                self._text.discard(id(again))
                self._busy = False
                return

    # -- drawing: once for a burst, not once a key (screens/key_frames.py) --------------------
    def _draw_later(self) -> None:
        self._frames.update()

    @property
    def backlog(self) -> bool:
        """Keys are waiting and the screen is not being redrawn for each (the footer waits)."""
        return self._frames.backlog

    async def _quiet(self) -> None:
        await until_quiet(self.app)
