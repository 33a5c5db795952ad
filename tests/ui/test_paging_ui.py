"""Pilot tests of Page team (proposal, gap warning), the dispatch view and the roster."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import DispatchStatus, Line, Triage
from mrss_tui.screens.dispatch import DispatchModal
from mrss_tui.screens.page_team import PageTeamModal
from mrss_tui.screens.roster import RosterScreen
from mrss_tui.workflow.intake import IntakeForm, record_call
from tests.ui.intake_helpers import make_app, settle


def mobile_call(app):
    form = IntakeForm(received_at="2026-11-20T21:28:00Z", line=Line.L988, person_name="Ari",
                      address="1 Oak St", town="Burns", triage=Triage.MOBILE_DISPATCH,
                      cssrs=CssrsAnswers(q1=True, q2=False, q6=False))
    return record_call(app.session, form)


@pytest.mark.asyncio
async def test_page_team_proposes_on_call_and_warns_about_a_missing_role(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        result = mobile_call(app)
        app.push_screen(PageTeamModal(result.call, result.episode.id))
        await settle(pilot)
        modal = app.screen
        team = modal.query_one("#page-team")
        assert len(team.selected) == 2  # the Harney primary clinician and peer
        assert "Team complete" in str(modal.query_one("#page-gaps").render())
        team.highlighted = 0
        await pilot.press("space")  # untick the clinician
        assert "no clinician" in str(modal.query_one("#page-gaps").render())
        await pilot.press("l")  # police co-response on
        await pilot.press("p")
        await settle(pilot)
        # A team without a required role needs a reason: asked in place, nothing paged yet.
        assert isinstance(app.screen, PageTeamModal)
        assert app.session.store.scalar("SELECT count(*) FROM pages") == 0
        assert app.screen.focused is modal.query_one("#page-reason")
        await pilot.press(*"clinician 10 min behind", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, PageTeamModal)
        dispatch_id = app.session.store.scalar(
            "SELECT id FROM dispatches WHERE call_id = ?", (result.call.id,))
        dispatch = app.session.store.dispatches.get(dispatch_id)
        assert dispatch.le_coresponse is True
        assert dispatch.gap_reason == "clinician 10 min behind"
        assert len(app.session.store.dispatches.members(dispatch_id)) == 1

        app.push_screen(DispatchModal(dispatch_id))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dispatch = app.session.store.dispatches.get(dispatch_id)
        assert dispatch.status is DispatchStatus.ARRIVED
        assert app.session.store.episodes.get(result.episode.id).face_to_face_at is not None
        assert "Arrived" in str(app.screen.query_one("#dispatch-body").render())


@pytest.mark.asyncio
async def test_roster_lists_staff_and_shifts_for_a_supervisor(demo_db: Path):
    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert app.screen.query_one("#roster-staff").row_count == len(app.screen.view.staff)
        assert app.screen.query_one("#roster-shifts").row_count > 0


@pytest.mark.asyncio
async def test_coordinator_has_no_roster_key(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, RosterScreen)


@pytest.mark.asyncio
async def test_an_awaiting_dispatch_is_cancelled_only_with_a_reason(demo_db: Path):
    from mrss_tui.screens.prompt import PromptModal

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        result = mobile_call(app)
        dispatch = app.session.store.dispatches.active_for_call(result.call.id)
        app.push_screen(DispatchModal(dispatch.id))
        await settle(pilot)
        assert "AWAITING TEAM" in str(app.screen.query_one("#dispatch-body").render())
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, PromptModal)
        await pilot.press("enter")  # no reason: refused, nothing changes
        await settle(pilot)
        assert app.session.store.dispatches.get(dispatch.id).status is DispatchStatus.AWAITING
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"caller hung up, police welfare check", "enter")
        await settle(pilot)
        cancelled = app.session.store.dispatches.get(dispatch.id)
        assert cancelled.status is DispatchStatus.CANCELLED
        assert cancelled.cancel_reason == "caller hung up, police welfare check"
