"""The paging outbox: one row per page, claimed atomically so several processes can send."""

from __future__ import annotations

from datetime import datetime, timedelta

from mrss_tui.domain.enums import AlertKind, PageStatus
from mrss_tui.domain.models import Page
from mrss_tui.domain.paging import PageToSend
from mrss_tui.errors import NotFound
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class Pages(Repo):
    def enqueue(self, actor: str, *, dispatch_id: int | None, staff_id: int, body: str,
                at: datetime, kind: str = "dispatch") -> Page:
        values = {"dispatch_id": dispatch_id, "staff_id": staff_id, "kind": kind, "body": body,
                  "status": PageStatus.QUEUED.value, "attempts": 0, "next_attempt_at": iso(at),
                  "created_at": iso(at)}
        with self.s.atomic():
            page_id = self.s.insert("pages", values)
            # The body holds what the team needs to go; keep it out of the audit detail.
            self.s.audit(actor, "page.queue", "page", page_id, dispatch_id=dispatch_id,
                         staff_id=staff_id, kind=kind, person_id=self._person_of(page_id))
        return self.get(page_id)

    def _person_of(self, page_id: int) -> int | None:
        """Whom a page is about (for the accounting of disclosures)."""
        return self.s.scalar(
            "SELECT c.person_id FROM pages p JOIN dispatches d ON d.id = p.dispatch_id "
            "JOIN calls c ON c.id = d.call_id WHERE p.id = ?", (page_id,))

    def get(self, page_id: int) -> Page:
        row = self.s.one("SELECT * FROM pages WHERE id = ?", (page_id,))
        if row is None:
            raise NotFound(f"no page #{page_id}")
        return Page.model_validate(dict(row))

    def for_dispatch(self, dispatch_id: int) -> list[Page]:
        rows = self.s.all("SELECT * FROM pages WHERE dispatch_id = ? ORDER BY id", (dispatch_id,))
        return [Page.model_validate(dict(r)) for r in rows]

    def claim_due(self, worker: str, now: datetime, *, lease: timedelta,
                  limit: int = 20) -> list[PageToSend]:
        """Take up to ``limit`` due pages (dispatch pages and alert reminders) for ``worker``
        until ``now + lease``.

        One UPDATE inside BEGIN IMMEDIATE: two processes never claim the same row. A claim
        whose worker died is NOT taken here (its send may have gone out): see ``take_lost``.
        """
        with self.s.atomic():
            rows = self.s.all(
                "UPDATE pages SET claimed_by = :worker, claimed_until = :until "
                "WHERE id IN (SELECT id FROM pages WHERE status = 'queued' "
                "  AND next_attempt_at <= :now AND claimed_by IS NULL "
                "  ORDER BY next_attempt_at LIMIT :limit) "
                "RETURNING *",
                {"worker": worker, "until": iso(now + lease), "now": iso(now), "limit": limit})
            return self._to_send(rows)

    def renew_claims(self, worker: str, page_ids: list[int], until: datetime) -> None:
        """Extend the claims ``worker`` still holds on pages whose sends are running."""
        if not page_ids:
            return
        with self.s.atomic():
            self.s.conn.execute(
                "UPDATE pages SET claimed_until = ? WHERE claimed_by = ? AND status = 'queued' "
                f"AND id IN ({','.join('?' * len(page_ids))})", (iso(until), worker, *page_ids))

    def take_lost(self, worker: str, now: datetime, *, lease: timedelta,
                  limit: int = 20) -> list[PageToSend]:
        """Take over claims that outlived their sender (it may have sent before it died)."""
        with self.s.atomic():
            rows = self.s.all(
                "UPDATE pages SET claimed_by = :worker, claimed_until = :until "
                "WHERE id IN (SELECT id FROM pages WHERE status = 'queued' "
                "  AND claimed_by IS NOT NULL AND claimed_until <= :now "
                "  ORDER BY claimed_until LIMIT :limit) "
                "RETURNING *",
                {"worker": worker, "until": iso(now + lease), "now": iso(now), "limit": limit})
            for row in rows:
                self.s.audit("system", "page.claim_lost", "page", row["id"])
            return self._to_send(rows)

    def _to_send(self, rows: list) -> list[PageToSend]:
        claimed = [Page.model_validate(dict(r)) for r in rows]
        if not claimed:
            return []
        staff = {r[0]: (r[1], r[2]) for r in self.s.all(
            "SELECT id, paging_url, name FROM staff WHERE id IN (%s)"
            % ",".join("?" * len(claimed)), tuple(p.staff_id for p in claimed))}
        return [PageToSend(page=p, url=staff.get(p.staff_id, ("", ""))[0],
                           title=p.body.splitlines()[0], name=staff.get(p.staff_id, ("", ""))[1])
                for p in sorted(claimed, key=lambda p: p.id)]

    def count_resend(self, worker: str, page_id: int) -> None:
        """A page whose earlier send may have arrived is sent again: count it."""
        with self.s.atomic():
            self.s.conn.execute("UPDATE pages SET resends = resends + 1 WHERE id = ? "
                                "AND claimed_by = ?", (page_id, worker))
            self.s.audit("system", "page.resend", "page", page_id)

    def record_unknown(self, worker: str, page_id: int, at: datetime, error: str) -> bool:
        """The request went out and no answer came: delivery not confirmed, not re-sent."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE pages SET status = 'unknown', attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND claimed_by = ? AND status = 'queued'", (error, page_id, worker))
            if cursor.rowcount:
                self.s.audit("system", "page.unknown", "page", page_id, error=error, at=iso(at))
        return bool(cursor.rowcount)

    def stop_retries(self, actor: str, at: datetime, dispatch_id: int | None = None) -> int:
        """End the retries of pages whose dispatch no longer needs them (acknowledged, en route,
        arrived, cleared or cancelled). First attempts (a member added later) still go out."""
        where = "AND d.id = ?" if dispatch_id is not None else ""
        params = (dispatch_id,) if dispatch_id is not None else ()
        with self.s.atomic():
            ids = [r[0] for r in self.s.all(
                "SELECT p.id FROM pages p JOIN dispatches d ON d.id = p.dispatch_id "
                "WHERE p.status = 'queued' AND p.claimed_by IS NULL "
                "AND (p.attempts > 0 OR d.status IN ('cleared', 'cancelled')) "
                f"AND d.status NOT IN ('awaiting', 'paged') {where}", params)]
            for page_id in ids:
                self.s.conn.execute("UPDATE pages SET status = 'stopped', next_attempt_at = NULL "
                                    "WHERE id = ?", (page_id,))
                self.s.audit(actor, "page.stopped", "page", page_id, at=iso(at))
        return len(ids)

    def record_sent(self, worker: str, page_id: int, at: datetime) -> bool:
        """Mark a claimed page sent; False if the claim was lost (another worker took it)."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE pages SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                "last_error = '', claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND claimed_by = ? AND status = 'queued'", (iso(at), page_id, worker))
            if cursor.rowcount:  # a disclosure: the page text names the person
                self.s.audit("system", "page.sent", "page", page_id,
                             person_id=self._person_of(page_id))
        return bool(cursor.rowcount)

    def record_failure(self, worker: str, page_id: int, at: datetime, error: str,
                       retry_at: datetime | None) -> Page | None:
        """Count a failed attempt: queue it again at ``retry_at``, or mark it failed if None."""
        status = PageStatus.QUEUED if retry_at is not None else PageStatus.FAILED
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE pages SET status = ?, attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND claimed_by = ? AND status = 'queued'",
                (status.value, error, iso(retry_at), page_id, worker))
            if not cursor.rowcount:
                return None
            self.s.audit("system", "page.failed" if retry_at is None else "page.retry", "page",
                         page_id, error=error, next_attempt_at=iso(retry_at), at=iso(at))
        return self.get(page_id)

    def retry_now(self, actor: str, page_id: int, at: datetime) -> Page:
        """Put a failed or unconfirmed page back in the queue (a person asked for it)."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE pages SET status = 'queued', attempts = 0, next_attempt_at = ? "
                "WHERE id = ? AND status IN ('failed', 'unknown')", (iso(at), page_id))
            if cursor.rowcount:
                self.s.audit(actor, "page.requeue", "page", page_id)
        return self.get(page_id)

    def unresolved_alert(self, kind: AlertKind, subject_type: str, subject_id: int) -> int | None:
        """The id of a paging alert still open for a subject (to resolve it when moot)."""
        return self.s.scalar(
            "SELECT id FROM alerts WHERE kind = ? AND subject_type = ? AND subject_id = ? "
            "AND resolved_at IS NULL", (kind.value, subject_type, subject_id))


REPOS = {"pages": Pages}
