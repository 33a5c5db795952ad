"""Dispatch status times corrected after the fact, the originating line's time, and what the
report and the board make of them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import DispatchStatus, Line, Role, ShiftSlot, Triage
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.board import board_summary
from mrss_tui.workflow.dispatch_care import correct_typed_time, set_origin_time
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team, set_team_status
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0


@pytest.fixture
def out(session, make_session, clock):
    """A 2-1-1 call at 13:25 local, team paged at 13:30, en route 14:00, arrived recorded at
    14:20."""
    boss = make_session(Role.SUPERVISOR)
    ids = []
    for login, role in (("clin", Role.CLINICIAN), ("peer", Role.PEER)):
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=role,
                          paging_url="json://127.0.0.1:9/x", region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=1), ends_at=T0 + timedelta(hours=11))
        ids.append(staff.id)
    result = record_call(session, IntakeForm(
        received_at="2026-11-20T21:25:00Z", line=Line.L211, person_name="Ari Test",
        address="1 Oak St", town="Burns", triage=Triage.MOBILE_DISPATCH,
        cssrs=CssrsAnswers(q1=False, q2=False, q6=False)))
    dispatch = page_team(session, call_id=result.call.id, staff_ids=ids).dispatch
    clock.advance(minutes=30)
    set_team_status(session, dispatch.id, DispatchStatus.EN_ROUTE)
    clock.advance(minutes=20)  # 14:20 local
    set_team_status(session, dispatch.id, DispatchStatus.ARRIVED)
    return result, dispatch


def test_arrival_back_dated_with_a_reason_keeps_the_original_in_the_audit(session, out):
    result, dispatch = out
    with pytest.raises(ValidationFailed):
        correct_typed_time(session, dispatch.id, "r", "14:05", "  ")  # a reason is needed
    fixed = correct_typed_time(session, dispatch.id, "arrived", "14:05", "entered after the visit")
    assert fixed.arrived_at == T0 + timedelta(minutes=35)
    assert session.store.episodes.get(result.episode.id).face_to_face_at == fixed.arrived_at
    [detail] = session.store.all(
        "SELECT detail FROM audit WHERE action = 'dispatch.time_corrected'")
    assert "2026-11-20T22:20:00" in detail[0] and "entered after the visit" in detail[0]
    # The report measures from the call to the corrected arrival: 40 minutes.
    responses = session.store.report_counts.call_responses(T0 - timedelta(hours=1), T0 + timedelta(hours=1))
    assert responses.arrival_seconds == [40 * 60]


@pytest.mark.parametrize("typed, problem", [
    ("14:21", "before the call"),  # now is 14:20: that is yesterday's 14:21
    ("13:24", "before the call"),  # the call came in at 13:25
    ("25:00", "14:05"),
])
def test_a_corrected_time_must_be_possible(session, out, typed, problem):
    _result, dispatch = out
    with pytest.raises(ValidationFailed, match=problem):
        correct_typed_time(session, dispatch.id, "r", typed, "late entry")


def test_the_boundaries_of_a_corrected_time_are_allowed(session, out):
    _result, dispatch = out
    assert correct_typed_time(session, dispatch.id, "r", "14:20", "x").arrived_at == \
        T0 + timedelta(minutes=50)  # exactly now
    assert correct_typed_time(session, dispatch.id, "r", "14:00", "x").arrived_at == \
        T0 + timedelta(minutes=30)  # exactly at en route
    with pytest.raises(ValidationFailed, match="before an earlier status"):
        correct_typed_time(session, dispatch.id, "r", "13:59", "x")
    with pytest.raises(ValidationFailed, match="after a later status"):
        correct_typed_time(session, dispatch.id, "e", "14:01", "x")
    with pytest.raises(ValidationFailed, match="not recorded yet"):
        correct_typed_time(session, dispatch.id, "c", "14:10", "x")


def test_the_originating_line_time_starts_the_clock_and_the_report(session, out, clock):
    result, dispatch = out
    with pytest.raises(ValidationFailed, match="after we did"):
        set_origin_time(session, result.call.id, "13:26")
    call = set_origin_time(session, result.call.id, "13:10")
    assert call.origin_received_at == T0 - timedelta(minutes=20)
    [row] = board_summary(session).dispatches
    assert row.received_at == call.origin_received_at
    responses = session.store.report_counts.call_responses(T0 - timedelta(hours=1), T0 + timedelta(hours=1))
    assert responses.arrival_seconds == [70 * 60]  # 13:10 to 14:20
    assert responses.received_at == ["2026-11-20T21:25:00Z"]  # the week is still ours


def test_a_direct_call_has_no_originating_line(session, out):
    record = record_call(session, IntakeForm(
        received_at="2026-11-20T21:29:00Z", line=Line.DIRECT, person_name="Bo Test",
        triage=Triage.INFORMATION))
    with pytest.raises(ValidationFailed, match="handed on"):
        set_origin_time(session, record.call.id, "13:10")
