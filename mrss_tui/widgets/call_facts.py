"""The one widget that shows what was typed at intake (domain/call_facts.py): call back,
caller, person and age, 911 incident, where, situation and the dispatch essentials.

It wraps at any width and scrolls when it is taller than the room it gets (tab to it, then the
arrow keys), so every fact can be read whole at 80x24.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from mrss_tui.domain.call_facts import CallFacts, call_facts_lines
from mrss_tui.widgets.quiet import show_if_changed
from mrss_tui.widgets.safe import plain


def call_facts_text(facts: CallFacts) -> Text:
    """One fact a line, its label in bold; stored words as plain text, never markup."""
    text = Text()
    for index, (name, value) in enumerate(call_facts_lines(facts)):
        if index:
            text.append("\n")
        text.append(f"{name}: ", style="bold")
        text.append_text(plain(value))
    return text


class CallFactsView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    CallFactsView { height: auto; max-height: 7; padding: 0 1; scrollbar-size-vertical: 1; }
    CallFactsView:focus { background: $boost; }
    CallFactsView > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="call-facts-text")

    def show(self, facts: CallFacts | None) -> None:
        text = call_facts_text(facts) if facts is not None else Text("No intake facts.", style="dim")
        show_if_changed(self.query_one(".call-facts-text", Static), text)
