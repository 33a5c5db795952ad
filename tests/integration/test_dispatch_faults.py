"""Dispatch under faults, with real processes and a real local receiver (tests/receivers.py):
a kill between recording and paging, a kill after the POST, a receiver slower than the
timeout, retries after the team answered. Receiver-side duplicate counts are asserted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.config import build_config
from mrss_tui.domain.enums import AlertKind, DispatchStatus, PageStatus, Role, ShiftSlot
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.board import board_summary
from mrss_tui.workflow.dispatch_care import alert_awaiting, cancel_dispatch
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.paging import page_team, set_team_status
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0

ROOT = Path(__file__).resolve().parents[2]


def run_child(mode: str, db_path: Path, wait_for: str | None = None, event=None):
    """Start dispatch_child; kill it with SIGKILL once it printed ``wait_for`` or ``event`` is set."""
    child = subprocess.Popen([sys.executable, "-m", "tests.integration.dispatch_child", mode,
                              str(db_path), T0.isoformat()], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        if wait_for is not None:
            line = child.stdout.readline()
            assert line.startswith(wait_for), line
        if event is not None:
            assert event.wait(timeout=30), "the child never reached the receiver"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return line if wait_for else ""


@pytest.fixture
def team(make_session, receiver):
    boss = make_session(Role.SUPERVISOR)
    people = {}
    for login, role in (("clin", Role.CLINICIAN), ("peer", Role.PEER)):
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=role,
                          paging_url=receiver.url(f"/page/{login}"), region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=1), ends_at=T0 + timedelta(hours=11))
        people[login] = staff
    return people


def recorded_by_a_killed_process(session, db_path) -> int:
    session.store.staff.by_login("coord") or session.store.staff.create(
        "system", login="coord", name="Coord Person", role=Role.COORDINATOR)
    line = run_child("record", db_path, wait_for="RECORDED")
    return int(line.split()[1])


def test_a_kill_between_recording_and_paging_leaves_an_awaiting_dispatch_and_an_alert(
        session, db_path, clock, team):
    call_id = recorded_by_a_killed_process(session, db_path)
    [row] = board_summary(session).dispatches
    assert row.call_id == call_id and row.status is DispatchStatus.AWAITING
    assert row.received_at == T0  # the response clock runs from the call
    minutes = session.config.paging.awaiting_alert_minutes
    clock.set(T0 + timedelta(minutes=minutes))
    assert alert_awaiting(session) == 0  # exactly N minutes: still in time
    clock.advance(seconds=1)
    assert alert_awaiting(session) == 1
    assert alert_awaiting(session) == 0  # once
    [alert] = session.store.alerts.open(clock.now())
    assert alert.kind is AlertKind.AWAITING_TEAM and alert.severity.value == "urgent"
    # Paging now fills the same dispatch (no second one) and resolves the alert.
    result = page_team(session, call_id=call_id, staff_ids=[team["clin"].id, team["peer"].id])
    assert result.dispatch.id == row.id and result.dispatch.status is DispatchStatus.PAGED
    assert session.store.scalar("SELECT count(*) FROM dispatches") == 1
    assert session.store.alerts.open(clock.now()) == []


def test_cancelling_an_awaiting_dispatch_needs_a_reason_kept_on_the_dispatch(session, db_path,
                                                                             team):
    call_id = recorded_by_a_killed_process(session, db_path)
    dispatch = session.store.dispatches.active_for_call(call_id)
    with pytest.raises(ValidationFailed):
        cancel_dispatch(session, dispatch.id, "   ")
    assert session.store.dispatches.get(dispatch.id).status is DispatchStatus.AWAITING
    cancelled = cancel_dispatch(session, dispatch.id, "family declined, safe with aunt")
    assert cancelled.status is DispatchStatus.CANCELLED
    assert cancelled.cancel_reason == "family declined, safe with aunt"
    audit = session.store.all("SELECT detail FROM audit WHERE action = 'dispatch.cancelled'")
    # The audit names the field; the words stay on the dispatch only (issue 22: no PHI copies).
    assert '"cancel_reason": "[text]"' in audit[0][0] and "family declined" not in audit[0][0]
    assert board_summary(session).dispatches == []


def _page_clin(session, team, call_id) -> int:
    result = page_team(session, call_id=call_id, staff_ids=[team["clin"].id], gap_reason="test")
    return result.pages[0].id


def test_a_kill_after_the_post_is_resent_with_the_same_id_and_counted(session, db_path, clock,
                                                                       team, receiver):
    call_id = recorded_by_a_killed_process(session, db_path)
    page_id = _page_clin(session, team, call_id)
    receiver.delay = 60  # hold the answer: the child dies after its POST arrived
    run_child("send", db_path, event=receiver.posted)
    receiver.delay = 0
    assert session.store.pages.get(page_id).status is PageStatus.QUEUED  # outcome unknown
    # Not taken while the dead sender's lease runs; taken over once it ran out.
    assert send_due_pages(session) == []
    lease = timedelta(seconds=session.config.paging.send_timeout_seconds * 2 + 5)
    clock.set(T0 + lease)
    [page] = send_due_pages(session)
    assert page.status is PageStatus.SENT and page.resends == 1
    assert len(receiver.received) == 2 and receiver.delivered_ids == {f"mrss-page-{page_id}"}
    assert receiver.duplicates == 1  # two POSTs of one id: a receiver keyed on it shows one


def test_a_kill_after_the_post_then_an_ack_settles_without_a_second_send(
        session, db_path, clock, team, receiver, make_session):
    call_id = recorded_by_a_killed_process(session, db_path)
    page_id = _page_clin(session, team, call_id)
    receiver.delay = 60
    run_child("send", db_path, event=receiver.posted)
    receiver.delay = 0
    dispatch = session.store.dispatches.active_for_call(call_id)
    set_team_status(make_session(Role.CLINICIAN, login="clin"), dispatch.id,
                    DispatchStatus.ACKNOWLEDGED)
    clock.set(T0 + timedelta(minutes=5))
    [page] = send_due_pages(session)
    assert page.id == page_id and page.status is PageStatus.SENT and page.resends == 0
    assert len(receiver.received) == 1 and receiver.duplicates == 0


def test_a_receiver_slower_than_the_timeout_is_not_confirmed_and_not_resent(
        store, clock, team, receiver, make_session):
    config = build_config({"paging": {"send_timeout_seconds": 1}})
    session = make_session(Role.COORDINATOR, cfg=config)
    from tests.integration.test_paging_receivers import high_risk_call

    call = high_risk_call(session)
    page_id = _page_clin(session, team, call.id)
    receiver.delay = 4
    [page] = send_due_pages(session)
    assert page.status is PageStatus.UNKNOWN
    assert page.last_error.startswith("no answer within 1 s")
    [alert] = session.store.alerts.open(clock.now())
    assert alert.kind is AlertKind.PAGE_UNCONFIRMED
    assert "delivery not confirmed" in alert.message and "Clin Person" in alert.message
    assert "failed" not in alert.message
    clock.advance(hours=1)
    assert send_due_pages(session) == []  # never re-sent blindly
    assert len(receiver.received) == 1 and receiver.duplicates == 0
    assert receiver.page_ids == [f"mrss-page-{page_id}"]


def test_retries_stop_once_the_team_acknowledged(session, clock, team, receiver, make_session):
    from tests.integration.test_paging_receivers import high_risk_call

    call = high_risk_call(session)
    result = page_team(session, call_id=call.id, staff_ids=[team["clin"].id, team["peer"].id])
    receiver.status = 500
    pages = send_due_pages(session)
    assert {p.status for p in pages} == {PageStatus.QUEUED}
    set_team_status(make_session(Role.CLINICIAN, login="clin"), result.dispatch.id,
                    DispatchStatus.ACKNOWLEDGED)
    clock.advance(hours=2)
    assert send_due_pages(session) == []
    assert {p.status for p in session.store.pages.for_dispatch(result.dispatch.id)} == {
        PageStatus.STOPPED}
    assert len(receiver.received) == 2
    assert [a for a in session.store.alerts.open(clock.now())
            if a.kind is AlertKind.PAGE_FAILED] == []


def test_two_people_who_could_not_be_reached_are_named_apart(session, clock, team, receiver):
    from tests.integration.test_paging_receivers import high_risk_call

    call = high_risk_call(session)
    page_team(session, call_id=call.id, staff_ids=[team["clin"].id, team["peer"].id])
    receiver.status = 500
    for _ in range(session.config.paging.max_attempts):
        pages = send_due_pages(session)
        clock.advance(hours=1)
    messages = sorted(a.message for a in session.store.alerts.open(clock.now())
                      if a.kind is AlertKind.PAGE_FAILED)
    assert len(messages) == 2
    assert "Clin Person" in messages[0] and "Peer Person" in messages[1]
    assert pages and all(p.status is PageStatus.FAILED for p in pages)
