"""Intake as Oklahoma City and Connecticut run it: the risk-to-others screen beside the C-SSRS
(feeding the bar, the acuity preset and the page), an out-of-area transfer from an unlisted town,
and the note when an age is outside what the program serves."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import RiskLevel, Triage
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo
from tests.conftest import T0
from tests.ui.intake_helpers import make_app, play, settle


def program_db(tmp_path: Path, profile: str) -> tuple[Path, object]:
    config = build_config({"profile": profile})
    path = tmp_path / f"{profile}.db"
    with Store.open(path, create=True, clock=FrozenClock(T0)) as store:
        generate_demo(store, config, DemoOptions(seed=3, days=3, calls_per_day=2, resources=5))
    return path, config


async def open_intake(pilot) -> IntakeScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IntakeScreen)
    return pilot.app.screen


@pytest.mark.asyncio
async def test_okc_a_violent_adult_with_command_voices_is_high_risk_to_others(tmp_path: Path):
    db, config = program_db(tmp_path, "okc-crt")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        await play(pilot, [("type", "4055550123"), ("key", "enter"), ("key", "9"),
                           ("type", "OKC-24-1234"), ("key", "enter")])
        screen.query_one("#address").value = "400 N Walker Ave"
        screen.query_one("#town").value = "Oklahoma City"
        screen.query_one("#born_or_age").value = "34"
        screen.query_one("#cssrs").focus()
        # C-SSRS: no, no, no (risk to self: none) ...
        await play(pilot, [("key", "n"), ("key", "n"), ("key", "n")])
        assert screen.query_one("#acuity").value is not None  # routine preset from "none"
        # ... then Brøset: irritable and physical threats; recent violence; command voices.
        screen.query_one("#risk_others").focus()
        await play(pilot, [("key", k) for k in "nynynnnyny"])
        bar = screen.query_one("#risk-bar")
        assert bar.has_class("high") and "RISK TO OTHERS: HIGH" in str(bar.render())
        assert screen.query_one("#acuity").value.value == "emergent"
        assert screen.query_one("#risk_others").answers.command_hallucinations is True
        screen.query_one("#triage").value = Triage.MOBILE_DISPATCH
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Store.open(db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        assert call.risk_level is RiskLevel.NONE and call.others_level is RiskLevel.HIGH
        assert call.acuity.value == "emergent" and call.risk_others.recent_violence is True


@pytest.mark.asyncio
async def test_ct_hartford_is_transferred_out_of_area_without_a_team(tmp_path: Path):
    db, config = program_db(tmp_path, "ct-emps")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        await play(pilot, [("type", "8605550123"), ("key", "enter"), ("key", "2")])
        screen.query_one("#town").value = "Hartford"
        await settle(pilot)
        assert "triage o transfers it out of area" in str(screen.query_one("#town-note").render())
        screen.query_one("#born_or_age").value = "15"
        screen.query_one("#triage").value = Triage.OUT_OF_AREA
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "transferred" in str(screen.query_one("#problem-transferred_to").render())
        screen.query_one("#transferred_to").value = "Hartford region"
        await pilot.press("ctrl+s")
        await settle(pilot)
        if type(app.screen).__name__ == "RepeatCallModal":  # the demo number called before
            await pilot.press("n")  # a new call, not part of the open episode
            await settle(pilot)
        assert not isinstance(app.screen, IntakeScreen), app.screen
    with Store.open(db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        assert call.triage is Triage.OUT_OF_AREA and call.town == "Hartford"
        assert call.transferred_to == "Hartford region Mobile Crisis"
        assert store.scalar("SELECT count(*) FROM episodes WHERE call_id = ?", (call.id,)) == 0
        assert store.scalar("SELECT count(*) FROM dispatches WHERE call_id = ?", (call.id,)) == 0


@pytest.mark.asyncio
async def test_ct_intake_warns_when_the_age_is_outside_what_the_program_serves(tmp_path: Path):
    db, config = program_db(tmp_path, "ct-emps")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        screen.query_one("#born_or_age").value = "34"
        await settle(pilot)
        note = screen.query_one("#age-note")
        assert note.display and "age 34 is outside what this program serves" in str(note.render())
        screen.query_one("#born_or_age").value = "15"
        await settle(pilot)
        assert not note.display


def _okc_response_episode(db: Path, config) -> tuple[int, list[int]]:
    """A new okc-crt call with a mobile dispatch paged to the on-call paramedic + navigator."""
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.intake import IntakeForm, record_call
    from mrss_tui.workflow.paging import page_team, propose_team

    session = open_session(db, config, "coord", FrozenClock(T0))
    try:
        result = record_call(session, IntakeForm(
            received_at="2026-11-20T21:20:00Z", line="911", incident_number="OKC-2",
            address="1 Main", town="Moore", born_or_age="40", acuity="urgent",
            cssrs={"q1": False, "q2": False, "q6": False},
            triage="mobile_dispatch"))
        team = propose_team(session, "South").proposed
        page_team(session, call_id=result.call.id, staff_ids=team)
        return result.episode.id, team
    finally:
        session.store.close()


@pytest.mark.asyncio
async def test_okc_contact_form_records_two_staff_vitals_assessment_and_outcome(tmp_path: Path):
    from textual.widgets import Input, Select, SelectionList

    from mrss_tui.screens.episode import EpisodeScreen

    db, config = program_db(tmp_path, "okc-crt")
    episode_id, team = _okc_response_episode(db, config)
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        assert app.screen.detail.needs_medical_screen
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        form.query_one("#c-staff", Select).value = team[0]
        form.query_one("#c-second", Select).value = team[1]
        form.query_one("#c-minutes", Input).value = "50"
        form.query_one("#c-services", SelectionList).select("assessment")
        await pilot.press("ctrl+s")
        await settle(pilot)
        problem = str(form.query_one(".form-problem").render())
        assert "response ended" in problem and "clinical assessment" in problem
        form.query_one("#c-outcome", Select).value = "stabilized_in_place"
        form.query_one("#m-heart_rate", Input).value = "88"
        form.query_one("#m-spo2", Input).value = "98"
        form.query_one("#m-cleared", Select).value = "yes"
        form.query_one("#m-transport", Select).value = "no"
        form.query_one("#a-status", Select).value = "anxious_agitated"
        form.query_one("#a-recommendation", Select).value = "remain_home"
        form.query_one("#o-verbal_threats", Select).value = "yes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EpisodeScreen)
        entry = next(e for e in app.screen.detail.timeline if e.kind == "contact")
        assert "HR 88" in entry.text and "SpO2 98%" in entry.text
        assert "Stabilized in place" in entry.text and "risk to others Moderate" in entry.text
        assert "recommends remain at home/community" in entry.text


@pytest.mark.asyncio
async def test_okc_dispatch_records_officers_on_scene_once_per_call(tmp_path: Path):
    from textual.widgets import Input, Select

    from mrss_tui.screens.coresponse_form import CoResponseForm
    from mrss_tui.screens.dispatch import DispatchModal
    from mrss_tui.screens.episode import EpisodeScreen

    db, config = program_db(tmp_path, "okc-crt")
    episode_id, _team = _okc_response_episode(db, config)
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dispatch_id = app.session.store.scalar(
            "SELECT max(id) FROM dispatches WHERE episode_id = ?", (episode_id,))
        app.push_screen(DispatchModal(dispatch_id))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CoResponseForm)
        form.query_one("#le-on-scene", Select).value = "yes"
        form.query_one("#le-cit", Select).value = "yes"
        form.query_one("#le-agency", Input).value = "City PD"
        form.query_one("#le-requested", Select).value = "team"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DispatchModal)
        await pilot.press("escape")
        await app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        texts = [e.text for e in app.screen.detail.timeline]
        assert ("Law enforcement on scene (CIT-trained; City PD; requested by team)" in texts)
    with Store.open(db) as store:
        assert store.scalar("SELECT count(*) FROM le_coresponse WHERE call_id = "
                            "(SELECT call_id FROM dispatches WHERE id = ?)", (dispatch_id,)) == 1
