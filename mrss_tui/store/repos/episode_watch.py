"""What the alert jobs look at: small indexed scans of what is still open.

Each scan leaves out subjects whose alert already exists (the alerts UNIQUE key serves the
NOT EXISTS), so a run with nothing new to say does no writes at all.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.enums import AlertKind
from mrss_tui.domain.models import Episode
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class DueSubject(BaseModel):
    """Something an alert may be owed for: its id, the episode/call it belongs to, its due time."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    episode_id: int | None = None
    call_id: int | None = None
    due_at: datetime


class WatchedDispatch(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    episode_id: int | None = None
    call_id: int
    paged_at: datetime
    acknowledged_at: datetime | None = None
    arrived_at: datetime | None = None
    received_at: datetime


# The condition of the partial index episodes_open, word for word, so SQLite uses it.
OPEN_EPISODE = "e.phase <> 'closed'"


def _not_alerted(kind: AlertKind, subject_type: str, id_column: str, due_expr: str) -> str:
    return (f"NOT EXISTS (SELECT 1 FROM alerts a WHERE a.kind = '{kind.value}' "
            f"AND a.subject_type = '{subject_type}' AND a.subject_id = {id_column} "
            f"AND a.due_at = {due_expr})")


class EpisodeWatch(Repo):
    def overdue_followups(self, now: datetime, *, after: tuple[datetime, int] | None = None,
                          limit: int = 500) -> list[DueSubject]:
        """Follow-ups of open episodes, still to do, due strictly before ``now``, not alerted,
        in (due_at, id) order after the cursor ``after`` (so a caller can page through all)."""
        cursor = ("", 0) if after is None else (iso(after[0]), after[1])
        rows = self.s.all(
            "SELECT f.id, f.episode_id, f.due_at FROM followups f "
            "INDEXED BY followups_pending JOIN episodes e ON e.id = f.episode_id "
            "WHERE f.done_at IS NULL AND f.cancelled_at IS NULL AND f.due_at < ? "
            f"AND (f.due_at, f.id) > (?, ?) AND {OPEN_EPISODE} AND "
            + _not_alerted(AlertKind.FOLLOWUP_OVERDUE, "followup", "f.id", "f.due_at")
            + " ORDER BY f.due_at, f.id LIMIT ?", (iso(now), *cursor, limit))
        return [DueSubject.model_validate(dict(r)) for r in rows]

    def episodes_near_deadlines(self, *, crisis_cut: datetime, stabilization_cut: datetime,
                                plan_cut: datetime) -> list[tuple[Episode, bool]]:
        """Open episodes that may owe a window or safety-plan alert: the crisis window started
        by ``crisis_cut``, stabilization started by ``stabilization_cut``, or face to face by
        ``plan_cut`` without a plan. A coarse filter: the domain rules decide exactly."""
        rows = self.s.all(
            "SELECT e.*, EXISTS (SELECT 1 FROM safety_plans p WHERE p.episode_id = e.id) AS has_plan "
            f"FROM episodes e WHERE {OPEN_EPISODE} AND ("
            " (e.phase = 'crisis' AND e.face_to_face_at <= :crisis AND e.phase_started_at <= :crisis)"
            " OR (e.phase = 'stabilization' AND e.phase_started_at <= :stab)"
            " OR (e.face_to_face_at <= :plan AND NOT EXISTS "
            "     (SELECT 1 FROM safety_plans p WHERE p.episode_id = e.id)))",
            {"crisis": iso(crisis_cut), "stab": iso(stabilization_cut), "plan": iso(plan_cut)})
        return [(Episode.model_validate(dict(r)), bool(r["has_plan"])) for r in rows]

    def episodes_without_pending_rule_followup(self) -> list[int]:
        """Open episodes met face to face with no rule follow-up still to do in their current
        phase: the ones whose rule follow-ups may be missing (created by another path)."""
        # "+" keeps the planner off the reports' face-to-face index (every episode ever met):
        # the open-episodes index reads a few hundred rows at ten years.
        return [r[0] for r in self.s.all(
            f"SELECT e.id FROM episodes e WHERE {OPEN_EPISODE} "
            "AND +e.face_to_face_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM followups f "
            "WHERE f.episode_id = e.id AND f.origin = 'rule' AND f.done_at IS NULL "
            "AND f.cancelled_at IS NULL AND f.due_at > e.phase_started_at)")]

    def alert_exists(self, kind: AlertKind, subject_type: str, subject_id: int,
                     due_at: datetime) -> bool:
        return self.s.one("SELECT 1 FROM alerts WHERE kind = ? AND subject_type = ? AND "
                          "subject_id = ? AND due_at = ?",
                          (kind.value, subject_type, subject_id, iso(due_at))) is not None

    def active_dispatches(self) -> list[WatchedDispatch]:
        """Dispatches still running (not cleared or cancelled), with the time their response
        clock started (the originating line's call when known). One awaiting a team has nothing
        to acknowledge yet (``workflow/dispatch_care`` alerts on it): it reads as acknowledged."""
        rows = self.s.all(
            "SELECT d.id, d.episode_id, d.call_id, d.paged_at, "
            "CASE WHEN d.status = 'awaiting' THEN d.paged_at ELSE d.acknowledged_at END "
            "AS acknowledged_at, d.arrived_at, "
            "coalesce(c.origin_received_at, c.received_at) AS received_at "
            "FROM dispatches d JOIN calls c ON c.id = d.call_id "
            "WHERE d.cleared_at IS NULL AND d.cancelled_at IS NULL")
        return [WatchedDispatch.model_validate(dict(r)) for r in rows]


REPOS = {"episode_watch": EpisodeWatch}
