from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import AlertKind, Severity
from mrss_tui.domain.records import Alert
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.errors import NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

OPEN = "acknowledged_at IS NULL AND resolved_at IS NULL"
# Most urgent first; within a severity, what needs a team now (nobody paged, no answer, late),
# then the newest: a new "No team paged" never hides behind a 3-day-old overdue follow-up.
URGENT_FIRST = ("CASE severity WHEN 'urgent' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
                "CASE kind WHEN 'awaiting_team' THEN 0 WHEN 'page_unacknowledged' THEN 1 "
                "WHEN 'page_failed' THEN 1 WHEN 'page_unconfirmed' THEN 1 "
                "WHEN 'arrival_past_target' THEN 2 ELSE 3 END, due_at DESC, id DESC")


class Alerts(Repo):
    def raise_once(
        self, raised_by: str, *, kind: AlertKind, subject_type: str, subject_id: int,
        due_at: datetime, severity: Severity, message: str,
    ) -> Alert | None:
        """Insert the alert unless one with the same (kind, subject, due time) exists.

        The UNIQUE key makes this safe from any number of processes at once: exactly one insert
        wins. Returns the new alert, or None when it was already raised. ``message`` must not
        carry PHI (refer to call/episode numbers only).
        """
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "INSERT OR IGNORE INTO alerts(kind, subject_type, subject_id, due_at, severity, "
                "message, raised_at, raised_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (kind.value, subject_type, subject_id, iso(due_at), severity.value, message,
                 self.s.now(), raised_by))
            if not cursor.rowcount:
                return None
            alert_id = int(cursor.lastrowid)
            self.s.audit(raised_by, "alert.raise", "alert", alert_id, kind=kind.value,
                         subject=f"{subject_type}:{subject_id}")
        return self.get(alert_id)

    def get(self, alert_id: int) -> Alert:
        row = self.s.one("SELECT * FROM alerts WHERE id = ?", (alert_id,))
        if row is None:
            raise NotFound(f"no alert #{alert_id}")
        return from_row(Alert, row)

    def open(self, now: datetime, limit: int = 100) -> list[Alert]:
        """Open alerts not snoozed at ``now``, most urgent first."""
        rows = self.s.all(
            f"SELECT * FROM alerts WHERE {OPEN} AND (snoozed_until IS NULL OR snoozed_until <= ?) "
            f"ORDER BY {URGENT_FIRST} "
            "LIMIT ?",
            (iso(now), limit))
        return [from_row(Alert, r) for r in rows]

    def open_for_staff(self, now: datetime, staff_id: int, limit: int = 100) -> list[Alert]:
        """Open alerts about the episodes, follow-ups and dispatches a staff member is on."""
        # Each open alert (few) is tested against the staff member's teams by primary key,
        # instead of listing every episode and follow-up they ever had (100k+ at ten years).
        rows = self.s.all(
            f"SELECT * FROM alerts a WHERE {OPEN} AND (snoozed_until IS NULL OR snoozed_until <= :now) "
            "AND ((subject_type = 'episode' AND EXISTS (SELECT 1 FROM episode_team t "
            "      WHERE t.episode_id = a.subject_id AND t.staff_id = :staff)) "
            "  OR (subject_type = 'followup' AND EXISTS (SELECT 1 FROM followups f "
            "      JOIN episode_team t ON t.episode_id = f.episode_id "
            "      WHERE f.id = a.subject_id AND t.staff_id = :staff)) "
            "  OR (subject_type = 'dispatch' AND EXISTS (SELECT 1 FROM dispatch_members m "
            "      WHERE m.dispatch_id = a.subject_id AND m.staff_id = :staff))) "
            f"ORDER BY {URGENT_FIRST} "
            "LIMIT :limit", {"now": iso(now), "staff": staff_id, "limit": limit})
        return [from_row(Alert, r) for r in rows]

    def open_for_subject(self, subject_type: str, subject_id: int) -> list[Alert]:
        """Alerts about one subject that are not resolved yet (acknowledged ones included)."""
        rows = self.s.all("SELECT * FROM alerts WHERE subject_type = ? AND subject_id = ? "
                          "AND resolved_at IS NULL",
                          (subject_type, subject_id))
        return [from_row(Alert, r) for r in rows]

    def acknowledge(self, actor: str, alert_id: int) -> Alert:
        with self.s.atomic():
            self.get(alert_id)
            self.s.conn.execute(
                "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND "
                "acknowledged_at IS NULL", (self.s.now(), actor, alert_id))
            self.s.audit(actor, "alert.acknowledge", "alert", alert_id)
        return self.get(alert_id)

    def snooze(self, actor: str, alert_id: int, until: datetime) -> Alert:
        with self.s.atomic():
            self.get(alert_id)
            self.s.conn.execute("UPDATE alerts SET snoozed_until = ? WHERE id = ?",
                                (iso(until), alert_id))
            self.s.audit(actor, "alert.snooze", "alert", alert_id, until=iso(until))
        return self.get(alert_id)

    def resolve(self, actor: str, alert_id: int) -> None:
        """Mark an alert moot (its cause went away, e.g. the follow-up was done)."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
                (self.s.now(), alert_id))
            if cursor.rowcount:
                self.s.audit(actor, "alert.resolve", "alert", alert_id)


REPOS = {"alerts": Alerts}
