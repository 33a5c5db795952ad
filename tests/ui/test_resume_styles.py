"""A screen returning to the top is restyled only when a style it uses may have changed
(screens/resume_styles.py): not after a screen built of widget classes it has none of, but
after a theme change, as Textual always did."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import SelectionList

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.board import BoardScreen
from tests.ui.intake_helpers import make_app, settle


class _ListScreen(Screen[None]):
    """A screen of a widget class the board has none of (its CSS is read as it mounts)."""

    def compose(self) -> ComposeResult:
        yield SelectionList[int](("one", 1))


async def _restyles_on_return(pilot, board: BoardScreen, monkeypatch) -> int:
    restyles: list[bool] = []
    monkeypatch.setattr(board, "update_node_styles",
                        lambda animate=True: restyles.append(animate))
    pilot.app.show_top_level(_ListScreen())  # switched to, as the screens of the app are
    await settle(pilot)
    pilot.app.action_go("board")
    await settle(pilot)
    assert pilot.app.screen is board
    monkeypatch.undo()
    return len(restyles)


@pytest.mark.asyncio
async def test_the_board_is_restyled_on_return_only_when_a_style_may_differ(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        # The first time: SelectionList's CSS ranks the classes it is built on anew.
        await _restyles_on_return(pilot, board, monkeypatch)
        assert await _restyles_on_return(pilot, board, monkeypatch) == 0  # nothing new
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert await _restyles_on_return(pilot, board, monkeypatch) == 1
