"""The stored entities the first frame reads (who is signed in, who is on call, the alerts, the
drafts), as frozen dataclasses built by ``stored_rows.from_row``: no pydantic on the way to the
first frame (issue 24). The other entities are pydantic models in ``models.py``. Staff are
created and changed through the checked input models of workflow/staff.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mrss_tui.domain.enums import AlertKind, Role, Severity, ShiftSlot


def call_ref(call_id: int) -> str:
    return f"C{call_id:06d}"


def episode_ref(episode_id: int) -> str:
    return f"E{episode_id:05d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Staff:
    id: int
    login: str
    name: str
    role: Role
    credentials: str = ""
    phone: str = ""
    paging_url: str = ""
    region: str = ""
    active: bool = True
    version: int = 1

    @property
    def credential_list(self) -> list[str]:
        return [c.strip() for c in self.credentials.split(",") if c.strip()]


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    id: int
    staff_id: int
    region: str
    slot: ShiftSlot
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OnCall:
    """Who holds a slot now: a shift joined with its staff member."""

    shift_id: int
    slot: ShiftSlot
    region: str
    starts_at: datetime
    ends_at: datetime
    staff: Staff


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    id: int
    kind: AlertKind
    subject_type: str
    subject_id: int
    due_at: datetime
    severity: Severity
    message: str
    raised_at: datetime
    raised_by: str
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    snoozed_until: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    staff_login: str
    form: str
    payload: dict[str, Any]  # stored as JSON text
    updated_at: datetime
