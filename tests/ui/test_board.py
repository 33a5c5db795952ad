from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from mrss_tui.domain.enums import Role
from mrss_tui.screens.board import BoardScreen
from mrss_tui.screens.help import HelpScreen
from mrss_tui.store.db import Store
from tests.conftest import T0
from tests.ui.helpers import make_app, settle, until


def _palette_offers(app, title: str) -> bool:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    return bool(found) and any(title in str(option.prompt) for option in found.first().options)


@pytest.mark.asyncio
async def test_board_shows_the_demo_line(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        with Store.open(demo_db, migrate_schema=False) as store:
            expected = store.board.summary(T0)
        # the same figures and rows; the teams in needs-someone-now order (workflow/board.py)
        assert board.summary._replace(dispatches=[]) == expected._replace(dispatches=[])
        assert sorted(board.summary.dispatches, key=lambda d: d.id) == sorted(
            expected.dispatches, key=lambda d: d.id)
        teams = board.query_one("#teams", DataTable)
        calls = board.query_one("#calls", DataTable)
        assert teams.row_count == expected.dispatches_total == 3
        assert calls.row_count == expected.open_calls_total == 2
        clocks = [str(teams.get_cell_at((r, 3))) for r in range(teams.row_count)]
        assert any(c.endswith("LATE") for c in clocks)
        assert any(c.endswith("near") for c in clocks)


@pytest.mark.asyncio
async def test_board_refreshes_when_another_session_writes(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = app.screen.summary.open_calls_total
        with Store.open(demo_db, migrate_schema=False) as other:
            call = other.calls.create("coord2", line="988", town="Burns", county="Harney",
                                      received_at=T0)
        app._poll_data_version()
        await settle(pilot)
        assert app.screen.summary.open_calls_total == before + 1
        assert call.ref in [str(r) for r in app.screen.query_one("#calls", DataTable)
                            .get_column_at(0)]


@pytest.mark.asyncio
async def test_help_lists_every_key_with_its_id(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_cell_at((r, 1))) for r in range(table.row_count)}
        assert {"app.help", "app.quit", "nav.board"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.asyncio
async def test_keys_can_be_remapped_from_config(demo_db: Path) -> None:
    from mrss_tui.config import build_config

    app = make_app(demo_db, config=build_config({"keys": {"app.help": "f1"}}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.asyncio
async def test_command_palette_jumps_to_a_screen(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to Board" in commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"board")
        await until(pilot, lambda: _palette_offers(app, "Go to Board"), "the palette's match")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.asyncio
async def test_county_admin_never_sees_the_board(demo_db: Path) -> None:
    app = make_app(demo_db, login="county")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)
        await pilot.press("b")
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)
        assert not app.check_action("go", ("board",))


def test_field_roles_see_the_board(demo_db: Path) -> None:
    from mrss_tui.workflow.permissions import Action, allowed

    for role in (Role.CLINICIAN, Role.PEER, Role.PARAMEDIC, Role.NAVIGATOR, Role.COORDINATOR,
                 Role.SUPERVISOR):
        assert allowed(role, Action.VIEW_BOARD)
    assert not allowed(Role.COUNTY_ADMIN, Action.VIEW_BOARD)


@pytest.mark.asyncio
async def test_letter_keys_do_not_leave_a_form_but_f_keys_and_the_palette_do(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.check_action("go", ("board",))
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.nav_id == "intake"
        assert not app.check_action("go", ("board",))  # 'b' is a letter someone may be typing
        assert not app.check_action("go", ("episodes",))
        await pilot.press("b")
        await settle(pilot)
        assert app.screen.nav_id == "intake"
