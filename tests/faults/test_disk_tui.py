"""The intake form on a full disk: the save is refused with 'disk full', the form stays open with
everything typed, and once there is space again the same form saves."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.screens.page_team import PageTeamModal
from tests.faults.soak_check import cli
from tests.faults.conftest import fill
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE, make_app, play, settle


@pytest.mark.asyncio
async def test_a_call_refused_for_a_full_disk_stays_on_screen(small_disk: Path, demo_db: Path,
                                                               tmp_path: Path) -> None:
    db = small_disk / "mrss.db"
    assert cli(demo_db, "backup", str(db), home=tmp_path).returncode == 0
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        await play(pilot, HIGH_RISK_CALL)
        await play(pilot, RECORD_AND_PAGE[:2])  # acuity, triage
        fill(small_disk, leave=0)
        await play(pilot, RECORD_AND_PAGE[2:3])  # ctrl+s: record
        await settle(pilot)
        assert app.screen is screen  # still the form, not the paging modal
        titles = [n.title for n in app._notifications]
        assert "Not saved: disk full" in titles, titles
        form = screen.current_form()
        assert (form.caller_name, form.person_name, form.town) == ("Pat Rivers", "Jo Rivers", "Burns")
        (small_disk / "ballast").unlink()
        await play(pilot, RECORD_AND_PAGE[2:3])  # the same form, saved once there is room
        await settle(pilot)
        assert isinstance(app.screen, PageTeamModal)
