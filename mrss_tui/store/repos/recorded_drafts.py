from __future__ import annotations

from mrss_tui.store.repos import Repo


class RecordedDrafts(Repo):
    """Which intake (by its draft id) became which call: a draft becomes a call only once."""

    def call_for(self, draft_id: str) -> int | None:
        return self.s.scalar("SELECT call_id FROM recorded_drafts WHERE draft_id = ?",
                             (draft_id,))

    def mark(self, draft_id: str, call_id: int) -> None:
        """Inside the transaction that stores the call; a second mark raises IntegrityError."""
        self.s.conn.execute(
            "INSERT INTO recorded_drafts(draft_id, call_id, recorded_at) VALUES (?, ?, ?)",
            (draft_id, call_id, self.s.now()))


REPOS = {"recorded_drafts": RecordedDrafts}
