from __future__ import annotations

from mrss_tui.store.repos import Repo


class UnlockSecrets(Repo):
    """The idle-lock secret of each staff member (a scrypt hash; never listed with staff)."""

    def get(self, staff_id: int) -> str:
        return str(self.s.scalar("SELECT unlock_secret FROM staff WHERE id = ?", (staff_id,)) or "")

    def set(self, actor: str, staff_id: int, hashed: str) -> None:
        with self.s.atomic():
            self.s.conn.execute("UPDATE staff SET unlock_secret = ? WHERE id = ?",
                                (hashed, staff_id))
            self.s.audit(actor, "staff.unlock_secret", "staff", staff_id)  # never the hash


REPOS = {"unlock_secrets": UnlockSecrets}
