"""Episode rules: phase windows, rule-made follow-ups, the alerts an episode can owe, and the
forms of episode work (contacts, safety plans, phase changes). Pure: ``now`` is an argument.

The crisis window runs from the first face-to-face contact; an episode reopened into crisis
starts a new window at the reopening (the later of the two). Stabilization runs from the day it
started for the profile's number of local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mrss_tui.config import FollowupsConfig, WindowsConfig
from mrss_tui.domain.assessment import ClinicalAssessment, SceneOutcome
from mrss_tui.domain.risk_others import RiskOthersAnswers
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.deadlines import (
    add_local_days,
    crisis_window_end,
    is_past,
    stabilization_end,
)
from mrss_tui.domain.enums import ContactMode, Disposition, Phase, Service
from mrss_tui.domain.models import SAFETY_PLAN_SECTIONS, Episode
from mrss_tui.domain.risk_summary import RiskSummary, columns_risk
from mrss_tui.domain.text import PlainTextModel

FIRST_CONTACT = "first_contact"
# "Did the adult service take it?": booked when a high-risk caller is handed to it; like the
# referral's connect check it outlives the closing (it is why the episode was kept open).
HANDOFF_CHECK_KIND = "handoff_check"


def weekly_kind(n: int) -> str:
    """Kind of the n-th rule follow-up of stabilization (named 'weekly' even when the profile
    spaces them differently: it is the name families and staff use)."""
    return f"weekly_{n}"


class PhaseTimes(Protocol):
    """What the window rules read: an Episode or a list row of one."""

    phase: Phase
    face_to_face_at: datetime | None
    phase_started_at: datetime


def crisis_window_start(episode: PhaseTimes) -> datetime | None:
    """None until the team has met the person face to face."""
    if episode.phase is not Phase.CRISIS or episode.face_to_face_at is None:
        return None
    return max(episode.face_to_face_at, episode.phase_started_at)


def phase_deadline(episode: PhaseTimes, windows: WindowsConfig, zone: ZoneInfo) -> datetime | None:
    """When the current phase's window ends (None when closed or not started)."""
    if episode.phase is Phase.CRISIS:
        start = crisis_window_start(episode)
        return None if start is None else crisis_window_end(start, windows.crisis_hours)
    if episode.phase is Phase.STABILIZATION:
        return stabilization_end(episode.phase_started_at, windows.stabilization_days, zone)
    return None


@dataclass(frozen=True)
class RuleFollowup:
    kind: str
    due_at: datetime


def rule_followups(episode: Episode, windows: WindowsConfig, followups: FollowupsConfig,
                   zone: ZoneInfo) -> list[RuleFollowup]:
    """Follow-ups the profile asks for in the episode's current phase.

    Crisis: the first contact within N hours of the face-to-face response. Stabilization: one
    every N local days from its start, up to and including its last day.
    """
    if episode.phase is Phase.CRISIS:
        start = crisis_window_start(episode)
        if start is None:
            return []
        return [RuleFollowup(FIRST_CONTACT, start + timedelta(hours=followups.first_contact_hours))]
    if episode.phase is Phase.STABILIZATION:
        start = episode.phase_started_at
        end = stabilization_end(start, windows.stabilization_days, zone)
        found, n = [], 1
        while (due := add_local_days(start, n * followups.stabilization_every_days, zone)) <= end:
            found.append(RuleFollowup(weekly_kind(n), due))
            n += 1
        return found
    return []


# -- alert rules -------------------------------------------------------------------------------


def warning_starts(deadline: datetime, lead: timedelta) -> datetime:
    return deadline - lead


def ending_alert_due(deadline: datetime | None, lead: timedelta, now: datetime) -> bool:
    """An "ending soon" alert is owed from ``lead`` before the deadline on (inclusive), and
    still after the deadline while the phase has not moved on: a process that was down at the
    time finds it again."""
    return deadline is not None and now >= warning_starts(deadline, lead)


def safety_plan_due(episode: Episode, followups: FollowupsConfig) -> datetime | None:
    if episode.face_to_face_at is None or episode.phase is Phase.CLOSED:
        return None
    return episode.face_to_face_at + timedelta(hours=followups.safety_plan_within_hours)


def no_safety_plan_alert_due(episode: Episode, followups: FollowupsConfig, has_plan: bool,
                             now: datetime) -> bool:
    due = safety_plan_due(episode, followups)
    return due is not None and not has_plan and is_past(due, now)


# -- forms ---------------------------------------------------------------------------------------


class _Form(PlainTextModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True)
    long_text: ClassVar[frozenset[str]] = frozenset(
        {"note", "reason", "warning_signs", "coping_strategies", "distractions", "help_contacts",
         "professionals", "environment_safety", "reasons_for_living"})


class MedicalScreen(_Form):
    """The paramedic's screen beside the clinical one (okc-crt), on the first assessment."""

    heart_rate: int | None = Field(default=None, ge=20, le=250)
    systolic: int | None = Field(default=None, ge=50, le=260)
    diastolic: int | None = Field(default=None, ge=20, le=160)
    resp_rate: int | None = Field(default=None, ge=4, le=60)
    spo2: int | None = Field(default=None, ge=50, le=100)
    temperature_c: float | None = Field(default=None, ge=30, le=44)
    glucose_mg_dl: int | None = Field(default=None, ge=10, le=1000)
    medically_cleared: bool
    transport_needed: bool
    note: str = Field(default="", max_length=500)

    def vitals_text(self) -> str:
        parts = []
        if self.heart_rate is not None:
            parts.append(f"HR {self.heart_rate}")
        if self.systolic is not None and self.diastolic is not None:
            parts.append(f"BP {self.systolic}/{self.diastolic}")
        if self.resp_rate is not None:
            parts.append(f"RR {self.resp_rate}")
        if self.spo2 is not None:
            parts.append(f"SpO2 {self.spo2}%")
        if self.temperature_c is not None:
            parts.append(f"T {self.temperature_c:.1f}C")
        if self.glucose_mg_dl is not None:
            parts.append(f"BG {self.glucose_mg_dl}")
        return ", ".join(parts) or "no vitals"


class ContactForm(_Form):
    at: datetime
    mode: ContactMode
    staff_id: int
    services: list[Service]
    minutes: int = Field(ge=0, le=24 * 60)
    successful: bool = True
    cssrs: CssrsAnswers | None = None
    medical: MedicalScreen | None = None
    note: str = Field(default="", max_length=4000)
    followup_id: int | None = None  # the due follow-up this contact completes
    second_staff_id: int | None = None  # the other team member who delivered it
    risk_others: RiskOthersAnswers | None = None
    assessment: ClinicalAssessment | None = None
    outcome: SceneOutcome | None = None  # how a face-to-face response ended

    @model_validator(mode="after")
    def _two_different_staff(self) -> "ContactForm":
        if self.second_staff_id is not None and self.second_staff_id == self.staff_id:
            raise ValueError("the second staff member must be someone else")
        return self

    @field_validator("services")
    @classmethod
    def _some_distinct(cls, value: list[Service]) -> list[Service]:
        if not value:
            raise ValueError("choose at least one service")
        return list(dict.fromkeys(value))

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a time zone")
        return value


class SafetyPlanForm(_Form):
    """Stanley-Brown sections plus reasons for living; at least one must be filled in."""

    warning_signs: str = Field(default="", max_length=4000)
    coping_strategies: str = Field(default="", max_length=4000)
    distractions: str = Field(default="", max_length=4000)
    help_contacts: str = Field(default="", max_length=4000)
    professionals: str = Field(default="", max_length=4000)
    environment_safety: str = Field(default="", max_length=4000)
    reasons_for_living: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _not_empty(self) -> "SafetyPlanForm":
        if not any(getattr(self, name) for name in SAFETY_PLAN_SECTIONS):
            raise ValueError("a safety plan needs at least one section filled in")
        return self

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SAFETY_PLAN_SECTIONS}


class PhaseChangeForm(_Form):
    """Moving an episode on, closing it, or reopening it."""

    to: Phase
    disposition: Disposition | None = None
    reason: str = Field(default="", max_length=1000)


def phase_change_problems(episode: Episode, form: PhaseChangeForm, windows: WindowsConfig,
                          zone: ZoneInfo, now: datetime) -> dict[str, str]:
    """What a phase change still needs, by field (empty when it may go ahead)."""
    problems: dict[str, str] = {}
    if form.to is episode.phase:
        problems["to"] = f"the episode is already in {episode.phase.value}"
        return problems
    if episode.phase is Phase.CLOSED:
        if not _says_why(form.reason):
            problems["reason"] = "say why the episode is reopened"
        return problems
    if form.to is Phase.CRISIS:
        problems["to"] = "an open episode cannot go back to crisis; close it and reopen it"
        return problems
    if form.to is Phase.STABILIZATION and episode.face_to_face_at is None:
        problems["to"] = "stabilization starts after a face-to-face contact; log one first"
    if form.to is Phase.CLOSED:
        if form.disposition is None:
            problems["disposition"] = "choose the closing disposition"
        if closes_early(episode, windows, zone, now) and not _says_why(form.reason):
            problems["reason"] = "the window has not ended: give the reason for closing early"
    return problems


def _says_why(reason: str) -> bool:
    """A reason is words, not a stray key press."""
    return len(reason.strip()) >= 3


def closes_early(episode: Episode, windows: WindowsConfig, zone: ZoneInfo, now: datetime) -> bool:
    """Closing during stabilization before its window ended is an early close (it needs a
    reason). Closing from crisis is not: many crises resolve without stabilization."""
    if episode.phase is not Phase.STABILIZATION:
        return False
    deadline = phase_deadline(episode, windows, zone)
    return deadline is not None and now < deadline


def medical_screen_required(profile: str, team_roles: set[str], first_face_to_face: bool) -> bool:
    """okc-crt teams with a paramedic record the medical screen on their first face-to-face
    contact, whatever service the contact is marked as."""
    return profile == "okc-crt" and "paramedic" in team_roles and first_face_to_face


def is_response(form: "ContactForm", first_face_to_face: bool) -> bool:
    """A successful face-to-face contact that is the team's response in this crisis phase (the
    first since the phase began): it records the on-scene outcome and, on a paramedic team, the
    medical screen."""
    return first_face_to_face and form.mode is ContactMode.FACE_TO_FACE and form.successful


def contact_problems(profile: str, team_roles: set[str], first_face_to_face: bool,
                     form: "ContactForm") -> dict[str, str]:
    """What a contact still needs by the program's rules (empty when complete)."""
    problems: dict[str, str] = {}
    response = is_response(form, first_face_to_face)
    if response and form.outcome is None:
        problems["outcome"] = ("record how the face-to-face response ended (stabilized in place, "
                               "transport, hold, arrest, refused/not found, other)")
    if form.outcome is not None and form.mode is not ContactMode.FACE_TO_FACE:
        problems["outcome"] = "an on-scene outcome belongs to a face-to-face contact"
    if form.medical is None and response and medical_screen_required(profile, team_roles, True):
        problems["medical"] = ("the first face-to-face contact of a paramedic team records the "
                               "medical screen (vitals, medical clearance and transport)")
    if (profile == "okc-crt" and Service.ASSESSMENT in form.services and form.successful
            and form.assessment is None):
        problems["assessment"] = ("an assessment records the structured clinical assessment "
                                  "(mental status and a disposition recommendation)")
    return problems


# -- read models ---------------------------------------------------------------------------------


class TimelineEntry(BaseModel):
    """One dated thing that happened in an episode, with who did it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    at: datetime
    kind: str  # call, dispatch, phase, contact, followup, safety_plan, referral, team
    text: str
    by: str = ""


class EpisodeRow(BaseModel):
    """An episode in a list: no names, just what the list needs to sort and warn."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    call_id: int
    phase: Phase
    opened_at: datetime
    face_to_face_at: datetime | None = None
    phase_started_at: datetime
    closed_at: datetime | None = None
    town: str = ""
    next_due_at: datetime | None = None
    version: int = 1
    # From the row's risk columns (store/risk_columns.py); None where the list reads none.
    risk: RiskSummary | None = None

    @model_validator(mode="before")
    @classmethod
    def _risk_from_columns(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            data = dict(data)
        if "risk" in data or "risk_intake_at" not in data:
            return data
        return {**data, "risk": columns_risk(data)}


class CaseloadFollowup(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    episode_id: int
    kind: str
    due_at: datetime
    town: str = ""
    phase: Phase
    note: str = ""
