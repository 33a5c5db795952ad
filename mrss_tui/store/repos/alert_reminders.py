"""Reminders of urgent alerts to on-call staff: rows in the ``pages`` outbox (kind
'alert_reminder', one per alert and person by a unique index), claimed before sending so two
workers never send the same one."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.models import Alert
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo
from mrss_tui.store.repos.alerts import OPEN as ALERT_OPEN

KIND = "alert_reminder"


class QueuedReminder(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    alert_id: int
    staff_id: int
    paging_url: str
    body: str
    attempts: int


class AlertReminders(Repo):
    def unreminded_urgent(self, limit: int = 50) -> list[Alert]:
        """Open urgent alerts nobody has been reminded of yet."""
        rows = self.s.all(
            f"SELECT * FROM alerts a WHERE {ALERT_OPEN} AND severity = 'urgent' AND NOT EXISTS "
            "(SELECT 1 FROM pages p WHERE p.alert_id = a.id) ORDER BY due_at LIMIT ?", (limit,))
        return [Alert.model_validate(dict(r)) for r in rows]

    def region_of(self, alert: Alert) -> str | None:
        """The region of the call behind the alert's subject (None when it cannot be told)."""
        sql = {
            "followup": "SELECT c.region FROM followups f JOIN episodes e ON e.id = f.episode_id "
                        "JOIN calls c ON c.id = e.call_id WHERE f.id = ?",
            "episode": "SELECT c.region FROM episodes e JOIN calls c ON c.id = e.call_id "
                       "WHERE e.id = ?",
            "dispatch": "SELECT region FROM dispatches WHERE id = ?",
        }.get(alert.subject_type)
        return (self.s.scalar(sql, (alert.subject_id,)) or None) if sql else None

    def queue(self, actor: str, alert_id: int, staff_ids: list[int], body: str) -> int:
        """Queue one reminder per person; repeats (from any process) are ignored."""
        queued = 0
        with self.s.atomic():
            for staff_id in staff_ids:
                cursor = self.s.conn.execute(
                    "INSERT OR IGNORE INTO pages(alert_id, staff_id, kind, body, status, "
                    "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
                    (alert_id, staff_id, KIND, body, self.s.now(), self.s.now()))
                queued += cursor.rowcount
            if queued:
                self.s.audit(actor, "alert.reminder_queue", "alert", alert_id, staff=staff_ids)
        return queued

    def claim(self, worker: str, now: datetime, lease: timedelta, limit: int = 20
              ) -> list[QueuedReminder]:
        """Take the queued reminders that are due and not held by another worker."""
        with self.s.atomic():
            rows = self.s.all(
                "SELECT p.id, p.alert_id, p.staff_id, st.paging_url, p.body, p.attempts "
                "FROM pages p JOIN staff st ON st.id = p.staff_id "
                "WHERE p.status = 'queued' AND p.kind = ? AND p.next_attempt_at <= ? "
                "AND (p.claimed_until IS NULL OR p.claimed_until < ?) ORDER BY p.created_at LIMIT ?",
                (KIND, iso(now), iso(now), limit))
            for row in rows:
                self.s.conn.execute("UPDATE pages SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                                    (worker, iso(now + lease), row["id"]))
        return [QueuedReminder.model_validate(dict(r)) for r in rows]

    def sent(self, actor: str, page_id: int, at: datetime) -> None:
        with self.s.atomic():
            self.s.conn.execute(
                "UPDATE pages SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                "claimed_by = NULL, claimed_until = NULL WHERE id = ?", (iso(at), page_id))
            self.s.audit(actor, "page.sent", "page", page_id, kind=KIND)

    def failed(self, actor: str, page_id: int, error: str, retry_at: datetime | None) -> None:
        """Record a failed attempt: retried at ``retry_at``, or given up when it is None."""
        with self.s.atomic():
            self.s.conn.execute(
                "UPDATE pages SET status = ?, attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                ("queued" if retry_at else "failed", error[:200], iso(retry_at), page_id))
            self.s.audit(actor, "page.failed", "page", page_id, kind=KIND, gave_up=retry_at is None)


REPOS = {"alert_reminders": AlertReminders}
