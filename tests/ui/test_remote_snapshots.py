"""Snapshots (80x24) of the screens issue 6 adds: the audit viewer, the lock, the staff form."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.staff_form import FORM
from mrss_tui.workflow.access import open_person
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str = "super") -> tuple[MrssApp, FrozenClock]:
    clock = FrozenClock(T0)
    return MrssApp(open_session(db, build_config({}), login, clock), poll_seconds=0), clock


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_audit_viewer(snap_compare, demo_db: Path) -> None:
    coord = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    for person_id in (3, 1, 4):
        open_person(coord, person_id)
    app, _ = make_app(demo_db)

    async def open_audit(pilot) -> None:
        from textual.widgets import Input

        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot flaky
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_audit)


def test_lock_screen(snap_compare, demo_db: Path) -> None:
    app, clock = make_app(demo_db)

    async def go_idle(pilot) -> None:
        await settle(pilot)
        clock.advance(timedelta(minutes=5))
        pilot.app.idle.check()
        await settle(pilot)
        from textual.widgets import Input

        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot flaky
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=go_idle)


def test_staff_form_with_restored_draft(snap_compare, demo_db: Path) -> None:
    app, _ = make_app(demo_db)
    app.session.store.drafts.save("super", FORM, {
        "login": "nnewbie", "name": "Nova Newbie", "credentials": "QMHA", "phone": "",
        "role": "peer"})

    async def open_form(pilot) -> None:
        from textual.widgets import Input

        await settle(pilot)  # the drafts notice is up before the key, every time
        await pilot.press("s")
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot flaky
            field.action_end()  # whether restored text is still selected depends on timing
        # The drafts toast is checked in test_staff_form.py; its timer makes pictures differ.
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)
