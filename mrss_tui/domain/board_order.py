"""The order of the board's teams table: what needs someone now comes first.

1. awaiting a team (nobody paged), 2. late (past the response target, not arrived),
3. high risk (to self or to others), then the oldest call. A page-sized list read from SQL
already holds every awaiting dispatch first (store/repos/board.py).
"""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.deadlines import ResponseState, response_clock
from mrss_tui.domain.enums import DispatchStatus, RiskLevel
from mrss_tui.domain.board_rows import ActiveDispatchRow


def needs_someone_now_first(rows: list[ActiveDispatchRow], now: datetime, *,
                            target_minutes: int, warn_minutes: int) -> list[ActiveDispatchRow]:
    def key(row: ActiveDispatchRow) -> tuple:
        clock = response_clock(row.received_at, now, target_minutes=target_minutes,
                               warn_minutes=warn_minutes, arrived_at=row.arrived_at)
        return (row.status is not DispatchStatus.AWAITING,
                clock.state is not ResponseState.ALARM,
                row.risk.level is not RiskLevel.HIGH,
                row.received_at)

    return sorted(rows, key=key)
