"""Asked when a call may repeat one already being handled (same person or callback number):
add it to the open episode, record a new episode, or go back. Dismisses with
{"join_episode_id": id} / {"new_episode": True} / None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from mrss_tui.workflow.duplicates import RepeatCall


class RepeatCallModal(ModalScreen[dict | None]):
    DEFAULT_CSS = """
    RepeatCallModal { align: center middle; }
    #repeat-box { width: 76; max-width: 100%; height: auto; border: thick $warning;
                  background: $surface; padding: 0 1; }
    """
    BINDINGS = [
        Binding("j", "join", "Add to open episode", id="repeat.join",
                tooltip="Record this call on the open episode (no second episode or dispatch)"),
        Binding("n", "new", "New episode", id="repeat.new",
                tooltip="It is a different crisis: record a new episode"),
        Binding("escape", "dismiss(None)", "Back", id="repeat.back", tooltip="Back to the call"),
    ]

    def __init__(self, repeat: RepeatCall) -> None:
        super().__init__()
        self.repeat = repeat

    def compose(self) -> ComposeResult:
        text = Text("This may be a repeat call\n", style="bold")
        for candidate in self.repeat.candidates[:5]:
            text.append(f"  {candidate.describe()}\n")
        episode = self.repeat.open_episode_id
        if episode is not None:
            text.append("j", style="bold")
            text.append(f" add this call to open episode E{episode:05d}    ")
        text.append("n", style="bold")
        text.append(" new episode    ")
        text.append("escape", style="bold")
        text.append(" back")
        with Vertical(id="repeat-box"):
            yield Static(text)

    def action_join(self) -> None:
        if self.repeat.open_episode_id is not None:
            self.dismiss({"join_episode_id": self.repeat.open_episode_id})

    def action_new(self) -> None:
        self.dismiss({"new_episode": True})
