"""Plan a follow-up by hand (rules plan the usual ones)."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from mrss_tui.domain.models import Episode, Followup
from mrss_tui.errors import ValidationFailed
from mrss_tui.screens.form_base import FormModal, show_failure, submit
from mrss_tui.workflow.episodes import add_followup

TIME_FORMAT = "%Y-%m-%d %H:%M"


class FollowupFormScreen(FormModal):
    PROBLEM_FIELDS = {"due_at": "#fu-due", "note": "#fu-note"}
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="followup.cancel",
                tooltip="Close; what you typed is kept as a draft for next time"),
        Binding("ctrl+s", "save", "Save", id="followup.save", tooltip="Plan the follow-up"),
    ]

    def __init__(self, episode: Episode) -> None:
        super().__init__()
        self.episode = episode
        self.draft_form = f"followup:{episode.id}"
        self.draft_title = f"Follow-up for {episode.ref}"
        self.draft_how = f"open episode {episode.ref} and press f"

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        tomorrow = (session.now() + timedelta(days=1)).astimezone(session.config.zone)
        with Vertical(id="followup-box", classes="form-box"):
            yield Static(f"Plan a follow-up: {self.episode.ref}", classes="form-title")
            yield Label("Due (local time, YYYY-MM-DD HH:MM)")
            yield Input(tomorrow.strftime(TIME_FORMAT), id="fu-due", max_length=16, compact=True)
            yield Label("What (e.g. school meeting, call back)")
            yield Input(id="fu-note", max_length=200, compact=True)
            yield Label("Reason, if after the program's window", id="fu-reason-label")
            yield Input(id="fu-reason", max_length=200, compact=True,
                        placeholder="e.g. family asked to meet after the school break")
            yield Static(classes="form-problem")
            yield Button("Save (ctrl+s)", id="fu-save", variant="primary", compact=True)

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.action_save()

    def action_save(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        text = self.query_one("#fu-due", Input).value.strip()
        note = self.query_one("#fu-note", Input).value.strip()
        reason = self.query_one("#fu-reason", Input).value.strip()
        try:
            due = datetime.strptime(text, TIME_FORMAT).replace(tzinfo=session.config.zone)
        except ValueError:
            show_failure(self, ValidationFailed("write the due time as YYYY-MM-DD HH:MM", {
                "due_at": "write the due time as YYYY-MM-DD HH:MM"}))
            return
        episode_id = self.episode.id

        def done(followup: Followup) -> None:
            when = followup.due_at.astimezone(session.config.zone)
            self.dismiss(f"Follow-up planned for {when:%a %d %b %H:%M}")

        submit(self, lambda s: add_followup(s, episode_id, due_at=due, note=note,
                                            window_reason=reason), done)
