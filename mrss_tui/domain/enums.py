"""The closed vocabularies of the line. Stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    CLINICIAN = "clinician"
    PEER = "peer"
    PARAMEDIC = "paramedic"
    NAVIGATOR = "navigator"
    SUPERVISOR = "supervisor"
    COUNTY_ADMIN = "county_admin"

    @property
    def is_field(self) -> bool:
        return self in FIELD_ROLES


FIELD_ROLES = frozenset({Role.CLINICIAN, Role.PEER, Role.PARAMEDIC, Role.NAVIGATOR})


class Line(StrEnum):
    L988 = "988"
    L211 = "211"
    L911 = "911"
    DIRECT = "direct"
    WALK_IN = "walk_in"
    OTHER = "other"


class RiskLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return ["none", "low", "moderate", "high"].index(self.value)


class Acuity(StrEnum):
    EMERGENT = "emergent"
    URGENT = "urgent"
    ROUTINE = "routine"


class Triage(StrEnum):
    PHONE_ONLY = "phone_only"
    MOBILE_DISPATCH = "mobile_dispatch"
    TRANSFER_911 = "transfer_911"
    REFERRAL_ONLY = "referral_only"
    INFORMATION = "information"
    OUT_OF_AREA = "out_of_area"  # transferred to another provider (named on the call)


class CallStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AgeBand(StrEnum):
    CHILD = "child"  # 0-11
    YOUTH = "youth"  # 12-17
    YOUNG_ADULT = "young_adult"  # 18-25
    ADULT = "adult"  # 26+ (youth programs)
    ADULT_26_64 = "adult_26_64"  # adult programs
    OLDER_ADULT = "older_adult"  # 65+, adult programs
    UNKNOWN = "unknown"


class Phase(StrEnum):
    CRISIS = "crisis"
    STABILIZATION = "stabilization"
    CLOSED = "closed"


class Disposition(StrEnum):
    HOME_COMMUNITY = "home_community"
    EMERGENCY_DEPARTMENT = "emergency_department"
    INPATIENT = "inpatient"
    LAW_ENFORCEMENT_CUSTODY = "law_enforcement_custody"
    OTHER = "other"


class DispatchStatus(StrEnum):
    AWAITING = "awaiting"  # recorded as a mobile dispatch, nobody paged yet
    PAGED = "paged"
    ACKNOWLEDGED = "acknowledged"
    EN_ROUTE = "en_route"
    ARRIVED = "arrived"
    CLEARED = "cleared"
    CANCELLED = "cancelled"


class PageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the request went out but no answer came: delivery not confirmed
    STOPPED = "stopped"  # retries ended because the dispatch no longer needs them


class ShiftSlot(StrEnum):
    PRIMARY = "primary"
    BACKUP = "backup"


class ContactMode(StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"


class Service(StrEnum):
    ASSESSMENT = "assessment"
    DE_ESCALATION = "de_escalation"
    THERAPY = "therapy"
    SKILLS_TRAINING = "skills_training"
    PEER_SUPPORT = "peer_support"
    CARE_COORDINATION = "care_coordination"


class FollowupOrigin(StrEnum):
    RULE = "rule"
    MANUAL = "manual"


class ReferralStatus(StrEnum):
    SUGGESTED = "suggested"
    REFERRED = "referred"
    CONNECTED = "connected"
    DECLINED = "declined"
    NO_SHOW = "no_show"


class ServiceStatus(StrEnum):
    """HSDS service status."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class AlertKind(StrEnum):
    FOLLOWUP_OVERDUE = "followup_overdue"
    CRISIS_WINDOW_ENDING = "crisis_window_ending"
    STABILIZATION_ENDING = "stabilization_ending"
    NO_SAFETY_PLAN = "no_safety_plan"
    PAGE_UNACKNOWLEDGED = "page_unacknowledged"
    ARRIVAL_PAST_TARGET = "arrival_past_target"
    PAGE_FAILED = "page_failed"
    PAGE_UNCONFIRMED = "page_unconfirmed"
    AWAITING_TEAM = "awaiting_team"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return ["info", "warning", "urgent"].index(self.value)


LABELS: dict[str, str] = {
    "988": "988",
    "211": "2-1-1",
    "911": "911",
    "direct": "Direct",
    "walk_in": "Walk-in",
    "other": "Other",
    "phone_only": "Phone only",
    "mobile_dispatch": "Mobile dispatch",
    "transfer_911": "Transfer to 911/EMS",
    "referral_only": "Referral only",
    "information": "Information",
    "out_of_area": "Out of area: transferred",
    "stabilized_in_place": "Stabilized in place",
    "voluntary_transport": "Voluntary transport to ED/crisis center",
    "involuntary_hold": "Involuntary hold",
    "refused_not_found": "Refused / not found",
    "remain_home": "Remain at home/community",
    "outpatient_followup": "Outpatient follow-up",
    "crisis_center": "Crisis center",
    "within_normal_limits": "Within normal limits",
    "anxious_agitated": "Anxious/agitated",
    "depressed_withdrawn": "Depressed/withdrawn",
    "adult_26_64": "Adult 26-64",
    "dispatch_911": "911 dispatch",
    "officers": "Officers (there first)",
    "older_adult": "Older adult 65+",
    "child": "Child 0-11",
    "youth": "Youth 12-17",
    "young_adult": "Young adult 18-25",
    "adult": "Adult 26+",
    "unknown": "Unknown",
    "home_community": "Remained at home/community",
    "emergency_department": "Emergency department",
    "inpatient": "Inpatient",
    "law_enforcement_custody": "Law-enforcement custody",
    "face_to_face": "Face to face",
    "de_escalation": "De-escalation",
    "skills_training": "Skills training",
    "peer_support": "Peer support",
    "care_coordination": "Care coordination",
    "en_route": "En route",
    "awaiting": "Awaiting team",
    "no_show": "No-show",
    "county_admin": "County admin",
}


def label(value: str | StrEnum) -> str:
    """A human label for a stored vocabulary value."""
    key = str(value)
    return LABELS.get(key, key.replace("_", " ").capitalize())
