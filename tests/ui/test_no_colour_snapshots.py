"""State readable without colour (issue 15): snapshots at 80x24 with NO_COLOR and on a
16-colour (ANSI) terminal. Review each as a PNG: HIGH is black on white in words, the focused
yes/no field has a glyph, ticked boxes show X and unticked ones a blank."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.helpers import episode_shown, without_scroll_bars
from tests.ui.intake_helpers import HIGH_RISK_CALL, make_app, play, settle


async def _high_risk_on_weapons(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await play(pilot, HIGH_RISK_CALL)
    await pilot.pause(0.5)
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#weapons").focus()  # a yes/no field with the focus, answered "yes"
    screen.query_one("#intake-form").scroll_to_widget(screen.query_one("#situation"),
                                                      animate=False, top=True)
    await settle(pilot)


async def _contact_form(pilot) -> None:
    from mrss_tui.screens.episode import EpisodeScreen

    await settle(pilot)
    episode = EpisodeScreen(144)
    await pilot.app.push_screen(episode)
    await episode_shown(pilot, episode)  # the screen under the dialog is drawn as it was
    await without_scroll_bars(pilot, episode)
    await episode_shown(pilot, episode)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#c-services").select("therapy")
    screen.query_one("#c-services").focus()
    await settle(pilot)


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_intake_high_risk_no_color(snap_compare, demo_db: Path, no_color) -> None:
    app = make_app(demo_db)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=_high_risk_on_weapons)


def test_contact_form_no_color(snap_compare, demo_db: Path, no_color) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_contact_form)


def test_intake_high_risk_16_colours(snap_compare, demo_db: Path) -> None:
    app = make_app(demo_db)
    app.ansi_color = True  # the terminal's own 16 colours, as on a basic terminal
    assert snap_compare(app, terminal_size=(80, 24), run_before=_high_risk_on_weapons)
