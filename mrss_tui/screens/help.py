"""'?' lists every key of the screen below it, with its id (for [keys] in config.toml)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
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
        table = self.query_one(SafeTable)
        # "Does" gets the rest of the width and wraps (one row may take several lines), so a
        # long tooltip is read whole at 80 columns instead of cut at about 40 characters.
        key_width, id_width = 10, 22
        box = min(self.app.size.width * 9 // 10, 110)  # #help-box in app.tcss
        does_width = max(20, box - 4 - 2 - 6 - key_width - id_width)  # border+padding, bar, cells
        table.add_column("Key", width=key_width)
        table.add_column("Binding id", width=id_width)
        table.add_column("Does", width=does_width)
        seen: set[tuple[str, str]] = set()
        # The app's and the screen's own keys first; list navigation (arrows, paging) last.
        ordered = sorted(self.below.active_bindings.items(),
                         key=lambda item: not isinstance(item[1].node, (App, Screen)))
        with table.filling():
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
                table.add_row(self.app.get_key_display(binding), binding.id or "", Text(does),
                              height=None)
            table.add_row(self.app.get_key_display(Binding("ctrl+p", "")), "",
                          Text("Command palette: jump to any screen, find an episode, run any "
                               "command"), height=None)
        table.focus()
