from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str = "coord") -> MrssApp:
    session = open_session(db, build_config({}), login, FrozenClock(T0))
    return MrssApp(session, poll_seconds=0)


@pytest.mark.asyncio
async def test_board_shows_demo_data(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.summary is not None
        assert screen.summary.open_calls_total == 2
        assert screen.summary.dispatches_total == 3
