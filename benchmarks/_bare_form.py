"""The baseline for typing speed: a bare Textual form of 14 inputs, enter moves to the next one
(what the intake form is, without the gate, the checks or the database)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

FIELDS = 14
DONE_KEY = "f12"  # sent after the burst: handled once every key before it was


class BareForm(App[None]):
    BINDINGS = [Binding(DONE_KEY, "done", "Done")]

    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def compose(self) -> ComposeResult:
        for number in range(FIELDS):
            yield Input(id=f"field-{number}")

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.screen.focus_next()

    def action_done(self) -> None:
        self.done = True
