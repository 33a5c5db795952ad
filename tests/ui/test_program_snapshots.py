"""The programs' screens at 80x24, pinned (issue 27). Review each as a PNG: the okc top bar
keeps the program's name and the age hint is an adult's; Connecticut's out-of-area triage reads
whole with the provider's number and the transfer steps; the C-SSRS shows the question being
answered; the close dialog shows where the focus is without colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.domain.enums import Triage
from tests.ui.helpers import episode_shown, until
from tests.ui.intake_helpers import make_app, settle
from tests.ui.test_program_intake import program_db

SIZE = (80, 24)


async def _intake(pilot):
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    return pilot.app.screen


async def _okc_intake(pilot) -> None:
    await _intake(pilot)


async def _ct_out_of_area(pilot) -> None:
    screen = await _intake(pilot)
    screen.query_one("#town").value = "Danbury"
    triage = screen.query_one("#triage")
    triage.focus()
    await pilot.press("o")
    screen.query_one("#transferred_to").value = "Fairfield region Mobile Crisis"
    await settle(pilot)
    screen.query_one("#intake-form").scroll_end(animate=False)
    await settle(pilot)
    assert triage.value is Triage.OUT_OF_AREA


async def _cssrs_at_question_5(pilot) -> None:
    screen = await _intake(pilot)
    screen.query_one("#cssrs").focus()
    await settle(pilot)
    await pilot.press("y", "y", "y", "y")
    await pilot.pause(0.3)
    await settle(pilot)


async def _close_dialog(pilot) -> None:
    from mrss_tui.screens.episode import EpisodeScreen

    await settle(pilot)
    episode = EpisodeScreen(144)
    await pilot.app.push_screen(episode)
    # The screen under the dialog is drawn as it was when the dialog opened: open it loaded.
    await episode_shown(pilot, episode)
    await pilot.press("x")
    await until(pilot, lambda: pilot.app.screen is not episode, "the close dialog open")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await settle(pilot)


def test_okc_intake_top_bar_and_age_hint(snap_compare, tmp_path: Path) -> None:
    db, config = program_db(tmp_path, "okc-crt")
    assert snap_compare(make_app(db, config=config), terminal_size=SIZE, run_before=_okc_intake)


def test_ct_out_of_area_transfer(snap_compare, tmp_path: Path) -> None:
    db, config = program_db(tmp_path, "ct-emps")
    assert snap_compare(make_app(db, config=config), terminal_size=SIZE,
                        run_before=_ct_out_of_area)


def test_cssrs_question_five_in_view(snap_compare, demo_db: Path) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_cssrs_at_question_5)


@pytest.mark.asyncio
async def test_close_dialog_focus_without_colour(demo_db: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Under NO_COLOR the close dialog's focused field reads in reverse and the save button is
    not lit until it has the focus. (Checked on the styles, not a picture: the episode under
    the dialog is drawn as it was when the dialog opened, which made a picture flaky.)"""
    from textual.widgets import Button
    from textual.widgets._select import SelectCurrent

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await _close_dialog(pilot)
        dialog = pilot.app.screen
        focused = dialog.focused
        assert focused is not None
        shown = focused.query_one(SelectCurrent) if focused.query(SelectCurrent) else focused
        assert shown.styles.text_style.reverse, focused
        save = dialog.query_one("Button.-primary", Button)
        assert save is not focused and not save.styles.text_style.reverse
        save.focus()
        await settle(pilot)
        assert save.styles.text_style.reverse
