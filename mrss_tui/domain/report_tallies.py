"""What the store counts for one report week, before any suppression. Never leaves the process:
only the suppressed ``reports.model.Report`` is rendered or shown."""

from __future__ import annotations

from bisect import bisect_left

from pydantic import BaseModel, ConfigDict, Field

from mrss_tui.domain.scene_tallies import SceneTallies


class CallTallies(BaseModel):
    model_config = ConfigDict(defer_build=True)

    total: int = 0
    by_line: dict[str, int] = Field(default_factory=dict)
    by_age_band: dict[str, int] = Field(default_factory=dict)
    by_county: dict[str, int] = Field(default_factory=dict)
    by_triage: dict[str, int] = Field(default_factory=dict)
    by_risk: dict[str, int] = Field(default_factory=dict)
    # The caller's relation as typed (lower case), grouped only in reports/caller_groups.py.
    by_relation: dict[str, int] = Field(default_factory=dict)
    persons: int = 0  # distinct persons (linked to a person record) the calls were about


class ResponseTallies(BaseModel):
    """Mobile response for the calls received in a week."""

    model_config = ConfigDict(defer_build=True)

    calls: int = 0
    calls_with_response: int = 0
    teams: int = 0  # teams sent (not cancelled) for these calls
    le_teams: int = 0  # of which law enforcement went with the team
    # Seconds from call received to the first team arrival, one per call that had an arrival.
    arrival_seconds: list[int] = Field(default_factory=list)
    arrival_counties: list[str] = Field(default_factory=list)  # the county of each arrival


class CallResponses(BaseModel):
    """Per call, in order of receipt: when it came in (UTC ISO text), whether a team was sent
    and the seconds to the first arrival. Read once for the 12-week trend, sliced per week."""

    model_config = ConfigDict(defer_build=True)

    received_at: list[str] = Field(default_factory=list)
    responded: list[bool] = Field(default_factory=list)
    arrival_seconds: list[int | None] = Field(default_factory=list)
    teams: list[int] = Field(default_factory=list)
    le_teams: list[int] = Field(default_factory=list)
    county: list[str] = Field(default_factory=list)

    def tally(self, start: str, end: str) -> ResponseTallies:
        """The calls received in [start, end) (UTC ISO text, which sorts in time order)."""
        first, last = bisect_left(self.received_at, start), bisect_left(self.received_at, end)
        return ResponseTallies(
            calls=last - first, calls_with_response=sum(self.responded[first:last]),
            teams=sum(self.teams[first:last]), le_teams=sum(self.le_teams[first:last]),
            arrival_seconds=[s for s in self.arrival_seconds[first:last] if s is not None],
            arrival_counties=[c for c, s in zip(self.county[first:last],
                                                self.arrival_seconds[first:last])
                              if s is not None])


class EpisodeTallies(BaseModel):
    model_config = ConfigDict(defer_build=True)

    opened: int = 0
    closed: int = 0
    closed_by_disposition: dict[str, int] = Field(default_factory=dict)
    period_days: float = 7.0  # the period's length (a week with a clock change: 167 or 169 h)
    open_episodes: int = 0  # episodes open at some time in the period
    # Episode-days spent in each phase (crisis, stabilization) within the period.
    open_days_by_phase: dict[str, float] = Field(default_factory=dict)
    # Days from the start of stabilization to closing, one per closed episode that had one.
    stabilization_days: list[float] = Field(default_factory=list)


class CareTallies(BaseModel):
    """Episodes whose face-to-face response fell in the period, and what followed it."""

    model_config = ConfigDict(defer_build=True)

    face_to_face: int = 0
    safety_plan_24h: int = 0  # a safety plan written within 24 hours of it
    followup_24h: int = 0  # a follow-up done within 24 hours after it
    repeat_30: int = 0  # episodes opened whose person had another opened in the 30 days before
    repeat_90: int = 0
    contacts_by_mode: dict[str, int] = Field(default_factory=dict)  # successful contacts
    minutes_by_mode: dict[str, int] = Field(default_factory=dict)


class WeekTallies(BaseModel):
    model_config = ConfigDict(defer_build=True)

    calls: CallTallies
    dispatches: int
    le_coresponses: int
    episodes: EpisodeTallies
    followups_due: int
    followups_on_time: int
    alerts_by_kind: dict[str, int]
    referrals_by_category: dict[str, int]
    referrals_connected: int
    scene: SceneTallies = Field(default_factory=SceneTallies)
    care: CareTallies = Field(default_factory=CareTallies)


def added_up(parts: list[WeekTallies], *, persons: int, open_episodes: int) -> WeekTallies:
    """A period's tallies from those of the periods it is made of (a quarter from its months):
    every count is the sum of the parts' (each record is counted in the one period its date
    falls in), every list their concatenation. Two counts are not sums and are given:
    distinct persons, and episodes open at some time in the period."""
    whole = _sum_models(parts)
    calls = whole.calls.model_copy(update={"persons": persons})
    episodes = whole.episodes.model_copy(update={"open_episodes": open_episodes})
    return whole.model_copy(update={"calls": calls, "episodes": episodes})


def _sum_models(models: list):
    first = models[0]
    fields = {}
    for name in type(first).model_fields:
        values = [getattr(m, name) for m in models]
        fields[name] = _sum_values(values)
    return type(first).model_construct(**fields)


def _sum_values(values: list):
    sample = values[0]
    if isinstance(sample, BaseModel):
        return _sum_models(values)
    if isinstance(sample, dict):
        total: dict = {}
        for value in values:
            for key, n in value.items():
                total[key] = total.get(key, 0) + n
        return total
    if isinstance(sample, list):
        return [item for value in values for item in value]
    return sum(values)
