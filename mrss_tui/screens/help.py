"""'?' lists every key of the screen below it, with its id (for [keys] in config.toml)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static
from mrss_tui.widgets.safe import SafeTable


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close", tooltip="Back to the screen"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close2"),
        Binding("q", "dismiss", "Close", show=False, id="help.close3"),
    ]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys on this screen [dim](escape closes)[/]", id="help-title")
            yield SafeTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Binding id", "Does")
        seen: set[tuple[str, str]] = set()
        # The app's and the screen's own keys first; list navigation (arrows, paging) last.
        ordered = sorted(self.below.active_bindings.items(),
                         key=lambda item: not isinstance(item[1].node, (App, Screen)))
        for key, active in ordered:
            binding = active.binding
            if not active.enabled or binding.system:
                continue
            mark = (binding.action, key)
            if mark in seen:
                continue
            seen.add(mark)
            does = binding.description or binding.action
            if binding.tooltip:
                does = f"{does}: {binding.tooltip}"
            table.add_row(self.app.get_key_display(binding), binding.id or "", does)
        table.add_row(self.app.get_key_display(Binding("ctrl+p", "")), "",
                      "Command palette: jump to any screen, run any command")
        table.focus()
