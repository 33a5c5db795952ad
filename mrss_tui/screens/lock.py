"""Idle sessions: after ``session.idle_lock_minutes`` without input a lock screen hides everything
(drafts are saved first); only the person's own PIN or passphrase brings the work back. After
``idle_end_minutes`` the session ends, so no PHI stays on an unattended terminal.

A screen with unsaved input implements ``save_draft()`` (see ``DraftHolder``); the lock calls it
on every screen in the stack before hiding them. Time comes from the session's clock, so tests
move a frozen clock and call ``IdleGuard.check()`` instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mrss_tui.domain.unlock import MAX_ATTEMPTS, MAX_LENGTH
from mrss_tui.workflow.unlock import unlocks

from mrss_tui.screens.host import AppHost


CHECK_EVERY_SECONDS = 5.0
INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp,
                events.Paste)


@runtime_checkable
class DraftHolder(Protocol):
    def save_draft(self) -> None:
        """Save unsaved input as a draft now (synchronously: the screen is about to be hidden)."""


class LockScreen(ModalScreen[None]):
    """Covers the whole terminal; only the person's own PIN or passphrase brings the work back.

    A wrong or missing secret gets one answer ("Not unlocked"), with no hint; after
    ``MAX_ATTEMPTS`` wrong tries the session ends (drafts are already saved). While locked the
    app refuses every other binding and the command palette (``MrssApp.check_action``).
    """

    DEFAULT_CSS = """
    LockScreen { background: $background; align: center middle; }
    LockScreen #lock-box { width: 64; height: auto; border: round $primary; padding: 1 2; }
    LockScreen #lock-secret { margin-top: 1; }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="lock.quit",
                        tooltip="Leave mrss; unfinished forms are kept as drafts")]
    AUTO_FOCUS = "#lock-secret"

    def __init__(self) -> None:
        super().__init__()
        self.failures = 0
        self.checking = False

    def compose(self) -> ComposeResult:
        app: AppHost = self.app  # type: ignore[assignment]
        minutes = app.session.config.session.idle_lock_minutes
        with Vertical(id="lock-box"):
            yield Static(Text.assemble(
                ("Locked ", "bold"), f"after {minutes} idle minute{'s' * (minutes != 1)}. Nothing "
                "is shown while you are away; your unfinished forms were saved as drafts.\n\n",
                (app.session.actor.name, "bold"),
                ": type your unlock PIN or passphrase and press enter. (No PIN set yet? "
                "ctrl+q leaves; set one with ctrl+p, 'Set my unlock PIN', next time.)"))
            yield Input(password=True, id="lock-secret", max_length=MAX_LENGTH)
            yield Static("", id="lock-answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking:
            return
        self.checking = True
        secret = event.value
        event.input.value = ""
        app: AppHost = self.app  # type: ignore[assignment]
        app.run_db(self, lambda session: unlocks(session, secret), self._answer,
                   group="unlock")

    def _answer(self, ok: bool) -> None:
        self.checking = False
        if ok:
            self.dismiss()
            return
        self.failures += 1
        if self.failures >= MAX_ATTEMPTS:
            self.app.exit(return_code=0, message=(
                f"mrss: session ended after {MAX_ATTEMPTS} wrong unlock attempts; unfinished "
                "forms are kept as drafts."))
            return
        self.query_one("#lock-answer", Static).update(Text("Not unlocked.", style="bold"))


class IdleGuard:
    """Watches the time since the last input and locks, then ends, the session."""

    def __init__(self, app: "AppHost") -> None:
        self.app = app
        self.last_input: datetime = app.session.now()

    @property
    def locked(self) -> bool:
        """Locked while a lock screen is anywhere in the stack (even if something was pushed
        above it): the app then refuses every action but quitting."""
        return any(isinstance(screen, LockScreen) for screen in self.app.screen_stack)

    def start(self) -> None:
        self.last_input = self.app.session.now()
        self.app.set_interval(CHECK_EVERY_SECONDS, self.check)

    def touch(self) -> None:
        self.last_input = self.app.session.now()

    def check(self) -> None:
        limits = self.app.session.config.session
        idle = self.app.session.now() - self.last_input
        if idle >= timedelta(minutes=limits.idle_end_minutes):
            self.save_drafts()
            self.app.exit(return_code=0, message=(
                f"mrss: session ended after {limits.idle_end_minutes} idle minutes; "
                "unfinished forms are kept as drafts."))
        elif idle >= timedelta(minutes=limits.idle_lock_minutes) and not self.locked:
            self.save_drafts()
            self.app.push_screen(LockScreen())

    def save_drafts(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, DraftHolder):
                try:
                    screen.save_draft()
                except Exception as exc:  # noqa: BLE001 - still lock: hiding PHI comes first
                    self.app.report_unexpected(exc)
