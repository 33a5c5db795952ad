"""Escape then a letter, twice in one read (issue 19, seen in tmux at 80x24).

Over SSH, "Escape b Escape e" typed fast arrives as ESC b ESC e in one read. Textual waited
after ESC b for more, met the second Escape, gave up and typed "^" and "b" into the focused
field. Each Escape-letter pair must read as Escape then the letter, whatever follows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.burst import until_keys_handled
from tests.ui.intake_helpers import make_app, settle


def _read(data: str) -> list[events.Key]:
    """What the terminal driver makes of ``data`` arriving in one read."""
    parser = XTermParser()
    return [e for e in [*parser.feed(data), *parser.feed("")] if isinstance(e, events.Key)]


def test_each_escape_letter_pair_reads_as_alt_letter(demo_db: Path) -> None:
    make_app(demo_db)  # the app reads Escape-then-letter as typed from its start
    assert [e.key for e in _read("\x1bd\x1be")] == ["alt+d", "alt+e"]
    assert [e.key for e in _read("\x1be\x1b[B")] == ["alt+e", "down"]  # then an arrow key
    assert [e.key for e in _read("\x1bD\x1be")] == ["alt+shift+d", "alt+e"]
    assert [e.key for e in _read("\x1bOQ\x1bOP")] == ["f2", "f1"]  # F-keys are unchanged
    assert [e.key for e in _read("\x1b[1;5D")] == ["ctrl+left"]  # the real word-left key


@pytest.mark.asyncio
async def test_escape_b_escape_e_leaves_the_search_for_the_episodes(demo_db: Path) -> None:
    from mrss_tui.screens.episodes import EpisodesScreen

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for event in _read("dcrisis\x1bb\x1be"):  # d crisis, then Escape b Escape e at once
            event.set_sender(app)
            app.post_message(event)
        await until_keys_handled(pilot)
        assert isinstance(app.screen, EpisodesScreen), app.screen
        directory = app.get_screen("nav.directory")
        assert directory.query_one("#dir-search", Input).value == "crisis"
