"""After the first frame the screens a role may open are made ready in idle time
(screens/warmup.py): imported, built and installed, their CSS read and their first data read
ahead (screens/read_ahead.py), nothing shown, nothing recorded; a key pressed meanwhile still
works, and a first visit draws the data read ahead while it reads its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.alerts import AlertsScreen
from mrss_tui.screens.board import BoardScreen
from mrss_tui.workflow.context import open_session
from tests.conftest import T0
from tests.ui.helpers import settle
from tests.ui.slow_loads import SlowLoads, until


def warming_app(db: Path, login: str = "coord") -> MrssApp:
    session = open_session(db, build_config({}), login, FrozenClock(T0))
    return MrssApp(session, poll_seconds=0, warm_screens=True)


async def warm_up_done(app: MrssApp, pilot,
                       names: tuple[str, ...] = ("episodes", "alerts", "directory")) -> None:
    for _ in range(400):
        await pilot.pause(0.05)
        if any(w.group == "warm-up" and not w.is_finished for w in app.workers):
            continue
        if all(app.is_screen_installed(f"nav.{n}") for n in names):
            return
    raise AssertionError("the warm-up did not finish")


@pytest.mark.asyncio
async def test_the_screens_a_role_may_open_are_ready_but_not_shown_or_recorded(
        demo_db: Path) -> None:
    app = warming_app(demo_db)
    audit_rows = app.session.store.audit_log.count()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await warm_up_done(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        assert len(app.screen_stack) == 2
        for name in ("caseload", "episodes", "alerts", "directory"):
            assert app.is_screen_installed(f"nav.{name}")
            kept = app.get_screen(f"nav.{name}")
            assert kept not in app.screen_stack and not getattr(kept, "_resumed_once", False)
            # Built, never shown; mounted ahead only when costly to build (screens/premount.py)
            assert kept.is_running == (name == "directory")
        assert not app.is_screen_installed("nav.roster")  # a coordinator may not open it
        assert app.session.store.audit_log.count() == audit_rows
        own_read = SlowLoads(app, "alerts")
        await pilot.press("a")
        await until(pilot, lambda: "alerts" in own_read.started, "the visit's own read")
        assert isinstance(app.screen, AlertsScreen)
        assert app.screen.query_one(DataTable).row_count > 0  # read ahead, shown at once
        own_read.release()
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count > 0


@pytest.mark.asyncio
async def test_the_audit_viewer_read_ahead_records_nothing_its_visit_records_once(
        demo_db: Path) -> None:
    from mrss_tui.screens.audit import AuditScreen

    app = warming_app(demo_db, "super")
    audit_rows = app.session.store.audit_log.count()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await warm_up_done(app, pilot)
        assert app.get_screen("nav.audit").query_one(DataTable).row_count > 0  # read ahead
        assert app.session.store.audit_log.count() == audit_rows
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.query_one(DataTable).row_count > 0
        assert app.session.store.audit_log.count() == audit_rows + 1


@pytest.mark.asyncio
async def test_a_key_pressed_while_screens_are_warming_opens_its_screen(demo_db: Path) -> None:
    app = warming_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the first frame: the board's data and the warm-up are under way
        assert any(w.group == "warm-up" for w in app.workers)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AlertsScreen)
        assert app.screen.query_one(DataTable).row_count > 0
        await warm_up_done(app, pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.asyncio
async def test_a_form_looks_the_same_whichever_screens_were_readied_first(demo_db: Path) -> None:
    """The warm-up reads every screen's CSS; rules of one screen's file must not restyle
    another's (the staff form's labels once took the episode forms' width and wrapped)."""
    from textual.widgets import Label

    from mrss_tui.screens.staff_form import StaffFormScreen

    app = warming_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # the form's CSS first, the other screens' while it is open
        await warm_up_done(app, pilot)
        assert isinstance(app.screen, StaffFormScreen)
        widths = {label.outer_size.width for label in app.screen.query(".form-label").results(Label)}
        assert widths == {14}
