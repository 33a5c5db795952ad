from __future__ import annotations

from mrss_tui.domain.models import AuditEntry
from mrss_tui.store.repos import Repo


class Conflicts(Repo):
    """What others saved to a record since a given row version (for "someone saved first")."""

    def updates_since(self, entity: str, entity_id: object, version: int) -> list[AuditEntry]:
        """The audited updates that moved ``entity`` past ``version``: every version bump is one
        ``<entity>.update`` audit row, so the v-th such row took the record from v to v+1."""
        rows = self.s.all("SELECT * FROM audit WHERE entity = ? AND entity_id = ? AND action = ? "
                          "ORDER BY id LIMIT -1 OFFSET ?",
                          (entity, str(entity_id), f"{entity}.update", max(version - 1, 0)))
        return [AuditEntry.model_validate(dict(r)) for r in rows]


REPOS = {"conflicts": Conflicts}
