"""Warmed screens are mounted while hidden, their data read ahead shown into them and laid out
(screens/premount.py): the key only switches to a drawn screen. Keys typed right after that key
still go to the screen's fields once its own read is shown, and only the logged-in person's
screens are readied."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from mrss_tui.screens.directory import DirectoryScreen
from mrss_tui.screens.roster import RosterScreen
from tests.ui.helpers import settle
from tests.ui.slow_loads import SlowLoads, until
from tests.ui.test_warmup import warm_up_done, warming_app


def hidden_screens(app) -> list:
    """Screens mounted but not on the stack (readied ahead, or left)."""
    from textual.screen import Screen

    return [node for node in app._registry
            if isinstance(node, Screen) and node not in app.screen_stack]


@pytest.mark.asyncio
async def test_a_warmed_screen_is_mounted_filled_and_laid_out_before_its_key(
        demo_db: Path) -> None:
    app = warming_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await warm_up_done(app, pilot)
        await until(pilot, lambda: app.get_screen("nav.audit").query_one(DataTable).row_count,
                    "the last screen readied")
        roster = app.get_screen("nav.roster")
        assert roster not in app.screen_stack
        staff = roster.query_one("#roster-staff", DataTable)
        assert staff.row_count > 0
        assert roster.size == app.size and staff.size.height > 0  # laid out, off screen
        own_read = SlowLoads(app, "roster")
        await pilot.press("o")
        await until(pilot, lambda: "roster" in own_read.started, "the visit's own read")
        assert isinstance(app.screen, RosterScreen)
        assert staff.row_count > 0  # drawn at once, while its own read is under way
        own_read.release()
        await settle(pilot)
        assert app.screen is roster and staff.row_count > 0


async def type_d_crisis(app, pilot) -> None:
    """'d' then 'crisis' at once, the directory's own search held until the test says."""
    search = SlowLoads(app, "dir-search")
    await pilot.press("d", *"crisis")
    await until(pilot, lambda: "dir-search" in search.started, "the directory's own read")
    assert isinstance(app.screen, DirectoryScreen)
    search.release()
    await settle(pilot)
    assert app.screen.query_one("#dir-search", Input).value == "crisis"


@pytest.mark.asyncio
async def test_a_search_typed_right_after_the_directory_key_lands_in_its_box(
        demo_db: Path) -> None:
    app = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await warm_up_done(app, pilot)
        await type_d_crisis(app, pilot)


@pytest.mark.asyncio
async def test_a_search_typed_while_screens_are_warming_lands_in_its_box(demo_db: Path) -> None:
    app = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the warm-up is under way
        assert any(w.group == "warm-up" for w in app.workers)
        await type_d_crisis(app, pilot)
        await warm_up_done(app, pilot)
        assert app.screen.query_one("#dir-search", Input).value == "crisis"


@pytest.mark.asyncio
@pytest.mark.parametrize("login", ["county", "cfern", "coord", "super"])
async def test_only_the_screens_of_the_logged_in_role_are_readied(demo_db: Path,
                                                                  login: str) -> None:
    app = warming_app(demo_db, login)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await warm_up_done(app, pilot, names=())
        allowed = {f"nav.{nav.id}" for nav in app.allowed_entries()}
        installed = set(app._installed_screens)
        assert installed <= allowed
        for screen in hidden_screens(app):
            assert f"nav.{screen.nav_id}" in allowed
        if login == "county":  # no PHI: the reports alone, on show, nothing else readied
            assert allowed == {"nav.reports"} and hidden_screens(app) == []
        if login == "cfern":  # field staff: none of the supervisor's screens
            assert not installed & {"nav.roster", "nav.audit", "nav.reports"}
