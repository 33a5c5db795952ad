from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.models import AuditEntry
from mrss_tui.store.db import iso
from mrss_tui.store.repos import Repo


def audit_filter(*, actor: str | None, person_ids: list[int] | None, since: datetime | None,
                 until: datetime | None) -> tuple[str, list[object]]:
    """The WHERE clause (over ``audit a``) shared by every audit query: each condition is
    served by one of the audit_actor / audit_person / audit_at indexes."""
    where: list[str] = []
    params: list[object] = []
    if actor:
        where.append("a.actor = ?")
        params.append(actor)
    if person_ids is not None:
        where.append(f"a.person_id IN ({', '.join('?' for _ in person_ids) or 'NULL'})")
        params.extend(person_ids)
    if since is not None:
        where.append("a.at >= ?")
        params.append(iso(since))
    if until is not None:
        where.append("a.at < ?")
        params.append(iso(until))
    return ("WHERE " + " AND ".join(where)) if where else "", params


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
        clause, params = audit_filter(actor=actor, since=since, until=until,
                                      person_ids=None if person_id is None else [person_id])
        rows = self.s.all(f"SELECT * FROM audit a {clause} ORDER BY a.at DESC, a.id DESC "
                          "LIMIT ? OFFSET ?", (*params, limit, offset))
        return [AuditEntry.model_validate(dict(r)) for r in rows]

    def count(self) -> int:
        return int(self.s.scalar("SELECT count(*) FROM audit"))


REPOS = {"audit_log": AuditLog}
