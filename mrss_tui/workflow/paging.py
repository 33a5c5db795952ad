"""Paging the on-call team: propose, page (outbox rows), escalate, team status.

Pages are rows in the store first and messages second: ``page_team`` only queues them (fast,
one transaction); ``workflow/page_sender.py`` (a job, also kicked right after paging) is the
one sender. A call has at most one dispatch in progress: paging for a call that already has one
(awaiting a team, or a team out) adds the new members to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mrss_tui.domain.call_facts import CallFacts, call_facts, person_age
from mrss_tui.domain.enums import (
    AlertKind,
    DispatchStatus,
    PageStatus,
    Role,
    Severity,
    ShiftSlot,
)
from mrss_tui.domain.models import Call, Dispatch, Page
from mrss_tui.domain.records import call_ref, OnCall, Staff
from mrss_tui.domain.phone_actions import PhoneReply
from mrss_tui.domain.risk_others import page_safety_line
from mrss_tui.domain.risk_summary import RiskSummary, call_risk
from mrss_tui.domain.paging import (
    PageFacts,
    ack_deadline,
    page_body,
    proposed_members,
    team_gaps,
)
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, every
from mrss_tui.workflow.object_access import require_dispatch
from mrss_tui.workflow.permissions import Action, allowed

# -- who to page ----------------------------------------------------------------------------------


@dataclass
class TeamProposal:
    region: str
    on_call: list[OnCall]  # primary first, then backup
    others: list[Staff]  # other active field staff the coordinator may add
    proposed: list[int]  # staff ids ticked by default: the primary slot
    busy: dict[int, str] = field(default_factory=dict)  # staff id -> the call they are out on

    def gaps(self, chosen: list[int], required: list[list[Role]]) -> list[str]:
        everyone = {o.staff.id: o.staff for o in self.on_call} | {s.id: s for s in self.others}
        return team_gaps(required, [everyone[i] for i in chosen if i in everyone])


def propose_team(session: Session, region: str) -> TeamProposal:
    """Who is on call now for ``region``: primaries ticked, backups and other field staff listed."""
    session.require(Action.PAGE_TEAM)
    on_call = session.store.shifts.on_call(session.now(), region)
    seen = {o.staff.id for o in on_call}
    others = [s for s in session.store.staff.list(active_only=True)
              if s.role.is_field and s.id not in seen]
    others.sort(key=lambda s: (s.region != region, s.name))
    busy = {staff_id: call_ref(call_id)
            for staff_id, call_id in session.store.dispatches.busy_staff().items()}
    return TeamProposal(region, on_call, others, proposed_members(on_call, set(busy)), busy)


# -- paging ---------------------------------------------------------------------------------------


def _page_facts(session: Session, call: Call, *, le_coresponse: bool,
                episode_id: int | None) -> PageFacts:
    person = session.store.persons.get(call.person_id) if call.person_id else None
    town = session.config.town(call.town)
    age = person_age(person, call.received_at, session.config.zone)
    return PageFacts(
        call_id=call.id, acuity=call.acuity, received_at=call.received_at, address=call.address,
        town=call.town, county=call.county,
        first_name=(person.name.split()[0] if person and person.name else ""), age=age,
        callback=call.callback_number, situation=call.situation, weapons=call.weapons,
        hazards=call.hazards, violence_history=call.violence_history,
        substance_use=call.substance_use, police_needed=call.police_needed,
        cit_police=bool(town and town.cit_police), le_coresponse=le_coresponse,
        risk=_call_risk(session, call, episode_id),
        team_safety=page_safety_line(call.risk_others))


def _call_risk(session: Session, call: Call, episode_id: int | None) -> RiskSummary:
    """The call's risk summary with its episode's re-assessments, if it has an episode."""
    contacts = session.store.contacts.for_episode(episode_id) if episode_id is not None else []
    return call_risk(call, contacts,
                     screens_others=session.config.response.screen_risk_to_others)


@dataclass
class PageResult:
    dispatch: Dispatch
    pages: list[Page]
    gaps: list[str]


def page_team(session: Session, *, call_id: int, staff_ids: list[int], le_coresponse: bool = False,
              episode_id: int | None = None, gap_reason: str = "",
              confirm_busy: bool = False) -> PageResult:
    """Page members for a call, in one transaction: the call's dispatch in progress (awaiting a
    team, or already out) gets them; otherwise a new dispatch is made. One queued page per
    member not already on the dispatch.

    A team that lacks a role the profile requires needs ``gap_reason``; staff already out on
    another call need ``confirm_busy``. Both refusals name who or what, and change nothing.
    """
    session.require(Action.PAGE_TEAM)
    store = session.store
    if not staff_ids:
        raise ValidationFailed("choose at least one person to page", {"team": "nobody chosen"})
    now = session.now()
    gap_reason = gap_reason.strip()
    with store.atomic():
        call = store.calls.get(call_id)
        if episode_id is None:
            episode_id = store.intake_lookup.episode_of_call(call_id)
        members = [store.staff.get(i) for i in dict.fromkeys(staff_ids)]
        _check_pageable(members)
        dispatch = store.dispatches.active_for_call(call_id) or (
            store.dispatches.active_for_episode(episode_id) if episode_id is not None else None)
        already = {m.staff_id for m in store.dispatches.members(dispatch.id)} if dispatch else set()
        team = [store.staff.get(i) for i in already] + [m for m in members if m.id not in already]
        gaps = team_gaps(session.config.response.required_team, team)
        _check_choices(store, members, already, call.id, gaps, gap_reason, confirm_busy)
        new = [m for m in members if m.id not in already]
        slots = {o.staff.id: o.slot.value for o in store.shifts.on_call(now, call.region or None)}
        dispatch = _dispatch_for(session, call, dispatch, episode_id, le_coresponse,
                                 gap_reason if gaps else "")
        for member in new:
            store.dispatches.add_member(session.actor.login, dispatch.id, member.id,
                                        slots.get(member.id, "added"))
        body = page_body(_page_facts(session, call, le_coresponse=dispatch.le_coresponse,
                                     episode_id=episode_id),
                         session.config.zone, session.config.paging.page_fields)
        pages = [store.pages.enqueue(session.actor.login, dispatch_id=dispatch.id,
                                     staff_id=m.id, body=body, at=now) for m in new]
        if episode_id is not None:
            for member in new:
                store.episodes.add_team_member(session.actor.login, episode_id, member.id)
        _resolve_awaiting_alert(session, dispatch.id)
        dispatch = store.dispatches.get(dispatch.id)
    return PageResult(dispatch, pages, gaps)


def _check_choices(store, members: list[Staff], already: set[int], call_id: int,
                   gaps: list[str], gap_reason: str, confirm_busy: bool) -> None:
    if gaps and not gap_reason:
        raise ValidationFailed(f"this team has no {' and no '.join(gaps)}: confirm with a reason",
                               {"gap_reason": "say why this team is paged anyway"})
    busy = store.dispatches.busy_staff()
    out = [f"{m.name} (on {call_ref(busy[m.id])})" for m in members
           if m.id in busy and m.id not in already and busy[m.id] != call_id]
    if out and not confirm_busy:
        raise ValidationFailed(f"busy on another call: {', '.join(out)}. Page them anyway?",
                               {"busy": ", ".join(out)})


def _dispatch_for(session: Session, call: Call, dispatch: Dispatch | None, episode_id: int | None,
                  le_coresponse: bool, gap_reason: str) -> Dispatch:
    """The call's dispatch in progress, turned from awaiting to paged; or a new one."""
    store, actor, now = session.store, session.actor.login, session.now()
    if dispatch is None:
        return store.dispatches.create(actor, call_id=call.id, episode_id=episode_id,
                                       region=call.region, members=[], at=now,
                                       le_coresponse=le_coresponse, gap_reason=gap_reason)
    if dispatch.awaiting:
        store.dispatches.start_paging(actor, dispatch.id, now, le_coresponse=le_coresponse,
                                      gap_reason=gap_reason)
    elif gap_reason:
        store.dispatches.note_gap(actor, dispatch.id, gap_reason)
    return store.dispatches.get(dispatch.id)


def _resolve_awaiting_alert(session: Session, dispatch_id: int) -> None:
    alert_id = session.store.pages.unresolved_alert(AlertKind.AWAITING_TEAM, "dispatch",
                                                    dispatch_id)
    if alert_id is not None:
        session.store.alerts.resolve(session.actor.login, alert_id)


def _check_pageable(members: list[Staff]) -> None:
    problems = [f"{m.name} is inactive" for m in members if not m.active]
    problems += [f"{m.name} has no paging address (roster)" for m in members
                 if m.active and not m.paging_url.strip()]
    if problems:
        raise ValidationFailed("; ".join(problems), {"team": problems[0]})


# -- escalation -------------------------------------------------------------------------------------


def escalate_unacknowledged(session: Session) -> list[Dispatch]:
    """Page the backup on call for each dispatch not acknowledged within the configured minutes.

    Safe from several processes at once: ``mark_escalated`` lets exactly one of them win.
    """
    session.require(Action.PAGE_TEAM)
    store = session.store
    now = session.now()
    timeout = session.config.paging.ack_timeout_minutes
    escalated, cut, after = [], now - timedelta(minutes=timeout), None
    while batch := store.dispatches.unacknowledged_since(cut, after=after):
        after = (batch[-1].paged_at, batch[-1].id)
        escalated += _escalate_batch(session, batch, now, timeout)
    return escalated


def _escalate_batch(session: Session, batch: list[Dispatch], now: datetime,
                    timeout: int) -> list[Dispatch]:
    store, escalated = session.store, []
    for dispatch in batch:
        with store.atomic():
            if not store.dispatches.mark_escalated("system", dispatch.id, now):
                continue
            backups = [o.staff for o in store.shifts.on_call(now, dispatch.region or None)
                       if o.slot is ShiftSlot.BACKUP]
            call = store.calls.get(dispatch.call_id)
            body = "ESCALATED (no ack in {} min)\n".format(timeout) + page_body(
                _page_facts(session, call, le_coresponse=dispatch.le_coresponse,
                            episode_id=dispatch.episode_id),
                session.config.zone, session.config.paging.page_fields)
            for staff in backups:
                if store.dispatches.add_member("system", dispatch.id, staff.id, "backup"):
                    store.pages.enqueue("system", dispatch_id=dispatch.id, staff_id=staff.id,
                                        body=body, at=now, kind="escalation")
                    if dispatch.episode_id is not None:
                        store.episodes.add_team_member("system", dispatch.episode_id, staff.id)
            who = ", ".join(s.name for s in backups) or "nobody (no backup on call)"
            store.alerts.raise_once(
                "system", kind=AlertKind.PAGE_UNACKNOWLEDGED, subject_type="dispatch",
                subject_id=dispatch.id, due_at=ack_deadline(dispatch.paged_at, timeout),
                severity=Severity.URGENT,
                message=f"Team for {call_ref(dispatch.call_id)} did not acknowledge within "
                        f"{timeout} min; backup paged: {who}")
        escalated.append(store.dispatches.get(dispatch.id))
    return escalated


# -- team status --------------------------------------------------------------------------------------


def set_team_status(session: Session, dispatch_id: int, status: DispatchStatus) -> Dispatch:
    """Acknowledged, en route, arrived or cleared: by a team member or the coordinator for them.

    Arrival records the face-to-face time on the episode (the crisis window starts there).
    """
    session.require(Action.UPDATE_DISPATCH)
    store = session.store
    now = session.now()
    actor = session.actor
    with store.atomic():
        dispatch = store.dispatches.get(dispatch_id)
        if dispatch.awaiting:
            raise ValidationFailed(f"nobody is paged for {call_ref(dispatch.call_id)} yet: "
                                   "page a team first")
        member_ids = {m.staff_id for m in store.dispatches.members(dispatch_id)}
        is_member = actor.staff_id in member_ids
        if not is_member and not allowed(session.actor.role, Action.PAGE_TEAM):
            raise PermissionDenied(f"{actor.login} is not on the team for "
                                   f"{call_ref(dispatch.call_id)}")
        if status is DispatchStatus.ACKNOWLEDGED and is_member:
            store.dispatches.acknowledge_member(actor.login, dispatch_id, actor.staff_id, now)
            if dispatch.status is not DispatchStatus.PAGED:
                return dispatch
        dispatch = store.dispatches.set_status(actor.login, dispatch_id, status, now)
        if status is DispatchStatus.ARRIVED and dispatch.episode_id is not None:
            store.episodes.record_face_to_face(actor.login, dispatch.episode_id, now)
            # The profile's follow-ups (first contact within N hours...) start from arrival.
            from mrss_tui.workflow.episodes import ensure_rule_followups

            ensure_rule_followups(session, dispatch.episode_id)
        if status in (DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE,
                      DispatchStatus.ARRIVED):
            _resolve_ack_alert(session, dispatch)
        store.pages.stop_retries(actor.login, now, dispatch_id)
    return dispatch


def _resolve_ack_alert(session: Session, dispatch: Dispatch) -> None:
    alert_id = session.store.pages.unresolved_alert(AlertKind.PAGE_UNACKNOWLEDGED, "dispatch",
                                                    dispatch.id)
    if alert_id is not None:
        session.store.alerts.resolve(session.actor.login, alert_id)


def set_le_coresponse(session: Session, dispatch_id: int, value: bool) -> Dispatch:
    require_dispatch(session, dispatch_id, Action.UPDATE_DISPATCH)
    return session.store.dispatches.set_le_coresponse(session.actor.login, dispatch_id, value)


def pages_for(session: Session, dispatch_id: int) -> list[Page]:
    require_dispatch(session, dispatch_id, Action.VIEW_BOARD)
    return session.store.pages.for_dispatch(dispatch_id)


JOBS = [
    Job("pages.escalate", escalate_unacknowledged, every(15),
        description="Page the backup when a team does not acknowledge in time"),
]


@dataclass
class DispatchView:
    dispatch: Dispatch
    call: Call
    members: list[tuple[Staff, str, datetime | None]]  # staff, slot, acknowledged at
    pages: list[Page]
    risk: RiskSummary | None = None  # to self and to others, as they stand now
    facts: CallFacts | None = None  # what intake recorded: caller, callback, age, essentials...
    phone_replies: list[PhoneReply] = field(default_factory=list)  # answers by link or SMS

    def pages_of(self, staff_id: int) -> list[Page]:
        return [p for p in self.pages if p.staff_id == staff_id]

    def phone_replies_of(self, staff_id: int) -> list[PhoneReply]:
        return [r for r in self.phone_replies if r.staff_id == staff_id]


def dispatch_view(session: Session, dispatch_id: int) -> DispatchView:
    """A dispatch with its team and every page sent for it (status, attempts, last error)."""
    require_dispatch(session, dispatch_id, Action.VIEW_BOARD)
    store = session.store
    with store.read_snapshot():
        dispatch = store.dispatches.get(dispatch_id)
        members = [(store.staff.get(m.staff_id), m.slot, m.acknowledged_at)
                   for m in store.dispatches.members(dispatch_id)]
        call = store.calls.get(dispatch.call_id)
        person = store.persons.get(call.person_id) if call.person_id else None
        return DispatchView(dispatch, call, members, store.pages.for_dispatch(dispatch_id),
                            _call_risk(session, call, dispatch.episode_id),
                            call_facts(call, person, session.config.zone),
                            store.phone_replies.for_dispatch(dispatch_id))


def retry_failed_pages(session: Session, dispatch_id: int) -> list[Page]:
    """Queue every failed or unconfirmed page of a dispatch again (a person asked for it,
    having weighed a possible duplicate against a team that may not know)."""
    session.require(Action.PAGE_TEAM)
    with session.store.atomic():
        return [session.store.pages.retry_now(session.actor.login, p.id, session.now())
                for p in session.store.pages.for_dispatch(dispatch_id)
                if p.status in (PageStatus.FAILED, PageStatus.UNKNOWN)]
