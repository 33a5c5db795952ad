"""The baseline for a key press to the next screen: a bare Textual app whose two screens hold
what ours do (a title, a 50-row table, a footer); 'e' and 'b' switch between them."""

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


class ListScreen(Screen):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.title_text = name

    def compose(self):
        yield Header()
        yield Static(f"{self.title_text} screen drawn")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Ref", "Town", "Since", "Window", "Next")
        for row in range(50):
            table.add_row(f"E{row:05d}", "Prairie City", "20 Nov 13:30", "2d 4h", "tomorrow")


class BareSwitch(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit"), ("e", "show('other')", "Other"),
                ("b", "show('first')", "First")]

    def on_mount(self) -> None:
        self.push_screen(ListScreen("first"))

    def action_show(self, name: str) -> None:
        self.switch_screen(ListScreen(name))


if __name__ == "__main__":
    BareSwitch().run()
