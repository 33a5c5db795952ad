"""No call left behind: dispatches awaiting a team, cancelling with a reason, and correcting a
status time entered late.

A call triaged "mobile dispatch" gets an *awaiting* dispatch in the same transaction as the call
(``workflow/intake.record_call``), so a crash, a dropped link or Escape on "Page team" cannot
lose it: it sits on the board with its response clock running, and ``alert_awaiting`` raises an
urgent alert when nobody has been paged within ``paging.awaiting_alert_minutes``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mrss_tui.domain.enums import AlertKind, DispatchStatus, Line, Severity
from mrss_tui.domain.models import Call, Dispatch
from mrss_tui.domain.records import call_ref
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.db import parse_iso
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, every
from mrss_tui.workflow.object_access import require_dispatch
from mrss_tui.workflow.permissions import Action

REASON_LIMIT = 200


def alert_awaiting(session: Session) -> int:
    """Raise one urgent alert per dispatch still awaiting a team past the configured minutes
    (strictly past: at exactly N minutes it is still in time). Returns how many were raised."""
    session.require(Action.PAGE_TEAM)
    store, now = session.store, session.now()
    minutes = session.config.paging.awaiting_alert_minutes
    raised = 0
    cut, after = now - timedelta(minutes=minutes), None
    while batch := store.dispatches.awaiting_unalerted(cut, after=after):
        for dispatch in batch:
            raised += _alert_awaiting_one(session, dispatch, minutes)
        after = (batch[-1].paged_at, batch[-1].id)
    return raised


def _alert_awaiting_one(session: Session, dispatch: Dispatch, minutes: int) -> bool:
    alert = session.store.alerts.raise_once(
        "system", kind=AlertKind.AWAITING_TEAM, subject_type="dispatch",
        subject_id=dispatch.id, due_at=dispatch.paged_at + timedelta(minutes=minutes),
        severity=Severity.URGENT,
        message=f"No team paged for {call_ref(dispatch.call_id)} ({dispatch.region or 'no team'}"
                f") {minutes} min after the call was recorded: page a team or cancel with a "
                "reason")
    return alert is not None


def _reason(text: str, what: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise ValidationFailed(f"say why {what}", {"reason": "a reason is needed"})
    if len(reason) > REASON_LIMIT:
        raise ValidationFailed(f"keep the reason under {REASON_LIMIT} characters",
                               {"reason": "too long"})
    if any(ord(c) < 32 for c in reason):
        raise ValidationFailed("the reason holds control characters", {"reason": "not plain text"})
    return reason


def cancel_dispatch(session: Session, dispatch_id: int, reason: str) -> Dispatch:
    """Cancel a dispatch (awaiting or out): the reason is kept on it and in the audit; queued
    pages stop and its open paging alerts are resolved."""
    session.require(Action.PAGE_TEAM)
    reason = _reason(reason, "the dispatch is cancelled")
    store, now = session.store, session.now()
    with store.atomic():
        dispatch = store.dispatches.cancel(session.actor.login, dispatch_id, now, reason)
        store.pages.stop_retries(session.actor.login, now, dispatch_id)
        for kind in (AlertKind.AWAITING_TEAM, AlertKind.PAGE_UNACKNOWLEDGED):
            alert_id = store.pages.unresolved_alert(kind, "dispatch", dispatch_id)
            if alert_id is not None:
                store.alerts.resolve(session.actor.login, alert_id)
    return dispatch


CORRECTABLE = (DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE, DispatchStatus.ARRIVED,
               DispatchStatus.CLEARED)


def correct_status_time(session: Session, dispatch_id: int, status: DispatchStatus,
                        at: datetime, reason: str) -> Dispatch:
    """Back-date a status entered late ("arrived 14:05", typed at 14:20). The corrected time is
    what the board and the report use; the audit keeps the original and the reason. Times stay
    in order (paged <= acknowledged <= en route <= arrived <= cleared) and never in the future."""
    require_dispatch(session, dispatch_id, Action.UPDATE_DISPATCH)
    reason = _reason(reason, "the time is corrected")
    if status not in CORRECTABLE:
        raise ValidationFailed(f"'{status.value}' has no time to correct")
    store = session.store
    with store.atomic():
        dispatch = store.dispatches.get(dispatch_id)
        if getattr(dispatch, f"{_column(status)}") is None:
            raise ValidationFailed(f"'{status.value}' is not recorded yet: record it first")
        _check_order(session, dispatch, status, at)
        old_arrival = dispatch.arrived_at
        dispatch = store.dispatches.correct_time(session.actor.login, dispatch_id, status, at,
                                                 reason)
        if status is DispatchStatus.ARRIVED and dispatch.episode_id is not None:
            store.episodes.correct_face_to_face(session.actor.login, dispatch.episode_id,
                                                was=old_arrival, at=at)
    return dispatch


STATUS_WORDS = {"a": DispatchStatus.ACKNOWLEDGED, "e": DispatchStatus.EN_ROUTE,
                "r": DispatchStatus.ARRIVED, "c": DispatchStatus.CLEARED}


def correct_typed_time(session: Session, dispatch_id: int, status_text: str, time_text: str,
                       reason: str) -> Dispatch:
    """``correct_status_time`` from what a person typed: a status letter or word (a, e, r, c /
    arrived...) and a local time "14:05" (the latest such minute not in the future)."""
    session.require(Action.UPDATE_DISPATCH)
    key = status_text.strip().casefold().replace("_", " ")
    status = STATUS_WORDS.get(key) or next(
        (s for s in CORRECTABLE if len(key) > 1 and s.value.replace("_", " ").startswith(key)),
        None)
    if status is None:
        raise ValidationFailed("which status? a(cknowledged), e(n route), r (arrived), c(leared)",
                               {"status": "not a status"})
    return correct_status_time(session, dispatch_id, status,
                               _local_clock_time(session, time_text), reason)


def _local_clock_time(session: Session, text: str) -> datetime:
    """'14:05' or '1405' in the program's zone -> the latest such minute at or before now."""
    digits = text.strip().replace(":", "")
    if not (digits.isdigit() and len(digits) in (3, 4)):
        raise ValidationFailed("type the time as 14:05", {"at": "not a time"})
    hour, minute = int(digits[:-2]), int(digits[-2:])
    if hour > 23 or minute > 59:
        raise ValidationFailed("type the time as 14:05", {"at": "not a time"})
    zone = session.config.zone
    now = session.now().astimezone(zone)
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at > now:
        at -= timedelta(days=1)
    return at.astimezone(session.now().tzinfo)


HANDED_ON_LINES = ("988", "211", "911")
ORIGIN_LIMIT = timedelta(hours=12)


def check_origin_time(call: Call, at: datetime) -> None:
    """The originating line (988, 2-1-1, 911) received the call before we did, recently."""
    if call.line.value not in HANDED_ON_LINES:
        raise ValidationFailed("only a call handed on from 988, 2-1-1 or 911 has an originating "
                               "line time", {"origin_received_at": "not a handed-on call"})
    if at > call.received_at:
        raise ValidationFailed("the originating line cannot have received it after we did",
                               {"origin_received_at": "after our call"})
    if call.received_at - at > ORIGIN_LIMIT:
        raise ValidationFailed("more than 12 hours before our call: check the time",
                               {"origin_received_at": "too early"})


def origin_from_form(text: str, line: Line | None, received_at: datetime,
                     problems: dict[str, str]) -> datetime | None:
    """The intake form's originating-line time (ISO), checked; a problem goes in ``problems``."""
    if not text.strip() or line is None:
        return None
    try:
        origin = parse_iso(text)
        if origin is None:
            return None
        check_origin_time(Call(id=0, received_at=received_at, line=line, taken_by=""), origin)
    except ValueError:
        problems["origin_received_at"] = "not a time"
        return None
    except ValidationFailed as exc:
        problems.update(exc.problems)
        return None
    return origin


def set_origin_time(session: Session, call_id: int, time_text: str) -> Call:
    """When the originating line received a call handed on to us ("14:02"): the response clock
    and the report measure from then (Connecticut counts 45 minutes from the 2-1-1 call)."""
    session.require(Action.PAGE_TEAM)
    at = _local_clock_time(session, time_text)
    store = session.store
    with store.atomic():
        call = store.calls.get(call_id)
        check_origin_time(call, at)
        return store.calls.update(session.actor.login, call_id, expected_version=None,
                                  origin_received_at=at)


def _column(status: DispatchStatus) -> str:
    return {DispatchStatus.ACKNOWLEDGED: "acknowledged_at", DispatchStatus.EN_ROUTE: "en_route_at",
            DispatchStatus.ARRIVED: "arrived_at", DispatchStatus.CLEARED: "cleared_at"}[status]


def _check_order(session: Session, dispatch: Dispatch, status: DispatchStatus,
                 at: datetime) -> None:
    if at > session.now():
        raise ValidationFailed("a status time cannot be in the future", {"at": "in the future"})
    call = session.store.calls.get(dispatch.call_id)
    if at < call.clock_start:
        raise ValidationFailed("a status time cannot be before the call", {"at": "too early"})
    index = CORRECTABLE.index(status)
    before = [getattr(dispatch, _column(s)) for s in CORRECTABLE[:index]] + [dispatch.paged_at]
    after = [getattr(dispatch, _column(s)) for s in CORRECTABLE[index + 1:]]
    if any(t is not None and at < t for t in before):
        raise ValidationFailed(f"'{status.value}' cannot be before an earlier status",
                               {"at": "out of order"})
    if any(t is not None and at > t for t in after):
        raise ValidationFailed(f"'{status.value}' cannot be after a later status",
                               {"at": "out of order"})


JOBS = [
    Job("dispatch.awaiting", alert_awaiting, every(30),
        description="Alert when a mobile-dispatch call has had no team paged in time"),
]
