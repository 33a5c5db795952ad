"""The baseline for a question asked over a screen: a bare Textual app with a title, a 50-row
table and a footer; 'q' opens a small dialog over it (enter closes it)."""

from textual.app import App
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from _bare_switch_app import ListScreen


class Question(ModalScreen[bool]):
    DEFAULT_CSS = """
    Question { align: center middle; }
    #box { width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    """
    BINDINGS = [("enter", "dismiss(True)", "Yes")]

    def compose(self):
        with Vertical(id="box"):
            yield Static("Unfinished call\nthe question drawn (last saved today)\n"
                         "enter resume it    n start a new one")


class BareQuestion(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit"), ("q", "ask", "Ask")]

    def on_mount(self) -> None:
        self.push_screen(ListScreen("first"))

    def action_ask(self) -> None:
        self.push_screen(Question())


if __name__ == "__main__":
    BareQuestion().run()
