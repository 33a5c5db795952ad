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
from mrss_tui.domain.unlock import MAX_ATTEMPTS
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.unlock import set_my_unlock_secret
from tests.conftest import T0

LOCK = timedelta(minutes=5)  # the defaults in config.toml
END = timedelta(minutes=30)
SECOND = timedelta(seconds=1)


PIN = "river-stone-7"


def make_app(db: Path, login: str = "super") -> tuple[MrssApp, FrozenClock]:
    clock = FrozenClock(T0)
    session = open_session(db, build_config({}), login, clock)
    set_my_unlock_secret(session, PIN, PIN)
    return MrssApp(session, poll_seconds=0), clock


async def unlock_with(pilot, secret: str) -> None:
    """Type a secret at the lock screen and wait for the (threaded) check to answer."""
    pilot.app.screen.query_one("#lock-secret", Input).value = secret
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def lock_now(app, clock, pilot) -> None:
    await app.workers.wait_for_complete()
    clock.advance(LOCK)
    app.idle.check()
    await pilot.pause()
    assert isinstance(app.screen, LockScreen)


@pytest.mark.asyncio
async def test_only_the_own_secret_unlocks_and_wrong_ones_end_the_session(demo_db: Path) -> None:
    app, clock = make_app(demo_db)
    other = open_session(demo_db, build_config({}), "coord", clock)
    set_my_unlock_secret(other, "someone-else-9", "someone-else-9")
    async with app.run_test(size=(80, 24)) as pilot:
        await lock_now(app, clock, pilot)
        answers = []
        for secret in ("someone-else-9", "", "river-stone-8"):  # another's, empty, near miss
            await unlock_with(pilot, secret)
            assert isinstance(app.screen, LockScreen)
            answers.append(str(app.screen.query_one("#lock-answer").render()))
        assert set(answers) == {"Not unlocked."}  # the same answer whatever was wrong
        await unlock_with(pilot, PIN)
        assert isinstance(app.screen, BoardScreen)
        await lock_now(app, clock, pilot)  # attempts start again at each lock
        for _ in range(MAX_ATTEMPTS - 1):
            await unlock_with(pilot, "wrong-guess-1")
        assert app.is_running and isinstance(app.screen, LockScreen)
        await unlock_with(pilot, "wrong-guess-1")
    assert app.return_code == 0


@pytest.mark.asyncio
async def test_nothing_but_the_secret_works_while_locked(demo_db: Path) -> None:
    app, clock = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await lock_now(app, clock, pilot)
        for key in ("ctrl+p", "f2", "question_mark", "escape", "tab"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), key
        app.action_go("episodes")  # what the palette's "Go to" calls
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert list(app.get_system_commands(app.screen)) == []
        assert not app.check_action("command_palette", ())


@pytest.mark.asyncio
async def test_a_session_without_a_secret_cannot_be_unlocked(demo_db: Path) -> None:
    clock = FrozenClock(T0)
    app = MrssApp(open_session(demo_db, build_config({}), "coord", clock), poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await lock_now(app, clock, pilot)
        await unlock_with(pilot, "")
        await unlock_with(pilot, "anything-at-all")
        assert isinstance(app.screen, LockScreen)


def test_the_secret_is_stored_only_as_a_salted_scrypt_hash(demo_db: Path) -> None:
    first = open_session(demo_db, build_config({}), "super", FrozenClock(T0))
    second = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    set_my_unlock_secret(first, PIN, PIN)
    set_my_unlock_secret(second, PIN, PIN)
    stored = [s.store.unlock_secrets.get(s.actor.staff_id) for s in (first, second)]
    assert all(h.startswith("scrypt$") and PIN not in h for h in stored)
    assert stored[0] != stored[1]  # salted
    with pytest.raises(ValidationFailed):
        set_my_unlock_secret(first, "1234", "1234")
    with pytest.raises(ValidationFailed):
        set_my_unlock_secret(first, "long-enough-1", "long-enough-2")


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
        await pilot.press("x")  # a key no longer unlocks
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await unlock_with(pilot, PIN)
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
