"""MrssApp: the Textual shell. Screens come from ``screens/`` (see ``screens/nav.py``).

Database work runs in thread workers, each on its own connection (``thread_session``); the UI
thread only polls ``PRAGMA data_version`` (microseconds) to learn that another session wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from mrss_tui.crash import write_crash_report
from mrss_tui.domain.board_rows import BoardSummary
from mrss_tui.domain.plain_text import strip_controls
from mrss_tui.errors import DiskFull, MrssError
from mrss_tui.screens.file_check_notice import watch_file_check
from mrss_tui.screens.first_frame import WHOLE_AT_THE_LATEST_SECONDS, FirstFrame
from mrss_tui.screens.messages import DataChanged
from mrss_tui.screens.hang_up import stop_watching, watch_for_hang_up
from mrss_tui.screens.key_events import read_escape_then_letter_as_typed, read_newline_as_enter
from mrss_tui.screens.key_gate import KeyGate
from mrss_tui.screens.lock import INPUT_EVENTS, IdleGuard
from mrss_tui.screens.nav import NavEntry, all_entries, entry
from mrss_tui.screens.terminal_driver import terminal_driver_class
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.files import output_place
from mrss_tui.workflow.permissions import Action, allowed

T = TypeVar("T")


def _nav_bindings() -> list[Binding]:
    return [
        Binding(e.key, f"go('{e.id}')", e.title, id=f"nav.{e.id}", tooltip=e.description,
                show=e.show)
        for e in all_entries()
    ]


class MrssApp(App[None]):
    # Background work waits until the board is on screen: the user sees data first.
    JOBS_START_SECONDS = 1.0
    # The call-taking screens' styles are read with the app's: Textual reads a screen's CSS
    # file on its first visit by re-parsing the whole stylesheet and restyling every screen,
    # which made the first F2 of a session, and the first Page team, the slowest (issue 19).
    # Their rules name only their own widgets.
    CSS_PATH = ["app.tcss", "screens/intake.tcss", "screens/page_team.tcss"]
    TITLE = "mrss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="List every key on this screen"),
        # A priority binding, as Textual's own: a dialog (a modal screen) passes on only the
        # app's priority keys, and "^q Quit" stayed on show under the unfinished-call question
        # while doing nothing there.
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Leave mrss; unfinished forms stay as drafts"),
        *_nav_bindings(),
    ]

    def __init__(self, session: Session, *, poll_seconds: float = 1.0,
                 run_jobs: bool | None = None, warm_screens: bool | None = None,
                 first_board: BoardSummary | None = None,
                 after_first_frame: Callable[[], None] | None = None) -> None:
        super().__init__(driver_class=terminal_driver_class())
        self.session = session
        self.poll_seconds = poll_seconds
        # Scheduled jobs (alerts.py) run with live refresh; a frozen test screen gets neither.
        self.run_jobs = poll_seconds > 0 if run_jobs is None else run_jobs
        # Likewise the next screens are warmed after the first frame (screens/warmup.py).
        self.warm_screens = poll_seconds > 0 if warm_screens is None else warm_screens
        self._first_board = first_board  # read before the start (commands/tui.py), used once
        self._after_first_frame = after_first_frame  # what the start-up leaves until then
        self._first_frame = FirstFrame()
        self._home: Screen | str | None = None  # the first screen, chosen as the app composes
        self._errors_on_show: set[str] = set()  # an error already on screen is not repeated
        self._scheduler = None
        self._last_data_version: int | None = None
        self.title = session.config.program.name
        self.idle = IdleGuard(self)  # locks, then ends, an unattended session
        self.keys = KeyGate(self)  # one key at a time, each to the field focused after the last
        read_escape_then_letter_as_typed()
        read_newline_as_enter()
        # Called in the worker thread with the group's name before any database work: tests
        # slow a loader down on purpose with it, so keys surely arrive while a screen loads.
        self.before_work: Callable[[str], None] | None = None

    # -- start-up ------------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.session.config.keys:
            self.set_keymap(dict(self.session.config.keys))
        self.push_screen(self._home if self._home is not None else self.home_screen())
        self._home = None
        self._last_data_version = self.session.store.data_version()
        if self.poll_seconds > 0:
            self.set_interval(self.poll_seconds, self._poll_data_version)
        self.idle.start()
        watch_for_hang_up(self)

    def on_ready(self) -> None:
        # Textual is "ready" once the first screen is laid out; its drawing is still queued
        # on that screen. Work started now would hold the GIL before the first frame is out.
        self.screen.call_after_refresh(self._after_first_frame_work)

    def after_first_frame(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the first frame is on the terminal (now, if it is)."""
        self._first_frame.then(callback)

    def first_screen_whole(self) -> None:
        """The footer's keys are drawn: the first screen is whole (screens/first_frame.py)."""
        self._first_frame.whole_reached()

    def _after_first_frame_work(self) -> None:
        self._first_frame.reached()
        self._first_frame.when_whole(self._after_first_screen_work)
        self.set_timer(WHOLE_AT_THE_LATEST_SECONDS, self.first_screen_whole)

    def _after_first_screen_work(self) -> None:
        """Once the first screen is whole: the drafts notice, the likely next screens, then
        (a moment later) the scheduled jobs, so that a key pressed soon after start finds at
        most one of them at work."""
        from mrss_tui.screens.drafts_notice import offer_drafts

        if self._after_first_frame is not None:
            self._after_first_frame()
        offer_drafts(self)
        watch_file_check(self)
        if self.warm_screens:
            from mrss_tui.screens.warmup import warm_up

            here = getattr(self.screen, "nav_id", None)
            warm_up(self, [e for e in self.allowed_entries() if e.id != here], self.nav_screen,
                    then=self._schedule_jobs)
        else:
            self._schedule_jobs()

    def _schedule_jobs(self) -> None:
        if self.run_jobs and self.is_running:
            self.set_timer(self.JOBS_START_SECONDS, self._start_jobs)

    def _start_jobs(self) -> None:
        from mrss_tui.alerts import start_tui_scheduler

        if self.is_running:
            self._scheduler = start_tui_scheduler(self)

    def on_unmount(self) -> None:
        from mrss_tui.alerts import stop_scheduler

        stop_watching()
        stop_scheduler(self._scheduler)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, INPUT_EVENTS):
            self.idle.touch()
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if not self.keys.admit(event):
                return  # it waits until the keys before it have been handled
            try:
                await super().on_event(event)
            finally:
                self.keys.handled(event)
            return
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A blinking cursor redraws its line twice a second: ~0.4 kB/s over a metered link
        # for nothing. A steady cursor is as easy to find.
        if getattr(event.widget, "cursor_blink", False):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    def get_default_screen(self) -> Screen:
        # Called as the app is composed, before any CSS is parsed: the home screen is chosen
        # now so that its widgets' CSS is read first (screens/stack_base.py).
        from mrss_tui.screens.stack_base import stack_base_for

        self._home = self.home_screen()
        return stack_base_for(self, self._home)

    def home_screen(self) -> Screen | str:
        """The board for everyone who may see it; otherwise the first screen the role may open."""
        for nav in self.allowed_entries():
            return self.nav_screen(nav)
        from mrss_tui.screens.no_access import NoAccessScreen

        return NoAccessScreen()

    def take_first_board(self) -> BoardSummary | None:
        """The board read before the app started, once (later reads are the board's own)."""
        first, self._first_board = self._first_board, None
        return first

    def allowed_entries(self) -> list[NavEntry]:
        return [e for e in all_entries() if allowed(self.session.actor.role, e.needs)]

    def may(self, action: Action) -> bool:
        return allowed(self.session.actor.role, action)

    # -- navigation -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.idle.locked and action != "quit":
            return False  # nothing but the unlock secret (or quitting) while locked
        if action == "go" and parameters:
            nav = entry(str(parameters[0]))
            if nav is None or not self.may(nav.needs):
                return False
            # On a form a stray letter must not carry the user off mid-call: letter keys jump
            # only from screens that say so (F-keys, ctrl+p and the palette always work).
            if len(nav.key) == 1 and not self.letter_keys_navigate():
                return False
            return True
        return True

    def letter_keys_navigate(self) -> bool:
        # The help screen describes the keys of the screen below it.
        screen = getattr(self.screen, "below", self.screen)
        return not screen.is_modal and getattr(screen, "letter_nav", True)

    def action_go(self, nav_id: str) -> None:
        nav = entry(nav_id)
        if self.idle.locked:
            return
        if nav is None or not self.may(nav.needs):
            self.notify("That screen is not available to your role.", severity="warning")
            return
        if getattr(self.screen, "nav_id", None) == nav_id:
            return
        opener = nav.opener_function()
        if opener is not None:
            opener(self, self.show_top_level)
        else:
            self.show_top_level(self.nav_screen(nav))

    def show_top_level(self, screen: Screen | str) -> None:
        # Keep one copy of each top-level screen: going "back" to the board is a switch, not a pile.
        while len(self.screen_stack) > 2 and not self.screen.is_modal:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def nav_screen(self, nav: NavEntry) -> Screen | str:
        """A kept screen is built on first use and installed: later visits switch back to it
        (it refreshes on resume) instead of building it again."""
        if not nav.keep:
            return nav.factory()
        name = f"nav.{nav.id}"
        if not self.is_screen_installed(name):
            self.install_screen(nav.factory(), name)
        return name

    def action_set_unlock_secret(self) -> None:
        from mrss_tui.screens.unlock_secret import UnlockSecretScreen

        self.push_screen(UnlockSecretScreen())

    def action_find_episode(self) -> None:
        """The Episodes list with its search box focused (from the command palette). The focus
        is set as the screen arrives, before any key typed after this reaches it: digits typed
        at once go into the box, never to the list as phase keys."""
        self.action_go("episodes")
        focus_on_arrival = getattr(self.screen, "focus_on_arrival", None)
        if getattr(self.screen, "nav_id", "") == "episodes" and focus_on_arrival is not None:
            focus_on_arrival("#episodes-search")

    def action_help(self) -> None:
        from mrss_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from mrss_tui.screens.palette_commands import palette_commands

        return palette_commands(self)

    # -- database work off the UI thread ----------------------------------------------------------------
    @contextmanager
    def thread_session(self) -> Iterator[Session]:
        session = self.session.for_thread()
        try:
            yield session
        finally:
            session.store.close()

    def run_db(self, node: Any, work: Callable[[Session], T], then: Callable[[T], None] | None = None,
               *, group: str = "db", exclusive: bool = True,
               hold_keys: str | None = None) -> None:
        """Run ``work(session)`` in a thread worker on its own connection; hand the result to
        ``then`` on the UI thread. Errors reach the user through ``notify``, never a traceback.

        Keys wait while a screen or dialog loads what they act on (screens/key_gate.py): work
        with a ``then`` for a screen holds them until ``then`` has been shown, wherever it was
        started (a list's rows, a dialog's record, the form a worker sets up). ``hold_keys``
        says otherwise: "save" when the work may change screens (keys typed meanwhile go on only
        to a dialog it opens), "none" for what keys need not wait for (matches shown while
        typing). Work on the app itself (drafts, page delivery) never holds them."""
        from textual.worker import get_current_worker

        if hold_keys is None:
            hold_keys = "load" if then is not None and node is not self else "none"
        held = self.keys.hold(here=hold_keys == "load") if hold_keys != "none" else None
        if exclusive:
            # The worker this one replaces may never run: its hold goes now, not when the
            # gate's reaper next looks (keys still wait for this one).
            self.keys.replace_hold((id(node), group), held)

        def job() -> None:
            try:
                try:
                    if self.before_work is not None:
                        self.before_work(group)
                    with self.thread_session() as session:
                        result = work(session)
                except MrssError as exc:
                    self.call_from_thread(self.notify_error, exc)
                    return
                except Exception as exc:  # noqa: BLE001 - shown as a report, app keeps running
                    self.call_from_thread(self.report_unexpected, exc)
                    return
                if then is not None and not get_current_worker().is_cancelled:
                    self.call_from_thread(then, result)
            finally:
                if held is not None:
                    self.call_from_thread(self.keys.release, held)

        worker = node.run_worker(job, thread=True, exclusive=exclusive, group=group,
                                 exit_on_error=False)
        if held is not None:
            self.keys.watch(held, worker)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast is plain text (messages quote names and typed values): markup is never
        parsed, control characters never reach the terminal."""
        super().notify(strip_controls(message), title=strip_controls(title), severity=severity,
                       timeout=timeout, markup=False)

    ERROR_SECONDS = 8

    def notify_error(self, exc: MrssError) -> None:
        text = str(exc)
        if text in self._errors_on_show:
            return  # e.g. each screen's read of a damaged file at once: one notice says it
        self._errors_on_show.add(text)
        self.set_timer(self.ERROR_SECONDS, lambda: self._errors_on_show.discard(text))
        # The form that asked stays open with what was typed (its `then` never runs).
        title = "Not saved: disk full" if isinstance(exc, DiskFull) else "Not done"
        self.notify(text, title=title, severity="error", timeout=self.ERROR_SECONDS)

    def crash_folder(self) -> Path:
        return output_place(self.session.config.paths, self.session.store.path, "crash")

    def report_unexpected(self, exc: BaseException) -> None:
        path = write_crash_report(exc, self.crash_folder())
        where = f" A report without personal data is in {path}." if path else ""
        self.notify(f"Unexpected problem ({type(exc).__name__}); this may not have been saved, "
                    f"earlier saves are kept.{where}",
                    title="Problem", severity="error", timeout=12)

    # -- live refresh when other sessions write ---------------------------------------------------------
    def _poll_data_version(self) -> None:
        try:
            version = self.session.store.data_version()
        except Exception:  # noqa: BLE001 - a locked or vanished file must not crash the poll
            return
        if version != self._last_data_version:
            self._last_data_version = version
            self.screen.post_message(DataChanged())

    def data_written(self) -> None:
        """Called after our own writes so the current screen refreshes at once."""
        self.screen.post_message(DataChanged())

    # -- never show a traceback (it can hold PHI in its locals) -----------------------------------------
    def _fatal_error(self) -> None:
        from rich.text import Text
        from rich.segment import Segments

        exc = self._exception
        path = write_crash_report(exc, self.crash_folder()) if exc is not None else None
        where = f"\nA report without personal data is in {path}." if path else ""
        message = Text(f"mrss stopped after an unexpected problem "
                       f"({type(exc).__name__ if exc else 'error'}). Everything already saved is "
                       f"kept, and unfinished forms are kept as drafts.{where}")
        self.bell()
        self._exit_renderables.append(Segments(self.console.render(message, self.console.options)))
        self._close_messages_no_wait()
