"""Keys typed before mrss has the terminal (`mrss` Enter, then at once "e / E9 Enter") meet the
terminal in its line mode, which turns Enter into a newline; Textual read that as ctrl+j and
the search was never run (seen in tmux at 80x24, on every start). A newline reads as Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Static

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.burst import until_keys_handled
from tests.ui.intake_helpers import make_app, settle


def _read(data: str) -> list[events.Key]:
    """What the terminal driver makes of ``data`` arriving in one read."""
    parser = XTermParser()
    return [e for e in [*parser.feed(data), *parser.feed("")] if isinstance(e, events.Key)]


def test_a_newline_reads_as_enter(demo_db: Path) -> None:
    make_app(demo_db)  # the app reads keys as typed from its start
    assert [e.key for e in _read("E9\n")] == ["E", "9", "enter"]
    assert [e.key for e in _read("E9\r")] == ["E", "9", "enter"]  # Enter in raw mode: the same


@pytest.mark.asyncio
async def test_a_search_typed_ahead_with_a_newline_is_run(demo_db: Path) -> None:
    from mrss_tui.screens.episodes import EpisodesScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for event in _read("e/E9\n"):  # as the line mode hands over "e / E9 Enter"
            event.set_sender(app)
            app.post_message(event)
        await until_keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, EpisodesScreen), app.screen
        title = str(app.screen.query_one("#episodes-title", Static).render())
        assert "Found 1 by episode number" in title, title
