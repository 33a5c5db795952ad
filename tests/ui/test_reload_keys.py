"""A reload set off by a write keeps the rows on show usable: keys do not wait for it. One that
comes while the screen's own load is on its way waits for that load, then reads again."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.screens.board import BoardScreen
from tests.ui.burst import burst
from tests.ui.helpers import make_app, settle
from tests.ui.slow_loads import SlowLoads, until


@pytest.mark.asyncio
async def test_keys_on_the_board_do_not_wait_for_a_reload_after_a_write(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.summary is not None
        slow = SlowLoads(app, "board")
        app.data_written()
        await until(pilot, lambda: "board" in slow.started, "the reload started")
        assert not app.keys._holds  # the rows on show stay usable
        await burst(pilot, ["e"], then_settle=False)
        await until(pilot, lambda: getattr(app.screen, "nav_id", "") == "episodes",
                    "e handled while the board reloads")
        slow.release()
        await settle(pilot)
        assert app._exception is None


@pytest.mark.asyncio
async def test_a_write_during_the_boards_load_reads_again_once_that_load_is_shown(
        demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["e"])
        loads: list[str] = []
        slow = SlowLoads(app, "board")
        before = app.before_work
        app.before_work = lambda group: (loads.append(group), before(group))
        await burst(pilot, ["b"], then_settle=False)
        await until(pilot, lambda: "board" in slow.started, "the board's load started")
        app.data_written()
        await pilot.pause()
        assert app.keys._holds  # keys still wait for the board's own load
        slow.release()
        await until(pilot, lambda: loads.count("board") == 2, "the board read again")
        await settle(pilot)
        assert not app.keys._holds and app.screen.summary is not None
        assert app._exception is None
