"""Access accounting: opening a person's record is itself recorded, and the supervisor's audit
viewer reads the log by person, staff and date, a page at a time from SQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import ValidationError

from mrss_tui.domain.access import AuditFilter, AuditPage
from mrss_tui.domain.models import Person
from mrss_tui.errors import PermissionDenied, ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action, allowed

PAGE_SIZE = 100
MAX_PEOPLE_PER_FILTER = 20


def open_person(session: Session, person_id: int) -> Person:
    """A person's record for a screen, with the view written to the audit log in the same
    transaction. Field staff see only people on their own episodes or dispatches."""
    session.require(Action.VIEW_OWN_EPISODES)
    actor = session.actor
    with session.store.atomic():
        person = session.store.persons.get(person_id)
        if not allowed(actor.role, Action.VIEW_ALL_EPISODES) and not (
                actor.staff_id is not None
                and session.store.access.staff_linked_to_person(actor.staff_id, person_id)):
            raise PermissionDenied(f"{actor.login} ({actor.role.value}) may only open the records "
                                   "of people on their own episodes or dispatches")
        session.store.audit_log.record_view(actor.login, "person", person_id, person_id)
    return person


def parse_audit_filter(person: str = "", staff: str = "", day_from: str = "",
                       day_to: str = "") -> AuditFilter:
    """The viewer's four text boxes; dates as YYYY-MM-DD."""
    try:
        result = AuditFilter(person=person, staff=staff, day_from=day_from or None,
                             day_to=day_to or None)
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors()})
        if not all(f.startswith("day_") for f in fields):
            raise ValidationFailed(exc.errors()[0]["msg"].removeprefix("Value error, "),
                                   {f: "not allowed" for f in fields}) from None
        raise ValidationFailed("dates are written YYYY-MM-DD, e.g. 2026-11-20",
                               {f: "not a date" for f in fields}) from None
    if result.day_from and result.day_to and result.day_to < result.day_from:
        raise ValidationFailed("the 'to' day is before the 'from' day", {"day_to": "before from"})
    return result


def audit_page(session: Session, wanted: AuditFilter, page: int = 0,
               page_size: int = PAGE_SIZE, *, record: bool = True) -> AuditPage:
    """One page of the log. ``record``: this is a new search (a screen's refresh is not)."""
    session.require(Action.VIEW_AUDIT)
    person_ids = _people(session, wanted.person)
    if record and page <= 0:  # one row per search, written first so later pages stay in step
        session.store.audit_log.record_access(
            session.actor.login, "audit.view", "audit", "", person_ids or [],
            filter=wanted.model_dump(mode="json"))
    rows = session.store.access.audit_page(
        actor=wanted.staff or None, person_ids=person_ids,
        since=_local_midnight(session, wanted.day_from),
        until=_local_midnight(session, wanted.day_to + timedelta(days=1) if wanted.day_to else None),
        limit=page_size + 1, offset=max(page, 0) * page_size)
    shown = rows[:page_size]
    return AuditPage(rows=shown, page=max(page, 0), page_size=page_size,
                     has_more=len(rows) > page_size,
                     person_matches=None if person_ids is None else len(person_ids))


def _people(session: Session, text: str) -> list[int] | None:
    """A person number ('123' or '#123') or words of a name; None when not filtering."""
    if not text:
        return None
    number = text.removeprefix("#")
    if number.isdigit():
        return [int(number)]
    return [p.id for p in session.store.persons.search_name(text, limit=MAX_PEOPLE_PER_FILTER)]


def _local_midnight(session: Session, day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=session.config.zone)
