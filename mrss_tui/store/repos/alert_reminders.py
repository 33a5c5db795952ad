"""Reminders of urgent alerts to on-call staff: rows in the ``pages`` outbox (kind
'alert_reminder', one per alert and person by a unique index), sent by the one page sender."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.records import Alert
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo
from mrss_tui.store.repos.alerts import OPEN as ALERT_OPEN

KIND = "alert_reminder"


class AlertReminders(Repo):
    def unreminded_urgent(self, *, after: tuple[datetime, int] | None = None,
                          limit: int = 200) -> list[Alert]:
        """Open urgent alerts nobody has been reminded of yet, in (due_at, id) order after the
        cursor ``after``: one that could not be reminded (nobody on call) never hides the rest."""
        cursor = ("", 0) if after is None else (iso(after[0]), after[1])
        rows = self.s.all(
            f"SELECT * FROM alerts a WHERE {ALERT_OPEN} AND severity = 'urgent' AND NOT EXISTS "
            "(SELECT 1 FROM pages p WHERE p.alert_id = a.id) AND (due_at, id) > (?, ?) "
            "ORDER BY due_at, id LIMIT ?", (*cursor, limit))
        return [from_row(Alert, r) for r in rows]

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


REPOS = {"alert_reminders": AlertReminders}
