"""The stored entities the first frame reads (who is signed in, who is on call, the alerts, the
drafts), as named tuples built by ``stored_rows.from_row``: no pydantic on the way to the first
frame (issue 24), and no dataclass either (``stored_rows.py`` says why). The other entities are
pydantic models in ``models.py``. Staff are created and changed through the checked input models
of workflow/staff.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from mrss_tui.domain.enums import AlertKind, Role, Severity, ShiftSlot


def call_ref(call_id: int) -> str:
    return f"C{call_id:06d}"


def episode_ref(episode_id: int) -> str:
    return f"E{episode_id:05d}"


class Staff(NamedTuple):
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


class Shift(NamedTuple):
    id: int
    staff_id: int
    region: str
    slot: ShiftSlot
    starts_at: datetime
    ends_at: datetime


class OnCall(NamedTuple):
    """Who holds a slot now: a shift joined with its staff member."""

    shift_id: int
    slot: ShiftSlot
    region: str
    starts_at: datetime
    ends_at: datetime
    staff: Staff


class Alert(NamedTuple):
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


class Draft(NamedTuple):
    staff_login: str
    form: str
    payload: dict[str, Any]  # stored as JSON text
    updated_at: datetime
