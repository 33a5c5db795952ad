"""Snapshots of the intake screen: empty, high risk, validation problems; 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.intake_helpers import HIGH_RISK_CALL, make_app, play, settle

SIZES = [(80, 24), (120, 40)]


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the snapshot flaky


async def _high_risk(pilot) -> None:
    await _open(pilot)
    await play(pilot, HIGH_RISK_CALL)
    await pilot.pause(0.5)
    await settle(pilot)


async def _problems(pilot) -> None:
    await _open(pilot)
    await pilot.press(*"12", "enter", "9")  # an impossible number, a 911 call
    pilot.app.screen.query_one("#born_or_age").focus()
    await pilot.press(*"3/3/2040")
    pilot.app.screen.query_one("#triage").value = "mobile_dispatch"
    await pilot.press("ctrl+s")
    await settle(pilot)
    pilot.app.screen.query_one("#intake-form").scroll_home(animate=False)
    pilot.app.screen.query_one("#callback_number").focus()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_intake_empty(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_open)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_intake_high_risk(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_high_risk)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_intake_validation_problems(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_problems)
