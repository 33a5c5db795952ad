"""The baseline: a bare Textual app (Header + Static + Footer), started like a program."""

from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("hello from a bare app")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
