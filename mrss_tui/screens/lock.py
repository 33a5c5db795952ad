"""Idle sessions: after ``session.idle_lock_minutes`` without input a lock screen hides everything
(drafts are saved first); any key brings the work back. After ``idle_end_minutes`` the session
ends, so no PHI stays on an unattended terminal.

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
from textual.screen import ModalScreen
from textual.widgets import Static

from mrss_tui.screens.host import AppHost


CHECK_EVERY_SECONDS = 5.0
INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp,
                events.Paste)


@runtime_checkable
class DraftHolder(Protocol):
    def save_draft(self) -> None:
        """Save unsaved input as a draft now (synchronously: the screen is about to be hidden)."""


class LockScreen(ModalScreen[None]):
    """Covers the whole terminal; shows who is signed in and nothing else."""

    DEFAULT_CSS = """
    LockScreen { background: $background; align: center middle; }
    LockScreen #lock-box { width: 64; height: auto; border: round $primary; padding: 1 2; }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", id="lock.quit",
                        tooltip="Leave mrss; unfinished forms are kept as drafts")]

    def compose(self) -> ComposeResult:
        app: AppHost = self.app  # type: ignore[assignment]
        minutes = app.session.config.session.idle_lock_minutes
        yield Static(Text.assemble(
            ("Locked", "bold"), f" after {minutes} idle minute{'s' * (minutes != 1)}. Nothing is shown while you are "
            "away; your unfinished forms were saved as drafts.\n\n",
            (app.session.actor.name, "bold"), ": press any key to go back to work."),
            id="lock-box")

    def on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+q":
            return
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss()


class IdleGuard:
    """Watches the time since the last input and locks, then ends, the session."""

    def __init__(self, app: "AppHost") -> None:
        self.app = app
        self.last_input: datetime = app.session.now()

    @property
    def locked(self) -> bool:
        return isinstance(self.app.screen, LockScreen)

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
