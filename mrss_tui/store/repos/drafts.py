from __future__ import annotations

import json
from typing import Any

from mrss_tui.domain.records import Draft
from mrss_tui.domain.stored_rows import from_row
from mrss_tui.store.repos import Repo


class Drafts(Repo):
    """Autosaved form state, one row per (staff, form).

    Drafts are scratch copies of what one person is typing, written about once a second; they
    are not audited row by row (the record they become is). They hold PHI like any other table.
    """

    def save(self, staff_login: str, form: str, payload: dict[str, Any]) -> None:
        with self.s.atomic():
            self.s.conn.execute(
                "INSERT INTO drafts(staff_login, form, payload, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(staff_login, form) DO UPDATE SET payload = excluded.payload, "
                "updated_at = excluded.updated_at",
                (staff_login, form, json.dumps(payload, default=str), self.s.now()))

    def get(self, staff_login: str, form: str) -> Draft | None:
        row = self.s.one("SELECT * FROM drafts WHERE staff_login = ? AND form = ?",
                         (staff_login, form))
        return None if row is None else from_row(Draft, row)

    def for_staff(self, staff_login: str) -> list[Draft]:
        rows = self.s.all("SELECT * FROM drafts WHERE staff_login = ? ORDER BY updated_at DESC",
                          (staff_login,))
        return [from_row(Draft, r) for r in rows]

    def discard(self, staff_login: str, form: str) -> None:
        with self.s.atomic():
            self.s.conn.execute("DELETE FROM drafts WHERE staff_login = ? AND form = ?",
                                (staff_login, form))


REPOS = {"drafts": Drafts}
