"""State that outlives its reason (issue 27): closing an episode ends its dispatch, finished
follow-ups stop reading "due", a new urgent alert is the one the board shows, and what needs
a team now sorts first and is counted at every width."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import (
    AlertKind,
    DispatchStatus,
    Line,
    Phase,
    Role,
    Severity,
    ShiftSlot,
    Triage,
)
from mrss_tui.domain.board_rows import AlertCounts, BoardSummary
from mrss_tui.widgets.board_stats import fitted_stats
from mrss_tui.workflow.board import board_summary
from mrss_tui.workflow.episodes import add_followup, change_phase, episode_detail
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team, propose_team, set_team_status
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0

NONE = CssrsAnswers(q1=False, q2=False, q6=False)
HIGH = CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)


@pytest.fixture
def team(make_session):
    boss = make_session(Role.SUPERVISOR)
    people = []
    for login, role in (("clin", Role.CLINICIAN), ("peer", Role.PEER)):
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=role,
                          paging_url=f"json://127.0.0.1:9/{login}", region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=2), ends_at=T0 + timedelta(hours=10))
        people.append(staff.id)
    return people


def _call(session, minutes_ago: int, cssrs=NONE):
    at = (T0 - timedelta(minutes=minutes_ago)).isoformat()
    return record_call(session, IntakeForm(
        received_at=at, line=Line.L988, address="12 Main St", town="Burns",
        situation="Shouting", cssrs=cssrs, triage=Triage.MOBILE_DISPATCH, acuity="urgent"))


def test_closing_an_episode_clears_its_team_and_cancels_its_follow_ups_rows(session, team):
    result = _call(session, 30)
    dispatch = page_team(session, call_id=result.call.id, staff_ids=team).dispatch
    set_team_status(session, dispatch.id, DispatchStatus.ARRIVED)
    add_followup(session, result.episode.id, due_at=T0 + timedelta(days=2), note="Call mom")
    assert propose_team(session, "Harney").busy  # out on this call
    episode = session.store.episodes.get(result.episode.id)
    change_phase(session, episode.id, {"to": Phase.CLOSED, "disposition": "home_community",
                                       "reason": "family declined further contact"},
                 episode.version)
    assert session.store.dispatches.get(dispatch.id).status is DispatchStatus.CLEARED
    assert propose_team(session, "Harney").busy == {}
    assert board_summary(session).dispatches == []
    texts = [e.text for e in episode_detail(session, episode.id).timeline]
    assert not any(t.startswith("Follow-up due") and "Call mom" in t for t in texts)
    assert any(t.startswith("Follow-up cancelled") and "Call mom" in t for t in texts)


def test_closing_a_call_nobody_was_paged_for_cancels_its_dispatch(session):
    result = _call(session, 10)
    waiting = session.store.dispatches.active_for_call(result.call.id)
    assert waiting is not None and waiting.awaiting
    episode = session.store.episodes.get(result.episode.id)
    change_phase(session, episode.id, {"to": Phase.CLOSED, "disposition": "home_community",
                                       "reason": "resolved by phone"}, episode.version)
    assert session.store.dispatches.get(waiting.id).status is DispatchStatus.CANCELLED
    assert board_summary(session).awaiting_total == 0


def test_a_new_no_team_paged_alert_is_the_banner_not_an_old_overdue_one(session):
    raise_alert = session.store.alerts.raise_once
    raise_alert("system", kind=AlertKind.FOLLOWUP_OVERDUE, subject_type="followup", subject_id=1,
                due_at=T0 - timedelta(days=3), severity=Severity.URGENT,
                message="Follow-up overdue 3 days")
    raise_alert("system", kind=AlertKind.AWAITING_TEAM, subject_type="dispatch", subject_id=2,
                due_at=T0 - timedelta(minutes=5), severity=Severity.URGENT,
                message="No team paged for C000002")
    top = board_summary(session).alerts.most_urgent
    assert top is not None and top.message == "No team paged for C000002"


def test_awaiting_then_late_then_high_sort_first(session, team):
    old = _call(session, 200)  # paged, late (past the target)
    page_team(session, call_id=old.call.id, staff_ids=team[:1], gap_reason="test")
    high = _call(session, 5, cssrs=HIGH)  # paged, high risk, in time
    page_team(session, call_id=high.call.id, staff_ids=team[1:], gap_reason="test")
    calm = _call(session, 20)  # paged, in time
    page_team(session, call_id=calm.call.id, staff_ids=team[:1], gap_reason="test",
              confirm_busy=True)
    waiting = _call(session, 1)  # nobody paged
    summary = board_summary(session)
    assert [d.call_id for d in summary.dispatches] == [
        waiting.call.id, old.call.id, high.call.id, calm.call.id]
    assert summary.awaiting_total == 1 and summary.dispatches_total == 4


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_the_figures_line_counts_awaiting_teams_at_every_size(width):
    summary = BoardSummary(open_calls=[], open_calls_total=12, dispatches=[], dispatches_total=11,
                           awaiting_total=2,
                           phase_counts={Phase.CRISIS: 75, Phase.STABILIZATION: 1127},
                           alerts=AlertCounts(open=305, urgent=128))
    line = " | ".join(t.plain for t in fitted_stats(summary, width) if t.plain)
    assert "2 AWAITING" in line or "2 await" in line, line
    assert "128 urgent" in line
