"""The episodes list pages by key: ] shows the next fifty, [ comes back to the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.ui.test_episode_screens import make_app, settle


def title(app) -> str:
    return str(app.screen.query_one("#episodes-title", Static).render())


@pytest.mark.asyncio
async def test_next_and_previous_pages_of_closed_episodes(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert screen.total > 50, "the demo has more than one page of closed episodes"
        first_rows = list(screen.rows)
        first = [r.id for r in first_rows]
        assert "page 1" in title(app)
        await pilot.press("]")
        await settle(pilot)
        second = [r.id for r in screen.rows]
        assert "page 2" in title(app) and second and not set(first) & set(second)
        last_seen, next_first = first_rows[-1], screen.rows[0]
        assert (last_seen.phase_started_at, last_seen.id) > (next_first.phase_started_at,
                                                              next_first.id)
        await pilot.press("[")
        await settle(pilot)
        assert [r.id for r in screen.rows] == first and "page 1" in title(app)


@pytest.mark.asyncio
async def test_a_list_screen_is_built_once_and_keeps_its_place(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        episodes = app.screen
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.screen.nav_id == "board"
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is episodes and "Closed episodes" in title(app)
        await pilot.press("f2")  # a form is built afresh each time
        await settle(pilot)
        intake = app.screen
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is not intake
