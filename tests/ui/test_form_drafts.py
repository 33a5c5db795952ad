"""Nothing typed is lost: every form keeps a draft like intake, offered at the next login
(issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.contact_form import ContactFormScreen
from mrss_tui.screens.episode import EpisodeScreen
from mrss_tui.screens.followup_form import FollowupFormScreen
from mrss_tui.store.db import Store
from tests.ui.burst import burst, keys_of
from tests.ui.helpers import make_app, settle, until

STABILIZING = 144


async def _episode(pilot, episode_id: int = STABILIZING) -> None:
    await settle(pilot)
    await pilot.app.push_screen(EpisodeScreen(episode_id))
    await settle(pilot)


def _saved_note(db: Path) -> str | None:
    with Store.open(db) as store:
        saved = store.drafts.get("coord", f"followup:{STABILIZING}")
    return None if saved is None else saved.payload["values"].get("fu-note")


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.asyncio
async def test_escape_keeps_the_contact_note_and_the_next_login_offers_it(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, ["c"])
        app.screen.query_one("#c-note", TextArea).focus()
        await burst(pilot, keys_of([("type", "Mother called back, calmer"), ("key", "escape")]))
        assert isinstance(app.screen, EpisodeScreen)
        assert any("Kept as a draft" in m for m in _messages(app))
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", f"contact:{STABILIZING}")
    assert draft.payload["values"]["c-note"] == "Mother called back, calmer"

    again = make_app(demo_db)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        notice = "\n".join(_messages(again))
        assert "Contact for E00144" in notice and "press c" in notice
        await _episode(pilot)
        await burst(pilot, ["c"])
        form = again.screen
        assert isinstance(form, ContactFormScreen)
        assert form.query_one("#c-note", TextArea).text == "Mother called back, calmer"
        form.query_one("#c-minutes", Input).value = "15"
        form.query_one("#c-services").select("care_coordination")
        from textual.widgets import Select
        form.query_one("#c-staff", Select).value = form.detail.contact_staff[0].id
        await burst(pilot, ["ctrl+s"])
        assert isinstance(again.screen, EpisodeScreen)
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", f"contact:{STABILIZING}") is None
        assert store.contacts.for_episode(STABILIZING)[-1].note == "Mother called back, calmer"


@pytest.mark.asyncio
async def test_follow_up_note_survives_escape_and_a_drafts_autosave(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, keys_of([("key", "f"), ("key", "tab"), ("type", "call the school")]))
        # The autosave runs a second after the last change.
        await until(pilot, lambda: _saved_note(demo_db) == "call the school", "the autosave")
        await burst(pilot, ["escape", "f"])
        assert isinstance(app.screen, FollowupFormScreen)
        assert app.screen.query_one("#fu-note", Input).value == "call the school"


@pytest.mark.asyncio
async def test_escape_on_an_untouched_form_keeps_nothing(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, ["f", "escape"])
        assert isinstance(app.screen, EpisodeScreen)
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", f"followup:{STABILIZING}") is None


@pytest.mark.asyncio
async def test_roster_shift_and_directory_forms_keep_drafts_too(demo_db: Path) -> None:
    from mrss_tui.screens.directory import DirectoryScreen
    from mrss_tui.screens.roster import RosterScreen

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["o", "s", "ctrl+u", *"dlark", "escape"])
        assert isinstance(app.screen, RosterScreen)
        await burst(pilot, ["s"])
        assert app.screen.query_one("#form-login", Input).value == "dlark"
        await burst(pilot, ["escape"])
        await app.push_screen(DirectoryScreen())
        await settle(pilot)
        app.screen.action_new()
        await burst(pilot, [*"Parent circle", "escape"])
        assert isinstance(app.screen, DirectoryScreen)
    with Store.open(demo_db) as store:
        assert store.drafts.get("super", "shift").payload["values"]["form-login"] == "dlark"
        service = store.drafts.get("super", "service:new")
        assert service.payload["values"]["edit-name"] == "Parent circle"
        assert service.payload["_how"] == "Directory (d), then n"
