from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.models import AuditEntry
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


class AuditLog(Repo):
    def record_view(self, actor: str, entity: str, entity_id: object, person_id: int | None) -> None:
        """Access accounting: opening a person's record is itself recorded."""
        with self.s.atomic():
            self.s.audit(actor, f"{entity}.view", entity, entity_id, person_id=person_id)

    def find(
        self, *, actor: str | None = None, person_id: int | None = None,
        since: datetime | None = None, until: datetime | None = None,
        limit: int = 200, offset: int = 0,
    ) -> list[AuditEntry]:
        where, params = [], []
        if actor:
            where.append("actor = ?")
            params.append(actor)
        if person_id is not None:
            where.append("person_id = ?")
            params.append(person_id)
        if since is not None:
            where.append("at >= ?")
            params.append(iso(since))
        if until is not None:
            where.append("at < ?")
            params.append(iso(until))
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        rows = self.s.all(f"SELECT * FROM audit {clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                          (*params, limit, offset))
        return [AuditEntry.model_validate(dict(r)) for r in rows]

    def count(self) -> int:
        return int(self.s.scalar("SELECT count(*) FROM audit"))


REPOS = {"audit_log": AuditLog}
