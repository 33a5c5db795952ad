"""The board's read models (the home screen): its rows, figures and alert banner, read in one
short transaction and only shown, so named tuples built from the stored rows without pydantic
(the first frame is the board: issue 24; ``stored_rows.py`` says why not dataclasses)."""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from mrss_tui.domain.enums import Acuity, DispatchStatus, Line, Phase, Triage
from mrss_tui.domain.records import Alert, call_ref
from mrss_tui.domain.risk_summary import RiskSummary, columns_risk
from mrss_tui.domain.stored_rows import from_row


class OpenCallRow(NamedTuple):
    id: int
    received_at: datetime
    line: Line
    town: str
    taken_by: str
    risk: RiskSummary  # from the row's risk columns (store/risk_columns.py)
    acuity: Acuity | None = None
    triage: Triage | None = None

    @property
    def ref(self) -> str:
        return call_ref(self.id)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OpenCallRow:
        return from_row(cls, row, risk=columns_risk(row))


class ActiveDispatchRow(NamedTuple):
    id: int
    call_id: int
    status: DispatchStatus
    received_at: datetime
    paged_at: datetime
    town: str
    region: str
    risk: RiskSummary  # from the row's risk columns (store/risk_columns.py)
    episode_id: int | None = None
    arrived_at: datetime | None = None
    acuity: Acuity | None = None
    team: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ActiveDispatchRow:
        return from_row(cls, row, risk=columns_risk(row))


class AlertCounts(NamedTuple):
    open: int = 0
    urgent: int = 0
    most_urgent: Alert | None = None
    other_teams: int = 0  # open alerts of teams the viewer is not on: a count, nothing more


class BoardSummary(NamedTuple):
    """Everything the board shows, read in one short read transaction."""

    open_calls: list[OpenCallRow]
    open_calls_total: int
    dispatches: list[ActiveDispatchRow]
    dispatches_total: int
    phase_counts: dict[Phase, int]
    alerts: AlertCounts
    awaiting_total: int = 0  # dispatches nobody was paged for yet
    data_version: int = 0
    # dispatch id -> "sms" or "link", where the team's current status was answered from a phone
    # (read-only: the one default is shared by every summary without answers)
    phone_answers: Mapping[int, str] = MappingProxyType({})
