"""The programs' screens at 80x24 as their staff read them: Connecticut's out-of-area triage
whole, with the provider's number and the transfer steps."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.domain.enums import Triage
from tests.ui.intake_helpers import make_app, settle
from tests.ui.test_program_intake import open_intake, program_db


def rendered(app) -> str:
    """The text of every cell of the current screen, as the terminal would get it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.mark.asyncio
async def test_ct_out_of_area_reads_whole_with_number_steps_and_county(tmp_path: Path):
    db, config = program_db(tmp_path, "ct-emps")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        screen.query_one("#town").value = "Danbury"
        triage = screen.query_one("#triage")
        triage.focus()
        triage.scroll_visible(animate=False)
        await pilot.press("o")
        await settle(pilot)
        assert triage.value is Triage.OUT_OF_AREA
        screen.query_one("#transferred_to").value = "Fairfield"
        await settle(pilot)
        note = screen.query_one("#transfer-note")
        note.scroll_visible(animate=False)
        await settle(pilot)
        text = rendered(app)
        assert "o Out of area" in text, text
        assert "Fairfield region Mobile Crisis: 2-1-1, press 1" in text, text
        assert "Counts under Fairfield County" in text
        assert "1. Take the callback number first" in text
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80


@pytest.mark.asyncio
@pytest.mark.parametrize("answers", ["yyyyyyy", "ynyy"])  # to 6b by the long and the short way
async def test_cssrs_question_being_answered_is_always_on_screen(tmp_path: Path, answers):
    from mrss_tui.domain.cssrs import QUESTIONS

    db, config = program_db(tmp_path, "oregon-mrss")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        field = screen.query_one("#cssrs")
        field.focus()
        await settle(pilot)
        for key in answers:
            current = field.current()
            assert current is not None
            start = QUESTIONS[current][:40]
            assert start in rendered(app), (current, rendered(app))
            await pilot.press(key)
            await settle(pilot)
        assert field.current() is None


@pytest.mark.asyncio
async def test_okc_risk_to_others_question_being_answered_is_on_screen(tmp_path: Path):
    db, config = program_db(tmp_path, "okc-crt")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        field = screen.query_one("#risk_others")
        field.focus()
        await settle(pilot)
        while (current := field.current()) is not None:
            assert field.wording(current)[:30] in rendered(app), (current, rendered(app))
            await pilot.press("y")
            await settle(pilot)


@pytest.mark.asyncio
async def test_a_failed_print_does_not_say_not_saved(tmp_path: Path, monkeypatch):
    import os

    from mrss_tui.screens.safety_plan import SafetyPlanScreen
    from mrss_tui.store.db import Store
    from tests.integration.test_report_cli import fake_lp

    db, config = program_db(tmp_path, "oregon-mrss")
    with Store.open(db) as store:
        episode_id = store.scalar("SELECT max(episode_id) FROM safety_plans")
    printer = fake_lp(tmp_path / "bin", exit_code=1, message="lp: No default destination.")
    monkeypatch.setenv("PATH", f"{printer}:{os.environ['PATH']}")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(SafetyPlanScreen(episode_id))
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        [notice] = [n for n in app._notifications if n.severity == "error"]
        assert notice.title == "Not printed"
        assert notice.message.startswith("The safety plan is saved (version")
        assert "printing failed" in notice.message


@pytest.mark.asyncio
@pytest.mark.parametrize(("profile", "shown"), [("oregon-mrss", False), ("ct-emps", False),
                                                 ("okc-crt", True)])
async def test_only_okc_contact_forms_carry_okc_sections(tmp_path: Path, profile, shown):
    from mrss_tui.screens.episode import EpisodeScreen
    from mrss_tui.store.db import Store

    db, config = program_db(tmp_path, profile)
    with Store.open(db) as store:
        episode_id = store.scalar("SELECT max(id) FROM episodes WHERE phase <> 'closed'")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        for section in ("#c-medical", "#c-others", "#c-assessment"):
            assert bool(form.query(section)) is shown, (profile, section)
        assert form.query("#c-outcome")  # every program records how a response ended


@pytest.mark.asyncio
async def test_okc_contact_form_after_arrived_asks_for_the_response(tmp_path: Path):
    """The team pressed "Arrived": the next contact is still the response (outcome and, on a
    paramedic team, the medical screen required; face to face preset)."""
    from textual.widgets import Collapsible, Select

    from mrss_tui.clock import FrozenClock
    from mrss_tui.domain.enums import DispatchStatus
    from mrss_tui.screens.episode import EpisodeScreen
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.paging import set_team_status
    from tests.conftest import T0
    from tests.ui.test_program_intake import _okc_response_episode

    db, config = program_db(tmp_path, "okc-crt")
    episode_id, _team = _okc_response_episode(db, config)
    session = open_session(db, config, "coord", FrozenClock(T0))
    try:
        dispatch = session.store.dispatches.active_for_episode(episode_id)
        set_team_status(session, dispatch.id, DispatchStatus.ARRIVED)
    finally:
        session.store.close()
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        assert app.screen.detail.episode.face_to_face_at is not None
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#c-mode", Select).value == "face_to_face"
        assert form.query_one("#c-outcome", Select).prompt.startswith("REQUIRED")
        medical = form.query_one("#c-medical", Collapsible)
        assert "required" in medical.title and not medical.collapsed


@pytest.mark.parametrize("width", [120, 80, 60, 45])
def test_the_top_bar_keeps_the_program_name(width):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from mrss_tui.widgets.topbar import TopBar

    now = datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("America/Chicago"))
    bar = TopBar.compose_bar("Metro Crisis Response Team", "Casey Coordinator", "coordinator",
                             now, width).plain
    assert bar.startswith(" Metro Crisis Response Team ") and len(bar) == width
    assert bar.rstrip().endswith("15:30" if width < 100 else "15:30 CST")
