"""The footer on mrss's screens: a click presses the key, the keys follow the focus, the line
is redrawn only when they change, and the first screen is whole once they are drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app as app_module
from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.commands.tui import first_board
from mrss_tui.config import build_config
from mrss_tui.widgets.keys_footer import KeysFooter
from mrss_tui.workflow.context import open_session
from tests.conftest import T0
from tests.ui.helpers import make_app, settle


def _displays(app: MrssApp) -> list[str]:
    return [key.display for key in app.screen.query_one(KeysFooter).keys]


@pytest.mark.asyncio
async def test_a_click_on_a_key_runs_its_action(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(KeysFooter).render_line(0).text
        assert "e Episodes" in line
        await pilot.click(KeysFooter, offset=(line.index("Episodes"), 0))
        await settle(pilot)
        assert app.screen.nav_id == "episodes"
        assert "^q Quit" in app.screen.query_one(KeysFooter).render_line(0).text


@pytest.mark.asyncio
async def test_the_keys_follow_the_focus_and_are_redrawn_only_when_they_change(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, ...]] = []
    rebuild = KeysFooter._rebuild

    def counted(footer: KeysFooter) -> None:
        before = footer.keys
        rebuild(footer)
        if footer.keys != before:
            drawn.append(tuple(key.display for key in footer.keys))

    refreshes = {"count": 0}
    refresh = KeysFooter.refresh

    def counted_refresh(footer: KeysFooter, *args, **kwargs):
        refreshes["count"] += 1
        return refresh(footer, *args, **kwargs)

    monkeypatch.setattr(KeysFooter, "_rebuild", counted)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#line").focus()
        await settle(pilot)
        assert "?" in _displays(app)  # a choice lets "?" through: help is on offer
        monkeypatch.setattr(KeysFooter, "refresh", counted_refresh)
        drawn.clear()
        screen.query_one("#caller_name").focus()
        await settle(pilot)
        assert "?" not in _displays(app)  # a text field takes "?" as text
        assert drawn == [tuple(_displays(app))] and refreshes["count"] == 1
        screen.query_one("#caller_relation").focus()  # another text field: the same keys
        await settle(pilot)
        assert drawn == [tuple(_displays(app))] and refreshes["count"] == 1


@pytest.mark.asyncio
async def test_the_first_screen_is_whole_once_the_footer_s_keys_are_drawn(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The background work waits for the footer's word, not for the fallback timer."""
    monkeypatch.setattr(app_module, "WHOLE_AT_THE_LATEST_SECONDS", 3600)
    session = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    keys_when_whole: list[int] = []
    app = MrssApp(session, poll_seconds=0, first_board=first_board(session),
                  after_first_frame=lambda: keys_when_whole.append(
                      len(app.screen.query_one(KeysFooter).keys)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert keys_when_whole == [9]  # once, with the board's keys on the terminal
