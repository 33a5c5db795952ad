"""A failed save focuses the first problem field, scrolls it into view and says what is wrong
in the screen's words, on every form (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.episode import EpisodeScreen
from tests.ui.burst import burst, keys_of
from tests.ui.helpers import make_app, settle

STABILIZING = 144


def _notes(screen) -> list[str]:
    return [str(n.render()).strip() for n in screen.query(".field-problem")]


def _on_screen(app, widget) -> bool:
    """Drawn within the terminal's rows (not scrolled away below the form)."""
    region = widget.region
    return region.height > 0 and 0 <= region.y and region.bottom <= app.screen.region.height


async def _episode(pilot) -> None:
    await settle(pilot)
    await pilot.app.push_screen(EpisodeScreen(STABILIZING))
    await settle(pilot)


@pytest.mark.asyncio
async def test_a_wrong_contact_time_is_shown_on_screen_next_to_when(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, keys_of([("key", "c"), ("key", "ctrl+u"), ("type", "tomorrow 9"),
                                    ("key", "ctrl+s")]))
        screen = app.screen
        at = screen.query_one("#c-at", Input)
        assert app.focused is at and _on_screen(app, at)
        assert _notes(screen) == ["! When: write the time as YYYY-MM-DD HH:MM"]
        note = screen.query_one(".field-problem")
        assert _on_screen(app, note)


@pytest.mark.asyncio
async def test_a_missing_medical_screen_unfolds_and_is_named(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, ["c"])
        screen = app.screen
        screen.query_one("#c-note").focus()
        await burst(pilot, keys_of([("type", "long note " * 30), ("key", "ctrl+s")]))
        focused = app.focused
        assert focused is screen.query_one("#c-staff") and _on_screen(app, focused)
        assert any(n.startswith("! Staff: choose one from the list") for n in _notes(screen))
        assert not any("staff_id" in n or "Field required" in n for n in _notes(screen))


@pytest.mark.asyncio
async def test_follow_up_and_close_forms_focus_their_problem(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _episode(pilot)
        await burst(pilot, keys_of([("key", "f"), ("key", "ctrl+u"), ("type", "2026-11-19 09:00"),
                                    ("key", "tab"), ("type", "visit"), ("key", "ctrl+s")]))
        assert app.focused is app.screen.query_one("#fu-due")
        assert _notes(app.screen) == ["! Due: choose a time still to come"]
        await burst(pilot, ["escape", "x", "ctrl+s"])
        assert app.focused is app.screen.query_one("#phase-disposition")
        assert "! Disposition: choose the closing disposition" in _notes(app.screen)


@pytest.mark.asyncio
async def test_staff_and_directory_forms_name_their_fields(demo_db: Path) -> None:
    from mrss_tui.screens.directory import DirectoryScreen

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "s"), ("type", "Bad Login"), ("key", "ctrl+s")]))
        screen = app.screen
        assert app.focused is screen.query_one("#f-login")
        notes = _notes(screen)
        assert notes[0].startswith("! Login: 2-32 characters")
        assert "! Full name: fill this in" in notes and "! Role: choose one from the list" in notes
        await app.push_screen(DirectoryScreen())
        await settle(pilot)
        app.screen.action_new()
        await settle(pilot)
        await burst(pilot, keys_of([("key", "tab"), ("type", "Org"), ("key", "ctrl+s")]))
        assert app.focused is app.screen.query_one("#edit-name")
        assert _notes(app.screen)[0].startswith("! Service:")
