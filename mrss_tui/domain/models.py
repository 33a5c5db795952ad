"""Pydantic models of the stored entities. The store returns these, never dicts. The ones the
first frame reads (staff, shifts, alerts, drafts) are plain dataclasses in ``records.py``."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.records import call_ref, episode_ref
from mrss_tui.domain.risk_others import RiskOthersAnswers
from mrss_tui.domain.enums import (
    Acuity,
    AgeBand,
    CallStatus,
    ContactMode,
    DispatchStatus,
    Disposition,
    Line,
    PageStatus,
    Phase,
    ReferralStatus,
    RiskLevel,
    Triage,
)


class Record(BaseModel):
    """A stored row. JSON text columns named in ``json_fields`` are decoded on the way in."""

    # defer_build: a model's validator is built on first use, not at import (start-up time).
    model_config = ConfigDict(frozen=True, from_attributes=True, defer_build=True)
    json_fields: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _decode_json(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            data = dict(data)
        for name in cls.json_fields:
            value = data.get(name)
            if isinstance(value, str):
                data[name] = json.loads(value)
        return data


class Person(Record):
    id: int
    name: str = ""
    birth_date: date | None = None
    stated_age: int | None = None
    phone: str = ""
    town: str = ""
    county: str = ""
    version: int = 1

    @property
    def display_name(self) -> str:
        return self.name or "(unnamed)"


class Call(Record):
    json_fields: ClassVar[tuple[str, ...]] = ("cssrs", "risk_others")

    id: int
    received_at: datetime
    line: Line
    callback_number: str = ""
    callback_valid: bool = False
    caller_name: str = ""
    caller_relation: str = ""
    person_id: int | None = None
    age_band: AgeBand = AgeBand.UNKNOWN
    address: str = ""
    town: str = ""
    county: str = ""
    region: str = ""
    situation: str = ""
    weapons: bool | None = None
    hazards: str = ""
    violence_history: bool | None = None
    substance_use: bool | None = None
    police_needed: bool | None = None
    cssrs: CssrsAnswers | None = None
    risk_level: RiskLevel | None = None
    risk_others: RiskOthersAnswers | None = None  # Brøset checklist + violence questions
    others_level: RiskLevel | None = None
    acuity: Acuity | None = None
    triage: Triage | None = None
    transferred_to: str = ""  # out-of-area triage: the provider the call went to
    incident_number: str = ""
    status: CallStatus = CallStatus.OPEN
    closed_at: datetime | None = None
    origin_received_at: datetime | None = None  # when the originating line got a handed-on call
    linked_episode_id: int | None = None  # a repeat call added to an open episode
    taken_by: str
    version: int = 1

    @property
    def clock_start(self) -> datetime:
        """The response clock runs from the originating line's call when it is known."""
        return self.origin_received_at or self.received_at

    @property
    def ref(self) -> str:
        return call_ref(self.id)


class Episode(Record):
    id: int
    call_id: int
    person_id: int | None = None
    phase: Phase
    opened_at: datetime
    face_to_face_at: datetime | None = None
    phase_started_at: datetime
    closed_at: datetime | None = None
    disposition: Disposition | None = None
    close_reason: str = ""
    created_by: str
    version: int = 1
    # How the face-to-face response ended (one per episode) and the contact that recorded it.
    scene_outcome: str | None = None
    scene_outcome_contact_id: int | None = None

    @property
    def ref(self) -> str:
        return episode_ref(self.id)


class PhaseChange(Record):
    id: int
    episode_id: int
    phase: Phase
    started_at: datetime
    by_login: str
    note: str = ""


class Dispatch(Record):
    id: int
    call_id: int
    episode_id: int | None = None
    region: str = ""
    status: DispatchStatus
    paged_at: datetime
    acknowledged_at: datetime | None = None
    en_route_at: datetime | None = None
    arrived_at: datetime | None = None
    cleared_at: datetime | None = None
    cancelled_at: datetime | None = None
    escalated_at: datetime | None = None
    le_coresponse: bool = False
    cancel_reason: str = ""
    gap_reason: str = ""
    created_by: str
    version: int = 1

    @property
    def awaiting(self) -> bool:
        """Recorded as a mobile dispatch, nobody paged yet (``paged_at`` is when it was made)."""
        return self.status is DispatchStatus.AWAITING


class DispatchMember(Record):
    dispatch_id: int
    staff_id: int
    slot: str
    acknowledged_at: datetime | None = None


class Page(Record):
    id: int
    dispatch_id: int | None = None
    staff_id: int
    kind: str = "dispatch"
    body: str
    status: PageStatus
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    created_at: datetime
    sent_at: datetime | None = None
    alert_id: int | None = None  # a reminder of this alert (not a dispatch page)
    resends: int = 0


class Contact(Record):
    json_fields: ClassVar[tuple[str, ...]] = ("services", "cssrs", "medical", "assessment",
                                              "risk_others")

    id: int
    episode_id: int
    at: datetime
    mode: ContactMode
    staff_id: int | None = None
    services: list[str] = []
    minutes: int = 0
    successful: bool = True
    cssrs: CssrsAnswers | None = None
    risk_level: RiskLevel | None = None
    medical: dict[str, Any] | None = None
    note: str = ""
    created_by: str
    second_staff_id: int | None = None
    assessment: dict[str, Any] | None = None
    others_level: RiskLevel | None = None
    risk_others: RiskOthersAnswers | None = None


class Followup(Record):
    id: int
    episode_id: int
    due_at: datetime
    kind: str
    origin: str = "rule"
    assigned_to: int | None = None
    done_at: datetime | None = None
    done_by: str | None = None
    contact_id: int | None = None
    note: str = ""
    window_reason: str = ""
    version: int = 1


class SafetyPlan(Record):
    id: int
    episode_id: int
    version_no: int
    warning_signs: str = ""
    coping_strategies: str = ""
    distractions: str = ""
    help_contacts: str = ""
    professionals: str = ""
    environment_safety: str = ""
    reasons_for_living: str = ""
    created_by: str
    created_at: datetime


SAFETY_PLAN_SECTIONS: dict[str, str] = {
    "warning_signs": "1. Warning signs",
    "coping_strategies": "2. Internal coping strategies",
    "distractions": "3. People and social settings that provide distraction",
    "help_contacts": "4. People I can ask for help",
    "professionals": "5. Professionals or agencies to contact (including 988)",
    "environment_safety": "6. Making the environment safe",
    "reasons_for_living": "Reasons for living",
}


class Referral(Record):
    id: int
    episode_id: int
    service_id: str | None = None
    category: str = ""
    status: ReferralStatus
    status_at: datetime
    status_by: str
    note: str = ""
    created_at: datetime
    version: int = 1


class AuditEntry(Record):
    json_fields: ClassVar[tuple[str, ...]] = ("detail",)

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str = ""
    person_id: int | None = None
    detail: dict[str, Any] = {}
