"""What a face-to-face response records beyond a generic contact (Oklahoma City CRT and all).

- ``SceneOutcome``: how the response ended; the programs' aims are "stabilized without ED" and
  "without arrest", counted from these.
- ``ClinicalAssessment``: the clinician's structured assessment: mental status, the risk-to-self
  (C-SSRS) and risk-to-others (Brøset) results taken with it, and a disposition recommendation.
- ``CoResponse``: law enforcement at a call (on scene, CIT-trained, agency, who asked), one per
  call so a duplicated dispatch never counts it twice.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mrss_tui.domain.enums import RiskLevel


class SceneOutcome(StrEnum):
    STABILIZED_IN_PLACE = "stabilized_in_place"
    VOLUNTARY_TRANSPORT = "voluntary_transport"
    INVOLUNTARY_HOLD = "involuntary_hold"
    ARREST = "arrest"
    REFUSED_NOT_FOUND = "refused_not_found"
    OTHER = "other"


# Outcomes that took the person to an emergency department or a hold (not "without ED").
WITH_ED = frozenset({SceneOutcome.VOLUNTARY_TRANSPORT, SceneOutcome.INVOLUNTARY_HOLD})


def stabilized_without_ed(outcome: SceneOutcome) -> bool:
    return outcome is SceneOutcome.STABILIZED_IN_PLACE


def without_arrest(outcome: SceneOutcome) -> bool:
    return outcome is not SceneOutcome.ARREST


class Recommendation(StrEnum):
    REMAIN_HOME = "remain_home"
    OUTPATIENT_FOLLOWUP = "outpatient_followup"
    CRISIS_CENTER = "crisis_center"
    EMERGENCY_DEPARTMENT = "emergency_department"
    INPATIENT = "inpatient"
    OTHER = "other"


class MentalStatus(StrEnum):
    """A brief mental-status summary a clinician picks on scene (details go in the note)."""

    WITHIN_NORMAL = "within_normal_limits"
    ANXIOUS_AGITATED = "anxious_agitated"
    DEPRESSED_WITHDRAWN = "depressed_withdrawn"
    PSYCHOTIC_FEATURES = "psychotic_features"
    INTOXICATED = "intoxicated"
    DISORIENTED = "disoriented"


class ClinicalAssessment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True)

    mental_status: MentalStatus
    mental_status_note: str = Field(default="", max_length=500)
    recommendation: Recommendation
    # Filled in by the workflow from the screens taken with the contact (not typed twice).
    risk_to_self: RiskLevel | None = None
    risk_to_others: RiskLevel | None = None


class RequestedBy(StrEnum):
    """Who asked for law enforcement (a closed list: it is counted in county reports)."""

    TEAM = "team"
    DISPATCH_911 = "dispatch_911"
    CALLER = "caller"
    OFFICERS = "officers"  # officers were there first
    OTHER = "other"


class CoResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              defer_build=True)

    on_scene: bool
    cit_trained: bool | None = None
    agency: str = Field(default="", max_length=80)
    requested_by: RequestedBy | None = None

    @model_validator(mode="after")
    def _details_need_officers(self) -> "CoResponse":
        if not self.on_scene and (self.cit_trained or self.agency or self.requested_by):
            raise ValueError("CIT training, agency and requester are recorded only when officers "
                             "were on scene")
        if self.on_scene and self.requested_by is None:
            raise ValueError("say who asked for law enforcement")
        return self

