"""The supervisor's audit viewer: reachable only with VIEW_AUDIT, filters, pages, live refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.audit import AuditScreen
from mrss_tui.screens.board import BoardScreen
from mrss_tui.store.db import Store
from mrss_tui.workflow.access import open_person
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str) -> MrssApp:
    return MrssApp(open_session(db, build_config({}), login, FrozenClock(T0)), poll_seconds=0)


def record_views(db: Path, login: str, person_ids: range) -> None:
    session = open_session(db, build_config({}), login, FrozenClock(T0))
    for person_id in person_ids:
        open_person(session, person_id)
    session.store.close()


async def settle(app: MrssApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_supervisor_filters_by_person_and_staff_and_pages(demo_db: Path) -> None:
    record_views(demo_db, "coord", range(1, 131))
    record_views(demo_db, "coord2", range(5, 6))
    app = make_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        table = screen.query_one("#audit-rows", DataTable)
        assert table.row_count == 100 and screen.shown.has_more
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert screen.page == 1 and "Entries 101-" in str(screen.query_one("#audit-status").render())
        await pilot.press("ctrl+f")
        await pilot.press("5", "tab", *"coord2", "enter")
        await settle(app, pilot)
        assert screen.page == 0
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [(str(r[1]), str(r[2])) for r in rows] == [("coord2", "person.view")]
        assert str(rows[0][3]).startswith("#5 ")
        # a bad date is refused with a message and the list stays as it was
        screen.query_one("#a-day_from", Input).value = "yesterday"
        await pilot.press("ctrl+f", "enter")
        await settle(app, pilot)
        assert table.row_count == 1
        assert any("YYYY-MM-DD" in str(n.message) for n in app._notifications)


@pytest.mark.asyncio
async def test_only_roles_with_view_audit_reach_it(demo_db: Path) -> None:
    app = make_app(demo_db, "coord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        app.action_go("audit")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.asyncio
async def test_another_connection_s_write_refreshes_the_board_and_keeps_the_place(
        demo_db: Path) -> None:
    app = make_app(demo_db, "coord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        board = app.screen
        calls = board.query_one("#calls", DataTable)
        calls.focus()
        await pilot.press("down")
        assert calls.cursor_row == 1
        before = board.summary.open_calls_total
        other = Store.open(demo_db, clock=FrozenClock(T0))  # another session's connection
        other.calls.create("coord2", line="988", town="Burns", county="Harney", region="Harney",
                           situation="written elsewhere", status="open")
        other.close()
        app._poll_data_version()  # what the 1-second timer does
        await settle(app, pilot)
        assert board.summary.open_calls_total == before + 1
        assert calls.cursor_row == 1 and app.focused is calls
