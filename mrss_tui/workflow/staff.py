"""Staff and the on-call rota."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import ConfigDict, Field, ValidationError, field_validator

from mrss_tui.domain.enums import Role, ShiftSlot
from mrss_tui.domain.records import OnCall, Shift, Staff
from mrss_tui.domain.text import PlainTextModel
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.db import Store
from mrss_tui.workflow.conflicts import explained_conflicts
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action

LOGIN_RE = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


class StaffInput(PlainTextModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    login: str
    name: str = Field(min_length=1, max_length=80)
    role: Role
    credentials: str = ""
    phone: str = ""
    paging_url: str = ""
    region: str = ""

    @field_validator("login")
    @classmethod
    def _login_shape(cls, value: str) -> str:
        if not LOGIN_RE.match(value):
            raise ValueError("2-32 characters: lowercase letters, digits, '.', '_' or '-', "
                             "starting with a letter")
        return value


def validation_problems(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as {field: message} for showing next to form fields (no input echoed)."""
    problems: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "form"
        problems.setdefault(field, err["msg"].removeprefix("Value error, "))
    return problems


def parse_staff(**fields: object) -> StaffInput:
    try:
        return StaffInput(**fields)
    except ValidationError as exc:
        problems = validation_problems(exc)
        summary = "; ".join(f"{k}: {v}" for k, v in problems.items())
        raise ValidationFailed(f"staff details are not valid ({summary})", problems) from None


def create_first_supervisor(store: Store, *, login: str, name: str) -> Staff:
    """``mrss init``: the first account, made by the system before anyone can log in."""
    data = parse_staff(login=login, name=name, role=Role.SUPERVISOR)
    with store.atomic():
        if store.staff.count():
            raise ValidationFailed("this database already has staff; add people from the roster")
        return store.staff.create("system", **data.model_dump())


def add_staff(session: Session, **fields: object) -> Staff:
    session.require(Action.MANAGE_ROSTER)
    data = parse_staff(**fields)
    return session.store.staff.create(session.actor.login, **data.model_dump())


def set_active(session: Session, staff_id: int, active: bool, expected_version: int) -> Staff:
    """The one way to (de)activate a person (the Roster screen and ``mrss staff`` call it).

    Deactivating revokes every SSH key (store) and rewrites authorized_keys in the same
    transaction, so the roster never says "inactive" while a key still works; reactivating
    restores no key: the person needs a new ``ssh-key add``."""
    session.require(Action.MANAGE_ROSTER)
    with session.store.atomic(), explained_conflicts(session, "staff", staff_id, expected_version):
        staff = session.store.staff.set_active(session.actor.login, staff_id,
                                               expected_version=expected_version, active=active)
        if not active:
            from mrss_tui.workflow.keys import rewrite_after_deactivation

            rewrite_after_deactivation(session)
    return staff


def add_shift(session: Session, *, staff_id: int, region: str, slot: ShiftSlot,
              starts_at: datetime, ends_at: datetime) -> Shift:
    session.require(Action.MANAGE_ROSTER)
    if region not in session.config.regions:
        raise ValidationFailed(f"unknown region '{region}'; configured: "
                               f"{', '.join(session.config.regions)}", {"region": "unknown"})
    return session.store.shifts.add(session.actor.login, staff_id=staff_id, region=region,
                                    slot=slot, starts_at=starts_at, ends_at=ends_at)


def on_call_now(session: Session, region: str | None = None) -> list[OnCall]:
    session.require(Action.VIEW_BOARD)
    return session.store.shifts.on_call(session.now(), region)
