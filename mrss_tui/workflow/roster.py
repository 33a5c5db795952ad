"""The roster: staff records (with their paging address) and on-call shifts, for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pydantic import ConfigDict, Field, ValidationError

from mrss_tui.domain.enums import ShiftSlot
from mrss_tui.domain.records import Shift, Staff
from mrss_tui.domain.text import PlainTextModel
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action
from mrss_tui.workflow.staff import StaffInput, add_shift, add_staff, validation_problems

LOCAL_FORMAT = "%Y-%m-%d %H:%M"


@dataclass
class RosterView:
    staff: list[Staff]
    shifts: list[tuple[Shift, Staff]]


def roster(session: Session, days: int = 7) -> RosterView:
    """Every staff member and the shifts from now to ``days`` ahead."""
    session.require(Action.MANAGE_ROSTER)
    store = session.store
    now = session.now()
    with store.read_snapshot():
        staff = store.staff.list()
        by_id = {s.id: s for s in staff}
        shifts = store.shifts.between(now, now + timedelta(days=days))
    return RosterView(staff, [(sh, by_id[sh.staff_id]) for sh in shifts if sh.staff_id in by_id])


def save_staff(session: Session, fields: dict[str, str], staff: Staff | None = None) -> Staff:
    """Add a staff member, or change one (``staff`` as read, for the version check)."""
    session.require(Action.MANAGE_ROSTER)
    if staff is None:
        return add_staff(session, **fields)
    try:
        data = StaffInput(**({"login": staff.login} | fields))
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise ValidationFailed("; ".join(f"{k}: {v}" for k, v in problems.items()),
                               problems) from None
    changes = {k: v for k, v in data.model_dump().items()
               if k != "login" and getattr(staff, k) != v}
    if not changes:
        return staff
    return session.store.staff.update(session.actor.login, staff.id,
                                      expected_version=staff.version, **changes)


class ShiftForm(PlainTextModel):
    model_config = ConfigDict(str_strip_whitespace=True, defer_build=True)

    login: str = Field(min_length=1)
    region: str = Field(min_length=1)
    slot: ShiftSlot
    starts: str  # local wall-clock time, "YYYY-MM-DD HH:MM"
    hours: int = Field(ge=1, le=72)


def add_shift_from_form(session: Session, **fields: object) -> Shift:
    """A shift typed in local time ("2026-11-21 07:00", 12 hours)."""
    session.require(Action.MANAGE_ROSTER)
    try:
        form = ShiftForm(**fields)
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise ValidationFailed("; ".join(f"{k}: {v}" for k, v in problems.items()),
                               problems) from None
    staff = session.store.staff.by_login(form.login)
    if staff is None or not staff.active:
        raise ValidationFailed(f"no active staff member '{form.login}'", {"login": "unknown"})
    try:
        local = datetime.strptime(form.starts, LOCAL_FORMAT)
    except ValueError:
        raise ValidationFailed("start as YYYY-MM-DD HH:MM", {"starts": "YYYY-MM-DD HH:MM"}) from None
    starts = local.replace(tzinfo=session.config.zone).astimezone(timezone.utc)
    return add_shift(session, staff_id=staff.id, region=form.region, slot=form.slot,
                     starts_at=starts, ends_at=starts + timedelta(hours=form.hours))


def remove_shift(session: Session, shift_id: int) -> None:
    session.require(Action.MANAGE_ROSTER)
    session.store.shifts.remove(session.actor.login, shift_id)
