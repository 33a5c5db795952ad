from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import DispatchStatus
from mrss_tui.domain.models import Dispatch, DispatchMember
from mrss_tui.errors import NotFound, ValidationFailed
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo

# Which timestamp column each status fills in.
STATUS_COLUMN = {
    DispatchStatus.ACKNOWLEDGED: "acknowledged_at",
    DispatchStatus.EN_ROUTE: "en_route_at",
    DispatchStatus.ARRIVED: "arrived_at",
    DispatchStatus.CLEARED: "cleared_at",
    DispatchStatus.CANCELLED: "cancelled_at",
}
ORDER = [DispatchStatus.AWAITING, DispatchStatus.PAGED, DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE,
         DispatchStatus.ARRIVED, DispatchStatus.CLEARED]


class Dispatches(Repo):
    def create(
        self, actor: str, *, call_id: int, episode_id: int | None, region: str,
        members: list[tuple[int, str]], at: datetime, le_coresponse: bool = False,
        status: DispatchStatus = DispatchStatus.PAGED, gap_reason: str = "",
    ) -> Dispatch:
        """A dispatch: paged now, or ``AWAITING`` a team (no members; ``at`` is when it was made)."""
        values = {"call_id": call_id, "episode_id": episode_id, "region": region,
                  "status": status.value, "paged_at": iso(at),
                  "le_coresponse": int(le_coresponse), "created_by": actor,
                  "gap_reason": gap_reason, "updated_at": self.s.now()}
        with self.s.atomic():
            dispatch_id = self.s.insert("dispatches", values)
            for staff_id, slot in members:
                self.s.insert("dispatch_members",
                              {"dispatch_id": dispatch_id, "staff_id": staff_id, "slot": slot})
            self.s.audit(actor, "dispatch.create", "dispatch", dispatch_id, after=values,
                         members=[m[0] for m in members])
        return self.get(dispatch_id)

    def get(self, dispatch_id: int) -> Dispatch:
        row = self.s.one("SELECT * FROM dispatches WHERE id = ?", (dispatch_id,))
        if row is None:
            raise NotFound(f"no dispatch #{dispatch_id}")
        return Dispatch.model_validate(dict(row))

    def active_for_call(self, call_id: int) -> Dispatch | None:
        """The call's dispatch still in progress (awaiting, paged ... arrived), if any."""
        row = self.s.one("SELECT * FROM dispatches WHERE call_id = ? AND cleared_at IS NULL "
                         "AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1", (call_id,))
        return Dispatch.model_validate(dict(row)) if row else None

    def active_for_episode(self, episode_id: int) -> Dispatch | None:
        row = self.s.one("SELECT * FROM dispatches WHERE episode_id = ? AND cleared_at IS NULL "
                         "AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1", (episode_id,))
        return Dispatch.model_validate(dict(row)) if row else None

    def start_paging(self, actor: str, dispatch_id: int, at: datetime, *, le_coresponse: bool,
                     gap_reason: str) -> bool:
        """Turn an awaiting dispatch into a paged one; False if it was no longer awaiting."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE dispatches SET status = 'paged', paged_at = ?, le_coresponse = ?, "
                "gap_reason = ?, updated_at = ?, version = version + 1 "
                "WHERE id = ? AND status = 'awaiting'",
                (iso(at), int(le_coresponse), gap_reason, self.s.now(), dispatch_id))
            if cursor.rowcount:
                self.s.audit(actor, "dispatch.paged", "dispatch", dispatch_id, at=iso(at),
                             gap_reason=gap_reason)
        return bool(cursor.rowcount)

    def note_gap(self, actor: str, dispatch_id: int, reason: str) -> None:
        """Why a team lacking a required role was paged (kept with any earlier reason)."""
        with self.s.atomic():
            before = self.get(dispatch_id).gap_reason
            reason = f"{before}; {reason}" if before else reason
            self.s.update_versioned("dispatches", dispatch_id,
                                    {"gap_reason": reason, "updated_at": self.s.now()},
                                    expected_version=None)
            self.s.audit(actor, "dispatch.gap_reason", "dispatch", dispatch_id,
                         before={"gap_reason": before}, after={"gap_reason": reason})

    def awaiting_unalerted(self, created_before: datetime, *,
                           after: tuple[datetime, int] | None = None,
                           limit: int = 200) -> list[Dispatch]:
        """Dispatches still awaiting a team, made strictly before a time, that have no
        awaiting-team alert yet, in (paged_at, id) order after the cursor ``after``.

        The alert filter and the cursor both matter: a LIMIT over rows already handled would
        show the same oldest rows on every run and never reach the newer ones."""
        rows = self.s.all(
            "SELECT * FROM dispatches d WHERE d.status = 'awaiting' AND d.paged_at < ? "
            "AND (d.paged_at, d.id) > (?, ?) AND NOT EXISTS (SELECT 1 FROM alerts a "
            "WHERE a.kind = 'awaiting_team' AND a.subject_type = 'dispatch' "
            "AND a.subject_id = d.id) ORDER BY d.paged_at, d.id LIMIT ?",
            (iso(created_before), *_cursor(after), limit))
        return [Dispatch.model_validate(dict(r)) for r in rows]

    def cancel(self, actor: str, dispatch_id: int, at: datetime, reason: str) -> Dispatch:
        with self.s.atomic():
            current = self.get(dispatch_id)
            if current.status in (DispatchStatus.CLEARED, DispatchStatus.CANCELLED):
                raise ValidationFailed(f"dispatch {dispatch_id} is already {current.status.value}")
            changes = {"status": DispatchStatus.CANCELLED.value, "cancelled_at": iso(at),
                       "cancel_reason": reason, "updated_at": self.s.now()}
            self.s.update_versioned("dispatches", dispatch_id, changes, expected_version=None)
            self.s.audit(actor, "dispatch.cancelled", "dispatch", dispatch_id,
                         before={"status": current.status.value}, after=changes)
        return self.get(dispatch_id)

    def correct_time(self, actor: str, dispatch_id: int, status: DispatchStatus, at: datetime,
                     reason: str) -> Dispatch:
        """Back-date a recorded status time; the audit keeps the original and the reason."""
        column = STATUS_COLUMN[status]
        with self.s.atomic():
            before = self.s.update_versioned(
                "dispatches", dispatch_id, {column: iso(at), "updated_at": self.s.now()},
                expected_version=None)
            self.s.audit(actor, "dispatch.time_corrected", "dispatch", dispatch_id,
                         before={column: before[column]}, after={column: iso(at)},
                         correction_reason=reason)
        return self.get(dispatch_id)

    def busy_staff(self) -> dict[int, int]:
        """Staff on a dispatch still in progress -> that dispatch's call id."""
        return {r[0]: r[1] for r in self.s.all(
            "SELECT m.staff_id, d.call_id FROM dispatches d "
            "JOIN dispatch_members m ON m.dispatch_id = d.id "
            "WHERE d.cleared_at IS NULL AND d.cancelled_at IS NULL ORDER BY d.paged_at")}

    def members(self, dispatch_id: int) -> list[DispatchMember]:
        rows = self.s.all("SELECT * FROM dispatch_members WHERE dispatch_id = ? ORDER BY slot",
                          (dispatch_id,))
        return [DispatchMember.model_validate(dict(r)) for r in rows]

    def set_status(
        self, actor: str, dispatch_id: int, status: DispatchStatus, at: datetime,
        *, expected_version: int | None = None,
    ) -> Dispatch:
        """Record a team status. Statuses only move forward; a skipped one is left empty."""
        if status not in STATUS_COLUMN:
            raise ValidationFailed(f"'{status}' cannot be set by hand")
        with self.s.atomic():
            current = self.get(dispatch_id)
            if current.status in (DispatchStatus.CLEARED, DispatchStatus.CANCELLED):
                raise ValidationFailed(f"dispatch {dispatch_id} is already {current.status.value}")
            if status in ORDER and ORDER.index(status) <= ORDER.index(current.status):
                raise ValidationFailed(
                    f"dispatch {dispatch_id} is already {current.status.value}; cannot go back to "
                    f"{status.value}")
            changes = {"status": status.value, STATUS_COLUMN[status]: iso(at),
                       "updated_at": self.s.now()}
            self.s.update_versioned("dispatches", dispatch_id, changes,
                                    expected_version=expected_version)
            self.s.audit(actor, f"dispatch.{status.value}", "dispatch", dispatch_id,
                         before={"status": current.status.value}, after=changes)
        return self.get(dispatch_id)

    def acknowledge_member(self, actor: str, dispatch_id: int, staff_id: int, at: datetime) -> bool:
        """Record one member's acknowledgement (the first one counts); False if not a member."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE dispatch_members SET acknowledged_at = coalesce(acknowledged_at, ?) "
                "WHERE dispatch_id = ? AND staff_id = ?", (iso(at), dispatch_id, staff_id))
            if cursor.rowcount:
                self.s.audit(actor, "dispatch.member_ack", "dispatch", dispatch_id,
                             staff_id=staff_id, at=iso(at))
        return bool(cursor.rowcount)

    def add_member(self, actor: str, dispatch_id: int, staff_id: int, slot: str) -> bool:
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "INSERT OR IGNORE INTO dispatch_members(dispatch_id, staff_id, slot) VALUES (?, ?, ?)",
                (dispatch_id, staff_id, slot))
            if cursor.rowcount:
                self.s.audit(actor, "dispatch.member_add", "dispatch", dispatch_id,
                             staff_id=staff_id, slot=slot)
        return bool(cursor.rowcount)

    def set_le_coresponse(self, actor: str, dispatch_id: int, value: bool) -> Dispatch:
        with self.s.atomic():
            before = self.s.update_versioned(
                "dispatches", dispatch_id, {"le_coresponse": int(value), "updated_at": self.s.now()},
                expected_version=None)
            self.s.audit(actor, "dispatch.le_coresponse", "dispatch", dispatch_id,
                         before={"le_coresponse": before["le_coresponse"]},
                         after={"le_coresponse": int(value)})
        return self.get(dispatch_id)

    def unacknowledged_since(self, paged_before: datetime, *,
                             after: tuple[datetime, int] | None = None,
                             limit: int = 200) -> list[Dispatch]:
        """Dispatches still only paged (no ack), not escalated, paged strictly before a time,
        in (paged_at, id) order after the cursor ``after`` (so a caller can page through all)."""
        rows = self.s.all(
            "SELECT * FROM dispatches WHERE status = 'paged' AND escalated_at IS NULL "
            "AND paged_at < ? AND (paged_at, id) > (?, ?) ORDER BY paged_at, id LIMIT ?",
            (iso(paged_before), *_cursor(after), limit))
        return [Dispatch.model_validate(dict(r)) for r in rows]

    def mark_escalated(self, actor: str, dispatch_id: int, at: datetime) -> bool:
        """Claim the escalation of a dispatch: exactly one caller (of any process) gets True."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "UPDATE dispatches SET escalated_at = ?, updated_at = ?, version = version + 1 "
                "WHERE id = ? AND escalated_at IS NULL AND status = 'paged'",
                (iso(at), self.s.now(), dispatch_id))
            if cursor.rowcount:
                self.s.audit(actor, "dispatch.escalate", "dispatch", dispatch_id, at=iso(at))
        return bool(cursor.rowcount)


def _cursor(after: tuple[datetime, int] | None) -> tuple[str, int]:
    """(paged_at, id) of the last row a caller has seen, as stored ("" before the first)."""
    return ("", 0) if after is None else (iso(after[0]) or "", after[1])


REPOS = {"dispatches": Dispatches}
