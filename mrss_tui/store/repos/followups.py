from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.enums import FollowupOrigin
from mrss_tui.domain.models import Followup
from mrss_tui.errors import NotFound, ValidationFailed
from mrss_tui.store.db import iso, parse_iso
from mrss_tui.store.repos import Repo

# Still to do: the partial index followups_pending (v0003) holds exactly these rows.
PENDING = "done_at IS NULL AND cancelled_at IS NULL"


class Followups(Repo):
    def add(
        self, actor: str, *, episode_id: int, due_at: datetime, kind: str,
        origin: FollowupOrigin = FollowupOrigin.MANUAL, assigned_to: int | None = None,
        note: str = "", window_reason: str = "",
    ) -> Followup | None:
        """Add a follow-up; returns None if the same (episode, kind, due time) already exists,
        so rule-made follow-ups can be ensured again and again without duplicates."""
        values = {"episode_id": episode_id, "due_at": iso(due_at), "kind": kind,
                  "origin": origin.value, "assigned_to": assigned_to, "note": note,
                  "created_by": actor, "created_at": self.s.now(), "window_reason": window_reason}
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "INSERT OR IGNORE INTO followups(episode_id, due_at, kind, origin, assigned_to, "
                "note, created_by, created_at, window_reason) VALUES (:episode_id, :due_at, :kind, "
                ":origin, :assigned_to, :note, :created_by, :created_at, :window_reason)", values)
            if not cursor.rowcount:
                return None
            followup_id = int(cursor.lastrowid)
            self.s.audit(actor, "followup.create", "followup", followup_id, after=values)
        return self.get(followup_id)

    def get(self, followup_id: int) -> Followup:
        row = self.s.one("SELECT * FROM followups WHERE id = ?", (followup_id,))
        if row is None:
            raise NotFound(f"no follow-up #{followup_id}")
        return Followup.model_validate(dict(row))

    def complete(self, actor: str, followup_id: int, *, at: datetime, contact_id: int | None,
                 expected_version: int | None = None) -> Followup:
        """Mark done, linking the contact that completed it."""
        with self.s.atomic():
            current = self.get(followup_id)
            if current.done_at is not None:
                raise ValidationFailed(f"follow-up #{followup_id} is already done")
            if self.s.scalar("SELECT cancelled_at FROM followups WHERE id = ?", (followup_id,)):
                raise ValidationFailed(f"follow-up #{followup_id} was cancelled when its episode "
                                       "closed")
            changes = {"done_at": iso(at), "done_by": actor, "contact_id": contact_id}
            self.s.update_versioned("followups", followup_id, changes,
                                    expected_version=expected_version)
            self.s.audit(actor, "followup.complete", "followup", followup_id,
                         episode_id=current.episode_id, after=changes)
        return self.get(followup_id)

    def for_episode(self, episode_id: int) -> list[Followup]:
        rows = self.s.all("SELECT * FROM followups WHERE episode_id = ? ORDER BY due_at, id",
                          (episode_id,))
        return [Followup.model_validate(dict(r)) for r in rows]

    def open_due_before(self, at: datetime, limit: int = 500) -> list[Followup]:
        """Still to do (not done, not cancelled) and due strictly before ``at`` (overdue when
        ``at`` is now)."""
        rows = self.s.all(
            f"SELECT * FROM followups WHERE {PENDING} AND due_at < ? ORDER BY due_at LIMIT ?",
            (iso(at), limit))
        return [Followup.model_validate(dict(r)) for r in rows]

    def keys_for_episode(self, episode_id: int) -> set[tuple[str, datetime]]:
        """(kind, due time) of every follow-up of the episode: the unique key rules check."""
        return {(r[0], parse_iso(r[1])) for r in self.s.all(
            "SELECT kind, due_at FROM followups WHERE episode_id = ?", (episode_id,))}

    def pending_for_episode(self, episode_id: int) -> list[Followup]:
        rows = self.s.all(f"SELECT * FROM followups WHERE episode_id = ? AND {PENDING} "
                          "ORDER BY due_at, id", (episode_id,))
        return [Followup.model_validate(dict(r)) for r in rows]

    def cancel_pending(self, actor: str, episode_id: int, at: datetime,
                       keep_kinds: tuple[str, ...] = ()) -> int:
        """Closing an episode cancels what is still to do, so it stops counting as overdue;
        follow-ups of ``keep_kinds`` (did they connect to care?) outlive the closing."""
        where = f"episode_id = ? AND {PENDING}"
        if keep_kinds:  # (NOT IN an empty list would be NOT IN (NULL): true for no row at all)
            where += f" AND kind NOT IN ({','.join('?' * len(keep_kinds))})"
        with self.s.atomic():
            ids = [r[0] for r in self.s.all(f"SELECT id FROM followups WHERE {where}",
                                            (episode_id, *keep_kinds))]
            if ids:
                self.s.conn.execute(
                    f"UPDATE followups SET cancelled_at = ?, version = version + 1 WHERE {where}",
                    (iso(at), episode_id, *keep_kinds))
                self.s.audit(actor, "followup.cancel", "episode", episode_id, followups=ids)
        return len(ids)


REPOS = {"followups": Followups}
