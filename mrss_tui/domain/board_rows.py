"""The board's read models (the home screen): its rows, figures and alert banner, read in one
short transaction and only shown, so frozen dataclasses built from the stored rows without
pydantic (the first frame is the board: issue 24)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from mrss_tui.domain.enums import Acuity, DispatchStatus, Line, Phase, Triage
from mrss_tui.domain.records import Alert, call_ref
from mrss_tui.domain.risk_summary import RiskSummary, columns_risk
from mrss_tui.domain.stored_rows import from_row


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenCallRow:
    id: int
    received_at: datetime
    line: Line
    town: str
    acuity: Acuity | None = None
    triage: Triage | None = None
    taken_by: str
    risk: RiskSummary  # from the row's risk columns (store/risk_columns.py)

    @property
    def ref(self) -> str:
        return call_ref(self.id)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OpenCallRow:
        return from_row(cls, row, risk=columns_risk(row))


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveDispatchRow:
    id: int
    call_id: int
    episode_id: int | None = None
    status: DispatchStatus
    received_at: datetime
    paged_at: datetime
    arrived_at: datetime | None = None
    town: str
    region: str
    acuity: Acuity | None = None
    team: str = ""
    risk: RiskSummary  # from the row's risk columns (store/risk_columns.py)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ActiveDispatchRow:
        return from_row(cls, row, risk=columns_risk(row))


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertCounts:
    open: int = 0
    urgent: int = 0
    most_urgent: Alert | None = None
    other_teams: int = 0  # open alerts of teams the viewer is not on: a count, nothing more


@dataclass(frozen=True, slots=True, kw_only=True)
class BoardSummary:
    """Everything the board shows, read in one short read transaction."""

    open_calls: list[OpenCallRow]
    open_calls_total: int
    dispatches: list[ActiveDispatchRow]
    dispatches_total: int
    awaiting_total: int = 0  # dispatches nobody was paged for yet
    phase_counts: dict[Phase, int]
    alerts: AlertCounts
    data_version: int = 0
    # dispatch id -> "sms" or "link", where the team's current status was answered from a phone
    phone_answers: dict[int, str] = field(default_factory=dict)
