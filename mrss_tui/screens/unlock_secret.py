"""Set my unlock PIN (command palette): the secret that unlocks this person's idle session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from mrss_tui.domain.unlock import MAX_LENGTH, MIN_LENGTH
from mrss_tui.workflow.unlock import set_my_unlock_secret


class UnlockSecretScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    UnlockSecretScreen { align: center middle; }
    UnlockSecretScreen #unlock-box { width: 60; height: auto; border: round $primary; padding: 1 2; }
    """
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="unlock.cancel",
                        tooltip="Leave without changing your PIN")]
    AUTO_FOCUS = "#unlock-new"

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static(f"Your unlock PIN or passphrase ({MIN_LENGTH} or more characters). "
                         "Only you know it; it unlocks your session after an idle lock.",
                         markup=False)
            yield Label("New")
            yield Input(password=True, id="unlock-new", max_length=MAX_LENGTH)
            yield Label("Again")
            yield Input(password=True, id="unlock-again", max_length=MAX_LENGTH)
            yield Static("", id="unlock-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "unlock-new":
            self.query_one("#unlock-again", Input).focus()
            return
        secret = self.query_one("#unlock-new", Input).value
        again = self.query_one("#unlock-again", Input).value
        self.app.run_db(self, lambda s: set_my_unlock_secret(s, secret, again),  # type: ignore[attr-defined]
                        self._saved, group="unlock-secret")

    def _saved(self, _result: None) -> None:
        self.notify("Unlock PIN set.")
        self.dismiss()

