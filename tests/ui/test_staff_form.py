"""The staff form: autosaved drafts come back on the next visit; saving adds the member."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.staff_form import FORM, StaffFormScreen
from mrss_tui.workflow.context import open_session
from tests.conftest import T0
from tests.ui.helpers import until


def make_app(db: Path, login: str = "super") -> MrssApp:
    return MrssApp(open_session(db, build_config({}), login, FrozenClock(T0)), poll_seconds=0)


def _draft_name(app: MrssApp) -> str | None:
    draft = app.session.store.drafts.get("super", FORM)
    return None if draft is None else draft.payload.get("name")


async def settle(app: MrssApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_draft_autosaves_and_comes_back_in_a_new_session(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*"tess", "tab", *"Tess Tide")
        # The autosave runs a second after the last key.
        await until(pilot, lambda: _draft_name(app) == "Tess Tide", "the draft autosaved")
    draft = app.session.store.drafts.get("super", FORM)
    assert draft.payload == {"login": "tess", "name": "Tess Tide", "credentials": "", "phone": "",
                             "paging_url": "", "role": "", "region": ""}
    again = make_app(demo_db)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        offered = [n for n in again._notifications if n.title == "Unfinished drafts"]
        assert len(offered) == 1 and "New staff: saved Fri 20 Nov 13:30 (press s)" in offered[0].message
        await pilot.press("s")
        await settle(again, pilot)
        screen = again.screen
        assert isinstance(screen, StaffFormScreen)
        assert screen.query_one("#f-login", Input).value == "tess"
        assert screen.query_one("#f-name", Input).value == "Tess Tide"
        assert "Restored your unsaved draft" in str(screen.query_one("#draft-note", Static).render())


@pytest.mark.asyncio
async def test_save_adds_the_member_and_drops_the_draft_bad_input_keeps_both(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#f-login", Input).value = "Bad Login"
        screen.query_one("#f-name", Input).value = "Rae Rill"
        screen.query_one("#f-role", Select).value = "peer"
        screen.save_draft()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.session.store.staff.by_login("bad login") is None
        assert screen.query_one("#f-name", Input).value == "Rae Rill"  # nothing lost
        assert any("Login: 2-32 characters" in str(n.message) for n in app._notifications)
        screen.query_one("#f-login", Input).value = "rrill"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        added = app.session.store.staff.by_login("rrill")
        assert added is not None and added.role.value == "peer" and added.name == "Rae Rill"
        assert screen.query_one("#f-login", Input).value == ""
        assert app.session.store.drafts.get("super", FORM) is None


@pytest.mark.asyncio
async def test_the_roster_adds_staff_through_the_same_form_with_drafts(demo_db: Path) -> None:
    """One way to add staff (issue 15): the roster's add key opens the New staff form."""
    from mrss_tui.screens.roster import RosterScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("a")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StaffFormScreen)
        screen.query_one("#f-login", Input).value = "pia"
        screen.query_one("#f-name", Input).value = "Pia Pine"
        screen.query_one("#f-role", Select).value = "peer"
        screen.query_one("#f-paging_url", Input).value = "json://127.0.0.1:9/pia"
        screen.query_one("#f-region", Select).value = app.session.config.regions[0]
        await pilot.press("escape")  # back to the roster; the typing is kept as a draft
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        assert app.session.store.drafts.get("super", FORM).payload["login"] == "pia"
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    added = app.session.store.staff.by_login("pia")
    assert added is not None and added.paging_url == "json://127.0.0.1:9/pia"
    assert added.region == app.session.config.regions[0]
