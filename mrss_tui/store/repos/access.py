from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.access import AuditRow
from mrss_tui.store.repos import Repo
from mrss_tui.store.repos.audit import audit_filter


class Access(Repo):
    """Reads for access control and the supervisor's audit viewer."""

    def staff_linked_to_person(self, staff_id: int, person_id: int) -> bool:
        """Is this staff member on an episode team or a dispatch for this person?"""
        return bool(self.s.scalar(
            "SELECT EXISTS (SELECT 1 FROM episodes e JOIN episode_team t ON t.episode_id = e.id "
            "               WHERE e.person_id = :p AND t.staff_id = :s) "
            "    OR EXISTS (SELECT 1 FROM calls c JOIN dispatches d ON d.call_id = c.id "
            "               JOIN dispatch_members m ON m.dispatch_id = d.id "
            "               WHERE c.person_id = :p AND m.staff_id = :s)",
            {"p": person_id, "s": staff_id}))

    def audit_page(self, *, actor: str | None, person_ids: list[int] | None,
                   since: datetime | None, until: datetime | None,
                   limit: int, offset: int) -> list[AuditRow]:
        """One page of the audit log, newest first, with the person's name where there is one.
        Served by the audit_actor / audit_person / audit_at indexes."""
        if person_ids is not None and len(person_ids) > 1:
            where, params = self._newest_of_each(person_ids, actor=actor, since=since,
                                                 until=until, depth=limit + offset)
        else:
            where, params = audit_filter(actor=actor, person_ids=person_ids, since=since,
                                         until=until)
        rows = self.s.all(
            "SELECT a.*, p.name AS person_name FROM audit a "
            f"LEFT JOIN persons p ON p.id = a.person_id {where} "
            "ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?", (*params, limit, offset))
        return [AuditRow.model_validate(dict(r)) for r in rows]

    @staticmethod
    def _newest_of_each(person_ids: list[int], *, actor: str | None, since: datetime | None,
                        until: datetime | None, depth: int) -> tuple[str, list[object]]:
        """The rows of several people (a name search): each person's newest ``depth`` rows,
        read backwards along audit_person(person_id, at), then merged. One IN over all of
        them would read and sort every row of every person (a common first name on a
        ten-year log: tens of thousands) to show one page."""
        parts, params = [], []
        for person_id in person_ids:
            clause, each = audit_filter(actor=actor, person_ids=[person_id], since=since,
                                        until=until)
            parts.append(f"SELECT id FROM (SELECT a.id FROM audit a {clause} "
                         "ORDER BY a.at DESC, a.id DESC LIMIT ?)")
            params += [*each, depth]
        return f"WHERE a.id IN ({' UNION ALL '.join(parts)})", params


REPOS = {"access": Access}
