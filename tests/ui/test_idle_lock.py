"""Idle sessions: lock after idle_lock_minutes (drafts saved first), a key brings the work back,
the session ends after idle_end_minutes. A frozen clock is moved; nothing sleeps."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.board import BoardScreen
from mrss_tui.screens.lock import LockScreen
from mrss_tui.screens.staff_form import FORM, StaffFormScreen
from mrss_tui.workflow.context import open_session
from tests.conftest import T0

LOCK = timedelta(minutes=5)  # the defaults in config.toml
END = timedelta(minutes=30)
SECOND = timedelta(seconds=1)


def make_app(db: Path, login: str = "super") -> tuple[MrssApp, FrozenClock]:
    clock = FrozenClock(T0)
    return MrssApp(open_session(db, build_config({}), login, clock), poll_seconds=0), clock


@pytest.mark.asyncio
async def test_locks_at_the_limit_hides_content_and_a_key_brings_it_back(demo_db: Path) -> None:
    app, clock = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        clock.advance(LOCK - SECOND)
        app.idle.check()
        await pilot.pause()
        assert not app.idle.locked
        await pilot.press("tab")  # input resets the idle time
        clock.advance(LOCK - SECOND)
        app.idle.check()
        assert not app.idle.locked
        clock.advance(SECOND)
        app.idle.check()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shown = app.export_screenshot()
        assert "Locked" in shown and "Open calls" not in shown and "Teams on the road" not in shown
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.is_running


@pytest.mark.asyncio
async def test_lock_saves_the_draft_of_an_open_form(demo_db: Path) -> None:
    app, clock = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StaffFormScreen)
        await pilot.press(*"newbie")
        app.screen.query_one("#f-name", Input).value = "Nova Newbie"
        await pilot.pause()
        assert app.session.store.drafts.get("super", FORM) is None  # autosave not yet due
        clock.advance(LOCK)
        app.idle.check()
        await pilot.pause()
        assert app.idle.locked
        draft = app.session.store.drafts.get("super", FORM)
        assert draft is not None
        assert draft.payload["login"] == "newbie" and draft.payload["name"] == "Nova Newbie"


@pytest.mark.asyncio
async def test_session_ends_at_the_end_limit_not_before(demo_db: Path) -> None:
    app, clock = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        clock.advance(END - SECOND)
        app.idle.check()
        await pilot.pause()
        assert app.idle.locked and app.is_running
        clock.advance(SECOND)
        app.idle.check()
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
