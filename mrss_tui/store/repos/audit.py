from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.models import AuditEntry
from mrss_tui.store.db import iso, parse_iso
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
        self.record_access(actor, f"{entity}.view", entity, entity_id, [person_id])

    def record_access(self, actor: str, action: str, entity: str, entity_id: object,
                      person_ids: list[int], **detail: object) -> None:
        """One row for one screen open, search or print, with every person it revealed."""
        people = sorted({p for p in person_ids if p is not None})
        with self.s.atomic():
            self.s.audit(actor, action, entity, entity_id,
                         person_id=people[0] if len(people) == 1 else None,
                         person_ids=people, **detail)
            audit_id = self.s.scalar("SELECT max(id) FROM audit")
            self.s.conn.executemany("INSERT INTO audit_people(person_id, audit_id) VALUES (?, ?)",
                                    [(p, audit_id) for p in people])

    def disclosures(self, person_id: int, limit: int = 10_000) -> list[AuditEntry]:
        """Every row that wrote, showed, printed or sent something about this person, oldest
        first (audit_person and the audit_people key serve it)."""
        rows = self.s.all(
            "SELECT * FROM audit WHERE id IN ("
            "  SELECT id FROM audit WHERE person_id = :p"
            "  UNION SELECT audit_id FROM audit_people WHERE person_id = :p) "
            "ORDER BY at, id LIMIT :limit", {"p": person_id, "limit": limit})
        return [AuditEntry.model_validate(dict(r)) for r in rows]

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

    def newest_at(self) -> datetime | None:
        """When the last write happened: every write adds an audit row in its transaction (by
        rowid, so one index step at ten years)."""
        at = self.s.scalar("SELECT at FROM audit ORDER BY id DESC LIMIT 1")
        return parse_iso(at) if at else None


REPOS = {"audit_log": AuditLog}
