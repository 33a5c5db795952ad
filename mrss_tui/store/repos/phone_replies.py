"""Answers to pages from a phone: the single-use record behind each link and SMS reply."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.phone_actions import PhoneReply
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class PhoneReplies(Repo):
    def record(self, actor: str, *, reply_key: str, channel: str, page_id: int, dispatch_id: int,
               staff_id: int, action: str, at: datetime, eta_minutes: int | None = None) -> bool:
        """Record one answer; False (and nothing written) when this key was used already."""
        with self.s.atomic():
            cursor = self.s.conn.execute(
                "INSERT INTO phone_replies(reply_key, channel, page_id, dispatch_id, staff_id, "
                "action, eta_minutes, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(reply_key) DO NOTHING",
                (reply_key, channel, page_id, dispatch_id, staff_id, action, eta_minutes, iso(at)))
            if cursor.rowcount:
                self.s.audit(actor, "dispatch.phone_reply", "dispatch", dispatch_id,
                             channel=channel, answer=action, page_id=page_id, staff_id=staff_id,
                             eta_minutes=eta_minutes)
        return bool(cursor.rowcount)

    def for_dispatch(self, dispatch_id: int) -> list[PhoneReply]:
        rows = self.s.all("SELECT * FROM phone_replies WHERE dispatch_id = ? ORDER BY id",
                          (dispatch_id,))
        return [from_row(PhoneReply, r) for r in rows]

    def latest(self, dispatch_ids: list[int]) -> dict[int, tuple[str, str]]:
        """Each dispatch's latest phone answer as (channel, action), for the board."""
        if not dispatch_ids:
            return {}
        marks = ",".join("?" * len(dispatch_ids))
        rows = self.s.all(
            f"SELECT dispatch_id, channel, action FROM phone_replies WHERE id IN ("
            f"SELECT max(id) FROM phone_replies WHERE dispatch_id IN ({marks}) "
            f"GROUP BY dispatch_id)", tuple(dispatch_ids))
        return {r["dispatch_id"]: (r["channel"], r["action"]) for r in rows}


REPOS = {"phone_replies": PhoneReplies}
