"""Paging the on-call team: propose, page (outbox rows), send, retry, escalate, team status.

Pages are rows in the store first and messages second: ``page_team`` only queues them (fast,
one transaction), ``send_due_pages`` (a job, also kicked right after paging) claims due rows
atomically and sends them concurrently through apprise, one Apprise object per page so
apprise's per-object throttle never serialises a team's pages.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timedelta

from mrss_tui.domain.ages import age_on
from mrss_tui.domain.enums import AlertKind, DispatchStatus, PageStatus, Role, Severity, ShiftSlot
from mrss_tui.domain.models import Call, Dispatch, OnCall, Page, Staff, call_ref
from mrss_tui.domain.risk_others import RiskOthersAnswers, page_safety_line
from mrss_tui.domain.paging import (
    PageFacts,
    PageToSend,
    ack_deadline,
    page_body,
    retry_at,
    team_gaps,
)
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, every
from mrss_tui.workflow.permissions import Action, allowed

# (url, title, body, timeout seconds) -> "" on success, else a short reason.
Sender = Callable[[str, str, str, int], str]


# -- who to page ----------------------------------------------------------------------------------


@dataclass
class TeamProposal:
    region: str
    on_call: list[OnCall]  # primary first, then backup
    others: list[Staff]  # other active field staff the coordinator may add
    proposed: list[int]  # staff ids ticked by default: the primary slot

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
    proposed = [o.staff.id for o in on_call if o.slot is ShiftSlot.PRIMARY]
    return TeamProposal(region, on_call, others, proposed)


# -- paging ---------------------------------------------------------------------------------------


def _page_facts(session: Session, call: Call, *, le_coresponse: bool) -> PageFacts:
    person = session.store.persons.get(call.person_id) if call.person_id else None
    town = session.config.town(call.town)
    age = None
    if person is not None:
        today = call.received_at.astimezone(session.config.zone).date()
        age = age_on(person.birth_date, today) if person.birth_date else person.stated_age
    return PageFacts(
        call_id=call.id, acuity=call.acuity, received_at=call.received_at, address=call.address,
        town=call.town, county=call.county,
        first_name=(person.name.split()[0] if person and person.name else ""), age=age,
        callback=call.callback_number, situation=call.situation, weapons=call.weapons,
        hazards=call.hazards, violence_history=call.violence_history,
        substance_use=call.substance_use, police_needed=call.police_needed,
        cit_police=bool(town and town.cit_police), le_coresponse=le_coresponse,
        team_safety=page_safety_line(RiskOthersAnswers.model_validate(call.risk_others)
                                     if call.risk_others else None))


@dataclass
class PageResult:
    dispatch: Dispatch
    pages: list[Page]
    gaps: list[str]


def page_team(session: Session, *, call_id: int, staff_ids: list[int], le_coresponse: bool = False,
              episode_id: int | None = None) -> PageResult:
    """Create the dispatch, its members and one queued page per member, in one transaction."""
    session.require(Action.PAGE_TEAM)
    store = session.store
    if not staff_ids:
        raise ValidationFailed("choose at least one person to page", {"team": "nobody chosen"})
    now = session.now()
    with store.atomic():
        call = store.calls.get(call_id)
        if episode_id is None:
            episode_id = store.intake_lookup.episode_of_call(call_id)
        members = [store.staff.get(i) for i in dict.fromkeys(staff_ids)]
        _check_pageable(members)
        slots = {o.staff.id: o.slot.value for o in store.shifts.on_call(now, call.region or None)}
        dispatch = store.dispatches.create(
            session.actor.login, call_id=call.id, episode_id=episode_id, region=call.region,
            members=[(m.id, slots.get(m.id, "added")) for m in members], at=now,
            le_coresponse=le_coresponse)
        body = page_body(_page_facts(session, call, le_coresponse=le_coresponse),
                         session.config.zone)
        pages = [store.pages.enqueue(session.actor.login, dispatch_id=dispatch.id,
                                     staff_id=m.id, body=body, at=now) for m in members]
        if episode_id is not None:
            for member in members:
                store.episodes.add_team_member(session.actor.login, episode_id, member.id)
    return PageResult(dispatch, pages, team_gaps(session.config.response.required_team, members))


def _check_pageable(members: list[Staff]) -> None:
    problems = [f"{m.name} is inactive" for m in members if not m.active]
    problems += [f"{m.name} has no paging address (roster)" for m in members
                 if m.active and not m.paging_url.strip()]
    if problems:
        raise ValidationFailed("; ".join(problems), {"team": problems[0]})


# -- sending ----------------------------------------------------------------------------------------


def send_with_apprise(url: str, title: str, body: str, timeout: int) -> str:
    """Send one page through its own apprise plugin object; "" on success, else a short reason.

    The plugin is used directly (not through ``Apprise.notify``, which sends on a thread of its
    own) so that what apprise logs about a failure can be told apart per page and kept.
    """
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return "the paging address is not a valid apprise URL"
    for attribute in ("socket_connect_timeout", "socket_read_timeout"):
        if hasattr(plugin, attribute):  # network plugins: bound each attempt
            setattr(plugin, attribute, float(timeout))
    with _ThreadLog() as log:
        delivered = plugin.notify(title=title, body=body)
    if delivered:
        return ""
    return f"not accepted: {log.reason}" if log.reason else "the receiver did not accept the page"


class _ThreadLog(logging.Handler):
    """The last warning apprise logged from this thread (pages are sent on several threads)."""

    _ADDRESS = re.compile(r"\S+://\S+")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.reason = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            # Never keep an address: it may carry a paging credential.
            self.reason = self._ADDRESS.sub("<address>", record.getMessage())[:120]

    def __enter__(self) -> "_ThreadLog":
        logging.getLogger("apprise").addHandler(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        logging.getLogger("apprise").removeHandler(self)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def send_due_pages(session: Session, *, sender: Sender = send_with_apprise,
                   worker: str | None = None) -> list[Page]:
    """Claim every due page and send them concurrently. Returns the pages as they ended up."""
    session.require(Action.PAGE_TEAM)
    worker = worker or worker_id()
    paging = session.config.paging
    # The lease outlasts one send attempt, so a slow send is not claimed twice.
    lease = timedelta(seconds=paging.send_timeout_seconds * 2 + 5)
    due = session.store.pages.claim_due(worker, session.now(), lease=lease)
    if not due:
        return []
    outcomes = _send_all(due, sender, paging.send_timeout_seconds)
    return [_record(session, worker, item, error) for item, error in zip(due, outcomes)]


def _send_all(due: list[PageToSend], sender: Sender, timeout: int) -> list[str]:
    pool = ThreadPoolExecutor(max_workers=min(8, len(due)), thread_name_prefix="page")
    try:
        futures = [pool.submit(_safe_send, sender, item, timeout) for item in due]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result(timeout=timeout + 1))
            except FutureTimeout:
                outcomes.append(f"no answer within {timeout} s")
        return outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _safe_send(sender: Sender, item: PageToSend, timeout: int) -> str:
    if not item.url.strip():
        return "no paging address on the staff record"
    try:
        return sender(item.url, item.title, item.page.body, timeout)
    except Exception as exc:  # noqa: BLE001 - any transport failure is a failed attempt
        return f"send failed ({type(exc).__name__})"


def _record(session: Session, worker: str, item: PageToSend, error: str) -> Page:
    store = session.store
    now = session.now()
    page = item.page
    if not error:
        store.pages.record_sent(worker, page.id, now)
        return store.pages.get(page.id)
    attempts = page.attempts + 1
    paging = session.config.paging
    again = retry_at(attempts, now, paging.retry_base_seconds) if attempts < paging.max_attempts \
        else None
    with store.atomic():
        updated = store.pages.record_failure(worker, page.id, now, error, again)
        if updated is not None and again is None:
            store.alerts.raise_once(
                "system", kind=AlertKind.PAGE_FAILED, subject_type="page", subject_id=page.id,
                due_at=now, severity=Severity.URGENT,
                message=f"Page for {_dispatch_label(session, page)} failed after {attempts} "
                        f"attempts: {error}. Call the team member")
    return store.pages.get(page.id)


def _dispatch_label(session: Session, page: Page) -> str:
    if page.dispatch_id is None:
        return f"page #{page.id}"
    dispatch = session.store.dispatches.get(page.dispatch_id)
    return call_ref(dispatch.call_id)


# -- escalation -------------------------------------------------------------------------------------


def escalate_unacknowledged(session: Session) -> list[Dispatch]:
    """Page the backup on call for each dispatch not acknowledged within the configured minutes.

    Safe from several processes at once: ``mark_escalated`` lets exactly one of them win.
    """
    session.require(Action.PAGE_TEAM)
    store = session.store
    now = session.now()
    timeout = session.config.paging.ack_timeout_minutes
    escalated = []
    for dispatch in store.dispatches.unacknowledged_since(now - timedelta(minutes=timeout)):
        with store.atomic():
            if not store.dispatches.mark_escalated("system", dispatch.id, now):
                continue
            backups = [o.staff for o in store.shifts.on_call(now, dispatch.region or None)
                       if o.slot is ShiftSlot.BACKUP]
            call = store.calls.get(dispatch.call_id)
            body = "ESCALATED (no ack in {} min)\n".format(timeout) + page_body(
                _page_facts(session, call, le_coresponse=dispatch.le_coresponse),
                session.config.zone)
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
    return dispatch


def _resolve_ack_alert(session: Session, dispatch: Dispatch) -> None:
    alert_id = session.store.pages.unresolved_alert(AlertKind.PAGE_UNACKNOWLEDGED, "dispatch",
                                                    dispatch.id)
    if alert_id is not None:
        session.store.alerts.resolve(session.actor.login, alert_id)


def set_le_coresponse(session: Session, dispatch_id: int, value: bool) -> Dispatch:
    session.require(Action.UPDATE_DISPATCH)
    return session.store.dispatches.set_le_coresponse(session.actor.login, dispatch_id, value)


def pages_for(session: Session, dispatch_id: int) -> list[Page]:
    session.require(Action.VIEW_BOARD)
    return session.store.pages.for_dispatch(dispatch_id)


JOBS = [
    Job("pages.send", send_due_pages, every(5),
        description="Send queued pages and retry failed ones with backoff"),
    Job("pages.escalate", escalate_unacknowledged, every(15),
        description="Page the backup when a team does not acknowledge in time"),
]


@dataclass
class DispatchView:
    dispatch: Dispatch
    call: Call
    members: list[tuple[Staff, str, datetime | None]]  # staff, slot, acknowledged at
    pages: list[Page]

    def pages_of(self, staff_id: int) -> list[Page]:
        return [p for p in self.pages if p.staff_id == staff_id]


def dispatch_view(session: Session, dispatch_id: int) -> DispatchView:
    """A dispatch with its team and every page sent for it (status, attempts, last error)."""
    session.require(Action.VIEW_BOARD)
    store = session.store
    with store.read_snapshot():
        dispatch = store.dispatches.get(dispatch_id)
        members = [(store.staff.get(m.staff_id), m.slot, m.acknowledged_at)
                   for m in store.dispatches.members(dispatch_id)]
        return DispatchView(dispatch, store.calls.get(dispatch.call_id), members,
                            store.pages.for_dispatch(dispatch_id))


def retry_failed_pages(session: Session, dispatch_id: int) -> list[Page]:
    """Queue every failed page of a dispatch again (a person asked for it)."""
    session.require(Action.PAGE_TEAM)
    with session.store.atomic():
        return [session.store.pages.retry_now(session.actor.login, p.id, session.now())
                for p in session.store.pages.for_dispatch(dispatch_id)
                if p.status is PageStatus.FAILED]
