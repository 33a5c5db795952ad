"""Jobs reach every row they owe something to, however many older rows are already handled or
cannot be handled: no LIMIT over the same oldest rows on every run (issue 20). Clocks sit on
the exact boundaries: at N minutes a dispatch is still in time, a second later (the stored
precision) it is not."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import AlertKind, Line, Role, ShiftSlot, Triage
from mrss_tui.workflow.alert_reminders import queue_reminders
from mrss_tui.workflow.dispatch_care import alert_awaiting
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0

TICK = timedelta(seconds=1)  # times are stored to the second


def awaiting_calls(session, count: int, town: str = "Burns") -> list[int]:
    """``count`` mobile-dispatch calls recorded now: each leaves a dispatch awaiting a team."""
    return [record_call(session, IntakeForm(
        received_at=session.now().isoformat(), line=Line.L988, person_name=f"Test Person {n}",
        address=f"{n} Oak St", town=town, triage=Triage.MOBILE_DISPATCH,
        cssrs=CssrsAnswers(q1=False, q2=False, q6=False))).call.id
        for n in range(count)]


def awaiting_alerts(session) -> int:
    return session.store.scalar("SELECT count(*) FROM alerts WHERE kind = ?",
                                (AlertKind.AWAITING_TEAM.value,))


def test_every_awaiting_dispatch_is_alerted_past_fifty_at_the_exact_boundary(session, clock):
    minutes = timedelta(minutes=session.config.paging.awaiting_alert_minutes)
    first = clock.now()
    awaiting_calls(session, 55)
    clock.set(first + minutes)  # exactly N minutes: still in time
    assert alert_awaiting(session) == 0
    clock.set(first + minutes + TICK)
    assert alert_awaiting(session) == 55
    assert alert_awaiting(session) == 0  # once each

    # The soak's case: 55 old dispatches, all alerted and left uncancelled, and new ones.
    later = clock.advance(minutes=1)
    awaiting_calls(session, 6)
    clock.set(later + minutes)
    assert alert_awaiting(session) == 0
    clock.set(later + minutes + TICK)
    assert alert_awaiting(session) == 6
    assert awaiting_alerts(session) == 61


def test_more_awaiting_than_one_batch_all_alerted_in_one_run(session, clock):
    """Past one batch of 200: the job pages through all of them in the same run."""
    minutes = timedelta(minutes=session.config.paging.awaiting_alert_minutes)
    first = clock.now()
    awaiting_calls(session, 205)
    clock.set(first + minutes + TICK)
    assert alert_awaiting(session) == 205


def test_alerts_nobody_can_be_reminded_of_do_not_hide_the_others(session, make_session, clock):
    """55 urgent alerts in Harney, whose on-call member has no paging address, come first; a
    new one in Grant, with a pageable member on call, still gets its reminder."""
    boss = make_session(Role.SUPERVISOR)
    for login, region, url in (("harn", "Harney", ""), ("gran", "Grant", "json://127.0.0.1:9/g")):
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=Role.CLINICIAN,
                          paging_url=url, region=region)
        add_shift(boss, staff_id=staff.id, region=region, slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=1), ends_at=T0 + timedelta(hours=11))
    minutes = timedelta(minutes=session.config.paging.awaiting_alert_minutes)
    awaiting_calls(session, 55, town="Burns")
    clock.advance(minutes=1)
    awaiting_calls(session, 1, town="John Day")
    clock.advance(minutes + TICK)
    assert alert_awaiting(session) == 56
    assert queue_reminders(session) == 1
    [(staff_login,)] = session.store.all(
        "SELECT s.login FROM pages p JOIN staff s ON s.id = p.staff_id "
        "WHERE p.kind = 'alert_reminder'")
    assert staff_login == "gran"


def test_every_unacknowledged_dispatch_is_escalated_past_fifty_at_the_exact_boundary(
        session, make_session, clock):
    from mrss_tui.workflow.paging import escalate_unacknowledged, page_team

    boss = make_session(Role.SUPERVISOR)
    clin = add_staff(boss, login="clin", name="Clin Person", role=Role.CLINICIAN,
                     paging_url="json://127.0.0.1:9/c", region="Harney")
    first = clock.now()
    for call_id in awaiting_calls(session, 55):
        page_team(session, call_id=call_id, staff_ids=[clin.id], gap_reason="test",
                  confirm_busy=True)
    timeout = timedelta(minutes=session.config.paging.ack_timeout_minutes)
    clock.set(first + timeout)  # exactly the acknowledgement time: still in time
    assert escalate_unacknowledged(session) == []
    clock.set(first + timeout + TICK)
    assert len(escalate_unacknowledged(session)) == 55
    assert escalate_unacknowledged(session) == []  # once each
