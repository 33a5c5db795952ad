from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from mrss_tui.screens.base import MrssScreen


class NoAccessScreen(MrssScreen):
    def compose_body(self) -> ComposeResult:
        yield Static("There is no screen for your role in this version of mrss.\n"
                     "Ask a supervisor to check your role. Press ctrl+q to leave.",
                     classes="notice")
