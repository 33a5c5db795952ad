"""The board is read before the app starts (commands/tui.py), so the first frame shows data:
one frame, not an empty board followed by a second."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.board import BoardScreen
from mrss_tui.commands.tui import first_board
from mrss_tui.workflow.board import board_summary
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def test_the_first_board_is_the_board_and_only_for_roles_that_have_one(demo_db: Path) -> None:
    coord = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    assert first_board(coord) == board_summary(coord)
    county = open_session(demo_db, build_config({}), "county", FrozenClock(T0))
    assert first_board(county) is None


@pytest.mark.asyncio
async def test_the_first_frame_shows_the_board_read_before_the_start(demo_db: Path) -> None:
    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    app = MrssApp(session, poll_seconds=0, first_board=first_board(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: no database worker has run for the board
        board = app.screen
        assert isinstance(board, BoardScreen) and board.summary is not None
        assert board.query_one("#calls", DataTable).row_count > 0
        assert app.take_first_board() is None  # used once; later reads are the board's own


@pytest.mark.asyncio
async def test_the_first_frame_is_drawn_once_after_one_parse_with_the_keys(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the first frame the stylesheet is parsed once (every widget class's CSS of the
    board is read first), the whole screen is drawn once and not again right after, and the
    footer's keys are in it (one line, no frame of their own)."""
    from textual._compositor import Compositor
    from textual.css.stylesheet import Stylesheet
    from mrss_tui.widgets.keys_footer import KeysFooter
    from tests.ui.helpers import settle

    counts = {"parse": 0, "whole": 0}

    def counting(cls, name: str, key: str) -> None:
        original = getattr(cls, name)

        def counted(*args, **kwargs):
            counts[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(cls, name, counted)

    counting(Stylesheet, "parse", "parse")
    counting(Compositor, "render_full_update", "whole")
    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    app = MrssApp(session, poll_seconds=0, first_board=first_board(session))
    at_first_frame: dict[str, int] = {}
    app.after_first_frame(lambda: at_first_frame.update(
        counts, keys=len(app.screen.query_one(KeysFooter).keys)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert at_first_frame == {"parse": 1, "whole": 1, "keys": 9}
        assert counts["whole"] == 1  # not drawn whole again once the frame was out
        assert "^q Quit" in app.screen.query_one(KeysFooter).render_line(0).text


@pytest.mark.asyncio
async def test_the_start_s_background_work_waits_for_the_footer_s_keys(demo_db: Path) -> None:
    """The warm-up, the file check, the demo's pager and the drafts notice start once the
    footer's keys are drawn, not with the frame that draws them (their work would hold it)."""
    from mrss_tui.widgets.keys_footer import KeysFooter
    from tests.ui.helpers import settle

    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    keys_at_start_of_work: list[int] = []
    app = MrssApp(session, poll_seconds=0, first_board=first_board(session),
                  after_first_frame=lambda: keys_at_start_of_work.append(
                      len(app.screen.query_one(KeysFooter).keys)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(keys_at_start_of_work) == 1 and keys_at_start_of_work[0] > 0
