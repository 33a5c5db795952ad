from __future__ import annotations

from mrss_tui.domain.ssh_keys import PublicKey, SshKey
from mrss_tui.store.repos import Repo

_SELECT = ("SELECT k.*, s.login, s.name FROM ssh_keys k JOIN staff s ON s.id = k.staff_id ")
_META_FILE, _META_WRAPPER = "ssh.authorized_keys", "ssh.wrapper"


class SshKeys(Repo):
    """Staff SSH keys (the record behind the service account's authorized_keys file)."""

    def add(self, actor: str, staff_id: int, key: PublicKey) -> SshKey:
        values = {"staff_id": staff_id, "key_type": key.key_type, "key_data": key.key_data,
                  "comment": key.comment, "fingerprint": key.fingerprint,
                  "added_at": self.s.now(), "added_by": actor}
        with self.s.atomic():
            key_id = self.s.insert("ssh_keys", values)
            self.s.audit(actor, "ssh_key.add", "ssh_key", key_id, staff_id=staff_id,
                         fingerprint=key.fingerprint)
        return self.get(key_id)

    def get(self, key_id: int) -> SshKey:
        return SshKey.model_validate(dict(self.s.one(_SELECT + "WHERE k.id = ?", (key_id,))))

    def live_with_data(self, key_data: str) -> SshKey | None:
        row = self.s.one(_SELECT + "WHERE k.key_data = ? AND k.revoked_at IS NULL", (key_data,))
        return None if row is None else SshKey.model_validate(dict(row))

    def live(self, staff_id: int | None = None) -> list[SshKey]:
        where = "WHERE k.revoked_at IS NULL" + (" AND k.staff_id = ?" if staff_id else "")
        rows = self.s.all(_SELECT + where + " ORDER BY s.login, k.id",(staff_id,) if staff_id else ())
        return [SshKey.model_validate(dict(r)) for r in rows]

    def every(self) -> list[SshKey]:
        rows = self.s.all(_SELECT + "ORDER BY k.revoked_at IS NOT NULL, s.login, k.id")
        return [SshKey.model_validate(dict(r)) for r in rows]

    def revoke_all_of(self, actor: str, staff_id: int) -> list[SshKey]:
        """Mark every live key of a staff member revoked; returns what was revoked."""
        with self.s.atomic():
            keys = self.live(staff_id)
            for key in keys:
                self.s.conn.execute("UPDATE ssh_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                                    (self.s.now(), actor, key.id))
                self.s.audit(actor, "ssh_key.revoke", "ssh_key", key.id, staff_id=staff_id,
                             fingerprint=key.fingerprint)
        return keys

    # Where the authorized_keys file and the wrapper are, remembered by the first `ssh-key add`.
    def files(self) -> tuple[str, str] | None:
        rows = dict(self.s.all("SELECT key, value FROM app_meta WHERE key IN (?, ?)",
                               (_META_FILE, _META_WRAPPER)))
        if _META_FILE not in rows or _META_WRAPPER not in rows:
            return None
        return rows[_META_FILE], rows[_META_WRAPPER]

    def remember_files(self, actor: str, authorized_keys: str, wrapper: str) -> None:
        if self.files() == (authorized_keys, wrapper):
            return
        with self.s.atomic():
            for key, value in ((_META_FILE, authorized_keys), (_META_WRAPPER, wrapper)):
                self.s.conn.execute("INSERT INTO app_meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                                    "DO UPDATE SET value = excluded.value", (key, value))
            self.s.audit(actor, "ssh_key.files", "app_meta", "ssh",
                         authorized_keys=authorized_keys, wrapper=wrapper)


REPOS = {"ssh_keys": SshKeys}
