"""Paging: proposal, outbox rows, page text, retries with backoff, escalation at the minute,
team status, multi-process claiming."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import (
    AlertKind,
    DispatchStatus,
    Line,
    PageStatus,
    Role,
    ShiftSlot,
    Triage,
)
from mrss_tui.domain.paging import needs_escalation, retry_at
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.paging import (
    escalate_unacknowledged,
    page_team,
    propose_team,
    set_le_coresponse,
    set_team_status,
)
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0

HIGH = CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)


@pytest.fixture
def rota(make_session):
    """Harney on call at T0: clinician + peer primary, a second clinician as backup."""
    boss = make_session(Role.SUPERVISOR)
    people = {}
    for login, role, slot in [("clin", Role.CLINICIAN, ShiftSlot.PRIMARY),
                              ("peer", Role.PEER, ShiftSlot.PRIMARY),
                              ("clin2", Role.CLINICIAN, ShiftSlot.BACKUP)]:
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=role,
                          paging_url=f"json://127.0.0.1:9/page/{login}", region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=slot,
                  starts_at=T0 - timedelta(hours=2), ends_at=T0 + timedelta(hours=10))
        people[login] = staff
    return people


@pytest.fixture
def dispatched_call(session):
    form = IntakeForm(received_at="2026-11-20T21:20:00Z", callback_number="541-555-0123",
                      line=Line.L988, person_name="Jo Rivers", born_or_age="14",
                      address="12 Main St", town="Burns", situation="Threatening self with knife",
                      weapons=True, hazards="two dogs", police_needed=True, cssrs=HIGH,
                      triage=Triage.MOBILE_DISPATCH)
    return record_call(session, form)


def test_proposal_ticks_the_primary_slot_and_lists_the_backup(session, rota):
    proposal = propose_team(session, "Harney")
    assert proposal.proposed == sorted([rota["clin"].id, rota["peer"].id],
                                       key=proposal.proposed.index)
    assert set(proposal.proposed) == {rota["clin"].id, rota["peer"].id}
    assert [o.staff.login for o in proposal.on_call if o.slot is ShiftSlot.BACKUP] == ["clin2"]
    required = session.config.response.required_team
    assert proposal.gaps(proposal.proposed, required) == []
    assert proposal.gaps([rota["clin"].id], required) == ["peer"]


def test_page_team_queues_one_page_per_member_without_screening_answers(session, rota,
                                                                         dispatched_call):
    result = page_team(session, call_id=dispatched_call.call.id,
                       staff_ids=[rota["clin"].id, rota["peer"].id], le_coresponse=True)
    assert result.dispatch.episode_id == dispatched_call.episode.id
    assert result.dispatch.le_coresponse is True
    assert [p.status for p in result.pages] == [PageStatus.QUEUED] * 2
    body = result.pages[0].body
    assert "EMERGENT" in body and dispatched_call.call.ref in body and "12 Main St, Burns" in body
    assert "Weapons: YES; dogs/hazards: two dogs" in body
    assert "Person: Jo, 14" in body and "Rivers" not in body
    # The risk level in words (the team must not miss HIGH), never the screening answers; by
    # default (minimum necessary) no free-text situation and no substance use.
    assert "Risk HIGH to self" in body
    for forbidden in ("suicid", "intent", "Intent", "knife", "Substance"):
        assert forbidden not in body
    team = session.store.episodes.team(dispatched_call.episode.id)
    assert set(team) == {rota["clin"].id, rota["peer"].id}


def test_paging_nobody_or_someone_without_address_changes_nothing(session, rota, make_session,
                                                                  dispatched_call):
    with pytest.raises(ValidationFailed):
        page_team(session, call_id=dispatched_call.call.id, staff_ids=[])
    boss = make_session(Role.SUPERVISOR)
    mute = add_staff(boss, login="mute", name="No Pager", role=Role.PEER)
    with pytest.raises(ValidationFailed) as err:
        page_team(session, call_id=dispatched_call.call.id, staff_ids=[rota["clin"].id, mute.id])
    assert "no paging address" in str(err.value)
    # Only the dispatch recorded with the call, still awaiting a team; no page queued.
    [dispatch] = session.store.all("SELECT status FROM dispatches")
    assert dispatch[0] == "awaiting"
    assert session.store.scalar("SELECT count(*) FROM pages") == 0


def test_team_lacking_a_required_role_needs_a_reason_kept_on_the_dispatch(session, rota,
                                                                          dispatched_call):
    call_id = dispatched_call.call.id
    with pytest.raises(ValidationFailed) as err:
        page_team(session, call_id=call_id, staff_ids=[rota["clin"].id])
    assert "no peer" in str(err.value)
    assert session.store.scalar("SELECT count(*) FROM pages") == 0
    result = page_team(session, call_id=call_id, staff_ids=[rota["clin"].id],
                       gap_reason="peer on another call")
    assert result.gaps == ["peer"]
    assert result.dispatch.gap_reason == "peer on another call"


def _page(session, rota, dispatched_call, members=("clin", "peer")):
    return page_team(session, call_id=dispatched_call.call.id,
                     staff_ids=[rota[m].id for m in members], gap_reason="test: partial team")


def test_sent_pages_are_marked_sent(session, rota, dispatched_call):
    _page(session, rota, dispatched_call)
    sent = []
    pages = send_due_pages(session, sender=lambda url, title, body, t: sent.append(url) or "")
    # The page id rides in a header (apprise's +Header URL syntax) for json:// receivers.
    ids = {p.staff_id: p.id for p in session.store.pages.for_dispatch(1)}
    assert sorted(sent) == sorted(
        [f"json://127.0.0.1:9/page/clin?+X-Mrss-Page-Id=mrss-page-{ids[rota['clin'].id]}",
         f"json://127.0.0.1:9/page/peer?+X-Mrss-Page-Id=mrss-page-{ids[rota['peer'].id]}"])
    assert [p.status for p in pages] == [PageStatus.SENT] * 2
    assert send_due_pages(session, sender=lambda *a: "should not run") == []


def test_failures_retry_with_backoff_then_fail_visibly_with_an_alert(session, clock, rota,
                                                                      dispatched_call):
    _page(session, rota, dispatched_call, members=("clin",))
    paging = session.config.paging
    fail = lambda *a: "HTTP 500"  # noqa: E731
    delays = []
    for attempt in range(1, paging.max_attempts + 1):
        [page] = send_due_pages(session, sender=fail)
        assert page.attempts == attempt and page.last_error == "HTTP 500"
        if attempt < paging.max_attempts:
            assert page.status is PageStatus.QUEUED
            delays.append(page.next_attempt_at - clock.now())
            clock.set(page.next_attempt_at - timedelta(seconds=1))
            assert send_due_pages(session, sender=fail) == []  # one second early: not yet
            clock.set(page.next_attempt_at)
    assert page.status is PageStatus.FAILED
    base = paging.retry_base_seconds
    assert delays == [timedelta(seconds=base * 2 ** i) for i in range(paging.max_attempts - 1)]
    alerts = session.store.alerts.open(clock.now())
    assert [a.kind for a in alerts] == [AlertKind.PAGE_FAILED]
    assert dispatched_call.call.ref in alerts[0].message and "Jo" not in alerts[0].message


def test_an_exception_in_the_transport_is_a_failed_attempt_not_a_crash(session, rota,
                                                                      dispatched_call):
    _page(session, rota, dispatched_call, members=("clin",))

    def boom(*_args):
        raise ConnectionError("refused")

    # It may have gone out before the crash: not confirmed, and not sent again by itself.
    [page] = send_due_pages(session, sender=boom)
    assert page.status is PageStatus.UNKNOWN and page.last_error == "send crashed (ConnectionError)"
    [alert] = session.store.alerts.open(session.now())
    assert alert.kind is AlertKind.PAGE_UNCONFIRMED and "delivery not confirmed" in alert.message
    assert "Clin Person" in alert.message


def test_two_workers_never_claim_the_same_page(session, rota, dispatched_call, db_path, clock):
    from mrss_tui.store.db import Store

    _page(session, rota, dispatched_call)
    other = Store.open(db_path, clock=clock)
    try:
        first = session.store.pages.claim_due("w1", clock.now(), lease=timedelta(seconds=30))
        second = other.pages.claim_due("w2", clock.now(), lease=timedelta(seconds=30))
        assert len(first) == 2 and second == []
        # A worker that died: its lease runs out; it is not claimed as a fresh page (it may
        # have been sent) but taken over as a lost claim, by exactly one worker.
        later = clock.now() + timedelta(seconds=30)
        assert other.pages.claim_due("w2", later, lease=timedelta(seconds=30)) == []
        assert len(other.pages.take_lost("w2", later, lease=timedelta(seconds=30))) == 2
        assert session.store.pages.take_lost("w1", later, lease=timedelta(seconds=30)) == []
        assert session.store.pages.record_sent("w1", first[0].page.id, later) is False
    finally:
        other.close()


def test_escalation_happens_only_after_the_exact_minute(session, clock, rota, dispatched_call):
    result = _page(session, rota, dispatched_call)
    minutes = session.config.paging.ack_timeout_minutes
    deadline = result.dispatch.paged_at + timedelta(minutes=minutes)
    clock.set(deadline - timedelta(seconds=1))
    assert escalate_unacknowledged(session) == []
    clock.set(deadline)
    assert escalate_unacknowledged(session) == []
    assert not needs_escalation(result.dispatch.paged_at, None, deadline, minutes)
    clock.set(deadline + timedelta(seconds=1))
    [escalated] = escalate_unacknowledged(session)
    assert escalated.escalated_at == clock.now()
    members = {m.staff_id: m.slot for m in session.store.dispatches.members(escalated.id)}
    assert members[rota["clin2"].id] == "backup"
    backup_pages = [p for p in session.store.pages.for_dispatch(escalated.id)
                    if p.staff_id == rota["clin2"].id]
    assert len(backup_pages) == 1 and backup_pages[0].kind == "escalation"
    [alert] = session.store.alerts.open(clock.now())
    assert alert.kind is AlertKind.PAGE_UNACKNOWLEDGED and "Clin2 Person" in alert.message
    # A second run (another process) does nothing more.
    assert escalate_unacknowledged(session) == []
    assert session.store.scalar("SELECT count(*) FROM pages") == 3


def test_acknowledged_in_time_is_not_escalated(session, clock, rota, dispatched_call,
                                               make_session):
    result = _page(session, rota, dispatched_call)
    minutes = session.config.paging.ack_timeout_minutes
    clock.set(result.dispatch.paged_at + timedelta(minutes=minutes))
    set_team_status(session, result.dispatch.id, DispatchStatus.ACKNOWLEDGED)
    clock.advance(minutes=5)
    assert escalate_unacknowledged(session) == []


def test_team_status_by_member_and_by_coordinator_and_arrival_records_face_to_face(
        session, clock, rota, dispatched_call, make_session):
    result = _page(session, rota, dispatched_call)
    dispatch_id = result.dispatch.id
    clin = make_session(Role.CLINICIAN, login="clin")
    clock.advance(minutes=2)
    d = set_team_status(clin, dispatch_id, DispatchStatus.ACKNOWLEDGED)
    assert d.status is DispatchStatus.ACKNOWLEDGED and d.acknowledged_at == clock.now()
    peer = make_session(Role.PEER, login="peer")
    clock.advance(minutes=1)
    d = set_team_status(peer, dispatch_id, DispatchStatus.ACKNOWLEDGED)  # second ack: member only
    assert d.acknowledged_at == clock.now() - timedelta(minutes=1)
    acks = {m.staff_id: m.acknowledged_at for m in session.store.dispatches.members(dispatch_id)}
    assert acks[rota["peer"].id] == clock.now()
    set_team_status(session, dispatch_id, DispatchStatus.EN_ROUTE)  # coordinator on their behalf
    clock.advance(minutes=30)
    d = set_team_status(clin, dispatch_id, DispatchStatus.ARRIVED)
    assert d.arrived_at == clock.now()
    episode = session.store.episodes.get(dispatched_call.episode.id)
    assert episode.face_to_face_at == clock.now()
    # Arrival plans the profile's first follow-up contact at once (24 h after face to face).
    first = session.store.followups.for_episode(episode.id)
    assert [f.due_at for f in first][:1] == [clock.now() + timedelta(
        hours=session.config.followups.first_contact_hours)]
    with pytest.raises(ValidationFailed):
        set_team_status(clin, dispatch_id, DispatchStatus.EN_ROUTE)  # no going back
    d = set_team_status(session, dispatch_id, DispatchStatus.CLEARED)
    assert d.cleared_at == clock.now()


def test_someone_not_on_the_team_cannot_change_its_status(session, rota, dispatched_call,
                                                         make_session):
    result = _page(session, rota, dispatched_call, members=("clin",))
    outsider = make_session(Role.PEER, login="peer")
    with pytest.raises(PermissionDenied):
        set_team_status(outsider, result.dispatch.id, DispatchStatus.ARRIVED)


def test_law_enforcement_co_response_is_recorded(session, rota, dispatched_call):
    result = _page(session, rota, dispatched_call)
    assert set_le_coresponse(session, result.dispatch.id, True).le_coresponse is True


def test_retry_schedule_doubles():
    assert [retry_at(n, T0, 30) - T0 for n in (1, 2, 3)] == [
        timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]


def test_paging_jobs_are_declared_and_run_as_the_system(store, config, clock, rota, session,
                                                       dispatched_call):
    from mrss_tui.workflow.context import SYSTEM, Session
    from mrss_tui.workflow.jobs import all_jobs

    jobs = {job.id: job for job in all_jobs()}
    assert {"pages.send", "pages.escalate"} <= set(jobs)
    assert jobs["pages.send"].trigger(config) == {"trigger": "interval", "seconds": 5}
    _page(session, rota, dispatched_call)
    system = Session(store, config, SYSTEM, clock)
    clock.advance(minutes=config.paging.ack_timeout_minutes, seconds=1)
    assert len(jobs["pages.escalate"].run(system)) == 1
    # Nothing listens on 127.0.0.1:9: each page is a failed attempt, queued again.
    pages = jobs["pages.send"].run(system)
    assert len(pages) == 3 and all(p.status is PageStatus.QUEUED and p.attempts == 1
                                   for p in pages)


def test_adding_a_member_later_joins_the_same_dispatch(session, rota, dispatched_call, clock):
    first = _page(session, rota, dispatched_call, members=("clin",))
    clock.advance(minutes=3)
    later = page_team(session, call_id=dispatched_call.call.id, staff_ids=[rota["peer"].id])
    assert later.dispatch.id == first.dispatch.id and later.gaps == []
    assert [p.staff_id for p in later.pages] == [rota["peer"].id]  # only the new member paged
    assert session.store.scalar("SELECT count(*) FROM dispatches") == 1
    # Paging someone already on it again pages nobody twice.
    again = page_team(session, call_id=dispatched_call.call.id, staff_ids=[rota["clin"].id])
    assert again.pages == [] and session.store.scalar("SELECT count(*) FROM pages") == 2


def test_staff_out_on_another_call_are_shown_busy_and_paged_only_when_confirmed(
        session, rota, dispatched_call):
    _page(session, rota, dispatched_call)
    other = record_call(session, IntakeForm(
        received_at="2026-11-20T21:29:00Z", line=Line.L988, person_name="Lee Other",
        address="5 Elm St", town="Burns", cssrs=HIGH, triage=Triage.MOBILE_DISPATCH))
    proposal = propose_team(session, "Harney")
    assert proposal.busy == {rota["clin"].id: dispatched_call.call.ref,
                             rota["peer"].id: dispatched_call.call.ref}
    # Busy primaries are not ticked; the free backup on call stands in for the clinician.
    assert proposal.proposed == [rota["clin2"].id]
    with pytest.raises(ValidationFailed) as err:
        page_team(session, call_id=other.call.id, staff_ids=[rota["clin"].id, rota["peer"].id])
    assert "Clin Person" in str(err.value) and dispatched_call.call.ref in str(err.value)
    result = page_team(session, call_id=other.call.id,
                       staff_ids=[rota["clin"].id, rota["peer"].id], confirm_busy=True)
    assert len(result.pages) == 2


def test_page_fields_follow_the_config_and_show_the_last_reassessment(rota, dispatched_call,
                                                                      make_session, clock):
    from mrss_tui.config import build_config
    from mrss_tui.domain.episodes import ContactForm
    from mrss_tui.domain.enums import ContactMode, RiskLevel, Service

    config = build_config({"paging": {"page_fields": ["risk", "situation"]}})
    session = make_session(Role.COORDINATOR, cfg=config)
    clock.advance(minutes=20)
    session.store.contacts.add("t", dispatched_call.episode.id, ContactForm(
        at=clock.now(), mode=ContactMode.PHONE, staff_id=rota["clin"].id,
        services=[Service.ASSESSMENT], minutes=5), RiskLevel.MODERATE)
    result = _page(session, rota, dispatched_call, members=("clin",))
    lines = result.pages[0].body.splitlines()[2:]
    assert lines == ["Risk Moderate to self (re-assessed Fri 20 Nov 13:50; intake HIGH)",
                     "Situation: Threatening self with knife"]
    with pytest.raises(Exception, match="unknown page field"):
        build_config({"paging": {"page_fields": ["ssn"]}})


def test_a_lost_claim_on_a_transport_without_page_ids_is_not_sent_again(session, rota,
                                                                        dispatched_call, clock,
                                                                        make_session):
    boss = make_session(Role.SUPERVISOR)
    session.store.staff.update(boss.actor.login, rota["clin"].id, expected_version=None,
                               paging_url="mailto://127.0.0.1:9?to=clin@example.org")
    [page] = _page(session, rota, dispatched_call, members=("clin",)).pages
    lease = timedelta(seconds=session.config.paging.send_timeout_seconds * 2 + 5)
    session.store.pages.claim_due("dead-worker", clock.now(), lease=lease)  # then it died
    clock.advance(lease)
    sent = []
    [settled] = send_due_pages(session, sender=lambda *a: sent.append(a) or "")
    assert sent == [] and settled.status is PageStatus.UNKNOWN
    assert settled.last_error == "the sender stopped during the send"
    [alert] = session.store.alerts.open(clock.now())
    assert "delivery not confirmed" in alert.message and "Clin Person" in alert.message


def test_a_busy_primary_is_replaced_by_a_free_backup_of_the_same_role():
    from mrss_tui.domain.records import OnCall, Staff
    from mrss_tui.domain.paging import proposed_members, role_and_credentials

    def on_call(staff_id: int, role: Role, slot: ShiftSlot) -> OnCall:
        staff = Staff(id=staff_id, login=f"s{staff_id}", name=f"S {staff_id}", role=role)
        return OnCall(shift_id=staff_id, slot=slot, region="Harney", starts_at=T0,
                      ends_at=T0 + timedelta(hours=12), staff=staff)

    rota = [on_call(1, Role.CLINICIAN, ShiftSlot.PRIMARY), on_call(2, Role.PEER, ShiftSlot.PRIMARY),
            on_call(3, Role.CLINICIAN, ShiftSlot.BACKUP), on_call(4, Role.PEER, ShiftSlot.BACKUP)]
    assert proposed_members(rota, busy=set()) == [1, 2]
    assert proposed_members(rota, busy={2}) == [1, 4]  # the peer backup for the peer
    assert proposed_members(rota, busy={1, 2, 4}) == [3]  # the one free backup
    assert proposed_members(rota, busy={1, 2, 3, 4}) == []
    assert role_and_credentials(Role.PARAMEDIC, "Paramedic") == "Paramedic"
    assert role_and_credentials(Role.CLINICIAN, "LCSW") == "Clinician LCSW"
