"""A small modal that asks for one or a few lines of text (a reason, a corrected time) and
returns them, or None on Escape. What the answers mean is decided in workflow/."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptModal(ModalScreen[dict[str, str] | None]):
    DEFAULT_CSS = """
    PromptModal { align: center middle; }
    #prompt-box { width: 70; max-width: 100%; height: auto; border: thick $accent;
                  background: $surface; padding: 0 1; }
    #prompt-box Static { height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Back", id="prompt.cancel",
                        tooltip="Close without doing anything")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]]) -> None:
        """``fields``: (id, label, placeholder) for each line asked."""
        super().__init__()
        self.title_text = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(Text(self.title_text, style="bold"))
            for field_id, label, placeholder in self.fields:
                yield Static(label)
                yield Input(placeholder=placeholder, id=f"prompt-{field_id}", max_length=200)
            yield Static(Text("enter on the last line to confirm · escape back", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input).results(Input))
        if event.input is not inputs[-1]:
            self.focus_next()
            return
        self.dismiss({i.id.removeprefix("prompt-"): i.value for i in inputs if i.id})
