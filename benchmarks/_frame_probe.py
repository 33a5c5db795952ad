"""One start-up measured from inside a fresh interpreter: exits as soon as the first frame with
real content is on screen. Used by first_frame.py; prints seconds since the interpreter began."""

from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()  # as close to process start as Python allows


def bare() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

        def on_ready(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(120, 40))


def mrss(db: str) -> None:
    from pathlib import Path

    from mrss_tui.app import MrssApp
    from mrss_tui.config import build_config
    from mrss_tui.workflow.context import open_session

    class Probe(MrssApp):
        def on_ready(self) -> None:
            self.set_interval(0.002, self._done_when_board_filled)

        def _done_when_board_filled(self) -> None:
            if getattr(self.screen, "summary", None) is not None:
                self.call_after_refresh(self.exit)

    session = open_session(Path(db), build_config({}), "coord")
    Probe(session, poll_seconds=0).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        mrss(sys.argv[2])
    print(f"{time.perf_counter() - STARTED:.4f}")
