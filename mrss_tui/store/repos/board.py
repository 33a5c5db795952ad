from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import Phase
from mrss_tui.domain.board_rows import ActiveDispatchRow, AlertCounts, BoardSummary, OpenCallRow
from mrss_tui.domain.records import Alert
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo
from mrss_tui.store.repos.alerts import OPEN as ALERT_OPEN, URGENT_FIRST
from mrss_tui.store.risk_columns import risk_columns_sql

ACTIVE_DISPATCH = "d.cleared_at IS NULL AND d.cancelled_at IS NULL"
DISPATCH_RISK = risk_columns_sql("c", "d.episode_id")
CALL_RISK = risk_columns_sql("c", "NULL")


class Board(Repo):
    def summary(self, now: datetime, *, limit: int = 50) -> BoardSummary:
        """The home screen's data from one consistent snapshot; every query uses an index."""
        with self.s.read_snapshot():
            calls = self.s.all(
                "SELECT c.id, c.received_at, c.line, c.town, c.acuity, c.triage, c.taken_by, "
                f"{CALL_RISK} FROM calls c WHERE c.status = 'open' "
                "ORDER BY c.received_at DESC LIMIT ?", (limit,))
            calls_total = self.s.scalar("SELECT count(*) FROM calls WHERE status = 'open'")
            dispatches = self.s.all(
                "SELECT d.id, d.call_id, d.episode_id, d.status, "
                "coalesce(c.origin_received_at, c.received_at) AS received_at, d.paged_at, "
                "d.arrived_at, c.town, d.region, c.acuity, "
                f"{DISPATCH_RISK}, "
                "coalesce((SELECT group_concat(st.name, ', ') FROM dispatch_members m "
                " JOIN staff st ON st.id = m.staff_id WHERE m.dispatch_id = d.id), '') AS team "
                f"FROM dispatches d JOIN calls c ON c.id = d.call_id WHERE {ACTIVE_DISPATCH} "
                # Nobody paged first, so a page-sized list always holds them (then the oldest:
                # the latest to arrive); workflow/board.py orders what needs someone now.
                "ORDER BY d.status = 'awaiting' DESC, c.received_at LIMIT ?", (limit,))
            dispatches_total = self.s.scalar(
                f"SELECT count(*) FROM dispatches d WHERE {ACTIVE_DISPATCH}")
            awaiting_total = self.s.scalar(
                f"SELECT count(*) FROM dispatches d WHERE {ACTIVE_DISPATCH} "
                "AND d.status = 'awaiting'")
            phases = {Phase(r[0]): r[1] for r in self.s.all(
                "SELECT phase, count(*) FROM episodes WHERE phase IN ('crisis', 'stabilization') "
                "GROUP BY phase")}
            alerts = self._alert_counts(now)
            version = self.s.data_version()
        return BoardSummary(
            open_calls=[OpenCallRow.from_row(r) for r in calls],
            open_calls_total=calls_total,
            dispatches=[ActiveDispatchRow.from_row(r) for r in dispatches],
            dispatches_total=dispatches_total,
            awaiting_total=awaiting_total,
            phase_counts={Phase.CRISIS: phases.get(Phase.CRISIS, 0),
                          Phase.STABILIZATION: phases.get(Phase.STABILIZATION, 0)},
            alerts=alerts,
            data_version=version,
        )

    def _alert_counts(self, now: datetime) -> AlertCounts:
        visible = f"{ALERT_OPEN} AND (snoozed_until IS NULL OR snoozed_until <= ?)"
        row = self.s.one(
            f"SELECT count(*), coalesce(sum(severity = 'urgent'), 0) FROM alerts WHERE {visible}",
            (iso(now),))
        top = self.s.one(
            f"SELECT * FROM alerts WHERE {visible} ORDER BY {URGENT_FIRST} LIMIT 1",
            (iso(now),))
        return AlertCounts(open=row[0], urgent=row[1],
                           most_urgent=from_row(Alert, top) if top else None)


REPOS = {"board": Board}
